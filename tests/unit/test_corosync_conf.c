/* SPDX-License-Identifier: GPL-2.0-or-later */
/* corosync.conf generation: golden files, the knet/quorum choices that
 * matter for failover, and every input it refuses. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gen_fixtures.h"
#include "golden.h"
#include "hb_corosync_conf.h"

static const struct hb_corosync_params base = {
	.cluster_name = "hapair",
	.token_ms = 1000,
	.nodes = {
		{ 1, "node1", "192.168.250.1", "10.98.0.11" },
		{ 2, "node2", "192.168.250.2", "10.98.0.12" },
	},
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
ipv4_pair_with_default_token_matches_golden(void **state)
{
	check_golden("corosync-default.conf");
}

static void
ipv6_pair_with_token3000_matches_golden(void **state)
{
	check_golden("corosync-ipv6-token3000.conf");
}

static char *
render(const struct hb_corosync_params *p)
{
	GString *out = g_string_new("");
	char err[256] = "";

	assert_int_equal(hb_corosync_conf_render(p, out, err, sizeof(err)), 0);
	return g_string_free(out, FALSE);
}

static void
consensus_is_a_sixth_of_the_token_for_two_nodes(void **state)
{
	struct hb_corosync_params p = base;
	char *text;

	p.token_ms = 2500;
	text = render(&p);
	assert_non_null(strstr(text, "\ttoken: 2500\n\tconsensus: 417\n"));
	g_free(text);
	/* above corosync's 50 ms join timeout even at the shortest token */
	p.token_ms = HB_TOKEN_MIN_MS;
	text = render(&p);
	assert_non_null(strstr(text, "\ttoken: 300\n\tconsensus: 80\n"));
	g_free(text);
	assert_int_equal(hb_consensus_ms(5000), 835);
}

static void
token_zero_means_the_600_ms_default(void **state)
{
	struct hb_corosync_params p = base;
	char *text;

	p.token_ms = 0;
	text = render(&p);
	assert_non_null(strstr(text, "\ttoken: 600\n\tconsensus: 100\n"));
	g_free(text);
}

static void
both_links_carry_every_packet_link0_on_eth1(void **state)
{
	char *text = render(&base);
	char *l0 = strstr(text, "linknumber: 0\n\t\tknet_link_priority: 2\n");
	char *l1 = strstr(text, "linknumber: 1\n\t\tknet_link_priority: 1\n");

	/* active: a cut cable loses no packet while knet notices it */
	assert_non_null(strstr(text, "\tlink_mode: active\n"));
	assert_non_null(l0);
	assert_non_null(l1);
	/* node1's ring0 is its eth1 address */
	assert_non_null(strstr(text, "ring0_addr: 192.168.250.1\n\t\tring1_addr: 10.98.0.11\n"));
	g_free(text);
}

static void
crypto_quorum_and_logging_are_fixed(void **state)
{
	char *text = render(&base);

	assert_non_null(strstr(text, "\ttransport: knet\n\tcrypto_cipher: aes256\n\tcrypto_hash: sha256\n"));
	assert_non_null(strstr(text, "\tprovider: corosync_votequorum\n\ttwo_node: 1\n"));
	assert_non_null(strstr(text, "\tlogfile: /var/log/corosync/corosync.log\n\tto_syslog: yes\n"));
	assert_non_null(strstr(text, "\ttimestamp: hires\n"));
	g_free(text);
}

/* corosync's parser refuses "name { key: value }" on one line. */
static void
every_block_opens_and_closes_on_its_own_line(void **state)
{
	char *text = render(&base);
	gchar **lines = g_strsplit(text, "\n", -1);

	for (gchar **l = lines; *l; l++) {
		const char *open = strchr(*l, '{'), *close = strchr(*l, '}');

		if (open != NULL)
			assert_true(open[1] == '\0' && close == NULL);
		if (close != NULL)
			assert_string_equal(g_strstrip(*l), "}");
	}
	g_strfreev(lines);
	g_free(text);
}

static void
ipv6_addresses_are_written_in_canonical_form(void **state)
{
	struct hb_corosync_params p = base;
	char *text;

	p.nodes[0].ring0_addr = "FD00:0:0::1";
	p.nodes[1].ring0_addr = "fd00::2";
	text = render(&p);
	assert_non_null(strstr(text, "ring0_addr: fd00::1\n"));
	g_free(text);
}

