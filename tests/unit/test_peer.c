/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The peer channel's rules: fingerprints, who may call which endpoint,
 * pairing verdicts, the refusal-event limiter, the clock offset, the JSON
 * bodies; and, with a temporary state directory, the peer identity files
 * and the pin in the store. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cfg.h"
#include "peer_ident.h"
#include "peer_msg.h"
#include "peer_pin.h"
#include "store.h"

#define SEC INT64_C(1000000)
#define T0  (INT64_C(987654) * SEC)

/* SHA-256("abc") */
#define FP_ABC "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:" \
	"B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"
#define FP_A "AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:" \
	"AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA:AA"
#define FP_B "BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:" \
	"BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB:BB"

/* Fingerprints ---------------------------------------------------------------- */

static void
a_fingerprint_is_the_sha256_of_the_der_in_colon_hex(void **state)
{
	char fp[PEER_FP_MAX], small[PEER_FP_LEN];

	assert_int_equal(peer_fp_from_der("abc", 3, fp, sizeof(fp)), 0);
	assert_string_equal(fp, FP_ABC);
	assert_int_equal(strlen(fp), PEER_FP_LEN);
	assert_int_equal(peer_fp_from_der("abc", 3, small, sizeof(small)), -ENOBUFS);
}

static void
fingerprints_compare_whatever_their_case_colons_or_label(void **state)
{
	char fp[PEER_FP_MAX];
	g_autofree char *lower = g_ascii_strdown(FP_ABC, -1);
	g_autofree char *bare = g_strdup(FP_ABC);
	char *w = bare;

	for (const char *r = FP_ABC; *r; r++)
		if (*r != ':')
			*w++ = *r;
	*w = '\0';
	assert_int_equal(peer_fp_normalize(lower, fp, sizeof(fp)), 0);
	assert_string_equal(fp, FP_ABC);
	assert_int_equal(peer_fp_normalize(bare, fp, sizeof(fp)), 0);
	assert_string_equal(fp, FP_ABC);
	assert_true(peer_fp_equal("SHA256:" FP_ABC, lower));
	assert_true(peer_fp_equal("sha256:" FP_ABC, bare));
	assert_false(peer_fp_equal(FP_A, FP_B));
}

static void
malformed_fingerprints_never_match(void **state)
{
	char fp[PEER_FP_MAX];
	static const char *const bad[] = {
		"", "AB", FP_ABC ":", FP_ABC "00", ":" FP_ABC,
		/* not hex */
		"ZZ:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
		"B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
		/* two colons */
		"BA::78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
		"B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
		/* a colon inside a pair */
		"B:A7:81:6B:F8:F0:1C:FE:A4:14:14:0D:E5:DA:E2:22:3"
		"B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
		/* 31 bytes */
		"78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
		"B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		assert_int_equal(peer_fp_normalize(bad[i], fp, sizeof(fp)), -EINVAL);
		assert_false(peer_fp_equal(bad[i], bad[i]));
	}
	assert_int_equal(peer_fp_normalize(NULL, fp, sizeof(fp)), -EINVAL);
	assert_false(peer_fp_equal(NULL, FP_A));
	assert_false(peer_fp_equal(FP_A, NULL));
	assert_false(peer_fp_equal("", ""));
}

/* Who may go on ------------------------------------------------------------------ */

static void
hello_before_pairing_is_refused_as_not_pinned(void **state)
{
	assert_int_equal(peer_decide(PEER_PATH_HELLO, NULL, FP_A), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide(PEER_PATH_HELLO, "", FP_A), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide(PEER_PATH_UNPAIR, NULL, FP_A), PEER_DENY_NOT_PINNED);
}

static void
the_pinned_certificate_may_call_every_endpoint(void **state)
{
	assert_int_equal(peer_decide(PEER_PATH_HELLO, FP_A, FP_A), PEER_ALLOW);
	assert_int_equal(peer_decide(PEER_PATH_UNPAIR, FP_A, FP_A), PEER_ALLOW);
	/* Unknown paths too: the router then says 404 to the pinned peer only. */
	assert_int_equal(peer_decide("/peer/v1/later", FP_A, FP_A), PEER_ALLOW);
	/* The pin's spelling does not matter. */
	g_autofree char *lower = g_ascii_strdown(FP_A, -1);
	assert_int_equal(peer_decide(PEER_PATH_HELLO, lower, FP_A), PEER_ALLOW);
}

