/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_res: render the two-node DRBD resource file.  Pure: no files, no
 * logging; the secret never appears in an error message. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <openssl/rand.h>

#include "drbd_res.h"
#include "hb_valid.h"

/* Where each DRBD generation wants the same intent written. */
struct drbd_syntax {
	const char *fencing_section;   /* "disk" (8.4) or "net" (9) */
	const char *fence_handler;
	const char *unfence_event;     /* the handler that lifts the constraint */
	const char *unfence_handler;
	int node_ids;                  /* DRBD 9 names every host with a node-id */
};

static const struct drbd_syntax drbd_84 = {
	"disk", DRBD_HANDLER_DIR "/crm-fence-peer.sh",
	/* 8.4 has no unfence-peer event: the constraint goes once this node
	 * is in sync again. */
	"after-resync-target", DRBD_HANDLER_DIR "/crm-unfence-peer.sh", 0,
};

static const struct drbd_syntax drbd_9 = {
	"net", DRBD_HANDLER_DIR "/crm-fence-peer.9.sh",
	"unfence-peer", DRBD_HANDLER_DIR "/crm-unfence-peer.9.sh", 1,
};

static int
drbd_validate(const struct drbd_res_params *p, const char *resource,
    unsigned rate_kib_s, struct hb_addr addr[2], char *err, size_t errlen)
{
	const char *secret = p->shared_secret;
	size_t secret_len = secret ? strlen(secret) : 0;

	if (!hb_word_ok(resource, DRBD_RESOURCE_NAME_MAX))
		return hb_invalid(err, errlen, "DRBD resource name must be 1 to %d letters, "
		    "digits, '-' or '_', starting with a letter or digit, not '%s'",
		    DRBD_RESOURCE_NAME_MAX, resource);
	if (p->minor > DRBD_MINOR_MAX)
		return hb_invalid(err, errlen, "DRBD minor must be 0 to %d, not %u",
		    DRBD_MINOR_MAX, p->minor);
	if (!hb_path_ok(p->disk))
		return hb_invalid(err, errlen, "backing disk must be an absolute device path "
		    "such as /dev/sdb, not '%s'", p->disk ? p->disk : "");
	if (g_str_has_prefix(p->disk, DRBD_DEVICE_PREFIX) &&
	    (g_ascii_isdigit(p->disk[strlen(DRBD_DEVICE_PREFIX)]) ||
	    p->disk[strlen(DRBD_DEVICE_PREFIX)] == '/'))
		return hb_invalid(err, errlen, "backing disk %s is a DRBD device: name the "
		    "disk DRBD replicates, such as /dev/sdb", p->disk);
	for (int i = 0; i < DRBD_RES_NODES; i++) {
		const struct drbd_res_node *n = &p->nodes[i];

		if (!hb_host_name_ok(n->name))
			return hb_invalid(err, errlen, "node %d: name must be its host name: 1 to %d "
			    "letters, digits, '-', '.' or '_', starting with a letter or digit, not '%s'",
			    i + 1, HB_HOST_NAME_MAX, n->name ? n->name : "");
		if (!hb_addr_parse(n->address, &addr[i]))
			return hb_invalid(err, errlen, "%s: replication address (eth1) must be a "
			    "unicast IPv4 or IPv6 address, not '%s'", n->name,
			    n->address ? n->address : "");
	}
	if (strcmp(p->nodes[0].name, p->nodes[1].name) == 0)
		return hb_invalid(err, errlen, "both nodes are named '%s': each node needs "
		    "its own host name", p->nodes[0].name);
	if (addr[0].family != addr[1].family)
		return hb_invalid(err, errlen, "replication addresses %s and %s mix IPv4 and "
		    "IPv6: both nodes need the same family on eth1", addr[0].text, addr[1].text);
	if (hb_addr_equal(&addr[0], &addr[1]))
		return hb_invalid(err, errlen, "both nodes have replication address %s: each "
		    "node needs its own address on eth1", addr[0].text);
	if (secret_len < DRBD_SECRET_HEX_MIN || secret_len > DRBD_SECRET_HEX_MAX)
		return hb_invalid(err, errlen, "shared secret must be %d to %d hex digits "
		    "(drbd_secret_generate makes one), not %zu characters",
		    DRBD_SECRET_HEX_MIN, DRBD_SECRET_HEX_MAX, secret_len);
	if (strspn(secret, "0123456789abcdefABCDEF") != secret_len)
		return hb_invalid(err, errlen, "shared secret must be hex digits only "
		    "(drbd_secret_generate makes one)");
	if (rate_kib_s < 1 || rate_kib_s > DRBD_RESYNC_RATE_MAX_KIB_S)
		return hb_invalid(err, errlen, "resync rate must be 1 to %d KiB/s, not %u",
		    DRBD_RESYNC_RATE_MAX_KIB_S, rate_kib_s);
	if (p->ping_timeout_ms != 0 && (p->ping_timeout_ms < DRBD_PING_TIMEOUT_MIN_MS ||
	    p->ping_timeout_ms > DRBD_PING_TIMEOUT_MAX_MS))
		return hb_invalid(err, errlen, "DRBD ping timeout must be %d to %d ms, not %u",
		    DRBD_PING_TIMEOUT_MIN_MS, DRBD_PING_TIMEOUT_MAX_MS, p->ping_timeout_ms);
	if (p->kernel_major != 8 && p->kernel_major != 9)
		return hb_invalid(err, errlen, "DRBD kernel major version must be 8 (for 8.4) "
		    "or 9, not %u", p->kernel_major);
	return 0;
}