static void
expect_refused(const struct hb_corosync_params *p, const char *error)
{
	GString *out = g_string_new("kept");
	char err[512] = "";

	assert_int_equal(hb_corosync_conf_render(p, out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, error);
	assert_string_equal(out->str, "kept");
	g_string_free(out, TRUE);
}

static void
each_bad_input_is_refused_with_what_to_fix(void **state)
{
	struct hb_corosync_params p;

	p = base; p.cluster_name = NULL;
	expect_refused(&p, "cluster name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not ''");
	p = base; p.cluster_name = "my cluster";
	expect_refused(&p, "cluster name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not 'my cluster'");
	p = base; p.cluster_name = "-x";
	expect_refused(&p, "cluster name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not '-x'");
	p = base; p.cluster_name = "a23456789012345678901234567890123";
	expect_refused(&p, "cluster name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not 'a23456789012345678901234567890123'");
	p = base; p.token_ms = 299;
	expect_refused(&p, "token timeout must be 300 to 10000 ms, not 299");
	p = base; p.token_ms = 10001;
	expect_refused(&p, "token timeout must be 300 to 10000 ms, not 10001");
	p = base; p.nodes[1].name = "node 2";
	expect_refused(&p, "node 2: name must be its host name: 1 to 63 letters, digits, '-', '.' or '_', starting with a letter or digit, not 'node 2'");
	p = base; p.nodes[0].name = "";
	expect_refused(&p, "node 1: name must be its host name: 1 to 63 letters, digits, '-', '.' or '_', starting with a letter or digit, not ''");
	p = base; p.nodes[0].nodeid = 0;
	expect_refused(&p, "node1: nodeid must be 1 to 65535, not 0");
	p = base; p.nodes[1].nodeid = 65536;
	expect_refused(&p, "node2: nodeid must be 1 to 65535, not 65536");
	p = base; p.nodes[0].ring0_addr = "node2.example";
	expect_refused(&p, "node1: ring0_addr (eth1) must be a unicast IPv4 or IPv6 address, not 'node2.example'");
	p = base; p.nodes[1].ring1_addr = NULL;
	expect_refused(&p, "node2: ring1_addr (eth0) must be a unicast IPv4 or IPv6 address, not ''");
	p = base; p.nodes[0].ring0_addr = "127.0.0.1";
	expect_refused(&p, "node1: ring0_addr (eth1) must be a unicast IPv4 or IPv6 address, not '127.0.0.1'");
	p = base; p.nodes[0].ring1_addr = "224.0.0.1";
	expect_refused(&p, "node1: ring1_addr (eth0) must be a unicast IPv4 or IPv6 address, not '224.0.0.1'");
	p = base; p.nodes[0].ring0_addr = "::";
	expect_refused(&p, "node1: ring0_addr (eth1) must be a unicast IPv4 or IPv6 address, not '::'");
	p = base; p.nodes[0].ring0_addr = "192.168.250.1/24";
	expect_refused(&p, "node1: ring0_addr (eth1) must be a unicast IPv4 or IPv6 address, not '192.168.250.1/24'");
	p = base; p.nodes[1].name = "node1";
	expect_refused(&p, "both nodes are named 'node1': each node needs its own host name");
	p = base; p.nodes[1].nodeid = 1;
	expect_refused(&p, "both nodes have nodeid 1: each node needs its own");
	p = base; p.nodes[1].ring0_addr = "fd00::2";
	expect_refused(&p, "link0 (eth1) mixes IPv4 and IPv6 (192.168.250.1, fd00::2): a knet link joins addresses of one family");
	p = base; p.nodes[1].ring1_addr = "10.98.0.11";
	expect_refused(&p, "address 10.98.0.11 is used twice: each node needs its own address on eth1 and on eth0");
	p = base; p.nodes[0].ring1_addr = "192.168.250.1";
	expect_refused(&p, "address 192.168.250.1 is used twice: each node needs its own address on eth1 and on eth0");
}

static void
authkeys_are_256_random_bytes_each_time(void **state)
{
	unsigned char a[HB_AUTHKEY_BYTES], b[HB_AUTHKEY_BYTES], zero[HB_AUTHKEY_BYTES] = { 0 };

	assert_int_equal(HB_AUTHKEY_BYTES, 256);
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_int_equal(hb_authkey_generate(a, sizeof(a)), 0);
	assert_int_equal(hb_authkey_generate(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4_pair_with_default_token_matches_golden),
		cmocka_unit_test(ipv6_pair_with_token3000_matches_golden),
		cmocka_unit_test(consensus_is_a_sixth_of_the_token_for_two_nodes),
		cmocka_unit_test(token_zero_means_the_600_ms_default),
		cmocka_unit_test(both_links_carry_every_packet_link0_on_eth1),
		cmocka_unit_test(crypto_quorum_and_logging_are_fixed),
		cmocka_unit_test(every_block_opens_and_closes_on_its_own_line),
		cmocka_unit_test(ipv6_addresses_are_written_in_canonical_form),
		cmocka_unit_test(each_bad_input_is_refused_with_what_to_fix),
		cmocka_unit_test(authkeys_are_256_random_bytes_each_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
