/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_facts: the KiB changed from /proc/drbd, one node's side as JSON over
 * the peer channel, and the recommendation both nodes make from the two
 * sides (captured 8.4 get-gi of real split brains). */
#include <errno.h>
#include <glib.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sb_facts.h"
#include "fixture.h"

/* ------------------------------------------------------------ /proc/drbd */

static void
oos_of_a_standalone_device(void **state)
{
	g_autofree gchar *t = test_fixture("drbd-proc", "84-standalone.txt");
	int64_t kib = -1;

	(void)state;
	assert_int_equal(sb_facts_proc_oos(t, 0, &kib), 0);
	assert_int_equal(kib, 44);
	assert_int_equal(sb_facts_proc_oos(t, 1, &kib), -ENOENT);
}

static void
oos_with_progress_lines_after_it(void **state)
{
	g_autofree gchar *t = test_fixture("drbd-proc", "84-syncsource.txt");
	int64_t kib = -1;

	(void)state;
	assert_int_equal(sb_facts_proc_oos(t, 0, &kib), 0);
	assert_int_equal(kib, 0);
}

static void
oos_of_the_second_of_two_devices(void **state)
{
	const char *t = "version: 8.4.11 (api:1/proto:86-101)\n"
	    " 0: cs:Connected ro:Primary/Secondary ds:UpToDate/UpToDate C r-----\n"
	    "    ns:1 nr:0 dw:1 dr:1 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:8\n"
	    " 1: cs:Unconfigured\n"
	    " 12: cs:StandAlone ro:Secondary/Unknown ds:UpToDate/DUnknown   r-----\n"
	    "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:3072\n";
	int64_t kib = -1;

	(void)state;
	assert_int_equal(sb_facts_proc_oos(t, 12, &kib), 0);
	assert_int_equal(kib, 3072);
	assert_int_equal(sb_facts_proc_oos(t, 0, &kib), 0);
	assert_int_equal(kib, 8);
	/* unconfigured: the minor is there, its oos: is not */
	assert_int_equal(sb_facts_proc_oos(t, 1, &kib), -EINVAL);
	assert_int_equal(sb_facts_proc_oos("", 0, &kib), -ENOENT);
	assert_int_equal(sb_facts_proc_oos(" 0: cs:StandAlone\n    ns:0 oos:x\n", 0, &kib),
	    -EINVAL);
}

/* ------------------------------------------------------------ JSON */

static void
facts_travel_as_json(void **state)
{
	struct sb_facts f = { .node = "node2", .gi = "0FD0B0CFA9FDC7F9:310871954B9A2546:"
	    "693A2F9C2A267B6C:0000000000000004:1:1:1:0:0:0:0", .changed_kib = 3072,
	    .last_write_s = 1795354393, .collected_s = 1795354400 }, g;
	g_autoptr(JsonNode) n = sb_facts_to_json(&f);
	char err[256] = "";

	(void)state;
	assert_int_equal(sb_facts_from_json(n, &g, err, sizeof(err)), 0);
	assert_memory_equal(&f, &g, sizeof(f));
	/* unknown amounts and times are null, and come back unknown */
	f.changed_kib = -1;
	f.last_write_s = 0;
	{
		g_autoptr(JsonNode) m = sb_facts_to_json(&f);
		g_autofree char *s = json_to_string(m, FALSE);

		assert_non_null(strstr(s, "\"changed_kib\":null"));
		assert_int_equal(sb_facts_from_json(m, &g, err, sizeof(err)), 0);
		assert_int_equal(g.changed_kib, -1);
		assert_int_equal(g.last_write_s, 0);
	}
}

static void
bad_facts_are_refused_with_a_reason(void **state)
{
	static const struct { const char *json, *why; } cases[] = {
		{ "[1]", "the split-brain facts are not a JSON object" },
		{ "{\"gi\":\"x\"}", "the split-brain facts name no node" },
		{ "{\"node\":\"node2\",\"changed_kib\":\"a lot\"}",
		  "node2's split-brain facts hold a number that is not one" },
		{ "{\"node\":\"node2\",\"changed_kib\":-5}",
		  "node2's split-brain facts hold a number that is not one" },
	};
	struct sb_facts f;
	char err[256];

	(void)state;
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(JsonNode) n = json_from_string(cases[i].json, NULL);

		err[0] = '\0';
		assert_int_equal(sb_facts_from_json(n, &f, err, sizeof(err)), -EINVAL);
		assert_string_equal(err, cases[i].why);
	}
}

