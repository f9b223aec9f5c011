/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The create-cluster preflight verdict: each check failing alone, all of
 * them at once (every failure reported, not only the first), subnet edge
 * cases for IPv4 and IPv6, data device sizes, arping's answers, and the
 * peer's facts through the peer channel's JSON. */
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

#include "peer_msg.h"
#include "preflight.h"

#define MIB (UINT64_C(1024) * 1024)

static void
set_iface(struct preflight_iface *i, const char *name, const char *a1, const char *a2)
{
	memset(i, 0, sizeof(*i));
	snprintf(i->name, sizeof(i->name), "%s", name);
	i->exists = true;
	if (a1 != NULL)
		snprintf(i->addrs[i->naddrs++], PREFLIGHT_ADDR_LEN, "%s", a1);
	if (a2 != NULL)
		snprintf(i->addrs[i->naddrs++], PREFLIGHT_ADDR_LEN, "%s", a2);
}

static void
facts(struct preflight_facts *f, const char *node, const char *hb_addr,
    const char *fo_addr)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->node, sizeof(f->node), "%s", node);
	snprintf(f->version, sizeof(f->version), "0.1.0");
	snprintf(f->role, sizeof(f->role), "standalone");
	set_iface(&f->hb, "eth1", hb_addr, "fe80::1/64");
	set_iface(&f->fo, "eth0", fo_addr, NULL);
	snprintf(f->data_device, sizeof(f->data_device), "/dev/sdb");
	f->data_present = true;
	f->data_size_bytes = 64 * MIB;
}

struct fixture {
	struct preflight_facts l, p;
	struct preflight_request req;
	struct preflight_report rep;
};

static void
good(struct fixture *x)
{
	memset(x, 0, sizeof(*x));
	facts(&x->l, "node1", "192.168.250.1/24", "10.98.0.11/24");
	facts(&x->p, "node2", "192.168.250.2/24", "10.98.0.12/24");
	snprintf(x->req.peer_where, sizeof(x->req.peer_where), "192.168.250.2:7440");
	snprintf(x->req.failover_ip, sizeof(x->req.failover_ip), "10.98.0.10");
	x->req.failover_prefix = 24;
	snprintf(x->req.interface, sizeof(x->req.interface), "eth0");
	x->req.peer_status = PREFLIGHT_PEER_FACTS;
	x->req.clock_offset_us = 2000;
	x->req.arp = PREFLIGHT_ARP_FREE;
}

static unsigned
judge(struct fixture *x)
{
	return preflight_judge(&x->l, &x->p, &x->req, &x->rep);
}

/* The one failed item of CHECK; fails the test unless exactly one. */
static const struct preflight_item *
failed_item(const struct fixture *x, const char *check)
{
	const struct preflight_item *found = NULL;
	unsigned n = 0;

	for (unsigned i = 0; i < x->rep.nitems; i++)
		if (x->rep.items[i].state == PREFLIGHT_FAILED &&
		    strcmp(x->rep.items[i].check, check) == 0) {
			found = &x->rep.items[i];
			n++;
		}
	if (n != 1)
		fail_msg("%u failed items for %s, want 1", n, check);
	return found;
}

/* The failed item of CHECK concerning NODE. */
static const char *
node_message(const struct fixture *x, const char *check, const char *node)
{
	for (unsigned i = 0; i < x->rep.nitems; i++)
		if (x->rep.items[i].state == PREFLIGHT_FAILED &&
		    strcmp(x->rep.items[i].check, check) == 0 &&
		    strcmp(x->rep.items[i].node, node) == 0)
			return x->rep.items[i].message;
	fail_msg("no failed %s item for %s", check, node);
	return "";
}

static unsigned
count_failed(const struct fixture *x, const char *check)
{
	unsigned n = 0;

	for (unsigned i = 0; i < x->rep.nitems; i++)
		if (x->rep.items[i].state == PREFLIGHT_FAILED &&
		    strcmp(x->rep.items[i].check, check) == 0)
			n++;
	return n;
}

