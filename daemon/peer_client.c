/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_client: calls to the other node's peer channel (libsoup 3 client).
 *
 * The server's certificate is never checked against a CA: the session has
 * no TLS database, so every certificate reaches accept-certificate
 * (peer_call_accept), which lets through only the pinned fingerprint, or
 * any one while pairing.  The answer's certificate is checked once more
 * when it arrives, so a later libsoup that skipped the signal could not
 * slip a stranger through.  Every failure ends as a peer_result with a
 * message that tells the operator what to check. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <glib.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

#include "hp_log.h"
#include "hpd.h"
#include "peer_client.h"
#include "peer_ident.h"
#include "peer_msg.h"
#include "peer_pin.h"
#include "store.h"

#define PEER_SUBSYSTEM "peer"

enum peer_call_kind {
	PEER_CALL_PAIR,
	PEER_CALL_HELLO,
	PEER_CALL_UNPAIR,
	PEER_CALL_PREFLIGHT,
	PEER_CALL_ACT,
	PEER_CALL_GET,
};

struct peer_call {
	struct hpd *d;
	enum peer_call_kind kind;
	peer_reply_fn fn;
	void *arg;
	SoupSession *session;
	SoupMessage *msg;
	struct peer_ident ident;
	struct store_peer pin;          /* valid when pinned */
	bool pinned;
	bool mismatch;                  /* accept-certificate saw a stranger */
	/* When the request went out and the answer came back, for the clock
	 * offset: after connect and handshake, which would skew it. */
	int64_t sent_wall_us;
	int64_t sent_mono_us;
	int64_t received_wall_us;
	int64_t received_mono_us;
	unsigned timeout_s;             /* 0: PEER_CLIENT_TIMEOUT_S */
	struct peer_reply r;
};

const char *
peer_result_name(enum peer_result r)
{
	switch (r) {
	case PEER_OK:               return "ok";
	case PEER_E_UNREACHABLE:    return "unreachable";
	case PEER_E_WRONG_PASSWORD: return "wrong-password";
	case PEER_E_NO_PASSWORD:    return "no-password";
	case PEER_E_RATE_LIMITED:   return "rate-limited";
	case PEER_E_BUSY:           return "busy";
	case PEER_E_ALREADY_PAIRED: return "already-paired";
	case PEER_E_CERT_MISMATCH:  return "certificate-mismatch";
	case PEER_E_NOT_PINNED:     return "not-pinned";
	case PEER_E_NOT_PAIRED:     return "not-paired";
	case PEER_E_PROTOCOL:       return "protocol";
	case PEER_E_FAILED:         return "failed";
	case PEER_E_LOCAL:          return "local";
	}
	return "unknown";
}

