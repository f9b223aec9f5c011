/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_snap: the status document's "cluster" object and the events
 * between two snapshots, from CIBs captured in the lab
 * (tests/fixtures/cib/) and hand-made corosync memberships shaped like the
 * ones hb_membership_read() returns there (node1 local, knet reporting
 * its own loopback on link0). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "budget.h"
#include "cluster_snap.h"
#include "fixture.h"

static gchar *
fixture(const char *name)
{
	return test_fixture("cib", name);
}

static void
set_link(struct hb_member_node *n, unsigned l, const char *addr, bool connected)
{
	n->links[l].configured = true;
	n->links[l].enabled = true;
	n->links[l].connected = connected;
	snprintf(n->links[l].addr, sizeof(n->links[l].addr), "%s", addr);
}

/* node1 (local) and node2 as node1's corosync sees them. */
static void
pair(struct hb_membership *m, bool node2_member, bool link0, bool link1)
{
	struct hb_member_node *n1 = &m->nodes[0], *n2 = &m->nodes[1];

	memset(m, 0, sizeof(*m));
	m->local_nodeid = 1;
	m->quorate = true;
	m->two_node = true;
	m->nnodes = m->nnodes_total = 2;
	m->nmembers = node2_member ? 2 : 1;
	n1->nodeid = 1;
	snprintf(n1->name, sizeof(n1->name), "node1");
	n1->local = n1->listed = n1->member = n1->link_status_known = n1->reachable = true;
	set_link(n1, 0, "192.168.250.1", true);
	set_link(n1, 1, "10.98.0.11", false);
	n1->links[1].enabled = false;
	n2->nodeid = 2;
	snprintf(n2->name, sizeof(n2->name), "node2");
	n2->listed = n2->link_status_known = true;
	n2->member = node2_member;
	n2->reachable = link0 || link1;
	set_link(n2, 0, "192.168.250.2", link0);
	set_link(n2, 1, "10.98.0.12", link1);
}

/* A snapshot: CIB fixture CIB (NULL: the CIB not readable) as node1 sees
 * it, with the membership given. */
static struct cluster_snap *
snap(const char *cib, bool node2_member, bool link0, bool link1)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);

	pair(&s->mem, node2_member, link0, link1);
	if (cib != NULL) {
		gchar *xml = fixture(cib);

		assert_int_equal(fo_status_from_cib_xml(xml, "node1", &s->cib), 0);
		g_free(xml);
	} else {
		s->cib_rc = -ENOTCONN;
	}
	s->taken_mono_us = 1000000;
	return s;
}

/* SNAP with its CIB's status section emptied: the CIB as the stack's
 * first read finds it, before any node's state is recorded. */
static struct cluster_snap *
snap_unseen(const char *cib, bool node2_member)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);
	gchar *xml = fixture(cib);
	char *a = strstr(xml, "<status>"), *b = strstr(xml, "</status>");
	GString *cut;

	assert_non_null(a);
	assert_non_null(b);
	cut = g_string_new_len(xml, a - xml);
	g_string_append(cut, "<status/>");
	g_string_append(cut, b + strlen("</status>"));
	pair(&s->mem, node2_member, node2_member, node2_member);
	assert_int_equal(fo_status_from_cib_xml(cut->str, "node1", &s->cib), 0);
	g_string_free(cut, TRUE);
	g_free(xml);
	s->taken_mono_us = 1000000;
	return s;
}

/* ------------------------------------------------------------ events */

struct events {
	GPtrArray *msgs;          /* "SEVERITY message" */
};

static void
collect(void *ctx, enum ev_severity sev, const char *msg)
{
	struct events *e = ctx;

	g_ptr_array_add(e->msgs, g_strdup_printf("%s %s", ev_severity_name(sev), msg));
}

static struct events
diff(const struct cluster_snap *a, const struct cluster_snap *b)
{
	struct events e = { g_ptr_array_new_with_free_func(g_free) };

	cluster_snap_diff(a, b, collect, &e);
	for (guint i = 0; i < e.msgs->len; i++)
		printf("# event: %s\n", (char *)e.msgs->pdata[i]);
	return e;
}

