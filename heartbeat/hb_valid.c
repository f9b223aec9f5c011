/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_valid: the input checks every generator shares.  Pure.  Addresses are
 * literals only: membership and failover must never wait for DNS. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "hb_valid.h"

static bool
hb_chars_ok(const char *s, size_t max, const char *extra)
{
	size_t n = s == NULL ? 0 : strlen(s);

	if (n == 0 || n > max || !g_ascii_isalnum(s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isalnum(s[i]) && strchr(extra, s[i]) == NULL)
			return false;
	return true;
}

bool
hb_host_name_ok(const char *s)
{
	return hb_chars_ok(s, HB_HOST_NAME_MAX, "-._");
}

bool
hb_word_ok(const char *s, size_t max)
{
	return hb_chars_ok(s, max, "-_");
}

bool
hb_path_ok(const char *s)
{
	if (s == NULL || s[0] != '/' || strlen(s) > 255)
		return false;
	for (const char *c = s; *c; c++)
		if (g_ascii_isspace(*c) || strchr("\"';{}#\\", *c) != NULL ||
		    (unsigned char)*c < 0x20)
			return false;
	return true;
}

bool
hb_addr_parse(const char *s, struct hb_addr *a)
{
	if (s == NULL)
		return false;
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		const unsigned char *b = a->bytes;

		a->family = AF_INET;
		/* 0/8 (unspecified), 127/8 (loopback) and 224/4 (multicast)
		 * cannot reach the peer. */
		if (b[0] == 0 || b[0] == 127 || b[0] >= 224)
			return false;
	} else if (inet_pton(AF_INET6, s, a->bytes) == 1) {
		static const unsigned char any[16], loop[16] = { [15] = 1 };

		a->family = AF_INET6;
		if (memcmp(a->bytes, any, 16) == 0 || memcmp(a->bytes, loop, 16) == 0 ||
		    a->bytes[0] == 0xff)
			return false;
	} else
		return false;
	inet_ntop(a->family, a->bytes, a->text, sizeof(a->text));
	return true;
}

bool
hb_addr_equal(const struct hb_addr *a, const struct hb_addr *b)
{
	return a->family == b->family &&
	    memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}

int
hb_invalid(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}
