/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_gi: get-gi and show-gi as DRBD 8.4 printed them in the uml lab's
 * split brains and as drbd-utils prints them for DRBD 9
 * (tests/fixtures/drbd-gi/, its README says which is which) give the
 * UUIDs and flags DRBD had; the kernel's handshake dump gives the bits;
 * anything else is refused with a sentence. */
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

#include "drbd_gi.h"
#include "sb_recommend.h"
#include "fixture.h"

#define ERR_MAX 256

/* A fixture: the bytes DRBD printed, nothing added (provenance: the
 * folder's README.md). */
static gchar *
fixture(const char *name)
{
	return test_fixture("drbd-gi", name);
}

static struct drbd_gi
parse_fixture(const char *name)
{
	struct drbd_gi gi;
	char err[ERR_MAX] = "";
	gchar *text = fixture(name);
	int rc = drbd_gi_parse(text, &gi, err, sizeof(err));

	if (rc != 0)
		printf("# %s: %s\n", name, err);
	assert_int_equal(rc, 0);
	g_free(text);
	return gi;
}

/* ------------------------------------------------------------ DRBD 8.4 */

static void
get_gi_84_connected_primary(void **state)
{
	struct drbd_gi gi = parse_fixture("84-get-gi-connected-primary.txt");

	(void)state;
	assert_int_equal(gi.source, DRBD_GI_SRC_84);
	/* the primary bit is set on the primary's current UUID */
	assert_true(gi.current_uuid == UINT64_C(0x310871954B9A2547));
	assert_true(gi.bitmap_uuid == 0);
	assert_true(gi.history_uuid[0] == UINT64_C(0x693A2F9C2A267B6D));
	assert_true(gi.history_uuid[1] == DRBD_GI_UUID_JUST_CREATED);
	assert_true(gi.has_flags);
	assert_true(gi.consistent);
	assert_true(gi.was_uptodate);
	assert_true(gi.primary_ind);
	assert_true(gi.connected_ind);
	assert_false(gi.full_sync);
	assert_false(gi.peer_outdated);
	assert_false(gi.crashed_primary);
	assert_false(gi.has_al_clean);
	assert_false(gi.has_bits);
}

static void
get_gi_84_connected_secondary(void **state)
{
	struct drbd_gi p = parse_fixture("84-get-gi-connected-primary.txt");
	struct drbd_gi gi = parse_fixture("84-get-gi-connected-secondary.txt");

	(void)state;
	assert_int_equal(gi.source, DRBD_GI_SRC_84);
	assert_true(gi.current_uuid == UINT64_C(0x310871954B9A2546));
	assert_true(drbd_gi_uuid(gi.current_uuid) == drbd_gi_uuid(p.current_uuid));
	assert_false(gi.primary_ind);
	assert_true(gi.connected_ind);
}

/* show-gi's legend is skipped; its "meta-data:" line is kept. */
static void
show_gi_84_is_get_gi_plus_meta_data(void **state)
{
	struct drbd_gi a = parse_fixture("84-get-gi-connected-primary.txt");
	struct drbd_gi b = parse_fixture("84-show-gi-connected-primary.txt");
	struct drbd_gi c = parse_fixture("84-drbdsetup-show-gi-standalone.txt");

	(void)state;
	assert_true(b.has_al_clean);
	assert_false(b.al_clean);             /* "meta-data: need apply-al" */
	b.has_al_clean = false;
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(c.source, DRBD_GI_SRC_84);
	assert_true(c.current_uuid == UINT64_C(0x0FD0B0CFA9FDC7F9));
	assert_true(c.bitmap_uuid == UINT64_C(0x310871954B9A2546));
	assert_true(c.primary_ind);
	assert_false(c.connected_ind);        /* "flags: Primary, StandAlone" */
}

/* The split brain of a captured scenario as hapaird would see it: each
 * node's get-gi, and the KiB changed from node1's kernel log of the
 * handshake that found the split brain (its last self/peer lines). */
