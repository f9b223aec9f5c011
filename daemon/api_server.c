/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_server: hapaird's HTTPS server, for the REST API and the web UI.
 *
 * libsoup 3 on the daemon's one main loop.  Requests are dispatched from a
 * route table that also says which need a session; the session and CSRF
 * checks run in one place (api_dispatch), so an endpoint added later cannot
 * forget them.  Password checks (scrypt, tens of milliseconds and 32 MiB
 * each) run in GTask worker threads while the request is paused: the loop
 * also carries the cluster's heartbeat-driven work and must never wait.
 *
 * Every response carries the security headers; API responses are JSON
 * built with json-glib and never cached.  The decisions (rate limit,
 * session verdicts, cookie and path parsing) live in api_auth.c. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <openssl/crypto.h>

#include "api.h"
#include "api_internal.h"
#include "api_auth.h"
#include "api_tls.h"
#include "cluster_status.h"
#include "hp_log.h"
#include "hpd.h"
#include "pw.h"
#include "status.h"
#include "store.h"

#define API_PREFIX            "/api/"
#define API_SUBSYSTEM         "api"
/* Bodies larger than this are refused: a login is a few dozen bytes, and
 * the whole body is held in memory. */
#define API_BODY_MAX          (64 * 1024)
/* Static files larger than this are not part of our UI. */
#define API_STATIC_MAX        (8 * 1024 * 1024)
/* scrypt needs 32 MiB a check; a burst of parallel logins must not take
 * the daemon's memory with it. */
#define API_LOGIN_MAX_IN_FLIGHT 4
/* A session's last_seen is written at most this often: a dashboard polls
 * every second, and a write a second wears the appliance's flash for an
 * idle timeout measured in minutes. */
#define API_SESSION_TOUCH_US  (15 * INT64_C(1000000))
#define API_PURGE_INTERVAL_S  60
#define API_ADDR_MAX          64

#define API_HTTP_TOO_MANY_REQUESTS 429
#define API_MIME_JSON         "application/json"
/* Only our own files: no inline script or style, no framing, no plugins.
 * No HSTS: the certificate is self-signed, and HSTS would take away the
 * browser's "accept this certificate" button. */
#define API_CSP "default-src 'self'; script-src 'self'; style-src 'self'; " \
	"img-src 'self'; connect-src 'self'; object-src 'none'; " \
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
#define API_COOKIE_ATTRS      "; Path=/; HttpOnly; Secure; SameSite=Strict"

struct api_server {
	unsigned refs;              /* main thread only: tasks hold one each */
	struct hpd *d;              /* NULL once stopped */
	SoupServer *soup;
	struct api_rl *rl;
	guint purge_id;
	unsigned logins_in_flight;
};

enum api_auth_need {
	API_AUTH_NONE,
	/* A valid session; unless the method is safe, its CSRF token too. */
	API_AUTH_SESSION,
};

typedef void (*api_route_fn)(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);

struct api_route {
	const char *path;
	const char *method;
	api_route_fn fn;
	enum api_auth_need auth;
};

static void api_login(struct api_server *, SoupServerMessage *, const struct store_session *);
static void api_logout(struct api_server *, SoupServerMessage *, const struct store_session *);
static void api_status(struct api_server *, SoupServerMessage *, const struct store_session *);
static void api_session(struct api_server *, SoupServerMessage *, const struct store_session *);

