/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight_collect: the create-cluster preflight's facts, gathered.
 *
 * This node's facts come from netlink, stat() and the store (fast: no
 * thread); the ARP probe runs arping as a child process and the peer's
 * facts come over the peer channel, both concurrently and asynchronously,
 * so the loop never waits.  Then preflight_judge (pure) decides.  Nothing
 * here changes anything on either node. */
#ifndef HP_PREFLIGHT_COLLECT_H
#define HP_PREFLIGHT_COLLECT_H

#include <json-glib/json-glib.h>
#include <stdint.h>

#include "hpd.h"
#include "preflight.h"

#define PREFLIGHT_ARPING       "arping"
#define PREFLIGHT_ARP_COUNT    "2"
#define PREFLIGHT_ARP_WAIT_S   "2"
#define PREFLIGHT_FENCE_IPMI   "fence_ipmilan"
/* fence_ipmilan's own retries and timeouts take up to ~20 s on a BMC that
 * does not answer. */
#define PREFLIGHT_BMC_TIMEOUT_S 40
#define PREFLIGHT_PING_PROG    "ping"
/* -c 3 -W 1: three probes 0.2 s apart, as the fence gate and the reach check need one. */
#define PREFLIGHT_PING_TIMEOUT_S 5

/* This node's facts, with IFACE as the failover IP's interface. */
void preflight_local_facts(struct hpd *d, const char *iface,
    struct preflight_facts *out);

struct preflight_params {
	char peer_address[64];
	uint16_t peer_port;
	const char *password;              /* copied before preflight_run returns */
	char failover_ip[64];
	unsigned failover_prefix;
	char interface[PREFLIGHT_IF_MAX];
	/* BMC details, checked with fence_ipmilan; bmc_address[0][0] == '\0':
	 * none given. */
	char bmc_address[2][64];           /* this node's BMC, the peer's */
	char bmc_user[32];
	const char *bmc_password;          /* copied before preflight_run returns */
	char bmc_cipher[4];                /* "" or the RMCP+ cipher suite */
	char ping[PREFLIGHT_PING_MAX * 48]; /* "" or "ADDR,ADDR": pinged from here */
};

/* REPORT, FACTS: valid during the call only; PEER NULL without facts. */
typedef void (*preflight_done_fn)(struct hpd *d, const struct preflight_report *report,
    const struct preflight_facts *local, const struct preflight_facts *peer,
    void *arg);

/* Collects everything, judges, calls FN once from the loop. */
void preflight_run(struct hpd *d, const struct preflight_params *p,
    preflight_done_fn fn, void *arg);

/* {"passed": bool, "failed": N, "local": NODE, "peer": NODE or null,
 *  "checks": [{"check", "state", "node", "message"}]} */
JsonNode *preflight_report_to_json(const struct preflight_report *r,
    const struct preflight_facts *local, const struct preflight_facts *peer);

#endif