static void
another_certificate_is_refused_everywhere_but_pair(void **state)
{
	assert_int_equal(peer_decide(PEER_PATH_HELLO, FP_A, FP_B), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide(PEER_PATH_UNPAIR, FP_A, FP_B), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide("/peer/v1/later", FP_A, FP_B), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide("/", FP_A, FP_B), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide(NULL, FP_A, FP_B), PEER_DENY_NOT_PINNED);
	assert_int_equal(peer_decide(PEER_PATH_PAIR, FP_A, FP_B), PEER_PAIR_ALLOWED);
	assert_int_equal(peer_decide(PEER_PATH_PAIR, NULL, FP_B), PEER_PAIR_ALLOWED);
}

static void
only_the_exact_pair_path_is_open_to_strangers(void **state)
{
	static const char *const near[] = {
		"/peer/v1/pair/", "/peer/v1/pairx", "/peer/v1/PAIR", "/peer/v2/pair",
		"//peer/v1/pair", "/peer/v1/pair/../hello", "peer/v1/pair",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(near); i++)
		assert_int_equal(peer_decide(near[i], NULL, FP_B), PEER_DENY_NOT_PINNED);
}

static void
a_request_without_a_certificate_is_refused_even_for_pair(void **state)
{
	assert_int_equal(peer_decide(PEER_PATH_PAIR, NULL, NULL), PEER_DENY_NO_CERT);
	assert_int_equal(peer_decide(PEER_PATH_PAIR, FP_A, ""), PEER_DENY_NO_CERT);
	assert_int_equal(peer_decide(PEER_PATH_HELLO, FP_A, NULL), PEER_DENY_NO_CERT);
	/* An empty pin never matches an empty certificate. */
	assert_int_equal(peer_decide(PEER_PATH_HELLO, "", ""), PEER_DENY_NO_CERT);
	assert_string_equal(peer_verdict_name(PEER_DENY_NO_CERT), "no certificate");
	assert_string_equal(peer_verdict_name(PEER_DENY_NOT_PINNED), "not pinned");
}

static void
pairing_pins_a_new_peer_repeats_for_the_same_and_conflicts_with_another(void **state)
{
	assert_int_equal(peer_pair_check(NULL, FP_A), PEER_PAIR_NEW);
	assert_int_equal(peer_pair_check("", FP_A), PEER_PAIR_NEW);
	assert_int_equal(peer_pair_check(FP_A, FP_A), PEER_PAIR_SAME);
	assert_int_equal(peer_pair_check(FP_A, FP_B), PEER_PAIR_CONFLICT);
	assert_int_equal(peer_pair_check(FP_A, NULL), PEER_PAIR_CONFLICT);
}

static void
names_and_versions_from_a_peer_are_checked(void **state)
{
	char long_name[70];

	assert_true(peer_node_name_valid("node1"));
	assert_true(peer_node_name_valid("mail-gw.example_2"));
	assert_false(peer_node_name_valid(""));
	assert_false(peer_node_name_valid(NULL));
	assert_false(peer_node_name_valid("node 1"));
	assert_false(peer_node_name_valid("node1\n"));
	assert_false(peer_node_name_valid("nöde"));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_false(peer_node_name_valid(long_name));
	long_name[63] = '\0';
	assert_true(peer_node_name_valid(long_name));
	assert_true(peer_version_valid("0.1.0"));
	assert_true(peer_version_valid("1.2.3~rc1+git"));
	assert_false(peer_version_valid("0.1.0 (evil)"));
	assert_false(peer_version_valid(""));
}

/* Refusal events --------------------------------------------------------------------- */

static void
ten_refusals_a_minute_are_logged_and_the_rest_counted(void **state)
{
	struct peer_evrl rl = { 0 };

	for (int i = 0; i < PEER_EVRL_MAX; i++)
		assert_true(peer_evrl_allow(&rl, T0 + i * SEC));
	for (int i = 0; i < 25; i++)
		assert_false(peer_evrl_allow(&rl, T0 + 20 * SEC + i));
	/* Reported once the window has passed, and only once. */
	assert_int_equal(peer_evrl_take_suppressed(&rl, T0 + 59 * SEC), 0);
	assert_int_equal(peer_evrl_take_suppressed(&rl, T0 + 60 * SEC), 25);
	assert_int_equal(peer_evrl_take_suppressed(&rl, T0 + 61 * SEC), 0);
	/* A new window logs again. */
	assert_true(peer_evrl_allow(&rl, T0 + 61 * SEC));
}