static const struct api_route api_routes[] = {
	{ "/api/v1/cluster", "POST", api_cluster_create, API_AUTH_SESSION },
	{ "/api/v1/cluster/preflight", "POST", api_cluster_preflight, API_AUTH_SESSION },
	{ "/api/v1/cluster/takeover", "POST", api_cluster_takeover, API_AUTH_SESSION },
	{ "/api/v1/cluster/dissolve", "POST", api_cluster_dissolve, API_AUTH_SESSION },
	{ "/api/v1/cluster/repair-split-brain", "POST", api_cluster_repair, API_AUTH_SESSION },
	{ "/api/v1/cluster/maintenance", "POST", api_cluster_maintenance, API_AUTH_SESSION },
	{ "/api/v1/node/standby", "POST", api_node_standby, API_AUTH_SESSION },
	{ "/api/v1/node/restart", "POST", api_node_restart, API_AUTH_SESSION },
	{ "/api/v1/node/shutdown", "POST", api_node_shutdown, API_AUTH_SESSION },
	{ "/api/v1/events", "GET", api_events, API_AUTH_SESSION },
	{ "/api/v1/job", "GET", api_job, API_AUTH_SESSION },
	{ "/api/v1/login",  "POST", api_login,  API_AUTH_NONE },
	{ "/api/v1/logout", "POST", api_logout, API_AUTH_SESSION },
	{ "/api/v1/ping", "POST", api_ping, API_AUTH_SESSION },
	{ "/api/v1/status", "GET",  api_status, API_AUTH_SESSION },
	{ "/api/v1/session", "GET", api_session, API_AUTH_SESSION },
};

struct hpd *
api_server_hpd(struct api_server *api)
{
	return api->d;
}

static struct api_server *
api_server_ref(struct api_server *api)
{
	api->refs++;
	return api;
}

static void
api_server_unref(struct api_server *api)
{
	if (--api->refs > 0)
		return;
	api_rl_free(api->rl);
	g_free(api);
}

/* Responses --------------------------------------------------------------- */

static void
api_security_headers(SoupServerMessage *msg)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);

	soup_message_headers_replace(h, "X-Content-Type-Options", "nosniff");
	soup_message_headers_replace(h, "X-Frame-Options", "DENY");
	soup_message_headers_replace(h, "Content-Security-Policy", API_CSP);
	soup_message_headers_replace(h, "Referrer-Policy", "no-referrer");
}

void
api_reply_node(SoupServerMessage *msg, guint status, const char *reason,
    JsonNode *node)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	char *text = json_to_string(node, FALSE);
	size_t len = strlen(text);

	api_security_headers(msg);
	soup_message_headers_replace(h, "Cache-Control", "no-store");
	soup_server_message_set_status(msg, status, reason);
	soup_server_message_set_response(msg, API_MIME_JSON, SOUP_MEMORY_TAKE, text, len);
}

/* {"error": "..."}: every failure a client sees says what is wrong. */
void
api_reply_error(SoupServerMessage *msg, guint status, const char *fmt, ...)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) node = NULL;
	g_autofree char *text = NULL;
	va_list ap;

	va_start(ap, fmt);
	text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "error");
	json_builder_add_string_value(b, text);
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	api_reply_node(msg, status,
	    status == API_HTTP_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL, node);
}

static void
api_set_cookie(SoupServerMessage *msg, const char *token)
{
	SoupMessageHeaders *h = soup_server_message_get_response_headers(msg);
	g_autofree char *value = NULL;

	if (token != NULL)
		value = g_strconcat(API_SESSION_COOKIE "=", token, API_COOKIE_ATTRS, NULL);
	else
		value = g_strdup(API_SESSION_COOKIE "=; Max-Age=0" API_COOKIE_ATTRS);
	soup_message_headers_append(h, "Set-Cookie", value);
}

static void
api_client_address(SoupServerMessage *msg, char *out, size_t len)
{
	const char *host = soup_server_message_get_remote_host(msg);

	api_addr_normalize(host ? host : "unknown", out, len);
}

/* Body limit -------------------------------------------------------------- */

static void
api_body_too_large(SoupServerMessage *msg)
{
	SoupMessageBody *body = soup_server_message_get_request_body(msg);

	/* libsoup still reads what the client sends; keep none of it, and
	 * close the connection afterwards. */
	soup_message_body_set_accumulate(body, FALSE);
	soup_message_body_truncate(body);
	soup_message_headers_replace(soup_server_message_get_response_headers(msg),
	    "Connection", "close");
	api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
	    "request body is larger than %d KiB", API_BODY_MAX / 1024);
}

