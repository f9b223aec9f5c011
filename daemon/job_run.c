/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_run: drives one job at a time through job_transition(), persisting
 * each position before acting on it (see job_run.h).
 *
 * Steps are started from an idle callback, never from inside
 * job_step_done(): a step that finishes synchronously would otherwise
 * recurse through the whole job on one stack, and a step must be able to
 * report and return without its context vanishing under it. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hp_log.h"
#include "job_run.h"

#define JOB_SUBSYSTEM "job"

struct job_ctx {
	struct hpd *d;
	const struct job_kind *kind;
	int64_t id;
	JsonObject *params;
	struct job_pos pos;
	enum job_action pending;     /* what the idle callback will do */
	guint idle_id;
	bool busy;                   /* a run/undo was started and not reported */
	int percent;
	int64_t rate_kib_s;
	int64_t started_us;
	gchar *step_error;           /* why the first failed step failed */
	gchar *undo_error;           /* why an undo failed */
	bool undo_may_fail;          /* the running undo said so (job_undo_may_fail) */
	GString *not_undone;         /* such undos that failed: "step 'x': why" */
	gpointer data;
	GDestroyNotify destroy;
	unsigned wait_id;            /* a waiting step's poll (job_wait.h), or 0 */
};

static const char *
job_step_name(const struct job_ctx *j)
{
	if (j->pos.step < 0 || j->pos.step >= j->kind->def.nsteps)
		return "";
	return j->kind->def.steps[j->pos.step].name;
}

static void
job_free(struct job_ctx *j)
{
	if (j->idle_id != 0)
		g_source_remove(j->idle_id);
	if (j->wait_id != 0)
		g_source_remove(j->wait_id);
	if (j->destroy != NULL && j->data != NULL)
		j->destroy(j->data);
	if (j->params != NULL)
		json_object_unref(j->params);
	g_free(j->step_error);
	g_free(j->undo_error);
	if (j->not_undone != NULL)
		g_string_free(j->not_undone, TRUE);
	g_free(j);
}

static gboolean job_act(gpointer user_data);

/* Persist the new position, then act on it.  The position is stored first
 * so that a crash during the action resumes from it. */
static void
job_apply(struct job_ctx *j, const struct job_transition *t)
{
	struct hpd *d = j->d;
	const char *state = job_state_name(t->next.state);

	j->pos = t->next;
	j->undo_may_fail = false;
	j->percent = -1;
	j->rate_kib_s = -1;
	if (store_job_update(d->store, j->id, state, j->pos.step, job_step_name(j),
	    j->step_error) != 0)
		log_warnx("job %" G_GINT64_FORMAT ": could not store its position (%s at step %d)",
		    j->id, state, j->pos.step);
	j->pending = t->action;
	if (t->action == JOB_ACT_FINISH) {
		job_act(j);
		return;
	}
	hpd_event(d, EV_INFO, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT " (%s): %s: step %d/%d, %s%s",
	    j->id, j->kind->def.kind, t->why, j->pos.step + 1, j->kind->def.nsteps,
	    t->action == JOB_ACT_UNDO_STEP ? "undoing " : "", job_step_name(j));
	j->idle_id = g_idle_add(job_act, j);
}

static void
job_finish(struct job_ctx *j)
{
	struct hpd *d = j->d;
	enum job_state end = j->pos.state;
	gchar *result = NULL, *error = NULL;
	int64_t took_ms = (g_get_real_time() - j->started_us) / 1000;
	const char *hint = json_object_get_string_member_with_default(j->params,
	    JOB_PARAM_FAILURE_HINT, NULL);

	switch (end) {
	case JOB_DONE: {
		const char *note = json_object_get_string_member_with_default(j->params,
		    JOB_PARAM_RESULT_NOTE, NULL);

		result = g_strdup_printf("done in %" G_GINT64_FORMAT ".%01d s%s%s", took_ms / 1000,
		    (int)(took_ms % 1000 / 100), note != NULL ? "; " : "", note != NULL ? note : "");
		hpd_event(d, EV_NOTICE, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT " (%s) %s",
		    j->id, j->kind->def.kind, result);
		break;
	}
	case JOB_ROLLED_BACK:
		if (j->not_undone != NULL)
			error = g_strdup_printf("%s; everything else it had changed was undone, "
			    "but not: %s%s%s", j->step_error ? j->step_error : "a step failed",
			    j->not_undone->str, hint ? "; " : "", hint ? hint : "");
		else
			error = g_strdup_printf("%s; everything it had changed was undone%s%s",
			    j->step_error ? j->step_error : "a step failed", hint ? "; " : "",
			    hint ? hint : "");
		hpd_event(d, EV_ERROR, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT " (%s) failed: %s",
		    j->id, j->kind->def.kind, error);
		break;
	default:
		error = g_strdup_printf("%s; then undoing step '%s' failed: %s: the rollback "
		    "stopped there and needs manual repair%s%s",
		    j->step_error ? j->step_error : "a step failed", job_step_name(j),
		    j->undo_error ? j->undo_error : "no reason given", hint ? "; " : "",
		    hint ? hint : "");
		hpd_event(d, EV_ERROR, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT " (%s) failed: %s",
		    j->id, j->kind->def.kind, error);
		break;
	}
	if (store_job_finish(d->store, j->id, job_state_name(end), result, error) != 0)
		log_warnx("job %" G_GINT64_FORMAT ": could not store its end", j->id);
	if (j->kind->finished != NULL)
		j->kind->finished(j, end);
	g_free(result);
	g_free(error);
	if (d->job == j)
		d->job = NULL;
	job_free(j);
}

