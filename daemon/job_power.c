/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_power: Restart and Shut down node (see job_power.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "job_act.h"
#include "job_power.h"
#include "job_wait.h"
#include "node_act.h"
#include "store.h"

/* Pacemaker starting the service on the other node after the stop. */
#define POWER_MOVE_TIMEOUT_S 180

int
job_power_verdict(const struct cluster_snap *s, const char *node, bool node_is_peer,
    const char *other, bool reboot, bool force, char *err, size_t errlen)
{
	const char *verb = reboot ? "restart" : "shut down";
	bool active = s != NULL && s->cib_rc == 0 && strcmp(s->cib.active_node, node) == 0;

	/* online is enough to be asked: a joining or standby node can stop */
	if (node_is_peer && cluster_snap_can_run(s, node) == CLUSTER_OFFLINE) {
		snprintf(err, errlen, "%s is offline: it cannot be asked to %s; use its power "
		    "button or BMC", node, verb);
		return -EPERM;
	}
	if (!active || force)
		return 0;
	/* The other node must be able to take the service; each reason says
	 * what to do about it. */
	switch (cluster_snap_can_run(s, other)) {
	case CLUSTER_CAN_RUN:
		return 0;
	case CLUSTER_OFFLINE:
		snprintf(err, errlen, "%s is the last node holding the service (%s is offline): "
		    "to %s it would stop the service; bring %s back first, or force it", node,
		    other, verb, other);
		break;
	case CLUSTER_STANDBY:
		snprintf(err, errlen, "%s is the last node holding the service (%s is in standby): "
		    "to %s it would stop the service; take %s out of standby first, or force it",
		    node, other, verb, other);
		break;
	case CLUSTER_JOINING:
		/* a restarted node, for the few seconds its join takes */
		snprintf(err, errlen, "%s is the last node holding the service: %s is still "
		    "joining the cluster (Pacemaker has not finished its join) and cannot take it "
		    "yet; try again in a few seconds, or force it", node, other);
		break;
	}
	return -EPERM;
}

/* The part of the check that needs no snapshot: this node is clustered
 * and NODE names it or its peer.  The other node's name into OTHER. */
static int
power_names(struct hpd *d, const char *node, char *other, size_t otherlen, bool *node_is_peer,
    char *err, size_t errlen)
{
	struct store_cluster c;

	if (store_cluster_get(d->store, &c) != 0 || strcmp(c.role, STORE_ROLE_CLUSTERED) != 0) {
		snprintf(err, errlen, "this node is not part of a cluster: use the appliance's own "
		    "restart and shutdown");
		return -EPERM;
	}
	if (node == NULL || (strcmp(node, d->cfg.node_name) != 0 && strcmp(node, c.peer) != 0)) {
		snprintf(err, errlen, "there is no node '%s' in this cluster: give %s or %s",
		    node != NULL ? node : "", d->cfg.node_name, c.peer);
		return -EINVAL;
	}
	snprintf(other, otherlen, "%s", strcmp(node, d->cfg.node_name) == 0 ? c.peer :
	    d->cfg.node_name);
	*node_is_peer = strcmp(node, c.peer) == 0;
	return 0;
}

int
job_power_check(struct hpd *d, const char *node, bool reboot, bool force, char *other,
    size_t otherlen, char *err, size_t errlen)
{
	bool node_is_peer;
	int rc;

	if ((rc = power_names(d, node, other, otherlen, &node_is_peer, err, errlen)) != 0)
		return rc;
	return job_power_verdict(cluster_status_snap(d), node, node_is_peer, other, reboot, force,
	    err, errlen);
}

/* Steps ------------------------------------------------------------------- */

static bool
power_on_peer(struct job_ctx *j)
{
	return strcmp(job_param_str(j, "node"), job_hpd(j)->cfg.node_name) != 0;
}

static void
power_check_fresh(struct hpd *d, void *arg)
{
	struct job_ctx *j = arg;
	char other[64], err[512];
	int rc = job_power_check(d, job_param_str(j, "node"), job_param_bool(j, "reboot"),
	    job_param_bool(j, "force"), other, sizeof(other), err, sizeof(err));

	job_step_done(j, rc, "%s", err);
}

/* Checked again on a snapshot read after the job began: the request's
 * own fresh snapshot is a few milliseconds older, and a resumed job's is
 * from before hapaird's restart. */
static void
power_check(struct job_ctx *j)
{
	cluster_status_after(job_hpd(j), power_check_fresh, j);
}

/* Pacemaker's clean stop of a node moves what it runs to the other node
 * before the stack goes down. */
static void
power_stop_stack(struct job_ctx *j)
{
	JsonObject *p = json_object_new();

	job_node_act(j, power_on_peer(j), NODE_ACT_STACK_STOP, p);
	json_object_unref(p);
}

static void
power_start_stack(struct job_ctx *j)
{
	JsonObject *p = json_object_new();

	job_node_act(j, power_on_peer(j), NODE_ACT_STACK_START, p);
	json_object_unref(p);
}

static int
power_moved(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));
	const char *node = job_param_str(j, "node");

	if (s == NULL || s->cib_rc != 0) {
		snprintf(why, len, "Pacemaker does not answer here");
		return 0;
	}
	if (*s->cib.active_node != '\0' && strcmp(s->cib.active_node, node) != 0)
		return 1;
	snprintf(why, len, "the service runs on %s", *s->cib.active_node ?
	    s->cib.active_node : "no node");
	return 0;
}

