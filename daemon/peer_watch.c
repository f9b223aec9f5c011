/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_watch: the pinned peer's version, clock offset and round trip for
 * the status document (see the header).  Logs nothing on its own: a peer
 * that is away is corosync's news (cluster_snap's events); this only keeps
 * the last facts and the reason the last hello failed. */
#include <string.h>

#include "peer_client.h"
#include "peer_watch.h"
#include "store.h"

struct peer_watch {
	struct hpd *d;
	guint timer_id;
	bool busy;                    /* a hello is in flight */
	bool stopping;                /* stopped while busy: the reply frees */
	bool answered;                /* the last hello was answered */
	bool tried;                   /* a hello has ended since the pin */
	char pin_fp[96];              /* the pin the facts belong to */
	char node[64];
	char address[64];
	char version[32];
	int64_t clock_offset_us;
	int64_t rtt_us;
	int64_t answered_mono_us;     /* 0: never */
	char error[640];
};

static void
peer_watch_forget(struct peer_watch *w)
{
	w->answered = w->tried = false;
	w->pin_fp[0] = w->node[0] = w->address[0] = w->version[0] = w->error[0] = '\0';
	w->answered_mono_us = 0;
}

static void
peer_watch_reply(struct hpd *d, const struct peer_reply *r, void *arg)
{
	struct peer_watch *w = arg;

	w->busy = false;
	if (w->stopping) {
		g_free(w);
		return;
	}
	w->tried = true;
	w->answered = r->result == PEER_OK;
	if (w->answered) {
		g_strlcpy(w->version, r->info.version, sizeof(w->version));
		if (r->info.node[0] != '\0')
			g_strlcpy(w->node, r->info.node, sizeof(w->node));
		w->clock_offset_us = r->clock_offset_us;
		w->rtt_us = r->rtt_us;
		w->answered_mono_us = g_get_monotonic_time();
		w->error[0] = '\0';
	} else {
		g_strlcpy(w->error, r->message, sizeof(w->error));
	}
}

static gboolean
peer_watch_tick(gpointer user_data)
{
	struct peer_watch *w = user_data;
	struct store_peer pin;

	if (w->busy)
		return G_SOURCE_CONTINUE;
	if (store_peer_get(w->d->store, &pin) != 0) {
		peer_watch_forget(w);
		return G_SOURCE_CONTINUE;
	}
	/* Another peer pinned since: its facts start from nothing. */
	if (strcmp(pin.fingerprint, w->pin_fp) != 0) {
		peer_watch_forget(w);
		g_strlcpy(w->pin_fp, pin.fingerprint, sizeof(w->pin_fp));
	}
	g_strlcpy(w->node, pin.name, sizeof(w->node));
	g_strlcpy(w->address, pin.address, sizeof(w->address));
	w->busy = true;
	peer_client_hello_timeout(w->d, PEER_WATCH_TIMEOUT_S, peer_watch_reply, w);
	return G_SOURCE_CONTINUE;
}

void
peer_watch_start(struct hpd *d)
{
	struct peer_watch *w = g_new0(struct peer_watch, 1);

	w->d = d;
	d->peer_watch = w;
	peer_watch_tick(w);
	w->timer_id = g_timeout_add(PEER_WATCH_INTERVAL_MS, peer_watch_tick, w);
}

void
peer_watch_stop(struct hpd *d)
{
	struct peer_watch *w = d->peer_watch;

	if (w == NULL)
		return;
	d->peer_watch = NULL;
	g_source_remove(w->timer_id);
	if (w->busy)
		w->stopping = true;
	else
		g_free(w);
}

JsonNode *
peer_watch_status(struct hpd *d)
{
	struct peer_watch *w = d->peer_watch;
	g_autoptr(JsonBuilder) b = NULL;
	JsonNode *root;

	if (w == NULL || w->pin_fp[0] == '\0')
		return json_node_new(JSON_NODE_NULL);
	b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "node");
	json_builder_add_string_value(b, w->node);
	json_builder_set_member_name(b, "address");
	json_builder_add_string_value(b, w->address);
	json_builder_set_member_name(b, "reachable");
	if (w->tried)
		json_builder_add_boolean_value(b, w->answered);
	else
		json_builder_add_null_value(b);
	/* The last known version and clock, even while the peer is away:
	 * the UI says how old they are. */
	json_builder_set_member_name(b, "version");
	if (w->answered_mono_us != 0)
		json_builder_add_string_value(b, w->version);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "clock_offset_ms");
	if (w->answered_mono_us != 0)
		json_builder_add_double_value(b, w->clock_offset_us / 1000.0);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "rtt_ms");
	if (w->answered_mono_us != 0)
		json_builder_add_double_value(b, w->rtt_us / 1000.0);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "checked_ago_s");
	if (w->answered_mono_us != 0)
		json_builder_add_int_value(b, (g_get_monotonic_time() - w->answered_mono_us) /
		    G_USEC_PER_SEC);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "error");
	if (w->tried && !w->answered)
		json_builder_add_string_value(b, w->error);
	else
		json_builder_add_null_value(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	return root;
}
