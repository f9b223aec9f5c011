/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_build: build the creation-time CIB configuration with libxml2's
 * tree API.  Pure: no I/O, no logging (libxml2's own error printing is
 * switched off per parse, its messages come back in ERR). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "drbd_res.h"
#include "fo_cib_build.h"
#include "hb_valid.h"

#define FO_SCORE_INFINITY       "INFINITY"
#define FO_SCORE_NEVER          "-INFINITY"
#define FO_IFNAME_MAX           15     /* IFNAMSIZ - 1 */
#define FO_UNIT_NAME_MAX        255

struct fo_op {
	const char *name;
	const char *interval;
	const char *timeout;
	const char *role;          /* NULL: any */
};

/* Timeouts: what the agents need on a loaded appliance, not their minimum.
 * A stop that times out without fencing leaves the resource blocked, and a
 * start that times out bans the resource from that node (start failures
 * are fatal): IPaddr2's own 20 s start was seen to run out on a loaded
 * node taking over, leaving no node to run the failover IP.  Monitors get
 * FO_MONITOR_TIMEOUT: Pacemaker gives a probe the timeout of the
 * resource's shortest-interval monitor, and probes of DRBD and the
 * failover IP were seen to run out of 20 s on a loaded lab node, failing
 * the cluster's first start.  The cost is only a later notice of an agent
 * that hangs; one that fails still answers at once. */
#define FO_MONITOR_TIMEOUT "60s"
static const struct fo_op fo_ops_ip[] = {
	{ "start", "0s", "60s", NULL },
	{ "stop", "0s", "60s", NULL },
	{ "monitor", "10s", FO_MONITOR_TIMEOUT, NULL },
};
static const struct fo_op fo_ops_fs[] = {
	{ "start", "0s", "60s", NULL },
	{ "stop", "0s", "60s", NULL },
	{ "monitor", "20s", FO_MONITOR_TIMEOUT, NULL },
};
/* LINBIT's recommendation: DRBD may wait for its peer on start and on
 * demote; the two monitors need different intervals, or Pacemaker would
 * treat them as one operation. */
static const struct fo_op fo_ops_drbd[] = {
	{ "start", "0s", "240s", NULL },
	{ "stop", "0s", "100s", NULL },
	{ "promote", "0s", "90s", NULL },
	{ "demote", "0s", "90s", NULL },
	{ "notify", "0s", "90s", NULL },
	{ "monitor", "29s", FO_MONITOR_TIMEOUT, "Promoted" },
	{ "monitor", "31s", FO_MONITOR_TIMEOUT, "Unpromoted" },
};
static const struct fo_op fo_ops_service[] = {
	{ "start", "0s", "60s", NULL },
	{ "stop", "0s", "60s", NULL },
	{ "monitor", "10s", FO_MONITOR_TIMEOUT, NULL },
};
static const struct fo_op fo_ops_fence[] = {
	{ "monitor", "60s", FO_MONITOR_TIMEOUT, NULL },
};
static const struct fo_op fo_ops_reach[] = {
	{ "start", "0s", "60s", NULL },
	{ "stop", "0s", "60s", NULL },
	{ "monitor", FO_REACH_INTERVAL, FO_MONITOR_TIMEOUT, NULL },
};

#define FO_N(a) (sizeof(a) / sizeof((a)[0]))

/* Building state: libxml2 returns NULL on allocation failure, and every
 * helper turns a NULL parent into a no-op, so one check at the end covers
 * the whole tree. */
struct fo_b {
	xmlDocPtr doc;
	bool oom;
};

/* ---------------------------------------------------------- validation */

