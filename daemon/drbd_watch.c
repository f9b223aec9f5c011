/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_watch: follow DRBD through `drbdsetup events2` without blocking.
 *
 * One long-lived child, `drbdsetup events2 --timestamps --statistics all`
 * (drbd-utils 9.22 accepts both with the 8.4 kernel: the fixtures in
 * tests/fixtures/events2/ were captured so), is read in chunks on the main
 * loop and fed to failover/drbd_events.  When it exits (module not loaded,
 * drbdsetup missing, the kernel closed the netlink socket) it is started
 * again after 2 s, then up to 5 s; that is logged once, not per retry.
 *
 * 8.4 prints nothing while a resync runs, so while a peer device syncs and
 * events2 gave no done: (DRBD 9 does), a short-lived `drbdsetup events2
 * --now --statistics all` runs every second and its dump goes into the SAME
 * parser: exists lines update like change lines, and only that parser knows
 * the out-of-sync at the start of the sync that the percentage needs.  Two
 * rules keep the dump from undoing the stream: the stream is fed whole lines
 * only (the tail waits here), so a dump never lands inside a half line; and
 * a dump is dropped when the stream said anything while the dump's child
 * ran, since the dump may then predate what the stream said.  State-change
 * events come from the stream only.
 *
 * A split brain is an event (the split-brain helper call), not a state: a
 * restarted hapaird could not see it, so it is kept in the store until the
 * parser sees the handshake of a repair.  This file must never block the
 * loop nor take DRBD actions: it only watches. */
#include <errno.h>
#include <gio/gio.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "drbd_watch.h"
#include "hp_log.h"
#include "hpd.h"

#define DRBD_WATCH_SUBSYSTEM     "drbd"
#define DRBD_WATCH_READ_CHUNK    4096
#define DRBD_WATCH_RETRY_MIN_S   2
#define DRBD_WATCH_RETRY_MAX_S   5
#define DRBD_WATCH_POLL_MS       1000
#define DRBD_WATCH_UNCONFIGURED  "Unconfigured"   /* 8.4's word for "down" */

struct drbd_watch {
	struct hpd *d;
	GCancellable *cancel;
	GSubprocess *proc;           /* the events2 stream, or NULL */
	struct drbd_ev_parser *p;    /* this run's state, or NULL */
	GString *tail;               /* a line the stream has not finished */
	uint64_t generation;         /* ++ per stream child */
	uint64_t stream_lines;       /* complete lines fed from the stream */
	guint retry_timer;
	unsigned retry_s;
	bool failing_logged;
	GSubprocess *poll;           /* the --now child, or NULL */
	bool in_dump;                /* feeding a --now dump: no events */
	guint poll_timer;
	/* what was last announced, so each change is one event */
	char ann_conn[DRBD_EV_STATE_MAX];
	char ann_disk[DRBD_EV_STATE_MAX];
	char ann_peer_disk[DRBD_EV_STATE_MAX];
	char ann_role[DRBD_EV_STATE_MAX];
	/* progress */
	uint64_t prev_oos_kib;
	int64_t prev_oos_us;          /* monotonic; 0: no sample */
	double rate_kib_s;
	struct drbd_watch_sb sb;
};

/* ================================================================= pure */

double
drbd_watch_rate_kib_s(uint64_t prev_oos_kib, int64_t prev_us, uint64_t oos_kib,
    int64_t now_us)
{
	if (prev_us <= 0 || now_us <= prev_us)
		return -1;
	if (oos_kib >= prev_oos_kib)
		return 0;
	return (double)(prev_oos_kib - oos_kib) * G_USEC_PER_SEC /
	    (double)(now_us - prev_us);
}

static const char *
role_name(enum drbd_ev_role role)
{
	switch (role) {
	case DRBD_EV_ROLE_IS_PRIMARY: return DRBD_EV_ROLE_PRIMARY;
	case DRBD_EV_ROLE_IS_SECONDARY: return DRBD_EV_ROLE_SECONDARY;
	default: return "Unknown";
	}
}