static void
a_quiet_limiter_reports_nothing(void **state)
{
	struct peer_evrl rl = { 0 };

	assert_int_equal(peer_evrl_take_suppressed(&rl, T0), 0);
	assert_true(peer_evrl_allow(&rl, T0));
	assert_int_equal(peer_evrl_take_suppressed(&rl, T0 + 3600 * SEC), 0);
}

/* Clock ------------------------------------------------------------------------------ */

static void
the_clock_offset_assumes_the_answer_was_made_halfway(void **state)
{
	/* Sent at 1000 s, answered 10 ms later; the peer said 1000.5 s. */
	assert_int_equal(peer_clock_offset_us(1000 * SEC, 1000 * SEC + 10000,
	    1000 * SEC + 500000), 495000);
	/* A peer 2 s behind. */
	assert_int_equal(peer_clock_offset_us(T0, T0 + 2000, T0 + 1000 - 2 * SEC), -2 * SEC);
	assert_int_equal(peer_clock_offset_us(T0, T0, T0), 0);
}

/* JSON bodies ---------------------------------------------------------------------- */

static void
a_pair_request_round_trips_and_the_port_defaults(void **state)
{
	struct peer_pair_req req;
	char err[256] = "";
	char *body = peer_pair_req_build("s3cret-pw", "node1", "0.1.0", 7441);
	static const char no_port[] = "{\"password\":\"x\",\"node\":\"n\",\"version\":\"1\"}";

	assert_int_equal(peer_pair_req_parse(body, strlen(body), &req, err, sizeof(err)), 0);
	assert_string_equal(req.password, "s3cret-pw");
	assert_string_equal(req.node, "node1");
	assert_string_equal(req.version, "0.1.0");
	assert_int_equal(req.port, 7441);
	peer_pair_req_clear(&req);
	assert_null(req.password);
	peer_msg_free_secret(body);
	assert_int_equal(peer_pair_req_parse(no_port, strlen(no_port), &req, err, sizeof(err)), 0);
	assert_int_equal(req.port, CFG_DEFAULT_PEER_PORT);
	peer_pair_req_clear(&req);
}

static void
bad_pair_requests_are_refused_with_the_reason(void **state)
{
	static const struct {
		const char *body;
		const char *error;
	} bad[] = {
		{ "", "the body is empty" },
		{ "{\"password\": ", "the body is not JSON" },
		{ "[1]", "the body must be a JSON object" },
		{ "{\"node\":\"n\",\"version\":\"1\"}", "\"password\" is missing" },
		{ "{\"password\":1,\"node\":\"n\",\"version\":\"1\"}", "\"password\" must be a string" },
		{ "{\"password\":\"x\",\"version\":\"1\"}", "\"node\" is missing" },
		{ "{\"password\":\"x\",\"node\":\"a b\",\"version\":\"1\"}", "\"node\" must be a node name" },
		{ "{\"password\":\"x\",\"node\":\"n\"}", "\"version\" is missing" },
		{ "{\"password\":\"x\",\"node\":\"n\",\"version\":\"1;rm\"}", "\"version\" must be" },
		{ "{\"password\":\"x\",\"node\":\"n\",\"version\":\"1\",\"port\":\"7440\"}",
		  "\"port\" must be an integer" },
		{ "{\"password\":\"x\",\"node\":\"n\",\"version\":\"1\",\"port\":70000}",
		  "\"port\" must be a port number" },
	};
	struct peer_pair_req req;
	char err[256];

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		err[0] = '\0';
		assert_int_equal(peer_pair_req_parse(bad[i].body, strlen(bad[i].body), &req,
		    err, sizeof(err)), -EINVAL);
		if (strstr(err, bad[i].error) == NULL)
			fail_msg("body %s: error '%s' lacks '%s'", bad[i].body, err, bad[i].error);
		assert_null(req.password);
	}
}

