/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_server: the peer channel's HTTPS server (libsoup 3, mutual TLS).
 *
 * Trust is a pinned certificate fingerprint, not a CA: the two nodes make
 * their own self-signed certificates and meet over a direct cable.  TLS
 * therefore accepts any client certificate and every request is decided
 * in one place (peer_authorize) from the fingerprint of the certificate
 * its connection presented: the pair endpoint is open to any certificate
 * and guarded by the admin password, everything else needs the pinned one.
 * Refusals are answered (403) and logged, at most PEER_EVRL_MAX a minute.
 *
 * Password checks run in GTask worker threads, as for the web login: the
 * loop also carries the cluster's heartbeat-driven work and must never
 * wait for scrypt.  Failed pairings count against the address in the same
 * kind of rate limiter as logins (api_rl).
 *
 * Preflight (POST /peer/v1/preflight) is open to any certificate like
 * pairing and checks the password the same way, but answers this node's
 * preflight facts and changes nothing: no pin, and no event but a failed
 * password's warning. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <gio/gio.h>
#include <libsoup/soup.h>
#include <openssl/crypto.h>

#include "api_auth.h"
#include "hp_log.h"
#include "hpd.h"
#include "peer_ident.h"
#include "peer_msg.h"
#include "peer_pin.h"
#include "node_act.h"
#include "job_dissolve.h"
#include "peer_server.h"
#include "sb_watch.h"
#include "event_query.h"
#include "preflight_collect.h"
#include "pw.h"
#include "store.h"

#define PEER_SUBSYSTEM          "peer"
/* Pairing runs scrypt (32 MiB each); only a pair of nodes ever pairs. */
#define PEER_PAIR_MAX_IN_FLIGHT 2
#define PEER_TICK_S             60
/* A taken port is retried this often: the port may be held by a daemon
 * that is just going away. */
#define PEER_LISTEN_RETRY_S     10
#define PEER_ADDR_MAX           64
#define PEER_HTTP_TOO_MANY_REQUESTS 429
/* libsoup hands the client certificate to the first request of a
 * connection only; later requests on a kept-alive connection find its
 * fingerprint on the connection's GSocket under this key. */
#define PEER_SOCKET_FP_KEY      "hapair-peer-fingerprint"
#define PEER_NOT_PINNED_TEXT    "certificate not pinned"

struct peer_server {
	unsigned refs;               /* main thread only: pairings hold one each */
	struct hpd *d;               /* NULL once stopped */
	SoupServer *soup;
	struct peer_ident ident;
	struct api_rl *rl;           /* failed pairings by address */
	struct peer_evrl evrl;       /* refusal events */
	unsigned pairs_in_flight;
	guint tick_id;
	guint retry_id;              /* while the port could not be bound */
	char where[96];              /* "[::]:7440", for messages */
};

typedef void (*peer_route_fn)(struct peer_server *ps, SoupServerMessage *msg,
    const char *fp, const struct store_peer *pin);

struct peer_route {
	const char *path;
	const char *method;
	peer_route_fn fn;
};

