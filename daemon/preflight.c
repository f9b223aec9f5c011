/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight: the create-cluster verdict (see preflight.h).
 *
 * Each check adds one "ok" item, or one "failed" item per node it fails
 * on, so that the operator fixes everything in one round.  Checks that
 * need the peer's facts are "skipped" when there are none: the failure
 * that says why is already in the report.  Pure; must never log. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib.h>
#include <string.h>

#include "cfg.h"
#include "hb_valid.h"
#include "hp_cmd.h"
#include "preflight.h"

#define PF_MIB (UINT64_C(1024) * 1024)

static struct preflight_item *pf_add(struct preflight_report *r, const char *check,
    enum preflight_state state, const char *node, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static struct preflight_item *
pf_add(struct preflight_report *r, const char *check, enum preflight_state state,
    const char *node, const char *fmt, ...)
{
	struct preflight_item *it;
	va_list ap;

	if (r->nitems >= PREFLIGHT_ITEMS_MAX) {
		/* Cannot happen with the checks below (at most two items
		 * each); still, a failure must never be lost silently. */
		it = &r->items[PREFLIGHT_ITEMS_MAX - 1];
		if (state != PREFLIGHT_FAILED)
			return it;
		if (it->state != PREFLIGHT_FAILED)
			r->nfailed++;
	} else {
		it = &r->items[r->nitems++];
		if (state == PREFLIGHT_FAILED)
			r->nfailed++;
	}
	it->check = check;
	it->state = state;
	snprintf(it->node, sizeof(it->node), "%s", node != NULL ? node : "");
	va_start(ap, fmt);
	vsnprintf(it->message, sizeof(it->message), fmt, ap);
	va_end(ap);
	return it;
}

const char *
preflight_state_name(enum preflight_state s)
{
	switch (s) {
	case PREFLIGHT_OK:      return "ok";
	case PREFLIGHT_FAILED:  return "failed";
	case PREFLIGHT_SKIPPED: return "skipped";
	}
	return "unknown";
}

/* Addresses ---------------------------------------------------------------- */

struct pf_net {
	int family;
	unsigned char bytes[16];
	unsigned prefix;
};

/* "ADDR/PREFIX" as netlink prints it; false for anything else. */
static bool
pf_net_parse(const char *s, struct pf_net *n)
{
	char addr[PREFLIGHT_ADDR_LEN];
	const char *slash = strchr(s, '/');
	char *end;
	unsigned long p;
	size_t len;

	if (slash == NULL || (len = (size_t)(slash - s)) >= sizeof(addr))
		return false;
	memcpy(addr, s, len);
	addr[len] = '\0';
	if (inet_pton(AF_INET, addr, n->bytes) == 1)
		n->family = AF_INET;
	else if (inet_pton(AF_INET6, addr, n->bytes) == 1)
		n->family = AF_INET6;
	else
		return false;
	p = strtoul(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end != '\0' || p > (n->family == AF_INET ? 32u : 128u))
		return false;
	n->prefix = (unsigned)p;
	return true;
}

static size_t
pf_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Do A and B agree in their first PREFIX bits? */
static bool
pf_same_prefix(const unsigned char *a, const unsigned char *b, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ b[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* Are the bits after PREFIX all ONE (1) or all zero (0)? */
static bool
pf_host_bits_all(const unsigned char *a, size_t len, unsigned prefix, int one)
{
	for (unsigned bit = prefix; bit < len * 8; bit++) {
		int v = (a[bit / 8] >> (7 - bit % 8)) & 1;

		if (v != one)
			return false;
	}
	return true;
}

/* fe80::/10: every IPv6 interface has one; it cannot carry the cluster. */
static bool
pf_link_local(const struct pf_net *n)
{
	return n->family == AF_INET6 && n->bytes[0] == 0xfe && (n->bytes[1] & 0xc0) == 0x80;
}

int
preflight_parse_ip_prefix(const char *s, char *addr, size_t addrlen, unsigned *prefix)
{
	struct hb_addr a;
	struct pf_net n;

	if (s == NULL || !pf_net_parse(s, &n) || n.prefix == 0)
		return -EINVAL;
	{
		char lit[PREFLIGHT_ADDR_LEN];
		size_t len = (size_t)(strchr(s, '/') - s);

		memcpy(lit, s, len);
		lit[len] = '\0';
		if (!hb_addr_parse(lit, &a))
			return -EINVAL;
	}
	if (pf_link_local(&n))
		return -EINVAL;
	snprintf(addr, addrlen, "%s", a.text);
	*prefix = n.prefix;
	return 0;
}

/* Checks --------------------------------------------------------------------- */

static void
pf_check_peer(const struct preflight_request *req, const struct preflight_facts *peer,
    struct preflight_report *r)
{
	switch (req->peer_status) {
	case PREFLIGHT_PEER_FACTS:
		if (peer != NULL) {
			pf_add(r, PREFLIGHT_PEER_UNREACHABLE, PREFLIGHT_OK, "",
			    "%s answers at %s on the heartbeat link and accepted its admin "
			    "password", peer->node, req->peer_where);
			return;
		}
		pf_add(r, PREFLIGHT_PEER_CHANNEL, PREFLIGHT_FAILED, "",
		    "the peer at %s sent no facts: is it a hapaird of this version?",
		    req->peer_where);
		return;
	case PREFLIGHT_PEER_NO_ANSWER:
		pf_add(r, PREFLIGHT_PEER_UNREACHABLE, PREFLIGHT_FAILED, "",
		    "the peer is unreachable: %s", req->peer_detail);
		return;
	case PREFLIGHT_PEER_BAD_PASSWORD:
		pf_add(r, PREFLIGHT_PEER_PASSWORD, PREFLIGHT_FAILED, "",
		    "wrong peer admin password: %s", req->peer_detail);
		return;
	case PREFLIGHT_PEER_FAILED:
		pf_add(r, PREFLIGHT_PEER_CHANNEL, PREFLIGHT_FAILED, "", "%s", req->peer_detail);
		return;
	}
}

static void
pf_check_version(const struct preflight_facts *l, const struct preflight_facts *p,
    struct preflight_report *r)
{
	if (p == NULL) {
		pf_add(r, PREFLIGHT_VERSION, PREFLIGHT_SKIPPED, "",
		    "not checked: the peer's version is unknown");
		return;
	}
	if (strcmp(l->version, p->version) == 0) {
		pf_add(r, PREFLIGHT_VERSION, PREFLIGHT_OK, "", "both nodes run hapair %s",
		    l->version);
		return;
	}
	pf_add(r, PREFLIGHT_VERSION, PREFLIGHT_FAILED, p->node, "%s runs hapair %s, %s "
	    "runs hapair %s: install the same hapair version on both nodes", l->node,
	    l->version, p->node, p->version);
}

static void
pf_check_clock(const struct preflight_facts *p, const struct preflight_request *req,
    struct preflight_report *r)
{
	int64_t off = req->clock_offset_us, abs_us = off < 0 ? -off : off;
	int64_t err_us = req->clock_rtt_us > 0 ? req->clock_rtt_us / 2 : 0;

	if (p == NULL) {
		pf_add(r, PREFLIGHT_CLOCK, PREFLIGHT_SKIPPED, "",
		    "not checked: the peer's clock is unknown");
		return;
	}
	/* Refused only when the clocks are surely too far apart. */
	if (abs_us - err_us <= PREFLIGHT_CLOCK_MAX_US) {
		pf_add(r, PREFLIGHT_CLOCK, PREFLIGHT_OK, "", "the clocks are %.3f s apart",
		    (double)abs_us / 1e6);
		return;
	}
	pf_add(r, PREFLIGHT_CLOCK, PREFLIGHT_FAILED, p->node, "the clock of %s is %.1f s "
	    "%s this node's (at most %.0f s allowed): set up NTP on both nodes or set the "
	    "time, then check again", p->node, (double)abs_us / 1e6,
	    off < 0 ? "behind" : "ahead of", (double)PREFLIGHT_CLOCK_MAX_US / 1e6);
}

static void
pf_check_clustered(const struct preflight_facts *l, const struct preflight_facts *p,
    struct preflight_report *r)
{
	const struct preflight_facts *n[2] = { l, p };
	unsigned failed = 0;

	for (int i = 0; i < 2; i++) {
		if (n[i] == NULL || strcmp(n[i]->role, PREFLIGHT_ROLE_STANDALONE) == 0)
			continue;
		failed++;
		pf_add(r, PREFLIGHT_CLUSTERED, PREFLIGHT_FAILED, n[i]->node, "%s is already "
		    "clustered (role %s): dissolve that cluster first", n[i]->node, n[i]->role);
	}
	if (failed == 0)
		pf_add(r, PREFLIGHT_CLUSTERED, p != NULL ? PREFLIGHT_OK : PREFLIGHT_SKIPPED, "",
		    p != NULL ? "neither node is clustered yet" :
		    "this node is not clustered; the peer was not checked");
}

/* The usable addresses of IF: not IPv6 link-local. */
static unsigned
pf_usable_addrs(const struct preflight_iface *i)
{
	unsigned n = 0;
	struct pf_net net;

	for (unsigned k = 0; k < i->naddrs; k++)
		if (pf_net_parse(i->addrs[k], &net) && !pf_link_local(&net))
			n++;
	return n;
}

static void
pf_check_eth1(const struct preflight_facts *l, const struct preflight_facts *p,
    struct preflight_report *r)
{
	const struct preflight_facts *n[2] = { l, p };
	unsigned failed = 0;

	for (int i = 0; i < 2; i++) {
		const struct preflight_iface *hb;

		if (n[i] == NULL)
			continue;
		hb = &n[i]->hb;
		if (!hb->exists) {
			failed++;
			pf_add(r, PREFLIGHT_ETH1_ADDRESS, PREFLIGHT_FAILED, n[i]->node,
			    "the heartbeat interface %s does not exist on %s: connect the "
			    "direct cable or set [heartbeat] interface in hapair.conf", hb->name,
			    n[i]->node);
		} else if (pf_usable_addrs(hb) == 0) {
			failed++;
			pf_add(r, PREFLIGHT_ETH1_ADDRESS, PREFLIGHT_FAILED, n[i]->node,
			    "the heartbeat interface %s on %s has no address: give it one "
			    "(e.g. 192.168.250.1/24 and .2 on the peer)", hb->name, n[i]->node);
		}
	}
	if (failed == 0)
		pf_add(r, PREFLIGHT_ETH1_ADDRESS, PREFLIGHT_OK, "",
		    "the heartbeat interface has an address on %s", p != NULL ?
		    "both nodes" : "this node (the peer was not checked)");
}

/* Is the failover IP inside a subnet of N's failover interface?  Also:
 * already assigned there.  Both failures are counted in *SUBNET_FAILED and
 * *IN_USE_FAILED. */
static void
pf_check_subnet_node(const struct preflight_facts *n, const struct hb_addr *ip,
    const struct preflight_request *req, struct preflight_report *r,
    unsigned *iface_failed, unsigned *subnet_failed)
{
	const struct preflight_iface *fo = &n->fo;
	bool inside = false, edge = false;
	char nets[PREFLIGHT_ADDR_MAX * PREFLIGHT_ADDR_LEN] = "";
	const char *edge_what = "";

	if (!fo->exists) {
		(*iface_failed)++;
		pf_add(r, PREFLIGHT_INTERFACE, PREFLIGHT_FAILED, n->node, "the interface %s "
		    "does not exist on %s: give the interface of the service network "
		    "(--interface), which must have the same name on both nodes", fo->name,
		    n->node);
		return;
	}
	for (unsigned k = 0; k < fo->naddrs; k++) {
		struct pf_net net;

		if (!pf_net_parse(fo->addrs[k], &net) || pf_link_local(&net) ||
		    net.family != ip->family)
			continue;
		if (nets[0] != '\0')
			strncat(nets, ", ", sizeof(nets) - strlen(nets) - 1);
		strncat(nets, fo->addrs[k], sizeof(nets) - strlen(nets) - 1);
		if (!pf_same_prefix(net.bytes, ip->bytes, net.prefix))
			continue;
		/* The network and broadcast addresses of an IPv4 subnet
		 * (prefix up to /30) are no host addresses. */
		if (ip->family == AF_INET && net.prefix <= 30) {
			if (pf_host_bits_all(ip->bytes, 4, net.prefix, 0)) {
				edge = true;
				edge_what = "network";
				continue;
			}
			if (pf_host_bits_all(ip->bytes, 4, net.prefix, 1)) {
				edge = true;
				edge_what = "broadcast";
				continue;
			}
		}
		inside = true;
	}
	if (inside)
		return;
	(*subnet_failed)++;
	if (edge)
		pf_add(r, PREFLIGHT_IP_SUBNET, PREFLIGHT_FAILED, n->node, "failover IP %s is "
		    "the %s address of the subnet of %s on %s (%s): choose a host address "
		    "inside it", ip->text, edge_what, fo->name, n->node, nets);
	else if (nets[0] == '\0')
		pf_add(r, PREFLIGHT_IP_SUBNET, PREFLIGHT_FAILED, n->node, "failover IP %s is "
		    "outside every subnet of %s on %s: it has no %s address; give %s an "
		    "address in the failover IP's subnet", ip->text, fo->name, n->node,
		    ip->family == AF_INET ? "IPv4" : "IPv6", fo->name);
	else
		pf_add(r, PREFLIGHT_IP_SUBNET, PREFLIGHT_FAILED, n->node, "failover IP %s is "
		    "outside the subnet of %s on %s (%s): choose an address in that subnet or "
		    "the right interface", ip->text, fo->name, n->node, nets);
	(void)req;
}

/* Is IP among the addresses of I? */
static bool
pf_assigned(const struct preflight_iface *i, const struct hb_addr *ip)
{
	for (unsigned k = 0; k < i->naddrs; k++) {
		struct pf_net net;

		if (pf_net_parse(i->addrs[k], &net) && net.family == ip->family &&
		    memcmp(net.bytes, ip->bytes, pf_len(ip->family)) == 0)
			return true;
	}
	return false;
}

static void
pf_check_ip(const struct preflight_facts *l, const struct preflight_facts *p,
    const struct preflight_request *req, struct preflight_report *r)
{
	const struct preflight_facts *n[2] = { l, p };
	unsigned iface_failed = 0, subnet_failed = 0, in_use = 0;
	struct hb_addr ip;

	if (!hb_addr_parse(req->failover_ip, &ip)) {
		pf_add(r, PREFLIGHT_IP_SUBNET, PREFLIGHT_FAILED, "", "'%s' is not a unicast "
		    "IPv4 or IPv6 address: give the failover IP as ADDRESS/PREFIX",
		    req->failover_ip);
		return;
	}
	for (int i = 0; i < 2; i++)
		if (n[i] != NULL)
			pf_check_subnet_node(n[i], &ip, req, r, &iface_failed, &subnet_failed);
	if (iface_failed == 0)
		pf_add(r, PREFLIGHT_INTERFACE, p != NULL ? PREFLIGHT_OK : PREFLIGHT_SKIPPED, "",
		    "%s exists on %s", req->interface, p != NULL ? "both nodes" :
		    "this node; the peer was not checked");
	if (subnet_failed == 0 && iface_failed == 0)
		pf_add(r, PREFLIGHT_IP_SUBNET, p != NULL ? PREFLIGHT_OK : PREFLIGHT_SKIPPED, "",
		    "failover IP %s is inside the subnet of %s on %s", ip.text, req->interface,
		    p != NULL ? "both nodes" : "this node; the peer was not checked");

	for (int i = 0; i < 2; i++) {
		const char *where = NULL;

		if (n[i] == NULL)
			continue;
		if (pf_assigned(&n[i]->fo, &ip))
			where = n[i]->fo.name;
		else if (pf_assigned(&n[i]->hb, &ip))
			where = n[i]->hb.name;
		if (where == NULL)
			continue;
		in_use++;
		pf_add(r, PREFLIGHT_IP_IN_USE, PREFLIGHT_FAILED, n[i]->node, "failover IP %s "
		    "is already assigned on %s (%s): the cluster adds it itself; remove it "
		    "there or choose a free address", ip.text, n[i]->node, where);
	}
	switch (req->arp) {
	case PREFLIGHT_ARP_ANSWERED:
		in_use++;
		pf_add(r, PREFLIGHT_IP_IN_USE, PREFLIGHT_FAILED, l->node, "failover IP %s "
		    "already answers ARP from %s on %s: choose a free address", ip.text,
		    req->arp_mac[0] ? req->arp_mac : "an unknown MAC", req->interface);
		break;
	case PREFLIGHT_ARP_NOT_PROBED:
		pf_add(r, PREFLIGHT_ARP_PROBE, PREFLIGHT_FAILED, l->node, "not probed: arping "
		    "cannot probe %s (it does not do ARP): give the Ethernet interface of the "
		    "service network", req->interface);
		break;
	case PREFLIGHT_ARP_FAILED:
		pf_add(r, PREFLIGHT_ARP_PROBE, PREFLIGHT_FAILED, l->node, "the ARP probe for "
		    "%s on %s failed: %s", ip.text, req->interface, req->arp_detail);
		break;
	case PREFLIGHT_ARP_FREE:
	case PREFLIGHT_ARP_NOT_APPLICABLE:
		break;
	}
	if (in_use == 0)
		pf_add(r, PREFLIGHT_IP_IN_USE, PREFLIGHT_OK, "", "failover IP %s is %s", ip.text,
		    req->arp == PREFLIGHT_ARP_FREE ? "not assigned and nobody answers ARP for it" :
		    "not assigned on either node");
}

static void
pf_size_text(uint64_t bytes, char *out, size_t len)
{
	if (bytes % PF_MIB == 0)
		snprintf(out, len, "%llu MiB", (unsigned long long)(bytes / PF_MIB));
	else
		snprintf(out, len, "%llu bytes", (unsigned long long)bytes);
}

static void
pf_check_drbd(const struct preflight_facts *l, const struct preflight_facts *p,
    struct preflight_report *r)
{
	bool l_none = strcmp(l->data_device, CFG_DATA_DEVICE_NONE) == 0;
	bool p_none = p != NULL && strcmp(p->data_device, CFG_DATA_DEVICE_NONE) == 0;
	const struct preflight_facts *n[2] = { l, p };
	unsigned failed = 0;
	char ls[32], ps[32];

	if (l_none && (p == NULL || p_none)) {
		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_OK, "", "no replicated volume "
		    "([data] device = none)%s", p == NULL ? " on this node" : " on both nodes");
		return;
	}
	if (p != NULL && l_none != p_none) {
		const struct preflight_facts *without = l_none ? l : p, *with = l_none ? p : l;

		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_FAILED, without->node, "%s has no "
		    "[data] device but %s has %s: set [data] device on both nodes, or none on "
		    "both", without->node, with->node, with->data_device);
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (n[i] == NULL || n[i]->data_present)
			continue;
		failed++;
		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_FAILED, n[i]->node, "the DRBD "
		    "backing device %s is missing on %s (%s): attach the disk or fix [data] "
		    "device in hapair.conf", n[i]->data_device, n[i]->node, n[i]->data_error);
	}
	if (failed > 0)
		return;
	pf_size_text(l->data_size_bytes, ls, sizeof(ls));
	/* This node's data is kept: DRBD's metadata goes after it, so the
	 * file system must end before the metadata begins. */
	if (l->data_fs[0] != '\0' &&
	    l->data_fs_bytes > preflight_drbd_usable_bytes(l->data_size_bytes)) {
		char fs[32], usable[32];

		pf_size_text(l->data_fs_bytes, fs, sizeof(fs));
		pf_size_text(preflight_drbd_usable_bytes(l->data_size_bytes), usable,
		    sizeof(usable));
		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_FAILED, l->node, "the %s file system "
		    "on %s (%s) reaches into the end of the device, where DRBD keeps its "
		    "metadata: shrink it to at most %s first (resize2fs), or the data to keep "
		    "would be damaged", l->data_fs, l->data_device, fs, usable);
		return;
	}
	if (p == NULL) {
		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_SKIPPED, "", "%s on this node has "
		    "%s; the peer's was not checked", l->data_device, ls);
		return;
	}
	pf_size_text(p->data_size_bytes, ps, sizeof(ps));
	/* The active node's data is copied to the peer: the peer's disk must
	 * hold all of it; a larger one is fine (DRBD uses the smaller size). */
	if (p->data_size_bytes < l->data_size_bytes) {
		pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_FAILED, p->node, "the DRBD backing "
		    "device %s is smaller on the peer %s (%s) than %s on %s (%s): give %s a "
		    "device of at least %s", p->data_device, p->node, ps, l->data_device,
		    l->node, ls, p->node, ls);
		return;
	}
	pf_add(r, PREFLIGHT_DRBD_DEVICE, PREFLIGHT_OK, "", "DRBD backing devices: %s %s "
	    "on %s, %s %s on %s", l->data_device, ls, l->node, p->data_device, ps, p->node);
}