static void
scenario(const char *name, struct sb_side s[SB_NODES])
{
	char file[128], err[ERR_MAX];
	gchar *log, **lines;
	struct drbd_gi self, peer, d;
	bool have_self = false, have_peer = false;

	memset(s, 0, sizeof(struct sb_side) * SB_NODES);
	s[0].name = "node1";
	s[1].name = "node2";
	snprintf(file, sizeof(file), "84-sb-%s-get-gi-node1.txt", name);
	s[0].gi = parse_fixture(file);
	snprintf(file, sizeof(file), "84-sb-%s-get-gi-node2.txt", name);
	s[1].gi = parse_fixture(file);
	snprintf(file, sizeof(file), "84-sb-%s-dmesg-node1.txt", name);
	log = fixture(file);
	lines = g_strsplit(log, "\n", -1);
	for (size_t i = 0; lines[i] != NULL; i++) {
		int rc = drbd_gi_parse_uuid_dump(lines[i], &d, err, sizeof(err));

		assert_true(rc == 0 || rc == -ENOENT);
		if (rc != 0)
			continue;
		if (d.is_peer) {
			peer = d;
			have_peer = true;
		} else {
			self = d;
			have_self = true;
		}
	}
	assert_true(have_self && have_peer);
	/* the handshake saw the UUIDs get-gi printed (up to the primary bit) */
	assert_true(drbd_gi_uuid(self.current_uuid) ==
	    drbd_gi_uuid(s[0].gi.current_uuid));
	assert_true(drbd_gi_uuid(peer.current_uuid) ==
	    drbd_gi_uuid(s[1].gi.current_uuid));
	s[0].changed_kib = self.out_of_sync_kib;
	s[1].changed_kib = peer.out_of_sync_kib;
	g_strfreev(lines);
	g_free(log);
}

static struct sb_recommendation
recommend(const struct sb_side s[SB_NODES])
{
	struct sb_recommendation r;

	assert_int_equal(sb_recommend(s, 0, &r), 0);
	return r;
}

static void
split_brain_84_node2_wrote_keep_node2(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("node2-wrote", s);
	/* both rotated their UUIDs (node1 on losing its peer as primary,
	 * node2 on its promotion); both bitmaps start at the old current */
	assert_true(s[0].gi.current_uuid == UINT64_C(0xA2DACA939B78085F));
	assert_true(s[1].gi.current_uuid == UINT64_C(0x0FD0B0CFA9FDC7F9));
	assert_true(s[0].changed_kib == 0 && s[1].changed_kib == 3072);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_SPLIT);
	assert_int_equal(r.keep, 1);
	assert_int_equal(r.kind, SB_KIND_ONE_CHANGED);
	assert_string_equal(r.explanation, "Since the split node2 changed 3,072 "
	    "KiB and node1 changed nothing: keep node2.");
}

static void
split_brain_84_both_wrote_keep_node2(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("both-wrote", s);
	assert_true(s[0].changed_kib == 1024 && s[1].changed_kib == 5120);
	/* the nodes' clocks when the capture step after the writes ran */
	s[0].last_write_s = INT64_C(1795341968);
	s[1].last_write_s = INT64_C(1795341973);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_SPLIT);
	assert_int_equal(r.keep, 1);
	assert_int_equal(r.kind, SB_KIND_BOTH_CHANGED);
	assert_string_equal(r.explanation, "Both nodes changed data since the "
	    "split: node2 changed 5,120 KiB (last write at 10:06), node1 changed "
	    "1,024 KiB (last write at 10:06). Keep node2, which changed more; "
	    "node1's changes (1,024 KiB) will be discarded.");
}

/* With Pacemaker's resource-level fencing node2's disk was Outdated, so it
 * was forced primary: two rotations on node2 left only the newest history
 * UUID common (DRBD: rule 100, unresolvable).  Neither bitmap was cleared
 * since the last common sync, so the amounts still tell: keep node2. */
static void
split_brain_84_forced_primary_keep_node2(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("forced", s);
	assert_true(s[0].changed_kib == 1072 && s[1].changed_kib == 8232);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_SPLIT_EARLIER);
	assert_int_equal(r.keep, 1);
	assert_int_equal(r.kind, SB_KIND_BOTH_CHANGED);
	assert_string_equal(r.explanation, "Both nodes changed data since the "
	    "split: node2 changed 8,232 KiB, node1 changed 1,072 KiB. Keep node2, "
	    "which changed more; node1's changes (1,072 KiB) will be discarded.");
}

static void
split_brain_84_neither_wrote_either_is_fine(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("neither-wrote", s);
	assert_true(s[0].changed_kib == 0 && s[1].changed_kib == 0);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_SPLIT);
	assert_int_equal(r.keep, 0);
	assert_int_equal(r.kind, SB_KIND_NEITHER_CHANGED);
	assert_string_equal(r.explanation, "Neither node changed anything since "
	    "the split: no data is lost either way; keep node1.");
}

