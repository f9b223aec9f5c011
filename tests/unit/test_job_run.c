/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The job runner with a real store and a real main loop: steps that create
 * files and undos that remove them, failures, a failing undo, the busy
 * refusal, and a daemon restart in the middle of a job. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <cmocka.h>

#include "hp_log.h"
#include "job_run.h"

/* Test params: "dir" where steps make files; "fail_at" (step that fails),
 * "undo_fail_at" (undo that fails), "hang_at" (step that never reports:
 * the daemon "crashes" there). */
static int
param(struct job_ctx *j, const char *name)
{
	return (int)json_object_get_int_member_with_default(job_params(j), name, -1);
}

static gchar *
step_file(struct job_ctx *j, int step)
{
	return g_strdup_printf("%s/step%d",
	    json_object_get_string_member(job_params(j), "dir"), step);
}

static int current_step;   /* set by each step's trampoline below */

static gboolean
step_finish_run(gpointer data)
{
	struct job_ctx *j = data;
	int k = current_step;
	gchar *f = step_file(j, k);

	/* a failing step may have half happened: it leaves its file behind */
	g_file_set_contents(f, "x", 1, NULL);
	g_free(f);
	if (k == param(j, "fail_at"))
		job_step_done(j, -EIO, "disk full at step %d", k);
	else
		job_step_done(j, 0, NULL);
	return G_SOURCE_REMOVE;
}

static gboolean
step_finish_undo(gpointer data)
{
	struct job_ctx *j = data;
	int k = current_step;
	gchar *f = step_file(j, k);

	if (k == param(j, "undo_fail_at")) {
		job_step_done(j, -EIO, "cannot remove step%d", k);
	} else {
		g_unlink(f);
		job_step_done(j, 0, NULL);
	}
	g_free(f);
	return G_SOURCE_REMOVE;
}

#define STEP_FNS(k)							\
	static void run##k(struct job_ctx *j)				\
	{								\
		current_step = k;					\
		if (k == param(j, "hang_at")) {				\
			gchar *f = step_file(j, k);			\
			g_file_set_contents(f, "x", 1, NULL);		\
			g_free(f);					\
			g_main_loop_quit(job_hpd(j)->loop);		\
			return;						\
		}							\
		g_idle_add(step_finish_run, j);				\
	}								\
	static G_GNUC_UNUSED void undo##k(struct job_ctx *j)		\
	{								\
		current_step = k;					\
		if (k == param(j, "undo_may_fail_at"))			\
			job_undo_may_fail(j);				\
		g_idle_add(step_finish_undo, j);			\
	}
STEP_FNS(0)
STEP_FNS(1)
STEP_FNS(2)
STEP_FNS(3)

/* step 1 cannot be resumed; step 3 has no undo */
static const struct job_step_def defs[] = {
	{ "make file 0", true, true },
	{ "make file 1", false, true },
	{ "make file 2", true, true },
	{ "make file 3", true, false },
};
static const struct job_step_impl impls[] = {
	{ run0, undo0 }, { run1, undo1 }, { run2, undo2 }, { run3, NULL },
};

static enum job_state ended;
static int finished_calls;

static void
on_finished(struct job_ctx *j, enum job_state end)
{
	ended = end;
	finished_calls++;
	g_main_loop_quit(job_hpd(j)->loop);
}

static const struct job_kind kind = { { "files", defs, 4 }, impls, on_finished };
static const struct job_kind *const kinds[] = { &kind };

struct fixture {
	char dir[64];
	char db[128];
	struct hpd d;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char err[STORE_ERR_MAX];