unsigned
preflight_judge(const struct preflight_facts *local, const struct preflight_facts *peer,
    const struct preflight_request *req, struct preflight_report *out)
{
	memset(out, 0, sizeof(*out));
	if (req->peer_status != PREFLIGHT_PEER_FACTS)
		peer = NULL;
	pf_check_peer(req, peer, out);
	pf_check_version(local, peer, out);
	pf_check_clock(peer, req, out);
	pf_check_clustered(local, peer, out);
	pf_check_eth1(local, peer, out);
	pf_check_ip(local, peer, req, out);
	pf_check_drbd(local, peer, out);
	preflight_check_bmc(req, (const char *const[2]){ local->node,
	    peer != NULL ? peer->node : "the peer" }, out);
	preflight_check_ping(req, local->node, out);
	return out->nfailed;
}

/* Ping targets --------------------------------------------------------------- */

void
preflight_ping_verdict(int exit_status, const char *output, struct preflight_ping *p)
{
	p->detail[0] = '\0';
	if (exit_status == 0) {
		p->state = PREFLIGHT_PING_ANSWERS;
	} else if (exit_status == 1) {
		p->state = PREFLIGHT_PING_SILENT;
	} else {
		p->state = PREFLIGHT_PING_FAILED;
		hp_cmd_last_line(output, p->detail, sizeof(p->detail));
		if (p->detail[0] == '\0')
			snprintf(p->detail, sizeof(p->detail), "ping exited with status %d",
			    exit_status);
	}
}

