/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_status: what Pacemaker says about the pair, from the live CIB.
 *
 * Two halves.  fo_cib_read() fetches the CIB through libcib (sign on
 * read-only, query, sign off: no connection is kept, see below).
 * fo_status_from_cib_xml() is pure: it hands the XML to Pacemaker's own
 * status unpacker (libpe_status: pe_new_working_set + cluster_status, the
 * code crm_mon and the scheduler use), so a node is "online" and a
 * resource "Promoted" or "failed" by exactly Pacemaker's rules (join
 * state, expected state, on-fail, failure history, clone instances) rather
 * than by a second reading of the lrm history that would drift from them.
 * From that it derives what the status model shows: nodes, the DC, every
 * resource with its node(s) and role, the failed actions, who holds the
 * failover IP and which node is active.  Tests feed it CIBs captured from
 * real lab clusters (tests/fixtures/cib/).
 *
 * pe_status's structs (pe_working_set_t, pe_resource_t, pe_node_t) are
 * public in Pacemaker 2.1 but made opaque in 3.0; only fo_cib_status.c
 * touches them, so a port to 3.0's accessors stays in that file.
 *
 * fo_cib_read() signs on and off for each read.  A daemon reading every
 * second or faster keeps the connection in a struct fo_cib_reader
 * (fo_cib_status_read_with): each sign-on makes the CIB manager set up
 * shared-memory rings for a new client, which a uml node pays for dearly.
 * A kept connection that fails (the manager restarted) is closed and the
 * read tried once on a fresh one; no mainloop callback is needed.  Both
 * sign on without adding anything to a GLib main context; a CIB manager
 * that is down answers -ENOTCONN at once, one that hangs is given
 * FO_CIB_QUERY_TIMEOUT_S.  Reading and unpacking together take ~4 ms.
 *
 * Threads: any thread may call these (a GTask worker keeps a hung CIB
 * manager off the main loop), but one at a time: Pacemaker's libraries
 * are not made for concurrent use. */
#ifndef HP_FO_CIB_STATUS_H
#define HP_FO_CIB_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define FO_CIB_QUERY_TIMEOUT_S  5
/* Room for a pair plus a wrong configuration shown as it is; `truncated`
 * says when something did not fit. */
#define FO_STATUS_NODES_MAX     8
#define FO_STATUS_RSC_MAX       64
#define FO_STATUS_FAILED_MAX    16
#define FO_RSC_NODES_MAX        4     /* > 1: active on several nodes */
/* hapair's node names are host names of at most 63 characters
 * (hb_corosync_conf.h); resource ids at most "fence_" + a node name. */
#define FO_NODE_NAME_LEN        64
#define FO_RSC_ID_LEN           128
#define FO_AGENT_LEN            96
#define FO_OP_LEN               32
#define FO_REASON_LEN           256

enum fo_rsc_role {
	FO_ROLE_UNKNOWN,
	FO_ROLE_STOPPED,
	FO_ROLE_STARTED,
	FO_ROLE_UNPROMOTED,
	FO_ROLE_PROMOTED,
};

struct fo_node_status {
	char name[FO_NODE_NAME_LEN];
	char id[16];               /* Pacemaker's node id: the corosync nodeid */
	bool local;                /* named as the local node by the caller */
	/* In the CIB's membership (node_state in_ccm): online as libpe
	 * says, whether or not its Pacemaker join is complete (pending). */
	bool online;
	bool standby;              /* its standby attribute is on, or on-fail=standby */
	bool maintenance;          /* node maintenance (resources unmanaged) */
	/* Online, but Pacemaker's join is not complete (the controller is
	 * joining, or its node is stopping: expected down): it may run
	 * nothing yet.  Not a standby. */
	bool pending;
	bool unclean;              /* must be fenced before anything runs */
	bool unseen;               /* no state recorded yet: unclean by startup fencing */
	bool shutdown;             /* shutting down */
	bool dc;                   /* the Designated Controller */
	unsigned nresources;       /* resource instances active on it */
};

/* One primitive, or one instance of a cloned primitive. */
struct fo_rsc_status {
	char id[FO_RSC_ID_LEN];    /* the primitive's id, no ":N" instance suffix */
	char group[FO_RSC_ID_LEN]; /* its group, "" if none */
	char clone[FO_RSC_ID_LEN]; /* its clone, "" if none */
	char agent[FO_AGENT_LEN];  /* "ocf:heartbeat:IPaddr2", "stonith:fence_ipmilan" */
	enum fo_rsc_role role;     /* as Pacemaker sees it now */
	bool failed;               /* a failure Pacemaker has yet to recover */
	bool managed;              /* false: unmanaged or in maintenance */
	bool orphan;               /* in the status, no longer configured */
	unsigned nnodes;           /* nodes it is active on */
	char nodes[FO_RSC_NODES_MAX][FO_NODE_NAME_LEN];
};

/* An operation that failed and is still in the history (until cleaned up
 * or expired): what crm_mon lists under "Failed Resource Actions". */
struct fo_failed_action {
	char rsc[FO_RSC_ID_LEN];
	char node[FO_NODE_NAME_LEN];
	char op[FO_OP_LEN];        /* start, stop, monitor, promote, ... */
	unsigned interval_ms;      /* of a recurring monitor; 0 otherwise */
	int rc;                    /* the OCF exit code */
	int op_status;             /* Pacemaker's execution status (timeout, ...) */
	char reason[FO_REASON_LEN];/* the agent's exit reason, may be "" */
	time_t when;               /* last-rc-change, epoch s */
};

