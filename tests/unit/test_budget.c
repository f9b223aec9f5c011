/* SPDX-License-Identifier: GPL-2.0-or-later */
/* budget: the last failover found in an event log (a list, and this
 * node's store), the status document's "failover_budget" from snapshots
 * whose CIBs are fixtures (tests/fixtures/cib/), and the line hapairctl
 * prints from it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "budget.h"
#include "fixture.h"
#include "fo_budget.h"
#include "store.h"

/* 2026-12-07 04:12:03 UTC */
#define T0_US  (1796616723LL * G_USEC_PER_SEC)

/* ------------------------------------------------------------ events */

struct log {
	struct ev_event ev[16];
	size_t n;
};

/* Appends an event of this node's log, MS after T0. */
static void
add(struct log *l, int64_t ms, const char *subsystem, const char *msg)
{
	struct ev_event *e = &l->ev[l->n++];

	assert_true(l->n <= G_N_ELEMENTS(l->ev));
	memset(e, 0, sizeof(*e));
	e->id = (int64_t)l->n;
	e->time_us = T0_US + ms * 1000;
	e->severity = EV_NOTICE;
	g_strlcpy(e->node, "node1", sizeof(e->node));
	g_strlcpy(e->subsystem, subsystem, sizeof(e->subsystem));
	g_strlcpy(e->message, msg, sizeof(e->message));
}

#define LEFT2    "node2 left the cluster (was online)"
#define JOINED2  "node2 joined the cluster (online, was offline)"
#define HERE1    "service started on node1 (failover IP now here)"

static void
failover_runs_from_the_loss_to_the_service_here(void **state)
{
	struct log l = { .n = 0 };
	struct budget_failover f;

	(void)state;
	add(&l, 0, "cluster", LEFT2);
	add(&l, 300, "cluster", "link 0 to node2 down (was up)");
	add(&l, 900, "cluster", "failover IP on none -> node1");
	add(&l, 1400, "cluster", HERE1);
	add(&l, 1500, "cluster", "active node none -> node1");
	budget_last_failover(l.ev, l.n, &f);
	assert_true(f.found);
	assert_string_equal(f.lost, "node2");
	assert_int_equal(f.lost_us, T0_US);
	assert_int_equal(f.started_us - f.lost_us, 1400 * 1000);
}

static void
the_latest_failover_counts(void **state)
{
	struct log l = { .n = 0 };
	struct budget_failover f;

	(void)state;
	add(&l, 0, "cluster", LEFT2);
	add(&l, 5000, "cluster", HERE1);
	add(&l, 60000, "cluster", JOINED2);
	add(&l, 90000, "cluster", "node1 left the cluster (was online)");
	add(&l, 92000, "cluster", "service started on node2 (failover IP now here)");
	budget_last_failover(l.ev, l.n, &f);
	assert_true(f.found);
	assert_string_equal(f.lost, "node1");
	assert_int_equal(f.started_us - f.lost_us, 2000 * 1000);
	/* a loss whose service never came here leaves the last failover */
	add(&l, 120000, "cluster", "node1 left the cluster (was online)");
	budget_last_failover(l.ev, l.n, &f);
	assert_true(f.found);
	assert_int_equal(f.lost_us, T0_US + 90000 * 1000);
}

static void
a_node_back_before_the_service_moved_is_no_failover(void **state)
{
	struct log l = { .n = 0 };
	struct budget_failover f;

	(void)state;
	/* node2 rebooted while passive, then a takeover to node1 */
	add(&l, 0, "cluster", LEFT2);
	add(&l, 30000, "cluster", JOINED2);
	add(&l, 40000, "cluster", HERE1);
	budget_last_failover(l.ev, l.n, &f);
	assert_false(f.found);
	/* this node's own stack stopped and started again */
	l.n = 0;
	add(&l, 0, "cluster", LEFT2);
	add(&l, 1000, "cluster", "the cluster stack on this node stopped (was running)");
	add(&l, 9000, "cluster", "the cluster stack on this node runs (was stopped)");
	add(&l, 12000, "cluster", HERE1);
	budget_last_failover(l.ev, l.n, &f);
	assert_false(f.found);
}

static void
only_the_cluster_pollers_sentences_count(void **state)
{
	struct log l = { .n = 0 };
	struct budget_failover f;

	(void)state;
	/* the same words from elsewhere (an operator's note, a job) */
	add(&l, 0, "api", LEFT2);
	add(&l, 1000, "job", HERE1);
	add(&l, 2000, "cluster", "node2 left the cluster because of reasons");
	add(&l, 3000, "cluster", HERE1);
	budget_last_failover(l.ev, l.n, &f);
	assert_false(f.found);
	budget_last_failover(NULL, 0, &f);
	assert_false(f.found);
}

/* hapaird's own log: this node's notices, among the peer's copy of nothing
 * and warnings, read back newest first by the store and put in order. */
