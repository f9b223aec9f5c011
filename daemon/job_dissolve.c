/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_dissolve: Dissolve cluster (see job_dissolve.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "drbd_res.h"
#include "drbd_watch.h"
#include "job_act.h"
#include "cib_async.h"
#include "fo_ids.h"
#include "hp_log.h"
#include "job_dissolve.h"
#include "job_wait.h"
#include "node_act.h"
#include "peer_client.h"
#include "peer_msg.h"
#include "preflight.h"
#include "store.h"

#define DISSOLVE_SUBSYSTEM "dissolve"
#define DISSOLVE_ASK_TIMEOUT_S 5
#define DISSOLVE_STOP_TIMEOUT_S 180

static bool
p_has_data(struct job_ctx *j)
{
	return strcmp(job_hpd(j)->cfg.data_device, CFG_DATA_DEVICE_NONE) != 0;
}

/* KEY names a node ("keep" or "other"): whether it is the peer. */
static bool
on_peer(struct job_ctx *j, const char *key)
{
	return strcmp(job_param_str(j, key), job_hpd(j)->cfg.node_name) != 0;
}

/* Whether the step for node KEY runs at all: the peer's steps only while
 * it takes part ("peer_acts"). */
static bool
runs(struct job_ctx *j, const char *key)
{
	return !on_peer(j, key) || job_param_bool(j, "peer_acts");
}

/* Node action NAME on the node KEY names; skipped (done) when it does not
 * take part. */
static void
act_on(struct job_ctx *j, const char *key, const char *name, bool with_resource)
{
	JsonObject *p;

	if (!runs(j, key)) {
		job_step_done(j, 0, NULL);
		return;
	}
	p = json_object_new();
	if (with_resource)
		json_object_set_string_member(p, "resource", DRBD_RESOURCE_DEFAULT);
	job_node_act(j, on_peer(j, key), name, p);
	json_object_unref(p);
}

static void
drbd_on(struct job_ctx *j, const char *key, const char *name)
{
	if (!p_has_data(j)) {
		job_step_done(j, 0, NULL);
		return;
	}
	act_on(j, key, name, true);
}

/* Check ---------------------------------------------------------------------- */

/* Whether the peer is online, and whether Pacemaker still has to fence it
 * (lost, not yet fenced), from this node's snapshot. */
static bool
peer_online(struct hpd *d, const char *peer, bool *unclean)
{
	const struct cluster_snap *s = cluster_status_snap(d);

	*unclean = false;
	for (unsigned i = 0; s != NULL && s->cib_rc == 0 && i < s->cib.nnodes; i++)
		if (strcmp(s->cib.nodes[i].name, peer) == 0) {
			*unclean = s->cib.nodes[i].unclean;
			return s->cib.nodes[i].online;
		}
	return false;
}

/* With both nodes up and a data volume: the same data on both. */
static int
identical_data(struct hpd *d, char *err, size_t errlen)
{
	JsonNode *n = drbd_watch_status(d);
	JsonObject *o;
	const char *conn, *disk, *peer_disk;
	int rc = 0;

	if (n == NULL)
		return 0;
	o = json_node_get_object(n);
	conn = json_object_get_string_member_with_default(o, "connection", NULL);
	disk = json_object_get_string_member_with_default(o, "disk", NULL);
	peer_disk = json_object_get_string_member_with_default(o, "peer_disk", NULL);
	if (conn == NULL || strcmp(conn, "Connected") != 0 || disk == NULL ||
	    strcmp(disk, "UpToDate") != 0 || peer_disk == NULL ||
	    strcmp(peer_disk, "UpToDate") != 0) {
		snprintf(err, errlen, "the two nodes do not hold the same data yet (DRBD %s, "
		    "%s/%s): wait until the sync has finished, so that both keep identical data",
		    conn ? conn : "unknown", disk ? disk : "unknown", peer_disk ? peer_disk : "unknown");
		rc = -EPERM;
	}
	json_node_unref(n);
	return rc;
}

static int
dissolve_check(struct hpd *d, const struct job_dissolve_req *req, struct store_cluster *c,
    bool *online, char *err, size_t errlen)
{
	bool unclean;

	if (req->via_failover_ip) {
		snprintf(err, errlen, "dissolving is allowed only through a node's own address, "
		    "not through the failover IP: open the page of the node you want to keep");
		return -EPERM;
	}
	if (store_cluster_get(d->store, c) != 0 || strcmp(c->role, STORE_ROLE_CLUSTERED) != 0) {
		snprintf(err, errlen, "this node is not part of a cluster: there is nothing to "
		    "dissolve");
		return -EPERM;
	}
	if (req->keep == NULL || (strcmp(req->keep, d->cfg.node_name) != 0 &&
	    strcmp(req->keep, c->peer) != 0)) {
		snprintf(err, errlen, "give the node to keep: %s or %s, not '%s'",
		    d->cfg.node_name, c->peer, req->keep != NULL ? req->keep : "");
		return -EINVAL;
	}
	if (d->job != NULL) {
		snprintf(err, errlen, "busy: another job is running; dissolve when it has finished");
		return -EBUSY;
	}
	*online = peer_online(d, c->peer, &unclean);
	if (!*online && strcmp(req->keep, c->peer) == 0) {
		snprintf(err, errlen, "%s is offline: it cannot be the node that keeps running; "
		    "keep %s, or bring %s back first", c->peer, d->cfg.node_name, c->peer);
		return -EPERM;
	}
	/* Dissolving stops this node's cluster stack, and with it its pending
	 * fence of the peer: a peer lost but not fenced could then fence this
	 * node, or take the service (seen in the uml lab). */
	if (!*online && unclean) {
		snprintf(err, errlen, "%s has left the cluster but has not been fenced yet: "
		    "dissolving now could let it fence this node or take over the service; "
		    "dissolve again once it is fenced (within a minute; if it stays unfenced, "
		    "check its fence device)", c->peer);
		return -EAGAIN;
	}
	return *online ? identical_data(d, err, errlen) : 0;
}

static void
step_check(struct job_ctx *j)
{
	job_step_done(j, 0, NULL);      /* checked when started; nothing changed since */
}

/* Steps ---------------------------------------------------------------------- */

/* The service stops first, everywhere, while DRBD still replicates: the
 * file system's last writes (its unmount) reach both disks.  Stopping a
 * node's stack first would take its DRBD down before the kept node's
 * unmount, and the copies would differ in exactly those writes (seen in
 * the uml lab). */
static void
stop_service(struct job_ctx *j)
{
	cib_async_service(job_hpd(j), false, job_cib_done, j);
}

static void
start_service(struct job_ctx *j)
{
	cib_async_service(job_hpd(j), true, job_cib_done, j);
}

static int
service_stopped(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));

	if (s == NULL || s->cib_rc != 0) {
		snprintf(why, len, "Pacemaker does not answer here");
		return 0;
	}
	for (unsigned i = 0; i < s->cib.nrsc; i++) {
		const struct fo_rsc_status *r = &s->cib.rsc[i];

		if (strcmp(r->group, FO_ID_GROUP) == 0 && r->nnodes > 0) {
			snprintf(why, len, "%s still runs", r->id);
			return 0;
		}
	}
	return 1;
}

