/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_events: real `drbdsetup events2` output (tests/fixtures/events2/, see
 * its README for how each was captured) gives the same state whether fed
 * whole, line by line or in random chunks, and the derived split brain,
 * sync progress and roles are what DRBD said at that moment. */
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

#include "drbd_events.h"
#include "fixture.h"

#define RANDOM_CHUNK_RUNS 50

/* The fixture without its '#' lines (events2 never prints '#'), up to the
 * line `#@ STOP` when STOP is given (a step of the captured session). */
static GString *
fixture(const char *name, const char *stop)
{
	bool stopped = stop == NULL;

	gchar *text = test_fixture("events2", name);
	GString *out = g_string_new(NULL);

	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line) - 1;
		if (stop && strncmp(line, "#@ ", 3) == 0 &&
		    strncmp(line + 3, stop, strlen(stop)) == 0 &&
		    line[3 + strlen(stop)] == '\n') {
			stopped = true;
			break;
		}
		if (*line != '#')
			g_string_append_len(out, line, nl - line + 1);
	}
	if (!stopped) {
		printf("# no mark #@ %s in %s\n", stop, name);
		fail();
	}
	g_free(text);
	return out;
}

/* Everything the parser keeps, as text, so feeding modes can be compared. */
static GString *
snapshot(const struct drbd_ev_parser *p)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "complete=%d bad=%u\n", drbd_ev_complete(p),
	    drbd_ev_bad_lines(p));
	for (size_t i = 0; i < drbd_ev_n_resources(p); i++) {
		const struct drbd_ev_resource *r = drbd_ev_resource_at(p, i);

		g_string_append_printf(s, "res %s role=%d susp=%d sb=%d/%d at=%lld peer=%d\n",
		    r->name, r->role, r->suspended, drbd_ev_split_brain(r),
		    r->initial_split_brain, (long long)r->split_brain_at_us,
		    r->split_brain_peer);
		for (size_t d = 0; d < r->n_devices; d++)
			g_string_append_printf(s, " dev %d minor=%d disk=%s\n",
			    r->devices[d].volume, r->devices[d].minor, r->devices[d].disk);
		for (size_t c = 0; c < r->n_connections; c++) {
			const struct drbd_ev_connection *cn = &r->connections[c];

			g_string_append_printf(s, " conn %d %s cs=%s peer=%d\n",
			    cn->peer_node_id, cn->conn_name, cn->cstate, cn->peer_role);
			for (size_t v = 0; v < cn->n_peer_devices; v++) {
				const struct drbd_ev_peer_device *pd = &cn->peer_devices[v];

				g_string_append_printf(s, "  pd %d %s %s rs=%d done=%d/%.2f oos=%d/%llu/%llu\n",
				    pd->volume, pd->replication, pd->peer_disk,
				    pd->resync_suspended, pd->has_done, pd->done_pct,
				    pd->has_out_of_sync,
				    (unsigned long long)pd->out_of_sync_kib,
				    (unsigned long long)pd->sync_start_oos_kib);
			}
		}
	}
	return s;
}

static struct drbd_ev_parser *
feed_whole(const GString *text)
{
	struct drbd_ev_parser *p = drbd_ev_parser_new();

	assert_non_null(p);
	assert_int_equal(drbd_ev_feed(p, text->str, text->len), 0);
	return p;
}

/* Feed NAME whole, line by line and in random chunks: one state. */
static struct drbd_ev_parser *
feed_fixture(const char *name, const char *stop)
{
	GString *text = fixture(name, stop);
	struct drbd_ev_parser *p = feed_whole(text), *q;
	GString *want = snapshot(p), *got;

	q = drbd_ev_parser_new();
	for (char *line = text->str, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_int_equal(drbd_ev_feed(q, line, (size_t)(nl - line + 1)), 0);
	}
	got = snapshot(q);
	assert_string_equal(got->str, want->str);
	g_string_free(got, TRUE);
	drbd_ev_parser_free(q);

	for (unsigned run = 0; run < RANDOM_CHUNK_RUNS; run++) {
		GRand *rnd = g_rand_new_with_seed(run);
		size_t off = 0;

		q = drbd_ev_parser_new();
		while (off < text->len) {
			size_t n = (size_t)g_rand_int_range(rnd, 1, run % 2 ? 8 : 300);

			if (n > text->len - off)
				n = text->len - off;
			assert_int_equal(drbd_ev_feed(q, text->str + off, n), 0);
			off += n;
		}
		got = snapshot(q);
		assert_string_equal(got->str, want->str);
		g_string_free(got, TRUE);
		drbd_ev_parser_free(q);
		g_rand_free(rnd);
	}
	g_string_free(want, TRUE);
	g_string_free(text, TRUE);
	assert_int_equal(drbd_ev_bad_lines(p), 0);
	assert_true(drbd_ev_complete(p));
	return p;
}