void
preflight_check_ping(const struct preflight_request *req, const char *node,
    struct preflight_report *out)
{
	for (unsigned i = 0; i < req->nping; i++) {
		const struct preflight_ping *p = &req->ping[i];

		switch (p->state) {
		case PREFLIGHT_PING_ANSWERS:
			pf_add(out, PREFLIGHT_PING, PREFLIGHT_OK, node, "ping target %s answers "
			    "from %s", p->address, node);
			break;
		case PREFLIGHT_PING_SILENT:
			pf_add(out, PREFLIGHT_PING, PREFLIGHT_FAILED, node, "ping target %s does "
			    "not answer ping from %s: a node that cannot reach it would never "
			    "fence its peer; give a host on the service network that answers ping "
			    "(--ping ADDR), or --ping none", p->address, node);
			break;
		case PREFLIGHT_PING_FAILED:
			pf_add(out, PREFLIGHT_PING, PREFLIGHT_FAILED, node, "ping target %s could "
			    "not be pinged from %s (%s): install iputils-ping", p->address, node,
			    p->detail);
			break;
		case PREFLIGHT_PING_UNCHECKED:
			pf_add(out, PREFLIGHT_PING, PREFLIGHT_SKIPPED, node, "ping target %s was "
			    "not checked", p->address);
			break;
		}
	}
}

