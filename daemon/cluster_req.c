/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_req: what Create cluster and its preflight are asked (see
 * cluster_req.h). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "cluster_req.h"

/* O's string member NAME, or NULL when absent or not a string. */
static const char *
req_str(JsonObject *o, const char *name)
{
	JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) &&
	    json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
}

static int
req_invalid(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -EINVAL;
}

/* "bmc": all four members or none of the object.  FAILOVER_IP: the
 * failover address, which no BMC may have. */
static int
req_parse_bmc(JsonObject *o, const char *failover_ip, struct cluster_req_bmc *b,
    char *err, size_t errlen)
{
	const char *addr = req_str(o, "address"), *peer = req_str(o, "peer_address");
	const char *user = req_str(o, "user"), *pw = req_str(o, "password");
	const char *cipher = req_str(o, "cipher");
	struct fo_cib_bmc mine, theirs;
	int rc;

	if (addr == NULL || peer == NULL || user == NULL || pw == NULL)
		return req_invalid(err, errlen, "BMC details need this node's BMC address, the "
		    "peer's BMC address, the BMC user and the BMC password");
	if (cipher != NULL && *cipher == '\0')
		cipher = NULL;
	mine = (struct fo_cib_bmc){ addr, user, pw, true, cipher };
	theirs = (struct fo_cib_bmc){ peer, user, pw, true, cipher };
	if ((rc = fo_cib_check_bmc("this node", &mine, failover_ip, err, errlen)) != 0 ||
	    (rc = fo_cib_check_bmc("the peer", &theirs, failover_ip, err, errlen)) != 0)
		return rc;
	/* fo_cib_check_bmc accepted both as address literals. */
	if (strlen(addr) >= sizeof(b->address) || strlen(peer) >= sizeof(b->peer_address))
		return req_invalid(err, errlen, "a BMC address is too long");
	if (strcmp(addr, peer) == 0)
		return req_invalid(err, errlen, "this node and the peer have the same BMC "
		    "address: each node is fenced through its own BMC");
	g_strlcpy(b->address, addr, sizeof(b->address));
	g_strlcpy(b->peer_address, peer, sizeof(b->peer_address));
	g_strlcpy(b->user, user, sizeof(b->user));
	g_strlcpy(b->password, pw, sizeof(b->password));
	g_strlcpy(b->cipher, cipher != NULL ? cipher : "", sizeof(b->cipher));
	return 0;
}

int
cluster_req_parse(JsonObject *o, const char *node, struct cluster_req *out,
    char *err, size_t errlen)
{
	const char *peer = req_str(o, "peer"), *ip = req_str(o, "failover_ip");
	const char *iface = req_str(o, "interface");
	JsonNode *bmc = json_object_get_member(o, "bmc");

	memset(out, 0, sizeof(*out));
	if (peer == NULL || !preflight_parse_peer(peer, out->peer_address,
	    sizeof(out->peer_address), &out->peer_port))
		return req_invalid(err, errlen, "give the peer's eth1 address as ADDRESS or "
		    "ADDRESS:PORT");
	if (out->peer_port == 0)
		out->peer_port = CFG_DEFAULT_PEER_PORT;
	out->password = req_str(o, "password");
	if (out->password == NULL || out->password[0] == '\0')
		return req_invalid(err, errlen, "give the peer's admin password");
	if (ip == NULL || strlen(ip) >= sizeof(out->failover_ip) ||
	    preflight_parse_ip_prefix(ip, out->ip, sizeof(out->ip), &out->prefix) < 0) {
		snprintf(err, errlen, "'%s' is not a failover IP: give a unicast address with "
		    "its prefix, e.g. 10.98.0.10/24", ip != NULL ? ip : "");
		return -EINVAL;
	}
	g_strlcpy(out->failover_ip, ip, sizeof(out->failover_ip));
	if (iface == NULL || iface[0] == '\0')
		iface = PREFLIGHT_DEFAULT_IF;
	if (strlen(iface) >= sizeof(out->interface) || if_nametoindex(iface) == 0) {
		snprintf(err, errlen, "there is no interface '%s' on %s: give the interface of "
		    "the service network", iface, node);
		return -EINVAL;
	}
	g_strlcpy(out->interface, iface, sizeof(out->interface));
	if (bmc != NULL && !JSON_NODE_HOLDS_NULL(bmc)) {
		int rc;

		if (!JSON_NODE_HOLDS_OBJECT(bmc))
			return req_invalid(err, errlen, "\"bmc\" must be an object with address, "
			    "peer_address, user and password");
		rc = req_parse_bmc(json_node_get_object(bmc), out->ip, &out->bmc, err, errlen);
		if (rc != 0) {
			cluster_req_clear(out);
			return rc;
		}
		out->has_bmc = true;
	}
	return 0;
}

void
cluster_req_preflight_params(const struct cluster_req *r, struct preflight_params *pp)
{
	memset(pp, 0, sizeof(*pp));
	g_strlcpy(pp->peer_address, r->peer_address, sizeof(pp->peer_address));
	pp->peer_port = r->peer_port;
	pp->password = r->password;
	g_strlcpy(pp->failover_ip, r->ip, sizeof(pp->failover_ip));
	pp->failover_prefix = r->prefix;
	g_strlcpy(pp->interface, r->interface, sizeof(pp->interface));
	if (r->has_bmc) {
		g_strlcpy(pp->bmc_address[0], r->bmc.address, sizeof(pp->bmc_address[0]));
		g_strlcpy(pp->bmc_address[1], r->bmc.peer_address, sizeof(pp->bmc_address[1]));
		g_strlcpy(pp->bmc_user, r->bmc.user, sizeof(pp->bmc_user));
		pp->bmc_password = r->bmc.password;
		g_strlcpy(pp->bmc_cipher, r->bmc.cipher, sizeof(pp->bmc_cipher));
	}
}

JsonObject *
cluster_req_bmc_to_json(const struct cluster_req_bmc *b)
{
	JsonObject *o = json_object_new();

	json_object_set_string_member(o, "address", b->address);
	json_object_set_string_member(o, "peer_address", b->peer_address);
	json_object_set_string_member(o, "user", b->user);
	json_object_set_string_member(o, "password", b->password);
	if (b->cipher[0] != '\0')
		json_object_set_string_member(o, "cipher", b->cipher);
	return o;
}

void
cluster_req_clear(struct cluster_req *r)
{
	explicit_bzero(&r->bmc, sizeof(r->bmc));
	r->password = NULL;
	r->has_bmc = false;
}
