/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guard: the local guard against two nodes answering for the failover IP.
 *
 * If corosync or pacemakerd dies on this node while it holds the failover
 * IP, nothing here manages the resources any more, and the peer, seeing
 * this node gone, takes them over.  Rather than leave two nodes answering,
 * hapaird releases the IP, stops the services, unmounts and demotes DRBD
 * itself, and logs why.  A scan of /proc every GUARD_POLL_MS finds the two
 * processes; each found is watched through a pidfd, so its exit is acted
 * on at once, and the scans pause while both are watched.  It acts only
 * on a clustered node whose stack it saw running, with no job running and
 * no stack stop under way (a job here, or the peer's through the peer
 * channel, stops the stack on purpose). */
#ifndef HP_GUARD_H
#define HP_GUARD_H

#include "hpd.h"

#define GUARD_POLL_MS 250

void guard_start(struct hpd *d);

#endif