static const struct drbd_ev_connection *
conn0(const struct drbd_ev_parser *p, const char *res)
{
	const struct drbd_ev_resource *r = drbd_ev_resource(p, res);

	assert_non_null(r);
	assert_int_equal(r->n_connections, 1);
	return &r->connections[0];
}

static const struct drbd_ev_peer_device *
pd0(const struct drbd_ev_parser *p, const char *res)
{
	const struct drbd_ev_connection *c = conn0(p, res);

	assert_int_equal(c->n_peer_devices, 1);
	return &c->peer_devices[0];
}

/* --------------------------------------------------------------- 8.4 */

static void
initial_dump_84_is_complete_connected_secondary_uptodate(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("84-initial-dump.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");
	const struct drbd_ev_peer_device *pd = pd0(p, "r0");

	assert_non_null(r);
	assert_int_equal(drbd_ev_n_resources(p), 1);
	assert_int_equal(r->role, DRBD_EV_ROLE_IS_SECONDARY);
	assert_false(r->suspended);
	assert_int_equal(r->n_devices, 1);
	assert_int_equal(r->devices[0].minor, 0);
	assert_string_equal(r->devices[0].disk, "UpToDate");
	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_string_equal(conn0(p, "r0")->conn_name, "peer");
	assert_int_equal(conn0(p, "r0")->peer_role, DRBD_EV_ROLE_IS_SECONDARY);
	assert_string_equal(pd->replication, "Established");
	assert_string_equal(pd->peer_disk, "UpToDate");
	assert_true(pd->has_out_of_sync);
	assert_int_equal(pd->out_of_sync_kib, 0);
	assert_false(drbd_ev_split_brain(r));
	assert_true(drbd_ev_sync_percent(pd) < 0);
	assert_null(drbd_ev_resource(p, "r1"));
	drbd_ev_parser_free(p);
}

/* 8.4 prints no event while a sync runs: progress comes from --now dumps
 * fed into the same parser, out-of-sync against the start of the sync. */
static void
resync_84_progress_from_out_of_sync_in_now_dumps(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("84-resync-stats.txt", "sync-started");
	const struct drbd_ev_peer_device *pd = pd0(p, "r0");

	assert_int_equal(drbd_ev_resource(p, "r0")->role, DRBD_EV_ROLE_IS_PRIMARY);
	assert_string_equal(pd->replication, "SyncSource");
	assert_string_equal(pd->peer_disk, "Inconsistent");
	assert_false(pd->has_done);
	assert_int_equal(pd->out_of_sync_kib, 262100);
	assert_true(drbd_ev_sync_percent(pd) == 0);
	drbd_ev_parser_free(p);

	p = feed_fixture("84-resync-stats.txt", "now-3");   /* after the 2nd dump */
	pd = pd0(p, "r0");
	assert_int_equal(pd->out_of_sync_kib, 242436);
	assert_int_equal(pd->sync_start_oos_kib, 262100);
	assert_true(drbd_ev_sync_percent(pd) > 7.4 && drbd_ev_sync_percent(pd) < 7.6);
	drbd_ev_parser_free(p);

	p = feed_fixture("84-resync-stats.txt", NULL);
	pd = pd0(p, "r0");
	assert_string_equal(pd->replication, "Established");
	assert_string_equal(pd->peer_disk, "UpToDate");
	assert_int_equal(pd->out_of_sync_kib, 0);
	assert_true(drbd_ev_sync_percent(pd) < 0);
	assert_string_equal(drbd_ev_resource(p, "r0")->devices[0].disk, "UpToDate");
	drbd_ev_parser_free(p);
}