static bool
has_event(const struct events *e, const char *want)
{
	for (guint i = 0; i < e->msgs->len; i++)
		if (strcmp(e->msgs->pdata[i], want) == 0)
			return true;
	printf("# missing event: %s\n", want);
	return false;
}

/* ------------------------------------------------------------ json */

static JsonObject *
node_named(JsonObject *cluster, const char *name)
{
	JsonArray *nodes = json_object_get_array_member(cluster, "nodes");

	for (guint i = 0; i < json_array_get_length(nodes); i++) {
		JsonObject *n = json_array_get_object_element(nodes, i);

		if (strcmp(json_object_get_string_member(n, "name"), name) == 0)
			return n;
	}
	printf("# no node %s\n", name);
	fail();
	return NULL;
}

static bool
link_up(JsonObject *node, int link)
{
	JsonArray *links = json_object_get_array_member(node, "links");

	for (guint i = 0; i < json_array_get_length(links); i++) {
		JsonObject *l = json_array_get_object_element(links, i);

		if (json_object_get_int_member(l, "link") == link)
			return json_object_get_boolean_member(l, "up");
	}
	printf("# no link %d\n", link);
	fail();
	return false;
}

static void
no_cluster_stack_is_null(void **state)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);
	JsonNode *j;

	(void)state;
	s->mem_rc = s->cib_rc = -ENOTCONN;
	j = cluster_snap_json(s, 0, 0);
	assert_true(JSON_NODE_HOLDS_NULL(j));
	json_node_unref(j);
	j = cluster_snap_json(NULL, 0, 0);
	assert_true(JSON_NODE_HOLDS_NULL(j));
	json_node_unref(j);
	g_free(s);
}

static void
both_online_shows_members_links_active_node_and_age(void **state)
{
	struct cluster_snap *s = snap("nodata-both-online.xml", true, true, true);
	JsonNode *j = cluster_snap_json(s, 1250000, 0);
	JsonObject *o, *n1, *n2;
	JsonArray *rsc;

	(void)state;
	o = json_node_get_object(j);
	assert_true(json_object_get_boolean_member(o, "quorate"));
	assert_int_equal(json_array_get_length(json_object_get_array_member(o, "nodes")), 2);
	n1 = node_named(o, "node1");
	n2 = node_named(o, "node2");
	assert_int_equal(json_object_get_int_member(n2, "id"), 2);
	assert_true(json_object_get_boolean_member(n1, "local"));
	assert_false(json_object_get_boolean_member(n2, "local"));
	for (int i = 0; i < 2; i++) {
		JsonObject *n = i ? n2 : n1;

		assert_true(json_object_get_boolean_member(n, "member"));
		assert_true(json_object_get_boolean_member(n, "online"));
		assert_false(json_object_get_boolean_member(n, "standby"));
		assert_false(json_object_get_boolean_member(n, "unclean"));
		assert_true(link_up(n, 0));
		assert_true(link_up(n, 1));
	}
	assert_true(json_object_get_boolean_member(n1, "dc") != json_object_get_boolean_member(n2, "dc"));
	assert_string_equal(json_object_get_string_member(o, "active_node"), "node1");
	assert_string_equal(json_object_get_string_member(o, "failover_ip_node"), "node1");
	assert_false(json_object_get_boolean_member(o, "maintenance_mode"));
	assert_false(json_object_get_boolean_member(o, "isolated"));
	assert_int_equal(json_object_get_int_member(o, "age_ms"), 250);
	assert_true(json_object_get_null_member(o, "error"));
	rsc = json_object_get_array_member(o, "resources");
	assert_true(json_array_get_length(rsc) >= 2);
	for (guint i = 0; i < json_array_get_length(rsc); i++) {
		JsonObject *r = json_array_get_object_element(rsc, i);

		if (strcmp(json_object_get_string_member(r, "id"), "failover_ip") == 0) {
			assert_string_equal(json_object_get_string_member(r, "role"), "Started");
			assert_string_equal(json_array_get_string_element(
			    json_object_get_array_member(r, "nodes"), 0), "node1");
			assert_false(json_object_get_boolean_member(r, "failed"));
		}
	}
	json_node_unref(j);
	g_free(s);
}

