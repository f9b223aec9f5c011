/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: a watch says nothing before it has listened HB_LAN_LOST_MS,
 * "reaches" while a target answered within that time, "lost" once none
 * did, whether it never heard one or heard one long ago; and a lost LAN
 * heard again reaches at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hb_lan.h"

#define LOST HB_LAN_LOST_MS

static void
silent_until_it_has_listened_long_enough(void **state)
{
	(void)state;
	assert_int_equal(hb_lan_judge(1000, 1000, 0, LOST), HB_LAN_UNKNOWN);
	assert_int_equal(hb_lan_judge(1000 + LOST - 1, 1000, 0, LOST), HB_LAN_UNKNOWN);
	assert_int_equal(hb_lan_judge(1000 + LOST, 1000, 0, LOST), HB_LAN_LOST);
}

static void
an_answer_within_the_window_reaches(void **state)
{
	(void)state;
	/* the first answer, even before the watch has lasted LOST */
	assert_int_equal(hb_lan_judge(1100, 1000, 1050, LOST), HB_LAN_REACHES);
	assert_int_equal(hb_lan_judge(5000, 1000, 5000 - LOST + 1, LOST), HB_LAN_REACHES);
}

static void
silence_after_answers_is_lost(void **state)
{
	(void)state;
	assert_int_equal(hb_lan_judge(5000, 1000, 5000 - LOST, LOST), HB_LAN_LOST);
	assert_int_equal(hb_lan_judge(60000, 1000, 2000, LOST), HB_LAN_LOST);
}

static void
lost_then_heard_again_reaches(void **state)
{
	(void)state;
	assert_int_equal(hb_lan_judge(9000, 1000, 2000, LOST), HB_LAN_LOST);
	assert_int_equal(hb_lan_judge(9100, 1000, 9050, LOST), HB_LAN_REACHES);
}

static void
states_have_names(void **state)
{
	(void)state;
	assert_string_equal(hb_lan_state_name(HB_LAN_REACHES), "reaches");
	assert_string_equal(hb_lan_state_name(HB_LAN_LOST), "lost");
	assert_string_equal(hb_lan_state_name(HB_LAN_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(silent_until_it_has_listened_long_enough),
		cmocka_unit_test(an_answer_within_the_window_reaches),
		cmocka_unit_test(silence_after_answers_is_lost),
		cmocka_unit_test(lost_then_heard_again_reaches),
		cmocka_unit_test(states_have_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
