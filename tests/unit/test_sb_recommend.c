/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_recommend: every combination of who changed what since a split brain
 * gives the survivor DRBD's own rules imply and the exact sentence the
 * operator reads; the relation of two sets of generation identifiers
 * follows drbd_uuid_compare.  The UUIDs are shaped like the ones DRBD 8.4
 * printed in the uml lab (tests/fixtures/drbd-gi/); the captured outputs
 * themselves are run through here in test_drbd_gi.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sb_recommend.h"

/* The history before the split: node1 and node2 were in sync at BASE. */
#define BASE    UINT64_C(0x6B3A4D5E1F2C3B40)
#define HIST1   UINT64_C(0x2F0E9D8C7B6A5940)
#define HIST2   UINT64_C(0x0000000000000000)
/* New current UUIDs each side made when it was primary while split. */
#define NEW1    UINT64_C(0xA1B2C3D4E5F60718)
#define NEW2    UINT64_C(0x1029384756AFBE2C)
#define OTHER   UINT64_C(0x55AA55AA55AA55A8)

/* 2026-03-14 10:32:00 UTC and friends. */
#define T_1032  INT64_C(1773484320)
#define T_1041  (T_1032 + 9 * 60)
#define T_1040  (T_1032 + 8 * 60)

static struct drbd_gi
gi(uint64_t current, uint64_t bitmap, uint64_t h1, uint64_t h2, bool primary)
{
	struct drbd_gi g;

	memset(&g, 0, sizeof(g));
	g.source = DRBD_GI_SRC_84;
	g.current_uuid = current | (primary ? 1 : 0);
	g.bitmap_uuid = bitmap;
	g.history_uuid[0] = h1;
	g.history_uuid[1] = h2;
	g.has_flags = true;
	g.consistent = true;
	g.was_uptodate = true;
	g.primary_ind = primary;
	return g;
}

/* Both were primary while split: each made a new current UUID, each
 * bitmap starts at BASE (DRBD's rule 90). */
static void
split_pair(struct sb_side s[SB_NODES], uint64_t kib1, int64_t t1,
    uint64_t kib2, int64_t t2)
{
	memset(s, 0, sizeof(struct sb_side) * SB_NODES);
	s[0].name = "node1";
	s[0].gi = gi(NEW1, BASE, HIST1, HIST2, true);
	s[0].changed_kib = kib1;
	s[0].last_write_s = t1;
	s[1].name = "node2";
	s[1].gi = gi(NEW2, BASE, HIST1, HIST2, true);
	s[1].changed_kib = kib2;
	s[1].last_write_s = t2;
}

static struct sb_recommendation
recommend(const struct sb_side s[SB_NODES], int offset_s)
{
	struct sb_recommendation r;

	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(sb_recommend(s, offset_s, &r), 0);
	return r;
}

/* The recommendation for s keeps KEEP, is of KIND and reads SENTENCE. */
static struct sb_recommendation
expect(const struct sb_side s[SB_NODES], int offset_s, int keep,
    enum sb_kind kind, const char *sentence)
{
	struct sb_recommendation r = recommend(s, offset_s);

	assert_int_equal(r.keep, keep);
	assert_int_equal(r.kind, kind);
	if (sentence != NULL)
		assert_string_equal(r.explanation, sentence);
	return r;
}

/* ------------------------------------------------------------ one side */

static void
only_node2_changed_keep_node2(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 0, 0, 1234, T_1032);
	r = expect(s, 0, 1, SB_KIND_ONE_CHANGED, "Since the split node2 changed "
	    "1,234 KiB (last write at 10:32) and node1 changed nothing: keep "
	    "node2.");
	assert_int_equal(r.relation, SB_REL_SPLIT);
	assert_int_equal(r.discarded_kib, 0);
}

static void
only_node1_changed_keep_node1(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 40, T_1041, 0, T_1032);
	expect(s, 0, 0, SB_KIND_ONE_CHANGED, "Since the split node1 changed 40 "
	    "KiB (last write at 10:41) and node2 changed nothing: keep node1.");
}

/* A node whose current UUID is where the other's bitmap starts never made
 * a new generation: bits in its bitmap are left from before (an unfinished
 * resync), not its own writes. */