static void
node_out_of_membership_is_offline_before_pacemaker_notices(void **state)
{
	/* corosync lost node2; the CIB still has it online */
	struct cluster_snap *s = snap("nodata-both-online.xml", false, false, false);
	JsonNode *j = cluster_snap_json(s, 1000000, 0);
	JsonObject *o = json_node_get_object(j), *n2 = node_named(o, "node2");

	(void)state;
	assert_false(json_object_get_boolean_member(n2, "member"));
	assert_false(json_object_get_boolean_member(n2, "online"));
	assert_false(link_up(n2, 0));
	assert_true(json_object_get_boolean_member(o, "isolated"));
	json_node_unref(j);
	g_free(s);
}

static void
a_hung_read_says_corosync_not_answering(void **state)
{
	struct cluster_snap *s = snap("nodata-both-online.xml", true, true, true);
	JsonNode *j = cluster_snap_json(s, 7000000, 6000);
	JsonObject *o = json_node_get_object(j);

	(void)state;
	assert_string_equal(json_object_get_string_member(o, "error"), "corosync not answering");
	assert_int_equal(json_object_get_int_member(o, "age_ms"), 6000);
	json_node_unref(j);
	g_free(s);
}

static void
pacemaker_down_keeps_membership_and_says_so(void **state)
{
	struct cluster_snap *s = snap(NULL, true, true, true);
	JsonNode *j = cluster_snap_json(s, 1000000, 0);
	JsonObject *o = json_node_get_object(j), *n2 = node_named(o, "node2");

	(void)state;
	assert_true(json_object_get_boolean_member(n2, "member"));
	assert_false(json_object_get_boolean_member(n2, "online"));
	assert_true(json_object_get_null_member(o, "active_node"));
	assert_non_null(strstr(json_object_get_string_member(o, "error"), "pacemaker is not running"));
	json_node_unref(j);
	g_free(s);
}

static void
first_snapshot_reports_nothing(void **state)
{
	struct cluster_snap *s = snap("nodata-both-online.xml", true, true, true);
	struct events e = diff(NULL, s);

	(void)state;
	assert_int_equal(e.msgs->len, 0);
	g_ptr_array_unref(e.msgs);
	g_free(s);
}

