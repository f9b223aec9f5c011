/* SPDX-License-Identifier: GPL-2.0-or-later */
/* budget: the status document's "failover_budget": how long the pair
 * should take to move the service after losing its active node, from the
 * running settings (failover/fo_budget), beside how long the last
 * failover took, from this node's event log.
 *
 * Pure but for budget_last_failover_read: a snapshot and events in, JSON
 * and text out.  The daemon keeps the last failover between status
 * requests (cluster_status.c reads the log again only after a cluster
 * event); hapairctl prints budget_text(); tests/unit/test_budget.c pins
 * all of it from lab CIBs, event lists and a store.
 *
 * The measured failover runs from the event that reported the lost node
 * (corosync's membership, so after its detection) to the event that
 * found the whole service group running here.  Events come from the
 * once-a-second status reads (four a second while a page watches), so
 * the figure is good to about a second and leaves out the detection,
 * which the budget shows as its own part. */
#ifndef HP_BUDGET_H
#define HP_BUDGET_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cluster_snap.h"
#include "event.h"

/* How far back a restarted hapaird looks for the last failover: its
 * newest notices (a failover is a handful of them). */
#define BUDGET_EVENTS_SCAN 2000

struct budget_failover {
	bool found;
	char lost[sizeof(((struct ev_event *)0)->node)];  /* the node lost */
	int64_t lost_us;           /* wall clock: the loss was reported */
	int64_t started_us;        /* wall clock: the service ran here */
};

/* The last failover in EVENTS (N of them, oldest first: one node's
 * event log): the time from a lost node to the next "service started"
 * event, unless the lost node came back or this node's stack stopped in
 * between (then the service did not move because of that loss). */
void budget_last_failover(const struct ev_event *events, size_t n,
    struct budget_failover *out);

/* budget_last_failover on NODE's newest BUDGET_EVENTS_SCAN notices in ST:
 * the one function here that reads (the store, synchronously, as every
 * store call).  0, or the store's negative errno with OUT untouched. */
struct store;
int budget_last_failover_read(struct store *st, const char *node,
    struct budget_failover *out);

/* {"crash_ms", "worst_ms", "parts": {"detection_ms", "priority_delay_ms",
 *  "gate_ms", "listen_ms", "tiebreak_ms", "fence_ms", "start_ms"},
 *  "tiebreak_on_crash", "error", "last_failover_ms", "last_failover_at",
 *  "last_failover_lost"}.
 * crash_ms, worst_ms, parts and tiebreak_on_crash are null, and error says
 * why, when S (NULL: no snapshot yet) cannot tell the settings; the
 * last_failover members are null when LAST has none. */
JsonNode *budget_json(const struct cluster_snap *s, const struct budget_failover *last);

/* One line for people from a "failover_budget" object: "2.1 s after a
 * crash (detection 0.5, gate 0.1, fence 0.5, start 1.0), 12.3 s at worst
 * (a lost node still answering: +0.3 listening, +10.0 tie-break); last
 * failover 1.4 s from node2's loss seen to the service here (2026-12-07
 * 04:12:03 UTC)"; seconds to one decimal, halves up, as the web UI rounds
 * them (www/ui_dashboard.js, hp.budgetText, says the same words).
 * g_free() it. */
gchar *budget_text(JsonObject *fb);

#endif