static void
ancestor_side_bits_are_not_changes(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 8, T_1040, 2048, T_1041);
	s[0].gi = gi(BASE, 0, HIST1, HIST2, false);
	r = expect(s, 0, 1, SB_KIND_ONE_CHANGED, "Since the split node2 changed "
	    "2,048 KiB (last write at 10:41) and node1 changed nothing: keep "
	    "node2.");
	assert_int_equal(r.relation, SB_REL_SECOND_NEWER);

	/* and the other way round */
	split_pair(s, 2048, T_1041, 8, T_1040);
	s[1].gi = gi(BASE, 0, HIST1, HIST2, false);
	r = expect(s, 0, 0, SB_KIND_ONE_CHANGED, "Since the split node1 changed "
	    "2,048 KiB (last write at 10:41) and node2 changed nothing: keep "
	    "node1.");
	assert_int_equal(r.relation, SB_REL_FIRST_NEWER);
}

/* ------------------------------------------------------------ both sides */

static void
both_changed_node2_more_keep_node2(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 1024, T_1040, 5120, T_1041);
	r = expect(s, 0, 1, SB_KIND_BOTH_CHANGED, "Both nodes changed data since "
	    "the split: node2 changed 5,120 KiB (last write at 10:41), node1 "
	    "changed 1,024 KiB (last write at 10:40). Keep node2, which changed "
	    "more; node1's changes (1,024 KiB) will be discarded.");
	assert_int_equal(r.discarded_kib, 1024);
}

static void
both_changed_node1_more_keep_node1(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 1234567, T_1032, 4096, T_1041);
	r = expect(s, 0, 0, SB_KIND_BOTH_CHANGED, "Both nodes changed data since "
	    "the split: node1 changed 1,234,567 KiB (last write at 10:32), node2 "
	    "changed 4,096 KiB (last write at 10:41). Keep node1, which changed "
	    "more; node2's changes (4,096 KiB) will be discarded.");
	assert_int_equal(r.discarded_kib, 4096);
}

static void
both_changed_equal_operator_chooses(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 2048, T_1040, 2048, T_1041);
	expect(s, 0, SB_KEEP_NONE, SB_KIND_BOTH_COMPARABLE, "Both nodes changed "
	    "about the same amount of data since the split: node1 changed 2,048 "
	    "KiB (last write at 10:40), node2 changed 2,048 KiB (last write at "
	    "10:41). The operator has to choose; the node not kept loses its "
	    "changes.");
}

/* 10 % apart is still "about the same"; a little more is not; amounts
 * beyond 2^64 / 100 do not overflow into "comparable". */
static void
both_changed_comparable_boundary_is_ten_percent(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 1000, 0, 900, 0);
	expect(s, 0, SB_KEEP_NONE, SB_KIND_BOTH_COMPARABLE, NULL);
	split_pair(s, 899, 0, 1000, 0);
	expect(s, 0, 1, SB_KIND_BOTH_CHANGED, NULL);
	split_pair(s, UINT64_MAX, 0, UINT64_MAX / 2, 0);
	expect(s, 0, 0, SB_KIND_BOTH_CHANGED, NULL);
	split_pair(s, UINT64_MAX, 0, UINT64_MAX - UINT64_MAX / 20, 0);
	expect(s, 0, SB_KEEP_NONE, SB_KIND_BOTH_COMPARABLE, NULL);
}

/* ------------------------------------------------------------ neither */

static void
neither_changed_keep_the_primary(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 0, 0, 0, 0);
	s[0].gi.primary_ind = false;
	expect(s, 0, 1, SB_KIND_NEITHER_CHANGED, "Neither node changed anything "
	    "since the split: no data is lost either way; keep node2 (the "
	    "primary).");
}

static void
neither_changed_both_primary_keep_the_later_writer(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 0, T_1041, 0, T_1032);
	expect(s, 0, 0, SB_KIND_NEITHER_CHANGED, "Neither node changed anything "
	    "since the split: no data is lost either way; keep node1 (it wrote "
	    "last, at 10:41).");
}

static void
neither_changed_nothing_known_keep_the_first(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 0, 0, 0, 0);
	expect(s, 0, 0, SB_KIND_NEITHER_CHANGED, "Neither node changed anything "
	    "since the split: no data is lost either way; keep node1.");
}

