/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The API's login rules: rate limiter with synthetic clocks, session
 * verdicts, tokens, cookies, CSRF, static paths; and the HTTPS key and
 * certificate kept in a temporary state directory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "api_auth.h"
#include "api_tls.h"

#define SEC INT64_C(1000000)
/* Monotonic clocks start anywhere; a large base catches "0 means unset". */
#define T0  (INT64_C(987654) * SEC)

/* Rate limiter ------------------------------------------------------------ */

static void
ten_failures_pass_and_the_eleventh_attempt_is_blocked(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	for (int i = 0; i < API_RL_MAX_FAILURES; i++) {
		assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + i * SEC), 0);
		assert_int_equal(api_rl_fail(rl, "10.0.0.9", T0 + i * SEC),
		    i == API_RL_MAX_FAILURES - 1);
	}
	/* The first failure at T0 leaves the window at T0 + 60 s. */
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 10 * SEC), 50);
	api_rl_free(rl);
}

static void
the_block_lifts_when_the_oldest_failure_leaves_the_window(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	for (int i = 0; i < API_RL_MAX_FAILURES; i++)
		api_rl_fail(rl, "10.0.0.9", T0 + i * SEC);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 60 * SEC - 1), 1);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 60 * SEC), 0);
	/* The window slides: one more failure now blocks again until the
	 * second-oldest (T0 + 1 s) leaves. */
	assert_true(api_rl_fail(rl, "10.0.0.9", T0 + 60 * SEC));
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 60 * SEC), 1);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 61 * SEC), 0);
	api_rl_free(rl);
}

static void
failures_spread_over_more_than_a_minute_never_block(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	/* One failure every 7 s: never 10 within 60 s. */
	for (int i = 0; i < 100; i++) {
		assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + i * 7 * SEC), 0);
		assert_false(api_rl_fail(rl, "10.0.0.9", T0 + i * 7 * SEC));
	}
	api_rl_free(rl);
}

static void
a_blocked_address_leaves_other_addresses_alone(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	for (int i = 0; i < API_RL_MAX_FAILURES; i++)
		api_rl_fail(rl, "10.0.0.9", T0);
	assert_int_not_equal(api_rl_blocked_s(rl, "10.0.0.9", T0), 0);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.10", T0), 0);
	assert_int_equal(api_rl_blocked_s(rl, "fe80::1", T0), 0);
	api_rl_fail(rl, "10.0.0.10", T0);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.10", T0), 0);
	api_rl_free(rl);
}

static void
a_successful_login_forgets_the_address_failures(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	for (int i = 0; i < API_RL_MAX_FAILURES - 1; i++)
		api_rl_fail(rl, "10.0.0.9", T0);
	api_rl_clear(rl, "10.0.0.9");
	assert_int_equal(api_rl_size(rl), 0);
	assert_false(api_rl_fail(rl, "10.0.0.9", T0));
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0), 0);
	api_rl_free(rl);
}

static void
failures_while_blocked_extend_the_block(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	for (int i = 0; i < API_RL_MAX_FAILURES; i++)
		api_rl_fail(rl, "10.0.0.9", T0 + i * SEC);
	/* A check that was already running when the block began fails late:
	 * not a new block, but the newest ten failures now end at T0 + 1 s
	 * leaving the window, not T0. */
	assert_false(api_rl_fail(rl, "10.0.0.9", T0 + 30 * SEC));
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 60 * SEC), 1);
	assert_int_equal(api_rl_blocked_s(rl, "10.0.0.9", T0 + 61 * SEC), 0);
	api_rl_free(rl);
}

static void
the_table_never_holds_more_addresses_than_its_cap(void **state)
{
	struct api_rl *rl = api_rl_new(8);
	char addr[32];

	for (int i = 0; i < 1000; i++) {
		snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 256, i % 256);
		api_rl_fail(rl, addr, T0 + i);
		assert_true(api_rl_size(rl) <= 8);
	}
	assert_int_equal(api_rl_size(rl), 8);
	api_rl_free(rl);
}

