/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event_query: the UI's and the peer channel's event filter, its round trip
 * to the peer, and the merge of both nodes' events. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "event_query.h"

#define NOW_US (INT64_C(1795329015) * 1000000)   /* 2026-11-22 06:30:15 UTC */

static GHashTable *
params_of(const char *query)
{
	return g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL);
}

static void
no_filter_means_all_of_the_cluster(void **state)
{
	struct event_query q;
	char err[256];

	assert_int_equal(event_query_parse(NULL, NOW_US, &q, err, sizeof(err)), 0);
	assert_true(q.cluster);
	assert_int_equal(q.limit, EVQ_LIMIT_DEFAULT);
	assert_int_equal(q.min_severity, EV_DEBUG);
	assert_string_equal(q.node, "");
	assert_true(q.since_us == 0);
}

static void
every_filter_is_read(void **state)
{
	g_autoptr(GHashTable) p = params_of("node=node2&severity=warning&text=failover%20IP"
	    "&since=10m&limit=50&scope=local");
	struct event_query q;
	char err[256];

	assert_int_equal(event_query_parse(p, NOW_US, &q, err, sizeof(err)), 0);
	assert_string_equal(q.node, "node2");
	assert_int_equal(q.min_severity, EV_WARNING);
	assert_string_equal(q.text, "failover IP");
	assert_true(q.since_us == NOW_US - 600 * INT64_C(1000000));
	assert_int_equal(q.limit, 50);
	assert_false(q.cluster);
}

static void
blank_fields_are_no_filter(void **state)
{
	g_autoptr(GHashTable) p = params_of("node=&severity=&text=&since=&limit=");
	struct event_query q;
	char err[256];

	assert_int_equal(event_query_parse(p, NOW_US, &q, err, sizeof(err)), 0);
	assert_string_equal(q.node, "");
	assert_int_equal(q.limit, EVQ_LIMIT_DEFAULT);
}

static void
bad_filters_are_refused_by_name(void **state)
{
	static const struct { const char *query, *says; } bad[] = {
		{ "severity=loud", "unknown severity 'loud'" },
		{ "node=node1;rm", "node 'node1;rm' is not a node name" },
		{ "limit=0", "limit '0'" },
		{ "limit=1001", "limit '1001'" },
		{ "limit=-5", "limit '-5'" },
		{ "limit=5x", "limit '5x'" },
		{ "since=yesterday", "since 'yesterday'" },
		{ "scope=world", "scope 'world'" },
		{ "sevrity=error", "unknown filter 'sevrity'" },
	};
	char err[256];

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GHashTable) p = params_of(bad[i].query);
		struct event_query q;

		assert_int_equal(event_query_parse(p, NOW_US, &q, err, sizeof(err)), -EINVAL);
		if (strstr(err, bad[i].says) == NULL)
			fail_msg("%s: \"%s\" does not say \"%s\"", bad[i].query, err, bad[i].says);
	}
}

static void
text_longer_than_the_limit_is_refused(void **state)
{
	g_autofree char *q_text = g_strnfill(EVQ_TEXT_MAX + 1, 'a');
	g_autofree char *query = g_strconcat("text=", q_text, NULL);
	g_autoptr(GHashTable) p = params_of(query);
	struct event_query q;
	char err[256];

	assert_int_equal(event_query_parse(p, NOW_US, &q, err, sizeof(err)), -EINVAL);
}

/* What the peer is asked is the same filter, scope local (so the peer
 * never asks back), and parses to the same query. */
static void
the_peer_gets_the_same_filter(void **state)
{
	g_autoptr(GHashTable) p = params_of("node=node2&severity=notice&text=a%26b%20c"
	    "&since=%401795328000&limit=7");
	g_autoptr(GHashTable) p2 = NULL;
	g_autofree char *s = NULL;
	struct event_query q, q2;
	char err[256];

	assert_int_equal(event_query_parse(p, NOW_US, &q, err, sizeof(err)), 0);
	s = event_query_to_string(&q);
	p2 = params_of(s);
	assert_int_equal(event_query_parse(p2, NOW_US, &q2, err, sizeof(err)), 0);
	assert_string_equal(q2.node, "node2");
	assert_string_equal(q2.text, "a&b c");
	assert_int_equal(q2.min_severity, EV_NOTICE);
	assert_true(q2.since_us == INT64_C(1795328000) * 1000000);
	assert_int_equal(q2.limit, 7);
	assert_false(q2.cluster);
}

static JsonArray *
events(const char *node, const int64_t *times, size_t n)
{
	JsonArray *a = json_array_new();

	for (size_t i = 0; i < n; i++) {
		struct ev_event ev = { 0 };

		ev.id = (int64_t)(i + 1);
		ev.time_us = times[i];
		g_strlcpy(ev.node, node, sizeof(ev.node));
		g_strlcpy(ev.subsystem, "test", sizeof(ev.subsystem));
		g_snprintf(ev.message, sizeof(ev.message), "%s event %zu", node, i);
		json_array_add_element(a, ev_to_json(&ev));
	}
	return a;
}

static void
merge_interleaves_newest_first_and_cuts_at_the_limit(void **state)
{
	static const int64_t t1[] = { 50, 30, 10 }, t2[] = { 40, 30, 20 };
	JsonArray *a = events("node1", t1, 3), *b = events("node2", t2, 3);
	JsonArray *m = event_merge(a, b, 5);
	static const char *const want[] = {
		"node1 event 0", "node2 event 0", "node1 event 1", "node2 event 1", "node2 event 2",
	};

	assert_int_equal(json_array_get_length(m), 5);
	for (guint i = 0; i < 5; i++)
		assert_string_equal(json_object_get_string_member(
		    json_array_get_object_element(m, i), "message"), want[i]);
	json_array_unref(a);
	json_array_unref(b);
	json_array_unref(m);
}

static void
merge_drops_what_is_not_an_event_and_takes_a_missing_side(void **state)
{
	static const int64_t t1[] = { 5 };
	JsonArray *a = events("node1", t1, 1), *b = json_array_new(), *m;

	json_array_add_string_element(b, "not an event");
	json_array_add_object_element(b, json_object_new());
	m = event_merge(a, b, 10);
	assert_int_equal(json_array_get_length(m), 1);
	json_array_unref(m);
	m = event_merge(a, NULL, 10);
	assert_int_equal(json_array_get_length(m), 1);
	json_array_unref(m);
	json_array_unref(a);
	json_array_unref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_filter_means_all_of_the_cluster),
		cmocka_unit_test(every_filter_is_read),
		cmocka_unit_test(blank_fields_are_no_filter),
		cmocka_unit_test(bad_filters_are_refused_by_name),
		cmocka_unit_test(text_longer_than_the_limit_is_refused),
		cmocka_unit_test(the_peer_gets_the_same_filter),
		cmocka_unit_test(merge_interleaves_newest_first_and_cuts_at_the_limit),
		cmocka_unit_test(merge_drops_what_is_not_an_event_and_takes_a_missing_side),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