/* The fencing settings a failover's duration depends on (fo_budget.h),
 * from the configuration as Pacemaker evaluates it.  The gate's values
 * are its instance attributes as written ("0.5" seconds), "" when unset:
 * fo_budget reads them by the agent's own rules. */
#define FO_FENCE_VALUE_LEN      16
#define FO_PING_TARGETS_LEN     256
struct fo_fence_settings {
	unsigned priority_delay_ms;       /* priority-fencing-delay; 0: not set */
	bool gate;                        /* a fence_hapair_gate device is configured */
	char gate_peer_wait[FO_FENCE_VALUE_LEN];
	char gate_tiebreak[FO_FENCE_VALUE_LEN];
	bool gate_ping_targets;           /* its ping_targets is not empty */
	/* its ping_targets as written (commas or blanks between addresses):
	 * the pair's service-network hosts, which hapaird's lan_watch pings */
	char ping_targets[FO_PING_TARGETS_LEN];
};

struct fo_status {
	bool have_quorum;
	bool maintenance_mode;     /* cluster-wide maintenance-mode */
	bool stonith_enabled;
	bool truncated;            /* more nodes, resources or failures than fit */
	char dc[FO_NODE_NAME_LEN]; /* "" while no DC is elected */

	unsigned nnodes;
	struct fo_node_status nodes[FO_STATUS_NODES_MAX];
	unsigned nrsc;
	struct fo_rsc_status rsc[FO_STATUS_RSC_MAX];
	unsigned nfailed;
	struct fo_failed_action failed[FO_STATUS_FAILED_MAX];
	struct fo_fence_settings fence;

	/* Derived (fo_status_derive) from the above. */
	unsigned nfailover_ip;     /* nodes holding FO_ID_FAILOVER_IP; 2 = split */
	char failover_ip_nodes[FO_RSC_NODES_MAX][FO_NODE_NAME_LEN];
	char failover_ip_node[FO_NODE_NAME_LEN]; /* the holder when exactly one */
	/* The active node: where FO_ID_GROUP runs and FO_ID_DRBD is Promoted.
	 * "" when neither runs anywhere, or when they name several nodes
	 * (then active_conflict: a split brain or a move half done). */
	char active_node[FO_NODE_NAME_LEN];
	bool active_conflict;
	bool local_active;         /* active_node is the local node */
	bool any_failed;           /* some resource failed or a failed action is kept */
};

/* Ready Pacemaker's XML layer for use from any thread (see the .c file:
 * libxml2 keeps Pacemaker's node hooks per thread).  The reading functions
 * do it themselves on first use, which suffices unless the program called
 * crm_log_init() or crm_xml_init() on one thread and reads status on
 * another: then call this on the first thread before.  0, or -ENOTSUP
 * when the hooks were registered on another thread: every reading
 * function then fails with -ENOTSUP rather than abort in Pacemaker. */
int fo_cib_status_init(void);
/* Serialize calls into Pacemaker's libraries across threads (recursive). */
void fo_pcmk_lock(void);
void fo_pcmk_unlock(void);

/* Fetch the whole live CIB as XML text into *XML (free() it).  0;
 * -ENOTCONN when the CIB manager is not running (or not reachable from
 * this network and mount namespace); -EACCES without root or group
 * haclient; -ETIME when it does not answer within FO_CIB_QUERY_TIMEOUT_S;
 * -EIO, -ENOMEM, -ENOTSUP (fo_cib_status_init) otherwise.  Honours CIB_file like Pacemaker's tools (a
 * file needs the caller to have run crm_log_init() first). */
int fo_cib_read(char **xml);

/* Pure: unpack XML (a whole CIB with its status section) the way
 * Pacemaker does and fill OUT.  LOCAL_NODE names the node asking (its
 * entry gets local, and local_active follows), may be NULL.  0; -EINVAL
 * when XML is not a CIB Pacemaker can unpack; -ENOMEM; -ENOTSUP (see
 * fo_cib_status_init).  About 2 ms for the pair's CIB. */
int fo_status_from_cib_xml(const char *xml, const char *local_node, struct fo_status *out);

/* fo_cib_read() then fo_status_from_cib_xml(). */
int fo_cib_status_read(const char *local_node, struct fo_status *out);

/* The same on a connection kept in R between calls (one thread at a time
 * per reader; the calls take fo_pcmk_lock themselves). */
struct fo_cib_reader;
struct fo_cib_reader *fo_cib_reader_new(void);
void fo_cib_reader_free(struct fo_cib_reader *r);   /* signs off; NULL ok */
int fo_cib_status_read_with(struct fo_cib_reader *r, const char *local_node,
    struct fo_status *out);

/* Pure: fill the derived fields of ST from its nodes and resources.
 * fo_status_from_cib_xml() calls it; exposed for tests. */
void fo_status_derive(struct fo_status *st, const char *local_node);

/* Pure lookups on a result, NULL when absent. */
const struct fo_node_status *fo_status_node(const struct fo_status *st, const char *name);
/* The first entry for primitive ID (any instance). */
const struct fo_rsc_status *fo_status_rsc(const struct fo_status *st, const char *id);

/* "Stopped", "Started", "Unpromoted", "Promoted", "Unknown": Pacemaker's
 * words, which the UI shows as they are. */
const char *fo_rsc_role_name(enum fo_rsc_role role);

/* "start of fs_data failed on node2: <the agent's reason>" into BUF: a
 * failed action as the jobs that wait on Pacemaker report it. */
void fo_failed_action_text(const struct fo_failed_action *fa, char *buf, size_t len);

#endif
