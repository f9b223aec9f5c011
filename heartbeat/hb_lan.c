/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: the service network's reach from the targets' answers (see the
 * header). */
#include "hb_lan.h"

/* Rounds a silence must have asked before it counts: three quarters of
 * what the limit holds at HB_LAN_INTERVAL_MS (6 of 8 at 800 ms), so a
 * loop slowed by a quarter still judges on time. */
static unsigned
hb_lan_asks_needed(unsigned lost_ms)
{
	return lost_ms / HB_LAN_INTERVAL_MS * 3 / 4;
}

enum hb_lan_state
hb_lan_judge(const struct hb_lan_watch *w, int64_t now_ms, unsigned lost_ms)
{
	if (w->reply_ms > 0 && now_ms - w->reply_ms < (int64_t)lost_ms)
		return HB_LAN_REACHES;
	/* Silence only counts once the watch has lasted that long (a watch
	 * that just began has not yet had the chance to hear anything) and
	 * asked all along (a stalled node heard nothing because it asked
	 * nothing). */
	if (now_ms - w->since_ms < (int64_t)lost_ms || w->asked < hb_lan_asks_needed(lost_ms))
		return HB_LAN_UNKNOWN;
	return HB_LAN_LOST;
}

unsigned
hb_lan_lost_ms(unsigned hb_timeout_ms)
{
	unsigned scaled = hb_timeout_ms / 3 * 4;

	return scaled > HB_LAN_LOST_MS ? scaled : HB_LAN_LOST_MS;
}

const char *
hb_lan_state_name(enum hb_lan_state s)
{
	switch (s) {
	case HB_LAN_REACHES: return "reaches";
	case HB_LAN_LOST:    return "lost";
	default:             return "unknown";
	}
}
