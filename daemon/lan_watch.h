/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lan_watch: does this node still reach its service network, said to
 * Pacemaker within a second?
 *
 * While the cluster stack runs and the pair has ping targets (the fence
 * gate's ping_targets in the CIB, from `hapairctl create --ping`),
 * hapaird sends each target an ICMP echo request every HB_LAN_INTERVAL_MS
 * and judges from the answers (hb_lan).  When the judgement changes it
 * writes this node's FO_ATTR_LAN through attrd_updater: 0 once none
 * answered while it kept asking for hb_lan_lost_ms of the heartbeat
 * timeout (800 ms at the default), 1 once one answers again.  The CIB's rule
 * (fo_cib_build.c, FO_ID_LOC_LAN) then moves the service off a node that
 * lost its LAN to one that has it.
 *
 * Why not only Pacemaker's ping agent: it forks ping at every look, so it
 * can look only every few seconds on a small node, and a cut cable then
 * cost 3.4 s (tests/bench/failover-reach2s.last).  The agent stays as the
 * backstop that needs no hapaird.  Never blocks: raw sockets read from the
 * main loop, attrd_updater run as a child (hp_cmd). */
#ifndef HP_LAN_WATCH_H
#define HP_LAN_WATCH_H

#include "hpd.h"

/* How long one attrd_updater may take before it is killed (and retried). */
#define LAN_WATCH_UPDATE_TIMEOUT_S 10

void lan_watch_start(struct hpd *d);
void lan_watch_stop(struct hpd *d);

#endif
