/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_auth: rate limiter, session verdicts, tokens, cookies, static paths.
 *
 * The rules that decide who gets in live here, apart from the HTTP server,
 * so that each is tested with synthetic clocks and strings.  This file must
 * never log, sleep or read the clock: callers pass the time in. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "api_auth.h"

/* Rate limiter ------------------------------------------------------------ */

/* One address's recent failures, a ring of the last API_RL_MAX_FAILURES
 * times: a sliding window is exact with that many and needs no more. */
struct api_rl_entry {
	int64_t fail_us[API_RL_MAX_FAILURES];
	unsigned head;           /* index of the oldest failure */
	unsigned count;
	int64_t last_us;         /* newest failure: the eviction order */
	char addr[];
};

struct api_rl {
	GHashTable *by_addr;     /* entry->addr -> entry (owned) */
	unsigned max_addresses;
};

struct api_rl *
api_rl_new(unsigned max_addresses)
{
	struct api_rl *rl = g_new0(struct api_rl, 1);

	rl->by_addr = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	rl->max_addresses = max_addresses ? max_addresses : 1;
	return rl;
}

void
api_rl_free(struct api_rl *rl)
{
	if (rl == NULL)
		return;
	g_hash_table_destroy(rl->by_addr);
	g_free(rl);
}

/* Drops failures that have left the window. */
static void
api_rl_prune(struct api_rl_entry *e, int64_t now_us)
{
	while (e->count > 0 && now_us - e->fail_us[e->head] >= API_RL_WINDOW_US) {
		e->head = (e->head + 1) % API_RL_MAX_FAILURES;
		e->count--;
	}
}

unsigned
api_rl_blocked_s(struct api_rl *rl, const char *addr, int64_t now_us)
{
	struct api_rl_entry *e = g_hash_table_lookup(rl->by_addr, addr);
	int64_t wait_us;

	if (e == NULL)
		return 0;
	api_rl_prune(e, now_us);
	if (e->count < API_RL_MAX_FAILURES)
		return 0;
	wait_us = e->fail_us[e->head] + API_RL_WINDOW_US - now_us;
	/* Round up: "try again in 0 s" while still blocked would be a lie. */
	return (unsigned)((wait_us + 999999) / 1000000);
}

static gboolean
api_rl_entry_idle(gpointer key, gpointer value, gpointer now)
{
	struct api_rl_entry *e = value;

	api_rl_prune(e, *(const int64_t *)now);
	return e->count == 0;
}

void
api_rl_expire(struct api_rl *rl, int64_t now_us)
{
	g_hash_table_foreach_remove(rl->by_addr, api_rl_entry_idle, &now_us);
}

/* Makes room for one more address: first the idle ones go, then, if a
 * flood from many addresses still fills the table, the quietest one. */
static void
api_rl_make_room(struct api_rl *rl, int64_t now_us)
{
	GHashTableIter it;
	gpointer key, value;
	const char *victim = NULL;
	int64_t oldest = INT64_MAX;

	if (g_hash_table_size(rl->by_addr) < rl->max_addresses)
		return;
	api_rl_expire(rl, now_us);
	if (g_hash_table_size(rl->by_addr) < rl->max_addresses)
		return;
	g_hash_table_iter_init(&it, rl->by_addr);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const struct api_rl_entry *e = value;

		if (e->last_us < oldest) {
			oldest = e->last_us;
			victim = e->addr;
		}
	}
	if (victim != NULL)
		g_hash_table_remove(rl->by_addr, victim);
}

bool
api_rl_fail(struct api_rl *rl, const char *addr, int64_t now_us)
{
	struct api_rl_entry *e = g_hash_table_lookup(rl->by_addr, addr);
	bool was_blocked;

	if (e == NULL) {
		size_t len = strlen(addr) + 1;

		api_rl_make_room(rl, now_us);
		e = g_malloc0(sizeof(*e) + len);
		memcpy(e->addr, addr, len);
		g_hash_table_insert(rl->by_addr, e->addr, e);
	}
	api_rl_prune(e, now_us);
	was_blocked = e->count >= API_RL_MAX_FAILURES;
	if (was_blocked) {
		/* Logins verified in parallel may fail after the block began:
		 * the newest failure replaces the oldest, extending the block. */
		e->fail_us[e->head] = now_us;
		e->head = (e->head + 1) % API_RL_MAX_FAILURES;
	} else {
		e->fail_us[(e->head + e->count) % API_RL_MAX_FAILURES] = now_us;
		e->count++;
	}
	e->last_us = now_us;
	return !was_blocked && e->count >= API_RL_MAX_FAILURES;
}

