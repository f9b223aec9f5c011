/* SPDX-License-Identifier: GPL-2.0-or-later */
/* addr_local_iface on the machine's own interfaces: loopback's addresses
 * are found on lo, with or without a prefix; an address no interface has
 * (TEST-NET-1) and text that is no address are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "addr_local.h"

static void
loopback_found_on_lo(void **state)
{
	char ifname[32] = "";

	(void)state;
	assert_true(addr_local_iface("127.0.0.1", ifname, sizeof(ifname)));
	assert_string_equal(ifname, "lo");
	ifname[0] = '\0';
	assert_true(addr_local_iface("127.0.0.1/8", ifname, sizeof(ifname)));
	assert_string_equal(ifname, "lo");
	assert_true(addr_local_iface("127.0.0.1/8", NULL, 0));
}

/* ::1 when the kernel gives lo one (IPv6 may be off on a build host) */
static void
ipv6_loopback_when_there(void **state)
{
	char line[128], ifname[32] = "";
	bool there = false;
	FILE *f = fopen("/proc/net/if_inet6", "r");

	(void)state;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		there |= strncmp(line, "00000000000000000000000000000001 ", 33) == 0;
	if (f != NULL)
		fclose(f);
	if (!there)
		skip();
	assert_true(addr_local_iface("::1/128", ifname, sizeof(ifname)));
	assert_string_equal(ifname, "lo");
}

static void
absent_or_not_an_address(void **state)
{
	char ifname[32] = "unchanged";

	(void)state;
	assert_false(addr_local_iface("192.0.2.77/24", ifname, sizeof(ifname)));
	assert_false(addr_local_iface("2001:db8::77", ifname, sizeof(ifname)));
	assert_false(addr_local_iface("", ifname, sizeof(ifname)));
	assert_false(addr_local_iface("localhost", ifname, sizeof(ifname)));
	assert_false(addr_local_iface("127.0.0.1.1", ifname, sizeof(ifname)));
	assert_false(addr_local_iface("127.000.000.001.000.000.000.000.000.000.000.001/8",
	    ifname, sizeof(ifname)));
	assert_string_equal(ifname, "unchanged");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(loopback_found_on_lo),
		cmocka_unit_test(ipv6_loopback_when_there),
		cmocka_unit_test(absent_or_not_an_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