/* ------------------------------------------------------------ recommend */

static void
side(struct sb_facts *f, const char *node, const char *scenario, int64_t kib)
{
	g_autofree gchar *file = g_strdup_printf("84-sb-%s-get-gi-%s.txt", scenario, node);
	g_autofree gchar *gi = test_fixture("drbd-gi", file);

	memset(f, 0, sizeof(*f));
	g_strlcpy(f->node, node, sizeof(f->node));
	g_strlcpy(f->gi, g_strstrip(gi), sizeof(f->gi));
	f->changed_kib = kib;
}

/* Both nodes recommend the same, whichever side is their own. */
static void
both_nodes_say_the_same(void **state)
{
	struct sb_facts n1, n2;
	struct sb_recommendation a, b;
	char ka[64], kb[64], err[256];

	(void)state;
	side(&n1, "node1", "node2-wrote", 0);
	side(&n2, "node2", "node2-wrote", 3072);
	assert_int_equal(sb_facts_recommend(&n1, &n2, 0, &a, ka, sizeof(ka), err, sizeof(err)), 0);
	assert_int_equal(sb_facts_recommend(&n2, &n1, 0, &b, kb, sizeof(kb), err, sizeof(err)), 0);
	assert_string_equal(ka, "node2");
	assert_string_equal(kb, "node2");
	assert_int_equal(a.keep, 1);
	assert_int_equal(b.keep, 1);
	assert_int_equal(a.kind, SB_KIND_ONE_CHANGED);
	assert_string_equal(a.explanation, b.explanation);
	assert_string_equal(sb_facts_kind_name(a.kind), "one-changed");
}

static void
comparable_changes_name_nobody(void **state)
{
	struct sb_facts n1, n2;
	struct sb_recommendation r;
	char keep[64] = "x", err[256];
	g_autoptr(JsonNode) j = NULL;
	g_autofree char *s = NULL;

	(void)state;
	side(&n1, "node1", "both-wrote", 4096);
	side(&n2, "node2", "both-wrote", 4100);
	assert_int_equal(sb_facts_recommend(&n2, &n1, 0, &r, keep, sizeof(keep), err,
	    sizeof(err)), 0);
	assert_int_equal(r.kind, SB_KIND_BOTH_COMPARABLE);
	assert_string_equal(keep, "");
	j = sb_facts_recommendation_json(&n2, &n1, &r, keep);
	s = json_to_string(j, FALSE);
	assert_non_null(strstr(s, "\"keep\":null"));
	assert_non_null(strstr(s, "\"kind\":\"both-comparable\""));
	/* the sides in name order */
	assert_true(strstr(s, "\"node1\"") < strstr(s, "\"node2\""));
}

static void
a_missing_fact_says_which(void **state)
{
	struct sb_facts n1, n2;
	struct sb_recommendation r;
	char keep[64], err[256] = "";

	(void)state;
	side(&n1, "node1", "both-wrote", 10);
	side(&n2, "node2", "both-wrote", -1);
	assert_int_equal(sb_facts_recommend(&n1, &n2, 0, &r, keep, sizeof(keep), err,
	    sizeof(err)), -EINVAL);
	assert_string_equal(err, "node2 has not read how much it changed yet");
	n2.changed_kib = 5;
	n1.gi[0] = '\0';
	assert_int_equal(sb_facts_recommend(&n1, &n2, 0, &r, keep, sizeof(keep), err,
	    sizeof(err)), -EINVAL);
	assert_string_equal(err, "node1 has not read its DRBD generation identifiers yet");
	g_strlcpy(n1.gi, "not a gi line", sizeof(n1.gi));
	assert_int_equal(sb_facts_recommend(&n1, &n2, 0, &r, keep, sizeof(keep), err,
	    sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "node1's DRBD generation identifiers do not parse: "));
	side(&n1, "node2", "both-wrote", 1);
	assert_int_equal(sb_facts_recommend(&n1, &n2, 0, &r, keep, sizeof(keep), err,
	    sizeof(err)), -EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oos_of_a_standalone_device),
		cmocka_unit_test(oos_with_progress_lines_after_it),
		cmocka_unit_test(oos_of_the_second_of_two_devices),
		cmocka_unit_test(facts_travel_as_json),
		cmocka_unit_test(bad_facts_are_refused_with_a_reason),
		cmocka_unit_test(both_nodes_say_the_same),
		cmocka_unit_test(comparable_changes_name_nobody),
		cmocka_unit_test(a_missing_fact_says_which),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
