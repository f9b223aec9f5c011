/* SPDX-License-Identifier: GPL-2.0-or-later */
/* operate: maintenance mode and node standby (see the header). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "event.h"
#include "hpd.h"
#include "operate.h"
#include "store.h"

#define OPERATE_SUBSYSTEM "cluster"

struct operate_call {
	cib_async_done_fn done;
	void *arg;
	char what[160];           /* the event on success */
	char node[64];            /* standby: the node and the value asked for */
	char other[64];           /* the node that stays */
	bool on;
};

/* A refusal, reported from the loop like a result. */
struct operate_refusal {
	struct hpd *d;
	struct operate_call *c;
	int rc;
	char why[512];
};

static gboolean
operate_refuse_idle(gpointer p)
{
	struct operate_refusal *r = p;

	r->c->done(r->d, r->rc, r->why, r->c->arg);
	g_free(r->c);
	g_free(r);
	return G_SOURCE_REMOVE;
}

static void
operate_refuse(struct hpd *d, struct operate_call *c, int rc, const char *why)
{
	struct operate_refusal *r = g_new0(struct operate_refusal, 1);

	r->d = d;
	r->c = c;
	r->rc = rc;
	g_strlcpy(r->why, why, sizeof(r->why));
	g_idle_add(operate_refuse_idle, r);
}

static void
operate_answer(struct hpd *d, void *arg)
{
	struct operate_call *c = arg;

	c->done(d, 0, NULL, c->arg);
	g_free(c);
}

/* The answer waits for a snapshot that holds the change: a check right
 * after it (a restart after a standby, say) must not judge by the state
 * before it (seen: a restart of the last node accepted in that second). */
static void
operate_done(struct hpd *d, int rc, const char *error, void *arg)
{
	struct operate_call *c = arg;

	if (rc != 0) {
		c->done(d, rc, error, c->arg);
		g_free(c);
		return;
	}
	hpd_event(d, EV_NOTICE, OPERATE_SUBSYSTEM, 0, "%s", c->what);
	cluster_status_after(d, operate_answer, c);
}

static struct operate_call *
operate_call_new(cib_async_done_fn done, void *arg)
{
	struct operate_call *c = g_new0(struct operate_call, 1);

	c->done = done;
	c->arg = arg;
	return c;
}

/* 0 when this node is clustered (its peer's name in *C), else -EPERM. */
static int
operate_clustered(struct hpd *d, struct store_cluster *c)
{
	return store_cluster_get(d->store, c) == 0 &&
	    strcmp(c->role, STORE_ROLE_CLUSTERED) == 0 ? 0 : -EPERM;
}

void
operate_maintenance(struct hpd *d, bool on, cib_async_done_fn done, void *arg)
{
	struct operate_call *c = operate_call_new(done, arg);
	struct store_cluster cl;

	if (operate_clustered(d, &cl) != 0) {
		operate_refuse(d, c, -EPERM, "this node is not part of a cluster: maintenance "
		    "mode is a cluster setting");
		return;
	}
	snprintf(c->what, sizeof(c->what), on ? "maintenance mode on: Pacemaker leaves the "
	    "resources as they are until it is turned off" : "maintenance mode off: "
	    "Pacemaker manages the resources again");
	cib_async_maintenance(d, on, operate_done, c);
}

/* A node that is still joining may bring its own, older CIB, and the
 * cluster may adopt it over a standby change made a moment before (seen:
 * an unstandby right after a node's restart came undone).  So the status
 * is looked at again a little later, and the change written once more if
 * it did not stick.  Not when the node left the cluster meanwhile: its
 * standby may then have been changed on purpose from its side when it came
 * back (seen: node1 put node2 in standby, node2 restarted and was taken out
 * of standby on its own, and node1's look 8 s later put it back). */
#define OPERATE_RECHECK_S 8
#define OPERATE_RECHECK_MAX_S 60

struct operate_recheck {
	struct hpd *d;
	char node[64];
	bool on;
	unsigned ticks;           /* seconds since the write */
	unsigned gen;             /* operate_standby_gen when written */
};

/* Counts the standby changes this daemon wrote: a recheck whose change was
 * followed by another one has nothing left to judge (seen: a standby on,
 * then off within the 8 s, and the first recheck wrote "on" back). */
static unsigned operate_standby_gen;

static void
operate_rechecked(struct hpd *d, int rc, const char *error, void *arg)
{
	if (rc != 0)
		hpd_event(d, EV_WARNING, OPERATE_SUBSYSTEM, 0, "writing the standby again "
		    "failed: %s", error);
}

static bool
operate_any_pending(const struct cluster_snap *s)
{
	for (unsigned i = 0; s != NULL && s->cib_rc == 0 && i < s->cib.nnodes; i++)
		if (s->cib.nodes[i].online && s->cib.nodes[i].pending)
			return true;
	return false;
}

