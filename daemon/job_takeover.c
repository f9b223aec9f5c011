/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_takeover: the passive node becomes active, the active passive, by
 * telling Pacemaker where the service should run (see job_takeover.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cib_async.h"
#include "cluster_snap.h"
#include "cluster_status.h"
#include "drbd_watch.h"
#include "job_act.h"
#include "job_takeover.h"
#include "job_wait.h"
#include "store.h"
#include "svc_probe.h"
#include "takeover.h"

#define TAKEOVER_SUBSYSTEM  "takeover"
/* Stopping the services, demoting, promoting, mounting and starting them
 * again; far beyond a healthy pair. */
#define TAKEOVER_SWAP_TIMEOUT_S 180

/* After the swap, how long to wait for the service to answer the probe
 * on its new node before reporting the gap without that answer.  The
 * swap shows once the failover IP's start is under way there (Pacemaker
 * records the pending start); the IP's start and the services' starts
 * follow, which took 14 s on a loaded uml lab node: 10 s was too short. */
#define TAKEOVER_ANSWER_WAIT_US (30 * G_USEC_PER_SEC)

struct takeover_mem {
	int64_t ip_left_us;        /* monotonic: the failover IP left the old node */
	int64_t swapped_us;        /* monotonic: the snapshot showed the swap */
	struct svc_probe *probe;   /* the service through the failover IP, or NULL */
};

static void
takeover_mem_free(gpointer p)
{
	struct takeover_mem *m = p;

	if (m->probe != NULL)
		svc_probe_stop(m->probe);
	g_free(m);
}

static struct takeover_mem *
takeover_mem(struct job_ctx *j)
{
	struct takeover_mem *m = job_get_data(j);

	if (m == NULL) {
		m = g_new0(struct takeover_mem, 1);
		job_set_data(j, m, takeover_mem_free);
	}
	return m;
}

/* Facts --------------------------------------------------------------------- */

/* Strings the facts point into. */
struct takeover_bufs {
	struct store_cluster cluster;
	char active[64], target_disk[32];
};

static void
job_takeover_facts(struct hpd *d, struct takeover_facts *f, struct takeover_bufs *b)
{
	const struct cluster_snap *s = cluster_status_snap(d);
	struct drbd_watch_sync st;

	memset(f, 0, sizeof(*f));
	memset(b, 0, sizeof(*b));
	f->local = d->cfg.node_name;
	f->clustered = store_cluster_get(d->store, &b->cluster) == 0 &&
	    strcmp(b->cluster.role, STORE_ROLE_CLUSTERED) == 0;
	f->peer = b->cluster.peer;
	f->sync_percent = -1;
	f->out_of_sync_kib = -1;
	f->job_kind = job_run_current(d, &f->job_id);
	f->stack_up = s != NULL && s->cib_rc == 0;
	if (f->stack_up) {
		for (unsigned i = 0; i < s->cib.nnodes; i++) {
			const struct fo_node_status *n = &s->cib.nodes[i];

			if (strcmp(n->name, f->peer) == 0)
				f->peer_online = n->online;
		}
		f->maintenance = s->cib.maintenance_mode;
		g_strlcpy(b->active, s->cib.active_node, sizeof(b->active));
		f->active = b->active;
		for (unsigned i = 0; i < s->cib.nnodes; i++) {
			const struct fo_node_status *n = &s->cib.nodes[i];
			const char *to = strcmp(b->active, f->local) == 0 ? f->peer : f->local;

			if (strcmp(n->name, to) == 0) {
				f->target_standby = n->standby;
				f->target_pending = n->pending;
			}
		}
	}
	if (drbd_watch_sync_state(d, &st)) {
		/* DRBD here sees its own disk and the peer's. */
		bool target_local = strcmp(b->active, f->local) != 0;

		f->has_data = true;
		g_strlcpy(b->target_disk, target_local ? st.disk : st.peer_disk,
		    sizeof(b->target_disk));
		f->target_disk = b->target_disk;
		f->sync_percent = st.percent;
		f->rate_kib_s = st.rate_kib_s;
		f->out_of_sync_kib = st.out_of_sync_kib;
	}
}

/* Steps --------------------------------------------------------------------- */

static void
takeover_check_step(struct job_ctx *j)
{
	struct takeover_facts f;
	struct takeover_bufs b;
	char to[64], why[512];

	job_takeover_facts(job_hpd(j), &f, &b);
	f.job_kind = NULL;          /* the running job is this one */
	if (takeover_check(&f, to, sizeof(to), why, sizeof(why)) != 0) {
		job_step_done(j, -EPERM, "%s", why);
		return;
	}
	json_object_set_string_member(job_params(j), "from", f.active);
	json_object_set_string_member(job_params(j), "to", to);
	if (job_params_save(j) != 0) {
		job_step_done(j, -EIO, "cannot store the job's progress in the database");
		return;
	}
	job_step_done(j, 0, NULL);
}


static struct svc_probe *takeover_probe(struct hpd *d);

static void
takeover_prefer(struct job_ctx *j)
{
	struct takeover_mem *m = takeover_mem(j);

	/* probing from before the move: its gap is the whole outage */
	if (m->probe == NULL)
		m->probe = takeover_probe(job_hpd(j));
	cib_async_prefer(job_hpd(j), job_param_str(j, "to"), FO_PREFER_MOVE, job_cib_done, j);
}

/* Undo: the service prefers the old node again, as before, with no
 * force: where it runs now it stays (stickiness), so that a rollback
 * never moves it a second time. */
static void
takeover_unprefer(struct job_ctx *j)
{
	cib_async_prefer(job_hpd(j), job_param_str(j, "from"), FO_PREFER_STAY, job_cib_done, j);
}

/* The note for the job's result: who is active now and how long the
 * service was unreachable, measured by the probe when there was one, else
 * from the snapshots (coarser: they come every second or so). */
static int
takeover_note(struct job_ctx *j, struct takeover_mem *m)
{
	int64_t gap_ms = -1;
	char note[320], how[128];

	if (m->probe != NULL && svc_probe_last_ok_us(m->probe) >= m->swapped_us)
		gap_ms = svc_probe_gap_ms(m->probe);
	if (gap_ms >= 0) {
		snprintf(how, sizeof(how), "the service was unreachable for about %lld.%01lld s",
		    (long long)(gap_ms / 1000), (long long)(gap_ms % 1000 / 100));
	} else {
		gap_ms = m->ip_left_us != 0 ? (m->swapped_us - m->ip_left_us) / 1000 : 0;
		snprintf(how, sizeof(how), "the failover IP was away for about %lld.%01lld s "
		    "(no service port to probe)", (long long)(gap_ms / 1000),
		    (long long)(gap_ms % 1000 / 100));
	}
	snprintf(note, sizeof(note), "%s is active, %s passive; %s", job_param_str(j, "to"),
	    job_param_str(j, "from"), how);
	json_object_set_string_member(job_params(j), JOB_PARAM_RESULT_NOTE, note);
	json_object_set_int_member(job_params(j), "gap_ms", gap_ms);
	return job_params_save(j) == 0 ? 1 : -EIO;
}

static int
takeover_swapped(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));
	struct takeover_mem *m = takeover_mem(j);
	const char *from = job_param_str(j, "from"), *to = job_param_str(j, "to");
	int64_t now = g_get_monotonic_time();

	if (m->swapped_us != 0) {
		/* swapped: until the probe's first answer from the new node */
		if (m->probe == NULL || svc_probe_last_ok_us(m->probe) >= m->swapped_us ||
		    now - m->swapped_us > TAKEOVER_ANSWER_WAIT_US)
			return takeover_note(j, m);
		snprintf(why, len, "the service does not answer through the failover IP yet");
		return 0;
	}
	if (s == NULL || s->cib_rc != 0) {
		snprintf(why, len, "Pacemaker does not answer here");
		return 0;
	}
	if (m->ip_left_us == 0 && strcmp(s->cib.failover_ip_node, from) != 0)
		m->ip_left_us = now;
	if (strcmp(s->cib.failover_ip_node, to) == 0 && strcmp(s->cib.active_node, to) == 0) {
		m->swapped_us = now;
		return takeover_swapped(j, why, len);
	}
	if (s->cib.nfailed > 0) {
		fo_failed_action_text(&s->cib.failed[0], why, len);
	} else {
		snprintf(why, len, "the failover IP is on %s, the service on %s",
		    *s->cib.failover_ip_node ? s->cib.failover_ip_node : "no node",
		    *s->cib.active_node ? s->cib.active_node : "no node");
	}
	return 0;
}

