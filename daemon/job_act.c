/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_act: a node action as a job step (see the header). */
#include <errno.h>

#include "job_act.h"
#include "node_act.h"
#include "peer_client.h"

static void
job_act_done(struct hpd *d, int rc, const char *error, gpointer user_data)
{
	job_step_done(user_data, rc, "%s", error != NULL ? error : "");
}

void
job_peer_done(struct hpd *d, const struct peer_reply *r, void *arg)
{
	job_step_done(arg, r->result == PEER_OK ? 0 : -EIO, "%s", r->message);
}

void
job_node_act(struct job_ctx *j, bool on_peer, const char *name, JsonObject *params)
{
	if (on_peer)
		peer_client_act(job_hpd(j), name, params, node_act_timeout_s(name),
		    job_peer_done, j);
	else
		node_act_run(job_hpd(j), name, params, job_act_done, j);
}

void
job_cib_done(struct hpd *d, int rc, const char *error, void *arg)
{
	job_step_done(arg, rc, "%s", error != NULL ? error : "");
}
