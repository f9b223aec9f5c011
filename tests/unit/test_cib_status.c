/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_status: what Pacemaker's own unpacker makes of CIBs captured from
 * real lab clusters (tests/fixtures/cib/, see its README), and the
 * derivations on top: who holds the failover IP, which node is active. */
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
#include <libxml/parser.h>

#include "fo_cib_status.h"
#include "fo_ids.h"
#include "fixture.h"

static gchar *
fixture(const char *name)
{
	return test_fixture("cib", name);
}

/* Unpack fixture NAME as LOCAL sees it; the caller g_free()s. */
static struct fo_status *
unpack(const char *name, const char *local)
{
	struct fo_status *st = g_new0(struct fo_status, 1);
	gchar *xml = fixture(name);

	assert_int_equal(fo_status_from_cib_xml(xml, local, st), 0);
	assert_false(st->truncated);
	g_free(xml);
	return st;
}

static const struct fo_rsc_status *
rsc(const struct fo_status *st, const char *id)
{
	const struct fo_rsc_status *r = fo_status_rsc(st, id);

	if (r == NULL) {
		printf("# no resource %s\n", id);
		fail();
	}
	return r;
}

static const struct fo_node_status *
node(const struct fo_status *st, const char *name)
{
	const struct fo_node_status *n = fo_status_node(st, name);

	if (n == NULL) {
		printf("# no node %s\n", name);
		fail();
	}
	return n;
}

/* ID runs (in ROLE) on NODE only. */
static void
assert_runs(const struct fo_status *st, const char *id, enum fo_rsc_role role, const char *where)
{
	const struct fo_rsc_status *r = rsc(st, id);

	assert_string_equal(fo_rsc_role_name(r->role), fo_rsc_role_name(role));
	assert_int_equal(r->nnodes, 1);
	assert_string_equal(r->nodes[0], where);
}

/* ---------------------------------------------------------------- fixtures */

static void
both_online_reads_two_online_nodes_a_dc_and_the_group_on_node1(void **state)
{
	struct fo_status *st = unpack("nodata-both-online.xml", "node1");
	const struct fo_node_status *dc;

	assert_int_equal(st->nnodes, 2);
	assert_true(node(st, "node1")->online);
	assert_true(node(st, "node2")->online);
	assert_false(node(st, "node1")->standby || node(st, "node2")->standby);
	assert_true(st->have_quorum);
	assert_false(st->maintenance_mode);
	assert_false(st->stonith_enabled);
	dc = node(st, st->dc);
	assert_true(dc->dc);
	assert_string_equal(node(st, "node1")->id, "1");
	assert_string_equal(node(st, "node2")->id, "2");

	assert_int_equal(st->nrsc, 2);
	assert_runs(st, FO_ID_FAILOVER_IP, FO_ROLE_STARTED, "node1");
	assert_runs(st, "svc_mailsink", FO_ROLE_STARTED, "node1");
	assert_string_equal(rsc(st, FO_ID_FAILOVER_IP)->group, FO_ID_GROUP);
	assert_string_equal(rsc(st, FO_ID_FAILOVER_IP)->agent, "ocf:heartbeat:IPaddr2");
	assert_string_equal(rsc(st, "svc_mailsink")->agent, "ocf:hapair:service");
	assert_true(rsc(st, "svc_mailsink")->managed);
	assert_false(rsc(st, "svc_mailsink")->failed);
	assert_int_equal(node(st, "node1")->nresources, 2);
	assert_int_equal(node(st, "node2")->nresources, 0);

	assert_int_equal(st->nfailover_ip, 1);
	assert_string_equal(st->failover_ip_node, "node1");
	assert_string_equal(st->active_node, "node1");
	assert_false(st->active_conflict);
	assert_int_equal(st->nfailed, 0);
	assert_false(st->any_failed);
	g_free(st);
}

static void
local_active_is_true_only_on_the_active_node(void **state)
{
	struct fo_status *st = unpack("nodata-both-online.xml", "node1");

	assert_true(st->local_active);
	assert_true(node(st, "node1")->local);
	assert_false(node(st, "node2")->local);
	g_free(st);
	st = unpack("nodata-both-online.xml", "node2");
	assert_false(st->local_active);
	assert_true(node(st, "node2")->local);
	assert_string_equal(st->active_node, "node1");
	g_free(st);
	st = unpack("nodata-both-online.xml", NULL);
	assert_false(st->local_active);
	assert_false(node(st, "node1")->local || node(st, "node2")->local);
	g_free(st);
}

