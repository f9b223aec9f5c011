/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_membership: what the local corosync knows of the pair, read through
 * its client libraries (libcmap, libquorum, libcfg, libcpg), never by
 * parsing corosync-cfgtool, corosync-quorumtool or corosync-cpgtool output.
 * libcpg lists the process groups and their members: where Pacemaker's
 * controller has joined its group, Pacemaker runs on that node, which
 * corosync membership alone cannot tell and the CIB cannot tell while the
 * local Pacemaker is down.
 *
 * hb_membership_read() opens its four library connections, reads and
 * closes them again.  A daemon that reads every second or faster keeps
 * them in a struct hb_conn instead (hb_membership_read_conn): each IPC
 * connection setup makes corosync create and map its shared-memory rings,
 * and four of them four times a second kept a uml node's corosync busy
 * for over half its CPU.  A query on an open connection is well under a
 * millisecond.  A kept connection that fails (corosync restarted under
 * it) is closed and the read is tried once more on fresh ones, so a
 * restart costs no failed read.  knet reports no link events to clients,
 * so link state is polled either way.
 *
 * When corosync is not running the call returns -ENOTCONN at once (the
 * connect to its IPC socket is refused).  corosync's libraries wait for an
 * answer without a timeout, though, so a corosync that is alive but hung
 * (stopped, swapping) blocks the call: the daemon must not run it on its
 * main loop thread (a GTask worker, with a deadline of its own, fits).
 *
 * The result is a plain struct; the daemon turns it into the status
 * document.  The helpers below it are pure and tested from fixtures. */
#ifndef HP_HB_MEMBERSHIP_H
#define HP_HB_MEMBERSHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A pair has two nodes; room for a few more so that a wrong nodelist is
 * shown as it is rather than cut off (nnodes_total says when it was). */
#define HB_MEMBER_NODES_MAX   8
/* knet's limit (corosync's CFG_MAX_LINKS); hapair uses link0 and link1. */
#define HB_MEMBER_LINKS_MAX   8
/* corosync's own limit for names and addresses (CFG_MAX_HOST_LEN). */
#define HB_MEMBER_NAME_LEN    256
#define HB_MEMBER_ADDR_LEN    256

struct hb_member_link {
	bool configured;       /* the nodelist gives this node a ringN_addr */
	bool enabled;          /* knet: the link is configured and enabled */
	bool connected;        /* knet: the local node reaches this node on it */
	unsigned mtu_bytes;    /* knet's current path MTU; 0 when unknown */
	char addr[HB_MEMBER_ADDR_LEN];  /* ringN_addr from the nodelist */
};

struct hb_member_node {
	unsigned nodeid;
	char name[HB_MEMBER_NAME_LEN];  /* nodelist name (Pacemaker's node name) */
	bool local;            /* the node this call ran on */
	bool listed;           /* in the nodelist (false: only in the membership) */
	bool member;           /* in the current corosync membership */
	/* knet's view from the local node; valid when link_status_known.  For
	 * the local node knet reports its loopback, which says nothing about
	 * the wire: use hb_membership_link_up() for "is link N up". */
	bool link_status_known;
	bool reachable;        /* knet: some link to it is connected */
	bool controller;       /* Pacemaker's controller joined HB_CPG_CONTROLLER there */
	struct hb_member_link links[HB_MEMBER_LINKS_MAX];
};

struct hb_membership {
	unsigned local_nodeid;
	bool quorate;
	bool two_node;         /* votequorum two_node (runtime value) */
	bool wait_for_all;     /* still waiting to see all nodes once since start */
	uint64_t ring_seq;     /* changes with every membership change */
	unsigned ring_nodeid;  /* the node that formed the current ring */
	unsigned nmembers;     /* nodes in the current membership */
	unsigned nnodes;       /* entries used in nodes[] */
	unsigned nnodes_total; /* nodes corosync knows; > nnodes when cut off */
	/* totem's running timeouts (ms; 0 when corosync does not say): a lost
	 * node is seen token + consensus after it went silent. */
	unsigned token_ms;
	unsigned consensus_ms;
	struct hb_member_node nodes[HB_MEMBER_NODES_MAX];
};

/* Read the local corosync's view into OUT.  0; -ENOTCONN when corosync is
 * not running (or not reachable from this network and mount namespace);
 * -EACCES when this process may not talk to it (root or group haclient is
 * needed); -EIO for any other failure of the libraries.  OUT is zeroed
 * first, so on error it reads as "nothing known". */
int hb_membership_read(struct hb_membership *out);

/* Connections kept between reads; only one thread may use one at a time. */
struct hb_conn;
struct hb_conn *hb_conn_new(void);
void hb_conn_close(struct hb_conn *c);             /* closes, keeps C usable */
void hb_conn_free(struct hb_conn *c);              /* closes and frees; NULL ok */
/* hb_membership_read on C's connections, opening what is not open. */
int hb_membership_read_conn(struct hb_conn *c, struct hb_membership *out);

/* The process group Pacemaker's controller (pacemaker-controld) joins on
 * every node where Pacemaker runs. */
#define HB_CPG_CONTROLLER "crmd"

/* Pure helpers on a result. */

/* One member of a process group as libcpg lists it: GROUP (LEN bytes, not
 * necessarily NUL-terminated) has a process on NODEID.  Marks the node's
 * controller when GROUP is HB_CPG_CONTROLLER; other groups and nodes not
 * in M are ignored. */
void hb_membership_note_cpg(struct hb_membership *m, const char *group, size_t len,
    unsigned nodeid);

/* The node with NODEID, or NULL. */
const struct hb_member_node *hb_membership_node(const struct hb_membership *m,
    unsigned nodeid);

/* The local node's entry, or NULL. */
const struct hb_member_node *hb_membership_local(const struct hb_membership *m);

/* The other node of the pair: the first listed node that is not the local
 * one, or NULL. */
const struct hb_member_node *hb_membership_peer(const struct hb_membership *m);

/* Whether heartbeat link LINK between the local node and NODE carries
 * traffic: configured on both, enabled, and knet connected.  For the local
 * node itself: true when the link is up to some other node (so a cut eth1
 * shows link0 down on both ends). */
bool hb_membership_link_up(const struct hb_membership *m,
    const struct hb_member_node *node, unsigned link);

/* True when the local node reaches no other listed node on any link: the
 * isolated node the status model tells its operator about.  False for a
 * one-node nodelist (nothing to be isolated from). */
bool hb_membership_isolated(const struct hb_membership *m);

#endif