/* No split brain for DRBD (rule 70: node1 becomes sync source), and the
 * same answer here. */
static void
disconnect_84_node1_wrote_node2_secondary_keep_node1(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("node1-wrote-node2-secondary", s);
	assert_true(s[0].changed_kib == 2048 && s[1].changed_kib == 0);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_FIRST_NEWER);
	assert_int_equal(r.keep, 0);
	assert_string_equal(r.explanation, "Since the split node1 changed 2,048 "
	    "KiB and node2 changed nothing: keep node1.");
}

/* Both forced primary on fresh meta-data: DRBD calls it a split brain
 * (rule 90 matches the common bitmap UUID 4, "just created"), but the
 * data share no generation, and every block differs. */
static void
split_brain_84_fresh_meta_data_is_unrelated(void **state)
{
	struct sb_side s[SB_NODES];
	struct sb_recommendation r;

	(void)state;
	scenario("unrelated", s);
	assert_true(s[0].gi.bitmap_uuid == DRBD_GI_UUID_JUST_CREATED);
	assert_true(s[0].changed_kib == 262100 && s[1].changed_kib == 262100);
	r = recommend(s);
	assert_int_equal(r.relation, SB_REL_UNRELATED);
	assert_int_equal(r.keep, SB_KEEP_NONE);
	assert_int_equal(r.kind, SB_KIND_UNRELATED);
}

/* ------------------------------------------------------------ DRBD 9 */

static void
get_gi_9_split_primary(void **state)
{
	struct drbd_gi gi = parse_fixture("9-get-gi-split-primary.txt");

	(void)state;
	assert_int_equal(gi.source, DRBD_GI_SRC_9);
	assert_true(gi.current_uuid == UINT64_C(0x9E2D3C4B5A697879));
	assert_true(gi.bitmap_uuid == UINT64_C(0x6B3A4D5E1F2C3B40));
	assert_true(gi.history_uuid[0] == UINT64_C(0x2F0E9D8C7B6A5940));
	assert_true(gi.history_uuid[1] == 0);
	assert_true(drbd_gi_uuid(gi.current_uuid) == UINT64_C(0x9E2D3C4B5A697878));
	assert_true(gi.has_flags);
	assert_true(gi.consistent);
	assert_true(gi.was_uptodate);
	assert_true(gi.primary_ind);
	assert_false(gi.crashed_primary);
	assert_true(gi.has_al_clean);
	assert_false(gi.al_clean);
	assert_false(gi.al_disabled);
	assert_false(gi.primary_lost_quorum);
	assert_false(gi.connected_ind);
	assert_false(gi.peer_outdated);
	assert_true(gi.peer_fencing);
	assert_false(gi.full_sync);
	assert_true(gi.peer_device_seen);
	assert_false(gi.has_bits);
}

static void
show_gi_9_is_the_same_as_get_gi(void **state)
{
	struct drbd_gi a = parse_fixture("9-get-gi-split-primary.txt");
	struct drbd_gi b = parse_fixture("9-show-gi-split-primary.txt");

	(void)state;
	assert_memory_equal(&a, &b, sizeof(a));
}

static void
get_gi_9_connected_secondary(void **state)
{
	struct drbd_gi gi = parse_fixture("9-get-gi-connected-secondary.txt");

	(void)state;
	assert_int_equal(gi.source, DRBD_GI_SRC_9);
	assert_true(gi.bitmap_uuid == 0);
	assert_false(gi.primary_ind);
	assert_true(gi.al_clean);
	assert_true(gi.connected_ind);
	assert_true(gi.peer_fencing);
}