static void
assert_contains(const char *hay, const char *needle)
{
	if (strstr(hay, needle) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", hay, needle);
}

/* One failure, in CHECK, concerning NODE, saying TEXT. */
static void
assert_only(struct fixture *x, const char *check, const char *node, const char *text)
{
	const struct preflight_item *it;

	assert_int_equal(judge(x), 1);
	it = failed_item(x, check);
	assert_non_null(it);
	assert_string_equal(it->node, node);
	assert_contains(it->message, text);
}

static void
test_all_pass_lists_every_check_ok(void **state)
{
	static const char *const checks[] = { PREFLIGHT_PEER_UNREACHABLE, PREFLIGHT_VERSION,
		PREFLIGHT_CLOCK, PREFLIGHT_CLUSTERED, PREFLIGHT_ETH1_ADDRESS, PREFLIGHT_INTERFACE,
		PREFLIGHT_IP_SUBNET, PREFLIGHT_IP_IN_USE, PREFLIGHT_DRBD_DEVICE };
	struct fixture x;

	good(&x);
	assert_int_equal(judge(&x), 0);
	assert_int_equal(x.rep.nfailed, 0);
	assert_int_equal(x.rep.nitems, G_N_ELEMENTS(checks));
	for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
		assert_string_equal(x.rep.items[i].check, checks[i]);
		assert_int_equal(x.rep.items[i].state, PREFLIGHT_OK);
	}
}

static void
test_peer_unreachable_skips_peer_checks(void **state)
{
	struct fixture x;
	unsigned skipped = 0;

	good(&x);
	x.req.peer_status = PREFLIGHT_PEER_NO_ANSWER;
	snprintf(x.req.peer_detail, sizeof(x.req.peer_detail), "no answer from "
	    "192.168.250.2:7440 on the heartbeat link (Connection refused): check eth1");
	/* Whatever the peer's facts say, they are not used. */
	snprintf(x.p.version, sizeof(x.p.version), "9.9");
	assert_only(&x, PREFLIGHT_PEER_UNREACHABLE, "", "the peer is unreachable: ");
	for (unsigned i = 0; i < x.rep.nitems; i++)
		skipped += x.rep.items[i].state == PREFLIGHT_SKIPPED;
	assert_true(skipped >= 3);   /* version, clock, clustered... */
}

static void
test_wrong_password(void **state)
{
	struct fixture x;

	good(&x);
	x.req.peer_status = PREFLIGHT_PEER_BAD_PASSWORD;
	snprintf(x.req.peer_detail, sizeof(x.req.peer_detail), "the peer at X refused the "
	    "password: give the admin password of the peer node, not of this one");
	assert_only(&x, PREFLIGHT_PEER_PASSWORD, "", "refused the password");
}

static void
test_other_peer_failure(void **state)
{
	struct fixture x;

	good(&x);
	x.req.peer_status = PREFLIGHT_PEER_FAILED;
	snprintf(x.req.peer_detail, sizeof(x.req.peer_detail), "the peer is busy");
	assert_only(&x, PREFLIGHT_PEER_CHANNEL, "", "the peer is busy");
}

static void
test_version_differs(void **state)
{
	struct fixture x;

	good(&x);
	snprintf(x.p.version, sizeof(x.p.version), "0.2.0");
	assert_only(&x, PREFLIGHT_VERSION, "node2", "node2 runs hapair 0.2.0");
	assert_contains(failed_item(&x, PREFLIGHT_VERSION)->message, "same hapair version");
}

static void
test_clock_edges(void **state)
{
	struct fixture x;

	good(&x);
	x.req.clock_offset_us = PREFLIGHT_CLOCK_MAX_US;
	assert_int_equal(judge(&x), 0);
	x.req.clock_offset_us = -PREFLIGHT_CLOCK_MAX_US;
	assert_int_equal(judge(&x), 0);
	x.req.clock_offset_us = PREFLIGHT_CLOCK_MAX_US + 1;
	assert_only(&x, PREFLIGHT_CLOCK, "node2", "ahead of this node's");
	x.req.clock_offset_us = -3500000;
	assert_only(&x, PREFLIGHT_CLOCK, "node2", "3.5 s behind");
	assert_contains(failed_item(&x, PREFLIGHT_CLOCK)->message, "NTP");
	/* measured over a slow round trip (2.4 s, seen on a loaded uml node):
	 * 1.2 s apart may be 0 s, so it passes; 3.5 s apart still fails */
	x.req.clock_rtt_us = 2400000;
	x.req.clock_offset_us = 1200000;
	assert_int_equal(judge(&x), 0);
	x.req.clock_offset_us = -3500000;
	assert_only(&x, PREFLIGHT_CLOCK, "node2", "3.5 s behind");
}

