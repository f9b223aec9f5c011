/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_write_clock: the time of the sample at which the write count of
 * /sys/block/drbd0/stat moved is the last write time; the first sample and
 * a counter reset only set the base; reads and flushes are not writes; a
 * line that is not a stat line changes nothing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sb_write_clock.h"

/* /sys/block/drbd0/stat on the uml lab's node2 (Linux 6.1, DRBD 8.4.11)
 * while split, before and after it wrote 5 MiB (captured with the files in
 * tests/fixtures/drbd-gi/, steps a3 and b1 of its README). */
#define STAT_BEFORE "       0        0        0        0       27        0     6144       50        0       10       50        0        0        0        0        0        0\n"
#define STAT_AFTER  "       0        0        0        0       72        0    16384       50        0       10       50        0        0        0        0        0        0\n"
/* made up from STAT_AFTER: more reads and a flush, no write */
#define STAT_READ   "      99        0     4040       12       72        0    16384       50        0       30       62        0        0        0        0        3        1\n"
/* made up: Linux before 4.18 prints 11 fields, no discards */
#define STAT_OLD    "       5        0       40        0       80        0    16400       60        0       20       60\n"

#define T0 INT64_C(1773484320)

static void
first_sample_sets_the_base_only(void **state)
{
	struct sb_write_clock c = { 0 };

	(void)state;
	assert_int_equal(sb_write_clock_sample(&c, STAT_AFTER, T0), 0);
	assert_true(c.primed);
	assert_true(c.writes == 72);
	assert_true(c.last_write_s == 0);
}

static void
a_moved_write_count_is_a_write_at_the_sample_time(void **state)
{
	struct sb_write_clock c = { 0 };

	(void)state;
	assert_int_equal(sb_write_clock_sample(&c, STAT_BEFORE, T0), 0);
	assert_int_equal(sb_write_clock_sample(&c, STAT_BEFORE, T0 + 10), 0);
	assert_true(c.last_write_s == 0);
	assert_int_equal(sb_write_clock_sample(&c, STAT_AFTER, T0 + 20), 0);
	assert_true(c.last_write_s == T0 + 20);
	/* reads and flushes later do not move it */
	assert_int_equal(sb_write_clock_sample(&c, STAT_READ, T0 + 30), 0);
	assert_true(c.last_write_s == T0 + 20);
}

static void
discards_are_writes(void **state)
{
	struct sb_write_clock c = { 0 };

	(void)state;
	assert_int_equal(sb_write_clock_sample(&c, STAT_AFTER, T0), 0);
	assert_int_equal(sb_write_clock_sample(&c, "       0        0        0        0       72        0    16384       50        0       12       52        2        0     2048        4        0        0\n", T0 + 10), 0);
	assert_true(c.last_write_s == T0 + 10);
}

/* After a reboot the kernel counts from 0 again: a base, not a write; the
 * persisted last write time stays. */
static void
a_counter_reset_keeps_the_last_write(void **state)
{
	struct sb_write_clock c = { true, 5000, T0 };

	(void)state;
	assert_int_equal(sb_write_clock_sample(&c, STAT_AFTER, T0 + 600), 0);
	assert_true(c.writes == 72);
	assert_true(c.last_write_s == T0);
	assert_int_equal(sb_write_clock_sample(&c, STAT_OLD, T0 + 610), 0);
	assert_true(c.last_write_s == T0 + 610);
}

static void
not_a_stat_line_changes_nothing(void **state)
{
	struct sb_write_clock c = { true, 72, T0 };
	const struct sb_write_clock before = c;
	const char *bad[] = {
		"",
		"5 0 40 0 24 0 6144 812 0 812\n",                 /* 10 fields */
		"5 0 40 0 99 0 6144 812 0 812 812 0 0 0 0 0 0 0\n", /* 18 */
		"5 0 40 0 99x 0 6144 812 0 812 812\n",
		"5 0 40 0 -99 0 6144 812 0 812 812\n",
		"5 0 40 0 99 0 6144 812 0 812 812\n5 0 40 0 99 0 6144 812 0 812 812\n",
		"5 0 40 0 99999999999999999999999 0 6144 812 0 812 812\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(sb_write_clock_sample(&c, bad[i], T0 + 10), -EINVAL);
		assert_memory_equal(&c, &before, sizeof(c));
	}
	assert_int_equal(sb_write_clock_sample(&c, NULL, T0), -EINVAL);
	assert_int_equal(sb_write_clock_sample(NULL, STAT_AFTER, T0), -EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_sample_sets_the_base_only),
		cmocka_unit_test(a_moved_write_count_is_a_write_at_the_sample_time),
		cmocka_unit_test(discards_are_writes),
		cmocka_unit_test(a_counter_reset_keeps_the_last_write),
		cmocka_unit_test(not_a_stat_line_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