static void
a_standby_node_stays_online_and_the_group_runs_on_the_other(void **state)
{
	struct fo_status *st = unpack("standby.xml", "node1");

	assert_true(node(st, "node1")->online);
	assert_true(node(st, "node1")->standby);
	assert_false(node(st, "node2")->standby);
	assert_runs(st, FO_ID_FAILOVER_IP, FO_ROLE_STARTED, "node2");
	assert_runs(st, "svc_mailsink", FO_ROLE_STARTED, "node2");
	assert_string_equal(st->failover_ip_node, "node2");
	assert_string_equal(st->active_node, "node2");
	assert_false(st->local_active);
	g_free(st);
}

/* A restarted node between corosync's membership and the end of its
 * Pacemaker join (the DC wrote crmd=online, join and expected still down):
 * libpe says online, standby and pending.  It is not in standby (its
 * attribute is off): hapair reports it pending only. */
static void
a_node_whose_join_is_pending_is_online_and_pending_not_in_standby(void **state)
{
	struct fo_status *st = unpack("pending-node1-joining.xml", "node2");

	assert_true(node(st, "node1")->online);
	assert_false(node(st, "node1")->standby);
	assert_true(node(st, "node1")->pending);
	assert_int_equal(node(st, "node1")->nresources, 0);
	assert_true(node(st, "node2")->online);
	assert_false(node(st, "node2")->standby || node(st, "node2")->pending);
	assert_string_equal(st->active_node, "node2");
	g_free(st);
}

/* FIXTURE with FROM replaced by TO (exactly once), unpacked as node2 sees it. */
static struct fo_status *
unpack_edited(const char *name, const char *from, const char *to)
{
	struct fo_status *st = g_new0(struct fo_status, 1);
	gchar *xml = test_fixture_edited("cib", name, from, to);

	assert_int_equal(fo_status_from_cib_xml(xml, "node2", st), 0);
	g_free(xml);
	return st;
}

static void
the_standby_attribute_counts_configured_or_transient_joined_or_pending(void **state)
{
	static const char off[] = "<nvpair id=\"standby-1\" name=\"standby\" value=\"off\"/>";
	static const char feature[] =
	    "<nvpair id=\"status-1-.feature-set\" name=\"#feature-set\" value=\"3.16.1\"/>";
	gchar *transient;
	struct fo_status *st;

	/* an operator's standby (permanent) on the joining node */
	st = unpack_edited("pending-node1-joining.xml", off,
	    "<nvpair id=\"standby-1\" name=\"standby\" value=\"on\"/>");
	assert_true(node(st, "node1")->standby && node(st, "node1")->pending);
	g_free(st);
	/* crm_standby --lifetime reboot: a transient attribute */
	transient = g_strconcat(feature, "<nvpair id=\"status-1-standby\" name=\"standby\" "
	    "value=\"true\"/>", NULL);
	st = unpack_edited("pending-node1-joining.xml", feature, transient);
	assert_true(node(st, "node1")->standby && node(st, "node1")->pending);
	g_free(transient);
	g_free(st);
	/* and once joined, as before */
	st = unpack("standby.xml", "node2");
	assert_true(node(st, "node1")->standby);
	assert_false(node(st, "node1")->pending);
	g_free(st);
}

static void
maintenance_mode_leaves_resources_unmanaged_where_they_run(void **state)
{
	struct fo_status *st = unpack("maintenance.xml", "node2");

	assert_true(st->maintenance_mode);
	assert_false(rsc(st, FO_ID_FAILOVER_IP)->managed);
	assert_false(rsc(st, "svc_mailsink")->managed);
	assert_runs(st, FO_ID_FAILOVER_IP, FO_ROLE_STARTED, "node2");
	assert_string_equal(st->active_node, "node2");
	assert_true(st->local_active);
	g_free(st);
}