static void
test_clustered_either_node(void **state)
{
	struct fixture x;

	good(&x);
	snprintf(x.p.role, sizeof(x.p.role), "passive");
	assert_only(&x, PREFLIGHT_CLUSTERED, "node2", "node2 is already clustered");
	good(&x);
	snprintf(x.l.role, sizeof(x.l.role), "active");
	assert_only(&x, PREFLIGHT_CLUSTERED, "node1", "dissolve");
	snprintf(x.p.role, sizeof(x.p.role), "passive");
	assert_int_equal(judge(&x), 2);
	assert_int_equal(count_failed(&x, PREFLIGHT_CLUSTERED), 2);
}

static void
test_eth1_without_address(void **state)
{
	struct fixture x;

	good(&x);
	/* Only the link-local address every IPv6 interface has: no address. */
	set_iface(&x.p.hb, "eth1", "fe80::5054:ff:fe12:3456/64", NULL);
	assert_only(&x, PREFLIGHT_ETH1_ADDRESS, "node2", "eth1 on node2 has no address");
	good(&x);
	x.l.hb.exists = false;
	x.l.hb.naddrs = 0;
	assert_only(&x, PREFLIGHT_ETH1_ADDRESS, "node1", "does not exist on node1");
	good(&x);
	set_iface(&x.l.hb, "eth1", "fd00:250::1/64", NULL);
	assert_int_equal(judge(&x), 0);
}

static void
test_failover_interface_missing(void **state)
{
	struct fixture x;

	good(&x);
	x.p.fo.exists = false;
	x.p.fo.naddrs = 0;
	assert_only(&x, PREFLIGHT_INTERFACE, "node2", "eth0 does not exist on node2");
}

static void
test_ip_outside_subnet(void **state)
{
	struct fixture x;

	good(&x);
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.99.0.10");
	assert_int_equal(judge(&x), 2);     /* outside on both nodes */
	assert_int_equal(count_failed(&x, PREFLIGHT_IP_SUBNET), 2);
	assert_contains(node_message(&x, PREFLIGHT_IP_SUBNET, "node1"), "outside the subnet "
	    "of eth0 on node1 (10.98.0.11/24)");
	good(&x);
	set_iface(&x.p.fo, "eth0", "10.97.0.12/24", NULL);
	assert_only(&x, PREFLIGHT_IP_SUBNET, "node2", "failover IP 10.98.0.10 is outside");
}

static void
test_ipv4_subnet_edges(void **state)
{
	struct fixture x;

	/* /23: 10.98.0.0 - 10.98.1.255 */
	good(&x);
	set_iface(&x.l.fo, "eth0", "10.98.1.200/23", NULL);
	set_iface(&x.p.fo, "eth0", "10.98.0.12/23", NULL);
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.98.1.254");
	assert_int_equal(judge(&x), 0);
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.98.2.1");
	assert_int_equal(judge(&x), 2);
	/* network and broadcast addresses */
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.98.0.0");
	assert_int_equal(judge(&x), 2);
	assert_contains(node_message(&x, PREFLIGHT_IP_SUBNET, "node1"), "network address");
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.98.1.255");
	assert_int_equal(judge(&x), 2);
	assert_contains(node_message(&x, PREFLIGHT_IP_SUBNET, "node2"), "broadcast address");
	/* /31 point-to-point: both addresses are hosts */
	good(&x);
	set_iface(&x.l.fo, "eth0", "10.98.0.11/31", NULL);
	set_iface(&x.p.fo, "eth0", "10.98.0.11/31", NULL);
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "10.98.0.10");
	assert_int_equal(judge(&x), 0);
	/* /32 on the interface: nothing else is inside */
	good(&x);
	set_iface(&x.p.fo, "eth0", "10.98.0.12/32", NULL);
	assert_only(&x, PREFLIGHT_IP_SUBNET, "node2", "outside");
	/* a second address in the right subnet is enough */
	good(&x);
	set_iface(&x.p.fo, "eth0", "172.16.0.2/16", "10.98.0.12/24");
	assert_int_equal(judge(&x), 0);
	/* no IPv4 address at all */
	good(&x);
	set_iface(&x.p.fo, "eth0", "fd00:98::12/64", NULL);
	assert_only(&x, PREFLIGHT_IP_SUBNET, "node2", "it has no IPv4 address");
}