static const struct drbd_ev_peer_device *
first_peer_device(const struct drbd_ev_resource *r)
{
	for (size_t c = 0; r != NULL && c < r->n_connections; c++)
		if (r->connections[c].n_peer_devices > 0)
			return &r->connections[c].peer_devices[0];
	return NULL;
}

static void
add_string_or_null(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (value != NULL && *value != '\0')
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

/* ISO 8601 UTC with microseconds: the split brain's time is DRBD's own
 * (--timestamps), and a lab test holds the event to it within 2 s. */
static gchar *
iso_time(int64_t unix_us)
{
	GDateTime *t0 = g_date_time_new_from_unix_utc(unix_us / G_USEC_PER_SEC);
	GDateTime *t = g_date_time_add(t0, unix_us % G_USEC_PER_SEC);
	gchar *s = g_date_time_format(t, "%Y-%m-%dT%H:%M:%S.%fZ");

	g_date_time_unref(t);
	g_date_time_unref(t0);
	return s;
}

JsonNode *
drbd_watch_status_json(const char *resource, const struct drbd_ev_resource *r,
    const struct drbd_watch_sb *sb, double rate_kib_s)
{
	JsonBuilder *b = json_builder_new();
	const struct drbd_ev_peer_device *pd = first_peer_device(r);
	double pct = pd != NULL ? drbd_ev_sync_percent(pd) : -1;
	JsonNode *node;

	json_builder_begin_object(b);
	add_string_or_null(b, "resource", resource);
	add_string_or_null(b, "role", r ? role_name(r->role) : NULL);
	add_string_or_null(b, "peer_role", r && r->n_connections > 0 ?
	    role_name(r->connections[0].peer_role) : NULL);
	add_string_or_null(b, "connection", r ? drbd_ev_cstate(r) : DRBD_WATCH_UNCONFIGURED);
	add_string_or_null(b, "disk", r && r->n_devices > 0 ? r->devices[0].disk : NULL);
	add_string_or_null(b, "peer_disk", pd ? pd->peer_disk : NULL);
	add_string_or_null(b, "replication", pd ? pd->replication : NULL);
	json_builder_set_member_name(b, "sync_percent");
	if (pct >= 0)
		json_builder_add_double_value(b, (double)(int64_t)(pct * 10) / 10);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "rate_kib_s");
	if (pct >= 0 && rate_kib_s >= 0)
		json_builder_add_int_value(b, (int64_t)(rate_kib_s + 0.5));
	else
		json_builder_add_null_value(b);
	/* what is left to sync: with the rate, the time a takeover must wait */
	json_builder_set_member_name(b, "out_of_sync_kib");
	if (pd != NULL && pd->has_out_of_sync)
		json_builder_add_int_value(b, (int64_t)pd->out_of_sync_kib);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "split_brain");
	if (sb != NULL && sb->set) {
		gchar *since = iso_time(sb->since_us);

		json_builder_begin_object(b);
		add_string_or_null(b, "peer", sb->peer);
		add_string_or_null(b, "since", since);
		json_builder_end_object(b);
		g_free(since);
	} else {
		json_builder_add_null_value(b);
	}
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	g_object_unref(b);
	return node;
}

char *
drbd_watch_sb_to_json(const struct drbd_watch_sb *sb)
{
	JsonBuilder *b;
	JsonGenerator *g;
	JsonNode *root;
	char *out;

	if (!sb->set)
		return g_strdup("");
	b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "resource");
	json_builder_add_string_value(b, sb->resource);
	json_builder_set_member_name(b, "peer");
	json_builder_add_string_value(b, sb->peer);
	json_builder_set_member_name(b, "since_us");
	json_builder_add_int_value(b, sb->since_us);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	g = json_generator_new();
	json_generator_set_root(g, root);
	out = json_generator_to_data(g, NULL);
	g_object_unref(g);
	json_node_unref(root);
	g_object_unref(b);
	return out;
}

