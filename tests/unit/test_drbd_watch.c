/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_watch: the pure parts of hapaird's DRBD watcher.  The resync rate
 * comes from out-of-sync deltas over time; the status object says what the
 * parser saw in real events2 captures (tests/fixtures/events2/); a split
 * brain is noted from the helper call, survives the store as JSON (a
 * restarted hapaird's parser cannot see it) and clears only on a repair. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "drbd_watch.h"
#include "store.h"
#include "fixture.h"

/* The fixture without '#' lines, up to `#@ STOP` when STOP is given. */
static struct drbd_ev_parser *
feed(struct drbd_ev_parser *p, const char *name, const char *stop)
{
	gchar *text = test_fixture("events2", name), **lines;
	bool stopped = stop == NULL;

	if (p == NULL)
		p = drbd_ev_parser_new();
	lines = g_strsplit(text, "\n", -1);
	for (gchar **l = lines; *l; l++) {
		if (stop && g_str_has_prefix(*l, "#@ ") && strcmp(*l + 3, stop) == 0) {
			stopped = true;
			break;
		}
		if (**l == '#' || **l == '\0')
			continue;
		drbd_ev_feed(p, *l, strlen(*l));
		drbd_ev_feed(p, "\n", 1);
	}
	assert_true(stopped);
	assert_int_equal(drbd_ev_bad_lines(p), 0);
	g_strfreev(lines);
	g_free(text);
	return p;
}

/* The status object as a JsonObject (owned by *node). */
static JsonObject *
status_of(const struct drbd_ev_parser *p, const struct drbd_watch_sb *sb,
    double rate, JsonNode **node)
{
	*node = drbd_watch_status_json(DRBD_WATCH_RESOURCE,
	    drbd_ev_resource(p, DRBD_WATCH_RESOURCE), sb, rate);
	assert_true(JSON_NODE_HOLDS_OBJECT(*node));
	return json_node_get_object(*node);
}

static const char *
str(JsonObject *o, const char *member)
{
	assert_true(json_object_has_member(o, member));
	return json_object_get_string_member(o, member);
}

static bool
is_null(JsonObject *o, const char *member)
{
	assert_true(json_object_has_member(o, member));
	return json_node_is_null(json_object_get_member(o, member));
}

static void
rate_is_out_of_sync_drop_per_second(void **state)
{
	/* 19664 KiB less in 2 s (the 84-resync-stats dumps' pace) */
	assert_true(drbd_watch_rate_kib_s(262100, 1000000, 242436, 3000000) == 9832);
	assert_true(drbd_watch_rate_kib_s(2048, 5000000, 1024, 5500000) == 2048);
}

static void
rate_unknown_without_earlier_sample_or_time_zero_when_growing(void **state)
{
	assert_true(drbd_watch_rate_kib_s(0, 0, 1000, 1000000) < 0);
	assert_true(drbd_watch_rate_kib_s(2000, 1000000, 1000, 1000000) < 0);
	assert_true(drbd_watch_rate_kib_s(2000, 2000000, 1000, 1000000) < 0);
	assert_true(drbd_watch_rate_kib_s(1000, 1000000, 3000, 2000000) == 0);
}

static void
status_84_synced_connected_uptodate_no_progress(void **state)
{
	struct drbd_ev_parser *p = feed(NULL, "84-initial-dump.txt", NULL);
	JsonNode *n;
	JsonObject *o = status_of(p, NULL, 1234, &n);

	assert_string_equal(str(o, "resource"), "r0");
	assert_string_equal(str(o, "role"), "Secondary");
	assert_string_equal(str(o, "peer_role"), "Secondary");
	assert_string_equal(str(o, "connection"), "Connected");
	assert_string_equal(str(o, "disk"), "UpToDate");
	assert_string_equal(str(o, "peer_disk"), "UpToDate");
	assert_string_equal(str(o, "replication"), "Established");
	assert_true(is_null(o, "sync_percent"));
	assert_true(is_null(o, "rate_kib_s"));   /* no rate outside a sync */
	assert_true(is_null(o, "split_brain"));
	json_node_unref(n);
	drbd_ev_parser_free(p);
}

static void
status_84_resync_percent_and_rate_from_now_dumps(void **state)
{
	struct drbd_ev_parser *p = feed(NULL, "84-resync-stats.txt", "now-3");
	JsonNode *n;
	JsonObject *o = status_of(p, NULL, 9832.4, &n);
	double pct = json_object_get_double_member(o, "sync_percent");

	assert_string_equal(str(o, "role"), "Primary");
	assert_string_equal(str(o, "replication"), "SyncSource");
	assert_string_equal(str(o, "disk"), "UpToDate");
	assert_string_equal(str(o, "peer_disk"), "Inconsistent");
	assert_true(pct > 7.4 && pct < 7.6);
	assert_int_equal(json_object_get_int_member(o, "rate_kib_s"), 9832);
	/* what is left: 92.5 % of the 256 MiB the sync began with */
	assert_true(json_object_get_int_member(o, "out_of_sync_kib") > 240000 &&
	    json_object_get_int_member(o, "out_of_sync_kib") < 245000);
	json_node_unref(n);
	drbd_ev_parser_free(p);

	p = feed(NULL, "84-resync-stats.txt", NULL);   /* the end of the sync */
	o = status_of(p, NULL, 9832.4, &n);
	assert_string_equal(str(o, "peer_disk"), "UpToDate");
	assert_true(is_null(o, "sync_percent"));
	assert_true(is_null(o, "rate_kib_s"));
	json_node_unref(n);
	drbd_ev_parser_free(p);
}

static void
status_without_resource_is_unconfigured(void **state)
{
	JsonNode *n = drbd_watch_status_json(DRBD_WATCH_RESOURCE, NULL, NULL, -1);
	JsonObject *o = json_node_get_object(n);

	assert_string_equal(str(o, "resource"), "r0");
	assert_string_equal(str(o, "connection"), "Unconfigured");
	assert_true(is_null(o, "role"));
	assert_true(is_null(o, "disk"));
	assert_true(is_null(o, "split_brain"));
	json_node_unref(n);
}

/* The victim's stream: the helper call notes the split brain at DRBD's
 * timestamp; the repair's handshake clears it, not the StandAlone before. */
static void
split_brain_84_noted_at_helper_time_cleared_by_repair(void **state)
{
	struct drbd_ev_parser *p = feed(NULL, "84-node1-timestamps.txt", "splitbrain-uncut");
	const struct drbd_ev_resource *r = drbd_ev_resource(p, "r0");
	struct drbd_watch_sb sb = { 0 };
	JsonNode *n;
	JsonObject *o, *sbo;

	assert_false(drbd_watch_sb_note(r, "node2", 42, &sb));
	drbd_ev_parser_free(p);

	p = feed(NULL, "84-node1-timestamps.txt", "standalone");
	r = drbd_ev_resource(p, "r0");
	assert_true(drbd_watch_sb_note(r, "node2", 42, &sb));
	assert_false(drbd_watch_sb_note(r, "node2", 43, &sb));   /* once */
	assert_string_equal(sb.resource, "r0");
	assert_string_equal(sb.peer, "node2");
	/* 2026-11-22T07:53:05.601805Z, the call helper ... split-brain line */
	assert_int_equal(sb.since_us, INT64_C(1795333985601805));
	assert_false(drbd_watch_sb_repaired(r, &sb));
	o = status_of(p, &sb, -1, &n);
	assert_string_equal(str(o, "connection"), "StandAlone");
	sbo = json_object_get_object_member(o, "split_brain");
	assert_non_null(sbo);
	assert_string_equal(str(sbo, "peer"), "node2");
	assert_string_equal(str(sbo, "since"), "2026-11-22T07:53:05.601805Z");
	json_node_unref(n);

	drbd_ev_parser_free(p);
	p = feed(NULL, "84-node1-timestamps.txt", "repaired");
	r = drbd_ev_resource(p, "r0");
	assert_true(drbd_watch_sb_repaired(r, &sb));
	drbd_ev_parser_free(p);
}

/* A hapaird started after the split brain: its parser sees only StandAlone
 * (84-splitbrain-now), so the flag comes from the store, and stays. */
static void
split_brain_persisted_flag_outlives_restart(void **state)
{
	char dir[] = "/tmp/hapair-drbd-watch-XXXXXX", path[64], err[STORE_ERR_MAX];
	struct drbd_watch_sb sb = { .set = true, .resource = "r0", .peer = "node2",
	    .since_us = INT64_C(1795333985601805) }, back;
	struct store *st;
	char *json = NULL;
	struct drbd_ev_parser *p;
	JsonNode *n;
	JsonObject *o;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/hapair.db", dir);
	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	json = drbd_watch_sb_to_json(&sb);
	assert_int_equal(store_setting_set(st, DRBD_WATCH_SETTING_SB, json, false), 0);
	g_free(json);
	store_close(st);

	assert_int_equal(store_open(path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_setting_get(st, DRBD_WATCH_SETTING_SB, &json), 0);
	assert_int_equal(drbd_watch_sb_from_json(json, &back), 0);
	free(json);
	assert_true(back.set);
	assert_string_equal(back.resource, "r0");
	assert_string_equal(back.peer, "node2");
	assert_int_equal(back.since_us, sb.since_us);

	p = feed(NULL, "84-splitbrain-now.txt", NULL);
	assert_false(drbd_ev_split_brain(drbd_ev_resource(p, "r0")));
	assert_false(drbd_watch_sb_repaired(drbd_ev_resource(p, "r0"), &back));
	o = status_of(p, &back, -1, &n);
	assert_false(is_null(o, "split_brain"));
	json_node_unref(n);
	drbd_ev_parser_free(p);

	/* cleared: "" in the store reads as no split brain */
	json = drbd_watch_sb_to_json(&(struct drbd_watch_sb){ 0 });
	assert_string_equal(json, "");
	assert_int_equal(store_setting_set(st, DRBD_WATCH_SETTING_SB, json, false), 0);
	g_free(json);
	assert_int_equal(store_setting_get(st, DRBD_WATCH_SETTING_SB, &json), 0);
	assert_int_equal(drbd_watch_sb_from_json(json, &back), 0);
	assert_false(back.set);
	free(json);
	store_close(st);
	unlink(path);
	rmdir(dir);

	assert_int_equal(drbd_watch_sb_from_json("{not json", &back), -EINVAL);
	assert_int_equal(drbd_watch_sb_from_json("{\"peer\": \"x\"}", &back), -EINVAL);
	assert_false(back.set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rate_is_out_of_sync_drop_per_second),
		cmocka_unit_test(rate_unknown_without_earlier_sample_or_time_zero_when_growing),
		cmocka_unit_test(status_84_synced_connected_uptodate_no_progress),
		cmocka_unit_test(status_84_resync_percent_and_rate_from_now_dumps),
		cmocka_unit_test(status_without_resource_is_unconfigured),
		cmocka_unit_test(split_brain_84_noted_at_helper_time_cleared_by_repair),
		cmocka_unit_test(split_brain_persisted_flag_outlives_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