static void
the_last_failover_is_read_from_this_nodes_event_log(void **state)
{
	gchar *dir = g_dir_make_tmp("test_budget.XXXXXX", NULL);
	gchar *path = g_build_filename(dir, "hapair.db", NULL);
	static const struct { int64_t ms; const char *node, *subsystem, *msg; } log[] = {
		{ 0, "node1", "daemon", "hapaird 0.1.0 started on node1 (pid 7)" },
		{ 1000, "node1", "cluster", LEFT2 },
		{ 1100, "node2", "cluster", HERE1 },     /* another node's: not ours */
		{ 3100, "node1", "cluster", HERE1 },
		{ 9000, "node1", "cluster", JOINED2 },
	};
	struct budget_failover f = { 0 };
	struct store *st = NULL;
	char err[STORE_ERR_MAX];

	(void)state;
	assert_non_null(dir);
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	for (size_t i = 0; i < G_N_ELEMENTS(log); i++) {
		struct ev_event ev = { .time_us = T0_US + log[i].ms * 1000, .severity = EV_NOTICE };

		g_strlcpy(ev.node, log[i].node, sizeof(ev.node));
		g_strlcpy(ev.subsystem, log[i].subsystem, sizeof(ev.subsystem));
		g_strlcpy(ev.message, log[i].msg, sizeof(ev.message));
		assert_int_equal(store_event_add(st, &ev), 0);
	}
	assert_int_equal(budget_last_failover_read(st, "node1", &f), 0);
	assert_true(f.found);
	assert_string_equal(f.lost, "node2");
	assert_int_equal(f.lost_us, T0_US + 1000 * 1000);
	assert_int_equal(f.started_us - f.lost_us, 2100 * 1000);
	assert_int_equal(budget_last_failover_read(st, "node3", &f), 0);
	assert_false(f.found);
	store_close(st);
	g_unlink(path);
	g_remove(dir);
	g_free(path);
	g_free(dir);
}

/* ------------------------------------------------------------ json, text */

/* A snapshot of a running pair: corosync at TOKEN/CONSENSUS, the CIB
 * from fixture CIB as node1 reads it. */
static struct cluster_snap *
snap(const char *cib, unsigned token, unsigned consensus)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);
	gchar *xml = test_fixture("cib", cib);

	s->mem.token_ms = token;
	s->mem.consensus_ms = consensus;
	assert_int_equal(fo_status_from_cib_xml(xml, "node1", &s->cib), 0);
	g_free(xml);
	return s;
}

static gchar *
json_text(JsonNode *n)
{
	gchar *t = json_to_string(n, FALSE);

	printf("# %s\n", t);
	return t;
}

/* hapair's corosync.conf now: token 400, consensus a quarter of it */
#define TOKEN_MS      400
#define CONSENSUS_MS  100

static void
gate_pair_json_and_line_with_the_last_failover(void **state)
{
	struct cluster_snap *s = snap("budget-gate-lab.xml", TOKEN_MS, CONSENSUS_MS);
	struct budget_failover last = { .found = true, .lost = "node2",
	    .lost_us = T0_US, .started_us = T0_US + 1400 * 1000 };
	JsonNode *j = budget_json(s, &last);
	gchar *t = json_text(j), *line = budget_text(json_node_get_object(j));

	(void)state;
	assert_string_equal(t, "{\"crash_ms\":2050,\"worst_ms\":12300,\"parts\":{"
	    "\"detection_ms\":500,\"priority_delay_ms\":0,\"gate_ms\":50,\"listen_ms\":250,"
	    "\"tiebreak_ms\":10000,\"fence_ms\":500,\"start_ms\":1000},"
	    "\"tiebreak_on_crash\":false,\"error\":null,"
	    "\"last_failover_ms\":1400,\"last_failover_at\":\"2026-12-07T04:12:03Z\","
	    "\"last_failover_lost\":\"node2\"}");
	printf("# %s\n", line);
	assert_string_equal(line, "2.1 s after a crash (detection 0.5, gate 0.1, fence 0.5, "
	    "start 1.0), 12.3 s at worst (a lost node still answering: +0.3 listening, "
	    "+10.0 tie-break); last failover 1.4 s from node2's loss seen to the service here "
	    "(2026-12-07 04:12:03 UTC)");
	g_free(line);
	g_free(t);
	json_node_unref(j);
	g_free(s);
}

static void
older_pair_line_shows_priority_fencing_delay_in_a_crash(void **state)
{
	struct cluster_snap *s = snap("budget-priority-delay-lab.xml", 1000, 1200);
	JsonNode *j = budget_json(s, NULL);
	gchar *line = budget_text(json_node_get_object(j));

	(void)state;
	printf("# %s\n", line);
	assert_string_equal(line, "13.7 s after a crash (detection 2.2, priority-fencing-delay "
	    "10.0, fence 0.5, start 1.0), the same at worst; no failover recorded");
	assert_true(JSON_NODE_HOLDS_NULL(json_object_get_member(json_node_get_object(j),
	    "last_failover_ms")));
	g_free(line);
	json_node_unref(j);
	g_free(s);
}

