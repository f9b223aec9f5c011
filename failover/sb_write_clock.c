/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_write_clock: the last write time from block-layer counters (see the
 * header).  The stat line's fields (Documentation/block/stat.rst): 1-4
 * reads, 5 write requests, 6-8 write merges/sectors/ticks, 9-11 in flight
 * and times, 12-15 discards (since Linux 4.18), 16-17 flushes (5.5).
 * Writes and discards both change data DRBD replicates; flushes do not. */
#include <errno.h>
#include <stdlib.h>

#include "sb_write_clock.h"

#define STAT_FIELDS_MIN      11   /* before 4.18 */
#define STAT_FIELDS_MAX      17
#define STAT_WRITE_IOS       4    /* 0-based field indexes */
#define STAT_DISCARD_IOS     11

int
sb_write_clock_sample(struct sb_write_clock *c, const char *stat_text,
    int64_t now_s)
{
	uint64_t f[STAT_FIELDS_MAX] = { 0 };
	uint64_t writes;
	const char *s = stat_text;
	int n = 0;

	if (c == NULL || s == NULL)
		return -EINVAL;
	for (;;) {
		char *end;
		unsigned long long v;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\n' || *s == '\0')
			break;
		if (*s < '0' || *s > '9' || n == STAT_FIELDS_MAX)
			return -EINVAL;
		errno = 0;
		v = strtoull(s, &end, 10);
		if (errno != 0 || (*end != ' ' && *end != '\t' && *end != '\n' &&
		    *end != '\0'))
			return -EINVAL;
		f[n++] = v;
		s = end;
	}
	if (n < STAT_FIELDS_MIN || (*s == '\n' && s[1] != '\0'))
		return -EINVAL;
	writes = f[STAT_WRITE_IOS] + f[STAT_DISCARD_IOS];
	if (c->primed && writes > c->writes)
		c->last_write_s = now_s;
	c->primed = true;
	c->writes = writes;
	return 0;
}
