/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The job transition table: runs, failures, rollbacks, resumes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "job.h"

/* A create-like job: step 1 cannot be resumed, step 2 has no undo. */
static const struct job_step_def steps[] = {
	{ "check the peer", true, false },
	{ "exchange keys", false, true },
	{ "write configuration", true, true },
	{ "log", true, false },
	{ "start the cluster", true, true },
};
static const struct job_def def = { "test", steps, 5 };

static struct job_transition
go(struct job_pos cur, enum job_event ev)
{
	struct job_transition t;

	memset(&t, 0, sizeof(t));
	assert_int_equal(job_transition(&def, cur, ev, &t), 0);
	return t;
}

static void
a_job_runs_its_steps_in_order_to_done(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_PENDING, 0 }, JOB_EV_START);

	for (int i = 0; i < def.nsteps; i++) {
		assert_int_equal(t.next.state, JOB_RUNNING);
		assert_int_equal(t.next.step, i);
		assert_int_equal(t.action, JOB_ACT_RUN_STEP);
		t = go(t.next, JOB_EV_STEP_OK);
	}
	assert_int_equal(t.next.state, JOB_DONE);
	assert_int_equal(t.action, JOB_ACT_FINISH);
}

static void
a_job_without_steps_is_done_at_once(void **state)
{
	static const struct job_def empty = { "empty", NULL, 0 };
	struct job_transition t;

	assert_int_equal(job_transition(&empty, (struct job_pos){ JOB_PENDING, 0 }, JOB_EV_START, &t), 0);
	assert_int_equal(t.next.state, JOB_DONE);
	assert_int_equal(t.action, JOB_ACT_FINISH);
}

static void
a_failed_step_undoes_itself_and_every_earlier_undoable_step(void **state)
{
	/* step 4 fails: undo 4 (it may have half happened), then 2, then 1;
	 * 3 and 0 have nothing to undo */
	struct job_transition t = go((struct job_pos){ JOB_RUNNING, 4 }, JOB_EV_STEP_FAILED);
	int undone[5], n = 0;

	while (t.action == JOB_ACT_UNDO_STEP) {
		assert_int_equal(t.next.state, JOB_ROLLING_BACK);
		undone[n++] = t.next.step;
		t = go(t.next, JOB_EV_STEP_OK);
	}
	assert_int_equal(n, 3);
	assert_int_equal(undone[0], 4);
	assert_int_equal(undone[1], 2);
	assert_int_equal(undone[2], 1);
	assert_int_equal(t.next.state, JOB_ROLLED_BACK);
	assert_int_equal(t.action, JOB_ACT_FINISH);
}

static void
a_first_step_failing_without_undo_ends_rolled_back(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_RUNNING, 0 }, JOB_EV_STEP_FAILED);

	assert_int_equal(t.next.state, JOB_ROLLED_BACK);
	assert_int_equal(t.action, JOB_ACT_FINISH);
}

static void
a_failed_undo_stops_the_rollback_as_failed(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_ROLLING_BACK, 2 }, JOB_EV_STEP_FAILED);

	assert_int_equal(t.next.state, JOB_FAILED);
	assert_int_equal(t.next.step, 2);
	assert_int_equal(t.action, JOB_ACT_FINISH);
	assert_non_null(strstr(t.why, "manual repair"));
}

static void
a_restart_reruns_a_resumable_step(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_RUNNING, 2 }, JOB_EV_RESUME);

	assert_int_equal(t.next.state, JOB_RUNNING);
	assert_int_equal(t.next.step, 2);
	assert_int_equal(t.action, JOB_ACT_RUN_STEP);
	assert_non_null(strstr(t.why, "resuming"));
}

static void
a_restart_rolls_back_a_step_that_cannot_be_resumed(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_RUNNING, 1 }, JOB_EV_RESUME);

	assert_int_equal(t.next.state, JOB_ROLLING_BACK);
	assert_int_equal(t.next.step, 1);
	assert_int_equal(t.action, JOB_ACT_UNDO_STEP);
	assert_non_null(strstr(t.why, "rolling back"));
}

static void
a_restart_during_rollback_repeats_the_interrupted_undo(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_ROLLING_BACK, 2 }, JOB_EV_RESUME);

	assert_int_equal(t.next.state, JOB_ROLLING_BACK);
	assert_int_equal(t.next.step, 2);
	assert_int_equal(t.action, JOB_ACT_UNDO_STEP);
}