static void peer_on_pair(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_hello(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_unpair(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_preflight(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_act(struct peer_server *ps, SoupServerMessage *msg, const char *name,
    const struct store_peer *pin);
static void peer_on_events(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_cluster(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);
static void peer_on_sb_facts(struct peer_server *, SoupServerMessage *, const char *, const struct store_peer *);

static const struct peer_route peer_routes[] = {
	{ PEER_PATH_PAIR,   "POST", peer_on_pair },
	{ PEER_PATH_HELLO,  "GET",  peer_on_hello },
	{ PEER_PATH_UNPAIR, "POST", peer_on_unpair },
	{ PEER_PATH_PREFLIGHT, "POST", peer_on_preflight },
	{ PEER_PATH_EVENTS, "GET",  peer_on_events },
	{ PEER_PATH_CLUSTER, "GET", peer_on_cluster },
	{ PEER_PATH_SB_FACTS, "GET", peer_on_sb_facts },
};

static struct peer_server *
peer_server_ref(struct peer_server *ps)
{
	ps->refs++;
	return ps;
}

static void
peer_server_unref(struct peer_server *ps)
{
	if (--ps->refs > 0)
		return;
	api_rl_free(ps->rl);
	peer_ident_clear(&ps->ident);
	g_free(ps);
}

/* Replies ------------------------------------------------------------------- */

static void
peer_reply(SoupServerMessage *msg, guint status, char *json)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);

	soup_message_headers_replace(h, "Cache-Control", "no-store");
	soup_server_message_set_status(msg, status,
	    status == PEER_HTTP_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
	soup_server_message_set_response(msg, PEER_MIME_JSON, SOUP_MEMORY_TAKE,
	    json, strlen(json));
}

static void peer_reply_error(SoupServerMessage *msg, guint status,
    const char *reason, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
peer_reply_error(SoupServerMessage *msg, guint status, const char *reason,
    const char *fmt, ...)
{
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	peer_reply(msg, status, peer_error_build(reason, text));
}

/* Keeps none of a refused request's body and ends its connection. */
static void
peer_discard_body(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);

	soup_message_body_set_accumulate(body, FALSE);
	soup_message_body_truncate(body);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg),
	    "Connection", "close");
}

static void
peer_client_address(SoupServerMessage *msg, char *out, size_t len)
{
	const char *host = soup_server_message_get_remote_host(msg);

	api_addr_normalize(host ? host : "unknown", out, len);
}

/* METHOD and PATH as they may appear in an event: printable, and short
 * enough that a stranger cannot write essays into the log. */
static void
peer_request_line(SoupServerMessage *msg, const char *path, char *out, size_t len)
{
	char clean[80];
	size_t i;

	for (i = 0; path[i] != '\0' && i + 1 < sizeof(clean); i++)
		clean[i] = g_ascii_isgraph(path[i]) ? path[i] : '?';
	clean[i] = '\0';
	g_snprintf(out, len, "%s %s%s", soup_server_message_get_method(msg), clean,
	    path[i] != '\0' ? "..." : "");
}

/* Who is asking -------------------------------------------------------------- */

/* The fingerprint of the certificate MSG's connection presented, or "". */
static void
peer_request_fp(SoupServerMessage *msg, char *out, size_t outlen)
{
	GTlsCertificate *cert = soup_server_message_get_tls_peer_certificate(msg);
	GSocket *sock = soup_server_message_get_socket(msg);
	const char *known;

	out[0] = '\0';
	if (cert != NULL) {
		if (peer_ident_fingerprint(cert, out, outlen) < 0) {
			out[0] = '\0';
			return;
		}
		if (sock != NULL)
			g_object_set_data_full(G_OBJECT(sock), PEER_SOCKET_FP_KEY,
			    g_strdup(out), g_free);
		return;
	}
	known = sock != NULL ? g_object_get_data(G_OBJECT(sock), PEER_SOCKET_FP_KEY) : NULL;
	if (known != NULL)
		g_strlcpy(out, known, outlen);
}

static void
peer_log_refusal(struct peer_server *ps, SoupServerMessage *msg, const char *path,
    enum peer_verdict v, const char *fp, const struct store_peer *pin)
{
	char addr[PEER_ADDR_MAX], line[128];

	if (!peer_evrl_allow(&ps->evrl, g_get_monotonic_time()))
		return;
	peer_client_address(msg, addr, sizeof(addr));
	peer_request_line(msg, path, line, sizeof(line));
	if (v == PEER_DENY_NO_CERT)
		hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
		    "refused a peer request from %s (%s): it presented no certificate",
		    addr, line);
	else if (pin != NULL)
		hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
		    "refused a peer request from %s (%s): certificate " PEER_FP_LABEL "%s "
		    "is not the pinned one (%s's)", addr, line, fp, pin->name);
	else
		hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
		    "refused a peer request from %s (%s): certificate " PEER_FP_LABEL "%s "
		    "is not the pinned one: this node is not paired", addr, line, fp);
}

/* Decides whether MSG may go on.  When it may, FP holds the presented
 * fingerprint and *PIN the pinned peer (*PINNED false when none); when it
 * may not, the reply is set and the refusal logged. */
static bool
peer_authorize(struct peer_server *ps, SoupServerMessage *msg, const char *path,
    char *fp, size_t fplen, struct store_peer *pin, bool *pinned)
{
	enum peer_verdict v;
	int rc;

	peer_request_fp(msg, fp, fplen);
	/* Read at every request, never cached: a pin set or dropped by
	 * another part of hapaird counts from the next request on. */
	rc = store_peer_get(ps->d->store, pin);
	if (rc < 0 && rc != -ENOENT) {
		log_warnx("peer: reading the pinned peer failed: %s", g_strerror(-rc));
		peer_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "cannot read the pinned peer: see the log of the node that answered");
		return false;
	}
	*pinned = rc == 0;
	v = peer_decide(path, *pinned ? pin->fingerprint : NULL, fp);
	/* Preflight is asked before any pairing, and of a node that may be
	 * paired elsewhere (which it then reports): like pairing, the
	 * password decides. */
	if (v == PEER_DENY_NOT_PINNED && strcmp(path, PEER_PATH_PREFLIGHT) == 0)
		v = PEER_PAIR_ALLOWED;
	if (v == PEER_ALLOW || v == PEER_PAIR_ALLOWED)
		return true;
	peer_reply_error(msg, SOUP_STATUS_FORBIDDEN, PEER_REASON_NOT_PINNED,
	    PEER_NOT_PINNED_TEXT);
	peer_log_refusal(ps, msg, path, v, fp, *pinned ? pin : NULL);
	return false;
}

