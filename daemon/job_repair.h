/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_repair: Repair split brain as a job, keeping the survivor the
 * operator chose (repair.h says when it may run).
 *
 *   1. check again (repair.h) and note the victim;
 *   2. the victim in standby: Pacemaker stops its services, unmounts,
 *      demotes and takes its DRBD down, and runs the service on the
 *      survivor if it ran on the victim;
 *   3. remove the constraint DRBD's fence-peer handler left, which would
 *      keep the Promoted role off a survivor that was Secondary;
 *   4. wait until the survivor serves and the victim runs nothing;
 *   5. the victim: DRBD up, disconnected, connect --discard-my-data;
 *   6. the survivor: connect; the handshake makes the victim the sync
 *      target of only the blocks changed on either side since the split;
 *   7. wait for that resync, with its progress;
 *   8. the victim out of standby: it runs as the passive node again;
 *   9. the service keeps to the survivor (no failback).
 * A failure in 3..7 takes the victim out of standby again (its data then
 * still split); the error says which step failed and offers the way out:
 * dissolve keeping the survivor and create the cluster again from it. */
#ifndef HP_JOB_REPAIR_H
#define HP_JOB_REPAIR_H

#include <stdint.h>

#include "hpd.h"
#include "job_run.h"

extern const struct job_kind job_repair_kind;

/* Checks and starts the job keeping SURVIVOR: 0 and *ID; -EINVAL (no or an
 * unknown survivor), -EPERM (not now), -EBUSY (another job) or -EIO, with
 * ERR saying why and what to do. */
int job_repair_start(struct hpd *d, const char *survivor, int64_t *id, char *err,
    size_t errlen);

#endif