static void
wait_service_stopped(struct job_ctx *j)
{
	job_wait_start(j, service_stopped, DISSOLVE_STOP_TIMEOUT_S, "the stop of the service");
}

static void stop_other(struct job_ctx *j) { act_on(j, "other", NODE_ACT_STACK_STOP, false); }
static void start_other(struct job_ctx *j) { act_on(j, "other", NODE_ACT_STACK_START, false); }
static void stop_keep(struct job_ctx *j) { act_on(j, "keep", NODE_ACT_STACK_STOP, false); }
static void start_keep(struct job_ctx *j) { act_on(j, "keep", NODE_ACT_STACK_START, false); }
static void down_other(struct job_ctx *j) { drbd_on(j, "other", NODE_ACT_DRBD_DOWN); }
static void up_other(struct job_ctx *j) { drbd_on(j, "other", NODE_ACT_DRBD_UP); }
static void down_keep(struct job_ctx *j) { drbd_on(j, "keep", NODE_ACT_DRBD_DOWN); }
static void up_keep(struct job_ctx *j) { drbd_on(j, "keep", NODE_ACT_DRBD_UP); }
static void files_other(struct job_ctx *j) { act_on(j, "other", NODE_ACT_FILES_REMOVE, false); }
static void files_keep(struct job_ctx *j) { act_on(j, "keep", NODE_ACT_FILES_REMOVE, false); }

/* The peer's last step, in one request: once it has forgotten this node's
 * certificate, nothing more can be asked of it. */
static void
finish_peer(struct job_ctx *j)
{
	const char *peer_key = on_peer(j, "keep") ? "keep" : "other";
	bool kept = strcmp(peer_key, "keep") == 0;
	JsonObject *p;

	if (!job_param_bool(j, "peer_acts")) {
		job_step_done(j, 0, NULL);
		return;
	}
	p = json_object_new();
	json_object_set_boolean_member(p, "standalone", kept);
	json_object_set_string_member(p, "address", kept && job_param_bool(j, "keep_address") ?
	    job_param_str(j, "failover_ip") : "");
	json_object_set_string_member(p, "interface", job_param_str(j, "interface"));
	json_object_set_boolean_member(p, "poweroff", !kept && !job_param_bool(j, "no_shutdown"));
	job_node_act(j, true, NODE_ACT_DISSOLVE_FINISH, p);
	json_object_unref(p);
}

