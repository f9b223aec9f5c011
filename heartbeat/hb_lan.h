/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: does this node still reach its service network?  Judged from
 * when the pair's ping targets last answered this node's echo requests
 * and how often it asked since (hapaird's lan_watch sends them and keeps
 * the clock).  Pure.
 *
 * A cut LAN cable or a dead switch port shows first as silence: every
 * target stops answering at once.  One lost reply is noise (a busy
 * gateway, a flood on the segment); HB_LAN_LOST_MS of silence from all of
 * them, with a request out every HB_LAN_INTERVAL_MS, is eight in a row.
 *
 * Silence is only evidence when the node kept asking: a node that stalled
 * (a loaded virtual appliance: a uml guest was seen to send nothing for
 * over 800 ms while it resynced DRBD) heard nothing because it asked
 * nothing, and its LAN is as good as before.  And the verdict is never
 * quicker than the heartbeat's own: a pair whose timeout the operator
 * raised for slow nodes gets a LAN limit raised as much (hb_lan_lost_ms). */
#ifndef HP_HB_LAN_H
#define HP_HB_LAN_H

#include <stdint.h>

#define HB_LAN_INTERVAL_MS 100
#define HB_LAN_LOST_MS     800     /* at the default heartbeat timeout */

enum hb_lan_state {
	HB_LAN_UNKNOWN,            /* not watched (or asked) long enough to say */
	HB_LAN_REACHES,            /* a target answered within the last LOST_MS */
	HB_LAN_LOST,               /* none answered for LOST_MS, asked all along */
};

/* What a watch knows, all times on one monotonic clock. */
struct hb_lan_watch {
	int64_t since_ms;          /* the watch began */
	int64_t reply_ms;          /* a target last answered; 0: never */
	unsigned asked;            /* rounds of requests sent since then */
};

/* The state at NOW_MS, for a silence limit of LOST_MS. */
enum hb_lan_state hb_lan_judge(const struct hb_lan_watch *w, int64_t now_ms, unsigned lost_ms);

/* The silence limit for a heartbeat timeout (corosync's token, ms; 0: the
 * default): HB_LAN_LOST_MS, or 4/3 of a longer timeout. */
unsigned hb_lan_lost_ms(unsigned hb_timeout_ms);

const char *hb_lan_state_name(enum hb_lan_state s);

#endif
