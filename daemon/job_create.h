/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_create: "Create cluster", run on the node that will be active.
 *
 * The steps, each persisted (job_run.h), each undone in reverse order when
 * a later one fails, so both nodes end as they were:
 *
 *   preflight on both nodes        every check, nothing changed yet
 *   pair with the peer             pins each other's peer certificate
 *   make keys and configuration    authkey, DRBD secret, cluster name;
 *                                  corosync.conf, DRBD resource, CIB
 *   install on the peer, here      cluster_files (originals kept)
 *   DRBD on the peer, here         create-md and up (with a data volume)
 *   start the stack on the peer, here
 *   wait for both nodes online     corosync members, Pacemaker online, a DC
 *   keep this node's data          primary --force, mkfs if blank
 *   configure the resources        written through libcib
 *   wait for the service here      the failover IP and services run here
 *   record on the peer, here       the store's cluster row
 *   initial sync                   until both disks are UpToDate, with
 *                                  percent and rate as the job's progress
 *
 * The peer's admin password is kept in memory only, never in the store: a
 * hapaird restarted during the preflight or the pairing rolls the job back
 * (the operator starts again); from the keys on, every step resumes. */
#ifndef HP_JOB_CREATE_H
#define HP_JOB_CREATE_H

#include <stdint.h>

#include "cluster_req.h"
#include "hpd.h"
#include "job_run.h"

extern const struct job_kind job_create_kind;

/* Starts the job for REQ (cluster_req_parse checked it).  0 and *ID;
 * -EBUSY (another job runs) or -EIO, with ERR; nothing changed then. */
int job_create_start(struct hpd *d, const struct cluster_req *req, int64_t *id,
    char *err, size_t errlen);

#endif