static void peer_call_set(struct peer_call *c, enum peer_result result,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
peer_call_set(struct peer_call *c, enum peer_result result, const char *fmt, ...)
{
	va_list ap;

	c->r.result = result;
	va_start(ap, fmt);
	g_vsnprintf(c->r.message, sizeof(c->r.message), fmt, ap);
	va_end(ap);
}

static void
peer_call_free(struct peer_call *c)
{
	if (c->msg != NULL) {
		g_signal_handlers_disconnect_by_data(c->msg, c);
		g_object_unref(c->msg);
	}
	if (c->session != NULL)
		g_object_unref(c->session);
	peer_ident_clear(&c->ident);
	g_free(c);
}

static void
peer_call_finish(struct peer_call *c)
{
	c->fn(c->d, &c->r, c->arg);
	peer_call_free(c);
}

static gboolean
peer_call_finish_idle(gpointer user_data)
{
	peer_call_finish(user_data);
	return G_SOURCE_REMOVE;
}

/* A call that ends before it started still answers from the loop, like
 * every other: callers need not handle a callback inside their call. */
static void
peer_call_finish_later(struct peer_call *c)
{
	g_idle_add(peer_call_finish_idle, c);
}

/* "ADDR:PORT", "[ADDR]:PORT" for IPv6, for messages and URIs. */
static void
peer_call_where(const struct peer_call *c, char *out, size_t len)
{
	bool v6 = strchr(c->r.address, ':') != NULL;

	g_snprintf(out, len, "%s%s%s:%u", v6 ? "[" : "", c->r.address, v6 ? "]" : "",
	    (unsigned)c->r.port);
}

static struct peer_call *
peer_call_new(struct hpd *d, enum peer_call_kind kind, peer_reply_fn fn, void *arg)
{
	struct peer_call *c = g_new0(struct peer_call, 1);

	c->d = d;
	c->kind = kind;
	c->fn = fn;
	c->arg = arg;
	return c;
}

/* Our certificate and the pin; false (and C's reply set) on failure. */
static bool
peer_call_prepare(struct peer_call *c)
{
	g_autoptr(GError) error = NULL;
	int rc;

	if (peer_ident_load(&c->d->cfg, &c->ident, &error) < 0) {
		peer_call_set(c, PEER_E_LOCAL, "%s", error->message);
		return false;
	}
	rc = store_peer_get(c->d->store, &c->pin);
	if (rc < 0 && rc != -ENOENT) {
		peer_call_set(c, PEER_E_LOCAL, "cannot read the pinned peer from this "
		    "node's store: %s", g_strerror(-rc));
		return false;
	}
	c->pinned = rc == 0;
	return true;
}

static gboolean
peer_call_accept(SoupMessage *msg, GTlsCertificate *cert, GTlsCertificateFlags errors,
    gpointer user_data)
{
	struct peer_call *c = user_data;

	if (peer_ident_fingerprint(cert, c->r.presented_fp, sizeof(c->r.presented_fp)) < 0) {
		c->r.presented_fp[0] = '\0';
		return FALSE;
	}
	/* Pairing with nothing pinned: trust on first use, over the cable;
	 * the reply must then name this very certificate. */
	if (!c->pinned)
		return TRUE;
	if (peer_fp_equal(c->r.presented_fp, c->pin.fingerprint))
		return TRUE;
	c->mismatch = true;
	return FALSE;
}

static void
peer_call_wrote_headers(SoupMessage *msg, gpointer user_data)
{
	struct peer_call *c = user_data;

	c->sent_wall_us = g_get_real_time();
	c->sent_mono_us = g_get_monotonic_time();
}

static void
peer_call_got_headers(SoupMessage *msg, gpointer user_data)
{
	struct peer_call *c = user_data;

	c->received_wall_us = g_get_real_time();
	c->received_mono_us = g_get_monotonic_time();
}

static void peer_call_done(GObject *source, GAsyncResult *result, gpointer user_data);

/* TAKES BODY (which may hold a password) and sends the request. */
static void
peer_call_send(struct peer_call *c, const char *method, const char *path, char *body)
{
	char where[96];
	g_autofree char *uri = NULL;

	peer_call_where(c, where, sizeof(where));
	uri = g_strdup_printf("https://%s%s", where, path);
	c->msg = soup_message_new(method, uri);
	if (c->msg == NULL) {
		peer_msg_free_secret(body);
		peer_call_set(c, PEER_E_LOCAL, "'%s' is not an address to reach the peer at: "
		    "give its eth1 IP address", c->r.address);
		peer_call_finish_later(c);
		return;
	}
	c->session = soup_session_new_with_options(
	    "timeout", c->timeout_s != 0 ? c->timeout_s : PEER_CLIENT_TIMEOUT_S,
	    "idle-timeout", c->timeout_s != 0 ? c->timeout_s : PEER_CLIENT_TIMEOUT_S,
	    "user-agent", "hapair/" PACKAGE_VERSION, NULL);
	/* No CA: every certificate goes to peer_call_accept.  No proxy: an
	 * http(s)_proxy in the environment must not see the peer channel. */
	soup_session_set_tls_database(c->session, NULL);
	soup_session_set_proxy_resolver(c->session, NULL);
	soup_message_set_tls_client_certificate(c->msg, c->ident.cert);
	g_signal_connect(c->msg, "accept-certificate", G_CALLBACK(peer_call_accept), c);
	g_signal_connect(c->msg, "wrote-headers", G_CALLBACK(peer_call_wrote_headers), c);
	g_signal_connect(c->msg, "got-headers", G_CALLBACK(peer_call_got_headers), c);
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new_with_free_func(body, strlen(body),
		    (GDestroyNotify)peer_msg_free_secret, body);

		soup_message_set_request_body_from_bytes(c->msg, PEER_MIME_JSON, bytes);
	}
	soup_session_send_and_read_async(c->session, c->msg, G_PRIORITY_DEFAULT, NULL,
	    peer_call_done, c);
}

