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

/* May NODE restart (REBOOT) or shut down now?  0 with the other node's
 * name in OTHER; -EPERM / -EINVAL with why and what to do in ERR. */
int job_power_check(struct hpd *d, const char *node, bool reboot, bool force, char *other,
    size_t otherlen, char *err, size_t errlen);

/* Checks and starts the job: 0 and *ID, or -errno with ERR. */
int job_power_start(struct hpd *d, const char *node, bool reboot, bool force, int64_t *id,
    char *err, size_t errlen);

#endif