static void
test_ipv6(void **state)
{
	struct fixture x;

	good(&x);
	set_iface(&x.l.fo, "eth0", "fd00:98::11/64", "fe80::1/64");
	set_iface(&x.p.fo, "eth0", "fd00:98::12/64", NULL);
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "fd00:98::10");
	x.req.failover_prefix = 64;
	x.req.arp = PREFLIGHT_ARP_NOT_APPLICABLE;
	assert_int_equal(judge(&x), 0);
	/* non-canonical spellings compare equal */
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "fd00:98:0::12");
	assert_only(&x, PREFLIGHT_IP_IN_USE, "node2", "fd00:98::12 is already assigned on node2");
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "fd00:99::10");
	assert_int_equal(judge(&x), 2);
	/* a /127 edge: the last bit decides */
	good(&x);
	set_iface(&x.l.fo, "eth0", "fd00::a/127", NULL);
	set_iface(&x.p.fo, "eth0", "fd00::b/127", NULL);
	x.req.arp = PREFLIGHT_ARP_NOT_APPLICABLE;
	snprintf(x.req.failover_ip, sizeof(x.req.failover_ip), "fd00::c");
	assert_int_equal(judge(&x), 2);
	assert_int_equal(count_failed(&x, PREFLIGHT_IP_SUBNET), 2);
}

static void
test_ip_in_use_by_arp(void **state)
{
	struct fixture x;

	good(&x);
	x.req.arp = PREFLIGHT_ARP_ANSWERED;
	snprintf(x.req.arp_mac, sizeof(x.req.arp_mac), "52:54:00:12:34:56");
	assert_only(&x, PREFLIGHT_IP_IN_USE, "node1", "failover IP 10.98.0.10 already "
	    "answers ARP from 52:54:00:12:34:56 on eth0: choose a free address");
}

static void
test_ip_assigned_locally(void **state)
{
	struct fixture x;

	good(&x);
	set_iface(&x.l.fo, "eth0", "10.98.0.11/24", "10.98.0.10/24");
	assert_only(&x, PREFLIGHT_IP_IN_USE, "node1", "already assigned on node1 (eth0)");
	good(&x);
	set_iface(&x.p.hb, "eth1", "192.168.250.2/24", "10.98.0.10/32");
	assert_only(&x, PREFLIGHT_IP_IN_USE, "node2", "already assigned on node2 (eth1)");
}

static void
test_arp_not_probed_or_failed(void **state)
{
	struct fixture x;

	good(&x);
	x.req.arp = PREFLIGHT_ARP_NOT_PROBED;
	assert_only(&x, PREFLIGHT_ARP_PROBE, "node1", "not probed: arping cannot probe eth0");
	x.req.arp = PREFLIGHT_ARP_FAILED;
	snprintf(x.req.arp_detail, sizeof(x.req.arp_detail), "cannot run arping: install "
	    "iputils-arping");
	assert_only(&x, PREFLIGHT_ARP_PROBE, "node1", "install iputils-arping");
}

static void
test_drbd_sizes(void **state)
{
	struct fixture x;

	good(&x);                               /* equal */
	assert_int_equal(judge(&x), 0);
	x.p.data_size_bytes = 128 * MIB;        /* larger on the peer: fine */
	assert_int_equal(judge(&x), 0);
	x.p.data_size_bytes = 32 * MIB;         /* smaller on the peer */
	assert_only(&x, PREFLIGHT_DRBD_DEVICE, "node2", "smaller on the peer node2 (32 MiB) "
	    "than /dev/sdb on node1 (64 MiB): give node2 a device of at least 64 MiB");
	x.p.data_size_bytes = 64 * MIB - 512;
	assert_only(&x, PREFLIGHT_DRBD_DEVICE, "node2", "67108352 bytes");
}

