/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ping_parse: the connectivity test's pure parts: which addresses may be
 * pinged, and what iputils ping's summary says.  No I/O. */
#ifndef HP_PING_PARSE_H
#define HP_PING_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#define PING_ADDR_MAX 64

struct ping_result {
	unsigned transmitted;
	unsigned received;
	unsigned loss_percent;
	bool have_rtt;                 /* at least one answer: the rtt line */
	double rtt_min_ms, rtt_avg_ms, rtt_max_ms;
};

/* 0 when ADDR is one IPv4 or IPv6 unicast literal (no host names, no
 * scope, nothing ping could read as an option); -EINVAL with ERR saying
 * what to give instead. */
int ping_address_check(const char *addr, char *err, size_t errlen);

/* Reads the statistics lines of ping's OUTPUT into *R: 0, or -ENOENT when
 * there are none (ping did not get as far as sending). */
int ping_parse_output(const char *output, struct ping_result *r);

#endif
