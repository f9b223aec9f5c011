/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_status: the once-a-second cluster snapshot (see the header).
 *
 * The main loop never waits on corosync or Pacemaker: the reads run in a
 * GTask worker, and the loop only looks at a flag and a start time.  The
 * struct outlives cluster_status_stop() while a read is in flight, since
 * the worker's completion still points at it. */
#include <errno.h>
#include <string.h>

#include "budget.h"
#include "cluster_snap.h"
#include "cluster_status.h"
#include "hp_log.h"

#define CLUSTER_SUBSYSTEM CLUSTER_EV_SUBSYSTEM

struct cluster_status {
	struct hpd *d;
	guint timer_id;
	bool busy;                   /* a read runs in a worker */
	bool stopping;               /* stopped while busy: the completion frees */
	bool stall_reported;         /* the running read was reported hung */
	int64_t busy_since_us;       /* monotonic: when the last read began */
	int64_t watched_us;          /* monotonic: the last cluster_status_watched() */
	struct cluster_snap *cur;    /* the last snapshot; NULL before the first */
	GSList *waiters;             /* struct cluster_waiter, cluster_status_after() */
	/* corosync's and the CIB's connections, kept between reads; used by
	 * one read at a time (busy), in whichever worker thread runs it */
	struct hb_conn *hb;
	struct fo_cib_reader *cibr;
	char node_name[sizeof(((struct cfg *)0)->node_name)];
	/* The last failover from the event log, read again only after this
	 * poller wrote a cluster event (the log holds up to 100000 events:
	 * too many to read back for every status request). */
	bool failover_stale;
	struct budget_failover failover;
};

struct cluster_read {
	struct cluster_snap *snap;
	struct hb_conn *hb;
	struct fo_cib_reader *cibr;
	char node_name[sizeof(((struct cfg *)0)->node_name)];
};

struct cluster_waiter {
	int64_t since_us;            /* monotonic: a read begun at or after this */
	cluster_status_fn fn;
	void *arg;
};

/* Calls the waiters whose read has come (every one with ALL), in the
 * order they asked. */
static void
cluster_waiters_run(struct cluster_status *cs, int64_t read_began_us, bool all)
{
	GSList *due = NULL, *keep = NULL;

	for (GSList *l = cs->waiters; l != NULL; l = l->next) {
		struct cluster_waiter *w = l->data;

		if (all || w->since_us <= read_began_us)
			due = g_slist_prepend(due, w);
		else
			keep = g_slist_prepend(keep, w);
	}
	g_slist_free(cs->waiters);
	cs->waiters = g_slist_reverse(keep);
	due = g_slist_reverse(due);
	for (GSList *l = due; l != NULL; l = l->next) {
		struct cluster_waiter *w = l->data;

		w->fn(cs->d, w->arg);
		g_free(w);
	}
	g_slist_free(due);
}

static void
cluster_read_free(gpointer p)
{
	struct cluster_read *r = p;

	g_free(r->snap);
	g_free(r);
}

/* Worker thread: both reads, one after the other.  Pacemaker's CIB is not
 * asked when corosync does not run (it cannot run without it). */
static void
cluster_read_thread(GTask *task, gpointer src, gpointer data, GCancellable *cancel)
{
	struct cluster_read *r = data;
	struct cluster_snap *s = r->snap;
	const struct hb_member_node *me;
	const char *local;

	(void)src;
	(void)cancel;
	s->mem_rc = hb_membership_read_conn(r->hb, &s->mem);
	if (s->mem_rc == 0) {
		me = hb_membership_local(&s->mem);
		local = me != NULL && me->name[0] != '\0' ? me->name : r->node_name;
		s->cib_rc = fo_cib_status_read_with(r->cibr, local, &s->cib);
	} else {
		s->cib_rc = s->mem_rc;
	}
	s->taken_mono_us = g_get_monotonic_time();
	g_task_return_boolean(task, TRUE);
}