static void
a_full_table_evicts_the_quietest_address_not_the_attacker(void **state)
{
	struct api_rl *rl = api_rl_new(3);

	for (int i = 0; i < API_RL_MAX_FAILURES; i++)
		api_rl_fail(rl, "10.0.0.66", T0 + 10 * SEC + i);
	api_rl_fail(rl, "10.0.0.1", T0);
	api_rl_fail(rl, "10.0.0.2", T0 + 1 * SEC);
	/* The table is full; 10.0.0.1 failed longest ago. */
	api_rl_fail(rl, "10.0.0.3", T0 + 20 * SEC);
	assert_int_equal(api_rl_size(rl), 3);
	assert_int_not_equal(api_rl_blocked_s(rl, "10.0.0.66", T0 + 20 * SEC), 0);
	api_rl_clear(rl, "10.0.0.2");
	api_rl_clear(rl, "10.0.0.3");
	api_rl_clear(rl, "10.0.0.66");
	assert_int_equal(api_rl_size(rl), 0);   /* 10.0.0.1 was the one evicted */
	api_rl_free(rl);
}

static void
expiry_forgets_addresses_whose_failures_left_the_window(void **state)
{
	struct api_rl *rl = api_rl_new(16);

	api_rl_fail(rl, "10.0.0.1", T0);
	api_rl_fail(rl, "10.0.0.2", T0 + 30 * SEC);
	api_rl_expire(rl, T0 + 70 * SEC);
	assert_int_equal(api_rl_size(rl), 1);
	api_rl_expire(rl, T0 + 90 * SEC);
	assert_int_equal(api_rl_size(rl), 0);
	api_rl_free(rl);
}

/* Sessions ---------------------------------------------------------------- */

static struct store_session
session_at(int64_t created_us, int64_t last_seen_us)
{
	struct store_session s;

	memset(&s, 0, sizeof(s));
	s.created_us = created_us;
	s.last_seen_us = last_seen_us;
	s.expires_us = created_us + API_SESSION_MAX_US;
	return s;
}

static void
a_session_used_recently_is_valid(void **state)
{
	struct store_session s = session_at(T0, T0 + 3600 * SEC);

	assert_int_equal(api_session_check(&s, T0 + 3600 * SEC + 29 * 60 * SEC),
	    API_SESSION_OK);
}

static void
a_session_idle_for_thirty_minutes_ends(void **state)
{
	struct store_session s = session_at(T0, T0);

	assert_int_equal(api_session_check(&s, T0 + API_SESSION_IDLE_US - 1), API_SESSION_OK);
	assert_int_equal(api_session_check(&s, T0 + API_SESSION_IDLE_US), API_SESSION_IDLE);
}

static void
a_busy_session_still_ends_twelve_hours_after_login(void **state)
{
	struct store_session s = session_at(T0, T0 + API_SESSION_MAX_US - SEC);

	assert_int_equal(api_session_check(&s, T0 + API_SESSION_MAX_US - 1), API_SESSION_OK);
	assert_int_equal(api_session_check(&s, T0 + API_SESSION_MAX_US), API_SESSION_EXPIRED);
	/* Both limits passed: the absolute one is the one reported. */
	s.last_seen_us = T0;
	assert_int_equal(api_session_check(&s, T0 + API_SESSION_MAX_US), API_SESSION_EXPIRED);
	assert_string_equal(api_session_verdict_name(API_SESSION_EXPIRED), "expired");
}

/* Tokens and CSRF --------------------------------------------------------- */

static void
tokens_are_64_hex_digits_and_differ_each_time(void **state)
{
	char a[API_TOKEN_HEX_LEN + 1], b[API_TOKEN_HEX_LEN + 1];

	assert_int_equal(api_token_new(a, sizeof(a)), 0);
	assert_int_equal(api_token_new(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), API_TOKEN_HEX_LEN);
	assert_true(api_token_valid(a));
	assert_string_not_equal(a, b);
	assert_int_equal(api_token_new(a, API_TOKEN_HEX_LEN), -ENOBUFS);
}

