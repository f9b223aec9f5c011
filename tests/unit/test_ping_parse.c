/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ping_parse: which addresses the connectivity test takes, and iputils
 * ping's summary read from real output. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>

#include "ping_parse.h"

static void
literal_unicast_addresses_are_taken(void **state)
{
	static const char *const good[] = {
		"10.98.0.1", "192.168.250.2", "::1", "fe80::1", "2001:db8::10",
	};
	char err[256];

	for (size_t i = 0; i < G_N_ELEMENTS(good); i++)
		assert_int_equal(ping_address_check(good[i], err, sizeof(err)), 0);
}

static void
names_options_and_group_addresses_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "example.com", "-f", "-c1000000 10.0.0.1", "10.0.0.1 ", " 10.0.0.1",
		"10.0.0.256", "10.0.0.1;reboot", "0.0.0.0", "::", "224.0.0.1", "ff02::1",
		"255.255.255.255", "fe80::1%eth0", "10.0.0.1/24",
	};
	char err[256];

	assert_int_equal(ping_address_check(NULL, err, sizeof(err)), -EINVAL);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		err[0] = '\0';
		if (ping_address_check(bad[i], err, sizeof(err)) != -EINVAL)
			fail_msg("'%s' was taken", bad[i]);
		assert_true(err[0] != '\0');
	}
}

static void
answered_ping_is_read(void **state)
{
	static const char out[] =
	    "PING 10.98.0.100 (10.98.0.100) 56(84) bytes of data.\n"
	    "64 bytes from 10.98.0.100: icmp_seq=1 ttl=64 time=0.050 ms\n"
	    "64 bytes from 10.98.0.100: icmp_seq=2 ttl=64 time=0.041 ms\n"
	    "\n--- 10.98.0.100 ping statistics ---\n"
	    "3 packets transmitted, 2 received, 33.3333% packet loss, time 402ms\n"
	    "rtt min/avg/max/mdev = 0.041/0.045/0.050/0.004 ms\n";
	struct ping_result r;

	assert_int_equal(ping_parse_output(out, &r), 0);
	assert_int_equal(r.transmitted, 3);
	assert_int_equal(r.received, 2);
	assert_int_equal(r.loss_percent, 33);
	assert_true(r.have_rtt);
	assert_true(r.rtt_min_ms > 0.040 && r.rtt_min_ms < 0.042);
	assert_true(r.rtt_max_ms > 0.049 && r.rtt_max_ms < 0.051);
}

static void
unanswered_ping_is_read(void **state)
{
	static const char out[] =
	    "PING 10.98.0.77 (10.98.0.77) 56(84) bytes of data.\n"
	    "From 10.98.0.11 icmp_seq=1 Destination Host Unreachable\n"
	    "\n--- 10.98.0.77 ping statistics ---\n"
	    "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2041ms\n";
	struct ping_result r;

	assert_int_equal(ping_parse_output(out, &r), 0);
	assert_int_equal(r.received, 0);
	assert_int_equal(r.loss_percent, 100);
	assert_false(r.have_rtt);
}

static void
ping_that_never_sent_has_no_summary(void **state)
{
	struct ping_result r;

	assert_int_equal(ping_parse_output("ping: connect: Network is unreachable\n", &r),
	    -ENOENT);
	assert_int_equal(ping_parse_output(NULL, &r), -ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_unicast_addresses_are_taken),
		cmocka_unit_test(names_options_and_group_addresses_are_refused),
		cmocka_unit_test(answered_ping_is_read),
		cmocka_unit_test(unanswered_ping_is_read),
		cmocka_unit_test(ping_that_never_sent_has_no_summary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
