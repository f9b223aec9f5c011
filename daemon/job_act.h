/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_act: a job step that runs a node action (node_act.h) here or on the
 * pinned peer (POST /peer/v1/act/NAME) and ends the step with its result. */
#ifndef HP_JOB_ACT_H
#define HP_JOB_ACT_H

#include <stdbool.h>

#include <json-glib/json-glib.h>

#include "job_run.h"
#include "peer_client.h"

/* PARAMS: borrowed (may hold keys: the peer request's copy is wiped). */
void job_node_act(struct job_ctx *j, bool on_peer, const char *name, JsonObject *params);

/* A cib_async_done_fn for steps whose CIB write is the whole step: ends
 * the step (ARG) with the write's result. */
void job_cib_done(struct hpd *d, int rc, const char *error, void *arg);

/* A peer_reply_fn for steps whose peer request is the whole step: ends the
 * step (ARG) with the peer's result. */
void job_peer_done(struct hpd *d, const struct peer_reply *r, void *arg);

#endif