static void
a_crashed_service_keeps_its_failed_monitor_while_it_runs_again(void **state)
{
	struct fo_status *st = unpack("failed-resource.xml", "node1");
	const struct fo_failed_action *f = &st->failed[0];

	assert_int_equal(st->nfailed, 1);
	assert_true(st->any_failed);
	assert_string_equal(f->rsc, "svc_mailsink");
	assert_string_equal(f->node, "node2");
	assert_string_equal(f->op, "monitor");
	assert_int_equal(f->interval_ms, 10000);
	assert_int_equal(f->rc, 1);          /* the agent's OCF_ERR_GENERIC */
	assert_non_null(strstr(f->reason, "died"));
	assert_true(f->when > 1700000000);
	/* recovered in place: running, no longer failed */
	assert_runs(st, "svc_mailsink", FO_ROLE_STARTED, "node2");
	assert_false(rsc(st, "svc_mailsink")->failed);
	assert_string_equal(st->active_node, "node2");
	g_free(st);
}

static void
a_crashed_node_is_offline_and_the_survivor_is_dc_and_active(void **state)
{
	struct fo_status *st = unpack("nodata-node2-down.xml", "node1");

	assert_false(node(st, "node2")->online);
	assert_false(node(st, "node2")->dc);
	assert_true(node(st, "node1")->online);
	assert_string_equal(st->dc, "node1");
	assert_true(st->have_quorum);       /* two_node: the survivor keeps it */
	assert_runs(st, FO_ID_FAILOVER_IP, FO_ROLE_STARTED, "node1");
	assert_runs(st, "svc_mailsink", FO_ROLE_STARTED, "node1");
	assert_string_equal(st->active_node, "node1");
	assert_true(st->local_active);
	/* the earlier failure was cleaned up before the crash */
	assert_int_equal(st->nfailed, 0);
	g_free(st);
}

static void
the_promoted_drbd_instance_and_the_group_name_the_active_node(void **state)
{
	struct fo_status *st = unpack("drbd-simulated-node2-promoted.xml", "node1");
	unsigned ninst = 0, promoted = 0;

	for (unsigned i = 0; i < st->nrsc; i++) {
		const struct fo_rsc_status *r = &st->rsc[i];

		if (strcmp(r->id, FO_ID_DRBD) != 0)
			continue;
		ninst++;
		assert_string_equal(r->clone, FO_ID_DRBD_CLONE);
		assert_string_equal(r->agent, "ocf:linbit:drbd");
		assert_int_equal(r->nnodes, 1);
		if (r->role == FO_ROLE_PROMOTED) {
			promoted++;
			assert_string_equal(r->nodes[0], "node2");
		} else {
			/* Started to the scheduler, Unpromoted to people */
			assert_int_equal(r->role, FO_ROLE_UNPROMOTED);
			assert_string_equal(r->nodes[0], "node1");
		}
	}
	assert_int_equal(ninst, 2);
	assert_int_equal(promoted, 1);
	assert_runs(st, FO_ID_FILESYSTEM, FO_ROLE_STARTED, "node2");
	assert_runs(st, FO_ID_FAILOVER_IP, FO_ROLE_STARTED, "node2");
	assert_runs(st, "fence_node1", FO_ROLE_STARTED, "node2");
	assert_string_equal(rsc(st, "fence_node1")->agent, "stonith:fence_hapair_lab");
	assert_true(st->stonith_enabled);
	assert_string_equal(st->active_node, "node2");
	assert_false(st->local_active);
	g_free(st);
}

static void
an_empty_cib_has_no_nodes_resources_or_active_node(void **state)
{
	static const char empty[] =
	    "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" "
	    "num_updates=\"0\" admin_epoch=\"0\"><configuration><crm_config/><nodes/>"
	    "<resources/><constraints/></configuration><status/></cib>";
	struct fo_status *st = g_new0(struct fo_status, 1);

	assert_int_equal(fo_status_from_cib_xml(empty, "node1", st), 0);
	assert_int_equal(st->nnodes, 0);
	assert_int_equal(st->nrsc, 0);
	assert_string_equal(st->dc, "");
	assert_string_equal(st->active_node, "");
	assert_int_equal(st->nfailover_ip, 0);
	assert_false(st->have_quorum);
	g_free(st);
}

static void
what_is_not_a_cib_is_refused_and_leaves_nothing_behind(void **state)
{
	static const char *bad[] = { "<resources/>", "<cib", "<cib><status>", "garbage", "" };
	struct fo_status *st = g_new0(struct fo_status, 1);

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(st, 0xff, sizeof(*st));
		assert_int_equal(fo_status_from_cib_xml(bad[i], "node1", st), -EINVAL);
		assert_int_equal(st->nnodes, 0);
		assert_int_equal(st->nrsc, 0);
		assert_string_equal(st->active_node, "");
	}
	assert_int_equal(fo_status_from_cib_xml(NULL, "node1", st), -EINVAL);
	g_free(st);
}

