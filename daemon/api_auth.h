/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_auth: the decisions behind the API's logins and sessions.
 *
 * Everything here is pure or nearly so (random tokens come from OpenSSL):
 * the failed-login rate limiter takes the monotonic time as an argument,
 * the session verdict takes the wall clock, and the parsers take strings,
 * so each rule is a unit test with synthetic inputs.  Nothing here logs,
 * touches the store or the network; api_server.c does that. */
#ifndef HP_API_AUTH_H
#define HP_API_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libsoup/soup.h>

#include "store.h"

/* Failed logins: more than API_RL_MAX_FAILURES from one address within
 * API_RL_WINDOW_US blocks that address until the oldest failure leaves the
 * window.  A guesser gets ten tries a minute; an admin who mistypes a few
 * times is never locked out for long. */
#define API_RL_MAX_FAILURES   10
#define API_RL_WINDOW_US      (60 * INT64_C(1000000))
/* Addresses remembered at once; a flood from many addresses evicts the
 * quietest ones instead of growing the daemon's memory without bound. */
#define API_RL_MAX_ADDRESSES  4096

struct api_rl;

struct api_rl *api_rl_new(unsigned max_addresses);
void api_rl_free(struct api_rl *rl);
/* 0 when ADDR may try to log in at NOW_US (monotonic), else the number of
 * seconds (>= 1) until it may. */
unsigned api_rl_blocked_s(struct api_rl *rl, const char *addr, int64_t now_us);
/* Records a failed login.  True when this failure starts a block. */
bool api_rl_fail(struct api_rl *rl, const char *addr, int64_t now_us);
/* A successful login forgets the address's failures. */
void api_rl_clear(struct api_rl *rl, const char *addr);
/* Forgets addresses with no failure inside the window. */
void api_rl_expire(struct api_rl *rl, int64_t now_us);
unsigned api_rl_size(const struct api_rl *rl);

/* Sessions --------------------------------------------------------------
 * A session ends after API_SESSION_IDLE_US without a request, and
 * API_SESSION_MAX_US after login whatever happens: a forgotten browser tab
 * must not stay logged in to a cluster's controls for days. */
#define API_SESSION_COOKIE    "hapair_session"
#define API_SESSION_IDLE_US   (30 * 60 * INT64_C(1000000))
#define API_SESSION_MAX_US    (12 * 3600 * INT64_C(1000000))
#define API_CSRF_HEADER       "X-CSRF-Token"

/* 32 random bytes in lowercase hex. */
#define API_TOKEN_BYTES       32
#define API_TOKEN_HEX_LEN     (2 * API_TOKEN_BYTES)
#define API_SHA256_HEX_LEN    64

enum api_session_verdict {
	API_SESSION_OK = 0,
	API_SESSION_IDLE,       /* no request for API_SESSION_IDLE_US */
	API_SESSION_EXPIRED,    /* past its absolute end */
};

/* The verdict on S at NOW_US (wall clock, as the store keeps it). */
enum api_session_verdict api_session_check(const struct store_session *s,
    int64_t now_us);
const char *api_session_verdict_name(enum api_session_verdict v);

/* A fresh random token (API_TOKEN_HEX_LEN hex digits + NUL) in OUT.
 * 0, -ENOBUFS when OUTLEN is too small, -EIO when OpenSSL has no entropy. */
int api_token_new(char *out, size_t outlen);
/* True when TEXT looks like one of our tokens: exactly 64 lowercase hex. */
bool api_token_valid(const char *text);
/* SHA-256 of the string TEXT as 64 lowercase hex digits + NUL in OUT
 * (OUTLEN >= 65).  0 or -ENOBUFS. */
int api_sha256_hex(const char *text, char *out, size_t outlen);
/* Constant-time comparison of the session's CSRF token with the one a
 * request carries.  False when either is missing or empty. */
bool api_csrf_equal(const char *expected, const char *got);

/* The value of cookie NAME in a Cookie request HEADER ("a=1; b=2").
 * The first occurrence wins; quoted values are unquoted.
 * 0; -ENOENT when the header or the cookie is absent; -EINVAL when the
 * value holds characters a cookie may not; -ENOBUFS when it does not fit. */
int api_cookie_find(const char *header, const char *name, char *out,
    size_t outlen);

/* True when a Content-Type header says JSON ("application/json", any
 * parameters, any case). */
bool api_content_type_is_json(const char *header);

/* Static files ----------------------------------------------------------
 * Maps a decoded request path to a path relative to the www directory:
 * "/" -> "index.html", "/a/" -> "a/index.html", "/app.js" -> "app.js".
 * -ENOENT for anything that could leave the directory or reach a hidden
 * file: "..", ".", names starting with '.', empty segments, backslashes,
 * control characters, a path not starting with '/'.  -ENAMETOOLONG when
 * OUT is too small.  Symlinks are the caller's job (it resolves them). */
int api_static_path(const char *url_path, char *out, size_t outlen);
/* The Content-Type for a file name, by extension. */
const char *api_mime_type(const char *path);

/* Addresses ------------------------------------------------------------- */
/* An IPv4-mapped IPv6 address ("::ffff:10.0.0.1", as a dual-stack socket
 * reports IPv4 clients) as plain IPv4; anything else unchanged. */
void api_addr_normalize(const char *in, char *out, size_t outlen);
/* The local address a request reached, normalized: later requests are
 * allowed or refused by whether they came in through the failover IP or
 * the node's own address.  0, or -ENOTCONN when the socket is gone. */
int api_request_local_address(SoupServerMessage *msg, char *out,
    size_t outlen);

#endif
