/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DRBD resource file generation: golden files for 8.4 and 9 syntax, the
 * fencing and split-brain policies, and every input it refuses. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "drbd_res.h"
#include "gen_fixtures.h"
#include "golden.h"

#define SECRET "00112233445566778899aabbccddeeff0011223344556677"

static const struct drbd_res_params base = {
	.resource = "r0",
	.minor = 0,
	.disk = "/dev/sdb",
	.nodes = { { "node1", "192.168.250.1" }, { "node2", "192.168.250.2" } },
	.shared_secret = SECRET,
	.kernel_major = 8,
};

static void
check_golden(const char *name)
{
	const struct gen_shape *s = gen_shape_find(name);
	GString *out = g_string_new("");
	char err[256] = "";

	assert_non_null(s);
	assert_int_equal(gen_render(s, out, err, sizeof(err)), 0);
	golden_check(name, out->str);
	g_string_free(out, TRUE);
}

static void
drbd84_resource_matches_golden(void **state)
{
	check_golden("drbd-r0-84.res");
}

static void
drbd9_resource_matches_golden(void **state)
{
	check_golden("drbd-r0-9.res");
}

static void
drbd9_ipv6_resource_matches_golden(void **state)
{
	check_golden("drbd-r0-9-ipv6.res");
}

static char *
render(const struct drbd_res_params *p)
{
	GString *out = g_string_new("");
	char err[256] = "";

	assert_int_equal(drbd_res_render(p, out, err, sizeof(err)), 0);
	return g_string_free(out, FALSE);
}

/* The text of section NAME ("\tdisk {" up to its "\t}"). */
static char *
section(const char *text, const char *name)
{
	char *head = g_strdup_printf("\n\t%s {\n", name);
	const char *start = strstr(text, head), *end;

	g_free(head);
	assert_non_null(start);
	end = strstr(start, "\n\t}\n");
	assert_non_null(end);
	return g_strndup(start, (size_t)(end - start) + 1);   /* with its last newline */
}

static void
drbd84_fences_in_disk_and_unfences_after_resync(void **state)
{
	char *text = render(&base);
	char *disk = section(text, "disk"), *net = section(text, "net");
	char *handlers = section(text, "handlers");

	assert_non_null(strstr(disk, "fencing resource-and-stonith;"));
	assert_null(strstr(net, "fencing"));
	assert_non_null(strstr(handlers, "fence-peer \"/usr/lib/drbd/crm-fence-peer.sh\";"));
	assert_non_null(strstr(handlers, "after-resync-target \"/usr/lib/drbd/crm-unfence-peer.sh\";"));
	assert_null(strstr(text, "node-id"));
	g_free(disk);
	g_free(net);
	g_free(handlers);
	g_free(text);
}

static void
drbd9_fences_in_net_with_the_9_handlers_and_node_ids(void **state)
{
	struct drbd_res_params p = base;
	char *text, *disk, *net, *handlers;

	p.kernel_major = 9;
	text = render(&p);
	disk = section(text, "disk");
	net = section(text, "net");
	handlers = section(text, "handlers");
	assert_null(strstr(disk, "fencing"));
	assert_non_null(strstr(net, "fencing resource-and-stonith;"));
	assert_non_null(strstr(handlers, "fence-peer \"/usr/lib/drbd/crm-fence-peer.9.sh\";"));
	assert_non_null(strstr(handlers, "unfence-peer \"/usr/lib/drbd/crm-unfence-peer.9.sh\";"));
	assert_non_null(strstr(text, "\ton node1 {\n\t\tnode-id 0;\n"));
	assert_non_null(strstr(text, "\ton node2 {\n\t\tnode-id 1;\n"));
	g_free(disk);
	g_free(net);
	g_free(handlers);
	g_free(text);
}

/* No automatic policy may pick a side that has changes: discard-zero-changes
 * and consensus only drop a side with none, disconnect drops nothing. */
