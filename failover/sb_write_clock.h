/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_write_clock: when this node last wrote to its DRBD device, from
 * samples of /sys/block/drbdN/stat (the kernel's block-layer counters).
 *
 * The counters say how many writes, not when; so the daemon samples the
 * file on a timer and this clock records the sample time at which the
 * count moved.  The answer is accurate to one sampling period, which is
 * plenty for "last write at 10:41" in a split-brain recommendation.  Only
 * the application's writes on this node count: DRBD applies the writes it
 * receives from the peer to the backing disk, not through drbdN.
 *
 * Pure: the caller reads the file and the wall clock and passes both in;
 * the struct is plain data the daemon can persist (a reboot resets the
 * kernel's counters; the last write time must survive it). */
#ifndef HP_SB_WRITE_CLOCK_H
#define HP_SB_WRITE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct sb_write_clock {
	bool primed;            /* a sample was taken since the counters began */
	uint64_t writes;        /* write + discard requests completed */
	int64_t last_write_s;   /* unix seconds; 0 = none seen yet */
};

/* Feed one sample: the text of /sys/block/drbdN/stat and the wall-clock
 * time it was read.  The first sample (or one with fewer writes than the
 * last: the device was re-created or the node rebooted) only sets the base
 * and keeps last_write_s.  0, or -EINVAL when the text is not a stat line
 * (the clock is left alone). */
int sb_write_clock_sample(struct sb_write_clock *c, const char *stat_text,
    int64_t now_s);

#endif