static gboolean
job_act(gpointer user_data)
{
	struct job_ctx *j = user_data;

	j->idle_id = 0;
	switch (j->pending) {
	case JOB_ACT_RUN_STEP:
		j->busy = true;
		j->kind->impl[j->pos.step].run(j);
		break;
	case JOB_ACT_UNDO_STEP:
		j->busy = true;
		j->kind->impl[j->pos.step].undo(j);
		break;
	case JOB_ACT_FINISH:
		job_finish(j);
		break;
	case JOB_ACT_NONE:
		break;
	}
	return G_SOURCE_REMOVE;
}

/* An undo that may fail failed: the job's error will say so, and the
 * rollback goes on. */
static void
job_note_not_undone(struct job_ctx *j, const char *why)
{
	if (j->not_undone == NULL)
		j->not_undone = g_string_new(NULL);
	else
		g_string_append(j->not_undone, "; ");
	g_string_append_printf(j->not_undone, "step '%s': %s", job_step_name(j), why);
	hpd_event(j->d, EV_WARNING, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT " (%s): "
	    "undoing step '%s' failed: %s; the rollback goes on", j->id, j->kind->def.kind,
	    job_step_name(j), why);
}

void
job_step_done(struct job_ctx *j, int rc, const char *fmt, ...)
{
	struct job_transition t;
	bool undoing = j->pos.state == JOB_ROLLING_BACK;
	gchar *why = NULL;
	va_list ap;

	if (!j->busy) {
		/* A step reporting twice is a bug in that step, not a reason to
		 * take the daemon down (STYLE.md: check, don't assert). */
		log_warnx("job %" G_GINT64_FORMAT ": step '%s' reported twice; ignored",
		    j->id, job_step_name(j));
		return;
	}
	j->busy = false;
	if (rc != 0) {
		va_start(ap, fmt);
		why = fmt ? g_strdup_vprintf(fmt, ap) : g_strdup("no reason given");
		va_end(ap);
		if (undoing && j->undo_may_fail) {
			job_note_not_undone(j, why);
			rc = 0;
		} else {
			if (undoing) {
				g_free(j->undo_error);
				j->undo_error = g_strdup(why);
			} else if (j->step_error == NULL) {
				j->step_error = g_strdup_printf("step '%s' failed: %s",
				    job_step_name(j), why);
			}
			hpd_event(j->d, EV_WARNING, JOB_SUBSYSTEM, j->id, "job %" G_GINT64_FORMAT
			    " (%s): %sstep '%s' failed: %s", j->id, j->kind->def.kind,
			    undoing ? "undoing " : "", job_step_name(j), why);
		}
		g_free(why);
	}
	if (job_transition(&j->kind->def, j->pos, rc == 0 ? JOB_EV_STEP_OK : JOB_EV_STEP_FAILED,
	    &t) != 0) {
		log_warnx("job %" G_GINT64_FORMAT ": no transition from %s at step %d",
		    j->id, job_state_name(j->pos.state), j->pos.step);
		return;
	}
	job_apply(j, &t);
}

void
job_undo_may_fail(struct job_ctx *j)
{
	j->undo_may_fail = true;
}

void
job_step_progress(struct job_ctx *j, int percent, int64_t rate_kib_s)
{
	JsonObject *o = json_object_new();
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	gchar *text;

	j->percent = percent;
	j->rate_kib_s = rate_kib_s;
	json_object_set_int_member(o, "percent", percent);
	json_object_set_int_member(o, "rate_kib_s", rate_kib_s);
	json_node_take_object(n, o);
	text = json_to_string(n, FALSE);
	store_job_progress(j->d->store, j->id, text);
	g_free(text);
	json_node_unref(n);
}

