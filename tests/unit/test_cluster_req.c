/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_req: the request hapairctl and the API both send for Create
 * cluster and its preflight, read the same way for both: what is accepted,
 * and each refusal with what to fix. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cluster_req.h"

#define BMC_OK "\"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.22\", " \
	"\"user\": \"admin\", \"password\": \"ipmi-pw\", \"cipher\": \"3\"}"

/* Parse the JSON object TEXT; its return, with ERR and OUT filled. */
static int
parse(const char *text, struct cluster_req *out, char *err, size_t errlen)
{
	JsonParser *p = json_parser_new();
	int rc;

	assert_true(json_parser_load_from_data(p, text, -1, NULL));
	err[0] = '\0';
	rc = cluster_req_parse(json_node_get_object(json_parser_get_root(p)), "node1", out,
	    err, errlen);
	/* OUT->password points into the parser's tree: copy what tests read */
	if (rc == 0 && out->password != NULL)
		out->password = strcmp(out->password, "peer-pw") == 0 ? "peer-pw" : "other";
	g_object_unref(p);
	return rc;
}

static void
a_minimal_request_gets_the_defaults(void **state)
{
	struct cluster_req r;
	char err[512];

	assert_int_equal(parse("{\"peer\": \"192.168.250.2\", \"password\": \"peer-pw\", "
	    "\"failover_ip\": \"10.98.0.10/24\", \"interface\": \"lo\"}", &r, err,
	    sizeof(err)), 0);
	assert_string_equal(r.peer_address, "192.168.250.2");
	assert_int_equal(r.peer_port, 7440);
	assert_string_equal(r.password, "peer-pw");
	assert_string_equal(r.failover_ip, "10.98.0.10/24");
	assert_string_equal(r.ip, "10.98.0.10");
	assert_int_equal(r.prefix, 24);
	assert_string_equal(r.interface, "lo");
	assert_false(r.has_bmc);
	assert_string_equal(r.ping, "");
}

/* /proc/net/route of a Debian 12 host (a lab interface beside eth0). */
static const char routes[] =
	"Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	"eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
	"hpu-host\t0000630A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
	"eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n";

static void
the_default_gateway_is_read_per_interface(void **state)
{
	char gw[64] = "";

	assert_true(cluster_req_default_gateway(routes, "eth0", gw, sizeof(gw)));
	assert_string_equal(gw, "192.0.2.1");
	assert_false(cluster_req_default_gateway(routes, "hpu-host", gw, sizeof(gw)));
	assert_false(cluster_req_default_gateway(routes, "eth1", gw, sizeof(gw)));
	assert_false(cluster_req_default_gateway("", "eth0", gw, sizeof(gw)));
}

static void
ping_targets_are_read_normalized(void **state)
{
	struct cluster_req r;
	char err[512];

	assert_int_equal(parse("{\"peer\": \"192.168.250.2\", \"password\": \"peer-pw\", "
	    "\"failover_ip\": \"10.98.0.10/24\", \"interface\": \"lo\", "
	    "\"ping\": \"10.98.0.1, 2001:DB8:0::1\"}", &r, err, sizeof(err)), 0);
	assert_string_equal(r.ping, "10.98.0.1,2001:db8::1");
	assert_int_equal(parse("{\"peer\": \"192.168.250.2\", \"password\": \"peer-pw\", "
	    "\"failover_ip\": \"10.98.0.10/24\", \"interface\": \"lo\", "
	    "\"ping\": \"none\"}", &r, err, sizeof(err)), 0);
	assert_string_equal(r.ping, "");
}

static void
bmc_details_are_read_and_cleared(void **state)
{
	struct cluster_req r;
	struct preflight_params pp;
	char err[512];

	assert_int_equal(parse("{\"peer\": \"[fd00:99::2]:7441\", \"password\": \"peer-pw\", "
	    "\"failover_ip\": \"10.98.0.10/24\", \"interface\": \"lo\", " BMC_OK "}", &r, err,
	    sizeof(err)), 0);
	assert_string_equal(r.peer_address, "fd00:99::2");
	assert_int_equal(r.peer_port, 7441);
	assert_true(r.has_bmc);
	assert_string_equal(r.bmc.address, "10.98.0.21");
	assert_string_equal(r.bmc.peer_address, "10.98.0.22");
	assert_string_equal(r.bmc.user, "admin");
	assert_string_equal(r.bmc.password, "ipmi-pw");
	assert_string_equal(r.bmc.cipher, "3");
	cluster_req_preflight_params(&r, &pp);
	assert_string_equal(pp.bmc_address[0], "10.98.0.21");
	assert_string_equal(pp.bmc_address[1], "10.98.0.22");
	assert_string_equal(pp.bmc_password, "ipmi-pw");
	assert_string_equal(pp.bmc_cipher, "3");
	assert_string_equal(pp.failover_ip, "10.98.0.10");
	assert_int_equal(pp.failover_prefix, 24);
	cluster_req_clear(&r);
	assert_false(r.has_bmc);
	assert_null(r.password);
	assert_int_equal(r.bmc.password[0], 0);
}

