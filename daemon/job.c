/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job: the transition table of persisted operator jobs (see job.h).
 * Pure: no I/O, no logging; the runner logs what this returns. */
#include <errno.h>
#include <string.h>

#include "job.h"

static const char *const job_state_names[JOB_STATE_COUNT] = {
	[JOB_PENDING] = "pending",
	[JOB_RUNNING] = "running",
	[JOB_ROLLING_BACK] = "rolling-back",
	[JOB_DONE] = "done",
	[JOB_ROLLED_BACK] = "rolled-back",
	[JOB_FAILED] = "failed",
};

const char *
job_state_name(enum job_state s)
{
	return (unsigned)s < JOB_STATE_COUNT ? job_state_names[s] : "unknown";
}

int
job_state_parse(const char *name, enum job_state *out)
{
	for (int i = 0; i < JOB_STATE_COUNT; i++)
		if (strcmp(name, job_state_names[i]) == 0) {
			*out = (enum job_state)i;
			return 0;
		}
	return -EINVAL;
}

bool
job_state_final(enum job_state s)
{
	return s == JOB_DONE || s == JOB_ROLLED_BACK || s == JOB_FAILED;
}

/* The highest step <= FROM that has an undo, or -1. */
static int
job_undoable_at_or_below(const struct job_def *def, int from)
{
	for (int i = from; i >= 0; i--)
		if (def->steps[i].has_undo)
			return i;
	return -1;
}

static void
job_set(struct job_transition *t, enum job_state state, int step,
    enum job_action action, const char *why)
{
	t->next.state = state;
	t->next.step = step;
	t->action = action;
	t->why = why;
}

/* Roll back from step FROM (inclusive) downwards. */
static void
job_rollback_from(const struct job_def *def, int from, struct job_transition *t,
    const char *why)
{
	int k = job_undoable_at_or_below(def, from);

	if (k < 0)
		job_set(t, JOB_ROLLED_BACK, from, JOB_ACT_FINISH, why);
	else
		job_set(t, JOB_ROLLING_BACK, k, JOB_ACT_UNDO_STEP, why);
}

typedef void (*job_rule_fn)(const struct job_def *def, struct job_pos cur,
    struct job_transition *t);

static void
job_start(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	if (def->nsteps == 0)
		job_set(t, JOB_DONE, 0, JOB_ACT_FINISH, "nothing to do");
	else
		job_set(t, JOB_RUNNING, 0, JOB_ACT_RUN_STEP, "started");
}

static void
job_step_ok(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	if (cur.step + 1 < def->nsteps)
		job_set(t, JOB_RUNNING, cur.step + 1, JOB_ACT_RUN_STEP, "step done, next");
	else
		job_set(t, JOB_DONE, cur.step, JOB_ACT_FINISH, "all steps done");
}

static void
job_step_failed(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	job_rollback_from(def, cur.step, t, "step failed: rolling back");
}

static void
job_resume_running(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	if (def->steps[cur.step].resumable)
		job_set(t, JOB_RUNNING, cur.step, JOB_ACT_RUN_STEP,
		    "hapaird restarted: resuming the interrupted step");
	else
		job_rollback_from(def, cur.step, t,
		    "hapaird restarted during a step that cannot be resumed: rolling back");
}

static void
job_undo_ok(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	int k = job_undoable_at_or_below(def, cur.step - 1);

	if (k < 0)
		job_set(t, JOB_ROLLED_BACK, cur.step, JOB_ACT_FINISH, "rollback complete");
	else
		job_set(t, JOB_ROLLING_BACK, k, JOB_ACT_UNDO_STEP, "undone");
}

static void
job_undo_failed(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	job_set(t, JOB_FAILED, cur.step, JOB_ACT_FINISH,
	    "undo failed: the rollback stopped here and needs manual repair");
}

static void
job_resume_rollback(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	/* Undos are written to be idempotent: run the interrupted one again. */
	job_set(t, JOB_ROLLING_BACK, cur.step, JOB_ACT_UNDO_STEP,
	    "hapaird restarted: resuming the rollback");
}

static void
job_resume_pending(const struct job_def *def, struct job_pos cur, struct job_transition *t)
{
	job_start(def, cur, t);
}

/* {state, event} -> rule.  A missing row is an unexpected event. */
static const struct {
	enum job_state state;
	enum job_event event;
	job_rule_fn rule;
} job_table[] = {
	{ JOB_PENDING, JOB_EV_START, job_start },
	{ JOB_PENDING, JOB_EV_RESUME, job_resume_pending },
	{ JOB_RUNNING, JOB_EV_STEP_OK, job_step_ok },
	{ JOB_RUNNING, JOB_EV_STEP_FAILED, job_step_failed },
	{ JOB_RUNNING, JOB_EV_RESUME, job_resume_running },
	{ JOB_ROLLING_BACK, JOB_EV_STEP_OK, job_undo_ok },
	{ JOB_ROLLING_BACK, JOB_EV_STEP_FAILED, job_undo_failed },
	{ JOB_ROLLING_BACK, JOB_EV_RESUME, job_resume_rollback },
};

int
job_transition(const struct job_def *def, struct job_pos cur, enum job_event ev,
    struct job_transition *out)
{
	if (def == NULL || def->nsteps < 0 ||
	    (cur.state != JOB_PENDING && (cur.step < 0 || cur.step >= def->nsteps)))
		return -EINVAL;
	for (size_t i = 0; i < sizeof(job_table) / sizeof(job_table[0]); i++)
		if (job_table[i].state == cur.state && job_table[i].event == ev) {
			job_table[i].rule(def, cur, out);
			return 0;
		}
	return -EINVAL;
}
