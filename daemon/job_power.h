/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_power: Restart node and Shut down node as a job.
 *
 *   1. check: NODE is this node or its peer (online); the last node
 *      holding the service does not go without FORCE;
 *   2. stop the cluster stack on NODE: Pacemaker's clean stop moves its
 *      resources to the other node first (undo: start it again);
 *   3. when NODE is the peer, wait until the service runs here;
 *   4. the peer restarts or powers off at once ([node] reboot_command,
 *      poweroff_command); this node does so once the job is recorded done.
 * A restarted node starts its stack at boot and rejoins as passive. */
#ifndef HP_JOB_POWER_H
#define HP_JOB_POWER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hpd.h"
#include "job_run.h"

extern const struct job_kind job_power_kind;

struct cluster_snap;

/* Pure: may NODE go now, as snapshot S shows the pair (NULL: none read
 * yet)?  NODE_IS_PEER: NODE is the judging node's peer, which must be
 * online to be asked; OTHER: the node that stays.  The last node holding
 * the service goes only with FORCE while OTHER is offline, in standby or
 * still joining (Pacemaker's join pending).  0, or -EPERM with why and
 * what to do in ERR. */
int job_power_verdict(const struct cluster_snap *s, const char *node, bool node_is_peer,
    const char *other, bool reboot, bool force, char *err, size_t errlen);

/* May NODE restart (REBOOT) or shut down now, on this node's last
 * snapshot?  0 with the other node's name in OTHER; -EPERM / -EINVAL with
 * why and what to do in ERR. */
int job_power_check(struct hpd *d, const char *node, bool reboot, bool force, char *other,
    size_t otherlen, char *err, size_t errlen);

/* Checks and starts the job; DONE answers (job_run.h).  The state part of
 * the check is judged on a snapshot whose read began after this call; the
 * job's step 1 checks again on one read after the job began (a resumed
 * job's state may be older still). */
void job_power_request(struct hpd *d, const char *node, bool reboot, bool force,
    job_answer_fn done, void *arg);

#endif
