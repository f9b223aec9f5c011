/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_watch: the facts behind a split-brain recommendation (see the header). */
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbd_watch.h"
#include "hp_cmd.h"
#include "hp_log.h"
#include "peer_client.h"
#include "peer_msg.h"
#include "sb_facts.h"
#include "sb_watch.h"
#include "sb_write_clock.h"
#include "store.h"

#define SB_WATCH_SUBSYSTEM  "split-brain"
/* The one device hapair creates (job_create.c renders minor 0). */
#define SB_WATCH_STAT_PATH  "/sys/block/drbd0/stat"
#define SB_WATCH_MINOR      0
#define SB_WATCH_PROC_DRBD  "/proc/drbd"

struct sb_watch {
	struct hpd *d;
	guint timer;
	unsigned ticks;
	struct sb_write_clock clock;
	int64_t persisted_s;         /* the value last written to the store */
	int64_t persisted_at_s;      /* when */
	/* a collection in flight (get-gi, then the peer): the callbacks own
	 * the struct once sb_watch_stop ran (orphan) */
	bool busy;
	bool orphan;
	bool have_local;
	struct sb_facts local;
	JsonNode *rec;               /* the last recommendation, or NULL */
	char rec_text[SB_EXPLANATION_MAX]; /* what the last event said */
};

static struct sb_watch *
sbw(struct hpd *d)
{
	return d->sb_watch;
}

/* ------------------------------------------------------------ the clock */

static void
clock_persist(struct sb_watch *w, int64_t now_s, bool urgent)
{
	char v[32];
	int rc;

	if (w->clock.last_write_s == w->persisted_s ||
	    (!urgent && now_s - w->persisted_at_s < SB_WATCH_PERSIST_S))
		return;
	snprintf(v, sizeof(v), "%lld", (long long)w->clock.last_write_s);
	rc = store_setting_set(w->d->store, SB_WATCH_SETTING_LAST_WRITE, v, false);
	if (rc != 0) {
		log_warn("split-brain: cannot store the last write time: %s", g_strerror(-rc));
		return;
	}
	w->persisted_s = w->clock.last_write_s;
	w->persisted_at_s = now_s;
}

static void
clock_sample(struct sb_watch *w, bool split_brain)
{
	g_autofree char *text = NULL;
	int64_t now_s = g_get_real_time() / G_USEC_PER_SEC;

	/* sysfs: never blocks; absent while DRBD is down */
	if (!g_file_get_contents(SB_WATCH_STAT_PATH, &text, NULL, NULL))
		return;
	if (sb_write_clock_sample(&w->clock, text, now_s) == 0)
		clock_persist(w, now_s, split_brain);
}

static void
clock_load(struct sb_watch *w)
{
	g_autofree char *v = NULL;

	if (store_setting_get(w->d->store, SB_WATCH_SETTING_LAST_WRITE, &v) == 0 && v != NULL) {
		w->clock.last_write_s = g_ascii_strtoll(v, NULL, 10);
		w->persisted_s = w->clock.last_write_s;
	}
}

/* ------------------------------------------------------------ collection */

static void
rec_set(struct sb_watch *w, JsonNode *rec, const char *text, bool announce)
{
	if (w->rec != NULL)
		json_node_unref(w->rec);
	w->rec = rec;
	if (!announce || strcmp(text, w->rec_text) == 0)
		return;
	g_strlcpy(w->rec_text, text, sizeof(w->rec_text));
	hpd_event(w->d, EV_NOTICE, SB_WATCH_SUBSYSTEM, 0, "split brain: recommendation: %s",
	    text);
}

/* No recommendation yet, and why (shown in the status). */
static void
rec_pending(struct sb_watch *w, const char *why)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "keep");
	json_builder_add_null_value(b);
	json_builder_set_member_name(b, "kind");
	json_builder_add_string_value(b, "unknown");
	json_builder_set_member_name(b, "explanation");
	json_builder_add_string_value(b, why);
	json_builder_end_object(b);
	rec_set(w, json_builder_get_root(b), why, false);
}

/* Ends a collection; false when the watch was stopped meanwhile (W freed). */
static bool
collect_end(struct sb_watch *w)
{
	w->busy = false;
	if (!w->orphan)
		return true;
	if (w->rec != NULL)
		json_node_unref(w->rec);
	g_free(w);
	return false;
}

static int
utc_offset_s(void)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();

	return (int)(g_date_time_get_utc_offset(now) / G_USEC_PER_SEC);
}