static struct job_ctx *
job_new(struct hpd *d, const struct job_kind *kind, int64_t id, JsonObject *params,
    int64_t started_us)
{
	struct job_ctx *j = g_new0(struct job_ctx, 1);

	j->d = d;
	j->kind = kind;
	j->id = id;
	j->params = json_object_ref(params);
	j->started_us = started_us;
	j->percent = -1;
	j->rate_kib_s = -1;
	return j;
}

int
job_run_start(struct hpd *d, const struct job_kind *kind, JsonObject *params,
    int64_t *id, char *err, size_t errlen)
{
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	struct job_transition t;
	struct job_ctx *j;
	gchar *text;
	int rc;

	if (d->job != NULL) {
		snprintf(err, errlen, "busy: job %" G_GINT64_FORMAT " (%s) is running; wait "
		    "for it to end", d->job->id, d->job->kind->def.kind);
		json_node_unref(n);
		return -EBUSY;
	}
	json_node_set_object(n, params);
	text = json_to_string(n, FALSE);
	json_node_unref(n);
	rc = store_job_create(d->store, kind->def.kind, text, id);
	g_free(text);
	if (rc != 0) {
		snprintf(err, errlen, "could not record the job in the database; nothing was "
		    "changed; see the daemon log");
		return -EIO;
	}
	j = job_new(d, kind, *id, params, g_get_real_time());
	d->job = j;
	job_transition(&kind->def, (struct job_pos){ JOB_PENDING, 0 }, JOB_EV_START, &t);
	job_apply(j, &t);
	return 0;
}

struct job_answer {
	struct hpd *d;
	job_answer_fn done;
	void *arg;
	int rc;
	int64_t id;
	gchar *err;
};

static gboolean
job_answer_idle(gpointer p)
{
	struct job_answer *a = p;

	a->done(a->d, a->rc, a->id, a->err, a->arg);
	g_free(a->err);
	g_free(a);
	return G_SOURCE_REMOVE;
}

void
job_answer_later(struct hpd *d, job_answer_fn done, void *arg, int rc, int64_t id,
    const char *err)
{
	struct job_answer *a = g_new0(struct job_answer, 1);

	a->d = d;
	a->done = done;
	a->arg = arg;
	a->rc = rc;
	a->id = id;
	a->err = g_strdup(rc != 0 && err != NULL ? err : "");
	g_idle_add(job_answer_idle, a);
}

