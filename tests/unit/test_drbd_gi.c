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

#define ERR_MAX 256

/* A fixture: the bytes DRBD printed, nothing added (provenance: the
 * folder's README.md). */
static gchar *
fixture(const char *name)
{
	const char *top = getenv("top_srcdir");
	gchar *path = g_strdup_printf("%s/tests/fixtures/drbd-gi/%s",
	    top && *top ? top : ".", name);
	gchar *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		printf("# cannot read %s\n", path);
		fail();
	}
	g_free(path);
	return text;
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
		cmocka_unit_test(get_gi_9_split_primary),
		cmocka_unit_test(show_gi_9_is_the_same_as_get_gi),
		cmocka_unit_test(get_gi_9_connected_secondary),
		cmocka_unit_test(kernel_dump_9_self_and_peer_with_bits),
		cmocka_unit_test(malformed_gi_is_refused_with_a_reason),
		cmocka_unit_test(malformed_kernel_dump_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