static void
api_got_chunk(SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
	if (soup_server_message_get_status(msg) != 0)
		return;
	if (soup_server_message_get_request_body(msg)->length > API_BODY_MAX)
		api_body_too_large(msg);
}

/* Runs once the headers are in, before any body is read: a declared
 * oversized body is refused at once, a chunked one as soon as it grows
 * past the limit. */
static void
api_early(SoupServer *server, SoupServerMessage *msg, const char *path,
    GHashTable *query, gpointer user_data)
{
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);

	api_security_headers(msg);
	if (soup_message_headers_get_encoding(req) == SOUP_ENCODING_CONTENT_LENGTH &&
	    soup_message_headers_get_content_length(req) > API_BODY_MAX) {
		api_body_too_large(msg);
		return;
	}
	g_signal_connect(msg, "got-chunk", G_CALLBACK(api_got_chunk), NULL);
}

/* Sessions ---------------------------------------------------------------- */

/* Fills SESS from the request's cookie, or replies 401 and returns false. */
static bool
api_session_require(struct api_server *api, SoupServerMessage *msg,
    struct store_session *sess)
{
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);
	const char *cookie = soup_message_headers_get_one(req, "Cookie");
	char token[API_TOKEN_HEX_LEN + 1], sha[API_SHA256_HEX_LEN + 1];
	enum api_session_verdict verdict;
	int64_t now_us = g_get_real_time();
	int rc;

	rc = api_cookie_find(cookie, API_SESSION_COOKIE, token, sizeof(token));
	if (rc < 0 || !api_token_valid(token) ||
	    api_sha256_hex(token, sha, sizeof(sha)) < 0) {
		OPENSSL_cleanse(token, sizeof(token));
		if (rc != -ENOENT)
			api_set_cookie(msg, NULL);
		api_reply_error(msg, SOUP_STATUS_UNAUTHORIZED, "not logged in");
		return false;
	}
	OPENSSL_cleanse(token, sizeof(token));
	rc = store_session_get(api->d->store, sha, sess);
	if (rc == -ENOENT) {
		api_set_cookie(msg, NULL);
		api_reply_error(msg, SOUP_STATUS_UNAUTHORIZED, "not logged in");
		return false;
	}
	if (rc < 0) {
		log_warnx("api: reading a session failed: %s", g_strerror(-rc));
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot read the session store: see the daemon's log");
		return false;
	}
	verdict = api_session_check(sess, now_us);
	if (verdict != API_SESSION_OK || strcmp(sess->user, STORE_ADMIN_USER) != 0) {
		log_info("api: session of %s from %s ended: %s", sess->user,
		    sess->address, api_session_verdict_name(verdict));
		(void)store_session_delete(api->d->store, sha);
		api_set_cookie(msg, NULL);
		api_reply_error(msg, SOUP_STATUS_UNAUTHORIZED,
		    "not logged in: the session %s; log in again",
		    verdict == API_SESSION_IDLE ? "was idle too long" : "expired");
		return false;
	}
	if (now_us - sess->last_seen_us >= API_SESSION_TOUCH_US) {
		rc = store_session_touch(api->d->store, sha, now_us);
		if (rc < 0)
			log_warnx("api: touching a session failed: %s", g_strerror(-rc));
		sess->last_seen_us = now_us;
	}
	return true;
}

