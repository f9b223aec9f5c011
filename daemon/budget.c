/* SPDX-License-Identifier: GPL-2.0-or-later */
/* budget: the failover budget and the last measured failover for the
 * status document, and its line for people (see the header).  Pure, no
 * clock; the one read is budget_last_failover_read's of the store. */
#include <errno.h>
#include <string.h>

#include "budget.h"
#include "fo_budget.h"
#include "store.h"

#define BUDGET_ERR_MAX 256

/* "node2 left the cluster (was online)" with MARK " left the cluster (was "
 * -> "node2" into NAME; false when MSG is not such a sentence. */
static bool
budget_node_before(const char *msg, const char *mark, char *name, size_t len)
{
	const char *at = strstr(msg, mark);
	size_t n;

	if (at == NULL || at == msg || (n = (size_t)(at - msg)) >= len || memchr(msg, ' ', n))
		return false;
	memcpy(name, msg, n);
	name[n] = '\0';
	return true;
}

static bool
budget_is_service_here(const char *msg)
{
	return g_str_has_prefix(msg, CLUSTER_EV_SERVICE_HERE) &&
	    g_str_has_suffix(msg, CLUSTER_EV_SERVICE_HERE_END);
}

void
budget_last_failover(const struct ev_event *events, size_t n, struct budget_failover *out)
{
	struct budget_failover pending = { 0 };
	char name[sizeof(pending.lost)];

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct ev_event *e = &events[i];

		if (strcmp(e->subsystem, CLUSTER_EV_SUBSYSTEM) != 0)
			continue;
		if (budget_node_before(e->message, CLUSTER_EV_LEFT, name, sizeof(name))) {
			/* a second loss before the service moved: time from the later */
			pending.found = true;
			g_strlcpy(pending.lost, name, sizeof(pending.lost));
			pending.lost_us = e->time_us;
		} else if (budget_node_before(e->message, CLUSTER_EV_JOINED, name, sizeof(name))) {
			if (pending.found && strcmp(name, pending.lost) == 0)
				pending.found = false;
		} else if (g_str_has_prefix(e->message, CLUSTER_EV_STACK_STOPPED)) {
			pending.found = false;
		} else if (pending.found && budget_is_service_here(e->message)) {
			*out = pending;
			out->started_us = e->time_us;
			pending.found = false;
		}
	}
}

static int
budget_collect(const struct ev_event *ev, void *arg)
{
	GArray *events = arg;

	/* only the cluster poller's sentences count: keep the copy small */
	if (strcmp(ev->subsystem, CLUSTER_EV_SUBSYSTEM) == 0)
		g_array_append_val(events, *ev);
	return 0;
}

int
budget_last_failover_read(struct store *st, const char *node, struct budget_failover *out)
{
	struct store_event_filter f = { 0 };
	GArray *events = g_array_new(FALSE, FALSE, sizeof(struct ev_event));
	int rc;

	f.min_severity = EV_NOTICE;
	f.node = node;
	f.limit = BUDGET_EVENTS_SCAN;
	if ((rc = store_events_list(st, &f, budget_collect, events)) == 0) {
		/* the store lists newest first; the fold reads them in order */
		for (guint i = 0, j = events->len; i + 1 < j; i++, j--) {
			struct ev_event tmp = g_array_index(events, struct ev_event, i);

			g_array_index(events, struct ev_event, i) =
			    g_array_index(events, struct ev_event, j - 1);
			g_array_index(events, struct ev_event, j - 1) = tmp;
		}
		budget_last_failover((const struct ev_event *)(void *)events->data, events->len,
		    out);
	}
	g_array_free(events, TRUE);
	return rc;
}

/* ---------------------------------------------------------------- json */

static void
budget_add_ms(JsonBuilder *b, const char *name, unsigned ms)
{
	json_builder_set_member_name(b, name);
	json_builder_add_int_value(b, ms);
}

static void
budget_add_null(JsonBuilder *b, const char *name)
{
	json_builder_set_member_name(b, name);
	json_builder_add_null_value(b);
}