static gboolean
operate_recheck(gpointer arg)
{
	struct operate_recheck *r = arg;
	const struct cluster_snap *s = cluster_status_snap(r->d);
	const struct fo_node_status *n = NULL;

	for (unsigned i = 0; s != NULL && s->cib_rc == 0 && i < s->cib.nnodes; i++)
		if (strcmp(s->cib.nodes[i].name, r->node) == 0)
			n = &s->cib.nodes[i];
	if ((n != NULL && !n->online) || r->gen != operate_standby_gen) {
		/* it left: what it comes back with is not ours to judge; or a
		 * newer change was written since */
		g_free(r);
		return G_SOURCE_REMOVE;
	}
	if (++r->ticks < OPERATE_RECHECK_S)
		return G_SOURCE_CONTINUE;
	/* While a node's join is pending the CIB it brings, or is given, may
	 * still replace the change: judge once the joins are complete, and
	 * not at all when one never completes. */
	if (operate_any_pending(s) && r->ticks < OPERATE_RECHECK_MAX_S)
		return G_SOURCE_CONTINUE;
	if (n != NULL && !operate_any_pending(s) && n->standby != r->on) {
		hpd_event(r->d, EV_WARNING, OPERATE_SUBSYSTEM, 0, "the standby %s of %s did "
		    "not stick (the cluster took an older configuration): writing it again",
		    r->on ? "on" : "off", r->node);
		cib_async_standby(r->d, r->node, r->on, operate_rechecked, NULL);
	}
	g_free(r);
	return G_SOURCE_REMOVE;
}

static void
operate_standby_done(struct hpd *d, int rc, const char *error, void *arg)
{
	struct operate_call *c = arg;

	if (rc == 0) {
		struct operate_recheck *r = g_new0(struct operate_recheck, 1);

		r->d = d;
		g_strlcpy(r->node, c->node, sizeof(r->node));
		r->on = c->on;
		r->gen = ++operate_standby_gen;
		g_timeout_add_seconds(1, operate_recheck, r);
	}
	operate_done(d, rc, error, arg);
}

int
operate_standby_verdict(const struct cluster_snap *s, const char *node, const char *other,
    char *why, size_t whylen)
{
	switch (cluster_snap_can_run(s, other)) {
	case CLUSTER_CAN_RUN:
		return 0;
	case CLUSTER_OFFLINE:
	case CLUSTER_STANDBY:
		snprintf(why, whylen, "%s is offline or in standby: with %s in standby too the "
		    "service would stop; bring %s back first, or force it", other, node, other);
		break;
	case CLUSTER_JOINING:
		snprintf(why, whylen, "%s is still joining the cluster (Pacemaker has not finished "
		    "its join): with %s in standby the service would stop until it has; try again "
		    "in a few seconds, or force it", other, node);
		break;
	}
	return -EPERM;
}

/* A standby that could stop the service is judged on a snapshot whose
 * read began after the request, as a restart is (job_power.c): a refusal
 * must never come from older data than an acceptance. */
static void
operate_standby_judge(struct hpd *d, void *arg)
{
	struct operate_call *c = arg;
	char why[512];

	if (operate_standby_verdict(cluster_status_snap(d), c->node, c->other, why,
	    sizeof(why)) != 0) {
		operate_refuse(d, c, -EPERM, why);
		return;
	}
	cib_async_standby(d, c->node, c->on, operate_standby_done, c);
}

void
operate_standby(struct hpd *d, const char *node, bool on, bool force,
    cib_async_done_fn done, void *arg)
{
	struct operate_call *c = operate_call_new(done, arg);
	struct store_cluster cl;
	char why[512];

	if (operate_clustered(d, &cl) != 0) {
		operate_refuse(d, c, -EPERM, "this node is not part of a cluster: standby is "
		    "for a node of a cluster");
		return;
	}
	if (node == NULL || (strcmp(node, d->cfg.node_name) != 0 && strcmp(node, cl.peer) != 0)) {
		snprintf(why, sizeof(why), "there is no node '%s' in this cluster: give %s or %s",
		    node != NULL ? node : "", d->cfg.node_name, cl.peer);
		operate_refuse(d, c, -EINVAL, why);
		return;
	}
	snprintf(c->what, sizeof(c->what), on ? "%s in standby: it runs nothing until "
	    "standby is turned off (this survives its restart)" : "%s out of standby: it may "
	    "run the service again", node);
	g_strlcpy(c->node, node, sizeof(c->node));
	g_strlcpy(c->other, strcmp(node, d->cfg.node_name) == 0 ? cl.peer : d->cfg.node_name,
	    sizeof(c->other));
	c->on = on;
	if (on && !force)
		cluster_status_after(d, operate_standby_judge, c);
	else
		cib_async_standby(d, node, on, operate_standby_done, c);
}
