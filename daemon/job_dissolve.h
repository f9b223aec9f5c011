/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_dissolve: Dissolve cluster.  Both nodes become standalone appliances
 * again; the operator picks the node that runs on ("keep").
 *
 *   1. check: clustered, no other job; with the peer online and a data
 *      volume, DRBD connected and UpToDate on both (identical data);
 *   2-3. stop the cluster stack on the other node (its service moves to
 *      the kept node), then on the kept node (the service stops);
 *   4-5. take DRBD down on both: each backing device then mounts on its
 *      own (internal metadata sits after the file system);
 *   6-7. remove the cluster's files on both, restoring what was there;
 *   8-9. mark both standalone; unpair;
 *   10. the kept node mounts its data, optionally takes the failover IP as
 *       its own address, and starts the services itself (standalone.h);
 *   11. the other node is shut down, unless asked not to.
 * A failure in 2-5 is undone (stacks started, DRBD up again): both nodes
 * stay clustered as they were.  From 6 on there is no way back; a failure
 * there says which node needs what.
 *
 * With the peer offline only this node can be dissolved (and kept); it
 * records DISSOLVED_SETTING and keeps the peer's pin.  The peer, when it
 * returns, asks (GET /peer/v1/cluster), finds the cluster dissolved and
 * dissolves itself: no stack, no failover IP (job_dissolve_returning). */
#ifndef HP_JOB_DISSOLVE_H
#define HP_JOB_DISSOLVE_H

#include <stdbool.h>
#include <stdint.h>

#include "hpd.h"
#include "job_run.h"

#define DISSOLVED_SETTING "cluster.dissolved"   /* the dissolved cluster's name */

/* What both the CLI and the API say before a dissolve is confirmed. */
#define DISSOLVE_WARNING "Afterwards both nodes are standalone appliances with the same " \
	"data. Do not run the mail services on both: mail queued on both would be sent twice."

extern const struct job_kind job_dissolve_kind;

struct job_dissolve_req {
	const char *keep;             /* the node that runs on */
	bool keep_address;            /* it takes the failover IP as its address */
	bool no_shutdown;             /* the other node keeps running */
	const char *interface;        /* of the failover IP; NULL: eth0 */
	bool via_failover_ip;         /* the API: refused through the failover IP */
};

/* Checks and starts: 0 and *ID; -EPERM / -EINVAL / -EBUSY with ERR. */
int job_dissolve_start(struct hpd *d, const struct job_dissolve_req *req, int64_t *id,
    char *err, size_t errlen);

/* At boot and while clustered without the peer: ask the peer whether it
 * dissolved the cluster meanwhile; if so, dissolve this node locally (it
 * stays standalone and takes nothing).  DONE(d, dissolved) from the loop. */
void job_dissolve_returning(struct hpd *d, void (*done)(struct hpd *d, bool dissolved));

#endif
