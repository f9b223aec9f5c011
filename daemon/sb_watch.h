/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_watch: the facts behind a split-brain recommendation, kept current.
 *
 * Always, while there is a data device: samples /sys/block/drbdN/stat
 * every SB_WATCH_SAMPLE_S into the write clock (sb_write_clock.h) and
 * persists the last write time (at most every SB_WATCH_PERSIST_S, and at
 * once during a split brain) so that it survives a reboot.
 *
 * During a split brain DRBD reported here: every SB_WATCH_REFRESH_S this
 * node reads its own side (`drbdadm get-gi`, /proc/drbd oos:), fetches the
 * peer's over the peer channel and recommends a survivor
 * (sb_facts_recommend); a changed recommendation is an event.  The status
 * shows it in drbd.split_brain.recommendation. */
#ifndef HP_SB_WATCH_H
#define HP_SB_WATCH_H

#include <json-glib/json-glib.h>

#include "hpd.h"

#define SB_WATCH_SAMPLE_S    2
#define SB_WATCH_REFRESH_S   4
#define SB_WATCH_PERSIST_S   60
#define SB_WATCH_PEER_TIMEOUT_S 5
#define SB_WATCH_GI_TIMEOUT_S   10
/* node-local setting: the last write time, unix seconds */
#define SB_WATCH_SETTING_LAST_WRITE "drbd.last_write_s"

void sb_watch_start(struct hpd *d);
void sb_watch_stop(struct hpd *d);

/* This node's side as last collected (the peer channel's answer); NULL
 * when it has none yet. */
JsonNode *sb_watch_local_json(struct hpd *d);
/* The recommendation for the status: an object, or NULL when there is no
 * split brain; {"keep": null, "kind": "unknown", "explanation": why not
 * yet} while the facts are not all in. */
JsonNode *sb_watch_recommendation(struct hpd *d);

#endif