static void
more_resources_than_fit_are_cut_and_say_so(void **state)
{
	GString *xml = g_string_new("<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" "
	    "epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\"><configuration><crm_config/>"
	    "<nodes/><resources>");
	struct fo_status *st = g_new0(struct fo_status, 1);

	for (int i = 0; i < FO_STATUS_RSC_MAX + 5; i++)
		g_string_append_printf(xml, "<primitive id=\"d%d\" class=\"ocf\" "
		    "provider=\"pacemaker\" type=\"Dummy\"/>", i);
	g_string_append(xml, "</resources><constraints/></configuration><status/></cib>");
	assert_int_equal(fo_status_from_cib_xml(xml->str, NULL, st), 0);
	assert_int_equal(st->nrsc, FO_STATUS_RSC_MAX);
	assert_true(st->truncated);
	g_string_free(xml, TRUE);
	g_free(st);
}

/* Pacemaker's per-node XML data is registered per thread by libxml2; a
 * worker thread that used libxml2 first would abort in Pacemaker's digest
 * code on a history with a failure, unless fo_cib_status sets it up. */
static gpointer
unpack_in_thread(gpointer xml)
{
	struct fo_status *st = g_new0(struct fo_status, 1);
	xmlDocPtr doc = xmlReadMemory("<x/>", 4, NULL, NULL, 0);
	intptr_t rc;

	xmlFreeDoc(doc);
	rc = fo_status_from_cib_xml(xml, "node1", st);
	if (rc == 0 && st->nfailed != 1)
		rc = -EPROTO;
	g_free(st);
	return (gpointer)rc;
}

static void
a_worker_thread_that_used_libxml2_before_can_unpack_a_failure_history(void **state)
{
	gchar *xml = fixture("failed-resource.xml");
	xmlDocPtr doc = xmlReadMemory("<x/>", 4, NULL, NULL, 0);
	GThread *t;

	xmlFreeDoc(doc);             /* libxml2 initialised on this thread first */
	t = g_thread_new("status", unpack_in_thread, xml);
	assert_int_equal((intptr_t)g_thread_join(t), 0);
	g_free(xml);
}

/* ---------------------------------------------------------------- derive */

static struct fo_rsc_status *
add(struct fo_status *st, const char *id, const char *group, enum fo_rsc_role role,
    const char *n1, const char *n2)
{
	struct fo_rsc_status *r = &st->rsc[st->nrsc++];

	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->group, sizeof(r->group), "%s", group);
	r->role = role;
	if (n1 != NULL)
		snprintf(r->nodes[r->nnodes++], FO_NODE_NAME_LEN, "%s", n1);
	if (n2 != NULL)
		snprintf(r->nodes[r->nnodes++], FO_NODE_NAME_LEN, "%s", n2);
	return r;
}

static void
an_ip_active_on_both_nodes_is_a_conflict_without_a_holder(void **state)
{
	struct fo_status *st = g_new0(struct fo_status, 1);

	add(st, FO_ID_FAILOVER_IP, FO_ID_GROUP, FO_ROLE_STARTED, "node1", "node2");
	fo_status_derive(st, "node1");
	assert_int_equal(st->nfailover_ip, 2);
	assert_string_equal(st->failover_ip_nodes[0], "node1");
	assert_string_equal(st->failover_ip_nodes[1], "node2");
	assert_string_equal(st->failover_ip_node, "");
	assert_string_equal(st->active_node, "");
	assert_true(st->active_conflict);
	assert_false(st->local_active);
	g_free(st);
}

static void
a_promoted_drbd_makes_its_node_active_before_the_group_starts(void **state)
{
	struct fo_status *st = g_new0(struct fo_status, 1);

	add(st, FO_ID_DRBD, "", FO_ROLE_PROMOTED, "node2", NULL);
	add(st, FO_ID_DRBD, "", FO_ROLE_UNPROMOTED, "node1", NULL);
	add(st, FO_ID_FILESYSTEM, FO_ID_GROUP, FO_ROLE_STOPPED, NULL, NULL);
	add(st, FO_ID_FAILOVER_IP, FO_ID_GROUP, FO_ROLE_STOPPED, NULL, NULL);
	fo_status_derive(st, "node2");
	assert_string_equal(st->active_node, "node2");
	assert_true(st->local_active);
	assert_int_equal(st->nfailover_ip, 0);
	assert_string_equal(st->failover_ip_node, "");
	g_free(st);
}