static bool
api_method_safe(const char *method)
{
	return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

static void
api_dispatch(struct api_server *api, SoupServerMessage *msg, const char *path)
{
	const char *method = soup_server_message_get_method(msg);
	const struct api_route *route = NULL;
	g_autoptr(GString) allow = g_string_new(NULL);
	struct store_session sess;

	for (size_t i = 0; i < G_N_ELEMENTS(api_routes); i++) {
		if (strcmp(api_routes[i].path, path) != 0)
			continue;
		if (strcmp(api_routes[i].method, method) == 0)
			route = &api_routes[i];
		else
			g_string_append_printf(allow, "%s%s", allow->len ? ", " : "",
			    api_routes[i].method);
	}
	if (route == NULL && allow->len == 0) {
		api_reply_error(msg, SOUP_STATUS_NOT_FOUND, "no API endpoint %s", path);
		return;
	}
	if (route == NULL) {
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Allow", allow->str);
		api_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
		    "%s is not allowed on %s: use %s", method, path, allow->str);
		return;
	}
	if (route->auth == API_AUTH_NONE) {
		route->fn(api, msg, NULL);
		return;
	}
	if (!api_session_require(api, msg, &sess))
		return;
	/* The cookie goes along with any request the browser makes, even
	 * one another site triggers; the CSRF token only our own page can
	 * read and send.  SameSite=Strict is the second fence. */
	if (!api_method_safe(method) &&
	    !api_csrf_equal(sess.csrf, soup_message_headers_get_one(
		soup_server_message_get_request_headers(msg), API_CSRF_HEADER))) {
		api_reply_error(msg, SOUP_STATUS_FORBIDDEN,
		    "missing or wrong " API_CSRF_HEADER " header: send the csrf value "
		    "from the login response");
		return;
	}
	route->fn(api, msg, &sess);
}

/* Login ------------------------------------------------------------------- */

struct api_login {
	struct api_server *api;
	SoupServerMessage *msg;
	char addr[API_ADDR_MAX];
	char *password;
	char *hash;
	bool gone;               /* the client went away while we hashed */
};

static void
api_login_free(struct api_login *l)
{
	if (l->password != NULL) {
		OPENSSL_cleanse(l->password, strlen(l->password));
		g_free(l->password);
	}
	g_free(l->hash);
	g_object_unref(l->msg);
	api_server_unref(l->api);
	g_free(l);
}

static void
api_login_gone(SoupServerMessage *msg, gpointer user_data)
{
	((struct api_login *)user_data)->gone = true;
}

/* Worker thread: nothing here may touch the daemon's state. */
static void
api_login_verify(GTask *task, gpointer source, gpointer task_data,
    GCancellable *cancellable)
{
	struct api_login *l = task_data;

	g_task_return_int(task, pw_verify(l->password, l->hash));
}

static void
api_login_succeeded(struct api_server *api, SoupServerMessage *msg,
    const char *addr)
{
	struct hpd *d = api->d;
	struct store_session s;
	char token[API_TOKEN_HEX_LEN + 1];
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) node = NULL;
	int64_t now_us = g_get_real_time();
	int rc;

	memset(&s, 0, sizeof(s));
	if (api_token_new(token, sizeof(token)) < 0 ||
	    api_token_new(s.csrf, sizeof(s.csrf)) < 0 ||
	    api_sha256_hex(token, s.token_sha256, sizeof(s.token_sha256)) < 0) {
		log_warnx("api: no random bytes for a session token");
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot make a session token: see the daemon's log");
		return;
	}
	g_strlcpy(s.user, STORE_ADMIN_USER, sizeof(s.user));
	g_strlcpy(s.address, addr, sizeof(s.address));
	s.created_us = now_us;
	s.last_seen_us = now_us;
	s.expires_us = now_us + API_SESSION_MAX_US;
	rc = store_session_add(d->store, &s);
	if (rc < 0) {
		OPENSSL_cleanse(token, sizeof(token));
		log_warnx("api: storing a session failed: %s", g_strerror(-rc));
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot store the session: see the daemon's log");
		return;
	}
	api_rl_clear(api->rl, addr);
	hpd_event(d, EV_NOTICE, API_SUBSYSTEM, 0, "admin logged in from %s", addr);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "csrf");
	json_builder_add_string_value(b, s.csrf);
	json_builder_set_member_name(b, "expires_s");
	json_builder_add_int_value(b, API_SESSION_MAX_US / G_USEC_PER_SEC);
	json_builder_set_member_name(b, "idle_timeout_s");
	json_builder_add_int_value(b, API_SESSION_IDLE_US / G_USEC_PER_SEC);
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	api_set_cookie(msg, token);
	OPENSSL_cleanse(token, sizeof(token));
	api_reply_node(msg, SOUP_STATUS_OK, NULL, node);
}

