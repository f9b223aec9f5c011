/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_takeover: Takeover ("Übernahme") as a job.
 *
 *   1. check (takeover.h) and note which node is active and which takes over
 *   2. tell Pacemaker the service prefers the passive node, more strongly
 *      than all its resources' stickiness (fo_cib_edit.h): Pacemaker stops
 *      the services, the IP and the file system on the active node, demotes
 *      DRBD there and promotes it on the passive, then starts them there.
 *      The IP is never moved by hand.
 *   3. wait until the failover IP and the service run on the new active
 *      node, timing how long the IP was gone;
 *   4. leave a preference below the stickiness: no failback.
 * A failure in 3 undoes 2: the preference goes back to the old node,
 * without force.  The result says how long the service was unreachable. */
#ifndef HP_JOB_TAKEOVER_H
#define HP_JOB_TAKEOVER_H

#include <stdbool.h>
#include <stdint.h>

#include "hpd.h"
#include "job_run.h"

extern const struct job_kind job_takeover_kind;

struct job_takeover_req {
	/* The API allows a takeover only through the failover IP (the page an
	 * operator has open then follows the service); hapairctl, local root,
	 * always may. */
	bool via_failover_ip_required;
	bool via_failover_ip;
	const char *request_address;   /* where the request arrived, for the refusal */
};

/* Checks and starts the job on a snapshot whose read began after this
 * call; DONE answers (job_run.h): 0 and the job's id; -EPERM (not allowed
 * now, the error says why and what to do), -EBUSY (another job runs) or
 * -EIO.  REQ is copied. */
void job_takeover_request(struct hpd *d, const struct job_takeover_req *req,
    job_answer_fn done, void *arg);

#endif