static void
test_drbd_missing(void **state)
{
	struct fixture x;

	good(&x);
	x.p.data_present = false;
	x.p.data_size_bytes = 0;
	snprintf(x.p.data_error, sizeof(x.p.data_error), "No such file or directory");
	assert_only(&x, PREFLIGHT_DRBD_DEVICE, "node2", "/dev/sdb is missing on node2 (No "
	    "such file or directory)");
	x.l.data_present = false;
	assert_int_equal(judge(&x), 2);
	assert_int_equal(count_failed(&x, PREFLIGHT_DRBD_DEVICE), 2);
}

static void
test_drbd_none(void **state)
{
	struct fixture x;

	good(&x);
	snprintf(x.l.data_device, sizeof(x.l.data_device), "none");
	snprintf(x.p.data_device, sizeof(x.p.data_device), "none");
	x.l.data_present = x.p.data_present = false;
	assert_int_equal(judge(&x), 0);
	assert_contains(x.rep.items[x.rep.nitems - 1].message, "no replicated volume");
	/* none on one node only */
	snprintf(x.l.data_device, sizeof(x.l.data_device), "/dev/sdb");
	x.l.data_present = true;
	assert_only(&x, PREFLIGHT_DRBD_DEVICE, "node2", "node2 has no [data] device but "
	    "node1 has /dev/sdb");
}

static void
test_all_failures_at_once(void **state)
{
	static const char *const want[] = { PREFLIGHT_VERSION, PREFLIGHT_CLOCK,
		PREFLIGHT_CLUSTERED, PREFLIGHT_ETH1_ADDRESS, PREFLIGHT_IP_SUBNET,
		PREFLIGHT_IP_IN_USE, PREFLIGHT_DRBD_DEVICE };
	struct fixture x;

	good(&x);
	snprintf(x.p.version, sizeof(x.p.version), "0.2.0");
	x.req.clock_offset_us = 5 * 1000000;
	snprintf(x.p.role, sizeof(x.p.role), "passive");
	set_iface(&x.l.hb, "eth1", NULL, NULL);
	set_iface(&x.p.fo, "eth0", "10.97.0.12/24", NULL);
	x.req.arp = PREFLIGHT_ARP_ANSWERED;
	x.p.data_size_bytes = 32 * MIB;
	assert_int_equal(judge(&x), G_N_ELEMENTS(want));
	for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
		assert_int_equal(count_failed(&x, want[i]), 1);
	/* and with the peer out of reach, this node's failures still show */
	x.req.peer_status = PREFLIGHT_PEER_NO_ANSWER;
	assert_int_equal(judge(&x), 3);    /* unreachable, eth1, ip-in-use */
	assert_int_equal(count_failed(&x, PREFLIGHT_PEER_UNREACHABLE), 1);
	assert_int_equal(count_failed(&x, PREFLIGHT_ETH1_ADDRESS), 1);
	assert_int_equal(count_failed(&x, PREFLIGHT_IP_IN_USE), 1);
}

static void
test_parse_ip_prefix(void **state)
{
	char a[64];
	unsigned p;

	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10/24", a, sizeof(a), &p), 0);
	assert_string_equal(a, "10.98.0.10");
	assert_int_equal(p, 24);
	assert_int_equal(preflight_parse_ip_prefix("FD00:98:0::10/64", a, sizeof(a), &p), 0);
	assert_string_equal(a, "fd00:98::10");
	assert_int_equal(p, 64);
	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10/33", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10/0", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10/", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("10.98.0.10/2x", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("127.0.0.5/8", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("fe80::1/64", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("mail.example/24", a, sizeof(a), &p), -EINVAL);
	assert_int_equal(preflight_parse_ip_prefix("fd00::1/129", a, sizeof(a), &p), -EINVAL);
}