int
drbd_watch_sb_from_json(const char *json, struct drbd_watch_sb *sb)
{
	JsonParser *jp;
	JsonObject *o;
	int rc = -EINVAL;

	memset(sb, 0, sizeof(*sb));
	if (json == NULL || *json == '\0')
		return 0;
	jp = json_parser_new();
	if (json_parser_load_from_data(jp, json, -1, NULL) &&
	    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(jp))) {
		o = json_node_get_object(json_parser_get_root(jp));
		if (json_object_has_member(o, "resource") &&
		    json_object_has_member(o, "since_us")) {
			g_strlcpy(sb->resource, json_object_get_string_member_with_default(o,
			    "resource", ""), sizeof(sb->resource));
			g_strlcpy(sb->peer, json_object_get_string_member_with_default(o,
			    "peer", ""), sizeof(sb->peer));
			sb->since_us = json_object_get_int_member(o, "since_us");
			sb->set = *sb->resource != '\0';
			rc = sb->set ? 0 : -EINVAL;
		}
	}
	g_object_unref(jp);
	return rc;
}

bool
drbd_watch_sb_note(const struct drbd_ev_resource *r, const char *peer, int64_t now_us,
    struct drbd_watch_sb *sb)
{
	if (r == NULL || !drbd_ev_split_brain(r) || sb->set)
		return false;
	memset(sb, 0, sizeof(*sb));
	sb->set = true;
	g_strlcpy(sb->resource, r->name, sizeof(sb->resource));
	g_strlcpy(sb->peer, peer, sizeof(sb->peer));
	/* DRBD's own time of the helper call when --timestamps gave it */
	sb->since_us = r->split_brain_at_us > 0 ? r->split_brain_at_us : now_us;
	return true;
}

bool
drbd_watch_sb_repaired(const struct drbd_ev_resource *r, const struct drbd_watch_sb *sb)
{
	if (r == NULL || !sb->set || drbd_ev_split_brain(r) ||
	    strcmp(r->name, sb->resource) != 0)
		return false;
	/* the parser clears its flag on a replication state other than Off;
	 * after a restart only that state can tell */
	for (size_t c = 0; c < r->n_connections; c++)
		for (size_t v = 0; v < r->connections[c].n_peer_devices; v++)
			if (strcmp(r->connections[c].peer_devices[v].replication,
			    DRBD_EV_REPL_OFF) != 0)
				return true;
	return false;
}

/* ================================================================ daemon */

static void watch_spawn(struct drbd_watch *w);
static void watch_read_next(struct drbd_watch *w);

static void
sb_persist(struct drbd_watch *w)
{
	char *json = drbd_watch_sb_to_json(&w->sb);

	if (store_setting_set(w->d->store, DRBD_WATCH_SETTING_SB, json, false) != 0)
		log_warnx("drbd: cannot persist the split-brain flag (%s): a restarted "
		    "hapaird will not know of it", *json ? json : "cleared");
	g_free(json);
}

/* The peer's name for people: the pinned peer, else DRBD's conn-name. */
static void
sb_peer_name(struct drbd_watch *w, const struct drbd_ev_resource *r, char *out,
    size_t len)
{
	struct store_peer peer;

	if (store_peer_get(w->d->store, &peer) == 0) {
		g_strlcpy(out, peer.name, len);
		return;
	}
	for (size_t c = 0; c < r->n_connections; c++)
		if (r->connections[c].peer_node_id == r->split_brain_peer &&
		    *r->connections[c].conn_name) {
			g_strlcpy(out, r->connections[c].conn_name, len);
			return;
		}
	snprintf(out, len, "peer-node-id %d", r->split_brain_peer);
}

