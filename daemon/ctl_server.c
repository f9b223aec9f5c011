/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ctl_server: accepts hapairctl connections on run_dir/hapaird.sock.
 *
 * Each connection carries one request line and gets one reply line.  Reads
 * and writes are asynchronous, so a stuck client never holds up the loop,
 * and request lines are capped so a bad client cannot grow our memory.
 * Only root (or the daemon's own uid, for tests) may talk to us: the socket
 * is mode 0600 and the peer's credentials are checked on accept. */
#include <errno.h>
#include <gio/gio.h>
#include <net/if.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl_proto.h"
#include "ctl_server.h"
#include "hp_log.h"
#include "job_create.h"
#include "job_run.h"
#include "job_dissolve.h"
#include "job_power.h"
#include "job_repair.h"
#include "job_takeover.h"
#include "operate.h"
#include "preflight_collect.h"
#include "pw.h"
#include "status.h"

struct ctl_server {
	GSocketService *service;
	char path[256];
};

struct ctl_conn {
	struct hpd *d;
	GSocketConnection *conn;
	GString *buf;
	char chunk[4096];
};

static void ctl_conn_reply(struct ctl_conn *c, gchar *line);

static void
ctl_conn_free(struct ctl_conn *c)
{
	g_io_stream_close(G_IO_STREAM(c->conn), NULL, NULL);
	g_object_unref(c->conn);
	g_string_free(c->buf, TRUE);
	g_free(c);
}

/* ---------------------------------------------------------------- commands */

static void
ctl_cmd_status(struct ctl_conn *c, JsonObject *req)
{
	ctl_conn_reply(c, ctl_reply_ok(status_build(c->d)));
}

static void
ctl_cmd_version(struct ctl_conn *c, JsonObject *req)
{
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	JsonObject *o = json_object_new();

	json_object_set_string_member(o, "version", PACKAGE_VERSION);
	json_object_set_string_member(o, "node", c->d->cfg.node_name);
	json_node_take_object(n, o);
	ctl_conn_reply(c, ctl_reply_ok(n));
}

static int
ctl_log_add(const struct ev_event *ev, void *arg)
{
	json_array_add_element(arg, ev_to_json(ev));
	return 0;
}

static void
ctl_cmd_log(struct ctl_conn *c, JsonObject *req)
{
	struct store_event_filter f = { 0 };
	JsonArray *arr;
	JsonNode *n;
	const char *sev = json_object_get_string_member_with_default(req, "severity", NULL);
	gint64 limit = json_object_get_int_member_with_default(req, "limit", 100);

	f.since_us = json_object_get_int_member_with_default(req, "since_us", 0);
	f.node = json_object_get_string_member_with_default(req, "node", NULL);
	f.text = json_object_get_string_member_with_default(req, "text", NULL);
	if (sev != NULL && ev_severity_parse(sev, &f.min_severity) != 0) {
		ctl_conn_reply(c, ctl_reply_error("unknown severity '%s': use debug, info, "
		    "notice, warning or error", sev));
		return;
	}
	if (limit < 1 || limit > CTL_LOG_LIMIT_MAX) {
		ctl_conn_reply(c, ctl_reply_error("limit must be from 1 to %d", CTL_LOG_LIMIT_MAX));
		return;
	}
	f.limit = (unsigned)limit;
	arr = json_array_new();
	if (store_events_list(c->d->store, &f, ctl_log_add, arr) != 0) {
		json_array_unref(arr);
		ctl_conn_reply(c, ctl_reply_error("cannot read the event log from the database; "
		    "see the daemon log"));
		return;
	}
	n = json_node_new(JSON_NODE_ARRAY);
	json_node_take_array(n, arr);
	ctl_conn_reply(c, ctl_reply_ok(n));
}

/* scrypt costs tens of milliseconds: hash in a worker thread. */
static void
ctl_passwd_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
	char *hash = g_malloc(PW_ENCODED_MAX);

	if (pw_hash(data, hash, PW_ENCODED_MAX) != 0) {
		g_free(hash);
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_FAILED, "hashing failed");
		return;
	}
	g_task_return_pointer(task, hash, g_free);
}

static void
ctl_passwd_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct ctl_conn *c = user_data;
	char *hash = g_task_propagate_pointer(G_TASK(res), NULL);

	if (hash == NULL) {
		ctl_conn_reply(c, ctl_reply_error("could not hash the password (OpenSSL failed); "
		    "see the daemon log"));
		return;
	}
	if (store_user_set_hash(c->d->store, STORE_ADMIN_USER, hash) != 0) {
		ctl_conn_reply(c, ctl_reply_error("could not store the password; nothing was "
		    "changed; see the daemon log"));
	} else {
		hpd_event(c->d, EV_NOTICE, "ctl", 0, "admin password changed with hapairctl");
		ctl_conn_reply(c, ctl_reply_ok(NULL));
	}
	g_free(hash);
}