static void
peer_facts_got(struct hpd *d, const struct peer_reply *r, void *arg)
{
	struct sb_watch *w = arg;
	g_autoptr(JsonParser) p = json_parser_new();
	struct sb_facts peer;
	struct sb_recommendation rec;
	char err[768], keep[SB_FACTS_NODE_MAX];

	if (!collect_end(w))
		return;
	if (r->result != PEER_OK || r->body == NULL) {
		snprintf(err, sizeof(err), "the peer's side is not known: %s", r->message);
		rec_pending(w, err);
		return;
	}
	if (!json_parser_load_from_data(p, r->body, (gssize)r->body_len, NULL) ||
	    sb_facts_from_json(json_parser_get_root(p), &peer, err, sizeof(err)) != 0 ||
	    sb_facts_recommend(&w->local, &peer, utc_offset_s(), &rec, keep, sizeof(keep),
	    err, sizeof(err)) != 0) {
		char why[800];

		snprintf(why, sizeof(why), "no recommendation: %s",
		    *err ? err : "the peer's answer is not JSON");
		rec_pending(w, why);
		return;
	}
	rec_set(w, sb_facts_recommendation_json(&w->local, &peer, &rec, keep),
	    rec.explanation, true);
}

static void
gi_read(struct hpd *d, int status, char *output, const char *error, gpointer arg)
{
	struct sb_watch *w = arg;
	g_autofree char *proc = NULL;
	char line[SB_FACTS_GI_MAX];
	int64_t oos = -1;

	if (w->orphan) {
		collect_end(w);
		return;
	}
	hp_cmd_last_line(output, line, sizeof(line));
	if (status != 0) {
		char why[400];

		snprintf(why, sizeof(why), "no recommendation: drbdadm get-gi failed on %s: %s",
		    d->cfg.node_name, error != NULL ? error : line);
		collect_end(w);
		rec_pending(w, why);
		return;
	}
	if (g_file_get_contents(SB_WATCH_PROC_DRBD, &proc, NULL, NULL))
		sb_facts_proc_oos(proc, SB_WATCH_MINOR, &oos);
	memset(&w->local, 0, sizeof(w->local));
	g_strlcpy(w->local.node, d->cfg.node_name, sizeof(w->local.node));
	g_strlcpy(w->local.gi, line, sizeof(w->local.gi));
	w->local.changed_kib = oos;
	w->local.last_write_s = w->clock.last_write_s;
	w->local.collected_s = g_get_real_time() / G_USEC_PER_SEC;
	w->have_local = true;
	/* still busy: the peer's side next */
	peer_client_get(d, PEER_PATH_SB_FACTS, SB_WATCH_PEER_TIMEOUT_S, peer_facts_got, w);
}

static void
collect(struct sb_watch *w)
{
	static const char *const argv[] = { "drbdadm", "get-gi", DRBD_WATCH_RESOURCE, NULL };

	if (w->busy)
		return;
	w->busy = true;
	hp_cmd_run(w->d, argv, NULL, SB_WATCH_GI_TIMEOUT_S, gi_read, w);
}

static gboolean
tick(gpointer arg)
{
	struct sb_watch *w = arg;
	struct drbd_watch_sync s;
	bool sb = drbd_watch_sync_state(w->d, &s) && s.split_brain;

	clock_sample(w, sb);
	if (!sb) {
		if (w->rec != NULL)
			rec_set(w, NULL, "", false);
		w->rec_text[0] = '\0';
		w->have_local = false;
	} else if (w->ticks++ % (SB_WATCH_REFRESH_S / SB_WATCH_SAMPLE_S) == 0) {
		if (w->rec == NULL)
			rec_pending(w, "collecting the facts from both nodes");
		collect(w);
	}
	return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------ public */

void
sb_watch_start(struct hpd *d)
{
	struct sb_watch *w;

	if (d->sb_watch != NULL || strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) == 0)
		return;
	w = g_new0(struct sb_watch, 1);
	w->d = d;
	clock_load(w);
	w->timer = g_timeout_add_seconds(SB_WATCH_SAMPLE_S, tick, w);
	d->sb_watch = w;
}

void
sb_watch_stop(struct hpd *d)
{
	struct sb_watch *w = sbw(d);

	if (w == NULL)
		return;
	d->sb_watch = NULL;
	g_source_remove(w->timer);
	if (w->busy) {
		w->orphan = true;   /* the callback in flight frees it */
		return;
	}
	if (w->rec != NULL)
		json_node_unref(w->rec);
	g_free(w);
}

JsonNode *
sb_watch_local_json(struct hpd *d)
{
	struct sb_watch *w = sbw(d);

	return w != NULL && w->have_local ? sb_facts_to_json(&w->local) : NULL;
}

JsonNode *
sb_watch_recommendation(struct hpd *d)
{
	struct sb_watch *w = sbw(d);

	return w != NULL && w->rec != NULL ? json_node_copy(w->rec) : NULL;
}