static void
only_well_formed_tokens_are_valid(void **state)
{
	char t[API_TOKEN_HEX_LEN + 2];

	memset(t, 'a', API_TOKEN_HEX_LEN);
	t[API_TOKEN_HEX_LEN] = '\0';
	assert_true(api_token_valid(t));
	t[5] = 'A';                              /* upper case: not ours */
	assert_false(api_token_valid(t));
	t[5] = 'g';
	assert_false(api_token_valid(t));
	t[5] = 'a';
	t[API_TOKEN_HEX_LEN] = 'a';
	t[API_TOKEN_HEX_LEN + 1] = '\0';         /* one too long */
	assert_false(api_token_valid(t));
	assert_false(api_token_valid("abc"));
	assert_false(api_token_valid(""));
	assert_false(api_token_valid(NULL));
}

static void
sha256_hex_matches_the_known_vector(void **state)
{
	char out[API_SHA256_HEX_LEN + 1];

	assert_int_equal(api_sha256_hex("abc", out, sizeof(out)), 0);
	assert_string_equal(out,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(api_sha256_hex("abc", out, API_SHA256_HEX_LEN), -ENOBUFS);
}

static void
csrf_tokens_must_match_exactly(void **state)
{
	const char *tok = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	assert_true(api_csrf_equal(tok, tok));
	assert_false(api_csrf_equal(tok, "0123456789abcdef"));
	assert_false(api_csrf_equal(tok,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeF"));
	assert_false(api_csrf_equal(tok, ""));
	assert_false(api_csrf_equal(tok, NULL));
	/* A session without a token accepts nothing, not even "". */
	assert_false(api_csrf_equal("", ""));
	assert_false(api_csrf_equal(NULL, tok));
}

/* Cookies ----------------------------------------------------------------- */

static void
the_session_cookie_is_found_among_several(void **state)
{
	char v[80];

	assert_int_equal(api_cookie_find("a=1; hapair_session=abc; b=2",
	    API_SESSION_COOKIE, v, sizeof(v)), 0);
	assert_string_equal(v, "abc");
	assert_int_equal(api_cookie_find("hapair_session=first;hapair_session=second",
	    API_SESSION_COOKIE, v, sizeof(v)), 0);
	assert_string_equal(v, "first");
	assert_int_equal(api_cookie_find("x=1;  hapair_session=\"q\"  ",
	    API_SESSION_COOKIE, v, sizeof(v)), 0);
	assert_string_equal(v, "q");
}

static void
a_missing_session_cookie_is_enoent(void **state)
{
	char v[80];

	assert_int_equal(api_cookie_find(NULL, API_SESSION_COOKIE, v, sizeof(v)), -ENOENT);
	assert_int_equal(api_cookie_find("", API_SESSION_COOKIE, v, sizeof(v)), -ENOENT);
	assert_int_equal(api_cookie_find("a=1; b=2", API_SESSION_COOKIE, v, sizeof(v)), -ENOENT);
	/* Names that merely start or end like ours are other cookies. */
	assert_int_equal(api_cookie_find("hapair_session_old=1; xhapair_session=2",
	    API_SESSION_COOKIE, v, sizeof(v)), -ENOENT);
	assert_int_equal(api_cookie_find("hapair_session", API_SESSION_COOKIE, v, sizeof(v)),
	    -ENOENT);
}

static void
malformed_cookies_are_refused_or_skipped(void **state)
{
	char v[8];

	/* Our value with characters a cookie may not hold. */
	assert_int_equal(api_cookie_find("hapair_session=a b", API_SESSION_COOKIE, v, sizeof(v)),
	    -EINVAL);
	assert_int_equal(api_cookie_find("hapair_session=a\\b", API_SESSION_COOKIE, v, sizeof(v)),
	    -EINVAL);
	assert_int_equal(api_cookie_find("hapair_session=\"ab", API_SESSION_COOKIE, v, sizeof(v)),
	    -EINVAL);
	/* Too long for the buffer. */
	assert_int_equal(api_cookie_find("hapair_session=12345678", API_SESSION_COOKIE, v, sizeof(v)),
	    -ENOBUFS);
	/* Somebody else's garbage does not hide ours. */
	assert_int_equal(api_cookie_find("junk; =x; a b c; hapair_session=ok",
	    API_SESSION_COOKIE, v, sizeof(v)), 0);
	assert_string_equal(v, "ok");
}

static void
only_json_content_types_are_json(void **state)
{
	assert_true(api_content_type_is_json("application/json"));
	assert_true(api_content_type_is_json("Application/JSON; charset=utf-8"));
	assert_false(api_content_type_is_json("application/jsonp"));
	assert_false(api_content_type_is_json("application/x-www-form-urlencoded"));
	assert_false(api_content_type_is_json("text/plain"));
	assert_false(api_content_type_is_json(NULL));
}

/* Static paths ------------------------------------------------------------ */

static void
static_paths_map_to_files_below_the_www_directory(void **state)
{
	char out[64];

	assert_int_equal(api_static_path("/", out, sizeof(out)), 0);
	assert_string_equal(out, "index.html");
	assert_int_equal(api_static_path("/app.js", out, sizeof(out)), 0);
	assert_string_equal(out, "app.js");
	assert_int_equal(api_static_path("/img/logo.svg", out, sizeof(out)), 0);
	assert_string_equal(out, "img/logo.svg");
	assert_int_equal(api_static_path("/docs/", out, sizeof(out)), 0);
	assert_string_equal(out, "docs/index.html");
}

static void
static_paths_that_could_escape_or_reach_hidden_files_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "app.js", "/..", "/../etc/passwd", "/a/../../etc/passwd",
		"/a/..", "/.", "/./app.js", "/.git/config", "/a/.hidden",
		"//etc/passwd", "/a//b", "/a\\..\\b", "/a\x01", "/a\x7f",
		"/..\\etc",
	};
	char out[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (api_static_path(bad[i], out, sizeof(out)) != -ENOENT)
			fail_msg("\"%s\" was accepted as \"%s\"", bad[i], out);
	}
	assert_int_equal(api_static_path(NULL, out, sizeof(out)), -ENOENT);
	assert_int_equal(api_static_path("/abcdefgh", out, 8), -ENAMETOOLONG);
	assert_int_equal(api_static_path("/", out, 10), -ENAMETOOLONG);
}

static void
mime_types_follow_the_extension(void **state)
{
	assert_string_equal(api_mime_type("index.html"), "text/html; charset=utf-8");
	assert_string_equal(api_mime_type("app.js"), "text/javascript; charset=utf-8");
	assert_string_equal(api_mime_type("style.CSS"), "text/css; charset=utf-8");
	assert_string_equal(api_mime_type("img/logo.svg"), "image/svg+xml");
	assert_string_equal(api_mime_type("a.png"), "image/png");
	assert_string_equal(api_mime_type("README"), "application/octet-stream");
	assert_string_equal(api_mime_type("a.d/b"), "application/octet-stream");
}

static void
ipv4_mapped_client_addresses_read_as_ipv4(void **state)
{
	char out[64];

	api_addr_normalize("::ffff:192.168.1.7", out, sizeof(out));
	assert_string_equal(out, "192.168.1.7");
	api_addr_normalize("::FFFF:10.0.0.1", out, sizeof(out));
	assert_string_equal(out, "10.0.0.1");
	api_addr_normalize("2001:db8::1", out, sizeof(out));
	assert_string_equal(out, "2001:db8::1");
	api_addr_normalize("::ffff:1:2", out, sizeof(out));
	assert_string_equal(out, "::ffff:1:2");
	api_addr_normalize("127.0.0.1", out, sizeof(out));
	assert_string_equal(out, "127.0.0.1");
}

/* TLS material ------------------------------------------------------------ */

static char *
tmpdir_new(void)
{
	char *dir = g_dir_make_tmp("test_api_tls-XXXXXX", NULL);

	assert_non_null(dir);
	return dir;
}

static void
tmpdir_remove(char *dir)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	g_free(dir);
}