/* DRBD reads K and M as KiB and MiB. */
static void
drbd_append_rate(GString *out, const char *key, unsigned kib_s)
{
	if (kib_s % 1024 == 0)
		g_string_append_printf(out, "\t\t%s %uM;\n", key, kib_s / 1024);
	else
		g_string_append_printf(out, "\t\t%s %uK;\n", key, kib_s);
}

/* resource-and-stonith, not resource-only: a Primary that loses its peer
 * holds its writes back while crm-fence-peer asks Pacemaker to forbid
 * promoting the peer, and until the peer is fenced or known to be
 * reachable.  With resource-only the active node whose two cables were
 * cut went on writing (its file system's journal, Postfix's own queue
 * work) until its fence came, while the passive node fenced it and took
 * over: when the cables came back both had changed the data, a split
 * brain after every such cut (the fault matrix, tests/faults, 2026-12-07).
 * Held back, the cut-off node changes nothing before it is fenced, and it
 * resyncs from the survivor when it returns.  The cost: a Primary's
 * writes pause while its lost peer is being fenced. */
static void
drbd_append_fencing(GString *out)
{
	g_string_append(out,
	    "\t\t# a Primary that loses its peer holds its writes back and asks\n"
	    "\t\t# Pacemaker (crm-fence-peer) to forbid promoting the peer until\n"
	    "\t\t# it is in sync again; it writes on once the peer is fenced or\n"
	    "\t\t# reachable, so a cut-off node cannot diverge before its fence\n"
	    "\t\tfencing resource-and-stonith;\n");
}