	strcpy(f->dir, "/tmp/hapair-jobrun-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->db, sizeof(f->db), "%s/hapair.db", f->dir);
	cfg_defaults(&f->d.cfg);
	if (store_open(f->db, &f->d.store, err, sizeof(err)) != 0)
		return -1;
	f->d.loop = g_main_loop_new(NULL, FALSE);
	ended = JOB_PENDING;
	finished_calls = 0;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	gchar *cmd = g_strdup_printf("rm -rf %s", f->dir);
	int rc = system(cmd);

	job_run_shutdown(&f->d);
	store_close(f->d.store);
	g_main_loop_unref(f->d.loop);
	g_free(cmd);
	free(f);
	return rc == 0 ? 0 : -1;
}

static int64_t
start(struct fixture *f, int fail_at, int undo_fail_at, int hang_at)
{
	JsonObject *p = json_object_new();
	char err[256] = "";
	int64_t id = 0;

	json_object_set_string_member(p, "dir", f->dir);
	json_object_set_int_member(p, "fail_at", fail_at);
	json_object_set_int_member(p, "undo_fail_at", undo_fail_at);
	json_object_set_int_member(p, "hang_at", hang_at);
	assert_int_equal(job_run_start(&f->d, &kind, p, &id, err, sizeof(err)), 0);
	json_object_unref(p);
	return id;
}

static bool
exists(struct fixture *f, int step)
{
	gchar *path = g_strdup_printf("%s/step%d", f->dir, step);
	bool e = g_file_test(path, G_FILE_TEST_EXISTS);

	g_free(path);
	return e;
}

static void
a_job_runs_every_step_and_is_recorded_done(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	int64_t id = start(f, -1, -1, -1);

	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_DONE);
	assert_int_equal(finished_calls, 1);
	for (int k = 0; k < 4; k++)
		assert_true(exists(f, k));
	assert_null(f->d.job);
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.state, "done");
	assert_non_null(strstr(sj.result, "done in"));
	store_job_clear(&sj);
	assert_int_equal(store_job_unfinished(f->d.store, &sj), -ENOENT);
}

static void
a_failed_step_is_rolled_back_and_the_error_names_step_and_cause(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	int64_t id = start(f, 2, -1, -1);

	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_ROLLED_BACK);
	for (int k = 0; k < 4; k++)
		assert_false(exists(f, k));
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.state, "rolled-back");
	assert_non_null(strstr(sj.error, "step 'make file 2' failed: disk full at step 2"));
	assert_non_null(strstr(sj.error, "everything it had changed was undone"));
	store_job_clear(&sj);
}

static void
a_failed_undo_leaves_the_job_failed_and_says_what_is_left(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	int64_t id = start(f, 2, 1, -1);

	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_FAILED);
	assert_false(exists(f, 2));     /* undone before the failing undo */
	assert_true(exists(f, 1));      /* its undo failed */
	assert_true(exists(f, 0));      /* the rollback stopped before it */
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.state, "failed");
	assert_non_null(strstr(sj.error, "undoing step 'make file 1' failed: cannot remove step1"));
	assert_non_null(strstr(sj.error, "manual repair"));
	store_job_clear(&sj);
}

/* The undo of step 1 may fail (say its node is unreachable): the rollback
 * goes on to step 0, and the error says what was not undone instead of
 * "everything was undone". */
static void
an_undo_that_may_fail_is_named_and_the_rollback_goes_on(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	JsonObject *p = json_object_new();
	char err[256] = "";
	int64_t id = 0;

	json_object_set_string_member(p, "dir", f->dir);
	json_object_set_int_member(p, "fail_at", 2);
	json_object_set_int_member(p, "undo_fail_at", 1);
	json_object_set_int_member(p, "undo_may_fail_at", 1);
	assert_int_equal(job_run_start(&f->d, &kind, p, &id, err, sizeof(err)), 0);
	json_object_unref(p);
	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_ROLLED_BACK);
	assert_false(exists(f, 2));
	assert_true(exists(f, 1));      /* its undo failed */
	assert_false(exists(f, 0));     /* and the rollback went on */
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.state, "rolled-back");
	assert_non_null(strstr(sj.error, "step 'make file 2' failed: disk full at step 2"));
	assert_non_null(strstr(sj.error, "everything else it had changed was undone, but not: "
	    "step 'make file 1': cannot remove step1"));
	assert_null(strstr(sj.error, "everything it had changed was undone"));
	store_job_clear(&sj);
}

static void
a_second_job_is_refused_while_one_runs(void **state)
{
	struct fixture *f = *state;
	JsonObject *p = json_object_new();
	char err[256] = "";
	int64_t id1 = start(f, -1, -1, -1), id2 = 0;

	json_object_set_string_member(p, "dir", f->dir);
	assert_int_equal(job_run_start(&f->d, &kind, p, &id2, err, sizeof(err)), -EBUSY);
	json_object_unref(p);
	assert_non_null(strstr(err, "busy: job"));
	assert_non_null(strstr(err, "(files) is running"));
	assert_true(id1 > 0);
	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_DONE);
}

/* The daemon stops while step HANG is running; a new daemon (same store)
 * resumes: a resumable step is run again, a non-resumable one rolls back. */
static void
restart(struct fixture *f)
{
	char err[STORE_ERR_MAX];

	job_run_shutdown(&f->d);
	store_close(f->d.store);
	assert_int_equal(store_open(f->db, &f->d.store, err, sizeof(err)), 0);
	assert_int_equal(job_run_resume(&f->d, kinds, 1), 0);
	assert_non_null(f->d.job);
}

