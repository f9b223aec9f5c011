/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_wait: a job step that waits for the cluster to reach a state
 * (both nodes online, the service here, the roles swapped), polling a
 * check on the loop's timer; never blocking the loop. */
#ifndef HP_JOB_WAIT_H
#define HP_JOB_WAIT_H

#include <stddef.h>

#include "job_run.h"

#define JOB_WAIT_POLL_MS 250

/* 1: reached, 0: not yet, <0: failed; WHY says what it waits on or why it
 * failed. */
typedef int (*job_wait_fn)(struct job_ctx *j, char *why, size_t len);

/* Poll FN until it returns non-zero, then end the step with job_step_done;
 * after TIMEOUT_S (0: no limit) end it with "WHAT did not happen within N
 * s: WHY".  The poll goes with the job if the job is freed first
 * (job_wait_slot). */
void job_wait_start(struct job_ctx *j, job_wait_fn fn, unsigned timeout_s,
    const char *what);

#endif