static X509 *
read_cert(const char *dir)
{
	g_autofree char *path = g_build_filename(dir, API_TLS_CERT_FILE, NULL);
	FILE *f = fopen(path, "r");
	X509 *x;

	assert_non_null(f);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	assert_non_null(x);
	return x;
}

static void
first_start_makes_a_private_key_and_a_ten_year_certificate(void **state)
{
	char *base = tmpdir_new();
	g_autofree char *dir = g_build_filename(base, "tls", NULL);
	g_autofree char *key = g_build_filename(dir, API_TLS_KEY_FILE, NULL);
	struct api_tls_material m;
	char err[256] = "";
	struct stat st;
	X509 *x;
	int days = 0, secs = 0;
	char cn[64];
	GENERAL_NAMES *san;
	bool dns = false, ip = false;

	assert_int_equal(api_tls_prepare(dir, "node1", "192.0.2.10", &m, err, sizeof(err)), 0);
	assert_true(m.created);
	assert_non_null(strstr(m.pem, "BEGIN CERTIFICATE"));
	assert_non_null(strstr(m.pem, "PRIVATE KEY"));
	assert_int_equal(strlen(m.fingerprint), 95);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	x = read_cert(dir);
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof(cn));
	assert_string_equal(cn, "node1");
	assert_int_equal(ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(x),
	    X509_get0_notAfter(x)), 1);
	assert_true(days >= API_TLS_VALID_DAYS);
	san = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	assert_non_null(san);
	for (int i = 0; i < sk_GENERAL_NAME_num(san); i++) {
		GENERAL_NAME *gn = sk_GENERAL_NAME_value(san, i);

		if (gn->type == GEN_DNS)
			dns = strcmp((const char *)ASN1_STRING_get0_data(gn->d.dNSName), "node1") == 0;
		if (gn->type == GEN_IPADD)
			ip = ASN1_STRING_length(gn->d.iPAddress) == 4 &&
			    memcmp(ASN1_STRING_get0_data(gn->d.iPAddress), "\xc0\x00\x02\x0a", 4) == 0;
	}
	assert_true(dns);
	assert_true(ip);
	GENERAL_NAMES_free(san);
	X509_free(x);
	api_tls_material_clear(&m);
	tmpdir_remove(base);
}