static void
replies_round_trip_and_a_bad_fingerprint_is_refused(void **state)
{
	struct peer_info info;
	char err[256], error[128], reason[32];
	char *body = peer_pair_reply_build("node2", "0.1.0", FP_A);
	static const char ctl[] = "{\"error\":\"a\\nb\\u0007\"}";
	static const char bad_fp[] =
	    "{\"node\":\"node2\",\"version\":\"0.1.0\",\"fingerprint\":\"AA:BB\"}";

	assert_int_equal(peer_pair_reply_parse(body, strlen(body), &info, err, sizeof(err)), 0);
	assert_string_equal(info.node, "node2");
	assert_string_equal(info.fingerprint, FP_A);
	g_free(body);
	assert_int_equal(peer_pair_reply_parse(bad_fp, strlen(bad_fp), &info, err,
	    sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "not a SHA-256 fingerprint"));

	body = peer_hello_reply_build("node2", "0.1.0", T0);
	assert_int_equal(peer_hello_reply_parse(body, strlen(body), &info, err, sizeof(err)), 0);
	assert_int_equal(info.time_us, T0);
	g_free(body);

	body = peer_error_build(PEER_REASON_NOT_PINNED, "certificate not pinned");
	assert_string_equal(body, "{\"error\":\"certificate not pinned\",\"reason\":\"not-pinned\"}");
	peer_error_parse(body, strlen(body), error, sizeof(error), reason, sizeof(reason));
	assert_string_equal(error, "certificate not pinned");
	assert_string_equal(reason, "not-pinned");
	g_free(body);
	peer_error_parse("<html>", 6, error, sizeof(error), reason, sizeof(reason));
	assert_string_equal(error, "");
	assert_string_equal(reason, "");
	peer_error_parse(ctl, strlen(ctl), error, sizeof(error), reason, sizeof(reason));
	assert_string_equal(error, "a?b?");
}

/* Identity and the store --------------------------------------------------------------- */

struct fixture {
	char *dir;
	struct cfg cfg;
};