static void
kernel_dump_9_self_and_peer_with_bits(void **state)
{
	gchar *text = fixture("9-kernel-uuid-dump.txt");
	gchar **lines = g_strsplit(text, "\n", -1);
	struct drbd_gi self, peer, none;
	char err[ERR_MAX];

	(void)state;
	assert_int_equal(drbd_gi_parse_uuid_dump(lines[0], &none, err, sizeof(err)),
	    -ENOENT);
	assert_int_equal(drbd_gi_parse_uuid_dump(lines[1], &self, err, sizeof(err)), 0);
	assert_int_equal(drbd_gi_parse_uuid_dump(lines[2], &peer, err, sizeof(err)), 0);
	assert_int_equal(drbd_gi_parse_uuid_dump(lines[3], &none, err, sizeof(err)),
	    -ENOENT);
	assert_int_equal(self.source, DRBD_GI_SRC_KERNEL_LOG);
	assert_false(self.is_peer);
	assert_true(peer.is_peer);
	assert_false(self.has_flags);
	assert_true(self.has_bits);
	assert_true(self.current_uuid == UINT64_C(0x9E2D3C4B5A697879));
	assert_true(self.bits_set == 1280);
	assert_true(self.out_of_sync_kib == 5120);
	assert_true(self.uuid_flags == 0x120);
	assert_true(peer.current_uuid == UINT64_C(0x1029384756AFBE2D));
	assert_true(peer.bitmap_uuid == UINT64_C(0x6B3A4D5E1F2C3B40));
	assert_true(peer.bits_set == 256);
	assert_true(peer.out_of_sync_kib == 1024);
	assert_true(peer.uuid_flags == 0x1120);
	g_strfreev(lines);
	g_free(text);
}

/* ------------------------------------------------------------ flag order */

/* Every flag in its place: a line with only flag i set sets exactly the
 * field drbd-utils prints there (dt_print_uuids for 8.4, dt_print_v9_uuids
 * for 9), and nothing else. */
static int
flags_set(const struct drbd_gi *g, char *names, size_t len)
{
	const struct { const char *name; bool v; } f[] = {
		{ "consistent", g->consistent }, { "was_uptodate", g->was_uptodate },
		{ "primary_ind", g->primary_ind },
		{ "crashed_primary", g->crashed_primary },
		{ "connected_ind", g->connected_ind }, { "full_sync", g->full_sync },
		{ "peer_outdated", g->peer_outdated }, { "al_clean", g->al_clean },
		{ "al_disabled", g->al_disabled },
		{ "primary_lost_quorum", g->primary_lost_quorum },
		{ "peer_fencing", g->peer_fencing },
		{ "peer_device_seen", g->peer_device_seen },
	};
	int n = 0;

	names[0] = '\0';
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (!f[i].v)
			continue;
		n++;
		g_strlcat(names, f[i].name, len);
	}
	return n;
}

static void
one_flag_at_a_time(int nflags, const char *const *want)
{
	for (int i = 0; i < nflags; i++) {
		GString *line = g_string_new("6B3A4D5E1F2C3B40:0000000000000000:"
		    "2F0E9D8C7B6A5940:0000000000000000");
		struct drbd_gi gi;
		char err[ERR_MAX], names[ERR_MAX];

		for (int j = 0; j < nflags; j++)
			g_string_append(line, j == i ? ":1" : ":0");
		g_string_append_c(line, '\n');
		assert_int_equal(drbd_gi_parse(line->str, &gi, err, sizeof(err)), 0);
		assert_int_equal(flags_set(&gi, names, sizeof(names)), 1);
		assert_string_equal(names, want[i]);
		g_string_free(line, TRUE);
	}
}

static void
each_flag_lands_in_its_field_84_and_9(void **state)
{
	static const char *const order84[DRBD_GI_FLAGS_84] = {
		"consistent", "was_uptodate", "primary_ind", "connected_ind",
		"full_sync", "peer_outdated", "crashed_primary",
	};
	static const char *const order9[DRBD_GI_FLAGS_9] = {
		"consistent", "was_uptodate", "primary_ind", "crashed_primary",
		"al_clean", "al_disabled", "primary_lost_quorum", "connected_ind",
		"peer_outdated", "peer_fencing", "full_sync", "peer_device_seen",
	};

	(void)state;
	one_flag_at_a_time(DRBD_GI_FLAGS_84, order84);
	one_flag_at_a_time(DRBD_GI_FLAGS_9, order9);
}

/* ------------------------------------------------------------ errors */

