/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_ping: POST /api/v1/ping {"address": "10.98.0.1"}, the UI's
 * connectivity test: can this node reach that address?
 *
 * ping runs as a child process (hp_cmd) while the request waits; the loop
 * goes on.  Only a literal unicast address is taken (ping_parse.c), and
 * at most API_PING_MAX_IN_FLIGHT run at once, so a script hammering the
 * button cannot fill the node with pings.
 *
 * 200 {"address", "reachable", "transmitted", "received", "loss_percent",
 *      "rtt_ms": {"min", "avg", "max"} | null, "output", "error"}
 * 400 a bad address; 503 while too many tests run. */
#include <string.h>

#include "api_auth.h"
#include "api_internal.h"
#include "hp_cmd.h"
#include "ping_parse.h"

#define API_PING_COUNT          "3"
/* Between probes, and how long to wait for each answer: the whole test
 * takes under 2 s.  No -w deadline: with one, ping goes on sending to a
 * silent address until it ends, whatever -c says. */
#define API_PING_INTERVAL_S     "0.3"
#define API_PING_WAIT_S         "1"
#define API_PING_RETRY_S        "2"
#define API_PING_KILL_S         8
#define API_PING_MAX_IN_FLIGHT  2
#define API_PING_OUTPUT_MAX     4096

/* Main loop only, like everything in the API. */
static unsigned api_pings_in_flight;

struct api_ping {
	SoupServerMessage *msg;
	char address[PING_ADDR_MAX];
	bool gone;
};

static void
api_ping_gone(SoupServerMessage *msg, gpointer user_data)
{
	((struct api_ping *)user_data)->gone = true;
}

static void
api_ping_reply(struct api_ping *p, int status, const char *output, const char *error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree char *out = g_strndup(output, API_PING_OUTPUT_MAX);
	struct ping_result r;
	bool parsed = ping_parse_output(output, &r) == 0;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "address");
	json_builder_add_string_value(b, p->address);
	json_builder_set_member_name(b, "reachable");
	json_builder_add_boolean_value(b, status == 0 && parsed && r.received > 0);
	json_builder_set_member_name(b, "transmitted");
	json_builder_add_int_value(b, parsed ? r.transmitted : 0);
	json_builder_set_member_name(b, "received");
	json_builder_add_int_value(b, parsed ? r.received : 0);
	json_builder_set_member_name(b, "loss_percent");
	json_builder_add_int_value(b, parsed ? r.loss_percent : 100);
	json_builder_set_member_name(b, "rtt_ms");
	if (parsed && r.have_rtt) {
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "min");
		json_builder_add_double_value(b, r.rtt_min_ms);
		json_builder_set_member_name(b, "avg");
		json_builder_add_double_value(b, r.rtt_avg_ms);
		json_builder_set_member_name(b, "max");
		json_builder_add_double_value(b, r.rtt_max_ms);
		json_builder_end_object(b);
	} else {
		json_builder_add_null_value(b);
	}
	/* ping's own words: "Network is unreachable" tells more than we could. */
	json_builder_set_member_name(b, "output");
	json_builder_add_string_value(b, g_utf8_validate(out, -1, NULL) ? out : "");
	json_builder_set_member_name(b, "error");
	if (error != NULL)
		json_builder_add_string_value(b, error);
	else if (!parsed)
		json_builder_add_string_value(b, "ping did not send: see its output");
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	api_reply_node(p->msg, SOUP_STATUS_OK, NULL, root);
}

static void
api_ping_done(struct hpd *d, int status, char *output, const char *error,
    gpointer user_data)
{
	struct api_ping *p = user_data;

	api_pings_in_flight--;
	g_signal_handlers_disconnect_by_data(p->msg, p);
	if (!p->gone) {
		api_ping_reply(p, status, output, error);
		soup_server_message_unpause(p->msg);
	}
	g_object_unref(p->msg);
	g_free(p);
}

void
api_ping(struct api_server *api, SoupServerMessage *msg, const struct store_session *sess)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *o = api_body_object(msg, parser);
	const char *addr;
	struct api_ping *p;
	char err[256];

	if (o == NULL)
		return;
	addr = api_body_string(o, "address");
	if (ping_address_check(addr, err, sizeof(err)) < 0) {
		api_reply_error(msg, SOUP_STATUS_BAD_REQUEST, "\"address\": %s", err);
		return;
	}
	if (api_pings_in_flight >= API_PING_MAX_IN_FLIGHT) {
		soup_message_headers_replace(soup_server_message_get_response_headers(msg),
		    "Retry-After", API_PING_RETRY_S);
		api_reply_error(msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "%d connectivity tests "
		    "are running already; try again in a few seconds", API_PING_MAX_IN_FLIGHT);
		return;
	}
	p = g_new0(struct api_ping, 1);
	p->msg = g_object_ref(msg);
	g_strlcpy(p->address, addr, sizeof(p->address));
	{
		const char *argv[] = { "ping", "-n", "-c", API_PING_COUNT, "-i",
		    API_PING_INTERVAL_S, "-W", API_PING_WAIT_S, "--", p->address, NULL };

		api_pings_in_flight++;
		g_signal_connect(msg, "disconnected", G_CALLBACK(api_ping_gone), p);
		soup_server_message_pause(msg);
		hp_cmd_run(api_server_hpd(api), argv, NULL, API_PING_KILL_S, api_ping_done, p);
	}
}
