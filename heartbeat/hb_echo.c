/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_echo: ICMP echo requests and replies (see the header). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "hb_echo.h"

#define HB_ICMP_ECHO_REPLY      0
#define HB_ICMP_ECHO_REQUEST    8
#define HB_ICMP6_ECHO_REQUEST   128
#define HB_ICMP6_ECHO_REPLY     129
#define HB_ICMP_HEADER          8
#define HB_IPV4_MIN_HEADER      20

uint16_t
hb_echo_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len == 1)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

int
hb_echo_build(int family, uint16_t id, uint16_t seq, uint8_t *buf, size_t len)
{
	uint16_t sum;

	if ((family != AF_INET && family != AF_INET6) || len < HB_ECHO_LEN)
		return -EINVAL;
	memset(buf, 0, HB_ECHO_LEN);
	buf[0] = family == AF_INET ? HB_ICMP_ECHO_REQUEST : HB_ICMP6_ECHO_REQUEST;
	buf[4] = id >> 8;
	buf[5] = id & 0xff;
	buf[6] = seq >> 8;
	buf[7] = seq & 0xff;
	/* the payload names the sender, for whoever captures it */
	memcpy(buf + HB_ICMP_HEADER, "hapair\0\0", 8);
	if (family == AF_INET) {
		sum = hb_echo_checksum(buf, HB_ECHO_LEN);
		buf[2] = sum >> 8;
		buf[3] = sum & 0xff;
	}
	return HB_ECHO_LEN;
}

int
hb_echo_is_reply(int family, const uint8_t *pkt, size_t len, uint16_t id, uint16_t *seq)
{
	size_t off = 0;
	uint8_t want;

	if (family == AF_INET) {
		if (len < HB_IPV4_MIN_HEADER || (pkt[0] >> 4) != 4)
			return 0;
		off = (size_t)(pkt[0] & 0x0f) * 4;
		if (off < HB_IPV4_MIN_HEADER)
			return 0;
		want = HB_ICMP_ECHO_REPLY;
	} else if (family == AF_INET6) {
		want = HB_ICMP6_ECHO_REPLY;
	} else {
		return 0;
	}
	if (len < off + HB_ICMP_HEADER || pkt[off] != want || pkt[off + 1] != 0)
		return 0;
	if (((uint16_t)pkt[off + 4] << 8 | pkt[off + 5]) != id)
		return 0;
	*seq = (uint16_t)pkt[off + 6] << 8 | pkt[off + 7];
	return 1;
}