static void
sb_check(struct drbd_watch *w, const struct drbd_ev_resource *r)
{
	char peer[DRBD_EV_NAME_MAX];

	if (r == NULL)
		return;
	if (drbd_ev_split_brain(r) && !w->sb.set) {
		sb_peer_name(w, r, peer, sizeof(peer));
		drbd_watch_sb_note(r, peer, g_get_real_time(), &w->sb);
		sb_persist(w);
		hpd_event(w->d, EV_ERROR, DRBD_WATCH_SUBSYSTEM, 0, "DRBD split brain on %s: "
		    "both nodes changed data while disconnected; DRBD dropped the "
		    "connection with %s and replicates nothing until one node's changes "
		    "are discarded (run repair-split-brain)", r->name, w->sb.peer);
		return;
	}
	if (!drbd_watch_sb_repaired(r, &w->sb))
		return;
	hpd_event(w->d, EV_NOTICE, DRBD_WATCH_SUBSYSTEM, 0, "DRBD split brain on %s "
	    "repaired: connected to %s again (%s)", r->name, w->sb.peer, drbd_ev_cstate(r));
	memset(&w->sb, 0, sizeof(w->sb));
	sb_persist(w);
}

/* Announce OLD -> NEW of one state word. */
static void
announce(struct drbd_watch *w, const char *what, char *ann, const char *now,
    const char *because)
{
	if (strcmp(ann, now) == 0)
		return;
	if (*ann != '\0')
		hpd_event(w->d, EV_NOTICE, DRBD_WATCH_SUBSYSTEM, 0, "DRBD %s: %s %s -> %s%s%s",
		    DRBD_WATCH_RESOURCE, what, ann, now, because ? ", because " : "",
		    because ? because : "");
	g_strlcpy(ann, now, DRBD_EV_STATE_MAX);
}

static const char *
conn_because(const char *old, const char *now, const struct drbd_ev_resource *r)
{
	static const char *const link_lost[] = { "NetworkFailure", "Timeout", "BrokenPipe",
	    "ProtocolError" };

	if (r == NULL)
		return "the resource is down (drbdadm down, or the module is not loaded)";
	if (strcmp(old, DRBD_WATCH_UNCONFIGURED) == 0)
		return "the resource was brought up";
	if (drbd_ev_split_brain(r) && strcmp(now, DRBD_EV_CONN_STANDALONE) == 0)
		return "DRBD found a split brain";
	for (size_t i = 0; i < G_N_ELEMENTS(link_lost); i++)
		if (strcmp(now, link_lost[i]) == 0)
			return "the peer stopped answering on the replication link (cable, peer down)";
	if (strcmp(now, DRBD_EV_CONN_STANDALONE) == 0)
		return "it was disconnected (drbdadm disconnect, or a handshake DRBD refused)";
	return NULL;
}

static void
announce_changes(struct drbd_watch *w, const struct drbd_ev_resource *r)
{
	const struct drbd_ev_peer_device *pd = first_peer_device(r);
	const char *conn = r ? drbd_ev_cstate(r) : DRBD_WATCH_UNCONFIGURED;

	announce(w, "connection", w->ann_conn, conn, conn_because(w->ann_conn, conn, r));
	announce(w, "role", w->ann_role, r ? role_name(r->role) : "Unknown", NULL);
	announce(w, "disk", w->ann_disk, r && r->n_devices ? r->devices[0].disk :
	    "Diskless", pd && drbd_ev_repl_is_syncing(pd->replication) ?
	    "of the resync" : NULL);
	announce(w, "peer disk", w->ann_peer_disk, pd ? pd->peer_disk : "DUnknown", NULL);
}

/* ------------------------------------------------------------ progress */

static bool
needs_poll(const struct drbd_ev_resource *r)
{
	const struct drbd_ev_peer_device *pd = first_peer_device(r);

	return pd != NULL && drbd_ev_repl_is_syncing(pd->replication) && !pd->has_done;
}

/* A sample of out-of-sync for the rate: from each --now dump on 8.4; from
 * the stream only for the first sample of a sync, or on DRBD 9, whose
 * stream reports progress itself (done:).  On 8.4 an unrelated stream line
 * repeats the last out-of-sync and would read as a rate of 0. */
