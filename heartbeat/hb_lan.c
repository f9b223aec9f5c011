/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_lan: the service network's reach from the targets' answers (see the
 * header). */
#include "hb_lan.h"

enum hb_lan_state
hb_lan_judge(int64_t now_ms, int64_t since_ms, int64_t last_reply_ms, unsigned lost_ms)
{
	if (last_reply_ms > 0 && now_ms - last_reply_ms < (int64_t)lost_ms)
		return HB_LAN_REACHES;
	/* Silence only counts once the watch has lasted that long: a watch
	 * that just began has not yet had the chance to hear anything. */
	if (now_ms - since_ms < (int64_t)lost_ms)
		return HB_LAN_UNKNOWN;
	return HB_LAN_LOST;
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