static void
unpromoted_drbd_alone_makes_no_node_active(void **state)
{
	struct fo_status *st = g_new0(struct fo_status, 1);

	add(st, FO_ID_DRBD, "", FO_ROLE_UNPROMOTED, "node1", NULL);
	add(st, FO_ID_DRBD, "", FO_ROLE_UNPROMOTED, "node2", NULL);
	fo_status_derive(st, "node1");
	assert_string_equal(st->active_node, "");
	assert_false(st->active_conflict);
	g_free(st);
}

static void
drbd_promoted_on_one_node_and_the_group_on_the_other_is_a_conflict(void **state)
{
	struct fo_status *st = g_new0(struct fo_status, 1);

	add(st, FO_ID_DRBD, "", FO_ROLE_PROMOTED, "node1", NULL);
	add(st, "svc_mailsink", FO_ID_GROUP, FO_ROLE_STARTED, "node2", NULL);
	fo_status_derive(st, "node1");
	assert_string_equal(st->active_node, "");
	assert_true(st->active_conflict);
	g_free(st);
}

static void
a_resource_outside_the_group_makes_no_node_active(void **state)
{
	struct fo_status *st = g_new0(struct fo_status, 1);

	add(st, "fence_node2", "", FO_ROLE_STARTED, "node1", NULL);
	fo_status_derive(st, "node1");
	assert_string_equal(st->active_node, "");
	assert_false(st->active_conflict);
	assert_false(st->any_failed);
	add(st, "fence_node1", "", FO_ROLE_STOPPED, NULL, NULL)->failed = true;
	fo_status_derive(st, "node1");
	assert_true(st->any_failed);
	g_free(st);
}

static void
role_names_are_pacemakers_words(void **state)
{
	assert_string_equal(fo_rsc_role_name(FO_ROLE_STOPPED), "Stopped");
	assert_string_equal(fo_rsc_role_name(FO_ROLE_STARTED), "Started");
	assert_string_equal(fo_rsc_role_name(FO_ROLE_UNPROMOTED), "Unpromoted");
	assert_string_equal(fo_rsc_role_name(FO_ROLE_PROMOTED), "Promoted");
	assert_string_equal(fo_rsc_role_name(FO_ROLE_UNKNOWN), "Unknown");
	assert_string_equal(fo_rsc_role_name((enum fo_rsc_role)42), "Unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_online_reads_two_online_nodes_a_dc_and_the_group_on_node1),
		cmocka_unit_test(local_active_is_true_only_on_the_active_node),
		cmocka_unit_test(a_standby_node_stays_online_and_the_group_runs_on_the_other),
		cmocka_unit_test(a_node_whose_join_is_pending_is_online_and_pending_not_in_standby),
		cmocka_unit_test(the_standby_attribute_counts_configured_or_transient_joined_or_pending),
		cmocka_unit_test(maintenance_mode_leaves_resources_unmanaged_where_they_run),
		cmocka_unit_test(a_crashed_service_keeps_its_failed_monitor_while_it_runs_again),
		cmocka_unit_test(a_crashed_node_is_offline_and_the_survivor_is_dc_and_active),
		cmocka_unit_test(the_promoted_drbd_instance_and_the_group_name_the_active_node),
		cmocka_unit_test(an_empty_cib_has_no_nodes_resources_or_active_node),
		cmocka_unit_test(what_is_not_a_cib_is_refused_and_leaves_nothing_behind),
		cmocka_unit_test(more_resources_than_fit_are_cut_and_say_so),
		cmocka_unit_test(a_worker_thread_that_used_libxml2_before_can_unpack_a_failure_history),
		cmocka_unit_test(an_ip_active_on_both_nodes_is_a_conflict_without_a_holder),
		cmocka_unit_test(a_promoted_drbd_makes_its_node_active_before_the_group_starts),
		cmocka_unit_test(unpromoted_drbd_alone_makes_no_node_active),
		cmocka_unit_test(drbd_promoted_on_one_node_and_the_group_on_the_other_is_a_conflict),
		cmocka_unit_test(a_resource_outside_the_group_makes_no_node_active),
		cmocka_unit_test(role_names_are_pacemakers_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