/* Self-signed by design: TLS lets every certificate through so that the
 * request can be refused by fingerprint with an answer and an event;
 * failing the handshake would do neither. */
static gboolean
peer_accept_any(SoupServerMessage *msg, GTlsCertificate *cert,
    GTlsCertificateFlags errors, gpointer user_data)
{
	return TRUE;
}

static void
peer_request_started(SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
	g_signal_connect(msg, "accept-certificate", G_CALLBACK(peer_accept_any), NULL);
}

/* Body limit ----------------------------------------------------------------- */

static void
peer_body_too_large(SoupServerMessage *msg, gsize limit)
{
	peer_discard_body(msg);
	peer_reply_error(msg, SOUP_STATUS_BAD_REQUEST, PEER_REASON_BAD_REQUEST,
	    "request body is larger than %u KiB", (unsigned)(limit / 1024));
}

static void
peer_got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
	gsize limit = GPOINTER_TO_SIZE(user_data);

	if (soup_server_message_get_status(msg) != 0)
		return;
	if ((gsize)soup_server_message_get_request_body(msg)->length > limit)
		peer_body_too_large(msg, limit);
}

/* Once the headers are in and before any body is read: a stranger's
 * request is refused without reading what it sends. */
static void
peer_early(SoupServer *server, SoupServerMessage *msg, const char *path,
    GHashTable *query, gpointer user_data)
{
	struct peer_server *ps = user_data;
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);
	char fp[PEER_FP_MAX];
	struct store_peer pin;
	bool pinned;
	gsize limit;

	if (ps->d == NULL)
		return;
	if (!peer_authorize(ps, msg, path, fp, sizeof(fp), &pin, &pinned)) {
		peer_discard_body(msg);
		return;
	}
	/* The pinned peer sends whole configurations; a stranger gets no
	 * more room than a pairing request needs. */
	limit = pinned ? PEER_BODY_MAX_PINNED : PEER_BODY_MAX;
	if (soup_message_headers_get_encoding(req) == SOUP_ENCODING_CONTENT_LENGTH &&
	    (gsize)soup_message_headers_get_content_length(req) > limit) {
		peer_body_too_large(msg, limit);
		return;
	}
	g_signal_connect(msg, "got-chunk", G_CALLBACK(peer_got_chunk), GSIZE_TO_POINTER(limit));
}

static void
peer_handle(SoupServer *server, SoupServerMessage *msg, const char *path,
    GHashTable *query, gpointer user_data)
{
	struct peer_server *ps = user_data;
	const char *method = soup_server_message_get_method(msg);
	const struct peer_route *route = NULL;
	bool path_known = false, pinned;
	char fp[PEER_FP_MAX];
	struct store_peer pin;

	if (ps->d == NULL) {
		peer_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, PEER_REASON_BUSY,
		    "hapaird is stopping");
		return;
	}
	/* Again, not trusting the early handler's verdict: the pin may have
	 * changed while the body was read. */
	if (!peer_authorize(ps, msg, path, fp, sizeof(fp), &pin, &pinned))
		return;
	if (g_str_has_prefix(path, PEER_PATH_ACT_PREFIX)) {
		if (strcmp(method, "POST") != 0)
			peer_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
			    PEER_REASON_BAD_REQUEST, "%s is not allowed on %s", method, path);
		else
			peer_on_act(ps, msg, path + strlen(PEER_PATH_ACT_PREFIX), &pin);
		return;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(peer_routes); i++) {
		if (strcmp(peer_routes[i].path, path) != 0)
			continue;
		path_known = true;
		if (strcmp(peer_routes[i].method, method) == 0)
			route = &peer_routes[i];
	}
	if (route == NULL && !path_known) {
		peer_reply_error(msg, SOUP_STATUS_NOT_FOUND, PEER_REASON_NOT_FOUND,
		    "no peer endpoint %s: the peer runs another hapair version?", path);
		return;
	}
	if (route == NULL) {
		peer_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, PEER_REASON_BAD_REQUEST,
		    "%s is not allowed on %s", method, path);
		return;
	}
	route->fn(ps, msg, fp, pinned ? &pin : NULL);
}

/* Pairing ----------------------------------------------------------------------- */