static bool
fo_printable(const char *s, size_t max)
{
	size_t n = s == NULL ? 0 : strlen(s);

	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static bool
fo_unit_ok(const char *s)
{
	size_t n = s == NULL ? 0 : strlen(s);

	if (n == 0 || n > FO_UNIT_NAME_MAX || strchr(s, '.') == NULL || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && strchr(":-_.@\\", s[i]) == NULL)
			return false;
	return true;
}

static int
hb_validate_services(const struct fo_cib_params *p, char *err, size_t errlen)
{
	struct hb_addr addr;

	if (p->nservices > FO_SERVICES_MAX)
		return hb_invalid(err, errlen, "at most %d services can be protected, not %zu",
		    FO_SERVICES_MAX, p->nservices);
	if (p->nservices > 0 && p->services == NULL)
		return hb_invalid(err, errlen, "the service list is missing (nservices = %zu)", p->nservices);
	for (size_t i = 0; i < p->nservices; i++) {
		const struct fo_cib_service *s = &p->services[i];

		if (!hb_word_ok(s->name, FO_SERVICE_NAME_MAX))
			return hb_invalid(err, errlen, "service %zu: name must be 1 to %d letters, "
			    "digits, '-' or '_', starting with a letter or digit, not '%s'",
			    i + 1, FO_SERVICE_NAME_MAX, s->name ? s->name : "");
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->services[j].name, s->name) == 0)
				return hb_invalid(err, errlen, "two services are named '%s': each "
				    "needs its own name", s->name);
		if (s->unit != NULL && s->command != NULL)
			return hb_invalid(err, errlen, "service %s: give a systemd unit or a "
			    "command, not both", s->name);
		if (s->unit == NULL && s->command == NULL)
			return hb_invalid(err, errlen, "service %s: give the systemd unit "
			    "(appliance) or the command (lab) that runs it", s->name);
		if (s->unit != NULL && !fo_unit_ok(s->unit))
			return hb_invalid(err, errlen, "service %s: systemd unit must look like "
			    "postfix.service, not '%s'", s->name, s->unit);
		if (s->command != NULL && !fo_printable(s->command, 4096))
			return hb_invalid(err, errlen, "service %s: command must be one line of "
			    "printable ASCII", s->name);
		if (s->address != NULL && !hb_addr_parse(s->address, &addr))
			return hb_invalid(err, errlen, "service %s: listen address must be a "
			    "unicast IPv4 or IPv6 address, not '%s'", s->name, s->address);
		if (s->directory != NULL && !hb_path_ok(s->directory))
			return hb_invalid(err, errlen, "service %s: directory must be an absolute "
			    "path, not '%s'", s->name, s->directory);
	}
	return 0;
}

int
fo_cib_check_bmc(const char *node, const struct fo_cib_bmc *b, const char *failover_ip,
    char *err, size_t errlen)
{
	struct hb_addr bmc, ip;

	if (!hb_addr_parse(b->ip, &bmc))
		return hb_invalid(err, errlen, "%s: BMC address must be a unicast IPv4 or "
		    "IPv6 address (fencing must not wait for DNS), not '%s'",
		    node, b->ip ? b->ip : "");
	if (failover_ip != NULL && hb_addr_parse(failover_ip, &ip) && hb_addr_equal(&bmc, &ip))
		return hb_invalid(err, errlen, "%s: BMC address %s is the failover IP: "
		    "give the address of the node's BMC", node, bmc.text);
	if (!fo_printable(b->user, FO_IPMI_USER_MAX))
		return hb_invalid(err, errlen, "%s: BMC user must be 1 to %d printable "
		    "ASCII characters", node, FO_IPMI_USER_MAX);
	if (!fo_printable(b->password, FO_IPMI_PASSWORD_MAX))
		return hb_invalid(err, errlen, "%s: BMC password must be 1 to %d printable "
		    "ASCII characters", node, FO_IPMI_PASSWORD_MAX);
	if (b->cipher != NULL && (strspn(b->cipher, "0123456789") != strlen(b->cipher) ||
	    *b->cipher == '\0' || strlen(b->cipher) > 2 || atoi(b->cipher) > 17))
		return hb_invalid(err, errlen, "%s: BMC cipher suite must be a number from 0 "
		    "to 17, not '%s'", node, b->cipher);
	return 0;
}

static int
hb_validate_fencing(const struct fo_cib_params *p, char *err, size_t errlen)
{
	struct hb_addr bmc[FO_CIB_NODES];
	int rc;

	if (p->fence != FO_FENCE_NONE && p->fence != FO_FENCE_LAB && p->fence != FO_FENCE_IPMI)
		return hb_invalid(err, errlen, "fencing mode %d is unknown", (int)p->fence);
	if (p->fence == FO_FENCE_NONE)
		return 0;
	/* The gate listens for a lost peer there: without it, it could not
	 * tell a crashed peer from a live one. */
	for (int i = 0; i < FO_CIB_NODES; i++) {
		struct hb_addr lan;

		if (!hb_addr_parse(p->lan[i], &lan))
			return hb_invalid(err, errlen, "%s: its address on the service network "
			    "must be a unicast IPv4 or IPv6 address, not '%s'", p->nodes[i],
			    p->lan[i] ? p->lan[i] : "");
	}
	if (p->fence != FO_FENCE_IPMI)
		return 0;
	for (int i = 0; i < FO_CIB_NODES; i++) {
		if ((rc = fo_cib_check_bmc(p->nodes[i], &p->bmc[i], p->ip, err, errlen)) != 0)
			return rc;
		hb_addr_parse(p->bmc[i].ip, &bmc[i]);
	}
	/* One BMC for both would make a node power itself off. */
	if (hb_addr_equal(&bmc[0], &bmc[1]))
		return hb_invalid(err, errlen, "both nodes have BMC address %s: each node is "
		    "fenced through its own BMC", bmc[0].text);
	return 0;
}

/* Comma-separated unicast address literals, at most FO_PING_TARGETS_MAX,
 * none of them the failover IP (the active node always answers it). */