static void
later_starts_reuse_the_same_certificate(void **state)
{
	char *dir = tmpdir_new();
	struct api_tls_material a, b;
	char err[256] = "";

	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &a, err, sizeof(err)), 0);
	assert_int_equal(api_tls_prepare(dir, "renamed", "::", &b, err, sizeof(err)), 0);
	assert_true(a.created);
	assert_false(b.created);
	assert_string_equal(a.fingerprint, b.fingerprint);
	assert_string_equal(a.pem, b.pem);
	api_tls_material_clear(&a);
	api_tls_material_clear(&b);
	tmpdir_remove(dir);
}

static void
a_wildcard_address_and_odd_node_name_stay_out_of_subject_alt_name(void **state)
{
	char *dir = tmpdir_new();
	struct api_tls_material m;
	char err[256] = "";
	X509 *x;
	GENERAL_NAMES *san;

	assert_int_equal(api_tls_prepare(dir, "Mail Gateway, DNS:evil", "0.0.0.0", &m,
	    err, sizeof(err)), 0);
	x = read_cert(dir);
	san = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	assert_null(san);
	X509_free(x);
	api_tls_material_clear(&m);
	tmpdir_remove(dir);
}

static void
a_key_readable_by_others_is_refused_with_advice(void **state)
{
	char *dir = tmpdir_new();
	g_autofree char *key = g_build_filename(dir, API_TLS_KEY_FILE, NULL);
	struct api_tls_material m;
	char err[512] = "";

	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &m, err, sizeof(err)), 0);
	api_tls_material_clear(&m);
	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &m, err, sizeof(err)), -EPERM);
	assert_null(m.pem);
	assert_non_null(strstr(err, "key.pem"));
	assert_non_null(strstr(err, "chmod 600"));
	assert_int_equal(chmod(key, 0640), 0);
	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &m, err, sizeof(err)), -EPERM);
	assert_int_equal(chmod(key, 0600), 0);
	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &m, err, sizeof(err)), 0);
	api_tls_material_clear(&m);
	tmpdir_remove(dir);
}