static void
ctl_cmd_passwd(struct ctl_conn *c, JsonObject *req)
{
	const char *pw = json_object_get_string_member_with_default(req, "password", NULL);
	const char *why;
	GTask *task;

	if (pw == NULL) {
		ctl_conn_reply(c, ctl_reply_error("malformed request: \"password\" must be a string"));
		return;
	}
	if ((why = pw_check_policy(pw)) != NULL) {
		ctl_conn_reply(c, ctl_reply_error("%s; the password was not changed", why));
		return;
	}
	task = g_task_new(NULL, NULL, ctl_passwd_done, c);
	g_task_set_task_data(task, g_strdup(pw), g_free);
	g_task_run_in_thread(task, ctl_passwd_thread);
	g_object_unref(task);
}

static void
ctl_preflight_done(struct hpd *d, const struct preflight_report *report,
    const struct preflight_facts *local, const struct preflight_facts *peer, void *arg)
{
	ctl_conn_reply(arg, ctl_reply_ok(preflight_report_to_json(report, local, peer)));
}

/* Create-cluster preflight: changes nothing anywhere; the reply is the
 * report, whether or not checks failed. */
static void
ctl_cmd_preflight(struct ctl_conn *c, JsonObject *req)
{
	struct cluster_req r;
	struct preflight_params p;
	char err[512];

	if (cluster_req_parse(req, c->d->cfg.node_name, &r, err, sizeof(err)) != 0) {
		ctl_conn_reply(c, ctl_reply_error("%s", err));
		return;
	}
	cluster_req_preflight_params(&r, &p);
	preflight_run(c->d, &p, ctl_preflight_done, c);   /* copies the password */
	cluster_req_clear(&r);
}

/* {"job": ID}: the reply of a command that started a job */
static void
ctl_reply_job(struct ctl_conn *c, int64_t id)
{
	JsonObject *o = json_object_new();
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);

	json_object_set_int_member(o, "job", id);
	json_node_take_object(n, o);
	ctl_conn_reply(c, ctl_reply_ok(n));
}

/* Create cluster: the job starts (after its own preflight); the reply is
 * its id, to follow with "job". */
static void
ctl_cmd_create(struct ctl_conn *c, JsonObject *req)
{
	struct cluster_req r;
	char err[512];
	int64_t id;
	int rc;

	if (cluster_req_parse(req, c->d->cfg.node_name, &r, err, sizeof(err)) != 0) {
		ctl_conn_reply(c, ctl_reply_error("%s", err));
		return;
	}
	rc = job_create_start(c->d, &r, &id, err, sizeof(err));
	cluster_req_clear(&r);
	if (rc != 0) {
		ctl_conn_reply(c, ctl_reply_error("%s", err));
		return;
	}
	ctl_reply_job(c, id);
}

/* The answer to a takeover or power request, judged on a fresh snapshot. */
static void
ctl_job_answer(struct hpd *d, int rc, int64_t id, const char *err, void *arg)
{
	struct ctl_conn *c = arg;

	if (rc != 0)
		ctl_conn_reply(c, ctl_reply_error("%s", err));
	else
		ctl_reply_job(c, id);
}

/* Takeover: local root may always ask (the API only through the failover
 * IP); the reply is the job's id, to follow with "job". */
static void
ctl_cmd_takeover(struct ctl_conn *c, JsonObject *req)
{
	struct job_takeover_req tr = { .via_failover_ip_required = false };

	job_takeover_request(c->d, &tr, ctl_job_answer, c);
}

/* {"node", "reboot", "force"}: Restart or Shut down node (job_power.h) */
static void
ctl_cmd_power(struct ctl_conn *c, JsonObject *req)
{
	job_power_request(c->d, json_object_get_string_member_with_default(req, "node", NULL),
	    json_object_get_boolean_member_with_default(req, "reboot", FALSE),
	    json_object_get_boolean_member_with_default(req, "force", FALSE), ctl_job_answer, c);
}

/* {"keep", "keep_address", "no_shutdown", "interface"}: Dissolve cluster;
 * local root is on a node's own address by definition. */