/* The budget from S, or an error sentence into ERR. */
static int
budget_from_snap(const struct cluster_snap *s, struct fo_budget *out, char *err, size_t len)
{
	struct fo_budget_in in = { 0 };
	int rc;

	if (s == NULL || !cluster_snap_running(s) || s->mem_rc != 0) {
		g_strlcpy(err, "the cluster stack does not run on this node: its settings "
		    "cannot be read here", len);
		return -ENOTCONN;
	}
	if (s->cib_rc != 0) {
		g_strlcpy(err, "pacemaker's CIB cannot be read: the fencing settings are not "
		    "known", len);
		return s->cib_rc;
	}
	if ((rc = fo_budget_in_from_status(&s->cib, &in, err, len)) != 0)
		return rc;
	in.token_ms = s->mem.token_ms;
	in.consensus_ms = s->mem.consensus_ms;
	return fo_budget_compute(&in, out, err, len);
}

static void
budget_add_last(JsonBuilder *b, const struct budget_failover *last)
{
	char when[32];

	if (last == NULL || !last->found) {
		budget_add_null(b, "last_failover_ms");
		budget_add_null(b, "last_failover_at");
		budget_add_null(b, "last_failover_lost");
		return;
	}
	json_builder_set_member_name(b, "last_failover_ms");
	json_builder_add_int_value(b, last->started_us > last->lost_us ?
	    (last->started_us - last->lost_us) / 1000 : 0);
	/* ev_to_json's form: "2026-12-07T04:12:03Z" */
	ev_format_time(last->lost_us, when, sizeof(when));
	when[10] = 'T';
	g_strlcat(when, "Z", sizeof(when));
	json_builder_set_member_name(b, "last_failover_at");
	json_builder_add_string_value(b, when);
	json_builder_set_member_name(b, "last_failover_lost");
	json_builder_add_string_value(b, last->lost);
}

JsonNode *
budget_json(const struct cluster_snap *s, const struct budget_failover *last)
{
	JsonBuilder *b = json_builder_new();
	struct fo_budget fb;
	char err[BUDGET_ERR_MAX] = "";
	JsonNode *root;
	bool ok = budget_from_snap(s, &fb, err, sizeof(err)) == 0;

	json_builder_begin_object(b);
	if (ok) {
		budget_add_ms(b, "crash_ms", fb.crash_ms);
		budget_add_ms(b, "worst_ms", fb.worst_ms);
		json_builder_set_member_name(b, "parts");
		json_builder_begin_object(b);
		budget_add_ms(b, "detection_ms", fb.detection_ms);
		budget_add_ms(b, "priority_delay_ms", fb.priority_delay_ms);
		budget_add_ms(b, "gate_ms", fb.gate_ms);
		budget_add_ms(b, "listen_ms", fb.listen_ms);
		budget_add_ms(b, "tiebreak_ms", fb.tiebreak_ms);
		budget_add_ms(b, "fence_ms", fb.fence_ms);
		budget_add_ms(b, "start_ms", fb.start_ms);
		json_builder_end_object(b);
		json_builder_set_member_name(b, "tiebreak_on_crash");
		json_builder_add_boolean_value(b, fb.tiebreak_on_crash);
		budget_add_null(b, "error");
	} else {
		budget_add_null(b, "crash_ms");
		budget_add_null(b, "worst_ms");
		budget_add_null(b, "parts");
		budget_add_null(b, "tiebreak_on_crash");
		json_builder_set_member_name(b, "error");
		json_builder_add_string_value(b, err);
	}
	budget_add_last(b, last);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	g_object_unref(b);
	return root;
}

/* ---------------------------------------------------------------- text */

static gint64
budget_int(JsonObject *o, const char *name)
{
	JsonNode *n = o != NULL ? json_object_get_member(o, name) : NULL;

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_int(n) : -1;
}

static const char *
budget_str(JsonObject *o, const char *name)
{
	JsonNode *n = json_object_get_member(o, name);

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_string(n) : NULL;
}

/* MS as seconds with one decimal, halves rounded up ("2.8" for 2750) the
 * way the web UI rounds them (www/ui_dashboard.js), not printf's way. */