static void
operator_disconnect_84_is_standalone_without_split_brain(void **state)
{
	/* '#@ STEP' marks stand where a step began: before the disconnect */
	struct drbd_ev_parser *p = feed_fixture("84-node1-timestamps.txt", "operator-disconnect");
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");

	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_string_equal(pd0(p, "r0")->replication, "Established");
	drbd_ev_parser_free(p);

	/* `drbdadm disconnect`: 8.4 destroys the StandAlone connection */
	p = feed_fixture("84-node1-timestamps.txt", "cut");
	r = drbd_ev_resource(p, "r0");
	assert_string_equal(drbd_ev_cstate(r), "Connected");   /* reconnected */
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);

	p = drbd_ev_parser_new();
	{
		GString *t = fixture("84-node1-timestamps.txt", "cut");
		char *cut = strstr(t->str, "connection:StandAlone\n");
		char *eol;

		assert_non_null(cut);
		/* through the two destroy lines that follow StandAlone */
		eol = strchr(strchr(strchr(cut, '\n') + 1, '\n') + 1, '\n');
		assert_int_equal(drbd_ev_feed(p, t->str, (size_t)(eol + 1 - t->str)), 0);
		g_string_free(t, TRUE);
	}
	r = drbd_ev_resource(p, "r0");
	assert_int_equal(r->n_connections, 0);
	assert_string_equal(drbd_ev_cstate(r), "StandAlone");
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);

	p = feed_fixture("84-operator-standalone-now.txt", NULL);
	r = drbd_ev_resource(p, "r0");
	assert_string_equal(drbd_ev_cstate(r), "StandAlone");
	assert_string_equal(pd0(p, "r0")->replication, "Off");
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);
}

static void
cut_eth1_84_connecting_peer_unknown_then_back(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("84-node1-timestamps.txt", "uncut");
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");

	assert_string_equal(drbd_ev_cstate(r), "Connecting");
	assert_int_equal(conn0(p, "r0")->peer_role, DRBD_EV_ROLE_UNKNOWN);
	assert_string_equal(pd0(p, "r0")->replication, "Off");
	assert_string_equal(pd0(p, "r0")->peer_disk, "DUnknown");
	assert_string_equal(r->devices[0].disk, "UpToDate");
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);

	p = feed_fixture("84-node1-timestamps.txt", "splitbrain-cut");
	r = drbd_ev_resource(p, "r0");
	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_int_equal(conn0(p, "r0")->peer_role, DRBD_EV_ROLE_IS_SECONDARY);
	assert_string_equal(pd0(p, "r0")->replication, "Established");
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);
}

static void
split_brain_84_flagged_on_both_nodes_at_the_helper_call(void **state)
{
	static const struct {
		const char *file;
		int64_t at_us;   /* the `call helper ... helper:split-brain` line */
	} nodes[] = {
		{ "84-node1-timestamps.txt", 1795333985601805 },
		{ "84-node2-timestamps.txt", 1795333985556018 },
	};

	for (size_t i = 0; i < 2; i++) {
		struct drbd_ev_parser *p = feed_fixture(nodes[i].file, "splitbrain-uncut");
		const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");

		/* both Primary, cut off: no split brain yet */
		assert_int_equal(r->role, DRBD_EV_ROLE_IS_PRIMARY);
		assert_string_equal(drbd_ev_cstate(r), "Connecting");
		assert_false(drbd_ev_split_brain(r));
		drbd_ev_parser_free(p);

		p = feed_fixture(nodes[i].file, "standalone");
		r = drbd_ev_resource(p, "r0");
		assert_true(drbd_ev_split_brain(r));
		assert_true(r->initial_split_brain);
		assert_int_equal(r->split_brain_at_us, nodes[i].at_us);
		assert_int_equal(r->split_brain_peer, 0);
		assert_int_equal(r->n_connections, 0);   /* 8.4 destroyed it */
		assert_string_equal(drbd_ev_cstate(r), "StandAlone");
		assert_int_equal(r->role, DRBD_EV_ROLE_IS_PRIMARY);
		drbd_ev_parser_free(p);
	}
}

/* The victim reconnects with --discard-my-data: Connected and
 * initial-split-brain again, but the handshake ends in a sync: repaired. */
static void
repair_84_clears_split_brain_once_the_resync_starts(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("84-node1-timestamps.txt", "repair-survivor");
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");

	assert_int_equal(r->role, DRBD_EV_ROLE_IS_SECONDARY);
	assert_string_equal(drbd_ev_cstate(r), "Connecting");
	assert_true(drbd_ev_split_brain(r));    /* still: nothing resolved yet */
	drbd_ev_parser_free(p);

	p = feed_fixture("84-node1-timestamps.txt", NULL);
	r = drbd_ev_resource(p, "r0");
	assert_false(drbd_ev_split_brain(r));
	assert_false(r->initial_split_brain);
	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_int_equal(conn0(p, "r0")->peer_role, DRBD_EV_ROLE_IS_PRIMARY);
	assert_string_equal(pd0(p, "r0")->replication, "Established");
	assert_string_equal(r->devices[0].disk, "UpToDate");
	drbd_ev_parser_free(p);

	p = feed_fixture("84-node2-timestamps.txt", NULL);
	r = drbd_ev_resource(p, "r0");
	assert_false(drbd_ev_split_brain(r));
	assert_int_equal(r->role, DRBD_EV_ROLE_IS_PRIMARY);
	assert_string_equal(pd0(p, "r0")->peer_disk, "UpToDate");
	drbd_ev_parser_free(p);
}