/* BMCs ------------------------------------------------------------------------ */

void
preflight_bmc_verdict(int exit_status, const char *output, struct preflight_bmc *b)
{
	g_autofree char *text = g_strchomp(g_strdup(output != NULL ? output : ""));
	const char *last = strrchr(text, '\n');

	b->detail[0] = '\0';
	if (exit_status == 0) {
		b->state = PREFLIGHT_BMC_ON;
		return;
	}
	if (exit_status == 2) {
		b->state = PREFLIGHT_BMC_OFF;
		return;
	}
	b->state = PREFLIGHT_BMC_FAILED;
	/* The agent's last line says why ("Failed: Unable to obtain correct
	 * plug status or plug is not available"); the lines before it are
	 * its debug and Python noise. */
	last = last != NULL ? last + 1 : text;
	/* "2026-11-22 09:42:41,206 ERROR: ...": the time is the operator's now */
	if (g_regex_match_simple("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8},[0-9]+ ", last, 0, 0))
		last = strchr(strchr(last, ' ') + 1, ' ') + 1;
	if (*last == '\0')
		snprintf(b->detail, sizeof(b->detail), "fence_ipmilan exited with status %d "
		    "and said nothing", exit_status);
	else
		snprintf(b->detail, sizeof(b->detail), "%s", last);
}

