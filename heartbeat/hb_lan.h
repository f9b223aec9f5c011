/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: does this node still reach its service network?  Judged from
 * when the pair's ping targets last answered this node's echo requests
 * (hapaird's lan_watch sends them and keeps the clock).  Pure.
 *
 * A cut LAN cable or a dead switch port shows first as silence: every
 * target stops answering at once.  One lost reply is noise (a busy
 * gateway, a flood on the segment); HB_LAN_LOST_MS of silence from all of
 * them, with a request out every HB_LAN_INTERVAL_MS, is eight in a row. */
#ifndef HP_HB_LAN_H
#define HP_HB_LAN_H

#include <stdint.h>

#define HB_LAN_INTERVAL_MS 100
#define HB_LAN_LOST_MS     800

enum hb_lan_state {
	HB_LAN_UNKNOWN,            /* not watched long enough to say */
	HB_LAN_REACHES,            /* a target answered within the last LOST_MS */
	HB_LAN_LOST,               /* none answered for LOST_MS */
};

/* The state at NOW_MS of a watch that began at SINCE_MS and last heard a
 * target at LAST_REPLY_MS (0: never), all on one monotonic clock. */
enum hb_lan_state hb_lan_judge(int64_t now_ms, int64_t since_ms, int64_t last_reply_ms,
    unsigned lost_ms);

const char *hb_lan_state_name(enum hb_lan_state s);

#endif