/* A parser started after the split brain cannot know: the dump equals an
 * operator's disconnect but for the role, so hapaird persists the flag. */
static void
now_dump_after_split_brain_84_cannot_tell_it(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("84-splitbrain-now.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");

	assert_string_equal(drbd_ev_cstate(r), "StandAlone");
	assert_int_equal(r->role, DRBD_EV_ROLE_IS_PRIMARY);
	assert_int_equal(pd0(p, "r0")->out_of_sync_kib, 16424);
	assert_false(drbd_ev_split_brain(r));
	drbd_ev_parser_free(p);
}

/* --------------------------------------------------------------- DRBD 9 */

static void
sync_9_progress_is_done_percent(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("9-sync-stats.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "some-resource");
	const struct drbd_ev_peer_device *pd = pd0(p, "some-resource");

	assert_int_equal(conn0(p, "some-resource")->peer_node_id, 1);
	assert_string_equal(conn0(p, "some-resource")->conn_name, "some-peer");
	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_string_equal(r->devices[0].disk, "UpToDate");
	assert_int_equal(r->devices[0].minor, 1000);
	assert_string_equal(pd->replication, "SyncSource");
	assert_true(pd->has_done);
	assert_true(drbd_ev_sync_percent(pd) == 37.5);
	assert_int_equal(pd->out_of_sync_kib, 2500);
	drbd_ev_parser_free(p);
}

static void
create_change_9_with_color_ends_primary_connected(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("9-create-change-color.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "some-resource");

	assert_int_equal(r->role, DRBD_EV_ROLE_IS_PRIMARY);
	assert_string_equal(r->devices[0].disk, "UpToDate");
	assert_string_equal(drbd_ev_cstate(r), "Connected");
	assert_int_equal(conn0(p, "some-resource")->peer_role, DRBD_EV_ROLE_UNKNOWN);
	assert_string_equal(pd0(p, "some-resource")->peer_disk, "UpToDate");
	assert_string_equal(pd0(p, "some-resource")->replication, "Established");
	drbd_ev_parser_free(p);
}

static void
create_destroy_9_leaves_no_resource(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("9-create-destroy.txt", NULL);

	assert_int_equal(drbd_ev_n_resources(p), 0);
	assert_null(drbd_ev_resource(p, "some-resource"));
	drbd_ev_parser_free(p);
}

static void
other_helpers_9_set_no_split_brain(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("9-helper-timestamps.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "some-resource");

	assert_false(drbd_ev_split_brain(r));
	assert_false(r->initial_split_brain);
	assert_string_equal(drbd_ev_cstate(r), "StandAlone");
	drbd_ev_parser_free(p);
}

static void
split_brain_9_flagged_with_the_helper_time_and_peer(void **state)
{
	struct drbd_ev_parser *p = feed_fixture("9-splitbrain-constructed.txt", NULL);
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "some-resource");

	assert_true(drbd_ev_split_brain(r));
	assert_int_equal(r->split_brain_at_us, 1790662514700000);
	assert_int_equal(r->split_brain_peer, 1);
	assert_string_equal(drbd_ev_cstate(r), "StandAlone");
	assert_int_equal(r->n_connections, 1);   /* DRBD 9 keeps it */
	drbd_ev_parser_free(p);
}

/* --------------------------------------------------------------- parser */

static void
bad_lines_are_counted_skipped_and_change_nothing(void **state)
{
	static const char *const bad[] = {
		"frobnicate resource name:r0 role:Primary\n",
		"change resource role:Primary\n",               /* no name */
		"change device name:r0 volume:x disk:Failed\n",
		"change device name:r0 volume:0 minor:-3 disk:Failed\n",
		"change connection name:r0 connection:Connected\n", /* no peer */
		"change peer-device name:r0 peer-node-id:0 volume:0 done:120\n",
		"change peer-device name:r0 peer-node-id:0 volume:0 out-of-sync:lots\n",
		"change resource name:r0 role\n",
		"call resource name:r0 helper:split-brain\n",
		"call helper name:r0 peer-node-id:0\n",        /* no helper */
		"exists\n",
	};
	GString *text = fixture("84-initial-dump.txt", NULL);
	struct drbd_ev_parser *p = feed_whole(text);
	GString *before = snapshot(p), *after;
	char longline[DRBD_EV_LINE_MAX + 10];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(drbd_ev_feed(p, bad[i], strlen(bad[i])), -EINVAL);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\n';
	assert_int_equal(drbd_ev_feed(p, longline, sizeof(longline)), -EINVAL);
	assert_int_equal(drbd_ev_bad_lines(p), sizeof(bad) / sizeof(bad[0]) + 1);
	after = snapshot(p);
	/* the counters differ; everything else is as before */
	assert_string_equal(strchr(after->str, '\n'), strchr(before->str, '\n'));
	/* and the parser keeps going */
	assert_int_equal(drbd_ev_feed(p, "change resource name:r0 role:Primary\n",
	    strlen("change resource name:r0 role:Primary\n")), 0);
	assert_int_equal(drbd_ev_resource(p, "r0")->role, DRBD_EV_ROLE_IS_PRIMARY);
	/* unknown objects and fields are DRBD's future, not errors */
	{
		const char *more = "create path name:r0 peer-node-id:0 established:no\n"
		    "change resource name:r0 role:Secondary shiny-new:yes\n";

		assert_int_equal(drbd_ev_feed(p, more, strlen(more)), 0);
	}
	assert_int_equal(drbd_ev_resource(p, "r0")->role, DRBD_EV_ROLE_IS_SECONDARY);
	g_string_free(before, TRUE);
	g_string_free(after, TRUE);
	g_string_free(text, TRUE);
	drbd_ev_parser_free(p);
}

struct cb_log {
	unsigned calls, completes;
	char last[DRBD_EV_NAME_MAX];
};

static void
on_change(const char *resource, void *user_data)
{
	struct cb_log *log = user_data;

	log->calls++;
	if (resource == NULL)
		log->completes++;
	else
		g_strlcpy(log->last, resource, sizeof(log->last));
}

static void
changes_are_reported_by_callback_and_flag(void **state)
{
	struct drbd_ev_parser *p = drbd_ev_parser_new();
	struct cb_log log = { 0 };
	const char *l1 = "exists resource name:r0 role:Secondary suspended:no\n";
	const char *l2 = "exists -\n";
	const char *l3 = "2026-11-22T07:53:05.601805+00:00 call helper name:r0 "
	    "peer-node-id:0 conn-name:peer volume:0 minor:0 helper:split-brain\n";

	drbd_ev_set_callback(p, on_change, &log);
	assert_false(drbd_ev_take_changed(p));
	assert_int_equal(drbd_ev_feed(p, l1, 10), 0);   /* half a line: nothing */
	assert_int_equal(log.calls, 0);
	assert_false(drbd_ev_take_changed(p));
	assert_int_equal(drbd_ev_feed(p, l1 + 10, strlen(l1) - 10), 0);
	assert_int_equal(log.calls, 1);
	assert_string_equal(log.last, "r0");
	assert_true(drbd_ev_take_changed(p));
	assert_false(drbd_ev_take_changed(p));
	assert_false(drbd_ev_complete(p));
	assert_int_equal(drbd_ev_feed(p, l2, strlen(l2)), 0);
	assert_true(drbd_ev_complete(p));
	assert_int_equal(log.completes, 1);
	assert_true(drbd_ev_take_changed(p));
	/* without --timestamps the daemon's clock is recorded */
	drbd_ev_set_time(p, 42);
	assert_int_equal(drbd_ev_feed(p, l3 + 33, strlen(l3) - 33), 0);
	assert_int_equal(drbd_ev_resource(p, "r0")->split_brain_at_us, 42);
	assert_true(drbd_ev_take_changed(p));
	drbd_ev_parser_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(initial_dump_84_is_complete_connected_secondary_uptodate),
		cmocka_unit_test(resync_84_progress_from_out_of_sync_in_now_dumps),
		cmocka_unit_test(operator_disconnect_84_is_standalone_without_split_brain),
		cmocka_unit_test(cut_eth1_84_connecting_peer_unknown_then_back),
		cmocka_unit_test(split_brain_84_flagged_on_both_nodes_at_the_helper_call),
		cmocka_unit_test(repair_84_clears_split_brain_once_the_resync_starts),
		cmocka_unit_test(now_dump_after_split_brain_84_cannot_tell_it),
		cmocka_unit_test(sync_9_progress_is_done_percent),
		cmocka_unit_test(create_change_9_with_color_ends_primary_connected),
		cmocka_unit_test(create_destroy_9_leaves_no_resource),
		cmocka_unit_test(other_helpers_9_set_no_split_brain),
		cmocka_unit_test(split_brain_9_flagged_with_the_helper_time_and_peer),
		cmocka_unit_test(bad_lines_are_counted_skipped_and_change_nothing),
		cmocka_unit_test(changes_are_reported_by_callback_and_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
