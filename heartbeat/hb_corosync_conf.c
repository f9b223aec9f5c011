/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_corosync_conf: render corosync.conf from validated parameters.
 * Pure: no files, no logging.  Every block is written on several lines
 * because corosync's parser rejects "interface { linknumber: 0 }". */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <openssl/rand.h>

#include "hb_corosync_conf.h"
#include "hb_valid.h"

/* addr[node][link] */
static int
hb_validate(const struct hb_corosync_params *p, struct hb_addr addr[2][2],
    char *err, size_t errlen)
{
	unsigned token = p->token_ms ? p->token_ms : HB_TOKEN_DEFAULT_MS;
	static const char *const iface[2] = { "eth1", "eth0" };

	if (!hb_word_ok(p->cluster_name, HB_CLUSTER_NAME_MAX))
		return hb_invalid(err, errlen, "cluster name must be 1 to %d letters, digits, "
		    "'-' or '_', starting with a letter or digit, not '%s'",
		    HB_CLUSTER_NAME_MAX, p->cluster_name ? p->cluster_name : "");
	if (token < HB_TOKEN_MIN_MS || token > HB_TOKEN_MAX_MS)
		return hb_invalid(err, errlen, "token timeout must be %d to %d ms, not %u",
		    HB_TOKEN_MIN_MS, HB_TOKEN_MAX_MS, token);
	for (int i = 0; i < HB_COROSYNC_NODES; i++) {
		const struct hb_corosync_node *n = &p->nodes[i];
		const char *ring[2] = { n->ring0_addr, n->ring1_addr };

		if (!hb_host_name_ok(n->name))
			return hb_invalid(err, errlen, "node %d: name must be its host name: 1 to %d "
			    "letters, digits, '-', '.' or '_', starting with a letter or digit, not '%s'",
			    i + 1, HB_NODE_NAME_MAX, n->name ? n->name : "");
		if (n->nodeid < 1 || n->nodeid > HB_NODEID_MAX)
			return hb_invalid(err, errlen, "%s: nodeid must be 1 to %d, not %u",
			    n->name, HB_NODEID_MAX, n->nodeid);
		for (int l = 0; l < 2; l++)
			if (!hb_addr_parse(ring[l], &addr[i][l]))
				return hb_invalid(err, errlen, "%s: ring%d_addr (%s) must be a unicast "
				    "IPv4 or IPv6 address, not '%s'", n->name, l, iface[l],
				    ring[l] ? ring[l] : "");
	}
	if (strcmp(p->nodes[0].name, p->nodes[1].name) == 0)
		return hb_invalid(err, errlen, "both nodes are named '%s': each node needs "
		    "its own host name", p->nodes[0].name);
	if (p->nodes[0].nodeid == p->nodes[1].nodeid)
		return hb_invalid(err, errlen, "both nodes have nodeid %u: each node needs its own",
		    p->nodes[0].nodeid);
	for (int l = 0; l < 2; l++)
		if (addr[0][l].family != addr[1][l].family)
			return hb_invalid(err, errlen, "link%d (%s) mixes IPv4 and IPv6 (%s, %s): "
			    "a knet link joins addresses of one family", l, iface[l],
			    addr[0][l].text, addr[1][l].text);
	/* Two links sharing an address are one link twice: no redundancy. */
	for (int a = 0; a < 4; a++)
		for (int b = a + 1; b < 4; b++)
			if (hb_addr_equal(&addr[a / 2][a % 2], &addr[b / 2][b % 2]))
				return hb_invalid(err, errlen, "address %s is used twice: each node "
				    "needs its own address on eth1 and on eth0",
				    addr[a / 2][a % 2].text);
	return 0;
}

unsigned
hb_consensus_ms(unsigned token_ms)
{
	unsigned ms = token_ms * HB_CONSENSUS_PERMILLE / 1000;

	return ms > HB_CONSENSUS_MIN_MS ? ms : HB_CONSENSUS_MIN_MS;
}

int
hb_corosync_conf_render(const struct hb_corosync_params *p, GString *out,
    char *err, size_t errlen)
{
	struct hb_addr addr[2][2];
	unsigned token = p->token_ms ? p->token_ms : HB_TOKEN_DEFAULT_MS;
	int rc;

	if ((rc = hb_validate(p, addr, err, errlen)) != 0)
		return rc;

	g_string_append_printf(out,
	    "# corosync.conf of the hapair cluster '%s', written by hapair at\n"
	    "# cluster creation.  hapair rewrites it: change the cluster through\n"
	    "# hapair, not here.\n"
	    "totem {\n"
	    "\tversion: 2\n"
	    "\tcluster_name: %s\n"
	    "\ttransport: knet\n"
	    "\tcrypto_cipher: aes256\n"
	    "\tcrypto_hash: sha256\n"
	    "\t# a lost node is seen token + consensus after it went silent;\n"
	    "\t# with two nodes consensus may be below token (corosync.conf(5))\n"
	    "\ttoken: %u\n"
	    "\tconsensus: %u\n"
	    "\t# every packet on every live link: losing one loses nothing, where\n"
	    "\t# passive mode lost the token while knet noticed the dead link\n"
	    "\tlink_mode: active\n"
	    "\t# link0: eth1, the direct heartbeat cable\n"
	    "\tinterface {\n"
	    "\t\tlinknumber: 0\n"
	    "\t\tknet_link_priority: %d\n"
	    "\t}\n"
	    "\t# link1: eth0, the public network: the membership outlives either cable\n"
	    "\tinterface {\n"
	    "\t\tlinknumber: 1\n"
	    "\t\tknet_link_priority: %d\n"
	    "\t}\n"
	    "}\n"
	    "\n"
	    "nodelist {\n",
	    p->cluster_name, p->cluster_name, token,
	    hb_consensus_ms(token), HB_LINK0_PRIORITY, HB_LINK1_PRIORITY);
	for (int i = 0; i < HB_COROSYNC_NODES; i++)
		g_string_append_printf(out,
		    "\tnode {\n"
		    "\t\tname: %s\n"
		    "\t\tnodeid: %u\n"
		    "\t\tring0_addr: %s\n"
		    "\t\tring1_addr: %s\n"
		    "\t}\n",
		    p->nodes[i].name, p->nodes[i].nodeid, addr[i][0].text, addr[i][1].text);
	g_string_append_printf(out,
	    "}\n"
	    "\n"
	    "# two_node: the survivor keeps quorum when its peer is lost (and\n"
	    "# implies wait_for_all: a freshly booted node waits for its peer)\n"
	    "quorum {\n"
	    "\tprovider: corosync_votequorum\n"
	    "\ttwo_node: 1\n"
	    "}\n"
	    "\n"
	    "logging {\n"
	    "\tto_logfile: yes\n"
	    "\tlogfile: %s\n"
	    "\tto_syslog: yes\n"
	    "\tto_stderr: no\n"
	    "\ttimestamp: hires\n"
	    "\tdebug: off\n"
	    "}\n",
	    HB_COROSYNC_LOGFILE);
	return 0;
}

int
hb_authkey_generate(unsigned char *buf, size_t len)
{
	if (len > INT_MAX)
		return -EINVAL;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}