/* Answers ------------------------------------------------------------------- */

static void
peer_call_mismatch(struct peer_call *c, const char *presented)
{
	char where[96];

	peer_call_where(c, where, sizeof(where));
	if (c->kind == PEER_CALL_PAIR)
		peer_call_set(c, PEER_E_ALREADY_PAIRED, "this node is already paired with %s "
		    "(certificate " PEER_FP_LABEL "%s), and the peer at %s presented certificate "
		    PEER_FP_LABEL "%s: dissolve first", c->pin.name, c->pin.fingerprint,
		    where, presented);
	else
		peer_call_set(c, PEER_E_CERT_MISMATCH, "the peer at %s presented certificate "
		    PEER_FP_LABEL "%s, not the pinned " PEER_FP_LABEL "%s (%s's): someone else "
		    "answers, or the peer was reinstalled: dissolve and pair again",
		    where, presented[0] ? presented : "(none)", c->pin.fingerprint, c->pin.name);
}

static void
peer_call_transport_error(struct peer_call *c, const GError *error)
{
	char where[96];

	peer_call_where(c, where, sizeof(where));
	if (c->mismatch) {
		peer_call_mismatch(c, c->r.presented_fp);
	} else if (error->domain == G_TLS_ERROR) {
		peer_call_set(c, PEER_E_PROTOCOL, "TLS with %s failed (%s): is that the "
		    "peer channel port ([peer] port) of a hapaird?", where, error->message);
	} else {
		peer_call_set(c, PEER_E_UNREACHABLE, "no answer from %s on the heartbeat "
		    "link (%s): check eth1 and that hapaird runs on the peer", where,
		    error->message);
	}
}

static void
peer_call_http_error(struct peer_call *c, GBytes *body)
{
	char where[96], error[384], reason[32];
	const char *data;
	gsize len = 0;

	peer_call_where(c, where, sizeof(where));
	data = body != NULL ? g_bytes_get_data(body, &len) : NULL;
	peer_error_parse(data, len, error, sizeof(error), reason, sizeof(reason));
	if (error[0] == '\0')
		g_strlcpy(error, soup_message_get_reason_phrase(c->msg) ?
		    soup_message_get_reason_phrase(c->msg) : "no reason given", sizeof(error));
	switch (c->r.http_status) {
	case SOUP_STATUS_UNAUTHORIZED:
		if (strcmp(reason, PEER_REASON_NO_PASSWORD) == 0)
			peer_call_set(c, PEER_E_NO_PASSWORD, "the peer at %s has no admin "
			    "password yet: run 'hapairctl passwd' on it", where);
		else
			peer_call_set(c, PEER_E_WRONG_PASSWORD, "the peer at %s refused the "
			    "password: give the admin password of the peer node, not of this one",
			    where);
		return;
	case SOUP_STATUS_FORBIDDEN:
		peer_call_set(c, PEER_E_NOT_PINNED, "the peer at %s refused this node's "
		    "certificate " PEER_FP_LABEL "%s (%s): it was paired with another node or "
		    "reinstalled, or this node's peer certificate changed: dissolve and pair "
		    "again", where, c->ident.fingerprint, error);
		return;
	case SOUP_STATUS_CONFLICT:
		if (strcmp(reason, PEER_REASON_BUSY) == 0)
			peer_call_set(c, PEER_E_BUSY, "the peer at %s is busy: %s", where, error);
		else
			peer_call_set(c, PEER_E_ALREADY_PAIRED, "the peer at %s says: %s", where, error);
		return;
	case 429:
		peer_call_set(c, PEER_E_RATE_LIMITED, "the peer at %s says: %s", where, error);
		return;
	case SOUP_STATUS_SERVICE_UNAVAILABLE:
		peer_call_set(c, PEER_E_BUSY, "the peer at %s is busy: %s", where, error);
		return;
	case SOUP_STATUS_INTERNAL_SERVER_ERROR:
		if (strcmp(reason, PEER_REASON_FAILED) == 0) {
			peer_call_set(c, PEER_E_FAILED, "on %s: %s", c->pin.name, error);
			return;
		}
		/* fall through */
	default:
		peer_call_set(c, PEER_E_PROTOCOL, "the peer at %s answered HTTP %u (%s): is "
		    "that the peer channel port of a hapaird of this version?", where,
		    c->r.http_status, error);
	}
}