/* The first service with a port, through the failover IP: what a mail
 * server would connect to. */
static struct svc_probe *
takeover_probe(struct hpd *d)
{
	struct store_cluster c;
	char ip[64];

	if (store_cluster_get(d->store, &c) != 0 || c.failover_ip[0] == '\0')
		return NULL;
	g_strlcpy(ip, c.failover_ip, sizeof(ip));
	ip[strcspn(ip, "/")] = '\0';
	for (unsigned i = 0; i < d->cfg.nservices; i++)
		if (d->cfg.services[i].port != 0)
			return svc_probe_start(ip, d->cfg.services[i].port);
	return NULL;
}

static void
takeover_wait(struct job_ctx *j)
{
	struct takeover_mem *m = takeover_mem(j);

	m->ip_left_us = 0;
	m->swapped_us = 0;
	if (m->probe == NULL)
		m->probe = takeover_probe(job_hpd(j));
	job_wait_start(j, takeover_swapped, TAKEOVER_SWAP_TIMEOUT_S, "the swap of the roles");
}

/* A preference below the stickiness: the new active node keeps the
 * service, and the old one, should it fail and return, takes nothing back. */
static void
takeover_settle(struct job_ctx *j)
{
	cib_async_prefer(job_hpd(j), job_param_str(j, "to"), FO_PREFER_STAY, job_cib_done, j);
}

