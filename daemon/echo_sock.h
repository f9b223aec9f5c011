/* SPDX-License-Identifier: GPL-2.0-or-later */
/* echo_sock: raw ICMP and ICMPv6 sockets for hapaird's echo watchers
 * (peer_echo: the peer on the service network; lan_watch: the ping
 * targets).  Non-blocking; the packets themselves are hb_echo's. */
#ifndef HP_ECHO_SOCK_H
#define HP_ECHO_SOCK_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define ECHO_ADDR_LEN INET6_ADDRSTRLEN

struct echo_addr {
	int family;                /* AF_INET or AF_INET6 */
	struct sockaddr_storage sa;
	socklen_t len;
	char text[ECHO_ADDR_LEN];
};

/* Now on CLOCK_BOOTTIME (/proc/uptime's clock, which the fence gate
 * reads too), in ms. */
int64_t echo_now_ms(void);

/* TEXT, a numeric IPv4 or IPv6 address, into A.  0 or -EINVAL. */
int echo_addr_parse(const char *text, struct echo_addr *a);

/* A raw socket of FAMILY that wakes its reader for echo replies only (the
 * node's other pingers' traffic is filtered out in the kernel).  The
 * descriptor, or -errno (a raw socket needs CAP_NET_RAW). */
int echo_sock_open(int family);

/* One echo reply to identifier ID read from FD into FROM (numeric text):
 * 1, 0 when the next packet was something else (read and dropped), -1
 * when nothing is left to read. */
int echo_sock_recv(int fd, int family, uint16_t id, char *from, size_t fromlen);

/* Send an echo request with ID and SEQ to A.  0 or -errno. */
int echo_sock_send(int fd, const struct echo_addr *a, uint16_t id, uint16_t seq);

#endif