static int
hb_validate_ping(const struct fo_cib_params *p, char *err, size_t errlen)
{
	struct hb_addr t, ip;
	gchar **v;
	unsigned n;
	int rc = 0;

	if (p->ping_targets == NULL)
		return 0;
	v = g_strsplit(p->ping_targets, ",", -1);
	n = g_strv_length(v);
	if (n == 0 || n > FO_PING_TARGETS_MAX)
		rc = hb_invalid(err, errlen, "give 1 to %d ping targets, not %u",
		    FO_PING_TARGETS_MAX, n);
	for (unsigned i = 0; rc == 0 && i < n; i++) {
		if (!hb_addr_parse(v[i], &t))
			rc = hb_invalid(err, errlen, "ping target '%s' is not a unicast IP "
			    "address: give the address of a host on the public network, such "
			    "as the default gateway", v[i]);
		else if (hb_addr_parse(p->ip, &ip) && hb_addr_equal(&t, &ip))
			rc = hb_invalid(err, errlen, "ping target %s is the failover IP: give a "
			    "host outside the pair, such as the default gateway", t.text);
	}
	g_strfreev(v);
	return rc;
}

static int
hb_validate(const struct fo_cib_params *p, struct hb_addr *ip, char *err, size_t errlen)
{
	const char *nic = p->nic ? p->nic : FO_DEFAULT_NIC;
	unsigned max_prefix;
	int rc;

	for (int i = 0; i < FO_CIB_NODES; i++)
		if (!hb_host_name_ok(p->nodes[i]))
			return hb_invalid(err, errlen, "node %d: name must be its host name: 1 to %d "
			    "letters, digits, '-', '.' or '_', starting with a letter or digit, not '%s'",
			    i + 1, HB_HOST_NAME_MAX, p->nodes[i] ? p->nodes[i] : "");
	if (strcmp(p->nodes[0], p->nodes[1]) == 0)
		return hb_invalid(err, errlen, "both nodes are named '%s': each node needs "
		    "its own host name", p->nodes[0]);
	if (p->preferred != NULL && strcmp(p->preferred, p->nodes[0]) != 0 &&
	    strcmp(p->preferred, p->nodes[1]) != 0)
		return hb_invalid(err, errlen, "the preferred node '%s' is neither %s nor %s",
		    p->preferred, p->nodes[0], p->nodes[1]);
	if (!hb_addr_parse(p->ip, ip))
		return hb_invalid(err, errlen, "failover IP must be a unicast IPv4 or IPv6 "
		    "address such as 10.0.0.10, not '%s'", p->ip ? p->ip : "");
	max_prefix = ip->family == AF_INET ? 32 : 128;
	if (p->prefix_len < 1 || p->prefix_len > max_prefix)
		return hb_invalid(err, errlen, "failover IP prefix length must be 1 to %u for "
		    "%s, not %u", max_prefix, ip->family == AF_INET ? "IPv4" : "IPv6",
		    p->prefix_len);
	if (!hb_host_name_ok(nic) || strlen(nic) > FO_IFNAME_MAX)
		return hb_invalid(err, errlen, "failover IP interface must be a network "
		    "interface name of 1 to %d characters such as eth0, not '%s'",
		    FO_IFNAME_MAX, nic);
	if (p->data != NULL) {
		const struct fo_cib_data *d = p->data;

		if (!hb_word_ok(d->drbd_resource, DRBD_RESOURCE_NAME_MAX))
			return hb_invalid(err, errlen, "DRBD resource name must be 1 to %d letters, "
			    "digits, '-' or '_', starting with a letter or digit, not '%s'",
			    DRBD_RESOURCE_NAME_MAX, d->drbd_resource ? d->drbd_resource : "");
		if (d->drbd_minor > DRBD_MINOR_MAX)
			return hb_invalid(err, errlen, "DRBD minor must be 0 to %d, not %u",
			    DRBD_MINOR_MAX, d->drbd_minor);
		if (!hb_path_ok(d->mount) || strcmp(d->mount, "/") == 0)
			return hb_invalid(err, errlen, "data mount point must be an absolute path "
			    "other than /, not '%s'", d->mount ? d->mount : "");
		if (d->fstype == NULL || (strcmp(d->fstype, "ext4") != 0 &&
		    strcmp(d->fstype, "xfs") != 0))
			return hb_invalid(err, errlen, "data file system must be ext4 or xfs, not '%s'",
			    d->fstype ? d->fstype : "");
	}
	if ((rc = hb_validate_services(p, err, errlen)) != 0 ||
	    (rc = hb_validate_ping(p, err, errlen)) != 0)
		return rc;
	return hb_validate_fencing(p, err, errlen);
}

/* ------------------------------------------------------------ building */