static void
pair_without_fencing_says_so(void **state)
{
	struct cluster_snap *s = snap("nodata-both-online.xml", 1000, 1200);
	JsonNode *j = budget_json(s, NULL);
	gchar *line = budget_text(json_node_get_object(j));

	(void)state;
	printf("# %s\n", line);
	assert_string_equal(line, "3.2 s after a crash (detection 2.2, start 1.0; no fencing), "
	    "the same at worst; no failover recorded");
	g_free(line);
	json_node_unref(j);
	g_free(s);
}

static void
gate_without_ping_targets_line_says_why_a_crash_pays_the_tiebreak(void **state)
{
	struct cluster_snap *s = snap("budget-gate-lab.xml", TOKEN_MS, CONSENSUS_MS);
	JsonNode *j;
	gchar *line;

	(void)state;
	s->cib.fence.gate_ping_targets = false;
	j = budget_json(s, NULL);
	line = budget_text(json_node_get_object(j));
	printf("# %s\n", line);
	assert_string_equal(line, "12.1 s after a crash (detection 0.5, gate 0.1, tie-break 10.0, "
	    "fence 0.5, start 1.0; the gate has no ping targets: it waits its tie-break after a "
	    "crash too), 12.3 s at worst (a lost node still answering: +0.3 listening); "
	    "no failover recorded");
	g_free(line);
	json_node_unref(j);
	g_free(s);
}

static void
no_cluster_stack_leaves_the_budget_unknown_but_keeps_the_last_failover(void **state)
{
	struct cluster_snap *s = g_new0(struct cluster_snap, 1);
	struct budget_failover last = { .found = true, .lost = "node2",
	    .lost_us = T0_US, .started_us = T0_US + 2100 * 1000 };
	JsonNode *j;
	JsonObject *o;
	gchar *line;

	(void)state;
	s->mem_rc = s->cib_rc = -ENOTCONN;
	j = budget_json(s, &last);
	o = json_node_get_object(j);
	assert_true(JSON_NODE_HOLDS_NULL(json_object_get_member(o, "crash_ms")));
	assert_true(JSON_NODE_HOLDS_NULL(json_object_get_member(o, "parts")));
	assert_int_equal(json_object_get_int_member(o, "last_failover_ms"), 2100);
	line = budget_text(o);
	printf("# %s\n", line);
	assert_string_equal(line, "budget unknown: the cluster stack does not run on this node: "
	    "its settings cannot be read here; last failover 2.1 s from node2's loss seen to "
	    "the service here (2026-12-07 04:12:03 UTC)");
	g_free(line);
	json_node_unref(j);
	/* nothing read yet at all */
	j = budget_json(NULL, NULL);
	assert_non_null(strstr(json_object_get_string_member(json_node_get_object(j), "error"),
	    "does not run"));
	json_node_unref(j);
	g_free(s);
}

/* One decimal, halves up, as the web UI rounds (tests/ui/verdict.mjs has
 * the same document): printf's %.1f would say 1.2 for 1250 ms. */
static void
seconds_round_halves_up_as_the_web_ui_does(void **state)
{
	JsonNode *j = json_from_string("{\"crash_ms\":3250,\"worst_ms\":3250,\"parts\":{"
	    "\"detection_ms\":1250,\"priority_delay_ms\":0,\"gate_ms\":0,\"listen_ms\":0,"
	    "\"tiebreak_ms\":0,"
	    "\"fence_ms\":1049,\"start_ms\":951},\"tiebreak_on_crash\":false,\"error\":null,"
	    "\"last_failover_ms\":null,\"last_failover_at\":null,\"last_failover_lost\":null}",
	    NULL);
	gchar *line;

	(void)state;
	assert_non_null(j);
	line = budget_text(json_node_get_object(j));
	printf("# %s\n", line);
	assert_string_equal(line, "3.3 s after a crash (detection 1.3, fence 1.0, start 1.0), "
	    "the same at worst; no failover recorded");
	g_free(line);
	json_node_unref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(failover_runs_from_the_loss_to_the_service_here),
		cmocka_unit_test(the_latest_failover_counts),
		cmocka_unit_test(a_node_back_before_the_service_moved_is_no_failover),
		cmocka_unit_test(only_the_cluster_pollers_sentences_count),
		cmocka_unit_test(the_last_failover_is_read_from_this_nodes_event_log),
		cmocka_unit_test(gate_pair_json_and_line_with_the_last_failover),
		cmocka_unit_test(older_pair_line_shows_priority_fencing_delay_in_a_crash),
		cmocka_unit_test(pair_without_fencing_says_so),
		cmocka_unit_test(gate_without_ping_targets_line_says_why_a_crash_pays_the_tiebreak),
		cmocka_unit_test(no_cluster_stack_leaves_the_budget_unknown_but_keeps_the_last_failover),
		cmocka_unit_test(seconds_round_halves_up_as_the_web_ui_does),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