static int
setup(void **state)
{
	struct fixture *f = g_new0(struct fixture, 1);

	f->dir = g_dir_make_tmp("hapair-peer-XXXXXX", NULL);
	assert_non_null(f->dir);
	cfg_defaults(&f->cfg);
	g_strlcpy(f->cfg.node_name, "peernode", sizeof(f->cfg.node_name));
	g_strlcpy(f->cfg.state_dir, f->dir, sizeof(f->cfg.state_dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", f->dir);

	assert_int_equal(system(cmd), 0);
	g_free(f->dir);
	g_free(f);
	return 0;
}

static char *
fixture_path(struct fixture *f, const char *name)
{
	return g_strdup_printf("%s/tls/%s", f->dir, name);
}

static void
the_peer_identity_is_a_private_key_and_a_certificate_for_both_tls_roles(void **state)
{
	struct fixture *f = *state;
	g_autofree char *key = fixture_path(f, PEER_IDENT_KEY_FILE);
	g_autofree char *cert = fixture_path(f, PEER_IDENT_CERT_FILE);
	g_autofree char *web_key = fixture_path(f, "key.pem");
	struct peer_ident id;
	g_autoptr(GError) error = NULL;
	unsigned char md[32];
	unsigned int mdlen;
	char expect[PEER_FP_MAX];
	struct stat st;
	uint32_t xku;
	FILE *fp;
	X509 *x;

	assert_int_equal(peer_ident_load(&f->cfg, &id, &error), 0);
	assert_true(id.created);
	assert_non_null(id.cert);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* Apart from the web certificate. */
	assert_int_equal(stat(web_key, &st), -1);

	fp = fopen(cert, "r");
	assert_non_null(fp);
	x = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	assert_non_null(x);
	/* What `openssl x509 -fingerprint -sha256` says is what we pin. */
	assert_int_equal(X509_digest(x, EVP_sha256(), md, &mdlen), 1);
	for (unsigned i = 0; i < mdlen; i++)
		g_snprintf(expect + 3 * i, 4, i + 1 < mdlen ? "%02X:" : "%02X", md[i]);
	assert_string_equal(id.fingerprint, expect);
	xku = X509_get_extended_key_usage(x);
	assert_true(xku & XKU_SSL_SERVER);
	assert_true(xku & XKU_SSL_CLIENT);
	X509_free(x);
	peer_ident_clear(&id);

	/* A second start reads the same identity. */
	assert_int_equal(peer_ident_load(&f->cfg, &id, &error), 0);
	assert_false(id.created);
	assert_string_equal(id.fingerprint, expect);
	peer_ident_clear(&id);
}

static void
a_peer_key_readable_by_others_is_refused_with_advice(void **state)
{
	struct fixture *f = *state;
	g_autofree char *key = fixture_path(f, PEER_IDENT_KEY_FILE);
	struct peer_ident id;
	GError *error = NULL;

	assert_int_equal(peer_ident_load(&f->cfg, &id, &error), 0);
	peer_ident_clear(&id);
	assert_int_equal(chmod(key, 0644), 0);
	assert_int_equal(peer_ident_load(&f->cfg, &id, &error), -EPERM);
	assert_non_null(error);
	assert_non_null(strstr(error->message, "peer-key.pem is accessible by group or others"));
	assert_non_null(strstr(error->message, "chmod 600"));
	assert_null(id.cert);
	g_error_free(error);
}

static void
the_pin_is_stored_replaced_and_forgotten(void **state)
{
	struct fixture *f = *state;
	g_autofree char *db = g_strdup_printf("%s/hapair.db", f->dir);
	struct store_peer p = { 0 }, got;
	char err[STORE_ERR_MAX];
	struct store *st;

	assert_int_equal(store_open(db, &st, err, sizeof(err)), 0);
	assert_int_equal(store_peer_get(st, &got), -ENOENT);
	assert_int_equal(store_peer_delete(st), 0);
	g_strlcpy(p.name, "node2", sizeof(p.name));
	g_strlcpy(p.address, "192.168.250.2", sizeof(p.address));
	p.port = 7440;
	g_strlcpy(p.fingerprint, FP_A, sizeof(p.fingerprint));
	p.pinned_us = T0;
	assert_int_equal(store_peer_set(st, &p), 0);
	store_close(st);

	/* It survives a restart. */
	assert_int_equal(store_open(db, &st, err, sizeof(err)), 0);
	assert_int_equal(store_peer_get(st, &got), 0);
	assert_string_equal(got.name, "node2");
	assert_string_equal(got.address, "192.168.250.2");
	assert_int_equal(got.port, 7440);
	assert_string_equal(got.fingerprint, FP_A);
	assert_int_equal(got.pinned_us, T0);
	/* At most one peer: a new pin replaces the old. */
	g_strlcpy(p.fingerprint, FP_B, sizeof(p.fingerprint));
	p.port = 7441;
	assert_int_equal(store_peer_set(st, &p), 0);
	assert_int_equal(store_peer_get(st, &got), 0);
	assert_string_equal(got.fingerprint, FP_B);
	assert_int_equal(got.port, 7441);
	assert_int_equal(store_peer_delete(st), 0);
	assert_int_equal(store_peer_get(st, &got), -ENOENT);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_fingerprint_is_the_sha256_of_the_der_in_colon_hex),
		cmocka_unit_test(fingerprints_compare_whatever_their_case_colons_or_label),
		cmocka_unit_test(malformed_fingerprints_never_match),
		cmocka_unit_test(hello_before_pairing_is_refused_as_not_pinned),
		cmocka_unit_test(the_pinned_certificate_may_call_every_endpoint),
		cmocka_unit_test(another_certificate_is_refused_everywhere_but_pair),
		cmocka_unit_test(only_the_exact_pair_path_is_open_to_strangers),
		cmocka_unit_test(a_request_without_a_certificate_is_refused_even_for_pair),
		cmocka_unit_test(pairing_pins_a_new_peer_repeats_for_the_same_and_conflicts_with_another),
		cmocka_unit_test(names_and_versions_from_a_peer_are_checked),
		cmocka_unit_test(ten_refusals_a_minute_are_logged_and_the_rest_counted),
		cmocka_unit_test(a_quiet_limiter_reports_nothing),
		cmocka_unit_test(the_clock_offset_assumes_the_answer_was_made_halfway),
		cmocka_unit_test(a_pair_request_round_trips_and_the_port_defaults),
		cmocka_unit_test(bad_pair_requests_are_refused_with_the_reason),
		cmocka_unit_test(replies_round_trip_and_a_bad_fingerprint_is_refused),
		cmocka_unit_test_setup_teardown(
		    the_peer_identity_is_a_private_key_and_a_certificate_for_both_tls_roles,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(a_peer_key_readable_by_others_is_refused_with_advice,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(the_pin_is_stored_replaced_and_forgotten,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