static void
cluster_emit(void *ctx, enum ev_severity sev, const char *msg)
{
	struct hpd *d = ctx;

	hpd_event(d, sev, CLUSTER_SUBSYSTEM, 0, "%s", msg);
	if (d->cluster != NULL)
		d->cluster->failover_stale = true;
}

static void
cluster_status_free(struct cluster_status *cs)
{
	hb_conn_free(cs->hb);
	fo_cib_reader_free(cs->cibr);
	g_free(cs->cur);
	g_free(cs);
}

static void cluster_read_start(struct cluster_status *cs, int64_t now);

static void
cluster_read_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct cluster_status *cs = user_data;
	struct cluster_read *r = g_task_get_task_data(G_TASK(res));
	struct hpd *d = cs->d;

	(void)src;
	cs->busy = false;
	if (cs->stopping) {
		cluster_status_free(cs);
		return;
	}
	if (cs->stall_reported) {
		hpd_event(cs->d, EV_NOTICE, CLUSTER_SUBSYSTEM, 0,
		    "corosync answers again (a status read took %.1f s)",
		    (r->snap->taken_mono_us - cs->busy_since_us) / 1e6);
		cs->stall_reported = false;
	}
	cluster_snap_diff(cs->cur, r->snap, cluster_emit, cs->d);
	g_free(cs->cur);
	cs->cur = r->snap;
	r->snap = NULL;
	cluster_waiters_run(cs, cs->busy_since_us, false);
	/* Who asked while this read ran wants one begun after it: at once,
	 * not a poll later.  (A waiter may have begun it already, or, with
	 * the daemon stopping, stopped the poller: then it is not ours.) */
	if (d->cluster == cs && cs->waiters != NULL && !cs->busy)
		cluster_read_start(cs, g_get_monotonic_time());
}

/* Begins a read in a worker; none runs. */
static void
cluster_read_start(struct cluster_status *cs, int64_t now)
{
	struct cluster_read *r = g_new0(struct cluster_read, 1);
	GTask *task;

	r->snap = g_new0(struct cluster_snap, 1);
	g_strlcpy(r->node_name, cs->node_name, sizeof(r->node_name));
	r->hb = cs->hb;
	r->cibr = cs->cibr;
	cs->busy = true;
	cs->busy_since_us = now;
	task = g_task_new(NULL, NULL, cluster_read_done, cs);
	g_task_set_task_data(task, r, cluster_read_free);
	g_task_run_in_thread(task, cluster_read_thread);
	g_object_unref(task);
}

static gboolean
cluster_tick(gpointer user_data)
{
	struct cluster_status *cs = user_data;
	int64_t now = g_get_monotonic_time();

	if (cs->busy) {
		if (!cs->stall_reported && now - cs->busy_since_us > CLUSTER_STALL_MS * 1000) {
			hpd_event(cs->d, EV_WARNING, CLUSTER_SUBSYSTEM, 0,
			    CLUSTER_NOT_ANSWERING ": a status read has waited over %d s; "
			    "the cluster status shown is old: check corosync (systemctl status corosync)",
			    CLUSTER_STALL_MS / 1000);
			cs->stall_reported = true;
			cluster_waiters_run(cs, 0, true);
		}
		return G_SOURCE_CONTINUE;
	}
	/* the timer runs at the watched pace; unwatched, every fourth tick reads */
	if (cs->cur != NULL && now - cs->watched_us > CLUSTER_WATCHED_FOR_MS * 1000 &&
	    now - cs->busy_since_us < (CLUSTER_POLL_MS - CLUSTER_WATCHED_POLL_MS / 2) * 1000)
		return G_SOURCE_CONTINUE;
	cluster_read_start(cs, now);
	return G_SOURCE_CONTINUE;
}