void
preflight_check_bmc(const struct preflight_request *req, const char *const nodes[2],
    struct preflight_report *out)
{
	if (!req->bmc_given)
		return;
	for (int i = 0; i < 2; i++) {
		const struct preflight_bmc *b = &req->bmc[i];

		switch (b->state) {
		case PREFLIGHT_BMC_ON:
			pf_add(out, PREFLIGHT_BMC, PREFLIGHT_OK, nodes[i], "the BMC of %s at %s "
			    "answers and reports the node powered on", nodes[i], b->address);
			break;
		case PREFLIGHT_BMC_OFF:
			pf_add(out, PREFLIGHT_BMC, PREFLIGHT_FAILED, nodes[i], "the BMC at %s "
			    "reports its node powered off, but %s is running: give %s's own BMC "
			    "address", b->address, nodes[i], nodes[i]);
			break;
		case PREFLIGHT_BMC_FAILED:
			pf_add(out, PREFLIGHT_BMC, PREFLIGHT_FAILED, nodes[i], "the BMC of %s at "
			    "%s does not answer fence_ipmilan (%s): check the address, that IPMI "
			    "over LAN is enabled, and the BMC user and password", nodes[i],
			    b->address, b->detail);
			break;
		case PREFLIGHT_BMC_UNCHECKED:
			pf_add(out, PREFLIGHT_BMC, PREFLIGHT_SKIPPED, nodes[i], "the BMC of %s at "
			    "%s was not checked", nodes[i], b->address);
			break;
		}
	}
}

