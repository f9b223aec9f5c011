/* job_run: runs operator jobs on the daemon's main loop.
 *
 * At most one job runs at a time (a second request is refused with
 * "busy: job N (takeover) is running").  Each step is asynchronous: the
 * runner calls the step's run (or undo) function, which starts its work
 * (a child process, a peer request) and later reports with
 * job_step_done().  Every transition is written to the store before the
 * next step starts, and logged as an event, so a restarted hapaird calls
 * job_run_resume() and carries on or rolls back exactly as job_transition()
 * decides.  The runner never blocks the loop itself. */
#ifndef HP_JOB_RUN_H
#define HP_JOB_RUN_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "hpd.h"
#include "job.h"

struct job_ctx;

struct job_step_impl {
	void (*run)(struct job_ctx *j);
	void (*undo)(struct job_ctx *j);    /* NULL when the def has no undo */
};

struct job_kind {
	struct job_def def;
	const struct job_step_impl *impl;   /* def.nsteps entries */
	/* Called once when the job ends (done, rolled back or failed). */
	void (*finished)(struct job_ctx *j, enum job_state end);
};

/* Start a job of KIND with PARAMS (a JSON object, copied).  0 and *id, or
 * -EBUSY / -EIO with a sentence in ERR. */
int job_run_start(struct hpd *d, const struct job_kind *kind, JsonObject *params,
    int64_t *id, char *err, size_t errlen);

/* The answer to a request to start a job: RC 0 and the job's ID, or
 * -errno (-EPERM, -EINVAL, -EBUSY, -EIO) with ERR saying why and what to
 * do.  Requests that judge the cluster's state answer once they have read
 * it afresh (cluster_status_after), so answers come from the loop. */
typedef void (*job_answer_fn)(struct hpd *d, int rc, int64_t id, const char *err, void *arg);
/* DONE(D, RC, ID, ERR, ARG) from the loop, never from within this call:
 * the asker may pause its connection after asking. */
void job_answer_later(struct hpd *d, job_answer_fn done, void *arg, int rc, int64_t id,
    const char *err);

/* After a restart: find the unfinished job in the store and resume it (or
 * roll it back) with the matching kind.  0 when there was none or it was
 * picked up; -ENOENT when its kind is unknown (it is then marked failed). */
int job_run_resume(struct hpd *d, const struct job_kind *const *kinds, int nkinds);

/* For steps: report the end of the current run or undo.  ERROR (printf
 * format) says what failed and why; NULL when RC is 0. */
void job_step_done(struct job_ctx *j, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* For an undo, before it reports: its failure is no reason to stop the
 * rollback (the node it needs may be the one that is unreachable).  The
 * rollback goes on, and the job's error names what was not undone. */
void job_undo_may_fail(struct job_ctx *j);
/* For long steps: percent 0..100 (-1 unknown), rate in KiB/s (-1 unknown). */
void job_step_progress(struct job_ctx *j, int percent, int64_t rate_kib_s);

/* A job's parameter a step may set: said after "done in N s; " in the
 * job's result and its last event ("the service was unreachable for ..."). */
#define JOB_PARAM_RESULT_NOTE "result_note"
/* A job parameter: what to do instead, appended to a failed job's error. */
#define JOB_PARAM_FAILURE_HINT "failure_hint"

/* What a step needs to know. */
struct hpd *job_hpd(struct job_ctx *j);
int64_t job_id(struct job_ctx *j);
JsonObject *job_params(struct job_ctx *j);
/* A string parameter ("" when absent) and a boolean one (false). */
const char *job_param_str(struct job_ctx *j, const char *name);
bool job_param_bool(struct job_ctx *j, const char *name);
/* Where job_wait.h keeps its poll's source id: removed with the job. */
unsigned *job_wait_slot(struct job_ctx *j);
/* Write job_params() (changed by a step) to the store, so that a resumed
 * job finds what an earlier step made.  0 or -EIO. */
int job_params_save(struct job_ctx *j);
/* Per-job scratch the kind may hang state on (freed with the job). */
void job_set_data(struct job_ctx *j, gpointer data, GDestroyNotify destroy);
gpointer job_get_data(struct job_ctx *j);

/* The running job for the status document, or NULL: {"id", "kind",
 * "state", "step", "step_index", "steps", "percent", "rate_kib_s",
 * "started"}. */
JsonNode *job_run_status(struct hpd *d);
/* The running job's kind ("takeover"; a constant) and *ID, or NULL when
 * none runs: what a refusal names ("job 7 (takeover) is running"). */
const char *job_run_current(struct hpd *d, int64_t *id);
/* Job ID, running or ended: {"id", "kind", "state", "step", "step_index",
 * "finished"} and while running the job_run_status members, once ended
 * "result" and "error".  NULL when there is no such job. */
JsonNode *job_run_describe(struct hpd *d, int64_t id);
/* Stop tracking the running job at shutdown (it stays unfinished in the
 * store, to be resumed at the next start). */
void job_run_shutdown(struct hpd *d);

#endif