static void
progress_sample(struct drbd_watch *w, const struct drbd_ev_resource *r, bool from_dump)
{
	const struct drbd_ev_peer_device *pd = first_peer_device(r);
	int64_t now = g_get_monotonic_time();
	double rate;

	if (pd == NULL || !drbd_ev_repl_is_syncing(pd->replication) || !pd->has_out_of_sync) {
		w->prev_oos_us = 0;
		w->rate_kib_s = -1;
		return;
	}
	if (!from_dump && !pd->has_done && w->prev_oos_us != 0)
		return;
	rate = drbd_watch_rate_kib_s(w->prev_oos_kib, w->prev_oos_us, pd->out_of_sync_kib, now);
	if (rate >= 0)
		w->rate_kib_s = rate;
	w->prev_oos_kib = pd->out_of_sync_kib;
	w->prev_oos_us = now;
}

static void
poll_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct drbd_watch *w = user_data;
	GSubprocess *proc = G_SUBPROCESS(src);
	GBytes *out = NULL;
	GError *err = NULL;
	uint64_t *mark = g_object_get_data(src, "hp-mark");

	if (!g_subprocess_communicate_finish(proc, res, &out, NULL, &err)) {
		if (!g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			log_debug("drbd: events2 --now: %s", err->message);
		g_error_free(err);
		g_object_unref(proc);
		return;   /* cancelled: W may be gone */
	}
	w->poll = NULL;
	/* the dump counts only when the stream was silent while it was taken */
	if (w->p != NULL && mark[0] == w->generation && mark[1] == w->stream_lines &&
	    out != NULL && g_subprocess_get_if_exited(proc) &&
	    g_subprocess_get_exit_status(proc) == 0) {
		gsize len;
		const char *buf = g_bytes_get_data(out, &len);

		drbd_ev_set_time(w->p, g_get_real_time());
		w->in_dump = true;
		drbd_ev_feed(w->p, buf, len);
		if (len > 0 && buf[len - 1] != '\n')
			drbd_ev_feed(w->p, "\n", 1);
		w->in_dump = false;
		progress_sample(w, drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE), true);
		sb_check(w, drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE));
	}
	if (out != NULL)
		g_bytes_unref(out);
	g_object_unref(proc);
}

static gboolean
poll_tick(gpointer user_data)
{
	static const char *const argv[] = { "drbdsetup", "events2", "--now", "--statistics",
	    "all", NULL };
	struct drbd_watch *w = user_data;
	GError *err = NULL;
	uint64_t *mark;

	if (w->p == NULL || !needs_poll(drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE))) {
		w->poll_timer = 0;
		return G_SOURCE_REMOVE;
	}
	if (w->poll != NULL)
		return G_SOURCE_CONTINUE;   /* the last one is still running */
	w->poll = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	    G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err);
	if (w->poll == NULL) {
		log_debug("drbd: cannot run drbdsetup events2 --now: %s", err->message);
		g_error_free(err);
		return G_SOURCE_CONTINUE;
	}
	mark = g_new(uint64_t, 2);
	mark[0] = w->generation;
	mark[1] = w->stream_lines;
	g_object_set_data_full(G_OBJECT(w->poll), "hp-mark", mark, g_free);
	g_subprocess_communicate_async(w->poll, NULL, w->cancel, poll_done, w);
	return G_SOURCE_CONTINUE;
}

static void
poll_update(struct drbd_watch *w, const struct drbd_ev_resource *r)
{
	if (needs_poll(r) && w->poll_timer == 0)
		w->poll_timer = g_timeout_add(DRBD_WATCH_POLL_MS, poll_tick, w);
}

/* -------------------------------------------------------------- stream */

static void
on_change(const char *resource, void *user_data)
{
	struct drbd_watch *w = user_data;

	if (w->in_dump || (resource != NULL && strcmp(resource, DRBD_WATCH_RESOURCE) != 0))
		return;
	if (resource == NULL) {
		/* the initial dump is complete: DRBD is followed again */
		if (w->failing_logged)
			log_notice("drbd: following DRBD again (drbdsetup events2 runs)");
		w->failing_logged = false;
		w->retry_s = DRBD_WATCH_RETRY_MIN_S;
	}
	if (!drbd_ev_complete(w->p))
		return;   /* the dump's intermediate states are not changes */
	announce_changes(w, drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE));
	sb_check(w, drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE));
}