static void
api_login_done(GObject *source, GAsyncResult *result, gpointer user_data)
{
	struct api_login *l = user_data;
	struct api_server *api = l->api;
	GError *error = NULL;
	int rc;

	rc = (int)g_task_propagate_int(G_TASK(result), &error);
	g_clear_error(&error);
	api->logins_in_flight--;
	g_signal_handlers_disconnect_by_data(l->msg, l);
	if (api->d == NULL || l->gone) {
		/* Stopped, or nobody is waiting for the answer; a failure
		 * still counts against the address. */
		if (api->d != NULL && rc == -EACCES)
			(void)api_rl_fail(api->rl, l->addr, g_get_monotonic_time());
		api_login_free(l);
		return;
	}

	if (rc == 0) {
		api_login_succeeded(api, l->msg, l->addr);
	} else if (rc == -EACCES) {
		hpd_event(api->d, EV_WARNING, API_SUBSYSTEM, 0,
		    "failed login from %s", l->addr);
		if (api_rl_fail(api->rl, l->addr, g_get_monotonic_time()))
			hpd_event(api->d, EV_WARNING, API_SUBSYSTEM, 0,
			    "logins from %s refused for up to %d s after %d failures",
			    l->addr, (int)(API_RL_WINDOW_US / G_USEC_PER_SEC),
			    API_RL_MAX_FAILURES);
		api_reply_error(l->msg, SOUP_STATUS_UNAUTHORIZED, "wrong password");
	} else {
		hpd_event(api->d, EV_ERROR, API_SUBSYSTEM, 0,
		    "the stored admin password hash cannot be checked (%s): "
		    "set the password again with 'hapairctl passwd'", g_strerror(-rc));
		api_reply_error(l->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "the stored password cannot be checked: run 'hapairctl passwd' on the node");
	}
	soup_server_message_unpause(l->msg);
	api_login_free(l);
}

/* Reads {"password": "..."} from the body into *PASSWORD, or replies 400. */
static bool
api_login_parse(SoupServerMessage *msg, char **password)
{
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonNode *root, *member;
	const char *pw;
	gsize len;
	const char *data;

	/* Also a CSRF guard: a cross-site form cannot send this type. */
	if (!api_content_type_is_json(soup_message_headers_get_one(req, "Content-Type"))) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
		    "Content-Type must be " API_MIME_JSON);
		return false;
	}
	bytes = soup_message_body_flatten(body);
	data = g_bytes_get_data(bytes, &len);
	if (len == 0 || !json_parser_load_from_data(parser, data, (gssize)len, &error)) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
		    "request body is not JSON: %s",
		    error ? error->message : "it is empty");
		return false;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
		    "request body must be a JSON object: {\"password\": \"...\"}");
		return false;
	}
	member = json_object_get_member(json_node_get_object(root), "password");
	if (member == NULL) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"password\" is missing");
		return false;
	}
	if (!JSON_NODE_HOLDS_VALUE(member) ||
	    json_node_get_value_type(member) != G_TYPE_STRING) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"password\" must be a string");
		return false;
	}
	pw = json_node_get_string(member);
	if (strlen(pw) > PW_MAX_LENGTH) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
		    "password is longer than %d characters", PW_MAX_LENGTH);
		return false;
	}
	*password = g_strdup(pw);
	return true;
}