static void
peer_call_paired(struct peer_call *c, GBytes *body)
{
	struct store_peer now;
	char where[96], err[256];
	const char *data;
	gsize len;
	int rc;

	peer_call_where(c, where, sizeof(where));
	data = g_bytes_get_data(body, &len);
	if (peer_pair_reply_parse(data, len, &c->r.info, err, sizeof(err)) < 0) {
		peer_call_set(c, PEER_E_PROTOCOL, "the peer at %s answered the pairing "
		    "with something else: %s", where, err);
		return;
	}
	/* The TLS handshake and the answer must name the same certificate,
	 * or something between the two nodes answered for the peer. */
	if (!peer_fp_equal(c->r.info.fingerprint, c->r.presented_fp)) {
		peer_call_set(c, PEER_E_PROTOCOL, "the peer at %s says its certificate is "
		    PEER_FP_LABEL "%s, but its TLS connection presented " PEER_FP_LABEL "%s: "
		    "something between the nodes answers for it; check the heartbeat cable",
		    where, c->r.info.fingerprint, c->r.presented_fp);
		return;
	}
	memset(&now, 0, sizeof(now));
	g_strlcpy(now.name, c->r.info.node, sizeof(now.name));
	g_strlcpy(now.address, c->r.address, sizeof(now.address));
	now.port = c->r.port;
	g_strlcpy(now.fingerprint, c->r.presented_fp, sizeof(now.fingerprint));
	now.pinned_us = c->pinned ? c->pin.pinned_us : g_get_real_time();
	rc = store_peer_set(c->d->store, &now);
	if (rc < 0) {
		peer_call_set(c, PEER_E_LOCAL, "%s accepted the pairing, but this node cannot "
		    "store its pin: %s: see the log, then pair again", now.name, g_strerror(-rc));
		return;
	}
	hpd_event(c->d, c->pinned ? EV_INFO : EV_NOTICE, PEER_SUBSYSTEM, 0,
	    "%s with %s (hapair %s) at %s: pinned its certificate " PEER_FP_LABEL "%s",
	    c->pinned ? "paired again" : "paired", now.name, c->r.info.version, where,
	    now.fingerprint);
	peer_call_set(c, PEER_OK, "paired with %s (hapair %s) at %s, certificate "
	    PEER_FP_LABEL "%s", now.name, c->r.info.version, where, now.fingerprint);
}

/* Round trip and clock offset from the request's send and receive times and
 * the peer's clock in its answer: one measurement for hello and preflight,
 * so the preflight's clock check and the status agree. */
static void
peer_call_measure(struct peer_call *c, int64_t peer_time_us)
{
	c->r.rtt_us = c->received_mono_us - c->sent_mono_us;
	c->r.clock_offset_us = peer_clock_offset_us(c->sent_wall_us, c->received_wall_us,
	    peer_time_us);
}

static void
peer_call_helloed(struct peer_call *c, GBytes *body)
{
	char where[96], err[256];
	const char *data;
	gsize len;

	peer_call_where(c, where, sizeof(where));
	data = g_bytes_get_data(body, &len);
	if (peer_hello_reply_parse(data, len, &c->r.info, err, sizeof(err)) < 0) {
		peer_call_set(c, PEER_E_PROTOCOL, "the peer at %s answered hello with "
		    "something else: %s", where, err);
		return;
	}
	peer_call_measure(c, c->r.info.time_us);
	peer_call_set(c, PEER_OK, "%s (hapair %s) at %s answered in %.1f ms; its clock "
	    "is %.1f ms %s", c->r.info.node, c->r.info.version, where, c->r.rtt_us / 1000.0,
	    (c->r.clock_offset_us < 0 ? -c->r.clock_offset_us : c->r.clock_offset_us) / 1000.0,
	    c->r.clock_offset_us < 0 ? "behind ours" : "ahead of ours");
}

