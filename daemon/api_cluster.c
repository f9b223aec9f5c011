/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_cluster: the cluster's operations over HTTPS (see api_internal.h).
 * The same checks and the same jobs as hapairctl (ctl_server.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api_auth.h"
#include "api_internal.h"
#include "cluster_req.h"
#include "job_create.h"
#include "job_run.h"
#include "preflight_collect.h"

#define API_CONFIRM_WORD "YES"

void
api_reply_job(SoupServerMessage *msg, int64_t id)
{
	JsonObject *o = json_object_new();
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);

	json_object_set_int_member(o, "job", id);
	json_node_take_object(n, o);
	api_reply_node(msg, SOUP_STATUS_ACCEPTED, NULL, n);
	json_node_unref(n);
}

void
api_reply_job_refused(SoupServerMessage *msg, int rc, const char *err)
{
	api_reply_error(msg, rc == -EINVAL ? SOUP_STATUS_BAD_REQUEST : rc == -EIO ?
	    SOUP_STATUS_INTERNAL_SERVER_ERROR : SOUP_STATUS_CONFLICT, "%s", err);
}

JsonObject *
api_body_object(SoupServerMessage *msg, JsonParser *parser)
{
	SoupMessageHeaders *req = soup_server_message_get_request_headers(msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten(
	    soup_server_message_get_request_body(msg));
	g_autoptr(GError) error = NULL;
	const char *data;
	JsonNode *root;
	gsize len;

	if (!api_content_type_is_json(soup_message_headers_get_one(req, "Content-Type"))) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST,
		    "Content-Type must be application/json");
		return NULL;
	}
	data = g_bytes_get_data(bytes, &len);
	if (len == 0 || !json_parser_load_from_data(parser, data, (gssize)len, &error)) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "request body is not JSON: %s",
		    error != NULL ? error->message : "it is empty");
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "request body must be a JSON object");
		return NULL;
	}
	return json_node_get_object(root);
}

const char *
api_body_string(JsonObject *o, const char *member)
{
	JsonNode *n = json_object_get_member(o, member);

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) &&
	    json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : NULL;
}

void
api_cluster_create(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o = api_body_object(msg, parser);
	struct hpd *d = api_server_hpd(api);
	struct cluster_req cr;
	const char *confirm;
	char err[512];
	int64_t id;
	int rc;

	if (o == NULL)
		return;
	if (cluster_req_parse(o, d->cfg.node_name, &cr, err, sizeof(err)) != 0) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "%s; nothing was changed", err);
		return;
	}
	confirm = json_object_get_string_member_with_default(o, "confirm", NULL);
	if (confirm == NULL || strcmp(confirm, API_CONFIRM_WORD) != 0) {
		cluster_req_clear(&cr);
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"confirm\" must be \"YES\": "
		    "creating the cluster overwrites the settings and all data of the peer "
		    "with this node's; nothing was changed");
		return;
	}
	rc = job_create_start(d, &cr, &id, err, sizeof(err));
	cluster_req_clear(&cr);
	if (rc != 0) {
		api_reply_error(msg, rc == -EBUSY ? SOUP_STATUS_CONFLICT :
		    SOUP_STATUS_INTERNAL_SERVER_ERROR, "%s", err);
		return;
	}
	api_reply_job(msg, id);
}

static void
api_preflight_done(struct hpd *d, const struct preflight_report *report,
    const struct preflight_facts *local, const struct preflight_facts *peer, void *arg)
{
	SoupServerMessage *msg = arg;
	JsonNode *n = preflight_report_to_json(report, local, peer);

	api_reply_node(msg, SOUP_STATUS_OK, NULL, n);
	json_node_unref(n);
	soup_server_message_unpause(msg);
	g_object_unref(msg);
}

void
api_cluster_preflight(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o = api_body_object(msg, parser);
	struct hpd *d = api_server_hpd(api);
	struct preflight_params p;
	struct cluster_req cr;
	char err[512];

	if (o == NULL)
		return;
	if (cluster_req_parse(o, d->cfg.node_name, &cr, err, sizeof(err)) != 0) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "%s", err);
		return;
	}
	cluster_req_preflight_params(&cr, &p);
	soup_server_message_pause(msg);
	preflight_run(d, &p, api_preflight_done, g_object_ref(msg));   /* copies the password */
	cluster_req_clear(&cr);
}

void
api_job(struct api_server *api, SoupServerMessage *msg, const struct store_session *sess)
{
	GUri *uri = soup_server_message_get_uri(msg);
	const char *query = g_uri_get_query(uri);
	g_autoptr(GHashTable) params = query != NULL ?
	    g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
	const char *idtext = params != NULL ? g_hash_table_lookup(params, "id") : NULL;
	char *end = NULL;
	gint64 id = idtext != NULL ? g_ascii_strtoll(idtext, &end, 10) : 0;
	JsonNode *n;

	if (idtext == NULL || end == idtext || *end != '\0' || id <= 0) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "give the job's number: /api/v1/job?id=N");
		return;
	}
	n = job_run_describe(api_server_hpd(api), id);
	if (n == NULL) {
		api_reply_error(msg, SOUP_STATUS_NOT_FOUND, "there is no job %" G_GINT64_FORMAT, id);
		return;
	}
	api_reply_node(msg, SOUP_STATUS_OK, NULL, n);
	json_node_unref(n);
}
