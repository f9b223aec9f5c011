/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_budget: the failover budget from corosync's timeouts and the CIB's
 * fencing, read from CIB fixtures (tests/fixtures/cib/, see its README)
 * through the same unpacker hapaird uses: the fence gate's pair, an older
 * pair with priority-fencing-delay, the captured IPMI pair and one
 * without fencing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "fixture.h"
#include "fo_budget.h"

/* hapair's corosync.conf now: token 400, consensus a quarter of it
 * (heartbeat/hb_corosync_conf.h) */
#define TOKEN_MS      400
#define CONSENSUS_MS  100
/* the lab's when the CIBs under tests/fixtures/cib/ were captured */
#define LAB_TOKEN_MS      1000
#define LAB_CONSENSUS_MS  1200

/* Fixture NAME with every FROM replaced by TO (NULL: as it is), unpacked
 * as node1 sees it; g_free() it. */
static struct fo_status *
unpack_edited(const char *name, const char *from, const char *to)
{
	struct fo_status *st = g_new0(struct fo_status, 1);
	gchar *xml = test_fixture("cib", name);

	if (from != NULL) {
		gchar **parts = g_strsplit(xml, from, -1);

		assert_true(g_strv_length(parts) > 1);   /* the edit found its text */
		g_free(xml);
		xml = g_strjoinv(to, parts);
		g_strfreev(parts);
	}
	assert_int_equal(fo_status_from_cib_xml(xml, "node1", st), 0);
	assert_false(st->truncated);
	g_free(xml);
	return st;
}

/* The budget of ST with corosync's TOKEN and CONSENSUS; 0 or the error. */
static int
budget_of(const struct fo_status *st, unsigned token, unsigned consensus,
    struct fo_budget *out)
{
	struct fo_budget_in in = { 0 };
	char err[256] = "";
	int rc;

	if ((rc = fo_budget_in_from_status(st, &in, err, sizeof(err))) != 0) {
		printf("# %s\n", err);
		return rc;
	}
	in.token_ms = token;
	in.consensus_ms = consensus;
	rc = fo_budget_compute(&in, out, err, sizeof(err));
	if (rc != 0)
		printf("# %s\n", err);
	return rc;
}

static void
seconds_are_read_as_the_gate_reads_them(void **state)
{
	static const struct { const char *text; int rc; unsigned ms; } cases[] = {
		{ "0.5", 0, 500 }, { "10", 0, 10000 }, { "0", 0, 0 }, { "2.25", 0, 2250 },
		{ "0.0004", 0, 0 }, { "0.0005", 0, 1 }, { "1.2345", 0, 1235 },
		{ "86399.9", 0, 86399900 },
		/* what agents/fence_hapair_gate's is_seconds refuses */
		{ "", -EINVAL, 0 }, { ".5", -EINVAL, 0 }, { "5.", -EINVAL, 0 },
		{ "0,5", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "1.2.3", -EINVAL, 0 },
		{ "10s", -EINVAL, 0 }, { "12345678", -EINVAL, 0 },
		/* accepted by the gate, but nothing a budget can add up */
		{ "86400", -ERANGE, 0 }, { "9999999", -ERANGE, 0 },
	};

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		unsigned ms = 12345;
		int rc = fo_budget_seconds_ms(cases[i].text, &ms);

		printf("# '%s' -> %d, %u ms\n", cases[i].text, rc, ms);
		assert_int_equal(rc, cases[i].rc);
		if (rc == 0)
			assert_int_equal(ms, cases[i].ms);
	}
}

static void
fence_device_types_have_named_power_off_times(void **state)
{
	(void)state;
	assert_int_equal(fo_budget_fence_off_ms("fence_hapair_lab"), FO_BUDGET_FENCE_LAB_MS);
	assert_int_equal(fo_budget_fence_off_ms("fence_ipmilan"), FO_BUDGET_FENCE_IPMI_MS);
	assert_int_equal(fo_budget_fence_off_ms("fence_sbd"), 0);
	assert_int_equal(fo_budget_fence_off_ms(NULL), 0);
}

/* The redesigned pair: after a crash hapaird's record shows the lost node
 * silent and the gate costs only its own run; a lost node that still
 * answers is listened for (peer_wait 0.25 s), then given its 10 s
 * tie-break. */
