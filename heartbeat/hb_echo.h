/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_echo: ICMP and ICMPv6 echo requests and the matching of their
 * replies, for the peer's liveness on the service network (hapaird's
 * peer_echo).  Pure: bytes in, bytes out; the sockets are the caller's.
 *
 * IPv4 raw sockets hand up the IP header with each packet, ICMPv6 raw
 * sockets do not, and the kernel fills in the ICMPv6 checksum itself
 * (RFC 3542), so only the IPv4 request carries one from here. */
#ifndef HP_HB_ECHO_H
#define HP_HB_ECHO_H

#include <stddef.h>
#include <stdint.h>

#define HB_ECHO_LEN       16   /* 8 bytes of ICMP header, 8 of payload */

/* The Internet checksum (RFC 1071) of LEN bytes at DATA. */
uint16_t hb_echo_checksum(const void *data, size_t len);

/* Write an echo request for FAMILY (AF_INET or AF_INET6) with identifier
 * ID and sequence number SEQ into BUF (at least HB_ECHO_LEN bytes).
 * HB_ECHO_LEN, or -EINVAL for another family or a short buffer. */
int hb_echo_build(int family, uint16_t id, uint16_t seq, uint8_t *buf, size_t len);

/* Is PKT, LEN bytes as a raw socket of FAMILY received them, an echo
 * reply to identifier ID?  1 with its sequence number in *SEQ, 0 for any
 * other packet (another program's echo, an error, a truncated one). */
int hb_echo_is_reply(int family, const uint8_t *pkt, size_t len, uint16_t id, uint16_t *seq);

#endif
