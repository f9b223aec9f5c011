/* hb_corosync_conf: the corosync.conf hapair writes at cluster creation.
 *
 * knet with two links, both carrying every packet (link_mode active):
 * link0 on eth1 (the direct heartbeat cable), link1 on eth0; crypto aes256/sha256 with the authkey made
 * here; votequorum two_node.  Rendering is pure (struct in, text out): it
 * never touches a file and never logs, so the output is pinned by golden
 * files.  Every bad input is refused with a message that says what to fix. */
#ifndef HP_HB_COROSYNC_CONF_H
#define HP_HB_COROSYNC_CONF_H

#include <stddef.h>
#include <glib.h>

#define HB_COROSYNC_NODES        2
/* A lost node is seen token + consensus after it went silent (LAB.md).
 * The default is the shortest token tests/bench/soak held (README
 * "Failover figures"): 10 minutes with both CPUs of a node saturated and
 * its eth0 flooded, corosync at SCHED_RR, gave no token loss at 600 ms
 * and at 1000 ms, and 7 to 8 at 400 ms (each re-formed the membership,
 * twice with the peer gone for a few ms).  Above 10 s failover is slower
 * than any operator accepts. */
#define HB_TOKEN_DEFAULT_MS      600
#define HB_TOKEN_MIN_MS          300
#define HB_TOKEN_MAX_MS          10000
/* corosync.conf(5): "For two node clusters, a consensus larger than the
 * join timeout [50 ms] but less than token is safe"; corosync's default
 * (1.2 x token) is for larger clusters and would more than double the time
 * to see a node lost.  A sixth of the token, 100 ms at the default, never
 * under HB_CONSENSUS_MIN_MS (the join timeout and some).  Consensus only
 * runs once a token is lost, so it changes nothing of what the soak
 * measures (token losses); it is a crash's second wait after the token.
 * A quarter (150 ms) left a three-system bench run's crash median at
 * 1.51 s. */
#define HB_CONSENSUS_PERMILLE    167
#define HB_CONSENSUS_MIN_MS      80
/* Link priorities count only in knet's passive mode; hapair runs active
 * mode (every packet on every live link, hb_corosync_conf.c), and keeps
 * them so that a switch back to passive prefers eth1. */
#define HB_LINK0_PRIORITY        2     /* eth1 */
#define HB_LINK1_PRIORITY        1     /* eth0 */
#define HB_AUTHKEY_BYTES         256   /* what corosync-keygen writes */
#define HB_CLUSTER_NAME_MAX      32
#define HB_NODE_NAME_MAX         63    /* a host name label */
#define HB_NODEID_MAX            65535 /* knet host ids are 16-bit */
#define HB_COROSYNC_LOGFILE      "/var/log/corosync/corosync.log"

struct hb_corosync_node {
	unsigned nodeid;           /* 1..HB_NODEID_MAX */
	const char *name;          /* the host name: Pacemaker's node name */
	const char *ring0_addr;    /* eth1, IPv4 or IPv6 literal */
	const char *ring1_addr;    /* eth0, same family rules */
};

struct hb_corosync_params {
	const char *cluster_name;
	unsigned token_ms;         /* 0: HB_TOKEN_DEFAULT_MS */
	struct hb_corosync_node nodes[HB_COROSYNC_NODES];
};

/* Corosync's consensus for TOKEN_MS (see HB_CONSENSUS_PERMILLE). */
unsigned hb_consensus_ms(unsigned token_ms);

/* Append corosync.conf for P to OUT.  0, or -EINVAL with the reason in ERR
 * (OUT is then left as it was). */
int hb_corosync_conf_render(const struct hb_corosync_params *p, GString *out,
    char *err, size_t errlen);

/* Fill BUF with LEN random bytes (HB_AUTHKEY_BYTES for the authkey) from
 * OpenSSL's CSPRNG.  0, or -EIO when it could not be seeded. */
int hb_authkey_generate(unsigned char *buf, size_t len);

#endif