static gboolean
retry_fire(gpointer user_data)
{
	struct drbd_watch *w = user_data;

	w->retry_timer = 0;
	watch_spawn(w);
	return G_SOURCE_REMOVE;
}

static void
stream_ended(struct drbd_watch *w, const char *why)
{
	if (!w->failing_logged) {
		log_warnx("drbd: cannot follow DRBD: drbdsetup events2 %s; retrying every "
		    "%d-%d s (is the drbd module loaded and drbd-utils installed?)", why,
		    DRBD_WATCH_RETRY_MIN_S, DRBD_WATCH_RETRY_MAX_S);
		w->failing_logged = true;
	}
	if (w->proc != NULL) {
		g_subprocess_force_exit(w->proc);   /* a no-op once it exited */
		g_object_unref(w->proc);
		w->proc = NULL;
	}
	if (w->p != NULL) {
		drbd_ev_parser_free(w->p);
		w->p = NULL;
	}
	/* what hapaird cannot see is announced as down once */
	announce_changes(w, NULL);
	w->rate_kib_s = -1;
	w->prev_oos_us = 0;
	w->retry_timer = g_timeout_add_seconds(w->retry_s, retry_fire, w);
	if (w->retry_s < DRBD_WATCH_RETRY_MAX_S)
		w->retry_s++;
}

static void
stream_read_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct drbd_watch *w = user_data;
	GError *err = NULL;
	GBytes *bytes = g_input_stream_read_bytes_finish(G_INPUT_STREAM(src), res, &err);
	const char *buf, *nl;
	gsize len;

	if (bytes == NULL) {
		if (g_error_matches(err, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_error_free(err);
			return;   /* drbd_watch_stop: W is gone */
		}
		log_warnx("drbd: reading drbdsetup events2: %s", err->message);
		g_error_free(err);
		stream_ended(w, "could not be read");
		return;
	}
	buf = g_bytes_get_data(bytes, &len);
	if (len == 0) {
		g_bytes_unref(bytes);
		stream_ended(w, "exited");
		return;
	}
	/* whole lines only, so a --now dump never lands inside one */
	for (nl = buf + len; nl > buf && nl[-1] != '\n'; nl--)
		;
	nl = nl > buf ? nl - 1 : NULL;
	if (nl == NULL) {
		g_string_append_len(w->tail, buf, (gssize)len);
	} else {
		for (const char *c = buf; c <= nl; c++)
			w->stream_lines += *c == '\n';
		drbd_ev_set_time(w->p, g_get_real_time());
		if (w->tail->len > 0) {
			drbd_ev_feed(w->p, w->tail->str, w->tail->len);
			g_string_truncate(w->tail, 0);
		}
		drbd_ev_feed(w->p, buf, (size_t)(nl - buf + 1));
		g_string_append_len(w->tail, nl + 1, (gssize)(len - (size_t)(nl - buf + 1)));
		{
			const struct drbd_ev_resource *r = drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE);

			progress_sample(w, r, false);
			poll_update(w, r);
		}
	}
	g_bytes_unref(bytes);
	watch_read_next(w);
}

static void
watch_read_next(struct drbd_watch *w)
{
	g_input_stream_read_bytes_async(g_subprocess_get_stdout_pipe(w->proc),
	    DRBD_WATCH_READ_CHUNK, G_PRIORITY_DEFAULT, w->cancel, stream_read_done, w);
}

static void
watch_spawn(struct drbd_watch *w)
{
	static const char *const argv[] = { "drbdsetup", "events2", "--timestamps",
	    "--statistics", "all", NULL };
	GError *err = NULL;

	w->proc = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	    G_SUBPROCESS_FLAGS_STDERR_SILENCE, &err);
	if (w->proc == NULL) {
		gchar *why = g_strdup_printf("cannot be started (%s)", err->message);

		g_error_free(err);
		stream_ended(w, why);
		g_free(why);
		return;
	}
	w->generation++;
	w->p = drbd_ev_parser_new();
	drbd_ev_set_callback(w->p, on_change, w);
	g_string_truncate(w->tail, 0);
	watch_read_next(w);
}