static void
gate_pair_pays_its_own_run_after_a_crash_listening_and_tiebreak_only_at_worst(void **state)
{
	struct fo_status *st = unpack_edited("budget-gate-lab.xml", NULL, NULL);
	struct fo_budget b;

	(void)state;
	assert_true(st->stonith_enabled);
	assert_true(st->fence.gate);
	assert_string_equal(st->fence.gate_peer_wait, "0.25");
	assert_string_equal(st->fence.gate_tiebreak, "10");
	assert_true(st->fence.gate_ping_targets);
	assert_int_equal(st->fence.priority_delay_ms, 0);
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_int_equal(b.detection_ms, 500);
	assert_int_equal(b.priority_delay_ms, 0);
	assert_int_equal(b.gate_ms, FO_BUDGET_GATE_RECORD_MS);
	assert_int_equal(b.listen_ms, 250);
	assert_int_equal(b.fence_ms, FO_BUDGET_FENCE_LAB_MS);
	assert_int_equal(b.start_ms, FO_BUDGET_START_MS);
	assert_int_equal(b.tiebreak_ms, 10000);
	assert_false(b.tiebreak_on_crash);
	assert_int_equal(b.crash_ms, 500 + 50 + 500 + 1000);
	assert_int_equal(b.worst_ms, b.crash_ms + 250 + 10000);
	g_free(st);
}

/* peer_wait is listened only for a lost node that still answers: a
 * longer one leaves the crash as it is and moves the worst case. */
static void
gate_peer_wait_moves_only_the_worst_case(void **state)
{
	struct fo_status *st = unpack_edited("budget-gate-lab.xml",
	    "name=\"peer_wait\" value=\"0.25\"", "name=\"peer_wait\" value=\"1.5\"");
	struct fo_budget b;

	(void)state;
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_int_equal(b.listen_ms, 1500);
	assert_int_equal(b.gate_ms, FO_BUDGET_GATE_RECORD_MS);
	assert_int_equal(b.crash_ms, 500 + 50 + 500 + 1000);
	assert_int_equal(b.worst_ms, b.crash_ms + 1500 + 10000);
	g_free(st);
}

/* Without ping targets the gate cannot tell a crashed peer from one
 * serving on its own cable: the tie-break is paid after a crash too, and
 * only the listening is left for the worst case. */
static void
gate_without_ping_targets_waits_the_tiebreak_after_a_crash_too(void **state)
{
	struct fo_status *st = unpack_edited("budget-gate-lab.xml",
	    "name=\"ping_targets\" value=\"10.98.0.1\"", "name=\"ping_targets\" value=\" , \"");
	struct fo_budget b;

	(void)state;
	assert_false(st->fence.gate_ping_targets);
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_true(b.tiebreak_on_crash);
	assert_int_equal(b.crash_ms, 500 + 50 + 10000 + 500 + 1000);
	assert_int_equal(b.worst_ms, b.crash_ms + 250);
	g_free(st);
}

static void
gate_without_its_settings_counts_the_agents_defaults(void **state)
{
	struct fo_status *st = unpack_edited("budget-gate-lab.xml", "name=\"peer_wait\"",
	    "name=\"unused_peer_wait\"");
	struct fo_budget b;

	(void)state;
	assert_string_equal(st->fence.gate_peer_wait, "");
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_int_equal(b.listen_ms, FO_BUDGET_PEER_WAIT_DEFAULT_MS);
	g_free(st);
	st = unpack_edited("budget-gate-lab.xml", "name=\"tiebreak_delay\"",
	    "name=\"unused_tiebreak_delay\"");
	assert_string_equal(st->fence.gate_tiebreak, "");
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_int_equal(b.tiebreak_ms, FO_BUDGET_TIEBREAK_DEFAULT_MS);
	g_free(st);
}

static void
gate_setting_it_refuses_is_an_error_that_says_what_to_fix(void **state)
{
	struct fo_status *st = unpack_edited("budget-gate-lab.xml",
	    "name=\"peer_wait\" value=\"0.25\"", "name=\"peer_wait\" value=\"0,25\"");
	struct fo_budget_in in = { 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(fo_budget_in_from_status(st, &in, err, sizeof(err)), -EINVAL);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "peer_wait '0,25' is not a number of seconds"));
	assert_non_null(strstr(err, "set it in the CIB"));
	g_free(st);
}

/* Pairs created before the gate: Pacemaker delays every fence of the node
 * that ran the service, a crashed one too. */
static void
priority_fencing_delay_is_paid_after_a_crash_too(void **state)
{
	struct fo_status *st = unpack_edited("budget-priority-delay-lab.xml", NULL, NULL);
	struct fo_budget b;

	(void)state;
	assert_false(st->fence.gate);
	assert_int_equal(st->fence.priority_delay_ms, 10000);
	assert_int_equal(budget_of(st, TOKEN_MS, CONSENSUS_MS, &b), 0);
	assert_int_equal(b.priority_delay_ms, 10000);
	assert_int_equal(b.gate_ms, 0);
	assert_int_equal(b.listen_ms + b.tiebreak_ms, 0);
	assert_int_equal(b.crash_ms, 500 + 10000 + 500 + 1000);
	assert_int_equal(b.worst_ms, b.crash_ms);
	g_free(st);
}