static xmlNodePtr
fo_el(struct fo_b *b, xmlNodePtr parent, const char *name, const char *id)
{
	xmlNodePtr n;

	if (parent == NULL)
		return NULL;
	n = xmlNewDocNode(b->doc, NULL, BAD_CAST name, NULL);
	if (n == NULL || xmlAddChild(parent, n) == NULL) {
		xmlFreeNode(n);
		b->oom = true;
		return NULL;
	}
	if (id != NULL && xmlNewProp(n, BAD_CAST "id", BAD_CAST id) == NULL)
		b->oom = true;
	return n;
}

static void
fo_set(struct fo_b *b, xmlNodePtr n, const char *name, const char *value)
{
	if (n != NULL && value != NULL &&
	    xmlNewProp(n, BAD_CAST name, BAD_CAST value) == NULL)
		b->oom = true;
}

/* <nvpair id="SET-NAME" name="NAME" value="VALUE"/>: Pacemaker's own id
 * scheme, unique because names are unique within a set. */
static void
fo_nvpair(struct fo_b *b, xmlNodePtr set, const char *name, const char *value)
{
	xmlChar *set_id;
	char *id;
	xmlNodePtr n;

	if (set == NULL || value == NULL)     /* NULL: an optional one left out */
		return;
	if ((set_id = xmlGetProp(set, BAD_CAST "id")) == NULL) {
		b->oom = true;
		return;
	}
	id = g_strdup_printf("%s-%s", (const char *)set_id, name);
	n = fo_el(b, set, "nvpair", id);
	fo_set(b, n, "name", name);
	fo_set(b, n, "value", value);
	g_free(id);
	xmlFree(set_id);
}

/* <instance_attributes id="OWNER-instance_attributes"> and its meta twin. */
static xmlNodePtr
fo_nvset(struct fo_b *b, xmlNodePtr owner, const char *kind, const char *owner_id)
{
	char *id = g_strdup_printf("%s-%s", owner_id, kind);
	xmlNodePtr n = fo_el(b, owner, kind, id);

	g_free(id);
	return n;
}

static xmlNodePtr
fo_primitive(struct fo_b *b, xmlNodePtr parent, const char *id, const char *cls,
    const char *provider, const char *type)
{
	xmlNodePtr n = fo_el(b, parent, "primitive", id);

	fo_set(b, n, "class", cls);
	fo_set(b, n, "provider", provider);
	fo_set(b, n, "type", type);
	return n;
}

static void
fo_ops(struct fo_b *b, xmlNodePtr prim, const char *rsc_id, const struct fo_op *ops, size_t n)
{
	xmlNodePtr set = fo_el(b, prim, "operations", NULL);

	for (size_t i = 0; i < n; i++) {
		char *id = g_strdup_printf("%s-%s-interval-%s", rsc_id, ops[i].name, ops[i].interval);
		xmlNodePtr op = fo_el(b, set, "op", id);

		fo_set(b, op, "name", ops[i].name);
		fo_set(b, op, "interval", ops[i].interval);
		fo_set(b, op, "timeout", ops[i].timeout);
		fo_set(b, op, "role", ops[i].role);
		g_free(id);
	}
}

static void
fo_build_options(struct fo_b *b, xmlNodePtr conf, const struct fo_cib_params *p)
{
	xmlNodePtr set = fo_el(b, fo_el(b, conf, "crm_config", NULL),
	    "cluster_property_set", FO_ID_CRM_CONFIG);

	fo_nvpair(b, set, "stonith-enabled", p->fence == FO_FENCE_NONE ? "false" : "true");
	/* With two_node the survivor keeps quorum, so this only acts when
	 * a node is alone after boot (wait_for_all): run nothing then. */
	fo_nvpair(b, set, "no-quorum-policy", "stop");
	/* No priority-fencing-delay: it would delay every fence of the active
	 * node, a crashed one too.  The fence gate gives the head start only
	 * when the lost node may be alive (fo_build_fence_gate). */
	fo_nvpair(b, set, "dc-deadtime", FO_DC_DEADTIME);
	fo_nvpair(b, set, "transition-delay", FO_TRANSITION_DELAY);
	fo_nvpair(b, set, "load-threshold", FO_LOAD_THRESHOLD);
	fo_nvpair(b, set, "cluster-recheck-interval", FO_CLUSTER_RECHECK);
}

static void
fo_build_ip(struct fo_b *b, xmlNodePtr group, const struct fo_cib_params *p,
    const struct hb_addr *ip)
{
	xmlNodePtr prim = fo_primitive(b, group, FO_ID_FAILOVER_IP, FO_AGENT_OCF,
	    FO_PROVIDER_HEARTBEAT, FO_TYPE_IPADDR2);
	xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", FO_ID_FAILOVER_IP);
	char prefix[8];

	snprintf(prefix, sizeof(prefix), "%u", p->prefix_len);
	fo_nvpair(b, ia, "ip", ip->text);
	fo_nvpair(b, ia, "cidr_netmask", prefix);
	fo_nvpair(b, ia, "nic", p->nic ? p->nic : FO_DEFAULT_NIC);
	fo_ops(b, prim, FO_ID_FAILOVER_IP, fo_ops_ip, FO_N(fo_ops_ip));
}

