/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_repair: Repair split brain (see job_repair.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cib_async.h"
#include "cluster_snap.h"
#include "cluster_status.h"
#include "drbd_res.h"
#include "drbd_watch.h"
#include "job_act.h"
#include "job_repair.h"
#include "job_wait.h"
#include "node_act.h"
#include "peer_client.h"
#include "repair.h"
#include "store.h"

#define REPAIR_SUBSYSTEM "split-brain"
/* Stopping the victim's services and DRBD, promoting and starting on the
 * survivor: as long as a takeover may take. */
#define REPAIR_MOVE_TIMEOUT_S 180
/* The handshake after both connected: a few seconds; StandAlone after
 * this long means DRBD refused the resolution. */
#define REPAIR_CONNECT_TIMEOUT_S 60
/* How long the victim must be seen running nothing before the job takes
 * over its DRBD: a few of the status's one-second readings. */
#define REPAIR_SETTLE_S 5

/* Facts --------------------------------------------------------------------- */

struct repair_bufs {
	struct store_cluster cluster;
};

static void
repair_facts_get(struct hpd *d, struct repair_facts *f, struct repair_bufs *b)
{
	const struct cluster_snap *s = cluster_status_snap(d);
	struct drbd_watch_sync st;

	memset(f, 0, sizeof(*f));
	memset(b, 0, sizeof(*b));
	f->local = d->cfg.node_name;
	f->clustered = store_cluster_get(d->store, &b->cluster) == 0 &&
	    strcmp(b->cluster.role, STORE_ROLE_CLUSTERED) == 0;
	f->peer = b->cluster.peer;
	f->job_kind = job_run_current(d, &f->job_id);
	f->stack_up = s != NULL && s->cib_rc == 0;
	if (f->stack_up) {
		for (unsigned i = 0; i < s->cib.nnodes; i++)
			if (strcmp(s->cib.nodes[i].name, f->peer) == 0)
				f->peer_online = s->cib.nodes[i].online;
		f->maintenance = s->cib.maintenance_mode;
	}
	f->has_data = drbd_watch_sync_state(d, &st);
	f->split_brain = st.split_brain;
}

static bool
repair_on_peer(struct job_ctx *j, const char *key)
{
	return strcmp(job_param_str(j, key), job_hpd(j)->cfg.node_name) != 0;
}

/* Steps --------------------------------------------------------------------- */

static void
repair_check_step(struct job_ctx *j)
{
	struct repair_facts f;
	struct repair_bufs b;
	char victim[64], why[512];

	repair_facts_get(job_hpd(j), &f, &b);
	f.job_kind = NULL;          /* the running job is this one */
	f.survivor = job_param_str(j, "survivor");
	/* resumed after the victim's DRBD reconnected: the flag is gone */
	if (job_param_bool(j, "checked")) {
		job_step_done(j, 0, NULL);
		return;
	}
	if (repair_check(&f, victim, sizeof(victim), why, sizeof(why)) != 0) {
		job_step_done(j, -EPERM, "%s", why);
		return;
	}
	json_object_set_boolean_member(job_params(j), "checked", TRUE);
	if (job_params_save(j) != 0) {
		job_step_done(j, -EIO, "cannot store the job's progress in the database");
		return;
	}
	job_step_done(j, 0, NULL);
}


static void
repair_standby(struct job_ctx *j)
{
	cib_async_standby(job_hpd(j), job_param_str(j, "victim"), true, job_cib_done, j);
}

static void
repair_unstandby(struct job_ctx *j)
{
	cib_async_standby(job_hpd(j), job_param_str(j, "victim"), false, job_cib_done, j);
}

static void
repair_unfence(struct job_ctx *j)
{
	cib_async_unfence(job_hpd(j), job_cib_done, j);
}

struct repair_mem {
	int64_t moved_since_us;     /* monotonic: first seen moved, 0: not */
	int64_t waiting_since_us;   /* monotonic: the resync wait began */
};

static struct repair_mem *
repair_mem_get(struct job_ctx *j)
{
	struct repair_mem *m = job_get_data(j);

	if (m == NULL) {
		m = g_new0(struct repair_mem, 1);
		job_set_data(j, m, g_free);
	}
	return m;
}

/* The survivor serves; nothing of the victim runs, DRBD included, and
 * that has held for REPAIR_SETTLE_S: one reading can come between
 * Pacemaker's record of a stop and an action it still has under way. */
static int
repair_moved(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));
	const char *survivor = job_param_str(j, "survivor"), *victim = job_param_str(j, "victim");
	struct repair_mem *m = repair_mem_get(j);
	int64_t now_us = g_get_monotonic_time();

	if (s == NULL || s->cib_rc != 0) {
		snprintf(why, len, "Pacemaker does not answer here");
		m->moved_since_us = 0;
		return 0;
	}
	for (unsigned i = 0; i < s->cib.nrsc; i++)
		for (unsigned k = 0; k < s->cib.rsc[i].nnodes; k++)
			if (strcmp(s->cib.rsc[i].nodes[k], victim) == 0) {
				snprintf(why, len, "%s still runs %s", victim, s->cib.rsc[i].id);
				m->moved_since_us = 0;
				return 0;
			}
	if (strcmp(s->cib.active_node, survivor) == 0 &&
	    strcmp(s->cib.failover_ip_node, survivor) == 0) {
		if (m->moved_since_us == 0)
			m->moved_since_us = now_us;
		if (now_us - m->moved_since_us >= (int64_t)REPAIR_SETTLE_S * G_USEC_PER_SEC)
			return 1;
		snprintf(why, len, "%s serves and %s runs nothing; letting Pacemaker settle",
		    survivor, victim);
		return 0;
	}
	m->moved_since_us = 0;
	if (s->cib.nfailed > 0) {
		fo_failed_action_text(&s->cib.failed[0], why, len);
	} else {
		snprintf(why, len, "the service runs on %s, not yet on %s",
		    *s->cib.active_node ? s->cib.active_node : "no node", survivor);
	}
	return 0;
}