struct peer_pairing {
	struct peer_server *ps;
	SoupServerMessage *msg;
	char addr[PEER_ADDR_MAX];
	char fp[PEER_FP_MAX];           /* the requester's certificate */
	struct peer_pair_req req;       /* preflight: the password only */
	char *hash;
	bool gone;                      /* the client went away while we hashed */
	bool preflight;                 /* answer facts; pin nothing */
	char interface[PREFLIGHT_IF_MAX]; /* preflight: the failover IP's */
};

static void
peer_pairing_free(struct peer_pairing *p)
{
	peer_pair_req_clear(&p->req);
	g_free(p->hash);
	g_object_unref(p->msg);
	peer_server_unref(p->ps);
	g_free(p);
}

static void
peer_pairing_gone(SoupServerMessage *msg, gpointer user_data)
{
	((struct peer_pairing *)user_data)->gone = true;
}

/* Worker thread: nothing here may touch the daemon's state. */
static void
peer_pairing_verify(GTask *task, gpointer source, gpointer task_data,
    GCancellable *cancellable)
{
	struct peer_pairing *p = task_data;

	g_task_return_int(task, pw_verify(p->req.password, p->hash));
}

/* The password was right: pin the requester unless another node is. */
static void
peer_pairing_accept(struct peer_server *ps, struct peer_pairing *p)
{
	struct hpd *d = ps->d;
	struct store_peer pin, now;
	enum peer_pair_verdict v;
	int rc = store_peer_get(d->store, &pin);

	if (rc < 0 && rc != -ENOENT) {
		log_warnx("peer: reading the pinned peer failed: %s", g_strerror(-rc));
		peer_reply_error(p->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "cannot read the pinned peer on %s: see its log", d->cfg.node_name);
		return;
	}
	/* Decided on the loop after the hash: of two pairings racing, the
	 * first pins and the second sees the pin. */
	v = peer_pair_check(rc == 0 ? pin.fingerprint : NULL, p->fp);
	switch (v) {
	case PEER_PAIR_CONFLICT:
		hpd_event(d, EV_WARNING, PEER_SUBSYSTEM, 0, "refused to pair with %s at %s: "
		    "already paired with %s (certificate " PEER_FP_LABEL "%s)",
		    p->req.node, p->addr, pin.name, pin.fingerprint);
		peer_reply_error(p->msg, SOUP_STATUS_CONFLICT, PEER_REASON_ALREADY_PAIRED,
		    "already paired with %s (fingerprint " PEER_FP_LABEL "%s): dissolve first",
		    pin.name, pin.fingerprint);
		return;
	case PEER_PAIR_SAME:
	case PEER_PAIR_NEW:
		break;
	}
	memset(&now, 0, sizeof(now));
	g_strlcpy(now.name, p->req.node, sizeof(now.name));
	g_strlcpy(now.address, p->addr, sizeof(now.address));
	now.port = p->req.port;
	g_strlcpy(now.fingerprint, p->fp, sizeof(now.fingerprint));
	/* Pairing again with the same certificate keeps the first pin's
	 * time and only follows a changed name, address or port. */
	now.pinned_us = v == PEER_PAIR_SAME ? pin.pinned_us : g_get_real_time();
	rc = store_peer_set(d->store, &now);
	if (rc < 0) {
		log_warnx("peer: storing the pin failed: %s", g_strerror(-rc));
		peer_reply_error(p->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "cannot store the pin on %s: see its log", d->cfg.node_name);
		return;
	}
	api_rl_clear(ps->rl, p->addr);
	if (v == PEER_PAIR_SAME)
		hpd_event(d, EV_INFO, PEER_SUBSYSTEM, 0, "paired again with %s (hapair %s) "
		    "at %s: its certificate was already pinned", now.name, p->req.version,
		    p->addr);
	else
		hpd_event(d, EV_NOTICE, PEER_SUBSYSTEM, 0, "paired with %s (hapair %s) at %s, "
		    "peer channel port %u: pinned its certificate " PEER_FP_LABEL "%s",
		    now.name, p->req.version, p->addr, (unsigned)now.port, now.fingerprint);
	peer_reply(p->msg, SOUP_STATUS_OK, peer_pair_reply_build(d->cfg.node_name,
	    PACKAGE_VERSION, ps->ident.fingerprint));
}

/* The password was right: this node's facts, and nothing changed. */
static void
peer_preflight_answer(struct peer_server *ps, struct peer_pairing *p)
{
	struct preflight_facts f;

	preflight_local_facts(ps->d, p->interface, &f);
	api_rl_clear(ps->rl, p->addr);
	peer_reply(p->msg, SOUP_STATUS_OK, peer_preflight_reply_build(&f));
}