static void
fo_build_fs(struct fo_b *b, xmlNodePtr group, const struct fo_cib_data *d)
{
	xmlNodePtr prim = fo_primitive(b, group, FO_ID_FILESYSTEM, FO_AGENT_OCF,
	    FO_PROVIDER_HEARTBEAT, FO_TYPE_FILESYSTEM);
	xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", FO_ID_FILESYSTEM);
	char *dev = g_strdup_printf("%s%u", DRBD_DEVICE_PREFIX, d->drbd_minor);

	fo_nvpair(b, ia, "device", dev);
	fo_nvpair(b, ia, "directory", d->mount);
	fo_nvpair(b, ia, "fstype", d->fstype);
	fo_ops(b, prim, FO_ID_FILESYSTEM, fo_ops_fs, FO_N(fo_ops_fs));
	g_free(dev);
}

static void
fo_build_service(struct fo_b *b, xmlNodePtr group, const struct fo_cib_service *s)
{
	char *id = g_strdup_printf("%s%s", FO_ID_SERVICE_PREFIX, s->name);
	xmlNodePtr prim = fo_primitive(b, group, id, FO_AGENT_OCF, FO_PROVIDER_HAPAIR,
	    FO_TYPE_SERVICE);
	xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", id);

	if (s->unit != NULL)
		fo_nvpair(b, ia, "unit", s->unit);
	else
		fo_nvpair(b, ia, "command", s->command);
	if (s->port != 0) {
		char port[8];

		snprintf(port, sizeof(port), "%u", s->port);
		fo_nvpair(b, ia, "port", port);
	}
	if (s->address != NULL) {
		struct hb_addr addr;

		hb_addr_parse(s->address, &addr);   /* validated */
		fo_nvpair(b, ia, "address", addr.text);
	}
	fo_nvpair(b, ia, "directory", s->directory);
	fo_ops(b, prim, id, fo_ops_service, FO_N(fo_ops_service));
	g_free(id);
}

static void
fo_build_drbd(struct fo_b *b, xmlNodePtr resources, const struct fo_cib_data *d)
{
	xmlNodePtr clone = fo_el(b, resources, "clone", FO_ID_DRBD_CLONE);
	xmlNodePtr prim = fo_primitive(b, clone, FO_ID_DRBD, FO_AGENT_OCF,
	    FO_PROVIDER_LINBIT, FO_TYPE_DRBD);
	xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", FO_ID_DRBD);
	xmlNodePtr meta;

	fo_nvpair(b, ia, "drbd_resource", d->drbd_resource);
	fo_ops(b, prim, FO_ID_DRBD, fo_ops_drbd, FO_N(fo_ops_drbd));
	meta = fo_nvset(b, clone, "meta_attributes", FO_ID_DRBD_CLONE);
	fo_nvpair(b, meta, "promotable", "true");
	/* One Primary, ever: DRBD here is single-primary. */
	fo_nvpair(b, meta, "promoted-max", "1");
	fo_nvpair(b, meta, "promoted-node-max", "1");
	fo_nvpair(b, meta, "clone-max", "2");
	fo_nvpair(b, meta, "clone-node-max", "1");
	/* ocf:linbit:drbd follows its peer's promotions through notifications. */
	fo_nvpair(b, meta, "notify", "true");
}

/* "10.0.0.1,2001:db8::1" -> the same list, each address in its canonical
 * form (validated before), joined by SEP. */
static char *
fo_addr_list(const char *list, const char *sep)
{
	GString *out = g_string_new(NULL);
	gchar **v = g_strsplit(list, ",", -1);

	for (unsigned i = 0; v[i] != NULL; i++) {
		struct hb_addr t;

		hb_addr_parse(v[i], &t);
		g_string_append_printf(out, "%s%s", i ? sep : "", t.text);
	}
	g_strfreev(v);
	return g_string_free(out, FALSE);
}

/* hapair's fence gate (agents/fence_hapair_gate), registered on both
 * nodes, and one fencing level per node: the gate first, the node's
 * device only when it said yes. */