static void
test_arp_verdict(void **state)
{
	struct preflight_request r;

	memset(&r, 0, sizeof(r));
	preflight_arp_verdict(0, "ARPING 10.98.0.77 from 0.0.0.0 veth0\nSent 2 probes (2 "
	    "broadcast(s))\nReceived 0 response(s)\n", &r);
	assert_int_equal(r.arp, PREFLIGHT_ARP_FREE);
	preflight_arp_verdict(1, "ARPING 10.98.0.50 from 0.0.0.0 veth0\nUnicast reply from "
	    "10.98.0.50 [7A:FD:96:A3:62:EB]  0.539ms\nSent 1 probes (1 broadcast(s))\n", &r);
	assert_int_equal(r.arp, PREFLIGHT_ARP_ANSWERED);
	assert_string_equal(r.arp_mac, "7a:fd:96:a3:62:eb");
	preflight_arp_verdict(0, "Interface \"lo\" is not ARPable\n", &r);
	assert_int_equal(r.arp, PREFLIGHT_ARP_NOT_PROBED);
	preflight_arp_verdict(2, "arping: Device nope not available.\n", &r);
	assert_int_equal(r.arp, PREFLIGHT_ARP_FAILED);
	assert_string_equal(r.arp_detail, "arping: arping: Device nope not available.");
	preflight_arp_verdict(2, "", &r);
	assert_int_equal(r.arp, PREFLIGHT_ARP_FAILED);
	assert_contains(r.arp_detail, "iputils-arping");
}

/* The first 2 KiB of real images (mkfs.ext4 of e2fsprogs 1.47 on Debian 12,
 * tests/fixtures/fs/) and a hand-made xfs superblock. */
static void
read_head(const char *name, unsigned char *buf, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/fixtures/fs/%s", getenv("top_srcdir") ?
	    getenv("top_srcdir") : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, len, f), len);
	fclose(f);
}

static void
test_fs_size(void **state)
{
	unsigned char buf[2048];
	char type[16];
	uint64_t bytes;

	read_head("ext4-200M.head", buf, sizeof(buf));
	assert_int_equal(preflight_fs_size(buf, sizeof(buf), type, sizeof(type), &bytes), 0);
	assert_string_equal(type, "ext4");
	assert_true(bytes == 200 * MIB);
	read_head("ext4-64bit-4G.head", buf, sizeof(buf));
	assert_int_equal(preflight_fs_size(buf, sizeof(buf), type, sizeof(type), &bytes), 0);
	assert_true(bytes == 4096 * MIB);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(preflight_fs_size(buf, sizeof(buf), type, sizeof(type), &bytes), -ENOENT);
	memcpy(buf, "XFSB\0\0\x10\0\0\0\0\0\0\x01\x2c\0", 16);   /* 4 KiB x 76800 */
	assert_int_equal(preflight_fs_size(buf, sizeof(buf), type, sizeof(type), &bytes), 0);
	assert_string_equal(type, "xfs");
	assert_true(bytes == 300 * MIB);
	/* 256 MiB: 36 KiB of superblock and log, an 8 KiB bitmap */
	assert_true(preflight_drbd_usable_bytes(256 * MIB) == 256 * MIB - 45056);
	/* mkfs over the whole 256 MiB disk leaves DRBD no room */
	read_head("ext4-256M.head", buf, sizeof(buf));
	assert_int_equal(preflight_fs_size(buf, sizeof(buf), type, sizeof(type), &bytes), 0);
	assert_true(bytes == 256 * MIB && bytes > preflight_drbd_usable_bytes(256 * MIB));
}

/* A whole-device file system on the node whose data is kept: refused. */
static void
test_fs_too_big_for_drbd(void **state)
{
	struct fixture x;
	const struct preflight_item *it;

	good(&x);
	snprintf(x.l.data_fs, sizeof(x.l.data_fs), "ext4");
	x.l.data_fs_bytes = 48 * MIB;
	assert_int_equal(judge(&x), 0);             /* 64 MiB device: fits */
	x.l.data_fs_bytes = 64 * MIB;
	assert_int_equal(judge(&x), 1);
	it = failed_item(&x, PREFLIGHT_DRBD_DEVICE);
	assert_string_equal(it->node, "node1");
	assert_contains(it->message, "the ext4 file system on /dev/sdb (64 MiB) reaches into the "
	    "end of the device, where DRBD keeps its metadata: shrink it to at most");
}

