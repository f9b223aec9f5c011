/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_req: what Create cluster and its preflight are asked.
 *
 * hapairctl (ctl_server.c) and the API (api_cluster.c) both receive the
 * request as a JSON object with the same members:
 *
 *   {"peer": "10.99.0.12[:7440]", "password": "...", "failover_ip": "IP/PREFIX",
 *    "interface": "eth0", "ping": "10.98.0.1[,ADDR...]",
 *    "bmc": {"address": IP, "peer_address": IP, "user": U, "password": P,
 *            "cipher": "3" (optional)}}
 *
 * "interface" defaults to eth0; "bmc" is optional (without it fencing is
 * DRBD's resource-level fencing, or the lab agent in the lab); "ping"
 * defaults to the interface's default gateway (job_create.c).  Reading it
 * in one place means both accept and refuse exactly the same requests with
 * the same words.  Nothing here changes anything. */
#ifndef HP_CLUSTER_REQ_H
#define HP_CLUSTER_REQ_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "fo_cib_build.h"
#include "preflight.h"
#include "preflight_collect.h"

/* The two BMCs fence_ipmilan reaches: the same credentials on both
 * (identical appliances, set up alike). */
struct cluster_req_bmc {
	char address[64];                       /* this node's BMC */
	char peer_address[64];                  /* the peer's BMC */
	char user[FO_IPMI_USER_MAX + 1];
	char password[FO_IPMI_PASSWORD_MAX + 1];
	char cipher[4];                         /* "" or the RMCP+ cipher suite */
};

struct cluster_req {
	char peer_address[64];          /* the peer's eth1 address */
	uint16_t peer_port;             /* CFG_DEFAULT_PEER_PORT unless given */
	const char *password;           /* the peer's admin password, in the JSON object */
	char failover_ip[64];           /* "10.0.0.10/24", as given */
	char ip[64];                    /* its address */
	unsigned prefix;                /* and its prefix length */
	char interface[PREFLIGHT_IF_MAX];
	bool has_bmc;
	struct cluster_req_bmc bmc;
	/* "" or the hosts on the public network the fence gate and the reach check ask,
	 * comma-separated address literals (fo_cib_build.h). */
	char ping[FO_PING_TARGETS_MAX * 48];
};

/* Read O into OUT.  NODE: this node's name, for errors.  0, or -EINVAL with
 * what to fix in ERR.  OUT->password points into O.  Clear OUT with
 * cluster_req_clear when done: it may hold the BMC password. */
int cluster_req_parse(JsonObject *o, const char *node, struct cluster_req *out,
    char *err, size_t errlen);

/* The preflight's parameters for R (R->password must outlive the call
 * only: preflight_run copies it). */
void cluster_req_preflight_params(const struct cluster_req *r, struct preflight_params *pp);

/* {"address", "peer_address", "user", "password"}: what the job keeps */
JsonObject *cluster_req_bmc_to_json(const struct cluster_req_bmc *b);

/* The IPv4 default gateway of interface IFNAME in ROUTES (the text of
 * /proc/net/route), as an address literal in OUT: the ping target a
 * request gets when it names none.  true if found. */
bool cluster_req_default_gateway(const char *routes, const char *ifname, char *out,
    size_t outlen);

/* Overwrites the secrets R holds. */
void cluster_req_clear(struct cluster_req *r);

#endif
