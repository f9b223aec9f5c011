/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight: may a cluster be created from these two nodes?  The verdict.
 *
 * Before "Create cluster" changes anything, both nodes are looked at: the
 * peer answers on the heartbeat link and accepts its admin password, both
 * run the same hapair, their clocks agree within a second, the failover
 * IP is free and inside the service interface's subnet, the DRBD backing
 * devices exist and the peer's is not smaller, neither node is already
 * clustered, and eth1 has an address on both.  Every failed check is
 * reported, not only the first, each with what to do.
 *
 * Pure: the facts are collected elsewhere (preflight_collect.c, and the
 * peer's by the peer channel); nothing here logs, reads the clock or
 * touches the network, a file or the store. */
#ifndef HP_PREFLIGHT_H
#define HP_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Stable check ids: for programs and tests; the messages are for people. */
#define PREFLIGHT_PEER_UNREACHABLE "peer-unreachable"
#define PREFLIGHT_PEER_PASSWORD    "peer-password"
#define PREFLIGHT_PEER_CHANNEL     "peer-channel"   /* any other peer failure */
#define PREFLIGHT_VERSION          "version"
#define PREFLIGHT_CLOCK            "clock"
#define PREFLIGHT_CLUSTERED        "clustered"
#define PREFLIGHT_ETH1_ADDRESS     "eth1-address"
#define PREFLIGHT_INTERFACE        "interface"
#define PREFLIGHT_IP_SUBNET        "ip-subnet"
#define PREFLIGHT_IP_IN_USE        "ip-in-use"
#define PREFLIGHT_ARP_PROBE        "arp-probe"
#define PREFLIGHT_DRBD_DEVICE      "drbd-device"
#define PREFLIGHT_BMC              "bmc"            /* only with BMC details */
#define PREFLIGHT_PING             "ping-target"    /* only with ping targets */

/* Corosync and DRBD tolerate more, but certificates, logs and the split
 * brain survivor choice compare times across the nodes. */
#define PREFLIGHT_CLOCK_MAX_US     INT64_C(1000000)
#define PREFLIGHT_ROLE_STANDALONE  "standalone"
#define PREFLIGHT_DEFAULT_IF       "eth0"

#define PREFLIGHT_NAME_MAX   64
#define PREFLIGHT_IF_MAX     16      /* IFNAMSIZ */
#define PREFLIGHT_ADDR_MAX   8
#define PREFLIGHT_ADDR_LEN   64      /* "ffff:...:ffff/128" */
#define PREFLIGHT_PATH_MAX   256
#define PREFLIGHT_TEXT_MAX   160

/* One interface as netlink showed it. */
struct preflight_iface {
	char name[PREFLIGHT_IF_MAX];
	bool exists;
	unsigned naddrs;
	char addrs[PREFLIGHT_ADDR_MAX][PREFLIGHT_ADDR_LEN];   /* "10.98.0.11/24" */
};

/* What one node says about itself. */
struct preflight_facts {
	char node[PREFLIGHT_NAME_MAX];
	char version[32];
	char role[32];                       /* the store's cluster role */
	int64_t time_us;                     /* its wall clock when collected */
	struct preflight_iface hb;           /* [heartbeat] interface (eth1) */
	struct preflight_iface fo;           /* the failover IP's interface */
	char data_device[PREFLIGHT_PATH_MAX]; /* CFG_DATA_DEVICE_NONE: no DRBD */
	bool data_present;
	uint64_t data_size_bytes;
	char data_error[PREFLIGHT_TEXT_MAX]; /* why not present, e.g. strerror */
	/* This node's only (not sent over the peer channel): the file
	 * system on the device, kept by Create cluster. */
	char data_fs[16];                    /* "ext4", "xfs"; "" none found */
	uint64_t data_fs_bytes;
};

/* How the call to the peer went (the facts are NULL unless PEER_FACTS). */
enum preflight_peer_status {
	PREFLIGHT_PEER_FACTS,
	PREFLIGHT_PEER_NO_ANSWER,
	PREFLIGHT_PEER_BAD_PASSWORD,
	PREFLIGHT_PEER_FAILED,
};

/* The local ARP probe for the failover IP. */
enum preflight_arp {
	PREFLIGHT_ARP_FREE,           /* no reply */
	PREFLIGHT_ARP_ANSWERED,       /* a reply, from arp_mac */
	PREFLIGHT_ARP_NOT_PROBED,     /* interface cannot ARP (e.g. lo) */
	PREFLIGHT_ARP_FAILED,         /* arping missing or failed: arp_detail */
	PREFLIGHT_ARP_NOT_APPLICABLE, /* IPv6: no ARP */
};

/* What the operator asked, and what was measured on the way. */
/* A node's BMC as `fence_ipmilan -o status` found it. */
enum preflight_bmc_state {
	PREFLIGHT_BMC_UNCHECKED = 0,
	PREFLIGHT_BMC_ON,                    /* answers: its node is powered on */
	PREFLIGHT_BMC_OFF,                   /* answers: its node is off (not the right BMC) */
	PREFLIGHT_BMC_FAILED,                /* no answer, refused login, no fence_ipmilan */
};

struct preflight_bmc {
	char address[64];
	enum preflight_bmc_state state;
	char detail[256];                    /* fence_ipmilan's words when FAILED */
};

/* A ping target (the fence gate's and the service's) as ping(8) found it from here. */
enum preflight_ping_state {
	PREFLIGHT_PING_UNCHECKED = 0,
	PREFLIGHT_PING_ANSWERS,
	PREFLIGHT_PING_SILENT,               /* no echo reply */
	PREFLIGHT_PING_FAILED,               /* ping could not run or try */
};

#define PREFLIGHT_PING_MAX 4                 /* FO_PING_TARGETS_MAX */

struct preflight_ping {
	char address[48];
	enum preflight_ping_state state;
	char detail[160];                    /* ping's words when FAILED */
};

struct preflight_request {
	char peer_where[80];                 /* "192.168.250.2:7440", for messages */
	char failover_ip[64];                /* the address, without prefix */
	unsigned failover_prefix;
	char interface[PREFLIGHT_IF_MAX];
	enum preflight_peer_status peer_status;
	char peer_detail[640];               /* peer_client's message when no facts */
	int64_t clock_offset_us;             /* the peer's wall clock minus ours */
	/* The round trip it was measured over: the offset is known to within
	 * half of it (a loaded node answering late looks ahead). */
	int64_t clock_rtt_us;
	enum preflight_arp arp;
	char arp_mac[24];
	char arp_detail[256];
	bool bmc_given;                      /* BMC details came with the request */
	struct preflight_bmc bmc[2];         /* [0] this node's BMC, [1] the peer's */
	unsigned nping;
	struct preflight_ping ping[PREFLIGHT_PING_MAX];
};

enum preflight_state {
	PREFLIGHT_OK,
	PREFLIGHT_FAILED,
	PREFLIGHT_SKIPPED,            /* could not be checked: see the failures */
};

struct preflight_item {
	const char *check;            /* PREFLIGHT_* id */
	enum preflight_state state;
	char node[PREFLIGHT_NAME_MAX]; /* the node it concerns; "" for both */
	char message[512];            /* what is wrong and what to do, or what is fine */
};

#define PREFLIGHT_ITEMS_MAX 32

struct preflight_report {
	unsigned nitems;
	unsigned nfailed;
	struct preflight_item items[PREFLIGHT_ITEMS_MAX];
};

/* Judges LOCAL and PEER (NULL when its facts could not be had: REQ says
 * why) for creating a cluster as REQ asks.  Fills OUT; returns the number
 * of failed checks (0: the cluster may be created). */
unsigned preflight_judge(const struct preflight_facts *local,
    const struct preflight_facts *peer, const struct preflight_request *req,
    struct preflight_report *out);

const char *preflight_state_name(enum preflight_state s);

/* "10.98.0.10/24" -> "10.98.0.10", 24.  The address must be a unicast
 * IPv4 or IPv6 literal; PREFIX 1..32 or 1..128.  0, or -EINVAL. */
int preflight_parse_ip_prefix(const char *s, char *addr, size_t addrlen,
    unsigned *prefix);

#define PREFLIGHT_DEFAULT_PEER_PORT 7440      /* CFG_DEFAULT_PEER_PORT */
/* The peer as an operator gives it: "ADDR", "ADDR:PORT", "[ADDR6]:PORT" or a
 * bare IPv6 "ADDR6" (port PREFLIGHT_DEFAULT_PEER_PORT).  Only IP literals. */
bool preflight_parse_peer(const char *s, char *addr, size_t addrlen, uint16_t *port);

/* The file system in BUF, the first LEN bytes of a device (2048 suffice):
 * its TYPE and size in *BYTES; -ENOENT when none is recognised. */
int preflight_fs_size(const unsigned char *buf, size_t len, char *type, size_t typelen,
    uint64_t *bytes);
/* What a device of DEVICE_BYTES keeps for data beside DRBD's internal
 * metadata. */
uint64_t preflight_drbd_usable_bytes(uint64_t device_bytes);

/* fence_ipmilan's answer to action=status (exit 0: on, 2: off, else a
 * failure) into B. */
void preflight_bmc_verdict(int exit_status, const char *output, struct preflight_bmc *b);

/* The bmc check's items for REQ into OUT (nothing without BMC details);
 * NODES: this node's and the peer's names. */
void preflight_check_bmc(const struct preflight_request *req, const char *const nodes[2],
    struct preflight_report *out);

/* ping's exit status (0: replies, 1: none, else it could not try) and
 * output into P. */
void preflight_ping_verdict(int exit_status, const char *output, struct preflight_ping *p);

/* The ping-target items for REQ, as seen from NODE, into OUT. */
void preflight_check_ping(const struct preflight_request *req, const char *node,
    struct preflight_report *out);

/* arping's answer (-D: exit 0 when nobody replied, 1 when someone did)
 * into REQ's arp fields.  OUTPUT: its stdout and stderr. */
void preflight_arp_verdict(int exit_status, const char *output,
    struct preflight_request *req);

#endif