static void
peer_pairing_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	struct peer_pairing *p = user_data;
	struct peer_server *ps = p->ps;
	GError *error = NULL;
	int rc;

	rc = (int)g_task_propagate_int(G_TASK(result), &error);
	g_clear_error(&error);
	ps->pairs_in_flight--;
	g_signal_handlers_disconnect_by_data(p->msg, p);
	if (ps->d == NULL || p->gone) {
		/* Stopped, or nobody waits; a failure still counts. */
		if (ps->d != NULL && rc == -EACCES)
			(void)api_rl_fail(ps->rl, p->addr, g_get_monotonic_time());
		peer_pairing_free(p);
		return;
	}
	if (rc == 0 && p->preflight) {
		peer_preflight_answer(ps, p);
	} else if (rc == 0) {
		peer_pairing_accept(ps, p);
	} else if (rc == -EACCES) {
		if (p->preflight)
			hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
			    "failed preflight request from %s: wrong password", p->addr);
		else
			hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
			    "failed pairing attempt from %s (node %s): wrong password", p->addr,
			    p->req.node);
		if (api_rl_fail(ps->rl, p->addr, g_get_monotonic_time()))
			hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
			    "pairing from %s refused for up to %d s after %d failures",
			    p->addr, (int)(API_RL_WINDOW_US / G_USEC_PER_SEC), API_RL_MAX_FAILURES);
		peer_reply_error(p->msg, SOUP_STATUS_UNAUTHORIZED, PEER_REASON_WRONG_PASSWORD,
		    "wrong password: give the admin password of %s", ps->d->cfg.node_name);
	} else {
		hpd_event(ps->d, EV_ERROR, PEER_SUBSYSTEM, 0,
		    "the stored admin password hash cannot be checked (%s): "
		    "set the password again with 'hapairctl passwd'", g_strerror(-rc));
		peer_reply_error(p->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "the stored password of %s cannot be checked: run 'hapairctl passwd' there",
		    ps->d->cfg.node_name);
	}
	soup_server_message_unpause(p->msg);
	peer_pairing_free(p);
}

/* First: a blocked address learns nothing, not even whether its password
 * was right.  True when ADDR may go on; else the reply is set. */
static bool
peer_rate_gate(struct peer_server *ps, SoupServerMessage *msg, const char *addr)
{
	unsigned wait_s = api_rl_blocked_s(ps->rl, addr, g_get_monotonic_time());
	g_autofree char *retry = NULL;

	if (wait_s == 0)
		return true;
	retry = g_strdup_printf("%u", wait_s);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg),
	    "Retry-After", retry);
	peer_reply_error(msg, PEER_HTTP_TOO_MANY_REQUESTS, PEER_REASON_RATE_LIMITED,
	    "too many failed pairings from %s; try again in %u s", addr, wait_s);
	return false;
}

static void peer_password_start(struct peer_server *ps, SoupServerMessage *msg,
    const char *fp, const char *addr, struct peer_pair_req *reqp,
    const char *preflight_if);

static void
peer_on_pair(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	char addr[PEER_ADDR_MAX], err[256];
	struct peer_pair_req req;
	const char *data;
	gsize len;

	peer_client_address(msg, addr, sizeof(addr));
	if (!peer_rate_gate(ps, msg, addr))
		return;
	data = g_bytes_get_data(bytes, &len);
	if (peer_pair_req_parse(data, len, &req, err, sizeof(err)) < 0) {
		peer_reply_error(msg, SOUP_STATUS_BAD_REQUEST, PEER_REASON_BAD_REQUEST,
		    "%s", err);
		return;
	}
	peer_password_start(ps, msg, fp, addr, &req, NULL);
}

/* TAKES REQ: checks its password in a worker thread, then pairs, or with
 * PREFLIGHT_IF answers the preflight facts for that interface. */