static void
finish_here_done(struct hpd *d, const struct peer_reply *r, void *arg)
{
	struct job_ctx *j = arg;
	JsonObject *p = json_object_new();

	/* the peer may not answer (it went back to being away): this node's
	 * part is what counts; it forgets the pin itself in dissolve-finish */
	json_object_set_boolean_member(p, "standalone", FALSE);
	job_node_act(j, false, NODE_ACT_DISSOLVE_FINISH, p);
	json_object_unref(p);
}

/* This node's last step.  Kept and alone: it remembers the dissolve and
 * keeps the pin, for the peer to ask when it returns.  Returning: it tells
 * the kept node, which then forgets it too. */
static void
finish_here(struct job_ctx *j)
{
	struct hpd *d = job_hpd(j);
	bool kept = !on_peer(j, "keep");
	JsonObject *p;

	if (kept && !job_param_bool(j, "peer_acts")) {
		if (store_setting_set(d->store, DISSOLVED_SETTING, job_param_str(j, "cluster"), false) != 0 ||
		    store_cluster_clear(d->store) != 0) {
			job_step_done(j, -EIO, "cannot record the dissolve in the database");
			return;
		}
		p = json_object_new();
		json_object_set_string_member(p, "address", job_param_bool(j, "keep_address") ?
		    job_param_str(j, "failover_ip") : "");
		json_object_set_string_member(p, "interface", job_param_str(j, "interface"));
		job_node_act(j, false, NODE_ACT_STANDALONE_START, p);
		json_object_unref(p);
		return;
	}
	if (job_param_bool(j, "returning")) {
		peer_client_unpair(d, finish_here_done, j);
		return;
	}
	p = json_object_new();
	json_object_set_boolean_member(p, "standalone", kept);
	json_object_set_string_member(p, "address", kept && job_param_bool(j, "keep_address") ?
	    job_param_str(j, "failover_ip") : "");
	json_object_set_string_member(p, "interface", job_param_str(j, "interface"));
	job_node_act(j, false, NODE_ACT_DISSOLVE_FINISH, p);
	json_object_unref(p);
}

/* name, resumable, has undo */
static const struct job_step_def dissolve_steps[] = {
	{ "check that the cluster can be dissolved", true, false },
	{ "stop the service (its data written to both disks)", true, true },
	{ "wait until the service has stopped", true, false },
	{ "stop the cluster stack on the other node", true, true },
	{ "stop the cluster stack on the kept node", true, true },
	{ "take DRBD down on the other node", true, true },
	{ "take DRBD down on the kept node", true, true },
	{ "remove the cluster's files from the other node", true, false },
	{ "remove the cluster's files from the kept node", true, false },
	{ "make the peer standalone (the kept node starts its services, the other shuts down)", true, false },
	{ "make this node standalone", true, false },
};

static const struct job_step_impl dissolve_impl[] = {
	{ step_check, NULL },
	{ stop_service, start_service },
	{ wait_service_stopped, NULL },
	{ stop_other, start_other },
	{ stop_keep, start_keep },
	{ down_other, up_other },
	{ down_keep, up_keep },
	{ files_other, NULL },
	{ files_keep, NULL },
	{ finish_peer, NULL },
	{ finish_here, NULL },
};

G_STATIC_ASSERT(G_N_ELEMENTS(dissolve_steps) == G_N_ELEMENTS(dissolve_impl));

static void
dissolve_finished(struct job_ctx *j, enum job_state end)
{
	struct hpd *d = job_hpd(j);

	if (end != JOB_DONE)
		return;
	if (job_param_bool(j, "returning")) {
		hpd_event(d, EV_WARNING, DISSOLVE_SUBSYSTEM, job_id(j), "%s dissolved the "
		    "cluster %s while this node was away: this node is standalone now and "
		    "takes no failover IP", job_param_str(j, "keep"), job_param_str(j, "cluster"));
		return;
	}
	hpd_event(d, EV_NOTICE, DISSOLVE_SUBSYSTEM, job_id(j), "cluster %s dissolved: %s runs "
	    "on as a standalone appliance%s; %s %s. %s", job_param_str(j, "cluster"), job_param_str(j, "keep"),
	    job_param_bool(j, "keep_address") ? " with the failover IP as its address" : "",
	    job_param_str(j, "other"), !job_param_bool(j, "peer_acts") && on_peer(j, "other") ?
	    "was offline and will stay standalone when it returns" : job_param_bool(j, "no_shutdown") ?
	    "keeps running" : "is shut down", DISSOLVE_WARNING);
	if (!on_peer(j, "other") && !job_param_bool(j, "no_shutdown"))
		node_act_power_later(d, false);
}