static void
fo_build_fence_gate(struct fo_b *b, xmlNodePtr conf, xmlNodePtr resources,
    const struct fo_cib_params *p, const struct hb_addr *ip)
{
	xmlNodePtr prim, ia, topo;
	char *hosts = g_strdup_printf("%s %s", p->nodes[0], p->nodes[1]);
	char *targets = p->ping_targets ? fo_addr_list(p->ping_targets, ",") : g_strdup("");
	GString *peers = g_string_new(NULL);

	for (int i = 0; i < FO_CIB_NODES; i++) {
		struct hb_addr lan;

		hb_addr_parse(p->lan[i], &lan);   /* validated */
		g_string_append_printf(peers, "%s%s=%s", i ? "," : "", p->nodes[i], lan.text);
	}
	prim = fo_primitive(b, resources, FO_ID_FENCE_GATE, FO_AGENT_STONITH, NULL,
	    FO_TYPE_FENCE_GATE);
	ia = fo_nvset(b, prim, "instance_attributes", FO_ID_FENCE_GATE);
	/* Both nodes may be "fenced" by it: it only answers whether the node
	 * running it may fence now. */
	fo_nvpair(b, ia, "pcmk_host_list", hosts);
	fo_nvpair(b, ia, FO_PARAM_GATE_PING_TARGETS, targets);
	fo_nvpair(b, ia, FO_PARAM_GATE_PEER_ADDRESSES, peers->str);
	fo_nvpair(b, ia, FO_PARAM_GATE_FAILOVER_IP, ip->text);
	fo_nvpair(b, ia, FO_PARAM_GATE_TIEBREAK, FO_TIEBREAK_DELAY_S);
	fo_nvpair(b, ia, FO_PARAM_GATE_PEER_WAIT, FO_PEER_WAIT_S);
	fo_ops(b, prim, FO_ID_FENCE_GATE, fo_ops_fence, FO_N(fo_ops_fence));
	g_string_free(peers, TRUE);
	g_free(targets);
	g_free(hosts);

	topo = fo_el(b, conf, "fencing-topology", NULL);
	for (int i = 0; i < FO_CIB_NODES; i++) {
		char *id = g_strdup_printf("%s%s", FO_ID_FENCE_LEVEL_PREFIX, p->nodes[i]);
		char *devs = g_strdup_printf("%s,%s%s", FO_ID_FENCE_GATE, FO_ID_FENCE_PREFIX,
		    p->nodes[i]);
		xmlNodePtr lvl = fo_el(b, topo, "fencing-level", id);

		fo_set(b, lvl, "target", p->nodes[i]);
		fo_set(b, lvl, "index", "1");
		fo_set(b, lvl, "devices", devs);
		g_free(id);
		g_free(devs);
	}
}

/* The service's preference, FO_REACH_SCORE, for a node whose ATTR does
 * not say it reaches none of the ping targets.  A node whose attribute is
 * not written yet (the clone starting there later than on the other, or
 * hapaird not yet watching) counts as reaching: only a probe that failed
 * moves the service.  A penalty for reaching none would say the same with
 * one expression, but when neither node reaches any target the negative
 * score would leave the service nowhere to run. */
static void
fo_build_reach_rule(struct fo_b *b, xmlNodePtr constraints, const char *id, const char *attr)
{
	xmlNodePtr loc = fo_el(b, constraints, "rsc_location", id);
	char *rule_id = g_strdup_printf("%s-rule", id);
	char *expr_id = g_strdup_printf("%s-expr", id);
	char *unknown_id = g_strdup_printf("%s-unknown", id);
	xmlNodePtr rule, expr, unknown;

	fo_set(b, loc, "rsc", FO_ID_GROUP);
	rule = fo_el(b, loc, "rule", rule_id);
	fo_set(b, rule, "score", FO_REACH_SCORE);
	fo_set(b, rule, "boolean-op", "or");
	expr = fo_el(b, rule, "expression", expr_id);
	fo_set(b, expr, "attribute", attr);
	fo_set(b, expr, "operation", "gt");
	fo_set(b, expr, "value", "0");
	fo_set(b, expr, "type", "number");
	unknown = fo_el(b, rule, "expression", unknown_id);
	fo_set(b, unknown, "attribute", attr);
	fo_set(b, unknown, "operation", "not_defined");
	g_free(rule_id);
	g_free(expr_id);
	g_free(unknown_id);
}

/* The ping targets' reachability on every node, asked twice: by hapaird
 * (FO_ATTR_LAN, daemon/lan_watch.c: an echo every 100 ms, a loss said
 * within a second) and by a clone of ocf:pacemaker:ping (FO_ATTR_REACH,
 * the backstop that needs no hapaird).  The service follows the network:
 * each attribute that does not say "none" is worth FO_REACH_SCORE, so it
 * leaves a node that reaches none for one that reaches some, and stays
 * put when neither reaches any (the gateway itself is down). */