static void
peer_password_start(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const char *addr, struct peer_pair_req *reqp, const char *preflight_if)
{
	struct peer_pair_req req = *reqp;
	struct peer_pairing *p;
	char *hash = NULL;
	GTask *task;
	int rc;

	if (ps->pairs_in_flight >= PEER_PAIR_MAX_IN_FLIGHT) {
		peer_pair_req_clear(&req);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Retry-After", "1");
		peer_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, PEER_REASON_BUSY,
		    "other pairings are being checked; try again in 1 s");
		return;
	}
	rc = store_user_get_hash(ps->d->store, STORE_ADMIN_USER, &hash);
	if (rc < 0) {
		peer_pair_req_clear(&req);
		if (rc == -ENOENT) {
			peer_reply_error(msg, SOUP_STATUS_UNAUTHORIZED, PEER_REASON_NO_PASSWORD,
			    "%s has no admin password yet: run 'hapairctl passwd' there",
			    ps->d->cfg.node_name);
		} else {
			log_warnx("peer: reading the admin password hash failed: %s",
			    g_strerror(-rc));
			peer_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
			    PEER_REASON_INTERNAL, "cannot read the password store of %s: "
			    "see its log", ps->d->cfg.node_name);
		}
		return;
	}

	p = g_new0(struct peer_pairing, 1);
	p->ps = peer_server_ref(ps);
	p->msg = g_object_ref(msg);
	g_strlcpy(p->addr, addr, sizeof(p->addr));
	g_strlcpy(p->fp, fp, sizeof(p->fp));
	p->req = req;
	p->preflight = preflight_if != NULL;
	if (preflight_if != NULL)
		g_strlcpy(p->interface, preflight_if, sizeof(p->interface));
	/* store returns malloc'd memory; the pairing frees with g_free. */
	p->hash = g_strdup(hash);
	free(hash);
	g_signal_connect(msg, "disconnected", G_CALLBACK(peer_pairing_gone), p);
	g_signal_connect(msg, "finished", G_CALLBACK(peer_pairing_gone), p);
	ps->pairs_in_flight++;

	soup_server_message_pause(msg);
	task = g_task_new(NULL, NULL, peer_pairing_done, p);
	g_task_set_task_data(task, p, NULL);
	g_task_run_in_thread(task, peer_pairing_verify);
	g_object_unref(task);
}

static void
peer_on_preflight(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	char addr[PEER_ADDR_MAX], err[256];
	struct peer_preflight_req pre;
	struct peer_pair_req req;
	const char *data;
	gsize len;

	peer_client_address(msg, addr, sizeof(addr));
	if (!peer_rate_gate(ps, msg, addr))
		return;
	data = g_bytes_get_data(bytes, &len);
	if (peer_preflight_req_parse(data, len, &pre, err, sizeof(err)) < 0) {
		peer_reply_error(msg, SOUP_STATUS_BAD_REQUEST, PEER_REASON_BAD_REQUEST,
		    "%s", err);
		return;
	}
	memset(&req, 0, sizeof(req));
	req.password = pre.password;     /* handed on: freed with REQ */
	pre.password = NULL;
	peer_password_start(ps, msg, fp, addr, &req, pre.interface);
}

/* Pinned only ---------------------------------------------------------------------- */

static void
peer_on_hello(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	peer_reply(msg, SOUP_STATUS_OK, peer_hello_reply_build(ps->d->cfg.node_name,
	    PACKAGE_VERSION, g_get_real_time()));
}

static void
peer_on_unpair(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	char addr[PEER_ADDR_MAX];
	int rc = store_peer_delete(ps->d->store);

	if (rc < 0) {
		log_warnx("peer: forgetting the pin failed: %s", g_strerror(-rc));
		peer_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "cannot forget the pin on %s: see its log", ps->d->cfg.node_name);
		return;
	}
	/* a returning node that followed our dissolve: nothing left to tell it */
	store_setting_set(ps->d->store, DISSOLVED_SETTING, "", false);
	peer_client_address(msg, addr, sizeof(addr));
	hpd_event(ps->d, EV_NOTICE, PEER_SUBSYSTEM, 0, "unpaired: %s at %s asked to be "
	    "forgotten; its certificate " PEER_FP_LABEL "%s is no longer pinned",
	    pin->name, addr, pin->fingerprint);
	peer_reply(msg, SOUP_STATUS_OK, peer_unpair_reply_build());
}

/* This node's events for the peer's merged view; the same filter as the
 * web API's, so both halves of the view match. */
static void
peer_on_events(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	const char *query = g_uri_get_query(soup_server_message_get_uri(msg));
	g_autoptr(GHashTable) params = query != NULL ?
	    g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	struct event_query q;
	JsonArray *events;
	char err[256];
	JsonNode *arr;

	if ((query != NULL && params == NULL) ||
	    event_query_parse(params, g_get_real_time(), &q, err, sizeof(err)) < 0) {
		peer_reply_error(msg, SOUP_STATUS_BAD_REQUEST, PEER_REASON_BAD_REQUEST,
		    "%s", params == NULL ? "the query string is not well-formed" : err);
		return;
	}
	events = event_query_run(ps->d->store, &q);
	if (events == NULL) {
		peer_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "%s cannot read its event log: see its daemon log", ps->d->cfg.node_name);
		return;
	}
	arr = json_node_new(JSON_NODE_ARRAY);
	json_node_take_array(arr, events);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "events");
	json_builder_add_value(b, arr);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	peer_reply(msg, SOUP_STATUS_OK, json_to_string(root, FALSE));
}

