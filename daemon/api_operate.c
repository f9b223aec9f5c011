/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_operate: Takeover, maintenance mode and node standby over HTTPS (see
 * api_internal.h); the same checks as hapairctl through job_takeover.h and
 * operate.h. */
#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "api_internal.h"
#include "hpd.h"
#include "job_dissolve.h"
#include "job_power.h"
#include "job_repair.h"
#include "job_takeover.h"
#include "operate.h"
#include "store.h"

/* The address the request reached, as text, into BUF ("" if unknown). */
static void
api_local_address(SoupServerMessage *msg, char *buf, size_t len)
{
	GSocketAddress *sa = soup_server_message_get_local_address(msg);
	gchar *s;

	*buf = '\0';
	if (sa == NULL || !G_IS_INET_SOCKET_ADDRESS(sa))
		return;
	s = g_inet_address_to_string(g_inet_socket_address_get_address(
	    G_INET_SOCKET_ADDRESS(sa)));
	/* an IPv4 client on a dual-stack socket: ::ffff:10.98.0.10 */
	g_strlcpy(buf, g_str_has_prefix(s, "::ffff:") && strchr(s, '.') ? s + 7 : s, len);
	g_free(s);
}

/* Whether ADDR is this cluster's failover IP. */
static bool
api_is_failover_ip(struct hpd *d, const char *addr)
{
	struct store_cluster c;
	size_t n;

	if (*addr == '\0' || store_cluster_get(d->store, &c) != 0)
		return false;
	n = strcspn(c.failover_ip, "/");
	return strlen(addr) == n && strncmp(c.failover_ip, addr, n) == 0;
}

/* The reply to a takeover or power request, judged on a fresh snapshot
 * (job_run.h): the message waits paused until then. */
struct api_job_ctx {
	SoupServerMessage *msg;
	bool takeover_refused_forbidden;   /* a refused takeover is 403, not 409 */
};

static void
api_job_answer(struct hpd *d, int rc, int64_t id, const char *err, void *arg)
{
	struct api_job_ctx *c = arg;

	if (rc == 0)
		api_reply_job(c->msg, id);
	else if (c->takeover_refused_forbidden)
		api_reply_error(c->msg, SOUP_STATUS_FORBIDDEN, "%s", err);
	else
		api_reply_job_refused(c->msg, rc, err);
	soup_server_message_unpause(c->msg);
	g_object_unref(c->msg);
	g_free(c);
}

static struct api_job_ctx *
api_job_begin(SoupServerMessage *msg)
{
	struct api_job_ctx *c = g_new0(struct api_job_ctx, 1);

	c->msg = g_object_ref(msg);
	soup_server_message_pause(msg);
	return c;
}

void
api_cluster_takeover(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	struct hpd *d = api_server_hpd(api);
	struct job_takeover_req req = { .via_failover_ip_required = true };
	struct api_job_ctx *c;
	char addr[64];

	api_local_address(msg, addr, sizeof(addr));
	req.via_failover_ip = api_is_failover_ip(d, addr);
	req.request_address = addr;
	c = api_job_begin(msg);
	/* refused because it did not come through the failover IP */
	c->takeover_refused_forbidden = !req.via_failover_ip;
	job_takeover_request(d, &req, api_job_answer, c);
}

/* The reply to a maintenance or standby change, once the CIB took it. */
struct api_op_ctx {
	SoupServerMessage *msg;
	JsonNode *reply;
};

static void
api_op_done(struct hpd *d, int rc, const char *error, void *arg)
{
	struct api_op_ctx *c = arg;

	if (rc == 0)
		api_reply_node(c->msg, SOUP_STATUS_OK, NULL, c->reply);
	else
		api_reply_error(c->msg, rc == -EINVAL ? SOUP_STATUS_BAD_REQUEST : rc == -EPERM ?
		    SOUP_STATUS_CONFLICT : SOUP_STATUS_INTERNAL_SERVER_ERROR, "%s", error);
	soup_server_message_unpause(c->msg);
	g_object_unref(c->msg);
	json_node_unref(c->reply);
	g_free(c);
}

