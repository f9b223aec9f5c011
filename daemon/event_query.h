/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event_query: the event log's filter as the web API and the peer channel
 * take it (URL query parameters), and the merge of two nodes' events into
 * one cluster view.
 *
 *   node=NAME  severity=LEVEL (that and above)  text=SUBSTRING
 *   since=WHEN (as hapairctl log --since)  limit=N (1..EVQ_LIMIT_MAX)
 *   scope=cluster|local  (the API only: whether the peer is asked too)
 *
 * Parsing and merging are pure (no I/O, the caller passes the clock);
 * event_query_run reads the store. */
#ifndef HP_EVENT_QUERY_H
#define HP_EVENT_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "event.h"
#include "store.h"

#define EVQ_LIMIT_DEFAULT 200
/* A page of the UI, and the most one answer over the peer channel
 * carries (about 300 bytes an event). */
#define EVQ_LIMIT_MAX     1000
#define EVQ_TEXT_MAX      200
#define EVQ_SCOPE_CLUSTER "cluster"
#define EVQ_SCOPE_LOCAL   "local"

struct event_query {
	char node[64];                 /* "": every node */
	char text[EVQ_TEXT_MAX + 1];   /* "": any message */
	enum ev_severity min_severity;
	int64_t since_us;              /* 0: no lower bound */
	unsigned limit;
	bool cluster;                  /* scope=cluster (the default) */
};

/* PARAMS (may be NULL) into *Q; unknown parameters are refused so that a
 * typo never silently shows everything.  0, or -EINVAL with ERR saying
 * which parameter is wrong and what it takes. */
int event_query_parse(GHashTable *params, int64_t now_us, struct event_query *q,
    char *err, size_t errlen);

/* The query string the peer is asked with: the same filter, scope local. */
char *event_query_to_string(const struct event_query *q);

/* The matching events of ST, newest first, as ev_to_json objects; NULL
 * when the store cannot be read. */
JsonArray *event_query_run(struct store *st, const struct event_query *q);

/* A and B (each newest first) as one array, newest first by time_us (ties:
 * by node name, then id, so both nodes' views agree), at most LIMIT long.
 * Elements that are not events with a time_us are dropped: B comes from
 * the other node.  Takes neither array. */
JsonArray *event_merge(JsonArray *a, JsonArray *b, unsigned limit);

#endif