static void
peer_on_cluster(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	struct store_cluster c = { 0 };
	g_autofree char *dissolved = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	if (store_cluster_get(ps->d->store, &c) != 0 ||
	    store_setting_get(ps->d->store, DISSOLVED_SETTING, &dissolved) == -EIO) {
		peer_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, PEER_REASON_INTERNAL,
		    "%s cannot read its database", ps->d->cfg.node_name);
		return;
	}
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "role");
	json_builder_add_string_value(b, c.role);
	json_builder_set_member_name(b, "cluster");
	json_builder_add_string_value(b, c.name);
	json_builder_set_member_name(b, "dissolved");
	json_builder_add_string_value(b, dissolved != NULL ? dissolved : "");
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	peer_reply(msg, SOUP_STATUS_OK, json_to_string(root, FALSE));
}

/* This node's side of a split brain, for the peer's recommendation. */
static void
peer_on_sb_facts(struct peer_server *ps, SoupServerMessage *msg, const char *fp,
    const struct store_peer *pin)
{
	g_autoptr(JsonNode) facts = sb_watch_local_json(ps->d);

	if (facts == NULL) {
		peer_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, PEER_REASON_BUSY,
		    "%s has not read its side of a split brain (DRBD reported none on it, "
		    "or it is still reading it)", ps->d->cfg.node_name);
		return;
	}
	peer_reply(msg, SOUP_STATUS_OK, json_to_string(facts, FALSE));
}

/* Node actions: the pinned peer's job doing its part here (node_act.h). */
struct peer_act {
	struct peer_server *ps;
	SoupServerMessage *msg;
	bool gone;
	char name[32];
	char peer[64];
};

static void
peer_act_gone(SoupServerMessage *msg, gpointer user_data)
{
	struct peer_act *a = user_data;

	a->gone = true;
}

static void
peer_act_done(struct hpd *d, int rc, const char *error, gpointer user_data)
{
	struct peer_act *a = user_data;

	if (a->ps->d != NULL)
		hpd_event(a->ps->d, rc == 0 ? EV_INFO : EV_ERROR, PEER_SUBSYSTEM, 0,
		    "%s asked for %s: %s%s", a->peer, a->name, rc == 0 ? "done" : "failed: ",
		    rc == 0 ? "" : error);
	g_signal_handlers_disconnect_by_data(a->msg, a);
	if (!a->gone) {
		if (rc == 0)
			peer_reply(a->msg, SOUP_STATUS_OK, peer_act_reply_build());
		else
			peer_reply_error(a->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
			    PEER_REASON_FAILED, "%s", error);
		soup_server_message_unpause(a->msg);
	}
	g_object_unref(a->msg);
	peer_server_unref(a->ps);
	g_free(a);
}

static void
peer_on_act(struct peer_server *ps, SoupServerMessage *msg, const char *name,
    const struct store_peer *pin)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(body);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonNode *root;
	struct peer_act *a;
	const char *data;
	gsize len;

	if (!node_act_known(name)) {
		peer_reply_error(msg, SOUP_STATUS_NOT_FOUND, PEER_REASON_NOT_FOUND,
		    "no node action '%s' on %s: the nodes run different hapair versions?",
		    name, ps->d->cfg.node_name);
		return;
	}
	/* A job of this node's own changes the same things. */
	if (ps->d->job != NULL) {
		peer_reply_error(msg, SOUP_STATUS_CONFLICT, PEER_REASON_BUSY,
		    "busy: %s is running a job of its own; wait for it to end",
		    ps->d->cfg.node_name);
		return;
	}
	data = g_bytes_get_data(bytes, &len);
	if (!json_parser_load_from_data(parser, data != NULL ? data : "{}", data != NULL ?
	    (gssize)len : -1, NULL) || (root = json_parser_get_root(parser)) == NULL ||
	    !JSON_NODE_HOLDS_OBJECT(root)) {
		peer_reply_error(msg, SOUP_STATUS_BAD_REQUEST, PEER_REASON_BAD_REQUEST,
		    "the body of %s must be a JSON object", name);
		return;
	}
	a = g_new0(struct peer_act, 1);
	a->ps = peer_server_ref(ps);
	a->msg = g_object_ref(msg);
	g_strlcpy(a->name, name, sizeof(a->name));
	g_strlcpy(a->peer, pin->name, sizeof(a->peer));
	g_signal_connect(msg, "disconnected", G_CALLBACK(peer_act_gone), a);
	soup_server_message_pause(msg);
	node_act_run(ps->d, name, json_node_get_object(root), peer_act_done, a);
}

/* Start and stop -------------------------------------------------------------------- */

static gboolean
peer_tick(gpointer user_data)
{
	struct peer_server *ps = user_data;
	int64_t now_us = g_get_monotonic_time();
	unsigned n;

	api_rl_expire(ps->rl, now_us);
	n = peer_evrl_take_suppressed(&ps->evrl, now_us);
	if (n > 0)
		hpd_event(ps->d, EV_WARNING, PEER_SUBSYSTEM, 0,
		    "refused %u more peer requests without logging each (at most %d "
		    "refusals are logged a minute)", n, PEER_EVRL_MAX);
	return G_SOURCE_CONTINUE;
}