static void
a_lost_certificate_is_remade_from_the_kept_key(void **state)
{
	char *dir = tmpdir_new();
	g_autofree char *cert = g_build_filename(dir, API_TLS_CERT_FILE, NULL);
	struct api_tls_material a, b;
	char err[256] = "";
	const char *key_a, *key_b;

	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &a, err, sizeof(err)), 0);
	assert_int_equal(g_unlink(cert), 0);
	assert_int_equal(api_tls_prepare(dir, "node1", "0.0.0.0", &b, err, sizeof(err)), 0);
	assert_true(b.created);
	assert_string_not_equal(a.fingerprint, b.fingerprint);
	key_a = strstr(a.pem, "-----BEGIN PRIVATE KEY");
	key_b = strstr(b.pem, "-----BEGIN PRIVATE KEY");
	assert_non_null(key_a);
	assert_non_null(key_b);
	assert_string_equal(key_a, key_b);
	api_tls_material_clear(&a);
	api_tls_material_clear(&b);
	tmpdir_remove(dir);
}

static void
a_certificate_of_another_key_is_refused(void **state)
{
	char *one = tmpdir_new(), *two = tmpdir_new();
	g_autofree char *cert1 = g_build_filename(one, API_TLS_CERT_FILE, NULL);
	g_autofree char *cert2 = g_build_filename(two, API_TLS_CERT_FILE, NULL);
	g_autofree char *pem = NULL;
	struct api_tls_material m;
	char err[512] = "";

	assert_int_equal(api_tls_prepare(one, "node1", "0.0.0.0", &m, err, sizeof(err)), 0);
	api_tls_material_clear(&m);
	assert_int_equal(api_tls_prepare(two, "node2", "0.0.0.0", &m, err, sizeof(err)), 0);
	api_tls_material_clear(&m);
	assert_true(g_file_get_contents(cert2, &pem, NULL, NULL));
	assert_true(g_file_set_contents(cert1, pem, -1, NULL));
	assert_int_equal(api_tls_prepare(one, "node1", "0.0.0.0", &m, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "does not belong to"));
	tmpdir_remove(one);
	tmpdir_remove(two);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ten_failures_pass_and_the_eleventh_attempt_is_blocked),
		cmocka_unit_test(the_block_lifts_when_the_oldest_failure_leaves_the_window),
		cmocka_unit_test(failures_spread_over_more_than_a_minute_never_block),
		cmocka_unit_test(a_blocked_address_leaves_other_addresses_alone),
		cmocka_unit_test(a_successful_login_forgets_the_address_failures),
		cmocka_unit_test(failures_while_blocked_extend_the_block),
		cmocka_unit_test(the_table_never_holds_more_addresses_than_its_cap),
		cmocka_unit_test(a_full_table_evicts_the_quietest_address_not_the_attacker),
		cmocka_unit_test(expiry_forgets_addresses_whose_failures_left_the_window),
		cmocka_unit_test(a_session_used_recently_is_valid),
		cmocka_unit_test(a_session_idle_for_thirty_minutes_ends),
		cmocka_unit_test(a_busy_session_still_ends_twelve_hours_after_login),
		cmocka_unit_test(tokens_are_64_hex_digits_and_differ_each_time),
		cmocka_unit_test(only_well_formed_tokens_are_valid),
		cmocka_unit_test(sha256_hex_matches_the_known_vector),
		cmocka_unit_test(csrf_tokens_must_match_exactly),
		cmocka_unit_test(the_session_cookie_is_found_among_several),
		cmocka_unit_test(a_missing_session_cookie_is_enoent),
		cmocka_unit_test(malformed_cookies_are_refused_or_skipped),
		cmocka_unit_test(only_json_content_types_are_json),
		cmocka_unit_test(static_paths_map_to_files_below_the_www_directory),
		cmocka_unit_test(static_paths_that_could_escape_or_reach_hidden_files_are_refused),
		cmocka_unit_test(mime_types_follow_the_extension),
		cmocka_unit_test(ipv4_mapped_client_addresses_read_as_ipv4),
		cmocka_unit_test(first_start_makes_a_private_key_and_a_ten_year_certificate),
		cmocka_unit_test(later_starts_reuse_the_same_certificate),
		cmocka_unit_test(a_wildcard_address_and_odd_node_name_stay_out_of_subject_alt_name),
		cmocka_unit_test(a_key_readable_by_others_is_refused_with_advice),
		cmocka_unit_test(a_lost_certificate_is_remade_from_the_kept_key),
		cmocka_unit_test(a_certificate_of_another_key_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