static void
expect_error(const char *text, const char *want)
{
	struct drbd_gi gi;
	char err[ERR_MAX] = "";

	memset(&gi, 0x5a, sizeof(gi));
	assert_int_equal(drbd_gi_parse(text, &gi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, want);
}

static void
malformed_gi_is_refused_with_a_reason(void **state)
{
	(void)state;
	expect_error("", "no generation identifiers: the output is empty (is "
	    "the resource up with its disk attached?)");
	expect_error("Device has no disk\n", "no generation identifiers in the "
	    "output; it says 'Device has no disk'");
	/* 15 hex digits: not a UUID, so no identifier line at all */
	expect_error("6B3A4D5E1F2C3B4:0000000000000000:0000000000000000:"
	    "0000000000000000:1:1:0:0:0:0:0\n", "no generation identifiers in the "
	    "output; it says '6B3A4D5E1F2C3B4:0000000000000000:0000000000000000:"
	    "0000000000...'");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940\n",
	    "generation identifiers '6B3A4D5E1F2C3B40:0000000000000000:"
	    "2F0E9D8C7B6A5940': expected four UUIDs of 16 hex digits separated "
	    "by ':'");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "000000000000000G:1:1:0:0:0:0:0\n", "generation identifiers "
	    "'6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:000000000...': "
	    "expected four UUIDs of 16 hex digits separated by ':'");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "0000000000000000:1:1:0:0:0:0\n", "generation identifiers have 6 "
	    "flags; expected 7 (DRBD 8.4) or 12 (DRBD 9): a truncated or unknown "
	    "get-gi output");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "0000000000000000:1:1:2:0:0:0:0\n", "generation identifiers: flag 3 "
	    "is not 0 or 1 in '6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940"
	    ":000000000...'");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "0000000000000000:1:1:0:0:0:0:0:0:0:0:0:0:1\n", "generation "
	    "identifiers have more than 12 flags: not a format of DRBD 8.4 or 9");
	expect_error("6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "0000000000000000:1:1:0:0:0:0:0\n"
	    "6B3A4D5E1F2C3B40:0000000000000000:2F0E9D8C7B6A5940:"
	    "0000000000000000:1:1:0:0:0:0:0\n", "several generation-identifier "
	    "lines: ask get-gi for one volume at a time");
	expect_error(NULL, "no get-gi output");
}

static void
malformed_kernel_dump_is_refused(void **state)
{
	struct drbd_gi gi;
	char err[ERR_MAX] = "";

	(void)state;
	assert_int_equal(drbd_gi_parse_uuid_dump("drbd r0: self "
	    "9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940 bits:0 flags:0",
	    &gi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "kernel UUID dump '9E2D3C4B5A697879:"
	    "6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940 bits:0 fl...': expected four "
	    "UUIDs");
	assert_int_equal(drbd_gi_parse_uuid_dump("drbd r0: self "
	    "9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940:0000000000000000"
	    " flags:0", &gi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "kernel UUID dump: no bits: after the UUIDs in "
	    "'9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940:000000000...'");
	assert_int_equal(drbd_gi_parse_uuid_dump("drbd r0: self "
	    "9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940:0000000000000000"
	    " bits:12 flags:0 extra", &gi, err, sizeof(err)), -EINVAL);
	assert_int_equal(drbd_gi_parse_uuid_dump("drbd r0: self "
	    "9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940:0000000000000000"
	    " bits:18446744073709551615 flags:0", &gi, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "kernel UUID dump: bits:18446744073709551615 is "
	    "more than any disk holds");
	/* "myself" is not the word "self" */
	assert_int_equal(drbd_gi_parse_uuid_dump("myself "
	    "9E2D3C4B5A697879:6B3A4D5E1F2C3B40:2F0E9D8C7B6A5940:0000000000000000"
	    " bits:1 flags:0", &gi, err, sizeof(err)), -ENOENT);
	assert_int_equal(drbd_gi_parse_uuid_dump(NULL, &gi, err, sizeof(err)),
	    -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(get_gi_84_connected_primary),
		cmocka_unit_test(get_gi_84_connected_secondary),
		cmocka_unit_test(show_gi_84_is_get_gi_plus_meta_data),
		cmocka_unit_test(split_brain_84_node2_wrote_keep_node2),
		cmocka_unit_test(split_brain_84_both_wrote_keep_node2),
		cmocka_unit_test(split_brain_84_forced_primary_keep_node2),
		cmocka_unit_test(split_brain_84_neither_wrote_either_is_fine),
		cmocka_unit_test(disconnect_84_node1_wrote_node2_secondary_keep_node1),
		cmocka_unit_test(split_brain_84_fresh_meta_data_is_unrelated),
		cmocka_unit_test(get_gi_9_split_primary),
		cmocka_unit_test(show_gi_9_is_the_same_as_get_gi),
		cmocka_unit_test(get_gi_9_connected_secondary),
		cmocka_unit_test(kernel_dump_9_self_and_peer_with_bits),
		cmocka_unit_test(each_flag_lands_in_its_field_84_and_9),
		cmocka_unit_test(malformed_gi_is_refused_with_a_reason),
		cmocka_unit_test(malformed_kernel_dump_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