static void
fo_build_reach(struct fo_b *b, xmlNodePtr resources, xmlNodePtr constraints,
    const struct fo_cib_params *p)
{
	xmlNodePtr clone = fo_el(b, resources, "clone", FO_ID_REACH_CLONE);
	xmlNodePtr prim = fo_primitive(b, clone, FO_ID_REACH, FO_AGENT_OCF,
	    FO_PROVIDER_PACEMAKER, FO_TYPE_PING);
	xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", FO_ID_REACH);
	char *hosts = fo_addr_list(p->ping_targets, " ");

	fo_nvpair(b, ia, "host_list", hosts);
	fo_nvpair(b, ia, "name", FO_ATTR_REACH);
	fo_nvpair(b, ia, "multiplier", "1");
	fo_nvpair(b, ia, "attempts", FO_REACH_ATTEMPTS);
	fo_nvpair(b, ia, "timeout", FO_REACH_TIMEOUT_S);
	fo_nvpair(b, ia, "options", FO_REACH_OPTIONS);
	fo_nvpair(b, ia, "dampen", "0s");
	/* fping, where installed, probes differently: one behaviour everywhere. */
	fo_nvpair(b, ia, "use_fping", "0");
	fo_ops(b, prim, FO_ID_REACH, fo_ops_reach, FO_N(fo_ops_reach));
	g_free(hosts);

	fo_build_reach_rule(b, constraints, FO_ID_LOC_REACH, FO_ATTR_REACH);
	fo_build_reach_rule(b, constraints, FO_ID_LOC_LAN, FO_ATTR_LAN);
}

static void
fo_build_fencing(struct fo_b *b, xmlNodePtr conf, xmlNodePtr resources,
    xmlNodePtr constraints, const struct fo_cib_params *p, const struct hb_addr *ip)
{
	if (p->fence == FO_FENCE_NONE)
		return;
	for (int i = 0; i < FO_CIB_NODES; i++) {
		const char *node = p->nodes[i];
		char *id = g_strdup_printf("%s%s", FO_ID_FENCE_PREFIX, node);
		char *loc_id = g_strdup_printf("%s%s", FO_ID_FENCE_LOC_PREFIX, node);
		xmlNodePtr prim = fo_primitive(b, resources, id, FO_AGENT_STONITH, NULL,
		    p->fence == FO_FENCE_IPMI ? FO_TYPE_FENCE_IPMI : FO_TYPE_FENCE_LAB);
		xmlNodePtr ia = fo_nvset(b, prim, "instance_attributes", id);
		xmlNodePtr loc;

		/* The device fences exactly this node, whatever it reports. */
		fo_nvpair(b, ia, "pcmk_host_list", node);
		if (p->fence == FO_FENCE_IPMI) {
			struct hb_addr bmc;

			hb_addr_parse(p->bmc[i].ip, &bmc);   /* validated */
			fo_nvpair(b, ia, "ip", bmc.text);
			fo_nvpair(b, ia, "username", p->bmc[i].user);
			fo_nvpair(b, ia, "password", p->bmc[i].password);
			if (p->bmc[i].lanplus)
				fo_nvpair(b, ia, "lanplus", "1");
			if (p->bmc[i].cipher != NULL)
				fo_nvpair(b, ia, "cipher", p->bmc[i].cipher);
		}
		fo_ops(b, prim, id, fo_ops_fence, FO_N(fo_ops_fence));
		loc = fo_el(b, constraints, "rsc_location", loc_id);
		fo_set(b, loc, "rsc", id);
		fo_set(b, loc, "node", node);
		fo_set(b, loc, "score", FO_SCORE_NEVER);
		g_free(id);
		g_free(loc_id);
	}
	fo_build_fence_gate(b, conf, resources, p, ip);
}

static void
fo_build_tree(struct fo_b *b, xmlNodePtr conf, const struct fo_cib_params *p,
    const struct hb_addr *ip)
{
	xmlNodePtr resources, constraints, group, n;

	fo_build_options(b, conf, p);
	fo_el(b, conf, "nodes", NULL);    /* the cluster fills it in */
	resources = fo_el(b, conf, "resources", NULL);
	constraints = fo_el(b, conf, "constraints", NULL);
	if (p->options_only)
		goto defaults;
	if (p->data != NULL)
		fo_build_drbd(b, resources, p->data);
	/* A group starts its members in order and stops them in reverse:
	 * mount -> IP -> services, so clients never reach a service whose
	 * data is not there. */
	group = fo_el(b, resources, "group", FO_ID_GROUP);
	if (p->data != NULL)
		fo_build_fs(b, group, p->data);
	fo_build_ip(b, group, p, ip);
	for (size_t i = 0; i < p->nservices; i++)
		fo_build_service(b, group, &p->services[i]);
	if (p->data != NULL) {
		n = fo_el(b, constraints, "rsc_colocation", FO_ID_COL_SERVICE_DRBD);
		fo_set(b, n, "rsc", FO_ID_GROUP);
		fo_set(b, n, "with-rsc", FO_ID_DRBD_CLONE);
		fo_set(b, n, "with-rsc-role", "Promoted");
		fo_set(b, n, "score", FO_SCORE_INFINITY);
		n = fo_el(b, constraints, "rsc_order", FO_ID_ORD_DRBD_SERVICE);
		fo_set(b, n, "first", FO_ID_DRBD_CLONE);
		fo_set(b, n, "first-action", "promote");
		fo_set(b, n, "then", FO_ID_GROUP);
		fo_set(b, n, "then-action", "start");
		fo_set(b, n, "kind", "Mandatory");
	}
	if (p->preferred != NULL) {
		n = fo_el(b, constraints, "rsc_location", FO_ID_LOC_PREFER);
		fo_set(b, n, "rsc", FO_ID_GROUP);
		fo_set(b, n, "node", p->preferred);
		fo_set(b, n, "score", FO_PREFER_SCORE);
	}
	if (p->ping_targets != NULL)
		fo_build_reach(b, resources, constraints, p);
	fo_build_fencing(b, conf, resources, constraints, p, ip);
defaults:
	/* Stickiness above any preference: a node that comes back does not
	 * take the service back (that would be a second outage). */
	n = fo_el(b, fo_el(b, conf, "rsc_defaults", NULL), "meta_attributes",
	    FO_ID_RSC_DEFAULTS);
	fo_nvpair(b, n, "resource-stickiness", FO_STICKINESS);
	/* A failed start bans a resource from its node until the failure is
	 * cleared, and an appliance has no operator at hand to clear it: with
	 * the other node down, one start that ran out of time would leave the
	 * service stopped for good.  Failures expire instead, and Pacemaker
	 * tries again. */
	fo_nvpair(b, n, "failure-timeout", FO_FAILURE_TIMEOUT);
}

