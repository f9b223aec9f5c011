/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_req: what Create cluster and its preflight are asked (see
 * cluster_req.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "cluster_req.h"
#include "hb_valid.h"

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

/* "ping": 1 to FO_PING_TARGETS_MAX unicast address literals, none the
 * failover IP; stored in OUT normalized (as inet_ntop writes them). */
static int
req_parse_ping(const char *list, const char *failover_ip, char *out, size_t outlen,
    char *err, size_t errlen)
{
	gchar **v = g_strsplit(list, ",", -1);
	unsigned n = g_strv_length(v);
	struct hb_addr a, ip;
	int rc = 0;

	out[0] = '\0';
	if (n == 0 || n > FO_PING_TARGETS_MAX) {
		snprintf(err, errlen, "give 1 to %d ping targets, separated by commas",
		    FO_PING_TARGETS_MAX);
		rc = -EINVAL;
	}
	for (unsigned i = 0; rc == 0 && i < n; i++) {
		g_strstrip(v[i]);
		if (!hb_addr_parse(v[i], &a)) {
			snprintf(err, errlen, "ping target '%s' is not an IP address: give a host "
			    "on the service network that answers ping, such as its default "
			    "gateway", v[i]);
			rc = -EINVAL;
		} else if (hb_addr_parse(failover_ip, &ip) && hb_addr_equal(&a, &ip)) {
			snprintf(err, errlen, "ping target %s is the failover IP: give a host "
			    "outside the pair, such as the default gateway", a.text);
			rc = -EINVAL;
		} else {
			g_strlcat(out, i ? "," : "", outlen);
			g_strlcat(out, a.text, outlen);
		}
	}
	g_strfreev(v);
	return rc;
}

int
cluster_req_parse(JsonObject *o, const char *node, struct cluster_req *out,
    char *err, size_t errlen)
{
	const char *peer = req_str(o, "peer"), *ip = req_str(o, "failover_ip");
	const char *iface = req_str(o, "interface"), *ping = req_str(o, "ping");
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
	if (json_object_has_member(o, "ping") && ping == NULL)
		return req_invalid(err, errlen, "\"ping\" must be a string of addresses "
		    "separated by commas");
	if (ping == NULL) {
		gchar *routes = NULL;

		/* none given: the gateway the interface's clients come through */
		if (g_file_get_contents("/proc/net/route", &routes, NULL, NULL))
			cluster_req_default_gateway(routes, out->interface, out->ping,
			    sizeof(out->ping));
		g_free(routes);
	} else if (strcmp(ping, "none") != 0 &&   /* "none": no public-network check */
	    req_parse_ping(ping, out->ip, out->ping, sizeof(out->ping), err, errlen) != 0) {
		return -EINVAL;
	}
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
	g_strlcpy(pp->ping, r->ping, sizeof(pp->ping));
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

bool
cluster_req_default_gateway(const char *routes, const char *ifname, char *out,
    size_t outlen)
{
	gchar **lines = g_strsplit(routes != NULL ? routes : "", "\n", -1);
	bool found = false;

	/* Iface Destination Gateway Flags RefCnt Use Metric Mask ...: hex in
	 * network byte order as the kernel holds it, so the bytes read back
	 * as stored; RTF_GATEWAY is 0x2. */
	for (unsigned i = 1; !found && lines[i] != NULL; i++) {
		char iface[32];
		unsigned dest, gw, flags, mask;
		struct in_addr a;

		if (sscanf(lines[i], "%31s %x %x %x %*d %*d %*d %x", iface, &dest, &gw, &flags,
		    &mask) != 5 || strcmp(iface, ifname) != 0 || dest != 0 || mask != 0 ||
		    !(flags & 0x2) || gw == 0)
			continue;
		a.s_addr = gw;
		found = inet_ntop(AF_INET, &a, out, (socklen_t)outlen) != NULL;
	}
	g_strfreev(lines);
	return found;
}

void
cluster_req_clear(struct cluster_req *r)
{
	explicit_bzero(&r->bmc, sizeof(r->bmc));
	r->password = NULL;
	r->has_bmc = false;
}