static void
ctl_cmd_dissolve(struct ctl_conn *c, JsonObject *req)
{
	struct job_dissolve_req dr = {
		.keep = json_object_get_string_member_with_default(req, "keep", NULL),
		.keep_address = json_object_get_boolean_member_with_default(req, "keep_address",
		    FALSE),
		.no_shutdown = json_object_get_boolean_member_with_default(req, "no_shutdown",
		    FALSE),
		.interface = json_object_get_string_member_with_default(req, "interface", NULL),
	};
	char err[512];
	int64_t id;

	if (job_dissolve_start(c->d, &dr, &id, err, sizeof(err)) != 0) {
		ctl_conn_reply(c, ctl_reply_error("%s", err));
		return;
	}
	ctl_reply_job(c, id);
}

/* {"survivor"}: Repair split brain (job_repair.h) */
static void
ctl_cmd_repair(struct ctl_conn *c, JsonObject *req)
{
	char err[512];
	int64_t id;

	if (job_repair_start(c->d, json_object_get_string_member_with_default(req, "survivor",
	    NULL), &id, err, sizeof(err)) != 0) {
		ctl_conn_reply(c, ctl_reply_error("%s", err));
		return;
	}
	ctl_reply_job(c, id);
}

static void
ctl_operate_done(struct hpd *d, int rc, const char *error, void *arg)
{
	ctl_conn_reply(arg, rc == 0 ? ctl_reply_ok(NULL) : ctl_reply_error("%s", error));
}

/* {"on": bool}: cluster-wide maintenance mode (operate.h) */
static void
ctl_cmd_maintenance(struct ctl_conn *c, JsonObject *req)
{
	operate_maintenance(c->d, json_object_get_boolean_member_with_default(req, "on", FALSE),
	    ctl_operate_done, c);
}

/* {"node", "on", "force"}: a node's standby (operate.h) */
static void
ctl_cmd_standby(struct ctl_conn *c, JsonObject *req)
{
	operate_standby(c->d, json_object_get_string_member_with_default(req, "node", NULL),
	    json_object_get_boolean_member_with_default(req, "on", FALSE),
	    json_object_get_boolean_member_with_default(req, "force", FALSE),
	    ctl_operate_done, c);
}

/* One job, running or ended (job_run_describe). */
static void
ctl_cmd_job(struct ctl_conn *c, JsonObject *req)
{
	int64_t id = json_object_get_int_member_with_default(req, "id", 0);
	JsonNode *n = job_run_describe(c->d, id);

	if (n == NULL)
		ctl_conn_reply(c, ctl_reply_error("there is no job %" G_GINT64_FORMAT, id));
	else
		ctl_conn_reply(c, ctl_reply_ok(n));
}

static const struct {
	const char *name;
	void (*fn)(struct ctl_conn *c, JsonObject *req);
} ctl_commands[] = {
	{ "create", ctl_cmd_create },
	{ "dissolve", ctl_cmd_dissolve },
	{ "repair-split-brain", ctl_cmd_repair },
	{ "job", ctl_cmd_job },
	{ "maintenance", ctl_cmd_maintenance },
	{ "power", ctl_cmd_power },
	{ "standby", ctl_cmd_standby },
	{ "takeover", ctl_cmd_takeover },
	{ "status", ctl_cmd_status },
	{ "version", ctl_cmd_version },
	{ "log", ctl_cmd_log },
	{ "passwd", ctl_cmd_passwd },
	{ "preflight", ctl_cmd_preflight },
};

static void
ctl_dispatch(struct ctl_conn *c, const char *line, gsize len)
{
	gchar *error = NULL;
	JsonObject *req = ctl_request_parse(line, len, &error);
	const char *cmd;

	if (req == NULL) {
		ctl_conn_reply(c, ctl_reply_error("%s", error));
		g_free(error);
		return;
	}
	cmd = json_object_get_string_member(req, "cmd");
	for (size_t i = 0; i < G_N_ELEMENTS(ctl_commands); i++)
		if (strcmp(cmd, ctl_commands[i].name) == 0) {
			ctl_commands[i].fn(c, req);
			json_object_unref(req);
			return;
		}
	ctl_conn_reply(c, ctl_reply_error("unknown command '%s'", cmd));
	json_object_unref(req);
}

/* ---------------------------------------------------------------- I/O */

static void
ctl_write_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct ctl_conn *c = user_data;
	GError *err = NULL;

	if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(src), res, NULL, &err)) {
		log_debug("ctl: client went away before the reply: %s", err->message);
		g_error_free(err);
	}
	ctl_conn_free(c);
}