static void
a_restart_before_the_first_step_starts_the_job(void **state)
{
	struct job_transition t = go((struct job_pos){ JOB_PENDING, 0 }, JOB_EV_RESUME);

	assert_int_equal(t.next.state, JOB_RUNNING);
	assert_int_equal(t.next.step, 0);
}

static void
unexpected_events_are_refused(void **state)
{
	struct job_transition t;
	static const enum job_state finals[] = { JOB_DONE, JOB_ROLLED_BACK, JOB_FAILED };

	for (size_t i = 0; i < 3; i++)
		for (int ev = 0; ev < JOB_EV_COUNT; ev++)
			assert_int_equal(job_transition(&def, (struct job_pos){ finals[i], 0 }, ev, &t), -EINVAL);
	assert_int_equal(job_transition(&def, (struct job_pos){ JOB_PENDING, 0 }, JOB_EV_STEP_OK, &t), -EINVAL);
	assert_int_equal(job_transition(&def, (struct job_pos){ JOB_RUNNING, 0 }, JOB_EV_START, &t), -EINVAL);
	assert_int_equal(job_transition(&def, (struct job_pos){ JOB_RUNNING, 5 }, JOB_EV_STEP_OK, &t), -EINVAL);
	assert_int_equal(job_transition(&def, (struct job_pos){ JOB_RUNNING, -1 }, JOB_EV_STEP_OK, &t), -EINVAL);
	assert_int_equal(job_transition(NULL, (struct job_pos){ JOB_PENDING, 0 }, JOB_EV_START, &t), -EINVAL);
}

/* Whatever step fails, each step that ran and has an undo is undone
 * exactly once, newest first, and nothing that never ran is undone. */
static void
every_failure_point_leaves_nothing_behind(void **state)
{
	for (int fail_at = 0; fail_at < def.nsteps; fail_at++) {
		int applied[5] = { 0 };
		struct job_transition t = go((struct job_pos){ JOB_PENDING, 0 }, JOB_EV_START);
		int last_undone = def.nsteps;

		while (t.action != JOB_ACT_FINISH) {
			int k = t.next.step;

			if (t.action == JOB_ACT_RUN_STEP) {
				/* a failing step may have half happened: count it applied */
				applied[k] = steps[k].has_undo;
				t = go(t.next, k == fail_at ? JOB_EV_STEP_FAILED : JOB_EV_STEP_OK);
			} else {
				assert_true(applied[k]);
				assert_true(k < last_undone);
				last_undone = k;
				applied[k] = 0;
				t = go(t.next, JOB_EV_STEP_OK);
			}
		}
		assert_int_equal(t.next.state, JOB_ROLLED_BACK);
		for (int k = 0; k < def.nsteps; k++)
			assert_int_equal(applied[k], 0);
	}
}

static void
state_names_round_trip(void **state)
{
	for (int s = 0; s < JOB_STATE_COUNT; s++) {
		enum job_state back;

		assert_int_equal(job_state_parse(job_state_name(s), &back), 0);
		assert_int_equal(back, s);
	}
	assert_true(job_state_final(JOB_DONE) && job_state_final(JOB_FAILED) &&
	    job_state_final(JOB_ROLLED_BACK) && !job_state_final(JOB_RUNNING));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_job_runs_its_steps_in_order_to_done),
		cmocka_unit_test(a_job_without_steps_is_done_at_once),
		cmocka_unit_test(a_failed_step_undoes_itself_and_every_earlier_undoable_step),
		cmocka_unit_test(a_first_step_failing_without_undo_ends_rolled_back),
		cmocka_unit_test(a_failed_undo_stops_the_rollback_as_failed),
		cmocka_unit_test(a_restart_reruns_a_resumable_step),
		cmocka_unit_test(a_restart_rolls_back_a_step_that_cannot_be_resumed),
		cmocka_unit_test(a_restart_during_rollback_repeats_the_interrupted_undo),
		cmocka_unit_test(a_restart_before_the_first_step_starts_the_job),
		cmocka_unit_test(unexpected_events_are_refused),
		cmocka_unit_test(every_failure_point_leaves_nothing_behind),
		cmocka_unit_test(state_names_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
