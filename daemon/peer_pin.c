/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_pin: fingerprints, the pin decision, the refusal-event limiter and
 * the clock offset of the peer channel.
 *
 * Kept apart from the TLS server and client so that every rule is a unit
 * test with synthetic strings and clocks (tests/unit/test_peer.c).  This
 * file must never log, read the clock or do I/O. */
#include <errno.h>
#include <string.h>

#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "peer_pin.h"

static const char peer_hex_upper[] = "0123456789ABCDEF";

static void
peer_fp_format(const unsigned char *md, char *out)
{
	for (size_t i = 0; i < PEER_FP_BYTES; i++) {
		out[3 * i] = peer_hex_upper[md[i] >> 4];
		out[3 * i + 1] = peer_hex_upper[md[i] & 0x0f];
		out[3 * i + 2] = ':';
	}
	out[PEER_FP_LEN] = '\0';
}

int
peer_fp_from_der(const void *der, size_t len, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (outlen < PEER_FP_MAX)
		return -ENOBUFS;
	if (EVP_Digest(der, len, md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != PEER_FP_BYTES)
		return -EIO;
	peer_fp_format(md, out);
	return 0;
}

static int
peer_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = g_ascii_toupper(c);
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
peer_fp_normalize(const char *in, char *out, size_t outlen)
{
	unsigned char md[PEER_FP_BYTES];
	size_t n = 0;
	const char *p;

	if (in == NULL || outlen < PEER_FP_MAX)
		return in == NULL ? -EINVAL : -ENOBUFS;
	if (g_ascii_strncasecmp(in, PEER_FP_LABEL, strlen(PEER_FP_LABEL)) == 0)
		in += strlen(PEER_FP_LABEL);
	/* Pairs of hex digits, each optionally followed by one ':' (but
	 * not after the last): "ab:cd", "ABCD" and "AbCd" are the same. */
	for (p = in; *p != '\0';) {
		int hi = peer_hex_value(p[0]);
		int lo = hi < 0 ? -1 : peer_hex_value(p[1]);

		if (lo < 0 || n == PEER_FP_BYTES)
			return -EINVAL;
		md[n++] = (unsigned char)(hi << 4 | lo);
		p += 2;
		if (*p == ':') {
			p++;
			if (*p == '\0')
				return -EINVAL;
		}
	}
	if (n != PEER_FP_BYTES)
		return -EINVAL;
	peer_fp_format(md, out);
	return 0;
}

bool
peer_fp_equal(const char *a, const char *b)
{
	char na[PEER_FP_MAX], nb[PEER_FP_MAX];

	if (a == NULL || b == NULL || peer_fp_normalize(a, na, sizeof(na)) < 0 ||
	    peer_fp_normalize(b, nb, sizeof(nb)) < 0)
		return false;
	/* Fingerprints are not secret, but a constant-time compare costs
	 * nothing and leaves no timing question open. */
	return CRYPTO_memcmp(na, nb, PEER_FP_LEN) == 0;
}

static bool
peer_empty(const char *s)
{
	return s == NULL || s[0] == '\0';
}

enum peer_verdict
peer_decide(const char *path, const char *pinned_fp, const char *presented_fp)
{
	/* TLS requires a certificate already; this is the second fence. */
	if (peer_empty(presented_fp))
		return PEER_DENY_NO_CERT;
	if (path != NULL && strcmp(path, PEER_PATH_PAIR) == 0)
		return PEER_PAIR_ALLOWED;
	if (!peer_empty(pinned_fp) && peer_fp_equal(pinned_fp, presented_fp))
		return PEER_ALLOW;
	return PEER_DENY_NOT_PINNED;
}

const char *
peer_verdict_name(enum peer_verdict v)
{
	switch (v) {
	case PEER_ALLOW:           return "pinned";
	case PEER_PAIR_ALLOWED:    return "pairing";
	case PEER_DENY_NO_CERT:    return "no certificate";
	case PEER_DENY_NOT_PINNED: return "not pinned";
	}
	return "unknown";
}

enum peer_pair_verdict
peer_pair_check(const char *pinned_fp, const char *presented_fp)
{
	if (peer_empty(pinned_fp))
		return PEER_PAIR_NEW;
	return peer_fp_equal(pinned_fp, presented_fp) ? PEER_PAIR_SAME : PEER_PAIR_CONFLICT;
}

static bool
peer_chars_ok(const char *s, size_t max_len, const char *extra)
{
	size_t len;

	if (s == NULL)
		return false;
	len = strlen(s);
	if (len == 0 || len > max_len)
		return false;
	for (const char *p = s; *p; p++) {
		if (!g_ascii_isalnum(*p) && strchr(extra, *p) == NULL)
			return false;
	}
	return true;
}

bool
peer_node_name_valid(const char *name)
{
	return peer_chars_ok(name, 63, "-._");
}

bool
peer_version_valid(const char *version)
{
	return peer_chars_ok(version, 31, ".-+~_");
}

/* Refusal events ------------------------------------------------------------ */

static void
peer_evrl_roll(struct peer_evrl *rl, int64_t now_us)
{
	if (!rl->started || now_us - rl->window_start_us >= PEER_EVRL_WINDOW_US) {
		rl->started = true;
		rl->window_start_us = now_us;
		rl->logged = 0;
	}
}

bool
peer_evrl_allow(struct peer_evrl *rl, int64_t now_us)
{
	peer_evrl_roll(rl, now_us);
	if (rl->logged < PEER_EVRL_MAX) {
		rl->logged++;
		return true;
	}
	rl->suppressed++;
	return false;
}

unsigned
peer_evrl_take_suppressed(struct peer_evrl *rl, int64_t now_us)
{
	unsigned n;

	/* Reported only once the current window is over: one line per
	 * window at most, however long the flood lasts. */
	if (rl->suppressed == 0 || now_us - rl->window_start_us < PEER_EVRL_WINDOW_US)
		return 0;
	n = rl->suppressed;
	rl->suppressed = 0;
	return n;
}

int64_t
peer_clock_offset_us(int64_t sent_us, int64_t received_us, int64_t peer_us)
{
	return peer_us - (sent_us + (received_us - sent_us) / 2);
}
