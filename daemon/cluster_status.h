/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_status: hapaird's cached view of the cluster.  Once a second (or
 * faster while watched, below) a GTask worker reads corosync's membership and Pacemaker's CIB (one read
 * at a time: Pacemaker's libraries are not thread safe, and a read still
 * running when the next tick comes is waited for, never doubled).  The
 * status document shows the last snapshot with its age; what changed
 * between two snapshots goes to the event log.  A read that has not
 * answered within CLUSTER_STALL_MS is reported as "corosync not answering"
 * while the main loop carries on: corosync's libraries wait forever on a
 * hung corosync. */
#ifndef HP_CLUSTER_STATUS_H
#define HP_CLUSTER_STATUS_H

#include <json-glib/json-glib.h>

#include "hpd.h"

/* Read once a second; four times a second while someone watches (a web
 * page's status requests), so that its dashboard follows a change within
 * the second.  One read costs a few ms of corosync's and the CIB's time. */
#define CLUSTER_POLL_MS          1000
#define CLUSTER_WATCHED_POLL_MS   250
#define CLUSTER_WATCHED_FOR_MS  10000   /* since the last status request */
#define CLUSTER_STALL_MS         5000

/* Start polling (the first read at once).  Never fails: a cluster stack
 * that does not run is a cheap -ENOTCONN each second. */
void cluster_status_start(struct hpd *d);
/* Someone watches the status (a page asked for it): read faster for the
 * next CLUSTER_WATCHED_FOR_MS. */
void cluster_status_watched(struct hpd *d);
/* Stop polling.  A read still hung in its worker is left to finish (or to
 * die with the process); its result is dropped. */
void cluster_status_stop(struct hpd *d);

/* FN(D, ARG) once a snapshot has been read that began after this call: a
 * change this node just wrote to the CIB is then in what every check
 * reads, and a request is judged on the cluster as it is now, not as it
 * was up to a poll ago.  That read begins at once, or when the one under
 * way ends: a few milliseconds, not a poll.  Called from the loop, at once
 * (from within this call) when nothing polls; also when the reads hang
 * for CLUSTER_STALL_MS (whoever waits then sees what there is).  Never
 * called once polling stops: the daemon is stopping. */
typedef void (*cluster_status_fn)(struct hpd *d, void *arg);
void cluster_status_after(struct hpd *d, cluster_status_fn fn, void *arg);

/* The status document's "cluster" member (cluster_snap_json): null while no
 * cluster stack runs here. */
JsonNode *cluster_status_json(struct hpd *d);
/* The status document's "failover_budget" member (budget_json): the
 * budget from the last snapshot's settings, and this node's last failover
 * from its event log. */
JsonNode *cluster_status_budget_json(struct hpd *d);
/* The last snapshot (borrowed until the next poll), or NULL before the
 * first: for jobs that wait for the cluster to reach a state. */
const struct cluster_snap *cluster_status_snap(struct hpd *d);

#endif
