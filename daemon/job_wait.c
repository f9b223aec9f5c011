/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_wait: a step that polls until the cluster reaches a state (see the
 * header). */
#include <errno.h>
#include <glib.h>

#include "job_wait.h"

struct job_waiter {
	struct job_ctx *j;
	job_wait_fn fn;
	unsigned timeout_s;
	const char *what;
	unsigned *timer;
	int64_t start_us;         /* monotonic */
};

static gboolean
job_wait_tick(gpointer user_data)
{
	struct job_waiter *w = user_data;
	char why[512] = "";
	int rc = w->fn(w->j, why, sizeof(why));

	if (rc == 0 && w->timeout_s > 0 &&
	    g_get_monotonic_time() - w->start_us > (int64_t)w->timeout_s * G_USEC_PER_SEC) {
		*w->timer = 0;
		job_step_done(w->j, -ETIMEDOUT, "%s did not happen within %u s%s%s", w->what,
		    w->timeout_s, *why ? ": " : "", why);
		return G_SOURCE_REMOVE;
	}
	if (rc == 0)
		return G_SOURCE_CONTINUE;
	*w->timer = 0;
	job_step_done(w->j, rc > 0 ? 0 : rc, "%s", why);
	return G_SOURCE_REMOVE;
}

void
job_wait_start(struct job_ctx *j, job_wait_fn fn, unsigned timeout_s, const char *what)
{
	struct job_waiter *w = g_new0(struct job_waiter, 1);

	w->j = j;
	w->fn = fn;
	w->timeout_s = timeout_s;
	w->what = what;
	w->timer = job_wait_slot(j);
	w->start_us = g_get_monotonic_time();
	*w->timer = g_timeout_add_full(G_PRIORITY_DEFAULT, JOB_WAIT_POLL_MS, job_wait_tick, w,
	    g_free);
}