static int
fo_dump(xmlDocPtr doc, xmlNodePtr node, GString *out)
{
	xmlBufferPtr buf = xmlBufferCreate();

	if (buf == NULL)
		return -ENOMEM;
	if (xmlNodeDump(buf, doc, node, 0, 1) < 0) {
		xmlBufferFree(buf);
		return -ENOMEM;
	}
	g_string_append(out, (const char *)xmlBufferContent(buf));
	g_string_append_c(out, '\n');
	xmlBufferFree(buf);
	return 0;
}

int
fo_cib_build(const struct fo_cib_params *p, GString *out, char *err, size_t errlen)
{
	struct fo_b b = { 0 };
	struct hb_addr ip;
	xmlNodePtr conf;
	int rc;

	if ((rc = hb_validate(p, &ip, err, errlen)) != 0)
		return rc;
	b.doc = xmlNewDoc(BAD_CAST "1.0");
	conf = b.doc ? xmlNewDocNode(b.doc, NULL, BAD_CAST "configuration", NULL) : NULL;
	if (conf == NULL) {
		xmlFreeDoc(b.doc);
		return -ENOMEM;
	}
	xmlDocSetRootElement(b.doc, conf);
	fo_build_tree(&b, conf, p, &ip);
	rc = b.oom ? -ENOMEM : fo_dump(b.doc, conf, out);
	xmlFreeDoc(b.doc);
	return rc;
}

/* ------------------------------------------------------------ embedding */

static xmlDocPtr
fo_parse(const char *text, const char *what, char *err, size_t errlen)
{
	/* NOBLANKS: the re-indented output must not keep the input's layout;
	 * NOERROR/NOWARNING: a library does not print, the error goes to ERR. */
	xmlDocPtr doc;

	xmlResetLastError();
	doc = xmlReadMemory(text, (int)strlen(text), what, NULL,
	    XML_PARSE_NOBLANKS | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
		const xmlError *e = xmlGetLastError();
		char *msg = g_strstrip(g_strdup(e && e->message ? e->message : "empty"));

		hb_invalid(err, errlen, "%s is not XML: %s", what, msg);
		g_free(msg);
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

int
fo_cib_embed(const char *skeleton, const char *configuration, GString *out,
    char *err, size_t errlen)
{
	xmlDocPtr cib = NULL, conf = NULL;
	xmlNodePtr root, old = NULL, copy;
	int rc = -EINVAL;

	if ((cib = fo_parse(skeleton, "the CIB skeleton", err, errlen)) == NULL ||
	    (conf = fo_parse(configuration, "the configuration", err, errlen)) == NULL)
		goto out;
	root = xmlDocGetRootElement(cib);
	if (!xmlStrEqual(root->name, BAD_CAST "cib")) {
		hb_invalid(err, errlen, "the CIB skeleton's root is <%s>, not <cib>", root->name);
		goto out;
	}
	if (!xmlStrEqual(xmlDocGetRootElement(conf)->name, BAD_CAST "configuration")) {
		hb_invalid(err, errlen, "the configuration's root is <%s>, not <configuration>",
		    xmlDocGetRootElement(conf)->name);
		goto out;
	}
	for (xmlNodePtr c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "configuration"))
			old = c;
	if (old == NULL) {
		hb_invalid(err, errlen, "the CIB skeleton has no <configuration>");
		goto out;
	}
	if ((copy = xmlDocCopyNode(xmlDocGetRootElement(conf), cib, 1)) == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	xmlReplaceNode(old, copy);
	xmlFreeNode(old);
	rc = fo_dump(cib, root, out);
out:
	xmlFreeDoc(conf);
	xmlFreeDoc(cib);
	return rc;
}
