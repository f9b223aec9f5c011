/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event_query: event-log filters from URL parameters, and the cluster view's
 * merge of both nodes' events (see the header).  Never logs. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_query.h"

static const char *const evq_known[] = {
	"node", "severity", "text", "since", "limit", "scope", NULL,
};

static bool
evq_name_ok(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && strchr("-._", *s) == NULL)
			return false;
	return true;
}

static int evq_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
evq_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int
evq_limit(const char *v, unsigned *out)
{
	char *end;
	long n;

	if (!g_ascii_isdigit(*v))
		return -EINVAL;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > EVQ_LIMIT_MAX)
		return -EINVAL;
	*out = (unsigned)n;
	return 0;
}

int
event_query_parse(GHashTable *params, int64_t now_us, struct event_query *q,
    char *err, size_t errlen)
{
	GHashTableIter it;
	gpointer key, value;

	memset(q, 0, sizeof(*q));
	q->limit = EVQ_LIMIT_DEFAULT;
	q->cluster = true;
	if (params == NULL)
		return 0;
	g_hash_table_iter_init(&it, params);
	while (g_hash_table_iter_next(&it, &key, &value)) {
		const char *k = key, *v = value;
		bool known = false;

		for (size_t i = 0; evq_known[i] != NULL && !known; i++)
			known = strcmp(k, evq_known[i]) == 0;
		if (!known)
			return evq_fail(err, errlen, "unknown filter '%s': use node, severity, "
			    "text, since, limit or scope", k);
		/* An empty value is a form field left blank: no filter. */
		if (*v == '\0')
			continue;
		if (strcmp(k, "node") == 0) {
			if (!evq_name_ok(v) || strlen(v) >= sizeof(q->node))
				return evq_fail(err, errlen, "node '%s' is not a node name "
				    "(letters, digits, '-', '.', '_')", v);
			g_strlcpy(q->node, v, sizeof(q->node));
		} else if (strcmp(k, "severity") == 0) {
			if (ev_severity_parse(v, &q->min_severity) != 0)
				return evq_fail(err, errlen, "unknown severity '%s': use debug, "
				    "info, notice, warning or error", v);
		} else if (strcmp(k, "text") == 0) {
			if (strlen(v) > EVQ_TEXT_MAX || !g_utf8_validate(v, -1, NULL))
				return evq_fail(err, errlen, "text: give at most %d characters of "
				    "UTF-8 to look for in the messages", EVQ_TEXT_MAX);
			g_strlcpy(q->text, v, sizeof(q->text));
		} else if (strcmp(k, "since") == 0) {
			if (ev_since_parse(v, now_us, &q->since_us) != 0)
				return evq_fail(err, errlen, "since '%s': use 30s, 10m, 2h, 3d, "
				    "a UTC date such as 2026-11-22 06:30, or @EPOCH", v);
		} else if (strcmp(k, "limit") == 0) {
			if (evq_limit(v, &q->limit) != 0)
				return evq_fail(err, errlen, "limit '%s': give a number from 1 to %d",
				    v, EVQ_LIMIT_MAX);
		} else if (strcmp(v, EVQ_SCOPE_CLUSTER) == 0 || strcmp(v, EVQ_SCOPE_LOCAL) == 0) {
			q->cluster = strcmp(v, EVQ_SCOPE_CLUSTER) == 0;
		} else {
			return evq_fail(err, errlen, "scope '%s': use cluster (both nodes) or "
			    "local (this node)", v);
		}
	}
	return 0;
}

static void
evq_append(GString *s, const char *key, const char *value)
{
	g_autofree char *esc = g_uri_escape_string(value, NULL, FALSE);

	g_string_append_printf(s, "%s%s=%s", s->len > 0 ? "&" : "", key, esc);
}

char *
event_query_to_string(const struct event_query *q)
{
	GString *s = g_string_new(NULL);
	char buf[32];

	if (q->node[0] != '\0')
		evq_append(s, "node", q->node);
	if (q->text[0] != '\0')
		evq_append(s, "text", q->text);
	evq_append(s, "severity", ev_severity_name(q->min_severity));
	if (q->since_us > 0) {
		/* Whole seconds, rounded down: the peer may return an event
		 * from the same second, never miss one. */
		g_snprintf(buf, sizeof(buf), "@%" G_GINT64_FORMAT, q->since_us / G_USEC_PER_SEC);
		evq_append(s, "since", buf);
	}
	g_snprintf(buf, sizeof(buf), "%u", q->limit);
	evq_append(s, "limit", buf);
	evq_append(s, "scope", EVQ_SCOPE_LOCAL);
	return g_string_free(s, FALSE);
}

static int
evq_add(const struct ev_event *ev, void *arg)
{
	json_array_add_element(arg, ev_to_json(ev));
	return 0;
}

JsonArray *
event_query_run(struct store *st, const struct event_query *q)
{
	struct store_event_filter f = { 0 };
	JsonArray *arr = json_array_new();

	f.since_us = q->since_us;
	f.min_severity = q->min_severity;
	f.node = q->node[0] != '\0' ? q->node : NULL;
	f.text = q->text[0] != '\0' ? q->text : NULL;
	f.limit = q->limit;
	if (store_events_list(st, &f, evq_add, arr) != 0) {
		json_array_unref(arr);
		return NULL;
	}
	return arr;
}

/* Merge ------------------------------------------------------------------ */

static bool
evq_event_ok(JsonNode *n)
{
	JsonObject *o;
	JsonNode *t;

	if (n == NULL || !JSON_NODE_HOLDS_OBJECT(n))
		return false;
	o = json_node_get_object(n);
	t = json_object_get_member(o, "time_us");
	return t != NULL && JSON_NODE_HOLDS_VALUE(t) &&
	    json_node_get_value_type(t) == G_TYPE_INT64;
}

static const char *
evq_node_of(JsonObject *o)
{
	JsonNode *n = json_object_get_member(o, "node");

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) &&
	    json_node_get_value_type(n) == G_TYPE_STRING ? json_node_get_string(n) : "";
}

/* Newer first; the order is total so that the merge is deterministic. */
static gint
evq_cmp(gconstpointer pa, gconstpointer pb)
{
	JsonObject *a = json_node_get_object(*(JsonNode *const *)pa);
	JsonObject *b = json_node_get_object(*(JsonNode *const *)pb);
	gint64 ta = json_object_get_int_member(a, "time_us");
	gint64 tb = json_object_get_int_member(b, "time_us");
	gint64 ia = json_object_get_int_member_with_default(a, "id", 0);
	gint64 ib = json_object_get_int_member_with_default(b, "id", 0);
	int c;

	if (ta != tb)
		return ta > tb ? -1 : 1;
	c = strcmp(evq_node_of(a), evq_node_of(b));
	if (c != 0)
		return c;
	return ia == ib ? 0 : ia > ib ? -1 : 1;
}

JsonArray *
event_merge(JsonArray *a, JsonArray *b, unsigned limit)
{
	g_autoptr(GPtrArray) all = g_ptr_array_new();
	JsonArray *out = json_array_new();
	JsonArray *src[2] = { a, b };

	for (int s = 0; s < 2; s++) {
		if (src[s] == NULL)
			continue;
		for (guint i = 0; i < json_array_get_length(src[s]); i++) {
			JsonNode *n = json_array_get_element(src[s], i);

			if (evq_event_ok(n))
				g_ptr_array_add(all, n);
		}
	}
	g_ptr_array_sort(all, evq_cmp);
	for (guint i = 0; i < all->len && i < limit; i++)
		json_array_add_element(out, json_node_copy(g_ptr_array_index(all, i)));
	return out;
}
