/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_valid: shared input checks for the failover generators.  Pure. */
#include <string.h>
#include <glib.h>

#include "fo_valid.h"

static bool
fo_chars_ok(const char *s, size_t max, const char *extra)
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
fo_host_name_ok(const char *s)
{
	return fo_chars_ok(s, FO_HOST_NAME_MAX, "-._");
}

bool
fo_word_ok(const char *s, size_t max)
{
	return fo_chars_ok(s, max, "-_");
}

bool
fo_path_ok(const char *s)
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
fo_addr_parse(const char *s, struct fo_addr *a)
{
	if (s == NULL)
		return false;
	if (inet_pton(AF_INET, s, a->bytes) == 1) {
		const unsigned char *b = a->bytes;

		a->family = AF_INET;
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
fo_addr_equal(const struct fo_addr *a, const struct fo_addr *b)
{
	return a->family == b->family &&
	    memcmp(a->bytes, b->bytes, a->family == AF_INET ? 4 : 16) == 0;
}
