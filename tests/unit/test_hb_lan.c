/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: a watch says nothing before it has listened HB_LAN_LOST_MS,
 * "reaches" while a target answered within that time, "lost" once none
 * did while it kept asking, whether it never heard one or heard one long
 * ago; a node that stalled and asked nothing says nothing; a lost LAN
 * heard again reaches at once; the limit grows with a longer heartbeat
 * timeout, never below its default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hb_lan.h"

#define LOST HB_LAN_LOST_MS
/* every round asked for a silence of that length, at the watch's pace */
#define ASKED_ALL (LOST / HB_LAN_INTERVAL_MS)

static enum hb_lan_state
judge(int64_t now_ms, int64_t since_ms, int64_t reply_ms, unsigned asked)
{
	struct hb_lan_watch w = { .since_ms = since_ms, .reply_ms = reply_ms, .asked = asked };

	return hb_lan_judge(&w, now_ms, LOST);
}

static void
silent_until_it_has_listened_long_enough(void **state)
{
	(void)state;
	assert_int_equal(judge(1000, 1000, 0, 0), HB_LAN_UNKNOWN);
	assert_int_equal(judge(1000 + LOST - 1, 1000, 0, ASKED_ALL), HB_LAN_UNKNOWN);
	assert_int_equal(judge(1000 + LOST, 1000, 0, ASKED_ALL), HB_LAN_LOST);
}

static void
an_answer_within_the_window_reaches(void **state)
{
	(void)state;
	/* the first answer, even before the watch has lasted LOST */
	assert_int_equal(judge(1100, 1000, 1050, 0), HB_LAN_REACHES);
	assert_int_equal(judge(5000, 1000, 5000 - LOST + 1, ASKED_ALL), HB_LAN_REACHES);
}

static void
silence_after_answers_is_lost(void **state)
{
	(void)state;
	assert_int_equal(judge(5000, 1000, 5000 - LOST, ASKED_ALL), HB_LAN_LOST);
	assert_int_equal(judge(60000, 1000, 2000, 580), HB_LAN_LOST);
}

/* The uml guest's case: the last answer 900 ms ago, but the node asked
 * once since (it did not run meanwhile): no verdict, until it has asked
 * long enough without an answer. */
static void
a_node_that_did_not_ask_judges_nothing(void **state)
{
	(void)state;
	assert_int_equal(judge(5900, 1000, 5000, 1), HB_LAN_UNKNOWN);
	assert_int_equal(judge(60000, 1000, 2000, 0), HB_LAN_UNKNOWN);
	/* three quarters of the rounds are enough: a slowed loop judges too */
	assert_int_equal(judge(5000 + LOST, 1000, 5000, ASKED_ALL * 3 / 4 - 1), HB_LAN_UNKNOWN);
	assert_int_equal(judge(5000 + LOST, 1000, 5000, ASKED_ALL * 3 / 4), HB_LAN_LOST);
}

static void
lost_then_heard_again_reaches(void **state)
{
	(void)state;
	assert_int_equal(judge(9000, 1000, 2000, 70), HB_LAN_LOST);
	assert_int_equal(judge(9100, 1000, 9050, 0), HB_LAN_REACHES);
}

static void
the_limit_follows_a_longer_heartbeat(void **state)
{
	struct hb_lan_watch w = { .since_ms = 0, .reply_ms = 1000, .asked = 60 };

	(void)state;
	assert_int_equal(hb_lan_lost_ms(0), LOST);
	assert_int_equal(hb_lan_lost_ms(600), LOST);     /* the shipped token */
	assert_int_equal(hb_lan_lost_ms(300), LOST);     /* never below */
	assert_int_equal(hb_lan_lost_ms(1500), 2000);
	assert_int_equal(hb_lan_lost_ms(5000), 6664);    /* the uml lab's */
	/* 6 s of silence: lost at the default, not yet at the uml lab's */
	assert_int_equal(hb_lan_judge(&w, 7000, hb_lan_lost_ms(0)), HB_LAN_LOST);
	assert_int_equal(hb_lan_judge(&w, 7000, hb_lan_lost_ms(5000)), HB_LAN_REACHES);
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
		cmocka_unit_test(a_node_that_did_not_ask_judges_nothing),
		cmocka_unit_test(lost_then_heard_again_reaches),
		cmocka_unit_test(the_limit_follows_a_longer_heartbeat),
		cmocka_unit_test(states_have_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