static void
repair_wait_moved(struct job_ctx *j)
{
	job_wait_start(j, repair_moved, REPAIR_MOVE_TIMEOUT_S,
	    "the victim's standby (its services and DRBD stopped, the survivor serving)");
}

static void
repair_act(struct job_ctx *j, const char *who, const char *action)
{
	JsonObject *p = json_object_new();

	json_object_set_string_member(p, "resource", job_param_str(j, "resource"));
	job_node_act(j, repair_on_peer(j, who), action, p);
	json_object_unref(p);
}

static void
repair_discard(struct job_ctx *j)
{
	repair_act(j, "victim", NODE_ACT_SB_DISCARD);
}

/* Undoing the discard: the victim's DRBD down again, so that a
 * `connect --discard-my-data` that got through cannot meet a survivor
 * connecting later (Pacemaker brings DRBD up as configured once the
 * victim leaves standby).  The victim may be the node that cannot be
 * reached: the rollback goes on without this, and says what it means. */
static void
repair_undiscard_failed(struct job_ctx *j, const char *why)
{
	job_step_done(j, -EIO, "%s's DRBD could not be taken down again (%s): if its "
	    "'connect --discard-my-data' got through, it discards its changes and resyncs "
	    "from %s as soon as the two connect", job_param_str(j, "victim"), why,
	    job_param_str(j, "survivor"));
}

static void
repair_undiscard_local_done(struct hpd *d, int rc, const char *error, gpointer arg)
{
	if (rc != 0)
		repair_undiscard_failed(arg, error != NULL ? error : "no reason given");
	else
		job_step_done(arg, 0, NULL);
}

static void
repair_undiscard_peer_done(struct hpd *d, const struct peer_reply *r, void *arg)
{
	/* unreachable: the step's own error already says why, at length */
	if (r->result == PEER_E_UNREACHABLE)
		repair_undiscard_failed(arg, "it cannot be reached");
	else if (r->result != PEER_OK)
		repair_undiscard_failed(arg, r->message);
	else
		job_step_done(arg, 0, NULL);
}

static void
repair_undiscard(struct job_ctx *j)
{
	JsonObject *p = json_object_new();

	job_undo_may_fail(j);
	json_object_set_string_member(p, "resource", job_param_str(j, "resource"));
	if (repair_on_peer(j, "victim"))
		peer_client_act(job_hpd(j), NODE_ACT_DRBD_DOWN, p,
		    node_act_timeout_s(NODE_ACT_DRBD_DOWN), repair_undiscard_peer_done, j);
	else
		node_act_run(job_hpd(j), NODE_ACT_DRBD_DOWN, p, repair_undiscard_local_done, j);
	json_object_unref(p);
}

static void
repair_connect(struct job_ctx *j)
{
	repair_act(j, "survivor", NODE_ACT_SB_CONNECT);
}

