/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_watch: what this node knows of its pinned peer for the status
 * document: its hapair version, its clock's offset from ours and the
 * peer channel's round trip, from a hello every PEER_WATCH_INTERVAL_MS.
 *
 * Corosync says whether the peer is a cluster member; this says whether
 * its hapaird answers and whether its version and clock still fit the
 * pair (the preflight checked them once, at creation).  Non-blocking:
 * one hello at a time, on the loop, through peer_client. */
#ifndef HP_PEER_WATCH_H
#define HP_PEER_WATCH_H

#include <json-glib/json-glib.h>

#include "hpd.h"

/* Often enough that a clock that drifts or a peer that was upgraded shows
 * within seconds; each hello is one TLS handshake. */
#define PEER_WATCH_INTERVAL_MS 3000
/* A hello that takes longer counts as no answer: the next one is due. */
#define PEER_WATCH_TIMEOUT_S   3

void peer_watch_start(struct hpd *d);
void peer_watch_stop(struct hpd *d);

/* null when no peer is pinned, else {"node", "address", "reachable"
 * (null before the first answer), "version", "clock_offset_ms", "rtt_ms",
 * "checked_ago_s" (since the last answer; null before one), "error"}. */
JsonNode *peer_watch_status(struct hpd *d);

#endif