static bool
peer_listen(struct peer_server *ps, GError **error)
{
	const struct cfg *cfg = &ps->d->cfg;
	g_autoptr(GInetAddress) addr = g_inet_address_new_from_string(cfg->peer_address);
	g_autoptr(GSocketAddress) sa = NULL;

	if (addr == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "[peer] address \"%s\" is not an IP address", cfg->peer_address);
		return false;
	}
	/* libsoup makes IPv6 sockets v6-only; "::" means every address, so
	 * IPv4 gets its own socket too. */
	if (g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6 &&
	    g_inet_address_get_is_any(addr))
		return soup_server_listen_all(ps->soup, cfg->peer_port,
		    SOUP_SERVER_LISTEN_HTTPS, error);
	sa = g_inet_socket_address_new(addr, cfg->peer_port);
	return soup_server_listen(ps->soup, sa, SOUP_SERVER_LISTEN_HTTPS, error);
}

static gboolean
peer_retry_listen(gpointer user_data)
{
	struct peer_server *ps = user_data;
	g_autoptr(GError) error = NULL;

	if (!peer_listen(ps, &error)) {
		log_debug("peer: still cannot listen on %s: %s", ps->where, error->message);
		return G_SOURCE_CONTINUE;
	}
	ps->retry_id = 0;
	hpd_event(ps->d, EV_NOTICE, PEER_SUBSYSTEM, 0,
	    "the peer channel listens on %s now", ps->where);
	return G_SOURCE_REMOVE;
}

int
peer_server_start(struct hpd *d, GError **error)
{
	g_autoptr(GError) listen_error = NULL;
	struct peer_server *ps;
	bool v6;
	int rc;

	ps = g_new0(struct peer_server, 1);
	ps->refs = 1;
	ps->d = d;
	rc = peer_ident_load(&d->cfg, &ps->ident, error);
	if (rc < 0) {
		ps->d = NULL;
		peer_server_unref(ps);
		return rc;
	}
	log_notice("peer: %s peer certificate %s, SHA-256 fingerprint %s",
	    ps->ident.created ? "made the" : "using the", ps->ident.path,
	    ps->ident.fingerprint);
	v6 = strchr(d->cfg.peer_address, ':') != NULL;
	g_snprintf(ps->where, sizeof(ps->where), "%s%s%s:%u", v6 ? "[" : "",
	    d->cfg.peer_address, v6 ? "]" : "", (unsigned)d->cfg.peer_port);

	ps->rl = api_rl_new(API_RL_MAX_ADDRESSES);
	/* REQUIRED: a client without a certificate fails the handshake; one
	 * with any certificate gets as far as peer_authorize. */
	ps->soup = soup_server_new("tls-certificate", ps->ident.cert,
	    "tls-auth-mode", G_TLS_AUTHENTICATION_REQUIRED,
	    "server-header", "hapair", NULL);
	g_signal_connect(ps->soup, "request-started", G_CALLBACK(peer_request_started), ps);
	soup_server_add_early_handler(ps->soup, NULL, peer_early, ps, NULL);
	soup_server_add_handler(ps->soup, NULL, peer_handle, ps, NULL);
	ps->tick_id = g_timeout_add_seconds(PEER_TICK_S, peer_tick, ps);
	d->peer = ps;

	if (peer_listen(ps, &listen_error)) {
		log_notice("peer: listening on https://%s/ (mutual TLS)", ps->where);
		return 0;
	}
	hpd_event(d, EV_ERROR, PEER_SUBSYSTEM, 0, "the peer channel cannot listen on %s "
	    "(%s): pairing and the cluster need it; set a free [peer] port or stop what "
	    "holds it; retrying every %d s", ps->where, listen_error->message,
	    PEER_LISTEN_RETRY_S);
	ps->retry_id = g_timeout_add_seconds(PEER_LISTEN_RETRY_S, peer_retry_listen, ps);
	return 0;
}

void
peer_server_stop(struct hpd *d)
{
	struct peer_server *ps = d->peer;

	if (ps == NULL)
		return;
	d->peer = NULL;
	if (ps->tick_id != 0)
		g_source_remove(ps->tick_id);
	if (ps->retry_id != 0)
		g_source_remove(ps->retry_id);
	/* Pairings still hashing hold a reference; they see d == NULL when
	 * they finish and only clean up. */
	ps->d = NULL;
	soup_server_disconnect(ps->soup);
	g_clear_object(&ps->soup);
	peer_server_unref(ps);
}