/* Pacemaker reads "10s", "10000ms" and "PT10S" alike. */
static void
priority_fencing_delay_in_any_of_pacemakers_forms(void **state)
{
	static const char *const forms[] = { "10000ms", "PT10S", "10" };

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
		gchar *to = g_strdup_printf("name=\"priority-fencing-delay\" value=\"%s\"", forms[i]);
		struct fo_status *st = unpack_edited("budget-priority-delay-lab.xml",
		    "name=\"priority-fencing-delay\" value=\"10s\"", to);

		printf("# %s\n", forms[i]);
		assert_int_equal(st->fence.priority_delay_ms, 10000);
		g_free(st);
		g_free(to);
	}
}

/* Captured in the netns lab: fence_ipmilan behind fence_heuristics_ping,
 * priority-fencing-delay 10 s, corosync at token 1000. */
static void
captured_ipmi_pair_adds_the_ping_check_and_the_bmcs_estimate(void **state)
{
	struct fo_status *st = unpack_edited("ipmi-node2-fenced.xml", NULL, NULL);
	struct fo_budget b;

	(void)state;
	assert_int_equal(budget_of(st, LAB_TOKEN_MS, LAB_CONSENSUS_MS, &b), 0);
	assert_int_equal(b.detection_ms, 2200);
	assert_int_equal(b.priority_delay_ms, 10000);
	assert_int_equal(b.gate_ms, FO_BUDGET_PING_HEURISTIC_MS);
	assert_int_equal(b.listen_ms, 0);
	assert_int_equal(b.fence_ms, FO_BUDGET_FENCE_IPMI_MS);
	assert_int_equal(b.crash_ms, 2200 + 10000 + 1000 + 4000 + 1000);
	assert_int_equal(b.worst_ms, b.crash_ms);
	g_free(st);
}

static void
without_fencing_only_detection_and_start_count(void **state)
{
	struct fo_status *st = unpack_edited("nodata-both-online.xml", NULL, NULL);
	struct fo_budget b;

	(void)state;
	assert_false(st->stonith_enabled);
	assert_int_equal(budget_of(st, LAB_TOKEN_MS, LAB_CONSENSUS_MS, &b), 0);
	assert_int_equal(b.priority_delay_ms + b.gate_ms + b.listen_ms + b.tiebreak_ms +
	    b.fence_ms, 0);
	assert_int_equal(b.crash_ms, 2200 + FO_BUDGET_START_MS);
	assert_int_equal(b.worst_ms, b.crash_ms);
	g_free(st);
}

static void
what_cannot_be_counted_is_an_error(void **state)
{
	struct fo_budget_in in = { .token_ms = TOKEN_MS, .consensus_ms = CONSENSUS_MS,
	    .stonith_enabled = true };
	struct fo_status *st = g_new0(struct fo_status, 1);
	struct fo_budget b;
	char err[256];

	(void)state;
	/* fencing on, nothing to fence with: the service never moves */
	assert_int_equal(fo_budget_compute(&in, &b, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "no fence device"));
	assert_int_equal(b.crash_ms, 0);
	/* corosync not running here */
	in.token_ms = 0;
	in.fence_devices = 1;
	assert_int_equal(fo_budget_compute(&in, &b, err, sizeof(err)), -ENODATA);
	assert_non_null(strstr(err, "corosync"));
	/* a device whose power-off hapair cannot know */
	st->stonith_enabled = true;
	st->nrsc = 1;
	snprintf(st->rsc[0].id, sizeof(st->rsc[0].id), "fence_node2");
	snprintf(st->rsc[0].agent, sizeof(st->rsc[0].agent), "stonith:fence_sbd");
	assert_int_equal(fo_budget_in_from_status(st, &in, err, sizeof(err)), -EINVAL);
	printf("# %s\n", err);
	assert_non_null(strstr(err, "fence_node2 is of type fence_sbd"));
	g_free(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_are_read_as_the_gate_reads_them),
		cmocka_unit_test(fence_device_types_have_named_power_off_times),
		cmocka_unit_test(gate_pair_pays_its_own_run_after_a_crash_listening_and_tiebreak_only_at_worst),
		cmocka_unit_test(gate_peer_wait_moves_only_the_worst_case),
		cmocka_unit_test(gate_without_ping_targets_waits_the_tiebreak_after_a_crash_too),
		cmocka_unit_test(gate_without_its_settings_counts_the_agents_defaults),
		cmocka_unit_test(gate_setting_it_refuses_is_an_error_that_says_what_to_fix),
		cmocka_unit_test(priority_fencing_delay_is_paid_after_a_crash_too),
		cmocka_unit_test(priority_fencing_delay_in_any_of_pacemakers_forms),
		cmocka_unit_test(captured_ipmi_pair_adds_the_ping_check_and_the_bmcs_estimate),
		cmocka_unit_test(without_fencing_only_detection_and_start_count),
		cmocka_unit_test(what_cannot_be_counted_is_an_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
