/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_events: GET /api/v1/events, the event log for the UI.
 *
 * scope=cluster (the default) merges this node's events with the pinned
 * peer's, fetched over the peer channel (GET /peer/v1/events) while the
 * request waits, never the loop.  The peer may be down: then the answer
 * still carries this node's events and says, in "sources", that the
 * peer's part is missing and why.  The wait is short (API_EVENTS_PEER_S):
 * an operator looking at the log after a crash must not stare at a
 * spinner for the peer channel's usual ten seconds. */
#include <string.h>

#include "api_internal.h"
#include "event_query.h"
#include "hpd.h"
#include "peer_client.h"

#define API_EVENTS_PEER_S 3

struct api_events {
	SoupServerMessage *msg;
	struct event_query q;
	JsonArray *local;            /* this node's events */
	char node[64];               /* this node's name */
	char peer[64];               /* the pinned peer's name */
	bool gone;                   /* the client went away */
};

static void
api_events_gone(SoupServerMessage *msg, gpointer user_data)
{
	((struct api_events *)user_data)->gone = true;
}

static void
api_source(JsonBuilder *b, const char *node, bool ok, unsigned count, const char *error)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "node");
	if (node != NULL && *node != '\0')
		json_builder_add_string_value(b, node);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "ok");
	json_builder_add_boolean_value(b, ok);
	json_builder_set_member_name(b, "count");
	json_builder_add_int_value(b, count);
	json_builder_set_member_name(b, "error");
	if (error != NULL)
		json_builder_add_string_value(b, error);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
}

/* {"events": [...], "scope": "cluster", "complete": bool,
 *  "sources": [{"node", "ok", "count", "error"}]}: the peer's source is
 * there whenever it was asked, or should have been. */
static void
api_events_reply(struct api_events *e, JsonArray *peer_events, bool peer_asked,
    const char *peer_name, const char *peer_error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	JsonArray *merged = event_merge(e->local, peer_events, e->q.limit);
	JsonNode *arr = json_node_new(JSON_NODE_ARRAY);

	json_node_take_array(arr, merged);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "events");
	json_builder_add_value(b, arr);
	json_builder_set_member_name(b, "scope");
	json_builder_add_string_value(b, e->q.cluster ? EVQ_SCOPE_CLUSTER : EVQ_SCOPE_LOCAL);
	json_builder_set_member_name(b, "complete");
	json_builder_add_boolean_value(b, !peer_asked || peer_error == NULL);
	json_builder_set_member_name(b, "sources");
	json_builder_begin_array(b);
	api_source(b, e->node, true, json_array_get_length(e->local), NULL);
	if (peer_asked)
		api_source(b, peer_name, peer_error == NULL,
		    peer_events != NULL ? json_array_get_length(peer_events) : 0, peer_error);
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	api_reply_node(e->msg, SOUP_STATUS_OK, NULL, root);
}

static void
api_events_free(struct api_events *e)
{
	g_signal_handlers_disconnect_by_data(e->msg, e);
	g_object_unref(e->msg);
	json_array_unref(e->local);
	g_free(e);
}

/* The peer's answer: {"events": [...]}, checked before it is merged. */
static JsonArray *
api_events_parse_peer(const struct peer_reply *r, char *err, size_t errlen)
{
	g_autoptr(JsonParser) p = json_parser_new();
	JsonNode *root, *events;

	if (r->body == NULL || !json_parser_load_from_data(p, r->body, (gssize)r->body_len, NULL) ||
	    (root = json_parser_get_root(p)) == NULL || !JSON_NODE_HOLDS_OBJECT(root) ||
	    (events = json_object_get_member(json_node_get_object(root), "events")) == NULL ||
	    !JSON_NODE_HOLDS_ARRAY(events)) {
		g_snprintf(err, errlen, "the peer answered with something else than its "
		    "events: does it run the same hapair version?");
		return NULL;
	}
	return json_array_ref(json_node_get_array(events));
}

static void
api_events_peer_done(struct hpd *d, const struct peer_reply *r, void *arg)
{
	struct api_events *e = arg;
	JsonArray *peer = NULL;
	char err[640];
	const char *why = NULL;

	if (e->gone) {
		api_events_free(e);
		return;
	}
	if (r->result != PEER_OK) {
		g_snprintf(err, sizeof(err), "the events of the peer could not be fetched: %s",
		    r->message);
		why = err;
	} else if ((peer = api_events_parse_peer(r, err, sizeof(err))) == NULL) {
		why = err;
	}
	api_events_reply(e, peer, true, e->peer, why);
	if (peer != NULL)
		json_array_unref(peer);
	soup_server_message_unpause(e->msg);
	api_events_free(e);
}

void
api_events(struct api_server *api, SoupServerMessage *msg, const struct store_session *sess)
{
	struct hpd *d = api_server_hpd(api);
	const char *query = g_uri_get_query(soup_server_message_get_uri(msg));
	g_autoptr(GHashTable) params = query != NULL ?
	    g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL) : NULL;
	g_autofree char *peer_query = NULL;
	g_autofree char *path = NULL;
	struct store_peer pin;
	struct api_events *e;
	char err[256];
	bool pinned;

	if (query != NULL && params == NULL) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "the query string is not "
		    "well-formed: use /api/v1/events?severity=warning&text=...");
		return;
	}
	e = g_new0(struct api_events, 1);
	if (event_query_parse(params, g_get_real_time(), &e->q, err, sizeof(err)) < 0) {
		g_free(e);
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "%s", err);
		return;
	}
	e->local = event_query_run(d->store, &e->q);
	if (e->local == NULL) {
		g_free(e);
		api_reply_error(msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
		    "cannot read the event log: see the daemon's log");
		return;
	}
	g_strlcpy(e->node, d->cfg.node_name, sizeof(e->node));
	e->msg = g_object_ref(msg);
	pinned = store_peer_get(d->store, &pin) == 0;
	/* A filter on this node's own name needs nothing from the peer. */
	if (!e->q.cluster || !pinned || strcmp(e->q.node, d->cfg.node_name) == 0) {
		api_events_reply(e, NULL, false, NULL, NULL);
		api_events_free(e);
		return;
	}
	peer_query = event_query_to_string(&e->q);
	path = g_strconcat(PEER_PATH_EVENTS, "?", peer_query, NULL);
	g_signal_connect(msg, "disconnected", G_CALLBACK(api_events_gone), e);
	soup_server_message_pause(msg);
	/* The name the peer had when it was pinned, for "node2: could not
	 * be fetched" even when it does not answer. */
	g_strlcpy(e->peer, pin.name, sizeof(e->peer));
	peer_client_get(d, path, API_EVENTS_PEER_S, api_events_peer_done, e);
}