static const struct {
	const char *body;
	const char *error;
} bad[] = {
	{ "{\"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\"}",
	  "give the peer's eth1 address as ADDRESS or ADDRESS:PORT" },
	{ "{\"peer\": \"peer.example\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\"}",
	  "give the peer's eth1 address as ADDRESS or ADDRESS:PORT" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"\", \"failover_ip\": \"10.98.0.10/24\"}",
	  "give the peer's admin password" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": 7, \"failover_ip\": \"10.98.0.10/24\"}",
	  "give the peer's admin password" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10\"}",
	  "'10.98.0.10' is not a failover IP: give a unicast address with its prefix, e.g. 10.98.0.10/24" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"no-such-if0\"}",
	  "there is no interface 'no-such-if0' on node1: give the interface of the service network" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"ping\": \"10.98.0.1,gw.example\"}",
	  "ping target 'gw.example' is not an IP address: give a host on the service network that answers ping, such as its default gateway" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"ping\": \"10.98.0.010\"}",
	  "ping target '10.98.0.010' is not an IP address: give a host on the service network that answers ping, such as its default gateway" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"ping\": \"10.98.0.10\"}",
	  "ping target 10.98.0.10 is the failover IP: give a host outside the pair, such as the default gateway" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"ping\": \"10.98.0.1,10.98.0.2,10.98.0.3,10.98.0.4,10.98.0.5\"}",
	  "give 1 to 4 ping targets, separated by commas" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"ping\": [\"10.98.0.1\"]}",
	  "\"ping\" must be a string of addresses separated by commas" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": \"10.98.0.21\"}",
	  "\"bmc\" must be an object with address, peer_address, user and password" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"user\": \"u\", \"password\": \"p\"}}",
	  "BMC details need this node's BMC address, the peer's BMC address, the BMC user and the BMC password" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.21\", "
	  "\"user\": \"u\", \"password\": \"p\"}}",
	  "this node and the peer have the same BMC address: each node is fenced through its own BMC" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.10\", "
	  "\"user\": \"u\", \"password\": \"p\"}}",
	  "the peer: BMC address 10.98.0.10 is the failover IP: give the address of the node's BMC" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"bmc1.example\", \"peer_address\": \"10.98.0.22\", "
	  "\"user\": \"u\", \"password\": \"p\"}}",
	  "this node: BMC address must be a unicast IPv4 or IPv6 address (fencing must not wait for DNS), not 'bmc1.example'" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.22\", "
	  "\"user\": \"a-user-name-longer-than-16\", \"password\": \"p\"}}",
	  "this node: BMC user must be 1 to 16 printable ASCII characters" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.22\", "
	  "\"user\": \"u\", \"password\": \"a password of more than 20\"}}",
	  "this node: BMC password must be 1 to 20 printable ASCII characters" },
	{ "{\"peer\": \"192.168.250.2\", \"password\": \"pw\", \"failover_ip\": \"10.98.0.10/24\", "
	  "\"interface\": \"lo\", \"bmc\": {\"address\": \"10.98.0.21\", \"peer_address\": \"10.98.0.22\", "
	  "\"user\": \"u\", \"password\": \"p\", \"cipher\": \"18\"}}",
	  "this node: BMC cipher suite must be a number from 0 to 17, not '18'" },
};

static void
each_bad_request_is_refused_with_what_to_fix(void **state)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cluster_req r;
		char err[512];

		assert_int_equal(parse(bad[i].body, &r, err, sizeof(err)), -EINVAL);
		assert_string_equal(err, bad[i].error);
		assert_false(r.has_bmc);
		assert_int_equal(r.bmc.password[0], 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_minimal_request_gets_the_defaults),
		cmocka_unit_test(ping_targets_are_read_normalized),
		cmocka_unit_test(the_default_gateway_is_read_per_interface),
		cmocka_unit_test(bmc_details_are_read_and_cleared),
		cmocka_unit_test(each_bad_request_is_refused_with_what_to_fix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