static void
split_brain_policies_never_discard_a_side_with_changes(void **state)
{
	for (unsigned major = 8; major <= 9; major++) {
		struct drbd_res_params p = base;
		char *text, *net;

		p.kernel_major = major;
		text = render(&p);
		net = section(text, "net");
		assert_non_null(strstr(net, "\t\tprotocol C;\n"));
		assert_non_null(strstr(net, "\t\tcram-hmac-alg sha256;\n"));
		assert_non_null(strstr(net, "\t\tshared-secret \"" SECRET "\";\n"));
		assert_non_null(strstr(net, "\t\tafter-sb-0pri discard-zero-changes;\n"));
		assert_non_null(strstr(net, "\t\tafter-sb-1pri consensus;\n"));
		assert_non_null(strstr(net, "\t\tafter-sb-2pri disconnect;\n"));
		assert_null(strstr(net, "discard-younger"));
		assert_null(strstr(net, "discard-older"));
		assert_null(strstr(net, "discard-least"));
		assert_null(strstr(net, "discard-secondary"));
		assert_null(strstr(net, "call-pri-lost"));
		g_free(net);
		g_free(text);
	}
}

static void
defaults_fill_port_and_resync_rate(void **state)
{
	struct drbd_res_params p = base;
	char *text;

	p.resource = NULL;
	text = render(&p);
	assert_non_null(strstr(text, "resource r0 {\n"));
	assert_non_null(strstr(text, "address 192.168.250.1:7789;"));
	assert_non_null(strstr(text, "resync-rate 40M;\n\t\tc-max-rate 40M;\n"));
	g_free(text);

	p.resync_rate_kib_s = 1500;
	p.port = 7800;
	p.minor = 3;
	text = render(&p);
	assert_non_null(strstr(text, "resync-rate 1500K;"));
	assert_null(strstr(text, "c-plan-ahead"));
	g_free(text);
	p.fixed_rate = true;      /* the operator's rate: exactly that */
	text = render(&p);
	assert_non_null(strstr(text, "c-plan-ahead 0;\n\t\tresync-rate 1500K;\n"));
	assert_non_null(strstr(text, "address 192.168.250.2:7800;"));
	assert_non_null(strstr(text, "device /dev/drbd3 minor 3;"));
	assert_null(strstr(text, "ping-timeout"));   /* DRBD's own default */
	g_free(text);
	p.ping_timeout_ms = 2500;
	text = render(&p);
	assert_non_null(strstr(text, "\t\tping-timeout 25;\n"));
	g_free(text);
	p.ping_timeout_ms = 1450;                    /* tenths, rounded up */
	text = render(&p);
	assert_non_null(strstr(text, "\t\tping-timeout 15;\n"));
	g_free(text);
}

static void
ipv6_addresses_use_drbds_bracket_syntax(void **state)
{
	struct drbd_res_params p = base;
	char *text;

	p.nodes[0].address = "FD00::1";
	p.nodes[1].address = "fd00:0::2";
	text = render(&p);
	assert_non_null(strstr(text, "address ipv6 [fd00::1]:7789;"));
	assert_non_null(strstr(text, "address ipv6 [fd00::2]:7789;"));
	g_free(text);
}