void
cluster_status_start(struct hpd *d)
{
	struct cluster_status *cs = g_new0(struct cluster_status, 1);
	int rc;

	cs->d = d;
	cs->hb = hb_conn_new();
	cs->cibr = fo_cib_reader_new();
	g_strlcpy(cs->node_name, d->cfg.node_name, sizeof(cs->node_name));
	/* Pacemaker's XML hooks, made ready here for the worker threads. */
	if ((rc = fo_cib_status_init()) != 0)
		log_warnx("cluster status: Pacemaker's XML layer cannot be used from a "
		    "worker thread (%s): resources will not be shown", g_strerror(-rc));
	cs->failover_stale = true;
	d->cluster = cs;
	cluster_tick(cs);
	cs->watched_us = -CLUSTER_WATCHED_FOR_MS * 1000;
	cs->timer_id = g_timeout_add(CLUSTER_WATCHED_POLL_MS, cluster_tick, cs);
}

void
cluster_status_stop(struct hpd *d)
{
	struct cluster_status *cs = d->cluster;

	if (cs == NULL)
		return;
	/* the daemon is stopping: nothing may act any more (a job resumes
	 * its step when it starts again) */
	g_slist_free_full(cs->waiters, g_free);
	cs->waiters = NULL;
	d->cluster = NULL;
	if (cs->timer_id != 0)
		g_source_remove(cs->timer_id);
	if (cs->busy)
		cs->stopping = true;
	else
		cluster_status_free(cs);
}

void
cluster_status_watched(struct hpd *d)
{
	if (d->cluster != NULL)
		d->cluster->watched_us = g_get_monotonic_time();
}

void
cluster_status_after(struct hpd *d, cluster_status_fn fn, void *arg)
{
	struct cluster_status *cs = d->cluster;
	struct cluster_waiter *w;

	if (cs == NULL || cs->stall_reported) {
		fn(d, arg);
		return;
	}
	w = g_new0(struct cluster_waiter, 1);
	w->since_us = g_get_monotonic_time();
	w->fn = fn;
	w->arg = arg;
	cs->waiters = g_slist_append(cs->waiters, w);
	/* a request waits a read's few milliseconds, not up to a poll; one
	 * running began too early and is followed by another at its end */
	if (!cs->busy)
		cluster_read_start(cs, g_get_monotonic_time());
}

const struct cluster_snap *
cluster_status_snap(struct hpd *d)
{
	return d->cluster != NULL ? d->cluster->cur : NULL;
}

JsonNode *
cluster_status_json(struct hpd *d)
{
	struct cluster_status *cs = d->cluster;
	int64_t now = g_get_monotonic_time(), stalled_ms = 0;
	struct cluster_snap *hung;
	JsonNode *node;

	if (cs == NULL)
		return json_node_new(JSON_NODE_NULL);
	if (cs->busy && now - cs->busy_since_us > CLUSTER_STALL_MS * 1000)
		stalled_ms = (now - cs->busy_since_us) / 1000;
	if (cs->cur != NULL || stalled_ms == 0)
		return cluster_snap_json(cs->cur, now, stalled_ms);
	/* The very first read hangs: nothing known, but say why. */
	hung = g_new0(struct cluster_snap, 1);
	hung->mem_rc = -ETIME;
	hung->cib_rc = -ETIME;
	hung->taken_mono_us = now;
	node = cluster_snap_json(hung, now, stalled_ms);
	g_free(hung);
	return node;
}

/* ---------------------------------------------------------------- budget */

/* This node's last failover, from its event log. */
static void
cluster_failover_reload(struct hpd *d, struct cluster_status *cs)
{
	int rc;

	if (d->store != NULL &&
	    (rc = budget_last_failover_read(d->store, d->cfg.node_name, &cs->failover)) != 0)
		log_warnx("cluster status: the event log cannot be read (%s): the last "
		    "failover shown may be old", g_strerror(-rc));
	/* tried again at the next cluster event, not at every request */
	cs->failover_stale = false;
}

JsonNode *
cluster_status_budget_json(struct hpd *d)
{
	struct cluster_status *cs = d->cluster;

	if (cs == NULL)
		return budget_json(NULL, NULL);
	if (cs->failover_stale)
		cluster_failover_reload(d, cs);
	return budget_json(cs->cur, &cs->failover);
}