/* Only when the peer goes: this node's snapshot shows the service arriving
 * here.  When this node goes, its stack is down and the stop itself waited
 * for its resources to leave. */
static void
power_wait_moved(struct job_ctx *j)
{
	if (!power_on_peer(j) || job_param_bool(j, "force")) {
		job_step_done(j, 0, NULL);
		return;
	}
	job_wait_start(j, power_moved, POWER_MOVE_TIMEOUT_S, "the service starting on this node");
}

/* The peer goes down now; this node goes when the job has ended
 * (power_finished), so that the job is recorded done first. */
static void
power_act(struct job_ctx *j)
{
	JsonObject *p;

	if (!power_on_peer(j)) {
		job_step_done(j, 0, NULL);
		return;
	}
	p = json_object_new();
	json_object_set_string_member(p, "action", job_param_bool(j, "reboot") ? "reboot" : "poweroff");
	job_node_act(j, true, NODE_ACT_POWER, p);
	json_object_unref(p);
}

/* name, resumable, has undo */
static const struct job_step_def power_steps[] = {
	{ "check that the node may go", true, false },
	{ "stop the cluster stack on the node (its service moves to the other node)", true, true },
	{ "wait for the service on the other node", true, false },
	{ "restart or power off the node", true, false },
};

static const struct job_step_impl power_impl[] = {
	{ power_check, NULL },
	{ power_stop_stack, power_start_stack },
	{ power_wait_moved, NULL },
	{ power_act, NULL },
};

G_STATIC_ASSERT(G_N_ELEMENTS(power_steps) == G_N_ELEMENTS(power_impl));

static void
power_finished(struct job_ctx *j, enum job_state end)
{
	if (end == JOB_DONE && !power_on_peer(j))
		node_act_power_later(job_hpd(j), job_param_bool(j, "reboot"));
}

const struct job_kind job_power_kind = {
	.def = { "node-power", power_steps, G_N_ELEMENTS(power_steps) },
	.impl = power_impl,
	.finished = power_finished,
};

struct power_request {
	gchar *node;
	bool reboot, force;
	job_answer_fn done;
	void *arg;
};

/* On a snapshot whose read began after the request: a refusal must never
 * come from older data than the acceptance it stands for (seen: a restart
 * refused on a view a second old, in which the other node was still
 * joining; the job's own step 1 would have judged a fresh one). */
static void
power_request_fresh(struct hpd *d, void *arg)
{
	struct power_request *r = arg;
	char other[64], err[512] = "";
	int64_t id = 0;
	JsonObject *p;
	int rc = job_power_check(d, r->node, r->reboot, r->force, other, sizeof(other), err,
	    sizeof(err));

	if (rc == 0) {
		p = json_object_new();
		json_object_set_string_member(p, "node", r->node);
		json_object_set_boolean_member(p, "reboot", r->reboot);
		json_object_set_boolean_member(p, "force", r->force);
		rc = job_run_start(d, &job_power_kind, p, &id, err, sizeof(err));
		json_object_unref(p);
	}
	job_answer_later(d, r->done, r->arg, rc, id, err);
	g_free(r->node);
	g_free(r);
}

void
job_power_request(struct hpd *d, const char *node, bool reboot, bool force, job_answer_fn done,
    void *arg)
{
	struct power_request *r;
	char other[64], err[512];
	bool node_is_peer;
	int rc;

	/* a wrong name or a standalone node is answered without a read */
	if ((rc = power_names(d, node, other, sizeof(other), &node_is_peer, err,
	    sizeof(err))) != 0) {
		job_answer_later(d, done, arg, rc, 0, err);
		return;
	}
	r = g_new0(struct power_request, 1);
	r->node = g_strdup(node);
	r->reboot = reboot;
	r->force = force;
	r->done = done;
	r->arg = arg;
	cluster_status_after(d, power_request_fresh, r);
}