static void
expect_refused(const struct drbd_res_params *p, const char *error)
{
	GString *out = g_string_new("kept");
	char err[512] = "";

	assert_int_equal(drbd_res_render(p, out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, error);
	assert_string_equal(out->str, "kept");
	g_string_free(out, TRUE);
}

static void
each_bad_input_is_refused_with_what_to_fix(void **state)
{
	struct drbd_res_params p;

	p = base; p.resource = "r 0";
	expect_refused(&p, "DRBD resource name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not 'r 0'");
	p = base; p.resource = "";
	expect_refused(&p, "DRBD resource name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not ''");
	p = base; p.minor = 1048576;
	expect_refused(&p, "DRBD minor must be 0 to 1048575, not 1048576");
	p = base; p.disk = "sdb";
	expect_refused(&p, "backing disk must be an absolute device path such as /dev/sdb, not 'sdb'");
	p = base; p.disk = NULL;
	expect_refused(&p, "backing disk must be an absolute device path such as /dev/sdb, not ''");
	p = base; p.disk = "/dev/sdb; }";
	expect_refused(&p, "backing disk must be an absolute device path such as /dev/sdb, not '/dev/sdb; }'");
	p = base; p.disk = "/dev/drbd0";
	expect_refused(&p, "backing disk /dev/drbd0 is a DRBD device: name the disk DRBD replicates, such as /dev/sdb");
	p = base; p.nodes[1].name = "node_2!";
	expect_refused(&p, "node 2: name must be its host name: 1 to 63 letters, digits, '-', '.' or '_', starting with a letter or digit, not 'node_2!'");
	p = base; p.nodes[0].address = "192.168.250.1:7789";
	expect_refused(&p, "node1: replication address (eth1) must be a unicast IPv4 or IPv6 address, not '192.168.250.1:7789'");
	p = base; p.nodes[1].address = NULL;
	expect_refused(&p, "node2: replication address (eth1) must be a unicast IPv4 or IPv6 address, not ''");
	p = base; p.nodes[1].name = "node1";
	expect_refused(&p, "both nodes are named 'node1': each node needs its own host name");
	p = base; p.nodes[1].address = "fd00::2";
	expect_refused(&p, "replication addresses 192.168.250.1 and fd00::2 mix IPv4 and IPv6: both nodes need the same family on eth1");
	p = base; p.nodes[1].address = "192.168.250.1";
	expect_refused(&p, "both nodes have replication address 192.168.250.1: each node needs its own address on eth1");
	p = base; p.shared_secret = NULL;
	expect_refused(&p, "shared secret must be 32 to 63 hex digits (drbd_secret_generate makes one), not 0 characters");
	p = base; p.shared_secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	expect_refused(&p, "shared secret must be 32 to 63 hex digits (drbd_secret_generate makes one), not 64 characters");
	p = base; p.shared_secret = "0123456789abcdef0123456789abcdeg";
	expect_refused(&p, "shared secret must be hex digits only (drbd_secret_generate makes one)");
	p = base; p.resync_rate_kib_s = 4 * 1024 * 1024 + 1;
	expect_refused(&p, "resync rate must be 1 to 4194304 KiB/s, not 4194305");
	p = base; p.ping_timeout_ms = 99;
	expect_refused(&p, "DRBD ping timeout must be 100 to 30000 ms, not 99");
	p = base; p.ping_timeout_ms = 30001;
	expect_refused(&p, "DRBD ping timeout must be 100 to 30000 ms, not 30001");
	p = base; p.kernel_major = 0;
	expect_refused(&p, "DRBD kernel major version must be 8 (for 8.4) or 9, not 0");
	p = base; p.kernel_major = 10;
	expect_refused(&p, "DRBD kernel major version must be 8 (for 8.4) or 9, not 10");
}

static void
secrets_are_48_hex_digits_and_differ(void **state)
{
	char a[DRBD_SECRET_HEX_LEN + 1], b[DRBD_SECRET_HEX_LEN + 1], small[8];

	assert_int_equal(drbd_secret_generate(a, sizeof(a)), 0);
	assert_int_equal(drbd_secret_generate(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), 48);
	assert_int_equal(strspn(a, "0123456789abcdef"), 48);
	assert_string_not_equal(a, b);
	assert_int_equal(drbd_secret_generate(small, sizeof(small)), -EINVAL);
}

static void
a_generated_secret_is_accepted_by_the_renderer(void **state)
{
	struct drbd_res_params p = base;
	char secret[DRBD_SECRET_HEX_LEN + 1];
	char *text;

	assert_int_equal(drbd_secret_generate(secret, sizeof(secret)), 0);
	p.shared_secret = secret;
	text = render(&p);
	assert_non_null(strstr(text, secret));
	g_free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(drbd84_resource_matches_golden),
		cmocka_unit_test(drbd9_resource_matches_golden),
		cmocka_unit_test(drbd9_ipv6_resource_matches_golden),
		cmocka_unit_test(drbd84_fences_in_disk_and_unfences_after_resync),
		cmocka_unit_test(drbd9_fences_in_net_with_the_9_handlers_and_node_ids),
		cmocka_unit_test(split_brain_policies_never_discard_a_side_with_changes),
		cmocka_unit_test(defaults_fill_port_and_resync_rate),
		cmocka_unit_test(ipv6_addresses_use_drbds_bracket_syntax),
		cmocka_unit_test(each_bad_input_is_refused_with_what_to_fix),
		cmocka_unit_test(secrets_are_48_hex_digits_and_differ),
		cmocka_unit_test(a_generated_secret_is_accepted_by_the_renderer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