static void
api_login(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *unused)
{
	struct api_login *l;
	char addr[API_ADDR_MAX], local[API_ADDR_MAX];
	char *password = NULL, *hash = NULL;
	unsigned wait_s;
	GTask *task;
	int rc;

	api_client_address(msg, addr, sizeof(addr));
	if (api_request_local_address(msg, local, sizeof(local)) == 0)
		log_debug("api: login attempt from %s to %s", addr, local);
	/* Before anything else: a blocked address learns nothing, not even
	 * whether its password was right. */
	wait_s = api_rl_blocked_s(api->rl, addr, g_get_monotonic_time());
	if (wait_s > 0) {
		g_autofree char *retry = g_strdup_printf("%u", wait_s);

		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Retry-After", retry);
		api_reply_error(msg, API_HTTP_TOO_MANY_REQUESTS,
		    "too many failed logins from %s; try again in %u s", addr, wait_s);
		return;
	}
	if (!api_login_parse(msg, &password))
		return;
	if (api->logins_in_flight >= API_LOGIN_MAX_IN_FLIGHT) {
		OPENSSL_cleanse(password, strlen(password));
		g_free(password);
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Retry-After", "1");
		api_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
		    "too many logins are being checked at once; try again in 1 s");
		return;
	}
	rc = store_user_get_hash(api->d->store, STORE_ADMIN_USER, &hash);
	if (rc < 0) {
		OPENSSL_cleanse(password, strlen(password));
		g_free(password);
		if (rc == -ENOENT) {
			api_reply_error(msg, SOUP_STATUS_UNAUTHORIZED,
			    "no admin password is set: run 'hapairctl passwd' on the node");
		} else {
			log_warnx("api: reading the admin password hash failed: %s",
			    g_strerror(-rc));
			api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
			    "cannot read the password store: see the daemon's log");
		}
		return;
	}

	l = g_new0(struct api_login, 1);
	l->api = api_server_ref(api);
	l->msg = g_object_ref(msg);
	g_strlcpy(l->addr, addr, sizeof(l->addr));
	l->password = password;
	/* store returns malloc'd memory; the task frees with g_free. */
	l->hash = g_strdup(hash);
	free(hash);
	g_signal_connect(msg, "disconnected", G_CALLBACK(api_login_gone), l);
	g_signal_connect(msg, "finished", G_CALLBACK(api_login_gone), l);
	api->logins_in_flight++;

	soup_server_message_pause(msg);
	task = g_task_new(NULL, NULL, api_login_done, l);
	g_task_set_task_data(task, l, NULL);
	g_task_run_in_thread(task, api_login_verify);
	g_object_unref(task);
}

/* Logout and status ------------------------------------------------------- */

static void
api_logout(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) node = NULL;
	char addr[API_ADDR_MAX];
	int rc;

	rc = store_session_delete(api->d->store, sess->token_sha256);
	if (rc < 0 && rc != -ENOENT) {
		log_warnx("api: deleting a session failed: %s", g_strerror(-rc));
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot end the session: see the daemon's log");
		return;
	}
	api_client_address(msg, addr, sizeof(addr));
	hpd_event(api->d, EV_INFO, API_SUBSYSTEM, 0, "admin logged out from %s", addr);
	api_set_cookie(msg, NULL);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "logged_out");
	json_builder_add_boolean_value(b, TRUE);
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	api_reply_node(msg, SOUP_STATUS_OK, NULL, node);
}

/* The session's facts, csrf included: a page reloaded or opened in a new
 * tab has the cookie but not the login response.  Only our own origin can
 * read this (no CORS headers), so the token stays out of other sites' reach. */