static void
peer_call_preflighted(struct peer_call *c, GBytes *body)
{
	char where[96], err[256];
	const char *data;
	gsize len;

	peer_call_where(c, where, sizeof(where));
	data = g_bytes_get_data(body, &len);
	if (peer_preflight_reply_parse(data, len, &c->r.facts, err, sizeof(err)) < 0) {
		peer_call_set(c, PEER_E_PROTOCOL, "the peer at %s answered the preflight "
		    "with something else: %s", where, err);
		return;
	}
	g_strlcpy(c->r.info.node, c->r.facts.node, sizeof(c->r.info.node));
	g_strlcpy(c->r.info.version, c->r.facts.version, sizeof(c->r.info.version));
	c->r.info.time_us = c->r.facts.time_us;
	peer_call_measure(c, c->r.facts.time_us);
	peer_call_set(c, PEER_OK, "%s (hapair %s) at %s answered the preflight",
	    c->r.facts.node, c->r.facts.version, where);
}

static void
peer_call_unpaired(struct peer_call *c)
{
	char where[96];
	int rc;

	peer_call_where(c, where, sizeof(where));
	rc = store_peer_delete(c->d->store);
	if (rc < 0) {
		peer_call_set(c, PEER_E_LOCAL, "%s forgot this node, but this node cannot "
		    "forget its pin: %s: see the log", c->pin.name, g_strerror(-rc));
		return;
	}
	hpd_event(c->d, EV_NOTICE, PEER_SUBSYSTEM, 0, "unpaired from %s at %s: its "
	    "certificate " PEER_FP_LABEL "%s is no longer pinned", c->pin.name, where,
	    c->pin.fingerprint);
	peer_call_set(c, PEER_OK, "unpaired from %s at %s", c->pin.name, where);
}

static void
peer_call_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	struct peer_call *c = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autofree char *text = NULL;
	GTlsCertificate *cert;
	char fp[PEER_FP_MAX];

	body = soup_session_send_and_read_finish(SOUP_SESSION(source), result, &error);
	if (body == NULL) {
		peer_call_transport_error(c, error);
		peer_call_finish(c);
		return;
	}
	/* Belt and braces: the answer came over the certificate we meant. */
	cert = soup_message_get_tls_peer_certificate(c->msg);
	if (cert == NULL || peer_ident_fingerprint(cert, fp, sizeof(fp)) < 0) {
		peer_call_set(c, PEER_E_PROTOCOL, "the answer came without a TLS certificate");
		peer_call_finish(c);
		return;
	}
	if (c->pinned && !peer_fp_equal(fp, c->pin.fingerprint)) {
		peer_call_mismatch(c, fp);
		peer_call_finish(c);
		return;
	}
	g_strlcpy(c->r.presented_fp, fp, sizeof(c->r.presented_fp));
	c->r.http_status = soup_message_get_status(c->msg);
	if (c->r.http_status != SOUP_STATUS_OK)
		peer_call_http_error(c, body);
	else if (c->kind == PEER_CALL_PAIR)
		peer_call_paired(c, body);
	else if (c->kind == PEER_CALL_HELLO)
		peer_call_helloed(c, body);
	else if (c->kind == PEER_CALL_PREFLIGHT)
		peer_call_preflighted(c, body);
	else if (c->kind == PEER_CALL_ACT)
		peer_call_set(c, PEER_OK, "%s did it", c->pin.name);
	else if (c->kind == PEER_CALL_GET) {
		const char *data = g_bytes_get_data(body, &c->r.body_len);

		/* a GBytes is not NUL-terminated: the copy is, for readers
		 * that take the body as a string */
		text = g_strndup(data != NULL ? data : "", c->r.body_len);
		c->r.body = text;
		peer_call_set(c, PEER_OK, "%s answered", c->pin.name);
	} else
		peer_call_unpaired(c);
	peer_call_finish(c);
}

/* Calls ------------------------------------------------------------------------- */