static void
same_snapshot_twice_reports_nothing(void **state)
{
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = snap("nodata-both-online.xml", true, true, true);
	struct events e = diff(a, b);

	(void)state;
	assert_int_equal(e.msgs->len, 0);
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

static void
cut_link0_warns_that_the_pair_runs_on_one_link_and_its_return_is_a_notice(void **state)
{
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = snap("nodata-both-online.xml", true, false, true);
	struct events e = diff(a, b), back;

	(void)state;
	assert_int_equal(e.msgs->len, 2);
	assert_true(has_event(&e, "warning link 0 to node2 down (was up)"));
	assert_true(has_event(&e, "warning the pair runs on one link to node2 (link 1): nothing "
	    "moved, but one more failure separates the nodes; check the other cable"));
	back = diff(b, a);
	assert_int_equal(back.msgs->len, 2);
	assert_true(has_event(&back, "notice link 0 to node2 up (was down)"));
	assert_true(has_event(&back, "notice the pair runs on all 2 links to node2 again"));
	g_ptr_array_unref(e.msgs);
	g_ptr_array_unref(back.msgs);
	g_free(a);
	g_free(b);
}

static void
killed_peer_left_links_down_and_isolated(void **state)
{
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = snap("nodata-node2-down.xml", false, false, false);
	struct events e = diff(a, b);

	(void)state;
	assert_true(has_event(&e, "notice node2 left the cluster (was online)"));
	assert_true(has_event(&e, "warning link 0 to node2 down (was up)"));
	assert_true(has_event(&e, "warning link 1 to node2 down (was up)"));
	assert_true(has_event(&e, "warning this node is isolated: no link reaches node2"));
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

/* No event of E mentions WORD. */
static void
assert_no_event_about(const struct events *e, const char *word)
{
	for (guint i = 0; i < e->msgs->len; i++)
		assert_null(strstr(e->msgs->pdata[i], word));
}

static void
lost_peer_must_be_fenced_then_is(void **state)
{
	/* IPMI fencing held back in the lab (lab fence hold), node2's cables
	 * pulled: unclean; released: fenced through its BMC. */
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = snap("ipmi-node2-unclean.xml", false, false, false);
	struct cluster_snap *c = snap("ipmi-node2-fenced.xml", false, false, false);
	struct events lost = diff(a, b), fenced = diff(b, c), again = diff(c, c);
	JsonNode *j = cluster_snap_json(b, b->taken_mono_us, 0);

	(void)state;
	assert_true(has_event(&lost, "warning node2 must be fenced: it was lost without "
	    "stopping its services, which move once it is"));
	assert_true(json_object_get_boolean_member(node_named(json_node_get_object(j), "node2"),
	    "unclean"));
	assert_true(has_event(&fenced, "notice node2 fenced: it is known to be off, "
	    "its services may move"));
	assert_true(has_event(&fenced, "notice active node node2 -> node1"));
	/* the whole group runs here now: the end of the failover */
	assert_true(has_event(&fenced, "notice service started on node1 (failover IP now here)"));
	assert_no_event_about(&lost, "service started");
	assert_int_equal(again.msgs->len, 0);
	json_node_unref(j);
	g_ptr_array_unref(lost.msgs);
	g_ptr_array_unref(fenced.msgs);
	g_ptr_array_unref(again.msgs);
	g_free(a);
	g_free(b);
	g_free(c);
}

static void
nodes_seen_at_startup_are_no_news(void **state)
{
	/* Startup fencing counts both nodes unclean until their state is
	 * recorded: neither "must be fenced" nor "no longer unclean" then. */
	struct cluster_snap *a = snap_unseen("ipmi-node2-fenced.xml", true);
	struct cluster_snap *b = snap("nodata-both-online.xml", true, true, true);
	struct events e = diff(a, b);
	const struct fo_node_status *n2 = NULL;

	(void)state;
	for (unsigned i = 0; i < a->cib.nnodes; i++)
		if (strcmp(a->cib.nodes[i].name, "node2") == 0)
			n2 = &a->cib.nodes[i];
	assert_non_null(n2);
	assert_true(n2->unclean && n2->unseen);
	assert_no_event_about(&e, "unclean");
	assert_no_event_about(&e, "fenced");
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

static void
own_stale_unclean_after_a_reboot_is_no_news(void **state)
{
	/* node2 fenced and booted again: its first read is its own CIB from
	 * before, where it is unclean; the cluster's copy then says it is
	 * not.  It was fenced, so "came back before it was fenced" would be
	 * wrong, and a node has nothing to say about its own fencing. */
	struct cluster_snap *a = snap("ipmi-node2-unclean.xml", true, true, true);
	struct cluster_snap *b = snap("nodata-both-online.xml", true, true, true);
	struct events e;

	(void)state;
	for (struct cluster_snap **s = (struct cluster_snap *[]){ a, b, NULL }; *s; s++) {
		(*s)->mem.local_nodeid = 2;
		(*s)->mem.nodes[0].local = false;
		(*s)->mem.nodes[1].local = true;
	}
	e = diff(a, b);
	assert_no_event_about(&e, "unclean");
	assert_no_event_about(&e, "fenced");
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

static void
standby_moves_the_active_node(void **state)
{
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = snap("standby.xml", true, true, true);
	struct events e = diff(a, b);

	(void)state;
	assert_true(has_event(&e, "notice node1 standby off -> on"));
	assert_true(has_event(&e, "notice active node node1 -> node2"));
	assert_true(has_event(&e, "notice failover IP on node1 -> node2"));
	/* it left this node: nothing started here */
	assert_no_event_about(&e, "service started");
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

/* SNAP of CIB with FROM replaced by TO (exactly once). */
static struct cluster_snap *
snap_edited(const char *cib, const char *from, const char *to, bool node2_member)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);
	gchar *xml = test_fixture_edited("cib", cib, from, to);

	pair(&s->mem, node2_member, node2_member, node2_member);
	assert_int_equal(fo_status_from_cib_xml(xml, "node1", &s->cib), 0);
	g_free(xml);
	s->taken_mono_us = 1000000;
	return s;
}

/* The pending fixture (node1 joining) seen from node1 itself, with node2
 * in the membership; JOINED: the DC's record once the join completed. */
#define PENDING_NODE1 "join=\"down\" expected=\"down\""
static struct cluster_snap *
snap_node1_join(bool joined)
{
	return snap_edited("pending-node1-joining.xml", PENDING_NODE1, joined ?
	    "join=\"member\" expected=\"member\"" : PENDING_NODE1, true);
}

static void
a_joining_node_is_online_and_pending_not_in_standby(void **state)
{
	struct cluster_snap *s = snap_node1_join(false), *t = snap_node1_join(true);
	JsonNode *j = cluster_snap_json(s, 1000000, 0), *k = cluster_snap_json(t, 1000000, 0);
	JsonObject *n1 = node_named(json_node_get_object(j), "node1");
	JsonObject *n2 = node_named(json_node_get_object(j), "node2");

	(void)state;
	assert_true(json_object_get_boolean_member(n1, "online"));
	assert_true(json_object_get_boolean_member(n1, "pending"));
	assert_false(json_object_get_boolean_member(n1, "standby"));
	assert_false(json_object_get_boolean_member(n2, "pending"));
	n1 = node_named(json_node_get_object(k), "node1");
	assert_true(json_object_get_boolean_member(n1, "online"));
	assert_false(json_object_get_boolean_member(n1, "pending"));
	json_node_unref(j);
	json_node_unref(k);
	g_free(s);
	g_free(t);
}

static void
a_nodes_join_is_two_events_and_no_standby(void **state)
{
	/* node2 sees node1 come back: offline, joining, joined */
	struct cluster_snap *a = snap_node1_join(false), *b = snap_node1_join(false);
	struct cluster_snap *c = snap_node1_join(true);
	struct events came, joined, left;

	(void)state;
	for (struct cluster_snap **s = (struct cluster_snap *[]){ a, b, c, NULL }; *s; s++) {
		(*s)->mem.local_nodeid = 2;
		(*s)->mem.nodes[0].local = false;
		(*s)->mem.nodes[1].local = true;
	}
	a->mem.nodes[0].member = false;
	a->mem.nmembers = 1;
	came = diff(a, b);
	joined = diff(b, c);
	left = diff(c, b);
	assert_true(has_event(&came, "notice node1 joined the cluster (online, was offline)"));
	assert_true(has_event(&came, "notice node1 is joining Pacemaker: it runs nothing until "
	    "its join completes"));
	assert_int_equal(joined.msgs->len, 1);
	assert_true(has_event(&joined, "notice node1 has joined Pacemaker: it may run resources"));
	assert_true(has_event(&left, "notice node1 is no longer ready to run resources: "
	    "Pacemaker counts it as joining or stopping"));
	assert_no_event_about(&came, "standby");
	assert_no_event_about(&joined, "standby");
	g_ptr_array_unref(came.msgs);
	g_ptr_array_unref(joined.msgs);
	g_ptr_array_unref(left.msgs);
	g_free(a);
	g_free(b);
	g_free(c);
}

static void
maintenance_and_failure_are_events(void **state)
{
	struct cluster_snap *a = snap("standby.xml", true, true, true);
	struct cluster_snap *m = snap("maintenance.xml", true, true, true);
	struct cluster_snap *f = snap("failed-resource.xml", true, true, true);
	struct events e = diff(a, m), e2 = diff(a, f);

	(void)state;
	assert_true(has_event(&e, "notice cluster maintenance-mode off -> on"));
	/* restarted in place: running again, the failure kept in the history */
	{
		bool found = false;

		for (guint i = 0; i < e2.msgs->len; i++)
			found |= g_str_has_prefix(e2.msgs->pdata[i],
			    "warning svc_mailsink monitor failed on node2 (rc ") &&
			    strstr(e2.msgs->pdata[i], "died") != NULL;
		assert_true(found);
	}
	g_ptr_array_unref(e.msgs);
	g_ptr_array_unref(e2.msgs);
	g_free(a);
	g_free(m);
	g_free(f);
}

/* The events of a failover as node1's poller writes them, read back the
 * way the failover budget reads the event log (daemon/budget.c): the
 * active node2 lost, fenced through its BMC, the group started here. */
static void
a_failovers_events_time_it_from_the_loss_to_the_service_here(void **state)
{
	struct cluster_snap *a = snap("standby.xml", true, true, true);
	struct cluster_snap *b = snap("ipmi-node2-unclean.xml", false, false, false);
	struct cluster_snap *c = snap("ipmi-node2-fenced.xml", false, false, false);
	const struct cluster_snap *seq[] = { a, b, c };
	struct ev_event log[32];
	struct budget_failover f;
	size_t n = 0;

	(void)state;
	for (size_t i = 1; i < G_N_ELEMENTS(seq); i++) {
		struct events e = diff(seq[i - 1], seq[i]);

		for (guint k = 0; k < e.msgs->len && n < G_N_ELEMENTS(log); k++, n++) {
			const char *m = e.msgs->pdata[k];

			memset(&log[n], 0, sizeof(log[n]));
			g_strlcpy(log[n].subsystem, CLUSTER_EV_SUBSYSTEM, sizeof(log[n].subsystem));
			/* "notice node2 left ...": the sentence after the severity */
			g_strlcpy(log[n].message, strchr(m, ' ') + 1, sizeof(log[n].message));
			/* the poller's pace: one snapshot a second */
			log[n].time_us = (int64_t)i * G_USEC_PER_SEC;
		}
		g_ptr_array_unref(e.msgs);
	}
	budget_last_failover(log, n, &f);
	assert_true(f.found);
	assert_string_equal(f.lost, "node2");
	assert_int_equal(f.started_us - f.lost_us, G_USEC_PER_SEC);
	g_free(a);
	g_free(b);
	g_free(c);
}

static void
stack_stopping_is_one_event(void **state)
{
	struct cluster_snap *a = snap("nodata-both-online.xml", true, true, true);
	struct cluster_snap *b = g_new0(struct cluster_snap, 1);
	struct events e;

	(void)state;
	b->mem_rc = b->cib_rc = -ENOTCONN;
	e = diff(a, b);
	assert_int_equal(e.msgs->len, 1);
	assert_true(has_event(&e, "notice the cluster stack on this node stopped (was running)"));
	g_ptr_array_unref(e.msgs);
	g_free(a);
	g_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_cluster_stack_is_null),
		cmocka_unit_test(both_online_shows_members_links_active_node_and_age),
		cmocka_unit_test(node_out_of_membership_is_offline_before_pacemaker_notices),
		cmocka_unit_test(a_hung_read_says_corosync_not_answering),
		cmocka_unit_test(pacemaker_down_keeps_membership_and_says_so),
		cmocka_unit_test(first_snapshot_reports_nothing),
		cmocka_unit_test(same_snapshot_twice_reports_nothing),
		cmocka_unit_test(cut_link0_warns_that_the_pair_runs_on_one_link_and_its_return_is_a_notice),
		cmocka_unit_test(killed_peer_left_links_down_and_isolated),
		cmocka_unit_test(lost_peer_must_be_fenced_then_is),
		cmocka_unit_test(nodes_seen_at_startup_are_no_news),
		cmocka_unit_test(own_stale_unclean_after_a_reboot_is_no_news),
		cmocka_unit_test(standby_moves_the_active_node),
		cmocka_unit_test(a_joining_node_is_online_and_pending_not_in_standby),
		cmocka_unit_test(a_nodes_join_is_two_events_and_no_standby),
		cmocka_unit_test(maintenance_and_failure_are_events),
		cmocka_unit_test(a_failovers_events_time_it_from_the_loss_to_the_service_here),
		cmocka_unit_test(stack_stopping_is_one_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