static int
repair_synced(struct job_ctx *j, char *why, size_t len)
{
	struct repair_mem *m = repair_mem_get(j);
	struct drbd_watch_sync st;

	if (m->waiting_since_us == 0)
		m->waiting_since_us = g_get_monotonic_time();
	if (!drbd_watch_sync_state(job_hpd(j), &st)) {
		snprintf(why, len, "DRBD's state is not known here");
		return 0;
	}
	if (strcmp(st.connection, "Connected") == 0 && strcmp(st.disk, "UpToDate") == 0 &&
	    strcmp(st.peer_disk, "UpToDate") == 0) {
		job_step_progress(j, 100, -1);
		return 1;
	}
	if (strcmp(st.connection, "StandAlone") == 0 && g_get_monotonic_time() -
	    m->waiting_since_us > (int64_t)REPAIR_CONNECT_TIMEOUT_S * G_USEC_PER_SEC) {
		snprintf(why, len, "DRBD stays StandAlone: the nodes did not accept the "
		    "resolution (see the kernel log of both nodes)");
		return -EIO;
	}
	snprintf(why, len, "DRBD is %s, %s/%s", *st.connection ? st.connection : "unknown",
	    *st.disk ? st.disk : "?", *st.peer_disk ? st.peer_disk : "?");
	/* events2 says Connected during a resync (the replication state is
	 * SyncSource/SyncTarget): a percent is there only while one runs */
	if (st.percent >= 0)
		job_step_progress(j, (int)st.percent, st.rate_kib_s);
	return 0;
}

static void
repair_wait_sync(struct job_ctx *j)
{
	job_wait_start(j, repair_synced, 0, "the resync");
}

static void
repair_settle(struct job_ctx *j)
{
	cib_async_prefer(job_hpd(j), job_param_str(j, "survivor"), FO_PREFER_STAY,
	    job_cib_done, j);
}

/* name, resumable, has undo */
static const struct job_step_def repair_steps[] = {
	{ "check that the repair is allowed", true, false },
	{ "put the victim in standby (its services stop, DRBD goes down)", true, true },
	{ "remove DRBD's fence constraint", true, false },
	{ "wait until the survivor serves and the victim runs nothing", true, false },
	{ "reconnect the victim's DRBD discarding its changes", true, true },
	{ "reconnect the survivor's DRBD", true, false },
	{ "wait for the resync of the changed blocks", true, false },
	{ "take the victim out of standby", true, false },
	{ "keep the service on the survivor (no failback)", true, false },
};

static const struct job_step_impl repair_impl[] = {
	{ repair_check_step, NULL },
	{ repair_standby, repair_unstandby },
	{ repair_unfence, NULL },
	{ repair_wait_moved, NULL },
	{ repair_discard, repair_undiscard },
	{ repair_connect, NULL },
	{ repair_wait_sync, NULL },
	{ repair_unstandby, NULL },
	{ repair_settle, NULL },
};

G_STATIC_ASSERT(G_N_ELEMENTS(repair_steps) == G_N_ELEMENTS(repair_impl));

static void
repair_finished(struct job_ctx *j, enum job_state end)
{
	if (end == JOB_DONE)
		hpd_event(job_hpd(j), EV_NOTICE, REPAIR_SUBSYSTEM, job_id(j), "split brain "
		    "repaired: %s kept its data, %s resynced from it and runs as the passive node",
		    job_param_str(j, "survivor"), job_param_str(j, "victim"));
}

const struct job_kind job_repair_kind = {
	.def = { "repair-split-brain", repair_steps, G_N_ELEMENTS(repair_steps) },
	.impl = repair_impl,
	.finished = repair_finished,
};

int
job_repair_start(struct hpd *d, const char *survivor, int64_t *id, char *err,
    size_t errlen)
{
	struct repair_facts f;
	struct repair_bufs b;
	char victim[64], hint[320];
	JsonObject *p;
	int rc;

	repair_facts_get(d, &f, &b);
	f.survivor = survivor;
	if ((rc = repair_check(&f, victim, sizeof(victim), err, errlen)) != 0)
		return rc;
	repair_fallback_text(survivor, hint, sizeof(hint));
	p = json_object_new();
	json_object_set_string_member(p, "survivor", survivor);
	json_object_set_string_member(p, "victim", victim);
	json_object_set_string_member(p, "resource", DRBD_RESOURCE_DEFAULT);
	json_object_set_string_member(p, JOB_PARAM_FAILURE_HINT, hint);
	rc = job_run_start(d, &job_repair_kind, p, id, err, errlen);
	json_object_unref(p);
	return rc;
}
