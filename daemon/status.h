/* status: the status model, one JSON document for the CLI, the API and
 * the UI.  Built fresh on each request from the daemon's state. */
#ifndef HP_STATUS_H
#define HP_STATUS_H

#include <json-glib/json-glib.h>

#include "hpd.h"

#define HP_ROLE_STANDALONE "standalone"

/* {"node": "node1", "version": "0.1.0", "role": "standalone",
 *  "uptime_s": 12, "started": "2026-11-22T06:30:15Z",
 *  "failover_ip": null (standalone) | "10.98.0.10/24",
 *  "heartbeat": {"interface": "eth1", "up": true, "addresses": ["192.168.250.1/24"]},
 *  "peer": null (none pinned) | {"node", "address", "reachable", "version",
 *          "clock_offset_ms", "rtt_ms", "checked_ago_s", "error"} (peer_watch.h),
 *  "job": null | {"id", "kind", "state", "step", "step_index", "steps",
 *                 "percent", "rate_kib_s", "started"},
 *  "cluster": null (no cluster stack runs) | {"quorate", "nodes": [{"name",
 *             "id", "member", "online", "pending", "pacemaker", "unclean",
 *             "standby", "maintenance", "dc", "local", "links": [{"link", "up"}]}], "active_node", "failover_ip_node",
 *             "maintenance_mode", "resources", "isolated", "age_ms", "error"},
 *  "failover_budget": null (standalone) | {"crash_ms", "worst_ms",
 *             "parts": {"detection_ms", "priority_delay_ms", "gate_ms",
 *             "listen_ms", "tiebreak_ms", "fence_ms", "start_ms"},
 *             "tiebreak_on_crash", "error", "last_failover_ms",
 *             "last_failover_at", "last_failover_lost"} (budget.h)} */
JsonNode *status_build(struct hpd *d);

#endif