static void
a_restart_resumes_a_resumable_step(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	int64_t id = start(f, -1, -1, 2);

	g_main_loop_run(f->d.loop);             /* quits inside step 2 */
	assert_int_equal(finished_calls, 0);
	assert_int_equal(store_job_unfinished(f->d.store, &sj), 0);
	assert_int_equal(sj.step_index, 2);
	assert_string_equal(sj.state, "running");
	store_job_clear(&sj);

	restart(f);
	/* the resumed job no longer hangs: params came back from the store,
	 * so clear hang_at in them the way a fixed step would behave */
	json_object_set_int_member(job_params(f->d.job), "hang_at", -1);
	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_DONE);
	for (int k = 0; k < 4; k++)
		assert_true(exists(f, k));
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.state, "done");
	store_job_clear(&sj);
}

static void
a_restart_rolls_back_from_a_step_that_cannot_be_resumed(void **state)
{
	struct fixture *f = *state;

	start(f, -1, -1, 1);
	g_main_loop_run(f->d.loop);             /* quits inside step 1 */
	assert_true(exists(f, 0) && exists(f, 1));
	restart(f);
	g_main_loop_run(f->d.loop);
	assert_int_equal(ended, JOB_ROLLED_BACK);
	for (int k = 0; k < 4; k++)
		assert_false(exists(f, k));
	{
		struct store_job sj;

		assert_int_equal(store_job_get(f->d.store, 1, &sj), 0);
		assert_non_null(strstr(sj.error, "hapaird restarted during step 'make file 1', "
		    "which cannot safely be run twice"));
		store_job_clear(&sj);
	}
}

static void
the_running_job_shows_in_status(void **state)
{
	struct fixture *f = *state;
	JsonNode *n;
	JsonObject *o;

	assert_null(job_run_status(&f->d));
	start(f, -1, -1, 1);
	g_main_loop_run(f->d.loop);             /* stopped inside step 1 */
	n = job_run_status(&f->d);
	assert_non_null(n);
	o = json_node_get_object(n);
	assert_string_equal(json_object_get_string_member(o, "kind"), "files");
	assert_string_equal(json_object_get_string_member(o, "state"), "running");
	assert_string_equal(json_object_get_string_member(o, "step"), "make file 1");
	assert_int_equal(json_object_get_int_member(o, "steps"), 4);
	json_node_unref(n);
}

static void
progress_shows_in_status_and_in_the_store_and_data_is_freed_with_the_job(void **state)
{
	struct fixture *f = *state;
	struct store_job sj;
	JsonNode *n;
	JsonObject *o;
	int64_t id = start(f, -1, -1, 1);

	g_main_loop_run(f->d.loop);             /* stopped inside step 1 */
	job_set_data(f->d.job, g_strdup("scratch"), g_free);
	assert_string_equal(job_get_data(f->d.job), "scratch");
	job_step_progress(f->d.job, 42, 37440);
	n = job_run_status(&f->d);
	o = json_node_get_object(n);
	assert_int_equal(json_object_get_int_member(o, "percent"), 42);
	assert_int_equal(json_object_get_int_member(o, "rate_kib_s"), 37440);
	json_node_unref(n);
	assert_int_equal(store_job_get(f->d.store, id, &sj), 0);
	assert_string_equal(sj.progress, "{\"percent\":42,\"rate_kib_s\":37440}");
	store_job_clear(&sj);
	/* teardown's job_run_shutdown frees the data (valgrind checks it) */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_job_runs_every_step_and_is_recorded_done, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_step_is_rolled_back_and_the_error_names_step_and_cause, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_undo_leaves_the_job_failed_and_says_what_is_left, setup, teardown),
		cmocka_unit_test_setup_teardown(an_undo_that_may_fail_is_named_and_the_rollback_goes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_job_is_refused_while_one_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(a_restart_resumes_a_resumable_step, setup, teardown),
		cmocka_unit_test_setup_teardown(a_restart_rolls_back_from_a_step_that_cannot_be_resumed, setup, teardown),
		cmocka_unit_test_setup_teardown(the_running_job_shows_in_status, setup, teardown),
		cmocka_unit_test_setup_teardown(progress_shows_in_status_and_in_the_store_and_data_is_freed_with_the_job, setup, teardown),
	};

	log_init("test_job_run", true, LOG_CRIT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