/* One side moved to a new generation but wrote nothing (promoted, never
 * written): keeping it is the resync DRBD would do by itself. */
static void
neither_changed_keep_the_newer_generation(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 0, 0, 0, 0);
	s[1].gi = gi(BASE, 0, HIST1, HIST2, true);
	r = expect(s, 0, 0, SB_KIND_NEITHER_CHANGED, "Neither node changed "
	    "anything since the split: no data is lost either way; keep node1 "
	    "(its data generation is the newer one).");
	assert_int_equal(r.relation, SB_REL_FIRST_NEWER);
}

/* ------------------------------------------------------------ unrelated */

static void
unrelated_data_recommends_nothing(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 1024, T_1040, 0, 0);
	s[1].gi = gi(OTHER, 0, 0, 0, true);
	r = expect(s, 0, SB_KEEP_NONE, SB_KIND_UNRELATED, "node1 and node2 hold "
	    "unrelated data (their DRBD generation identifiers share no "
	    "history), so what each changed cannot be compared. The operator "
	    "has to choose; the node not kept is overwritten completely.");
	assert_int_equal(r.relation, SB_REL_UNRELATED);
}

static void
common_history_only_recommends_nothing(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 0, 0, 512, 0);
	/* node1 split, then split again from its own later generation */
	s[0].gi = gi(NEW1, OTHER, BASE, HIST1, true);
	r = expect(s, 0, SB_KEEP_NONE, SB_KIND_SPLIT_EARLIER, "node1 and node2 "
	    "went separate ways more than one data generation ago, so the "
	    "amounts below count only the latest changes: node1 changed "
	    "nothing, node2 changed 512 KiB. The operator has to choose; the "
	    "node not kept loses its changes.");
	assert_int_equal(r.relation, SB_REL_SPLIT_EARLIER);
}

/* ------------------------------------------------------------ unusable */

static void
inconsistent_side_keep_the_other(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 4096, T_1041, 0, 0);
	s[0].gi.consistent = false;
	expect(s, 0, 1, SB_KIND_OTHER_UNUSABLE, "node1's data is inconsistent "
	    "(a sync to it did not finish): keep node2.");
}

static void
just_created_side_keep_the_other(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 0, 0, 0, 0);
	s[1].gi = gi(DRBD_GI_UUID_JUST_CREATED, 0, 0, 0, false);
	s[1].gi.has_flags = false;   /* from the kernel log: no flags */
	expect(s, 0, 0, SB_KIND_OTHER_UNUSABLE, "node2's DRBD meta-data was just "
	    "created and holds no data: keep node1.");
}

static void
neither_usable_recommends_nothing(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 8, 0, 8, 0);
	s[0].gi.consistent = false;
	s[1].gi.consistent = false;
	expect(s, 0, SB_KEEP_NONE, SB_KIND_NONE_USABLE, "Neither node1 nor node2 "
	    "has consistent data: DRBD cannot resync from either; restore the "
	    "data from a backup.");
}

/* ------------------------------------------------------------ words */

static void
unknown_write_times_are_left_out(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 300, 0, 100, T_1040);
	expect(s, 0, 0, SB_KIND_BOTH_CHANGED, "Both nodes changed data since the "
	    "split: node1 changed 300 KiB, node2 changed 100 KiB (last write at "
	    "10:40). Keep node1, which changed more; node2's changes (100 KiB) "
	    "will be discarded.");
	split_pair(s, 0, 0, 999, 0);
	expect(s, 0, 1, SB_KIND_ONE_CHANGED, "Since the split node2 changed 999 "
	    "KiB and node1 changed nothing: keep node2.");
}

/* The offset moves HH:MM, across midnight both ways; TZ plays no part. */
static void
utc_offset_moves_the_clock(void **state)
{
	struct sb_side s[SB_NODES];

	(void)state;
	split_pair(s, 0, 0, 1000, T_1032);
	expect(s, 3600, 1, SB_KIND_ONE_CHANGED, "Since the split node2 changed "
	    "1,000 KiB (last write at 11:32) and node1 changed nothing: keep "
	    "node2.");
	expect(s, 14 * 3600, 1, SB_KIND_ONE_CHANGED, "Since the split node2 "
	    "changed 1,000 KiB (last write at 00:32) and node1 changed nothing: "
	    "keep node2.");
	expect(s, -11 * 3600, 1, SB_KIND_ONE_CHANGED, "Since the split node2 "
	    "changed 1,000 KiB (last write at 23:32) and node1 changed nothing: "
	    "keep node2.");
}

