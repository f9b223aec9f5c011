/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_membership's pure helpers: which heartbeat link is up, who the peer
 * is, when the local node is isolated.  The inputs are what
 * hb_membership_read() fills from corosync; the values below are the ones
 * seen in the netns lab (node1 local, knet reporting its loopback link as
 * connected and link1 to itself as not). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hb_membership.h"

static void
set_link(struct hb_member_node *n, unsigned l, const char *addr, bool connected)
{
	n->links[l].configured = true;
	n->links[l].enabled = true;
	n->links[l].connected = connected;
	snprintf(n->links[l].addr, sizeof(n->links[l].addr), "%s", addr);
}

/* node1 (local) and node2, both members, both links as given. */
static void
pair(struct hb_membership *m, bool link0, bool link1)
{
	struct hb_member_node *n1 = &m->nodes[0], *n2 = &m->nodes[1];

	memset(m, 0, sizeof(*m));
	m->local_nodeid = 1;
	m->quorate = true;
	m->two_node = true;
	m->nnodes = m->nnodes_total = m->nmembers = 2;
	n1->nodeid = 1;
	snprintf(n1->name, sizeof(n1->name), "node1");
	n1->local = n1->listed = n1->member = n1->link_status_known = n1->reachable = true;
	/* knet's view of the local node: the loopback on link0, whatever the wire does */
	set_link(n1, 0, "192.168.250.1", true);
	set_link(n1, 1, "10.98.0.11", false);
	n1->links[1].enabled = false;
	n2->nodeid = 2;
	snprintf(n2->name, sizeof(n2->name), "node2");
	n2->listed = n2->member = n2->link_status_known = true;
	n2->reachable = link0 || link1;
	set_link(n2, 0, "192.168.250.2", link0);
	set_link(n2, 1, "10.98.0.12", link1);
}

static void
both_links_connected_are_up_on_both_ends(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	for (unsigned l = 0; l < 2; l++) {
		assert_true(hb_membership_link_up(&m, &m.nodes[1], l));
		assert_true(hb_membership_link_up(&m, &m.nodes[0], l));
	}
	assert_false(hb_membership_isolated(&m));
}

static void
a_cut_link0_is_down_for_the_peer_and_the_local_end_while_link1_stays_up(void **state)
{
	struct hb_membership m;

	pair(&m, false, true);
	assert_false(hb_membership_link_up(&m, &m.nodes[1], 0));
	assert_true(hb_membership_link_up(&m, &m.nodes[1], 1));
	/* knet still calls the local loopback connected: ignored */
	assert_false(hb_membership_link_up(&m, &m.nodes[0], 0));
	assert_true(hb_membership_link_up(&m, &m.nodes[0], 1));
	assert_false(hb_membership_isolated(&m));
}

static void
no_connected_link_to_the_peer_means_isolated(void **state)
{
	struct hb_membership m;

	pair(&m, false, false);
	m.nodes[1].member = false;
	assert_true(hb_membership_isolated(&m));
	assert_false(hb_membership_link_up(&m, &m.nodes[0], 0));
	assert_false(hb_membership_link_up(&m, &m.nodes[0], 1));
}

static void
a_disabled_link_is_down_even_if_knet_says_connected(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	m.nodes[1].links[1].enabled = false;
	assert_false(hb_membership_link_up(&m, &m.nodes[1], 1));
	assert_true(hb_membership_link_up(&m, &m.nodes[1], 0));
}

static void
a_link_the_local_node_has_no_address_for_is_down(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	m.nodes[0].links[1].configured = false;
	assert_false(hb_membership_link_up(&m, &m.nodes[1], 1));
	assert_false(hb_membership_link_up(&m, &m.nodes[0], 1));
}

static void
unknown_link_status_is_down_not_up(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	m.nodes[1].link_status_known = false;
	assert_false(hb_membership_link_up(&m, &m.nodes[1], 0));
	assert_true(hb_membership_isolated(&m));
}

static void
links_beyond_the_limit_and_a_null_node_are_down(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	assert_false(hb_membership_link_up(&m, &m.nodes[1], HB_MEMBER_LINKS_MAX));
	assert_false(hb_membership_link_up(&m, NULL, 0));
}

static void
the_peer_is_the_listed_node_that_is_not_local(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	assert_ptr_equal(hb_membership_local(&m), &m.nodes[0]);
	assert_ptr_equal(hb_membership_peer(&m), &m.nodes[1]);
	assert_ptr_equal(hb_membership_node(&m, 2), &m.nodes[1]);
	assert_null(hb_membership_node(&m, 3));
}

static void
a_one_node_nodelist_has_no_peer_and_is_not_isolated(void **state)
{
	struct hb_membership m;

	pair(&m, true, true);
	m.nnodes = m.nnodes_total = m.nmembers = 1;
	assert_null(hb_membership_peer(&m));
	assert_false(hb_membership_isolated(&m));
	assert_false(hb_membership_link_up(&m, &m.nodes[0], 0));
}

static void
an_empty_result_knows_nothing(void **state)
{
	struct hb_membership m;

	memset(&m, 0, sizeof(m));
	assert_null(hb_membership_local(&m));
	assert_null(hb_membership_peer(&m));
	assert_false(hb_membership_isolated(&m));
}

static void
the_controller_group_marks_its_nodes_only(void **state)
{
	struct hb_membership m;
	/* as libcpg lists them in the lab: cib, attrd and crmd on both nodes */
	static const struct { const char *group; unsigned nodeid; } seen[] = {
		{ "cib", 1 }, { "cib", 2 }, { "attrd", 2 }, { "crmd", 1 },
		{ "stonith-ng", 2 }, { "crmd", 9 },
	};

	(void)state;
	pair(&m, true, true);
	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++)
		hb_membership_note_cpg(&m, seen[i].group, strlen(seen[i].group), seen[i].nodeid);
	assert_true(m.nodes[0].controller);
	assert_false(m.nodes[1].controller);   /* node2: cib and attrd, no controller */
	/* a name counted with its NUL, a longer name, a prefix: only the first */
	hb_membership_note_cpg(&m, "crmdx", 5, 2);
	hb_membership_note_cpg(&m, "crm", 3, 2);
	assert_false(m.nodes[1].controller);
	hb_membership_note_cpg(&m, "crmd", 5, 2);
	assert_true(m.nodes[1].controller);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_links_connected_are_up_on_both_ends),
		cmocka_unit_test(a_cut_link0_is_down_for_the_peer_and_the_local_end_while_link1_stays_up),
		cmocka_unit_test(no_connected_link_to_the_peer_means_isolated),
		cmocka_unit_test(a_disabled_link_is_down_even_if_knet_says_connected),
		cmocka_unit_test(a_link_the_local_node_has_no_address_for_is_down),
		cmocka_unit_test(unknown_link_status_is_down_not_up),
		cmocka_unit_test(links_beyond_the_limit_and_a_null_node_are_down),
		cmocka_unit_test(the_peer_is_the_listed_node_that_is_not_local),
		cmocka_unit_test(a_one_node_nodelist_has_no_peer_and_is_not_isolated),
		cmocka_unit_test(an_empty_result_knows_nothing),
		cmocka_unit_test(the_controller_group_marks_its_nodes_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