/* fence_ipmilan's answers, captured from fence-agents 4.12.1 on Debian 12. */
static void
test_bmc_verdict(void **state)
{
	struct preflight_bmc b;

	memset(&b, 0, sizeof(b));
	preflight_bmc_verdict(0, "Status: ON\n", &b);
	assert_int_equal(b.state, PREFLIGHT_BMC_ON);
	preflight_bmc_verdict(2, "Status: OFF\n", &b);
	assert_int_equal(b.state, PREFLIGHT_BMC_OFF);
	preflight_bmc_verdict(1, "/usr/sbin/fence_ipmilan:5: DeprecationWarning: 'pipes' is "
	    "deprecated and slated for removal in Python 3.13\n  from pipes import quote\n"
	    "2026-11-22 09:42:41,206 ERROR: Connection timed out\n\n\n", &b);
	assert_int_equal(b.state, PREFLIGHT_BMC_FAILED);
	assert_string_equal(b.detail, "ERROR: Connection timed out");
	preflight_bmc_verdict(1, "", &b);
	assert_int_equal(b.state, PREFLIGHT_BMC_FAILED);
	assert_string_equal(b.detail, "fence_ipmilan exited with status 1 and said nothing");
}

/* With BMC details both BMCs are judged; without, no bmc item at all. */
static void
test_bmc_items(void **state)
{
	struct fixture x;
	const struct preflight_item *it;

	good(&x);
	assert_int_equal(judge(&x), 0);
	for (unsigned i = 0; i < x.rep.nitems; i++)
		assert_string_not_equal(x.rep.items[i].check, PREFLIGHT_BMC);
	x.req.bmc_given = true;
	snprintf(x.req.bmc[0].address, sizeof(x.req.bmc[0].address), "10.98.0.21");
	snprintf(x.req.bmc[1].address, sizeof(x.req.bmc[1].address), "10.98.0.22");
	x.req.bmc[0].state = PREFLIGHT_BMC_ON;
	x.req.bmc[1].state = PREFLIGHT_BMC_ON;
	assert_int_equal(judge(&x), 0);
	x.req.bmc[1].state = PREFLIGHT_BMC_OFF;
	assert_int_equal(judge(&x), 1);
	it = failed_item(&x, PREFLIGHT_BMC);
	assert_string_equal(it->node, "node2");
	assert_contains(it->message, "10.98.0.22 reports its node powered off, but node2 is running");
	x.req.bmc[1].state = PREFLIGHT_BMC_ON;
	x.req.bmc[0].state = PREFLIGHT_BMC_FAILED;
	snprintf(x.req.bmc[0].detail, sizeof(x.req.bmc[0].detail), "ERROR: Connection timed out");
	assert_int_equal(judge(&x), 1);
	it = failed_item(&x, PREFLIGHT_BMC);
	assert_string_equal(it->node, "node1");
	assert_contains(it->message, "BMC of node1 at 10.98.0.21 does not answer fence_ipmilan "
	    "(ERROR: Connection timed out): check the address");
}

/* ping(8) from iputils 20221126 (Debian 12): 0 with replies, 1 without,
 * 2 when it could not try. */
static void
test_ping_items(void **state)
{
	struct fixture x;
	const struct preflight_item *it;

	good(&x);
	x.req.nping = 2;
	snprintf(x.req.ping[0].address, sizeof(x.req.ping[0].address), "10.98.0.1");
	snprintf(x.req.ping[1].address, sizeof(x.req.ping[1].address), "10.98.0.2");
	preflight_ping_verdict(0, "3 packets transmitted, 3 received, 0% packet loss\n",
	    &x.req.ping[0]);
	preflight_ping_verdict(0, "", &x.req.ping[1]);
	assert_int_equal(judge(&x), 0);
	preflight_ping_verdict(1, "3 packets transmitted, 0 received, 100% packet loss, "
	    "time 436ms\n", &x.req.ping[1]);
	assert_int_equal(judge(&x), 1);
	it = failed_item(&x, PREFLIGHT_PING);
	assert_string_equal(it->node, "node1");
	assert_contains(it->message, "ping target 10.98.0.2 does not answer ping from node1: a "
	    "node that cannot reach it would never fence its peer");
	preflight_ping_verdict(2, "ping: connect: Network is unreachable\n", &x.req.ping[1]);
	assert_int_equal(x.req.ping[1].state, PREFLIGHT_PING_FAILED);
	assert_int_equal(judge(&x), 1);
	it = failed_item(&x, PREFLIGHT_PING);
	assert_contains(it->message, "(ping: connect: Network is unreachable)");
}