int
job_run_resume(struct hpd *d, const struct job_kind *const *kinds, int nkinds)
{
	struct store_job sj;
	const struct job_kind *kind = NULL;
	JsonParser *p;
	JsonObject *params;
	struct job_transition t;
	struct job_pos pos;
	struct job_ctx *j;
	int rc = store_job_unfinished(d->store, &sj);

	if (rc == -ENOENT)
		return 0;
	if (rc != 0)
		return rc;
	for (int i = 0; i < nkinds; i++)
		if (strcmp(kinds[i]->def.kind, sj.kind) == 0)
			kind = kinds[i];
	if (kind == NULL || job_state_parse(sj.state, &pos.state) != 0) {
		hpd_event(d, EV_ERROR, JOB_SUBSYSTEM, sj.id, "job %" G_GINT64_FORMAT " (%s) was "
		    "left unfinished in state '%s' by an hapair that knew it; this one cannot "
		    "resume it: check both nodes", sj.id, sj.kind, sj.state);
		store_job_finish(d->store, sj.id, job_state_name(JOB_FAILED), NULL,
		    "unknown job kind or state after an upgrade");
		store_job_clear(&sj);
		return -ENOENT;
	}
	pos.step = sj.step_index;
	p = json_parser_new();
	if (json_parser_load_from_data(p, sj.params, -1, NULL) &&
	    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
		params = json_object_ref(json_node_get_object(json_parser_get_root(p)));
	else
		params = json_object_new();
	g_object_unref(p);
	j = job_new(d, kind, sj.id, params, sj.started_us);
	json_object_unref(params);
	if (sj.error[0] != '\0')
		j->step_error = g_strdup(sj.error);
	store_job_clear(&sj);
	if (job_transition(&kind->def, pos, JOB_EV_RESUME, &t) != 0) {
		job_free(j);
		return -EINVAL;
	}
	if (pos.state == JOB_RUNNING && t.next.state != JOB_RUNNING && j->step_error == NULL)
		j->step_error = g_strdup_printf("hapaird restarted during step '%s', which "
		    "cannot safely be run twice", kind->def.steps[pos.step].name);
	d->job = j;
	job_apply(j, &t);
	return 0;
}

const char *
job_run_current(struct hpd *d, int64_t *id)
{
	if (d->job == NULL)
		return NULL;
	*id = d->job->id;
	return d->job->kind->def.kind;
}

JsonNode *
job_run_status(struct hpd *d)
{
	struct job_ctx *j = d->job;
	JsonObject *o;
	JsonNode *n;
	GDateTime *started;
	gchar *started_s;

	if (j == NULL)
		return NULL;
	o = json_object_new();
	started = g_date_time_new_from_unix_utc(j->started_us / G_USEC_PER_SEC);
	started_s = g_date_time_format_iso8601(started);
	json_object_set_int_member(o, "id", j->id);
	json_object_set_string_member(o, "kind", j->kind->def.kind);
	json_object_set_string_member(o, "state", job_state_name(j->pos.state));
	json_object_set_string_member(o, "step", job_step_name(j));
	json_object_set_int_member(o, "step_index", j->pos.step);
	json_object_set_int_member(o, "steps", j->kind->def.nsteps);
	json_object_set_int_member(o, "percent", j->percent);
	json_object_set_int_member(o, "rate_kib_s", j->rate_kib_s);
	json_object_set_string_member(o, "started", started_s);
	g_free(started_s);
	g_date_time_unref(started);
	n = json_node_new(JSON_NODE_OBJECT);
	json_node_take_object(n, o);
	return n;
}

void
job_run_shutdown(struct hpd *d)
{
	if (d->job == NULL)
		return;
	hpd_event(d, EV_WARNING, JOB_SUBSYSTEM, d->job->id, "job %" G_GINT64_FORMAT " (%s) "
	    "interrupted by the daemon's stop at step '%s'; it resumes at the next start",
	    d->job->id, d->job->kind->def.kind, job_step_name(d->job));
	job_free(d->job);
	d->job = NULL;
}

struct hpd *
job_hpd(struct job_ctx *j)
{
	return j->d;
}

int64_t
job_id(struct job_ctx *j)
{
	return j->id;
}

JsonObject *
job_params(struct job_ctx *j)
{
	return j->params;
}

int
job_params_save(struct job_ctx *j)
{
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	gchar *text;
	int rc;

	json_node_set_object(n, j->params);
	text = json_to_string(n, FALSE);
	json_node_unref(n);
	rc = store_job_params(j->d->store, j->id, text);
	/* it may hold keys: do not leave copies in freed memory */
	memset(text, 0, strlen(text));
	g_free(text);
	return rc;
}

void
job_set_data(struct job_ctx *j, gpointer data, GDestroyNotify destroy)
{
	if (j->destroy != NULL && j->data != NULL)
		j->destroy(j->data);
	j->data = data;
	j->destroy = destroy;
}

gpointer
job_get_data(struct job_ctx *j)
{
	return j->data;
}

JsonNode *
job_run_describe(struct hpd *d, int64_t id)
{
	JsonNode *running = job_run_status(d), *n;
	struct store_job sj;
	JsonObject *o;

	if (running != NULL && json_object_get_int_member(json_node_get_object(running), "id") == id) {
		json_object_set_boolean_member(json_node_get_object(running), "finished", FALSE);
		return running;
	}
	if (running != NULL)
		json_node_unref(running);
	if (id <= 0 || store_job_get(d->store, id, &sj) != 0)
		return NULL;
	o = json_object_new();
	json_object_set_int_member(o, "id", sj.id);
	json_object_set_string_member(o, "kind", sj.kind);
	json_object_set_string_member(o, "state", sj.state);
	json_object_set_string_member(o, "step", sj.step);
	json_object_set_int_member(o, "step_index", sj.step_index);
	json_object_set_boolean_member(o, "finished", sj.finished_us != 0);
	json_object_set_string_member(o, "result", sj.result);
	json_object_set_string_member(o, "error", sj.error);
	store_job_clear(&sj);
	n = json_node_new(JSON_NODE_OBJECT);
	json_node_take_object(n, o);
	return n;
}

unsigned *
job_wait_slot(struct job_ctx *j)
{
	return &j->wait_id;
}

const char *
job_param_str(struct job_ctx *j, const char *name)
{
	return json_object_get_string_member_with_default(j->params, name, "");
}

bool
job_param_bool(struct job_ctx *j, const char *name)
{
	return json_object_get_boolean_member_with_default(j->params, name, FALSE);
}
