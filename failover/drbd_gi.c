/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_gi: parse DRBD's generation identifiers (formats: drbd_gi.h).
 *
 * Strict on the identifier line itself (DRBD always prints 16 hex digits
 * and 0/1 flags, so anything else is a different command's output or a
 * truncated read, and a wrong UUID would turn into a wrong survivor),
 * lenient around it: show-gi's legend and blank lines are skipped. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbd_gi.h"

#define UUID_HEX_DIGITS  16
#define UUIDS_ON_LINE    (2 + DRBD_GI_HISTORY_MAX)
#define FIELDS_MAX       (UUIDS_ON_LINE + DRBD_GI_FLAGS_9 + 1)
#define QUOTE_MAX        60     /* how much of a bad line an error quotes */
/* "%.*s%s" arguments: at most QUOTE_MAX characters of s, "..." if cut. */
#define QUOTE(n, s) \
	(int)((n) < QUOTE_MAX ? (n) : QUOTE_MAX), (s), ((n) > QUOTE_MAX ? "..." : "")
#define META_DATA_PREFIX "meta-data: "
#define META_DATA_CLEAN  "clean"

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') ||
	    (c >= 'a' && c <= 'f');
}

/* s starts with 16 hex digits followed by ':': a UUID as DRBD prints it. */
static bool
starts_with_uuid(const char *s)
{
	for (int i = 0; i < UUID_HEX_DIGITS; i++)
		if (!is_hex(s[i]))
			return false;
	return s[UUID_HEX_DIGITS] == ':';
}