static void
api_session(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) node = NULL;
	int64_t now_us = g_get_real_time();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "user");
	json_builder_add_string_value(b, sess->user);
	json_builder_set_member_name(b, "csrf");
	json_builder_add_string_value(b, sess->csrf);
	json_builder_set_member_name(b, "expires_s");
	json_builder_add_int_value(b, MAX(sess->expires_us - now_us, 0) / G_USEC_PER_SEC);
	json_builder_set_member_name(b, "idle_timeout_s");
	json_builder_add_int_value(b, API_SESSION_IDLE_US / G_USEC_PER_SEC);
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	api_reply_node(msg, SOUP_STATUS_OK, NULL, node);
}

static void
api_status(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonNode) node = NULL;

	cluster_status_watched(api->d);
	node = status_build(api->d);
	if (node == NULL) {
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot build the status: see the daemon's log");
		return;
	}
	api_reply_node(msg, SOUP_STATUS_OK, NULL, node);
}

/* Static files ------------------------------------------------------------ */

static void
api_static(struct api_server *api, SoupServerMessage *msg, const char *path)
{
	const char *method = soup_server_message_get_method(msg);
	char rel[PATH_MAX], root[PATH_MAX], real[PATH_MAX];
	g_autofree char *full = NULL;
	g_autofree char *data = NULL;
	SoupMessageHeaders *h;
	struct stat st;
	size_t root_len;
	gsize len;

	if (!api_method_safe(method)) {
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Allow", "GET, HEAD");
		api_reply_error(msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
		    "%s is not allowed on %s: use GET", method, path);
		return;
	}
	/* Every refusal is the same 404: a prober learns nothing about
	 * which files exist outside the directory. */
	if (api_static_path(path, rel, sizeof(rel)) < 0 ||
	    realpath(api->d->cfg.www_dir, root) == NULL)
		goto not_found;
	full = g_build_filename(root, rel, NULL);
	/* Resolving symlinks, then requiring the result below the root,
	 * refuses links that lead out of the directory. */
	if (realpath(full, real) == NULL)
		goto not_found;
	root_len = strlen(root);
	if (strcmp(root, "/") != 0 &&
	    (strncmp(real, root, root_len) != 0 || real[root_len] != '/'))
		goto not_found;
	if (stat(real, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > API_STATIC_MAX)
		goto not_found;
	/* Local, small files: reading them inline costs less than a thread. */
	if (!g_file_get_contents(real, &data, &len, NULL))
		goto not_found;

	h = soup_server_message_get_response_headers(msg);
	api_security_headers(msg);
	/* Revalidate every time: an upgrade replaces the UI in place. */
	soup_message_headers_replace(h, "Cache-Control", "no-cache");
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, api_mime_type(rel), SOUP_MEMORY_TAKE,
	    g_steal_pointer(&data), len);
	return;
not_found:
	api_reply_error(msg, SOUP_STATUS_NOT_FOUND, "not found: %s", path);
}

static void
api_handle(SoupServer *server, SoupServerMessage *msg, const char *path,
    GHashTable *query, gpointer user_data)
{
	struct api_server *api = user_data;

	api_security_headers(msg);
	if (api->d == NULL) {
		api_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "hapaird is stopping");
		return;
	}
	if (g_str_has_prefix(path, API_PREFIX) || strcmp(path, "/api") == 0)
		api_dispatch(api, msg, path);
	else
		api_static(api, msg, path);
}

/* Start and stop ---------------------------------------------------------- */

static gboolean
api_purge(gpointer user_data)
{
	struct api_server *api = user_data;
	int rc;

	rc = store_session_purge(api->d->store, g_get_real_time(), API_SESSION_IDLE_US);
	if (rc < 0)
		log_warnx("api: purging expired sessions failed: %s", g_strerror(-rc));
	api_rl_expire(api->rl, g_get_monotonic_time());
	return G_SOURCE_CONTINUE;
}