/* Takes ownership of LINE. */
static void
ctl_conn_reply(struct ctl_conn *c, gchar *line)
{
	GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(c->conn));
	gsize len = strlen(line);

	g_string_truncate(c->buf, 0);
	g_string_append_len(c->buf, line, (gssize)len);
	g_free(line);
	g_output_stream_write_all_async(out, c->buf->str, c->buf->len, G_PRIORITY_DEFAULT,
	    NULL, ctl_write_done, c);
}

static void
ctl_read_more(struct ctl_conn *c);

static void
ctl_read_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct ctl_conn *c = user_data;
	GError *err = NULL;
	gssize n = g_input_stream_read_finish(G_INPUT_STREAM(src), res, &err);
	char *nl;

	if (n <= 0) {
		if (err != NULL) {
			log_debug("ctl: read failed: %s", err->message);
			g_error_free(err);
		}
		ctl_conn_free(c);
		return;
	}
	g_string_append_len(c->buf, c->chunk, n);
	if ((nl = memchr(c->buf->str, '\n', c->buf->len)) != NULL) {
		gchar *line = g_strndup(c->buf->str, (gsize)(nl - c->buf->str));

		ctl_dispatch(c, line, strlen(line));
		g_free(line);
		return;
	}
	if (c->buf->len > CTL_REQUEST_MAX) {
		ctl_conn_reply(c, ctl_reply_error("request longer than %d bytes", CTL_REQUEST_MAX));
		return;
	}
	ctl_read_more(c);
}

static void
ctl_read_more(struct ctl_conn *c)
{
	GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(c->conn));

	g_input_stream_read_async(in, c->chunk, sizeof(c->chunk), G_PRIORITY_DEFAULT,
	    NULL, ctl_read_done, c);
}

static gboolean
ctl_incoming(GSocketService *svc, GSocketConnection *conn, GObject *src, gpointer user_data)
{
	struct hpd *d = user_data;
	GError *err = NULL;
	GCredentials *cred = g_socket_get_credentials(g_socket_connection_get_socket(conn), &err);
	uid_t uid = (uid_t)-1;
	struct ctl_conn *c;

	if (cred != NULL) {
		uid = g_credentials_get_unix_user(cred, NULL);
		g_object_unref(cred);
	} else {
		g_error_free(err);
	}
	if (uid != 0 && uid != geteuid()) {
		log_warnx("ctl: refused a connection from uid %d: the control socket is root-only",
		    (int)uid);
		return TRUE;     /* the connection is closed when its last ref goes */
	}
	c = g_new0(struct ctl_conn, 1);
	c->d = d;
	c->conn = g_object_ref(conn);
	c->buf = g_string_new(NULL);
	ctl_read_more(c);
	return TRUE;
}

int
ctl_server_start(struct hpd *d, char *err, size_t errlen)
{
	struct ctl_server *s = g_new0(struct ctl_server, 1);
	GSocketAddress *addr;
	GError *gerr = NULL;
	int rc;

	cfg_socket_path(&d->cfg, s->path, sizeof(s->path));
	/* A socket left by a crashed daemon: the pidfile lock already proved
	 * no other hapaird runs with this config, so it is ours to replace. */
	if (g_unlink(s->path) != 0 && errno != ENOENT) {
		rc = -errno;
		snprintf(err, errlen, "cannot remove the old socket %s: %s", s->path, strerror(errno));
		g_free(s);
		return rc;
	}
	s->service = g_socket_service_new();
	addr = g_unix_socket_address_new(s->path);
	if (!g_socket_listener_add_address(G_SOCKET_LISTENER(s->service), addr,
	    G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &gerr)) {
		snprintf(err, errlen, "cannot listen on %s: %s", s->path, gerr->message);
		g_error_free(gerr);
		g_object_unref(addr);
		g_object_unref(s->service);
		g_free(s);
		return -EADDRINUSE;
	}
	g_object_unref(addr);
	if (chmod(s->path, 0600) != 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot restrict %s to mode 0600: %s", s->path, strerror(errno));
		g_socket_service_stop(s->service);
		g_object_unref(s->service);
		g_free(s);
		return rc;
	}
	g_signal_connect(s->service, "incoming", G_CALLBACK(ctl_incoming), d);
	g_socket_service_start(s->service);
	d->ctl = s;
	return 0;
}

void
ctl_server_stop(struct hpd *d)
{
	struct ctl_server *s = d->ctl;

	if (s == NULL)
		return;
	g_socket_service_stop(s->service);
	g_socket_listener_close(G_SOCKET_LISTENER(s->service));
	g_object_unref(s->service);
	g_unlink(s->path);
	g_free(s);
	d->ctl = NULL;
}