void
peer_client_pair(struct hpd *d, const char *address, uint16_t port,
    const char *password, peer_reply_fn fn, void *arg)
{
	struct peer_call *c = peer_call_new(d, PEER_CALL_PAIR, fn, arg);

	g_strlcpy(c->r.address, address, sizeof(c->r.address));
	c->r.port = port;
	if (!g_hostname_is_ip_address(address)) {
		peer_call_set(c, PEER_E_LOCAL, "'%s' is not an IP address: give the peer's "
		    "eth1 address", address);
		peer_call_finish_later(c);
		return;
	}
	if (!peer_call_prepare(c)) {
		peer_call_finish_later(c);
		return;
	}
	/* Already pinned: only that same peer may answer (pairing again
	 * changes nothing); any other is "dissolve first". */
	peer_call_send(c, "POST", PEER_PATH_PAIR, peer_pair_req_build(password,
	    d->cfg.node_name, PACKAGE_VERSION, d->cfg.peer_port));
}

void
peer_client_preflight(struct hpd *d, const char *address, uint16_t port,
    const char *password, const char *interface, peer_reply_fn fn, void *arg)
{
	struct peer_call *c = peer_call_new(d, PEER_CALL_PREFLIGHT, fn, arg);

	g_strlcpy(c->r.address, address, sizeof(c->r.address));
	c->r.port = port;
	if (!g_hostname_is_ip_address(address)) {
		peer_call_set(c, PEER_E_LOCAL, "'%s' is not an IP address: give the peer's "
		    "eth1 address", address);
		peer_call_finish_later(c);
		return;
	}
	if (!peer_call_prepare(c)) {
		peer_call_finish_later(c);
		return;
	}
	/* Any certificate: a pin here, or another one there, is for the
	 * preflight to report ("already clustered"), not to stop it. */
	c->pinned = false;
	peer_call_send(c, "POST", PEER_PATH_PREFLIGHT,
	    peer_preflight_req_build(password, interface));
}

/* A call to the pinned peer; TAKES BODY (may be NULL). */
static void
peer_client_pinned_call(struct hpd *d, enum peer_call_kind kind, const char *method,
    const char *path, char *body, unsigned timeout_s, peer_reply_fn fn, void *arg)
{
	struct peer_call *c = peer_call_new(d, kind, fn, arg);

	c->timeout_s = timeout_s;
	if (!peer_call_prepare(c)) {
		peer_msg_free_secret(body);
		peer_call_finish_later(c);
		return;
	}
	if (!c->pinned) {
		peer_msg_free_secret(body);
		peer_call_set(c, PEER_E_NOT_PAIRED, "this node is not paired with a peer: "
		    "create the cluster first");
		peer_call_finish_later(c);
		return;
	}
	g_strlcpy(c->r.address, c->pin.address, sizeof(c->r.address));
	c->r.port = c->pin.port;
	peer_call_send(c, method, path, body);
}

void
peer_client_hello(struct hpd *d, peer_reply_fn fn, void *arg)
{
	peer_client_pinned_call(d, PEER_CALL_HELLO, "GET", PEER_PATH_HELLO, NULL, 0, fn, arg);
}

void
peer_client_hello_timeout(struct hpd *d, unsigned timeout_s, peer_reply_fn fn, void *arg)
{
	peer_client_pinned_call(d, PEER_CALL_HELLO, "GET", PEER_PATH_HELLO, NULL, timeout_s,
	    fn, arg);
}

void
peer_client_get(struct hpd *d, const char *path_and_query, unsigned timeout_s,
    peer_reply_fn fn, void *arg)
{
	peer_client_pinned_call(d, PEER_CALL_GET, "GET", path_and_query, NULL, timeout_s,
	    fn, arg);
}

void
peer_client_unpair(struct hpd *d, peer_reply_fn fn, void *arg)
{
	peer_client_pinned_call(d, PEER_CALL_UNPAIR, "POST", PEER_PATH_UNPAIR, NULL, 0, fn, arg);
}

void
peer_client_act(struct hpd *d, const char *action, JsonObject *params,
    unsigned timeout_s, peer_reply_fn fn, void *arg)
{
	g_autofree gchar *path = g_strconcat(PEER_PATH_ACT_PREFIX, action, NULL);
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	char *body;

	if (params != NULL)
		json_node_set_object(n, params);
	else
		json_node_take_object(n, json_object_new());
	body = json_to_string(n, FALSE);
	json_node_unref(n);
	peer_client_pinned_call(d, PEER_CALL_ACT, "POST", path, body, timeout_s, fn, arg);
}