const struct job_kind job_dissolve_kind = {
	.def = { "dissolve", dissolve_steps, G_N_ELEMENTS(dissolve_steps) },
	.impl = dissolve_impl,
	.finished = dissolve_finished,
};

static JsonObject *
dissolve_params(struct hpd *d, const struct store_cluster *c, const char *keep,
    bool peer_acts)
{
	JsonObject *p = json_object_new();

	json_object_set_string_member(p, "keep", keep);
	json_object_set_string_member(p, "other", strcmp(keep, d->cfg.node_name) == 0 ?
	    c->peer : d->cfg.node_name);
	json_object_set_string_member(p, "cluster", c->name);
	json_object_set_string_member(p, "failover_ip", c->failover_ip);
	json_object_set_boolean_member(p, "peer_acts", peer_acts);
	return p;
}

int
job_dissolve_start(struct hpd *d, const struct job_dissolve_req *req, int64_t *id,
    char *err, size_t errlen)
{
	struct store_cluster c;
	bool online = false;
	JsonObject *p;
	int rc;

	if ((rc = dissolve_check(d, req, &c, &online, err, errlen)) != 0)
		return rc;
	p = dissolve_params(d, &c, req->keep, online);
	json_object_set_boolean_member(p, "keep_address", req->keep_address);
	json_object_set_boolean_member(p, "no_shutdown", req->no_shutdown);
	json_object_set_string_member(p, "interface", req->interface != NULL &&
	    *req->interface ? req->interface : PREFLIGHT_DEFAULT_IF);
	rc = job_run_start(d, &job_dissolve_kind, p, id, err, errlen);
	json_object_unref(p);
	return rc;
}

/* The returning node -------------------------------------------------------- */

struct dissolve_ask {
	struct hpd *d;
	void (*done)(struct hpd *d, bool dissolved);
};

static void
dissolve_answered(struct hpd *d, const struct peer_reply *r, void *arg)
{
	struct dissolve_ask *a = arg;
	struct store_cluster c;
	g_autoptr(JsonParser) p = json_parser_new();
	const char *dissolved = NULL;
	bool yes = false;

	if (r->result == PEER_OK && r->body != NULL &&
	    json_parser_load_from_data(p, r->body, (gssize)r->body_len, NULL) &&
	    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
		dissolved = json_object_get_string_member_with_default(
		    json_node_get_object(json_parser_get_root(p)), "dissolved", NULL);
	/* Asked every 30 s while alone: debug, so that a node that never
	 * follows shows why.  (It once read the answer past its end, as if
	 * it were NUL-terminated: the name then depended on what followed
	 * in memory, and the node followed only sometimes.) */
	if (r->result != PEER_OK || r->body == NULL)
		log_debug("dissolve: asked the peer whether it dissolved the cluster: %s",
		    r->message);
	else
		log_debug("dissolve: asked the peer whether it dissolved the cluster: %.*s",
		    (int)MIN(r->body_len, 300), r->body);
	if (dissolved != NULL && *dissolved != '\0' && d->job == NULL &&
	    store_cluster_get(d->store, &c) == 0 && strcmp(c.role, STORE_ROLE_CLUSTERED) == 0 &&
	    strcmp(dissolved, c.name) == 0) {
		JsonObject *params = dissolve_params(d, &c, c.peer, false);
		char err[256];
		int64_t id;

		json_object_set_boolean_member(params, "returning", true);
		json_object_set_boolean_member(params, "no_shutdown", true);
		json_object_set_string_member(params, "interface", PREFLIGHT_DEFAULT_IF);
		yes = job_run_start(d, &job_dissolve_kind, params, &id, err, sizeof(err)) == 0;
		if (!yes)
			hpd_event(d, EV_ERROR, DISSOLVE_SUBSYSTEM, 0, "%s dissolved the cluster, but "
			    "this node could not follow: %s", c.peer, err);
		json_object_unref(params);
	}
	a->done(d, yes);
	g_free(a);
}

void
job_dissolve_returning(struct hpd *d, void (*done)(struct hpd *d, bool dissolved))
{
	struct dissolve_ask *a = g_new0(struct dissolve_ask, 1);

	a->d = d;
	a->done = done;
	peer_client_get(d, PEER_PATH_CLUSTER, DISSOLVE_ASK_TIMEOUT_S, dissolve_answered, a);
}