int
drbd_res_render(const struct drbd_res_params *p, GString *out,
    char *err, size_t errlen)
{
	const char *resource = p->resource ? p->resource : DRBD_RESOURCE_DEFAULT;
	unsigned rate = p->resync_rate_kib_s ? p->resync_rate_kib_s : DRBD_RESYNC_RATE_DEFAULT_KIB_S;
	unsigned port = p->port ? p->port : DRBD_PORT_DEFAULT;
	const struct drbd_syntax *syn;
	struct hb_addr addr[DRBD_RES_NODES];
	int rc;

	if ((rc = drbd_validate(p, resource, rate, addr, err, errlen)) != 0)
		return rc;
	syn = p->kernel_major == 9 ? &drbd_9 : &drbd_84;

	g_string_append_printf(out,
	    "# DRBD resource %s of the hapair pair (DRBD %s syntax), written by\n"
	    "# hapair at cluster creation.  hapair rewrites it: change the cluster\n"
	    "# through hapair, not here.  It holds the shared secret: keep it 0600.\n"
	    "resource %s {\n"
	    "\tdevice %s%u minor %u;\n"
	    "\tdisk %s;\n"
	    "\tmeta-disk internal;\n"
	    "\n"
	    "\tdisk {\n",
	    resource, p->kernel_major == 9 ? "9" : "8.4", resource,
	    DRBD_DEVICE_PREFIX, p->minor, p->minor, p->disk);
	if (strcmp(syn->fencing_section, "disk") == 0)
		drbd_append_fencing(out);
	/* With the dynamic resync controller (c-plan-ahead, on by default)
	 * resync-rate is only where it starts; c-max-rate is the ceiling.  An
	 * operator's rate is kept exactly: the controller off. */
	if (p->fixed_rate)
		g_string_append(out, "\t\tc-plan-ahead 0;\n");
	drbd_append_rate(out, "resync-rate", rate);
	drbd_append_rate(out, "c-max-rate", rate);
	g_string_append_printf(out,
	    "\t}\n"
	    "\n"
	    "\thandlers {\n"
	    "\t\tfence-peer \"%s\";\n"
	    "\t\t%s \"%s\";\n"
	    "\t}\n"
	    "\n"
	    "\tnet {\n"
	    "\t\t# a write is acknowledged once it is on both disks\n"
	    "\t\tprotocol C;\n",
	    syn->fence_handler, syn->unfence_event, syn->unfence_handler);
	if (strcmp(syn->fencing_section, "net") == 0)
		drbd_append_fencing(out);
	if (p->ping_timeout_ms != 0)
		g_string_append_printf(out,
		    "\t\t# tenths of a second: half of corosync's token, so that a busy\n"
		    "\t\t# node is not cut off for a late answer the heartbeat forgives\n"
		    "\t\tping-timeout %u;\n", (p->ping_timeout_ms + 99) / 100);
	g_string_append_printf(out,
	    "\t\tcram-hmac-alg sha256;\n"
	    "\t\tshared-secret \"%s\";\n"
	    "\t\t# After a split brain no side with changes is ever discarded\n"
	    "\t\t# automatically: each may hold acknowledged mail.  Such a pair\n"
	    "\t\t# stays disconnected until an operator repairs it.\n"
	    "\t\t# Neither Primary: when only one side has changes, the other\n"
	    "\t\t# (which has none) syncs from it; changes on both: disconnect.\n"
	    "\t\tafter-sb-0pri discard-zero-changes;\n"
	    "\t\t# One Primary: the Secondary is discarded only when the rule\n"
	    "\t\t# above would discard it too, i.e. it has no changes.\n"
	    "\t\tafter-sb-1pri consensus;\n"
	    "\t\t# Both Primary: both may have acknowledged writes.\n"
	    "\t\tafter-sb-2pri disconnect;\n"
	    "\t}\n",
	    p->shared_secret);
	for (int i = 0; i < DRBD_RES_NODES; i++) {
		g_string_append_printf(out, "\n\ton %s {\n", p->nodes[i].name);
		if (syn->node_ids)
			g_string_append_printf(out, "\t\tnode-id %d;\n", i);
		if (addr[i].family == AF_INET6)
			g_string_append_printf(out, "\t\taddress ipv6 [%s]:%u;\n", addr[i].text, port);
		else
			g_string_append_printf(out, "\t\taddress %s:%u;\n", addr[i].text, port);
		g_string_append(out, "\t}\n");
	}
	g_string_append(out, "}\n");
	return 0;
}

int
drbd_secret_generate(char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[DRBD_SECRET_BYTES];

	if (len < DRBD_SECRET_HEX_LEN + 1)
		return -EINVAL;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	for (size_t i = 0; i < sizeof(raw); i++) {
		buf[2 * i] = hex[raw[i] >> 4];
		buf[2 * i + 1] = hex[raw[i] & 0xf];
	}
	buf[DRBD_SECRET_HEX_LEN] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}
