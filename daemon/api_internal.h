/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_internal: what the API's handler files share (api_server.c serves
 * and routes; api_cluster.c handles the cluster's operations, api_events.c
 * the event log, api_ping.c the connectivity test). */
#ifndef HP_API_INTERNAL_H
#define HP_API_INTERNAL_H

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdint.h>

#include "store.h"

struct api_server;

/* NODE as the JSON body of the reply, with the security headers. */
void api_reply_node(SoupServerMessage *msg, guint status, const char *reason,
    JsonNode *node);
/* {"error": "..."}: what is wrong and what to do. */
void api_reply_error(SoupServerMessage *msg, guint status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
struct hpd *api_server_hpd(struct api_server *api);
/* The request's JSON object (held by PARSER), or NULL after replying 400
 * (not JSON, not an object, not Content-Type application/json: the last
 * also keeps cross-site forms out). */
JsonObject *api_body_object(SoupServerMessage *msg, JsonParser *parser);
/* MEMBER of O when it is a string, else NULL. */
const char *api_body_string(JsonObject *o, const char *member);

/* 202 {"job": ID}: a job was started. */
void api_reply_job(SoupServerMessage *msg, int64_t id);
/* A job that was not started: -EINVAL 400, -EIO 500, else (not now,
 * another job) 409, with ERR. */
void api_reply_job_refused(SoupServerMessage *msg, int rc, const char *err);

/* POST /api/v1/cluster {"peer", "password", "failover_ip", "interface",
 *   "confirm": "YES"} -> 202 {"job": ID}: Create cluster (job_create.h).
 * POST /api/v1/cluster/preflight {"peer", "password", "failover_ip",
 *   "interface"} -> 200 the preflight report (preflight_collect.h).
 * GET /api/v1/job?id=ID -> the job's state, step, progress and end. */
void api_cluster_create(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
void api_cluster_preflight(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
void api_job(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);

/* POST /api/v1/cluster/takeover {} -> 202 {"job": ID}: only through the
 *   failover IP (403 otherwise); 409 when not allowed now, with why.
 * POST /api/v1/cluster/maintenance {"on": bool} -> 200 {"maintenance": bool}
 * POST /api/v1/node/standby {"node": NAME, "on": bool} -> 200
 *   {"node": NAME, "standby": bool} (api_operate.c) */
void api_cluster_takeover(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
void api_cluster_maintenance(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
void api_node_standby(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
/* POST /api/v1/node/restart, /api/v1/node/shutdown {"node": NAME, "force":
 *   bool} -> 202 {"job": ID}; 409 when the node may not go now, with why. */
void api_node_restart(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
void api_node_shutdown(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
/* POST /api/v1/cluster/repair-split-brain {"survivor": NAME, "confirm": "YES"}
 *   -> 202 {"job": ID}; 400 without YES or survivor, 409 not now */
void api_cluster_repair(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
/* POST /api/v1/cluster/dissolve {"keep": NAME, "keep_address": bool,
 *   "shutdown": bool (true), "interface", "confirm": "YES"} -> 202 {"job"};
 *   403 through the failover IP; 400 without YES (job_dissolve.h) */
void api_cluster_dissolve(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
/* GET /api/v1/events?node=&severity=&text=&since=&limit=&scope=cluster|local
 *   -> {"events": [...], "scope", "complete", "sources": [{"node", "ok",
 *   "count", "error"}]}: both nodes' events merged (api_events.c). */
void api_events(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);
/* POST /api/v1/ping {"address"} -> the connectivity test's result (api_ping.c). */
void api_ping(struct api_server *api, SoupServerMessage *msg,
    const struct store_session *sess);

#endif