void
drbd_watch_start(struct hpd *d)
{
	struct drbd_watch *w;
	char *json = NULL;

	if (strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) == 0)
		return;
	w = g_new0(struct drbd_watch, 1);
	w->d = d;
	w->cancel = g_cancellable_new();
	w->tail = g_string_new(NULL);
	w->retry_s = DRBD_WATCH_RETRY_MIN_S;
	w->rate_kib_s = -1;
	if (store_setting_get(d->store, DRBD_WATCH_SETTING_SB, &json) == 0 &&
	    drbd_watch_sb_from_json(json, &w->sb) != 0)
		log_warnx("drbd: ignoring an unreadable %s setting: %s",
		    DRBD_WATCH_SETTING_SB, json);
	g_free(json);
	if (w->sb.set)
		log_warnx("drbd: the split brain on %s with %s is not repaired yet "
		    "(run repair-split-brain)", w->sb.resource, w->sb.peer);
	d->drbd = w;
	watch_spawn(w);
}

void
drbd_watch_stop(struct hpd *d)
{
	struct drbd_watch *w = d->drbd;

	if (w == NULL)
		return;
	d->drbd = NULL;
	g_cancellable_cancel(w->cancel);
	if (w->retry_timer)
		g_source_remove(w->retry_timer);
	if (w->poll_timer)
		g_source_remove(w->poll_timer);
	if (w->proc) {
		g_subprocess_force_exit(w->proc);
		g_object_unref(w->proc);
	}
	if (w->poll)
		g_subprocess_force_exit(w->poll);   /* poll_done unrefs it */
	if (w->p)
		drbd_ev_parser_free(w->p);
	g_string_free(w->tail, TRUE);
	g_object_unref(w->cancel);
	g_free(w);
}

JsonNode *
drbd_watch_status(struct hpd *d)
{
	struct drbd_watch *w = d->drbd;

	if (w == NULL)
		return NULL;
	return drbd_watch_status_json(DRBD_WATCH_RESOURCE,
	    w->p ? drbd_ev_resource(w->p, DRBD_WATCH_RESOURCE) : NULL, &w->sb,
	    w->rate_kib_s);
}

static void
sync_str(JsonObject *o, const char *name, char *out, size_t len)
{
	const char *v = !json_object_has_member(o, name) ||
	    json_object_get_null_member(o, name) ? NULL :
	    json_object_get_string_member_with_default(o, name, NULL);

	g_strlcpy(out, v != NULL ? v : "", len);
}

bool
drbd_watch_sync_state(struct hpd *d, struct drbd_watch_sync *out)
{
	JsonNode *n = drbd_watch_status(d);
	JsonObject *o;
	JsonNode *sb;

	memset(out, 0, sizeof(*out));
	out->percent = -1;
	out->rate_kib_s = -1;
	out->out_of_sync_kib = -1;
	if (n == NULL)
		return false;
	o = json_node_get_object(n);
	sync_str(o, "connection", out->connection, sizeof(out->connection));
	sync_str(o, "disk", out->disk, sizeof(out->disk));
	sync_str(o, "peer_disk", out->peer_disk, sizeof(out->peer_disk));
	if (json_object_has_member(o, "sync_percent") && !json_object_get_null_member(o, "sync_percent"))
		out->percent = json_object_get_double_member(o, "sync_percent");
	if (json_object_has_member(o, "rate_kib_s") && !json_object_get_null_member(o, "rate_kib_s"))
		out->rate_kib_s = json_object_get_int_member(o, "rate_kib_s");
	if (json_object_has_member(o, "out_of_sync_kib") &&
	    !json_object_get_null_member(o, "out_of_sync_kib"))
		out->out_of_sync_kib = json_object_get_int_member(o, "out_of_sync_kib");
	sb = json_object_get_member(o, "split_brain");
	out->split_brain = sb != NULL && !JSON_NODE_HOLDS_NULL(sb);
	json_node_unref(n);
	return true;
}
