/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_snap: one snapshot of the cluster as this node sees it (corosync's
 * membership and links, Pacemaker's CIB status), and the pure things done
 * with it: the status document's "cluster" object, and the events that
 * tell an operator what changed between two snapshots.
 *
 * No I/O here: daemon/cluster_status.c takes the snapshots (in a worker
 * thread) and writes the events; tests/unit/test_cluster_status.c feeds
 * this file CIBs captured from the lab and hand-made memberships. */
#ifndef HP_CLUSTER_SNAP_H
#define HP_CLUSTER_SNAP_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "fo_cib_status.h"
#include "hb_membership.h"

/* The sentence an operator reads while a read hangs. */
#define CLUSTER_NOT_ANSWERING "corosync not answering"

/* The events' subsystem, and the pieces of the sentences that other code
 * reads back from the event log (daemon/budget.c times a failover from
 * them): "node2 left the cluster (was online)", "node2 joined the cluster
 * (online, was offline)", "service started on node1 (failover IP now
 * here)", "the cluster stack on this node stopped (was running)". */
#define CLUSTER_EV_SUBSYSTEM         "cluster"
#define CLUSTER_EV_LEFT              " left the cluster (was "
#define CLUSTER_EV_JOINED            " joined the cluster ("
#define CLUSTER_EV_SERVICE_HERE      "service started on "
#define CLUSTER_EV_SERVICE_HERE_END  " (failover IP now here)"
#define CLUSTER_EV_STACK_STOPPED     "the cluster stack on this node stopped"

/* Large (tens of KiB): keep it on the heap. */
struct cluster_snap {
	int mem_rc;                /* hb_membership_read(); -ENOTCONN: no corosync */
	struct hb_membership mem;  /* valid when mem_rc == 0 */
	int cib_rc;                /* fo_cib_status_read(); not tried without corosync */
	struct fo_status cib;      /* valid when cib_rc == 0 */
	int64_t taken_mono_us;     /* when the read finished (monotonic) */
};

/* Whether a cluster stack runs here at all: corosync answered. */
bool cluster_snap_running(const struct cluster_snap *s);

/* Whether node NAME could run the service now, as Pacemaker's status in S
 * says (S NULL, or its CIB not read: offline).  Worst first: a node in
 * standby and still joining is in standby, which its join will not end. */
enum cluster_can_run {
	CLUSTER_CAN_RUN,
	CLUSTER_OFFLINE,           /* not in the CIB's membership, or unknown */
	CLUSTER_STANDBY,           /* its standby attribute, or on-fail=standby */
	CLUSTER_JOINING,           /* online, Pacemaker's join not complete */
};
enum cluster_can_run cluster_snap_can_run(const struct cluster_snap *s, const char *name);

/* The status document's "cluster" member: a JSON null when S is NULL or no
 * cluster stack runs (and no read hangs), else
 * {"quorate", "nodes": [{"name", "id", "member", "online", "pending", "pacemaker",
 *   "unclean", "standby", "maintenance", "dc", "local", "links": [{"link", "up"}]}],
 *  "active_node", "failover_ip_node", "maintenance_mode",
 *  "resources": [{"id", "role", "nodes", "failed"}], "isolated", "age_ms",
 *  "error"}.  STALLED_MS > 0: a read has been running that long and has not
 * answered; "error" then says CLUSTER_NOT_ANSWERING. */
JsonNode *cluster_snap_json(const struct cluster_snap *s, int64_t now_mono_us,
    int64_t stalled_ms);

/* What changed from OLD to NEW, one sentence per change, each passed to
 * EMIT with its severity ("node2 left the cluster (was online)", "link 0
 * to node2 down (was up)", "active node node1 -> node2", "service started
 * on node1 (failover IP now here)" once the whole service group runs on
 * this node, "node1 is joining Pacemaker: ...", "node1 has joined
 * Pacemaker: ...").  OLD NULL (the first snapshot): nothing is reported. */
typedef void (*cluster_emit_fn)(void *ctx, enum ev_severity sev, const char *msg);
void cluster_snap_diff(const struct cluster_snap *old, const struct cluster_snap *new,
    cluster_emit_fn emit, void *ctx);

#endif