static void
bad_input_is_einval(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	split_pair(s, 0, 0, 0, 0);
	s[1].name = "node1";
	assert_int_equal(sb_recommend(s, 0, &r), -EINVAL);
	s[1].name = "";
	assert_int_equal(sb_recommend(s, 0, &r), -EINVAL);
	s[1].name = NULL;
	assert_int_equal(sb_recommend(s, 0, &r), -EINVAL);
	s[1].name = "node2";
	assert_int_equal(sb_recommend(s, 0, NULL), -EINVAL);
	assert_int_equal(sb_recommend(NULL, 0, &r), -EINVAL);
}

/* ------------------------------------------------------------ relation */

static void
relation_follows_drbd_uuid_compare(void **state)
{
	struct drbd_gi a = gi(NEW1, BASE, HIST1, 0, true);
	struct drbd_gi b = gi(NEW2, BASE, HIST1, 0, true);
	struct drbd_gi old = gi(BASE, 0, HIST1, 0, false);
	struct drbd_gi older = gi(HIST1, 0, 0, 0, false);
	struct drbd_gi far = gi(NEW2, OTHER, HIST1, 0, false);
	struct drbd_gi alien = gi(OTHER, 0, 0, 0, false);
	struct drbd_gi a_secondary = gi(NEW1, BASE, HIST1, 0, false);
	struct drbd_gi blank = gi(0, 0, 0, 0, false);

	(void)state;
	/* the primary bit (lowest) is not part of a UUID */
	assert_int_equal(sb_relation(&a, &a_secondary), SB_REL_SAME);
	assert_int_equal(sb_relation(&a, &b), SB_REL_SPLIT);          /* 90 */
	assert_int_equal(sb_relation(&a, &old), SB_REL_FIRST_NEWER);  /* 70 */
	assert_int_equal(sb_relation(&old, &a), SB_REL_SECOND_NEWER); /* 50 */
	assert_int_equal(sb_relation(&older, &a), SB_REL_SECOND_NEWER); /* 60 */
	assert_int_equal(sb_relation(&a, &older), SB_REL_FIRST_NEWER); /* 80 */
	assert_int_equal(sb_relation(&a, &far), SB_REL_SPLIT_EARLIER); /* 100 */
	assert_int_equal(sb_relation(&a, &alien), SB_REL_UNRELATED);  /* -1000 */
	/* zero UUIDs are "none", never a common history */
	assert_int_equal(sb_relation(&blank, &blank), SB_REL_UNRELATED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_node2_changed_keep_node2),
		cmocka_unit_test(only_node1_changed_keep_node1),
		cmocka_unit_test(ancestor_side_bits_are_not_changes),
		cmocka_unit_test(both_changed_node2_more_keep_node2),
		cmocka_unit_test(both_changed_node1_more_keep_node1),
		cmocka_unit_test(both_changed_equal_operator_chooses),
		cmocka_unit_test(both_changed_comparable_boundary_is_ten_percent),
		cmocka_unit_test(neither_changed_keep_the_primary),
		cmocka_unit_test(neither_changed_both_primary_keep_the_later_writer),
		cmocka_unit_test(neither_changed_nothing_known_keep_the_first),
		cmocka_unit_test(neither_changed_keep_the_newer_generation),
		cmocka_unit_test(unrelated_data_recommends_nothing),
		cmocka_unit_test(common_history_only_recommends_nothing),
		cmocka_unit_test(inconsistent_side_keep_the_other),
		cmocka_unit_test(just_created_side_keep_the_other),
		cmocka_unit_test(neither_usable_recommends_nothing),
		cmocka_unit_test(unknown_write_times_are_left_out),
		cmocka_unit_test(utc_offset_moves_the_clock),
		cmocka_unit_test(bad_input_is_einval),
		cmocka_unit_test(relation_follows_drbd_uuid_compare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
