/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_echo: when did the peer last answer on the service network?
 *
 * While the cluster stack runs, hapaird sends the peer an ICMP echo
 * request every PEER_ECHO_INTERVAL_MS on its corosync link1 address (eth0,
 * the service network) and keeps, in RUN_DIR/PEER_ECHO_FILE, one line:
 *
 *     ADDRESS SENT_MS REPLY_MS
 *
 * the peer's address, when the last request went out and when the last
 * reply came (CLOCK_BOOTTIME in ms, /proc/uptime's clock; REPLY_MS 0:
 * none yet).  The fence gate (agents/fence_hapair_gate) reads it: a peer
 * silent for longer than a few intervals when the fence is asked for
 * (detection alone takes token + consensus) crashed or was cut off, and is
 * fenced at once, without the gate listening for it first.  A file whose
 * SENT_MS is old says hapaird is not watching, and the gate listens itself.
 *
 * Never blocks: a raw socket, non-blocking, read from the main loop. */
#ifndef HP_PEER_ECHO_H
#define HP_PEER_ECHO_H

#include "hpd.h"

#define PEER_ECHO_INTERVAL_MS 100
#define PEER_ECHO_FILE        "peer-echo"

void peer_echo_start(struct hpd *d);
void peer_echo_stop(struct hpd *d);

#endif