static void
budget_seconds(GString *t, gint64 ms)
{
	gint64 tenths = (ms + 50) / 100;

	g_string_append_printf(t, "%" G_GINT64_FORMAT ".%d", tenths / 10, (int)(tenths % 10));
}

/* ", gate 0.5" when MS > 0 (or ALWAYS), the first after "(" or ": "
 * without its comma; PLUS: ", +0.3 listening", an addition. */
static void
budget_part(GString *t, const char *name, gint64 ms, bool always, bool plus)
{
	char last = t->str[t->len - 1];

	if (ms <= 0 && !always)
		return;
	if (last != '(' && last != ' ')
		g_string_append(t, ", ");
	if (plus) {
		g_string_append_c(t, '+');
		budget_seconds(t, ms > 0 ? ms : 0);
		g_string_append_printf(t, " %s", name);
	} else {
		g_string_append_printf(t, "%s ", name);
		budget_seconds(t, ms > 0 ? ms : 0);
	}
}

static void
budget_text_budget(GString *t, JsonObject *fb)
{
	JsonNode *pn = json_object_get_member(fb, "parts");
	JsonObject *p = pn != NULL && JSON_NODE_HOLDS_OBJECT(pn) ? json_node_get_object(pn) : NULL;
	gint64 crash = budget_int(fb, "crash_ms"), worst = budget_int(fb, "worst_ms");
	bool on_crash = json_object_get_boolean_member_with_default(fb, "tiebreak_on_crash", FALSE);

	if (p == NULL || crash < 0) {
		g_string_append_printf(t, "budget unknown: %s",
		    budget_str(fb, "error") ? budget_str(fb, "error") : "no cluster settings");
		return;
	}
	budget_seconds(t, crash);
	g_string_append(t, " s after a crash (");
	budget_part(t, "detection", budget_int(p, "detection_ms"), true, false);
	budget_part(t, "priority-fencing-delay", budget_int(p, "priority_delay_ms"), false, false);
	budget_part(t, "gate", budget_int(p, "gate_ms"), false, false);
	if (on_crash)
		budget_part(t, "tie-break", budget_int(p, "tiebreak_ms"), false, false);
	budget_part(t, "fence", budget_int(p, "fence_ms"), false, false);
	budget_part(t, "start", budget_int(p, "start_ms"), true, false);
	if (budget_int(p, "fence_ms") <= 0)
		g_string_append(t, "; no fencing");
	else if (on_crash && budget_int(p, "tiebreak_ms") > 0)
		g_string_append(t, "; the gate has no ping targets: it waits its tie-break "
		    "after a crash too");
	g_string_append(t, ")");
	if (worst > crash) {
		/* what only a lost node that still answers costs: the gate
		 * listens for it, then gives it its tie-break */
		g_string_append(t, ", ");
		budget_seconds(t, worst);
		g_string_append(t, " s at worst (a lost node still answering: ");
		budget_part(t, "listening", budget_int(p, "listen_ms"), false, true);
		if (!on_crash)
			budget_part(t, "tie-break", budget_int(p, "tiebreak_ms"), false, true);
		g_string_append(t, ")");
	} else {
		g_string_append(t, ", the same at worst");
	}
}

gchar *
budget_text(JsonObject *fb)
{
	GString *t = g_string_new(NULL);
	gint64 last = budget_int(fb, "last_failover_ms");
	const char *at = budget_str(fb, "last_failover_at");
	const char *lost = budget_str(fb, "last_failover_lost");

	budget_text_budget(t, fb);
	if (last < 0 || at == NULL) {
		g_string_append(t, "; no failover recorded");
	} else {
		/* "2026-12-07T04:12:03Z" -> "2026-12-07 04:12:03 UTC" */
		gchar *when = g_strdup(at);

		if (strlen(when) > 10 && when[10] == 'T')
			when[10] = ' ';
		if (g_str_has_suffix(when, "Z"))
			when[strlen(when) - 1] = '\0';
		g_string_append(t, "; last failover ");
		budget_seconds(t, last);
		g_string_append_printf(t, " s from %s's loss seen to the service here (%s UTC)",
		    lost != NULL ? lost : "a node", when);
		g_free(when);
	}
	return g_string_free(t, FALSE);
}
