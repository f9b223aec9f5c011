/* SPDX-License-Identifier: GPL-2.0-or-later */
/* echo_sock: raw echo sockets (see the header). */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "echo_sock.h"
#include "hb_echo.h"

int64_t
echo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
echo_addr_parse(const char *text, struct echo_addr *a)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&a->sa;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&a->sa;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1) {
		a->family = sin->sin_family = AF_INET;
		a->len = sizeof(*sin);
	} else if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1) {
		a->family = sin6->sin6_family = AF_INET6;
		a->len = sizeof(*sin6);
	} else {
		return -EINVAL;
	}
	g_strlcpy(a->text, text, sizeof(a->text));
	return 0;
}

int
echo_sock_open(int family)
{
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);

	if (fd < 0)
		return -errno;
	if (family == AF_INET) {
		struct icmp_filter f = { .data = ~(1U << ICMP_ECHOREPLY) };

		setsockopt(fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f));
	} else {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	return fd;
}

int
echo_sock_recv(int fd, int family, uint16_t id, char *from, size_t fromlen)
{
	uint8_t buf[1500];
	struct sockaddr_storage sa;
	socklen_t salen = sizeof(sa);
	ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sa, &salen);
	const void *a;
	uint16_t seq;

	if (n < 0)
		return -1;          /* EAGAIN: all read */
	if (sa.ss_family != family)
		return 0;
	a = family == AF_INET ? (const void *)&((struct sockaddr_in *)&sa)->sin_addr :
	    (const void *)&((struct sockaddr_in6 *)&sa)->sin6_addr;
	if (inet_ntop(family, a, from, (socklen_t)fromlen) == NULL)
		return 0;
	return hb_echo_is_reply(family, buf, (size_t)n, id, &seq) == 1;
}

int
echo_sock_send(int fd, const struct echo_addr *a, uint16_t id, uint16_t seq)
{
	uint8_t req[HB_ECHO_LEN];

	hb_echo_build(a->family, id, seq, req, sizeof(req));
	if (sendto(fd, req, sizeof(req), 0, (const struct sockaddr *)&a->sa, a->len) < 0)
		return -errno;
	return 0;
}