void
api_rl_clear(struct api_rl *rl, const char *addr)
{
	g_hash_table_remove(rl->by_addr, addr);
}

unsigned
api_rl_size(const struct api_rl *rl)
{
	return g_hash_table_size(rl->by_addr);
}

/* Sessions ---------------------------------------------------------------- */

enum api_session_verdict
api_session_check(const struct store_session *s, int64_t now_us)
{
	/* The absolute end wins over activity: a session used every second
	 * still ends API_SESSION_MAX_US after login. */
	if (now_us >= s->expires_us)
		return API_SESSION_EXPIRED;
	if (now_us - s->last_seen_us >= API_SESSION_IDLE_US)
		return API_SESSION_IDLE;
	return API_SESSION_OK;
}

const char *
api_session_verdict_name(enum api_session_verdict v)
{
	switch (v) {
	case API_SESSION_OK:      return "valid";
	case API_SESSION_IDLE:    return "idle too long";
	case API_SESSION_EXPIRED: return "expired";
	}
	return "unknown";
}

static const char api_hex_digits[] = "0123456789abcdef";

static void
api_hex(const unsigned char *in, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = api_hex_digits[in[i] >> 4];
		out[2 * i + 1] = api_hex_digits[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}

int
api_token_new(char *out, size_t outlen)
{
	unsigned char raw[API_TOKEN_BYTES];

	if (outlen < API_TOKEN_HEX_LEN + 1)
		return -ENOBUFS;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	api_hex(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

bool
api_token_valid(const char *text)
{
	size_t i;

	if (text == NULL)
		return false;
	for (i = 0; text[i] != '\0'; i++) {
		if (i >= API_TOKEN_HEX_LEN || strchr(api_hex_digits, text[i]) == NULL)
			return false;
	}
	return i == API_TOKEN_HEX_LEN;
}

int
api_sha256_hex(const char *text, char *out, size_t outlen)
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	if (outlen < API_SHA256_HEX_LEN + 1)
		return -ENOBUFS;
	if (EVP_Digest(text, strlen(text), md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen != sizeof(md))
		return -EIO;
	api_hex(md, sizeof(md), out);
	return 0;
}

bool
api_csrf_equal(const char *expected, const char *got)
{
	size_t len;

	if (expected == NULL || got == NULL || expected[0] == '\0')
		return false;
	len = strlen(expected);
	/* The length is not secret (every token has the same), the bytes are. */
	if (strlen(got) != len)
		return false;
	return CRYPTO_memcmp(expected, got, len) == 0;
}

/* Cookies ----------------------------------------------------------------- */

/* RFC 6265 cookie-octet: visible ASCII but DQUOTE, comma, semicolon and
 * backslash. */
static bool
api_cookie_octet(unsigned char c)
{
	return c >= 0x21 && c <= 0x7e && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

static const char *
api_skip_ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

int
api_cookie_find(const char *header, const char *name, char *out, size_t outlen)
{
	size_t name_len = strlen(name);
	const char *p = header;

	if (header == NULL)
		return -ENOENT;
	while (*p != '\0') {
		const char *pair_end, *value, *value_end;
		size_t len;

		p = api_skip_ows(p);
		pair_end = strchr(p, ';');
		if (pair_end == NULL)
			pair_end = p + strlen(p);
		/* Browsers send other sites' odd cookies too: a pair that is
		 * not ours is skipped, however malformed. */
		if ((size_t)(pair_end - p) <= name_len ||
		    strncmp(p, name, name_len) != 0 || p[name_len] != '=') {
			p = *pair_end ? pair_end + 1 : pair_end;
			continue;
		}
		value = p + name_len + 1;
		value_end = pair_end;
		while (value_end > value && (value_end[-1] == ' ' || value_end[-1] == '\t'))
			value_end--;
		if (value_end - value >= 2 && value[0] == '"' && value_end[-1] == '"') {
			value++;
			value_end--;
		}
		for (const char *c = value; c < value_end; c++) {
			if (!api_cookie_octet((unsigned char)*c))
				return -EINVAL;
		}
		len = (size_t)(value_end - value);
		if (len + 1 > outlen)
			return -ENOBUFS;
		memcpy(out, value, len);
		out[len] = '\0';
		return 0;
	}
	return -ENOENT;
}

bool
api_content_type_is_json(const char *header)
{
	static const char json[] = "application/json";
	const char *rest;

	if (header == NULL)
		return false;
	header = api_skip_ows(header);
	if (g_ascii_strncasecmp(header, json, sizeof(json) - 1) != 0)
		return false;
	rest = api_skip_ows(header + sizeof(json) - 1);
	return *rest == '\0' || *rest == ';';
}

/* Static files ------------------------------------------------------------ */

#define API_INDEX_FILE "index.html"

int
api_static_path(const char *url_path, char *out, size_t outlen)
{
	const char *seg;
	size_t len;

	if (url_path == NULL || url_path[0] != '/')
		return -ENOENT;
	seg = url_path + 1;
	for (;;) {
		const char *end = strchr(seg, '/');
		size_t seg_len = end ? (size_t)(end - seg) : strlen(seg);

		/* The last segment may be empty ("/", "/docs/"): that means
		 * the directory's index.  Any other empty segment is a "//"
		 * nobody needs. */
		if (seg_len == 0 && end != NULL)
			return -ENOENT;
		/* '.' first rules out ".", ".." and hidden files in one test. */
		if (seg_len > 0 && seg[0] == '.')
			return -ENOENT;
		for (size_t i = 0; i < seg_len; i++) {
			unsigned char c = (unsigned char)seg[i];

			if (c < 0x20 || c == 0x7f || c == '\\')
				return -ENOENT;
		}
		if (end == NULL)
			break;
		seg = end + 1;
	}
	len = strlen(url_path + 1);
	if (len == 0 || url_path[len] == '/') {
		if (g_snprintf(out, outlen, "%s%s", url_path + 1, API_INDEX_FILE) >= (int)outlen)
			return -ENAMETOOLONG;
	} else if (g_strlcpy(out, url_path + 1, outlen) >= outlen) {
		return -ENAMETOOLONG;
	}
	return 0;
}

static const struct {
	const char *ext;
	const char *type;
} api_mime_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js",   "text/javascript; charset=utf-8" },
	{ ".css",  "text/css; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg",  "image/svg+xml" },
	{ ".png",  "image/png" },
	{ ".ico",  "image/x-icon" },
	{ ".txt",  "text/plain; charset=utf-8" },
	{ ".woff2", "font/woff2" },
};

const char *
api_mime_type(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot != NULL && strchr(dot, '/') == NULL) {
		for (size_t i = 0; i < G_N_ELEMENTS(api_mime_types); i++) {
			if (g_ascii_strcasecmp(dot, api_mime_types[i].ext) == 0)
				return api_mime_types[i].type;
		}
	}
	/* With nosniff, an unknown type is downloaded, never run. */
	return "application/octet-stream";
}

/* Addresses --------------------------------------------------------------- */

#define API_V4MAPPED_PREFIX "::ffff:"

void
api_addr_normalize(const char *in, char *out, size_t outlen)
{
	size_t plen = sizeof(API_V4MAPPED_PREFIX) - 1;

	if (g_ascii_strncasecmp(in, API_V4MAPPED_PREFIX, plen) == 0 &&
	    strchr(in + plen, '.') != NULL && strchr(in + plen, ':') == NULL)
		in += plen;
	g_strlcpy(out, in, outlen);
}

int
api_request_local_address(SoupServerMessage *msg, char *out, size_t outlen)
{
	GSocketAddress *sa = soup_server_message_get_local_address(msg);
	g_autofree char *text = NULL;

	if (sa == NULL || !G_IS_INET_SOCKET_ADDRESS(sa))
		return -ENOTCONN;
	text = g_inet_address_to_string(
	    g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(sa)));
	api_addr_normalize(text, out, outlen);
	return 0;
}