/* BODY's boolean member "on", or -1 (after replying 400). */
static int
api_on(SoupServerMessage *msg, JsonObject *body)
{
	JsonNode *n = json_object_get_member(body, "on");

	if (n == NULL || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_BOOLEAN) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"on\" must be true or false");
		return -1;
	}
	return json_node_get_boolean(n) ? 1 : 0;
}

static struct api_op_ctx *
api_op_begin(SoupServerMessage *msg, JsonObject *reply)
{
	struct api_op_ctx *c = g_new0(struct api_op_ctx, 1);

	c->msg = g_object_ref(msg);
	c->reply = json_node_new(JSON_NODE_OBJECT);
	json_node_take_object(c->reply, reply);
	soup_server_message_pause(msg);
	return c;
}

void
api_cluster_maintenance(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *body = api_body_object(msg, parser), *r;
	int on;

	if (body == NULL || (on = api_on(msg, body)) < 0)
		return;
	r = json_object_new();
	json_object_set_boolean_member(r, "maintenance", on);
	operate_maintenance(api_server_hpd(api), on, api_op_done, api_op_begin(msg, r));
}

void
api_node_standby(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *body = api_body_object(msg, parser), *r;
	const char *node;
	int on;

	if (body == NULL || (on = api_on(msg, body)) < 0)
		return;
	node = json_object_get_string_member_with_default(body, "node", NULL);
	r = json_object_new();
	json_object_set_string_member(r, "node", node != NULL ? node : "");
	json_object_set_boolean_member(r, "standby", on);
	operate_standby(api_server_hpd(api), node, on,
	    json_object_get_boolean_member_with_default(body, "force", FALSE), api_op_done,
	    api_op_begin(msg, r));
}

/* POST /api/v1/node/restart and /shutdown {"node", "force"} */
static void
api_node_power(struct api_server *api, SoupServerMessage *msg, bool reboot)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *body = api_body_object(msg, parser);

	if (body == NULL)
		return;
	job_power_request(api_server_hpd(api), api_body_string(body, "node"), reboot,
	    json_object_get_boolean_member_with_default(body, "force", FALSE), api_job_answer,
	    api_job_begin(msg));
}

void
api_node_restart(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	api_node_power(api, msg, true);
}

void
api_node_shutdown(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	api_node_power(api, msg, false);
}

void
api_cluster_dissolve(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *body = api_body_object(msg, parser);
	struct hpd *d = api_server_hpd(api);
	struct job_dissolve_req req = { 0 };
	const char *confirm;
	char addr[64], err[512];
	int64_t id;
	int rc;

	if (body == NULL)
		return;
	api_local_address(msg, addr, sizeof(addr));
	req.via_failover_ip = api_is_failover_ip(d, addr);
	req.keep = api_body_string(body, "keep");
	req.keep_address = json_object_get_boolean_member_with_default(body, "keep_address",
	    FALSE);
	req.no_shutdown = !json_object_get_boolean_member_with_default(body, "shutdown", TRUE);
	req.interface = api_body_string(body, "interface");
	confirm = api_body_string(body, "confirm");
	if (!req.via_failover_ip && (confirm == NULL || strcmp(confirm, "YES") != 0)) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"confirm\" must be \"YES\": "
		    "%s Nothing was changed.", DISSOLVE_WARNING);
		return;
	}
	rc = job_dissolve_start(d, &req, &id, err, sizeof(err));
	if (rc != 0) {
		if (req.via_failover_ip)
			api_reply_error(msg, SOUP_STATUS_FORBIDDEN, "%s", err);
		else
			api_reply_job_refused(msg, rc, err);
		return;
	}
	api_reply_job(msg, id);
}

void
api_cluster_repair(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *body = api_body_object(msg, parser);
	const char *confirm;
	char err[512];
	int64_t id;
	int rc;

	if (body == NULL)
		return;
	confirm = api_body_string(body, "confirm");
	if (confirm == NULL || strcmp(confirm, "YES") != 0) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"confirm\" must be \"YES\": the "
		    "repair discards every change the other node made since the split brain. "
		    "Nothing was changed.");
		return;
	}
	rc = job_repair_start(api_server_hpd(api), api_body_string(body, "survivor"), &id, err,
	    sizeof(err));
	if (rc != 0) {
		api_reply_job_refused(msg, rc, err);
		return;
	}
	api_reply_job(msg, id);
}