/* name, resumable, has undo */
static const struct job_step_def takeover_steps[] = {
	{ "check that the takeover is allowed", true, false },
	{ "tell Pacemaker to run the service on the passive node", true, true },
	{ "wait for the roles to swap", true, false },
	{ "keep the service there (no failback)", true, false },
};

static const struct job_step_impl takeover_impl[] = {
	{ takeover_check_step, NULL },
	{ takeover_prefer, takeover_unprefer },
	{ takeover_wait, NULL },
	{ takeover_settle, NULL },
};

G_STATIC_ASSERT(G_N_ELEMENTS(takeover_steps) == G_N_ELEMENTS(takeover_impl));

static void
takeover_finished(struct job_ctx *j, enum job_state end)
{
	if (end == JOB_DONE)
		hpd_event(job_hpd(j), EV_NOTICE, TAKEOVER_SUBSYSTEM, job_id(j), "takeover: %s",
		    job_param_str(j, JOB_PARAM_RESULT_NOTE));
}

const struct job_kind job_takeover_kind = {
	.def = { "takeover", takeover_steps, G_N_ELEMENTS(takeover_steps) },
	.impl = takeover_impl,
	.finished = takeover_finished,
};

struct takeover_request {
	struct job_takeover_req req;
	gchar *request_address;    /* req.request_address points here */
	job_answer_fn done;
	void *arg;
};

/* Judged on a snapshot whose read began after the request, as a restart
 * is (job_power.c): a refusal must never come from older data than an
 * acceptance. */
static void
takeover_request_fresh(struct hpd *d, void *arg)
{
	struct takeover_request *r = arg;
	struct takeover_facts f;
	struct takeover_bufs b;
	char to[64], ip[64] = "", err[512] = "";
	int64_t id = 0;
	JsonObject *p;
	int rc;

	job_takeover_facts(d, &f, &b);
	f.via_failover_ip_required = r->req.via_failover_ip_required;
	f.via_failover_ip = r->req.via_failover_ip;
	f.request_address = r->req.request_address;
	g_strlcpy(ip, b.cluster.failover_ip, sizeof(ip));
	if (strchr(ip, '/') != NULL)
		*strchr(ip, '/') = '\0';
	f.failover_ip = ip;
	if ((rc = takeover_check(&f, to, sizeof(to), err, sizeof(err))) == 0) {
		p = json_object_new();
		json_object_set_string_member(p, "from", f.active);
		json_object_set_string_member(p, "to", to);
		rc = job_run_start(d, &job_takeover_kind, p, &id, err, sizeof(err));
		json_object_unref(p);
	}
	job_answer_later(d, r->done, r->arg, rc, id, err);
	g_free(r->request_address);
	g_free(r);
}

void
job_takeover_request(struct hpd *d, const struct job_takeover_req *req, job_answer_fn done,
    void *arg)
{
	struct takeover_request *r = g_new0(struct takeover_request, 1);

	r->req = *req;
	r->request_address = g_strdup(req->request_address);
	r->req.request_address = r->request_address;
	r->done = done;
	r->arg = arg;
	cluster_status_after(d, takeover_request_fresh, r);
}
