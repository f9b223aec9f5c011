/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_echo: the Internet checksum (RFC 1071's worked example), requests
 * that carry their identifier and sequence number, replies told apart
 * from everything else, and, as root, a real round trip through the
 * kernel's loopback: the request built here is answered, and the reply
 * the kernel hands a raw socket (IPv4 header included) is recognised. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "hb_echo.h"

static void
checksum_matches_rfc1071s_example(void **state)
{
	/* RFC 1071 section 3: the one's complement sum of these is ddf2 */
	static const uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(hb_echo_checksum(data, sizeof(data)), (uint16_t)~0xddf2);
	/* an odd length pads with a zero byte */
	assert_int_equal(hb_echo_checksum(data, 1), (uint16_t)~0x0000);
}

static void
ipv4_request_carries_id_seq_and_a_valid_checksum(void **state)
{
	uint8_t buf[HB_ECHO_LEN];

	(void)state;
	assert_int_equal(hb_echo_build(AF_INET, 0xbeef, 0x0102, buf, sizeof(buf)), HB_ECHO_LEN);
	assert_int_equal(buf[0], 8);               /* echo request */
	assert_int_equal(buf[4] << 8 | buf[5], 0xbeef);
	assert_int_equal(buf[6] << 8 | buf[7], 0x0102);
	/* a packet with its checksum in place sums to zero */
	assert_int_equal(hb_echo_checksum(buf, sizeof(buf)), 0);
}

static void
ipv6_request_leaves_the_checksum_to_the_kernel(void **state)
{
	uint8_t buf[HB_ECHO_LEN];

	(void)state;
	assert_int_equal(hb_echo_build(AF_INET6, 1, 2, buf, sizeof(buf)), HB_ECHO_LEN);
	assert_int_equal(buf[0], 128);
	assert_int_equal(buf[2] | buf[3], 0);
	assert_int_equal(hb_echo_build(AF_UNIX, 1, 2, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(hb_echo_build(AF_INET, 1, 2, buf, HB_ECHO_LEN - 1), -EINVAL);
}

/* An IPv4 packet as a raw socket hands it up: a 20-byte header, then ICMP. */
static size_t
ipv4_packet(uint8_t *pkt, uint8_t type, uint16_t id, uint16_t seq)
{
	memset(pkt, 0, 20 + HB_ECHO_LEN);
	pkt[0] = 0x45;
	pkt[9] = 1;                                /* ICMP */
	pkt[20] = type;
	pkt[24] = id >> 8;
	pkt[25] = id & 0xff;
	pkt[26] = seq >> 8;
	pkt[27] = seq & 0xff;
	return 20 + HB_ECHO_LEN;
}

static void
only_a_reply_to_our_id_counts(void **state)
{
	uint8_t pkt[64], icmp6[HB_ECHO_LEN] = { 129, 0, 0, 0, 0x12, 0x34, 0, 9 };
	uint16_t seq = 0;
	size_t n;

	(void)state;
	n = ipv4_packet(pkt, 0, 0x1234, 7);
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, n, 0x1234, &seq), 1);
	assert_int_equal(seq, 7);
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, n, 0x4321, &seq), 0);  /* another pinger's */
	n = ipv4_packet(pkt, 8, 0x1234, 7);
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, n, 0x1234, &seq), 0);  /* a request */
	n = ipv4_packet(pkt, 3, 0x1234, 7);
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, n, 0x1234, &seq), 0);  /* unreachable */
	n = ipv4_packet(pkt, 0, 0x1234, 7);
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, 25, 0x1234, &seq), 0); /* truncated */
	pkt[0] = 0x65;
	assert_int_equal(hb_echo_is_reply(AF_INET, pkt, n, 0x1234, &seq), 0);  /* not IPv4 */
	assert_int_equal(hb_echo_is_reply(AF_INET6, icmp6, sizeof(icmp6), 0x1234, &seq), 1);
	assert_int_equal(seq, 9);
	icmp6[0] = 128;
	assert_int_equal(hb_echo_is_reply(AF_INET6, icmp6, sizeof(icmp6), 0x1234, &seq), 0);
}

static void
loopback_answers_our_request_and_its_reply_is_recognised(void **state)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	uint8_t req[HB_ECHO_LEN], buf[256];
	uint16_t seq = 0;
	int fd, found = 0;

	(void)state;
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0) {
		print_message("# skipped: a raw socket needs root (%s)\n", strerror(errno));
		skip();
	}
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	hb_echo_build(AF_INET, 0x5aa5, 42, req, sizeof(req));
	assert_int_equal(sendto(fd, req, sizeof(req), 0, (struct sockaddr *)&to, sizeof(to)),
	    (ssize_t)sizeof(req));
	/* the socket sees our own request too, then the kernel's reply */
	for (int i = 0; i < 4 && !found; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, 2000) != 1)
			break;
		n = recv(fd, buf, sizeof(buf), 0);
		assert_true(n > 0);
		found = hb_echo_is_reply(AF_INET, buf, (size_t)n, 0x5aa5, &seq);
	}
	close(fd);
	assert_int_equal(found, 1);
	assert_int_equal(seq, 42);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checksum_matches_rfc1071s_example),
		cmocka_unit_test(ipv4_request_carries_id_seq_and_a_valid_checksum),
		cmocka_unit_test(ipv6_request_leaves_the_checksum_to_the_kernel),
		cmocka_unit_test(only_a_reply_to_our_id_counts),
		cmocka_unit_test(loopback_answers_our_request_and_its_reply_is_recognised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
