/* job: every operator action (create, takeover, dissolve, repair, ...) is a
 * job: an ordered list of steps run one at a time, persisted after every
 * transition so that a restarted hapaird resumes it or rolls it back.
 *
 * This header is the pure part: the transition table.  Given a job's
 * definition, where it stands and what just happened, job_transition()
 * says where it goes and what to do next.  The runner (which starts
 * steps, persists positions and reports progress) is built on it; the
 * table alone decides, so every path is a unit test.
 *
 * Rules the table encodes:
 *  - steps run in order; the job is done after the last one succeeds;
 *  - a failed step starts a rollback from that step downwards, undoing
 *    every step that has an undo (the failed one too: it may have half
 *    happened), so both nodes end as they were;
 *  - after a daemon restart a running step is re-run if it is resumable
 *    (idempotent), otherwise the job rolls back from it;
 *  - an undo that fails stops the rollback: the job is failed and the
 *    error must say what was left behind, for a person to repair. */
#ifndef HP_JOB_H
#define HP_JOB_H

#include <stdbool.h>

enum job_state {
	JOB_PENDING = 0,
	JOB_RUNNING,          /* running step `step` */
	JOB_ROLLING_BACK,     /* undoing step `step` */
	JOB_DONE,             /* every step succeeded */
	JOB_ROLLED_BACK,      /* a step failed; everything was undone */
	JOB_FAILED,           /* a step failed and an undo failed too */
	JOB_STATE_COUNT
};

enum job_event {
	JOB_EV_START = 0,
	JOB_EV_STEP_OK,       /* the running step (or undo) finished */
	JOB_EV_STEP_FAILED,   /* the running step (or undo) failed */
	JOB_EV_RESUME,        /* hapaird restarted and found the job unfinished */
	JOB_EV_COUNT
};

enum job_action {
	JOB_ACT_NONE = 0,
	JOB_ACT_RUN_STEP,     /* run step next.step */
	JOB_ACT_UNDO_STEP,    /* undo step next.step */
	JOB_ACT_FINISH,       /* the job has ended in next.state */
};

struct job_step_def {
	const char *name;     /* shown to operators: "write corosync.conf" */
	bool resumable;       /* safe to run again after a crash mid-step */
	bool has_undo;
};

struct job_def {
	const char *kind;     /* "create", "takeover", ... */
	const struct job_step_def *steps;
	int nsteps;
};

struct job_pos {
	enum job_state state;
	int step;
};

struct job_transition {
	struct job_pos next;
	enum job_action action;
	const char *why;      /* for the event log: "resumed at step 3 (...)" */
};

/* 0 and *out, or -EINVAL for an event the state does not expect (the
 * caller logs it and leaves the job where it is). */
int job_transition(const struct job_def *def, struct job_pos cur,
    enum job_event ev, struct job_transition *out);

const char *job_state_name(enum job_state s);
/* 0 and *out, or -EINVAL. */
int job_state_parse(const char *name, enum job_state *out);
bool job_state_final(enum job_state s);

#endif