static void
test_facts_json_round_trip(void **state)
{
	struct preflight_facts f, g;
	char err[256] = "";
	char *json;

	facts(&f, "node2", "192.168.250.2/24", "10.98.0.12/24");
	f.time_us = INT64_C(1790000000123456);
	f.data_size_bytes = 32 * MIB;
	json = peer_preflight_reply_build(&f);
	assert_int_equal(peer_preflight_reply_parse(json, strlen(json), &g, err,
	    sizeof(err)), 0);
	g_free(json);
	assert_memory_equal(&f, &g, sizeof(f));
	/* hostile or broken peers */
	assert_int_equal(peer_preflight_reply_parse("{\"node\":\"n\"}", 12, &g, err,
	    sizeof(err)), -EINVAL);
	json = g_strdup("{\"node\":\"n2\",\"version\":\"0.1.0\",\"time_us\":1,\"role\":"
	    "\"standalone\",\"heartbeat\":{\"name\":\"eth1\",\"exists\":true,\"addresses\":"
	    "[\"10.0.0.1/24; rm -rf\"]},\"failover\":{\"name\":\"eth0\",\"exists\":true,"
	    "\"addresses\":[]},\"data\":{\"device\":\"none\",\"present\":false,"
	    "\"size_bytes\":0,\"error\":\"\"}}");
	assert_int_equal(peer_preflight_reply_parse(json, strlen(json), &g, err,
	    sizeof(err)), -EINVAL);
	assert_contains(err, "ADDRESS/PREFIX");
	g_free(json);
}

static void
test_preflight_request_json(void **state)
{
	struct peer_preflight_req r;
	char err[256];
	char *json = peer_preflight_req_build("s3cret pw", "eth0");

	assert_int_equal(peer_preflight_req_parse(json, strlen(json), &r, err, sizeof(err)), 0);
	assert_string_equal(r.password, "s3cret pw");
	assert_string_equal(r.interface, "eth0");
	peer_preflight_req_clear(&r);
	assert_null(r.password);
	peer_msg_free_secret(json);
	json = peer_preflight_req_build("pw", "eth0/../x");
	assert_int_equal(peer_preflight_req_parse(json, strlen(json), &r, err, sizeof(err)),
	    -EINVAL);
	peer_msg_free_secret(json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_pass_lists_every_check_ok),
		cmocka_unit_test(test_peer_unreachable_skips_peer_checks),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_other_peer_failure),
		cmocka_unit_test(test_version_differs),
		cmocka_unit_test(test_clock_edges),
		cmocka_unit_test(test_clustered_either_node),
		cmocka_unit_test(test_eth1_without_address),
		cmocka_unit_test(test_failover_interface_missing),
		cmocka_unit_test(test_ip_outside_subnet),
		cmocka_unit_test(test_ipv4_subnet_edges),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_ip_in_use_by_arp),
		cmocka_unit_test(test_ip_assigned_locally),
		cmocka_unit_test(test_arp_not_probed_or_failed),
		cmocka_unit_test(test_drbd_sizes),
		cmocka_unit_test(test_drbd_missing),
		cmocka_unit_test(test_drbd_none),
		cmocka_unit_test(test_all_failures_at_once),
		cmocka_unit_test(test_parse_ip_prefix),
		cmocka_unit_test(test_arp_verdict),
		cmocka_unit_test(test_bmc_verdict),
		cmocka_unit_test(test_fs_size),
		cmocka_unit_test(test_fs_too_big_for_drbd),
		cmocka_unit_test(test_bmc_items),
		cmocka_unit_test(test_ping_items),
		cmocka_unit_test(test_facts_json_round_trip),
		cmocka_unit_test(test_preflight_request_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