static GTlsCertificate *
api_load_certificate(struct hpd *d, GError **error)
{
	char dir[PATH_MAX], err[512];
	struct api_tls_material tls;
	GTlsCertificate *cert;
	int rc;

	cfg_tls_dir(&d->cfg, dir, sizeof(dir));
	rc = api_tls_prepare(dir, d->cfg.node_name, d->cfg.api_address, &tls,
	    err, sizeof(err));
	if (rc < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(-rc),
		    "HTTPS certificate: %s", err);
		return NULL;
	}
	if (!g_tls_backend_supports_tls(g_tls_backend_get_default())) {
		api_tls_material_clear(&tls);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		    "GLib has no TLS backend: install glib-networking");
		return NULL;
	}
	cert = g_tls_certificate_new_from_pem(tls.pem, -1, error);
	if (cert == NULL) {
		api_tls_material_clear(&tls);
		g_prefix_error(error, "HTTPS certificate in %s: ", dir);
		return NULL;
	}
	log_notice("api: %s certificate %s/%s, SHA-256 fingerprint %s",
	    tls.created ? "made a self-signed" : "using the", dir,
	    API_TLS_CERT_FILE, tls.fingerprint);
	api_tls_material_clear(&tls);
	return cert;
}

int
api_start(struct hpd *d, GError **error)
{
	g_autoptr(GTlsCertificate) cert = NULL;
	g_autoptr(GInetAddress) addr = NULL;
	g_autoptr(GSocketAddress) sa = NULL;
	struct api_server *api;
	bool v6, ok;

	cert = api_load_certificate(d, error);
	if (cert == NULL)
		return -EINVAL;
	addr = g_inet_address_new_from_string(d->cfg.api_address);
	if (addr == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
		    "[api] address \"%s\" is not an IP address: set it to one of this "
		    "node's addresses, or 0.0.0.0 or :: for all", d->cfg.api_address);
		return -EINVAL;
	}

	api = g_new0(struct api_server, 1);
	api->refs = 1;
	api->d = d;
	api->rl = api_rl_new(API_RL_MAX_ADDRESSES);
	api->soup = soup_server_new("tls-certificate", cert, "server-header", "hapair", NULL);
	soup_server_add_early_handler(api->soup, NULL, api_early, api, NULL);
	soup_server_add_handler(api->soup, NULL, api_handle, api, NULL);

	sa = g_inet_socket_address_new(addr, d->cfg.api_port);
	v6 = g_inet_address_get_family(addr) == G_SOCKET_FAMILY_IPV6;
	/* libsoup makes IPv6 sockets v6-only; an admin who writes "::"
	 * means every address, so IPv4 gets its own socket too. */
	if (v6 && g_inet_address_get_is_any(addr))
		ok = soup_server_listen_all(api->soup, d->cfg.api_port,
		    SOUP_SERVER_LISTEN_HTTPS, error);
	else
		ok = soup_server_listen(api->soup, sa, SOUP_SERVER_LISTEN_HTTPS, error);
	if (!ok) {
		g_prefix_error(error, "cannot listen on %s%s%s:%u: ", v6 ? "[" : "",
		    d->cfg.api_address, v6 ? "]" : "", (unsigned)d->cfg.api_port);
		g_object_unref(api->soup);
		api->d = NULL;
		api_server_unref(api);
		return -EADDRNOTAVAIL;
	}
	api->purge_id = g_timeout_add_seconds(API_PURGE_INTERVAL_S, api_purge, api);
	d->api = api;
	log_notice("api: listening on https://%s%s%s:%u/", v6 ? "[" : "",
	    d->cfg.api_address, v6 ? "]" : "", (unsigned)d->cfg.api_port);
	return 0;
}

void
api_stop(struct hpd *d)
{
	struct api_server *api = d->api;

	if (api == NULL)
		return;
	d->api = NULL;
	if (api->purge_id != 0)
		g_source_remove(api->purge_id);
	/* Logins still hashing hold a reference; they see d == NULL when
	 * they finish and only clean up. */
	api->d = NULL;
	soup_server_disconnect(api->soup);
	g_clear_object(&api->soup);
	api_server_unref(api);
}