void
preflight_arp_verdict(int exit_status, const char *output, struct preflight_request *req)
{
	const char *reply, *open_br, *close_br;
	size_t n;

	req->arp_mac[0] = '\0';
	req->arp_detail[0] = '\0';
	if (output == NULL)
		output = "";
	/* iputils arping exits 0 on an interface without ARP, having sent
	 * nothing: that is no proof the address is free. */
	if (strstr(output, "is not ARPable") != NULL) {
		req->arp = PREFLIGHT_ARP_NOT_PROBED;
		return;
	}
	if (exit_status == 0) {
		req->arp = PREFLIGHT_ARP_FREE;
		return;
	}
	reply = strstr(output, "reply from ");
	if (exit_status == 1 && reply != NULL) {
		req->arp = PREFLIGHT_ARP_ANSWERED;
		open_br = strchr(reply, '[');
		close_br = open_br != NULL ? strchr(open_br, ']') : NULL;
		if (close_br != NULL && (n = (size_t)(close_br - open_br - 1)) < sizeof(req->arp_mac)) {
			for (size_t i = 0; i < n; i++) {
				char ch = open_br[1 + i];

				/* arping prints upper case; ip(8) and the docs lower. */
				req->arp_mac[i] = (ch >= 'A' && ch <= 'F') ? (char)(ch - 'A' + 'a') :
				    (((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
				    ch == ':') ? ch : '?');
			}
			req->arp_mac[n] = '\0';
		}
		return;
	}
	req->arp = PREFLIGHT_ARP_FAILED;
	n = strcspn(output, "\n");
	if (n == 0)
		snprintf(req->arp_detail, sizeof(req->arp_detail), "arping exited with "
		    "status %d: check that iputils-arping is installed", exit_status);
	else
		snprintf(req->arp_detail, sizeof(req->arp_detail), "arping: %.*s", (int)n, output);
}

/* "ADDR", "ADDR:PORT", "[ADDR6]:PORT" or a bare IPv6 "ADDR6". */
bool
preflight_parse_peer(const char *s, char *addr, size_t addrlen, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	g_autofree char *host = NULL;
	char *end;
	unsigned long p = PREFLIGHT_DEFAULT_PEER_PORT;

	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			return false;
		host = g_strndup(s + 1, (gsize)(close - s - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
	} else if (colon != NULL && strchr(s, ':') == colon) {
		host = g_strndup(s, (gsize)(colon - s));
	} else {
		host = g_strdup(s);
		colon = NULL;
	}
	if (colon != NULL) {
		p = strtoul(colon + 1, &end, 10);
		if (colon[1] == '\0' || *end != '\0' || p < 1 || p > 65535)
			return false;
	}
	if (!g_hostname_is_ip_address(host) || strlen(host) >= addrlen)
		return false;
	g_strlcpy(addr, host, addrlen);
	*port = (uint16_t)p;
	return true;
}
