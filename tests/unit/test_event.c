/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Event vocabulary: severity names and --since parsing. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"

#define NOW_US (INT64_C(1795329015) * 1000000)   /* 2026-11-22 06:30:15 UTC */

static void
severity_names_round_trip(void **state)
{
	for (int i = 0; i < EV_SEVERITY_COUNT; i++) {
		enum ev_severity s;

		assert_int_equal(ev_severity_parse(ev_severity_name(i), &s), 0);
		assert_int_equal(s, i);
	}
}

static void
severity_accepts_aliases_and_any_case(void **state)
{
	enum ev_severity s;

	assert_int_equal(ev_severity_parse("WARN", &s), 0);
	assert_int_equal(s, EV_WARNING);
	assert_int_equal(ev_severity_parse("err", &s), 0);
	assert_int_equal(s, EV_ERROR);
	assert_int_equal(ev_severity_parse("Notice", &s), 0);
	assert_int_equal(s, EV_NOTICE);
	assert_int_equal(ev_severity_parse("loud", &s), -EINVAL);
	assert_string_equal(ev_severity_name(99), "unknown");
}

static void
since_relative_durations_count_back_from_now(void **state)
{
	int64_t t;

	assert_int_equal(ev_since_parse("30s", NOW_US, &t), 0);
	assert_true(t == NOW_US - INT64_C(30) * 1000000);
	assert_int_equal(ev_since_parse("10m", NOW_US, &t), 0);
	assert_true(t == NOW_US - INT64_C(600) * 1000000);
	assert_int_equal(ev_since_parse("2h", NOW_US, &t), 0);
	assert_true(t == NOW_US - INT64_C(7200) * 1000000);
	assert_int_equal(ev_since_parse("3d", NOW_US, &t), 0);
	assert_true(t == NOW_US - INT64_C(3) * 86400 * 1000000);
}

static void
since_dates_are_utc(void **state)
{
	int64_t t;

	assert_int_equal(ev_since_parse("2026-11-22", NOW_US, &t), 0);
	assert_true(t == INT64_C(1795305600) * 1000000);
	assert_int_equal(ev_since_parse("2026-11-22 06:30", NOW_US, &t), 0);
	assert_true(t == INT64_C(1795329000) * 1000000);
	assert_int_equal(ev_since_parse("2026-11-22T06:30:15", NOW_US, &t), 0);
	assert_true(t == NOW_US);
	assert_int_equal(ev_since_parse("@1795329015", NOW_US, &t), 0);
	assert_true(t == NOW_US);
}

static void
since_rejects_what_it_cannot_read(void **state)
{
	static const char *const bad[] = {
		"", "10", "10x", "m", "-5m", "yesterday", "2026-13-45", "2026-11-22 25:00",
		"@", "@12a", "5mm", "99999999999999999d",
	};
	int64_t t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ev_since_parse(bad[i], NOW_US, &t), -EINVAL);
}

static void
time_format_is_utc_seconds(void **state)
{
	char buf[32];

	ev_format_time(NOW_US + 999999, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-22 06:30:15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(severity_names_round_trip),
		cmocka_unit_test(severity_accepts_aliases_and_any_case),
		cmocka_unit_test(since_relative_durations_count_back_from_now),
		cmocka_unit_test(since_dates_are_utc),
		cmocka_unit_test(since_rejects_what_it_cannot_read),
		cmocka_unit_test(time_format_is_utc_seconds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