static uint64_t
hex_u64(const char *s, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		v = v << 4 | (uint64_t)(c <= '9' ? c - '0' :
		    (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* Length of the line at s without its '\n' and trailing blanks or '\r'. */
static size_t
line_len(const char *s)
{
	size_t n = strcspn(s, "\n");

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

/* Read the four UUIDs at s (16 hex digits each, ':' between): the number
 * of characters used, or 0. */
static size_t
parse_uuids(const char *s, size_t n, struct drbd_gi *gi)
{
	uint64_t u[UUIDS_ON_LINE];
	size_t pos = 0;

	for (int i = 0; i < UUIDS_ON_LINE; i++) {
		if (i > 0) {
			if (pos >= n || s[pos] != ':')
				return 0;
			pos++;
		}
		if (n - pos < UUID_HEX_DIGITS)
			return 0;
		for (int d = 0; d < UUID_HEX_DIGITS; d++)
			if (!is_hex(s[pos + d]))
				return 0;
		u[i] = hex_u64(s + pos, UUID_HEX_DIGITS);
		pos += UUID_HEX_DIGITS;
	}
	gi->current_uuid = u[0];
	gi->bitmap_uuid = u[1];
	for (int i = 0; i < DRBD_GI_HISTORY_MAX; i++)
		gi->history_uuid[i] = u[2 + i];
	return pos;
}

/* The flags after the UUIDs, in drbd-utils' order (drbd_gi.h). */
static void
set_flags(struct drbd_gi *gi, const bool *f, int n)
{
	gi->has_flags = true;
	gi->consistent = f[0];
	gi->was_uptodate = f[1];
	gi->primary_ind = f[2];
	if (n == DRBD_GI_FLAGS_84) {
		gi->source = DRBD_GI_SRC_84;
		gi->connected_ind = f[3];
		gi->full_sync = f[4];
		gi->peer_outdated = f[5];
		gi->crashed_primary = f[6];
		return;
	}
	gi->source = DRBD_GI_SRC_9;
	gi->crashed_primary = f[3];
	gi->al_clean = f[4];
	gi->has_al_clean = true;
	gi->al_disabled = f[5];
	gi->primary_lost_quorum = f[6];
	gi->connected_ind = f[7];
	gi->peer_outdated = f[8];
	gi->peer_fencing = f[9];
	gi->full_sync = f[10];
	gi->peer_device_seen = f[11];
}

static int
parse_gi_line(const char *s, size_t n, struct drbd_gi *gi, char *err,
    size_t errlen)
{
	bool f[DRBD_GI_FLAGS_9];
	int nf = 0;
	size_t pos = parse_uuids(s, n, gi);

	if (pos == 0)
		return fail(err, errlen, "generation identifiers '%.*s%s': expected "
		    "four UUIDs of 16 hex digits separated by ':'",
		    QUOTE(n, s));
	while (pos < n) {
		/* ":0" or ":1", DRBD prints nothing else here */
		if (s[pos] != ':' || pos + 1 >= n ||
		    (s[pos + 1] != '0' && s[pos + 1] != '1') ||
		    (pos + 2 < n && s[pos + 2] != ':'))
			return fail(err, errlen, "generation identifiers: flag %d "
			    "is not 0 or 1 in '%.*s%s'", nf + 1,
			    QUOTE(n, s));
		if (nf == DRBD_GI_FLAGS_9)
			return fail(err, errlen, "generation identifiers have more "
			    "than %d flags: not a format of DRBD 8.4 or 9",
			    DRBD_GI_FLAGS_9);
		f[nf++] = s[pos + 1] == '1';
		pos += 2;
	}
	if (nf != DRBD_GI_FLAGS_84 && nf != DRBD_GI_FLAGS_9)
		return fail(err, errlen, "generation identifiers have %d flags; "
		    "expected %d (DRBD 8.4) or %d (DRBD 9): a truncated or "
		    "unknown get-gi output", nf, DRBD_GI_FLAGS_84, DRBD_GI_FLAGS_9);
	set_flags(gi, f, nf);
	return 0;
}

int
drbd_gi_parse(const char *text, struct drbd_gi *out, char *err, size_t errlen)
{
	struct drbd_gi gi;
	const char *gi_line = NULL, *first = NULL;
	bool al_known = false, al_clean = false;
	int rc;

	if (text == NULL)
		return fail(err, errlen, "no get-gi output");
	for (const char *s = text; *s != '\0'; ) {
		size_t n = line_len(s);

		if (starts_with_uuid(s)) {
			if (gi_line != NULL)
				return fail(err, errlen, "several generation-identifier "
				    "lines: ask get-gi for one volume at a time");
			gi_line = s;
		} else if (strncmp(s, META_DATA_PREFIX,
		    strlen(META_DATA_PREFIX)) == 0) {
			/* 8.4 show-gi only: whether the activity log was
			 * applied (9 has it among the flags). */
			al_known = true;
			al_clean = n == strlen(META_DATA_PREFIX META_DATA_CLEAN) &&
			    strncmp(s + strlen(META_DATA_PREFIX), META_DATA_CLEAN,
				strlen(META_DATA_CLEAN)) == 0;
		} else if (first == NULL && n > 0) {
			first = s;
		}
		s += strcspn(s, "\n");
		if (*s == '\n')
			s++;
	}
	if (gi_line == NULL) {
		/* drbdsetup says why on stderr, which callers may pass on:
		 * "Device has no disk", "Device is unconfigured". */
		if (first != NULL) {
			size_t n = line_len(first);
			return fail(err, errlen, "no generation identifiers in the "
			    "output; it says '%.*s%s'",
			    QUOTE(n, first));
		}
		return fail(err, errlen, "no generation identifiers: the output "
		    "is empty (is the resource up with its disk attached?)");
	}
	memset(&gi, 0, sizeof(gi));
	rc = parse_gi_line(gi_line, line_len(gi_line), &gi, err, errlen);
	if (rc != 0)
		return rc;
	if (al_known && !gi.has_al_clean) {
		gi.has_al_clean = true;
		gi.al_clean = al_clean;
	}
	*out = gi;
	return 0;
}

/* A decimal or hex number at s (no sign); the characters used, or 0. */
static size_t
parse_number(const char *s, int base, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!is_hex(*s) || (base == 10 && (*s < '0' || *s > '9')))
		return 0;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno != 0)
		return 0;
	*v = x;
	return (size_t)(end - s);
}

/* Where `self ` or `peer ` followed by a UUID starts a word of the line. */
static const char *
find_dump(const char *line, size_t n, bool *is_peer)
{
	static const char *const words[] = { "self ", "peer " };

	for (size_t i = 0; i + 5 + UUID_HEX_DIGITS < n; i++) {
		if (i > 0 && line[i - 1] != ' ')
			continue;
		for (int w = 0; w < 2; w++) {
			if (strncmp(line + i, words[w], 5) == 0 &&
			    starts_with_uuid(line + i + 5)) {
				*is_peer = w == 1;
				return line + i + 5;
			}
		}
	}
	return NULL;
}

int
drbd_gi_parse_uuid_dump(const char *line, struct drbd_gi *out, char *err,
    size_t errlen)
{
	static const char bits_word[] = " bits:", flags_word[] = " flags:";
	struct drbd_gi gi;
	size_t n, pos, used;
	const char *s;
	bool is_peer = false;

	if (line == NULL)
		return -ENOENT;
	n = line_len(line);
	s = find_dump(line, n, &is_peer);
	if (s == NULL)
		return -ENOENT;
	n -= (size_t)(s - line);
	memset(&gi, 0, sizeof(gi));
	gi.source = DRBD_GI_SRC_KERNEL_LOG;
	gi.is_peer = is_peer;
	pos = parse_uuids(s, n, &gi);
	if (pos == 0)
		return fail(err, errlen, "kernel UUID dump '%.*s%s': expected four "
		    "UUIDs", QUOTE(n, s));
	if (strncmp(s + pos, bits_word, strlen(bits_word)) != 0 ||
	    (used = parse_number(s + pos + strlen(bits_word), 10,
		&gi.bits_set)) == 0)
		return fail(err, errlen, "kernel UUID dump: no bits: after the "
		    "UUIDs in '%.*s%s'", QUOTE(n, s));
	pos += strlen(bits_word) + used;
	if (strncmp(s + pos, flags_word, strlen(flags_word)) != 0 ||
	    (used = parse_number(s + pos + strlen(flags_word), 16,
		&gi.uuid_flags)) == 0 ||
	    pos + strlen(flags_word) + used != n)
		return fail(err, errlen, "kernel UUID dump: no flags: at the end "
		    "of '%.*s%s'", QUOTE(n, s));
	if (gi.bits_set > UINT64_MAX / DRBD_GI_BIT_KIB)
		return fail(err, errlen, "kernel UUID dump: bits:%llu is more "
		    "than any disk holds", (unsigned long long)gi.bits_set);
	gi.has_bits = true;
	gi.out_of_sync_kib = gi.bits_set * DRBD_GI_BIT_KIB;
	*out = gi;
	return 0;
}
