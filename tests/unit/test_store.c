/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SQLite store: migrations, events, users, sessions, settings. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "store.h"

struct fixture {
	char dir[64];
	char path[128];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(f->dir, "/tmp/hapair-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/hapair.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static int
user_version(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int v = -1;

	sqlite3_open(path, &db);
	sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
a_new_database_is_migrated_to_the_latest_schema_and_private(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX], role[32];
	struct stat sb;

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_true(store_schema_latest() >= 2);
	assert_int_equal(store_cluster_role(st, role, sizeof(role)), 0);
	assert_string_equal(role, "standalone");
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	store_close(st);
}

static void
an_old_database_is_migrated_keeping_its_data(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	struct store *st;
	char err[STORE_ERR_MAX];
	char *hash = NULL;

	/* Build a version-1 database with the real first migration, holding a
	 * user, then let store_open bring it up to date. */
	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	store_close(st);
	sqlite3_open(f->path, &db);
	assert_int_equal(sqlite3_exec(db, "DROP TABLE sessions; ALTER TABLE jobs DROP COLUMN progress;"
	    "ALTER TABLE jobs DROP COLUMN step_index; PRAGMA user_version = 1;"
	    "INSERT INTO users VALUES ('admin', '$scrypt$old', 1);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(user_version(f->path), 1);

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_schema_version(st), store_schema_latest());
	assert_int_equal(store_user_get_hash(st, "admin", &hash), 0);
	assert_string_equal(hash, "$scrypt$old");
	free(hash);
	store_close(st);
}

static void
a_database_from_a_newer_hapair_is_refused_untouched(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db;
	struct store *st;
	char err[STORE_ERR_MAX];
	int future = store_schema_latest() + 5;
	char sql[64];

	sqlite3_open(f->path, &db);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", future);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), -EPROTO);
	assert_null(st);
	assert_non_null(strstr(err, "newer than this hapair knows"));
	assert_int_equal(user_version(f->path), future);
}

static void
a_failing_migration_rolls_back_to_the_last_good_version(void **state)
{
	struct fixture *f = *state;
	static const char *const steps[] = {
		"CREATE TABLE a (x INTEGER);",
		"CREATE TABLE b (y INTEGER); INSERT INTO nosuchtable VALUES (1);",
	};
	sqlite3 *db;
	sqlite3_stmt *q;
	char err[STORE_ERR_MAX];

	sqlite3_open(f->path, &db);
	assert_int_equal(store_migrate_db(db, steps, 2, err, sizeof(err)), -EIO);
	assert_non_null(strstr(err, "schema migration 2 failed"));
	assert_non_null(strstr(err, "left at version 1"));
	/* table b of the failed step must not exist; a must */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT * FROM b", -1, &q, NULL), SQLITE_ERROR);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT * FROM a", -1, &q, NULL), SQLITE_OK);
	sqlite3_finalize(q);
	sqlite3_close(db);
	assert_int_equal(user_version(f->path), 1);
}

struct collect {
	int n;
	int64_t ids[16];
	char msgs[16][64];
};

static int
collect_fn(const struct ev_event *ev, void *arg)
{
	struct collect *c = arg;

	c->ids[c->n] = ev->id;
	snprintf(c->msgs[c->n], sizeof(c->msgs[0]), "%.63s", ev->message);
	c->n++;
	return c->n >= 16;
}

static void
add_event(struct store *st, int64_t t, const char *node, enum ev_severity sev, const char *msg)
{
	struct ev_event ev = { .time_us = t, .severity = sev };

	snprintf(ev.node, sizeof(ev.node), "%s", node);
	snprintf(ev.subsystem, sizeof(ev.subsystem), "test");
	snprintf(ev.message, sizeof(ev.message), "%s", msg);
	assert_int_equal(store_event_add(st, &ev), 0);
	assert_true(ev.id > 0);
}

static void
events_list_newest_first_and_filter(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX];
	struct collect c;
	struct store_event_filter flt;

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	add_event(st, 1000, "node1", EV_INFO, "first");
	add_event(st, 2000, "node2", EV_WARNING, "second warning");
	add_event(st, 3000, "node1", EV_ERROR, "third error");
	add_event(st, 4000, "node1", EV_DEBUG, "fourth");

	memset(&c, 0, sizeof(c));
	memset(&flt, 0, sizeof(flt));
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.msgs[0], "fourth");
	assert_string_equal(c.msgs[3], "first");

	memset(&c, 0, sizeof(c));
	flt.min_severity = EV_WARNING;
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.msgs[0], "third error");

	memset(&c, 0, sizeof(c));
	memset(&flt, 0, sizeof(flt));
	flt.since_us = 2000;
	flt.node = "node1";
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 2);

	memset(&c, 0, sizeof(c));
	memset(&flt, 0, sizeof(flt));
	flt.text = "warn";
	flt.limit = 1;
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.msgs[0], "second warning");

	/* a text with SQL wildcards matches literally */
	memset(&c, 0, sizeof(c));
	flt.text = "%";
	flt.limit = 0;
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 0);
	store_close(st);
}

static void
events_survive_reopening(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX];
	struct collect c = { 0 };
	struct store_event_filter flt = { 0 };

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	add_event(st, 0, "node1", EV_NOTICE, "before restart");
	store_close(st);
	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_events_list(st, &flt, collect_fn, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.msgs[0], "before restart");
	store_close(st);
}

static void
users_and_settings_are_upserted(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX];
	char *v = NULL;

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_user_get_hash(st, "admin", &v), -ENOENT);
	assert_int_equal(store_user_set_hash(st, "admin", "h1"), 0);
	assert_int_equal(store_user_set_hash(st, "admin", "h2"), 0);
	assert_int_equal(store_user_get_hash(st, "admin", &v), 0);
	assert_string_equal(v, "h2");
	free(v);
	assert_int_equal(store_setting_get(st, "smtp.relay", &v), -ENOENT);
	assert_int_equal(store_setting_set(st, "smtp.relay", "a", true), 0);
	assert_int_equal(store_setting_set(st, "smtp.relay", "b", true), 0);
	assert_int_equal(store_setting_get(st, "smtp.relay", &v), 0);
	assert_string_equal(v, "b");
	free(v);
	store_close(st);
}

static void
sessions_expire_by_age_and_idleness(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX];
	struct store_session s = { .user = "admin", .csrf = "c", .address = "10.0.0.1",
	    .created_us = 100, .last_seen_us = 100, .expires_us = 10000 };
	struct store_session got;

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	strcpy(s.token_sha256, "aaaa");
	assert_int_equal(store_session_add(st, &s), 0);
	strcpy(s.token_sha256, "bbbb");
	s.expires_us = 500;
	assert_int_equal(store_session_add(st, &s), 0);

	assert_int_equal(store_session_get(st, "aaaa", &got), 0);
	assert_string_equal(got.address, "10.0.0.1");
	assert_int_equal(store_session_touch(st, "aaaa", 900), 0);
	/* at 1000 with idle limit 200: aaaa (seen 900) stays, bbbb (expired at 500) goes */
	assert_int_equal(store_session_purge(st, 1000, 200), 0);
	assert_int_equal(store_session_get(st, "aaaa", &got), 0);
	assert_int_equal(got.last_seen_us, 900);
	assert_int_equal(store_session_get(st, "bbbb", &got), -ENOENT);
	/* idle past the limit */
	assert_int_equal(store_session_purge(st, 1200, 200), 0);
	assert_int_equal(store_session_get(st, "aaaa", &got), -ENOENT);
	assert_int_equal(store_session_delete(st, "aaaa"), 0);
	store_close(st);
}

static void
jobs_persist_each_transition_and_the_unfinished_one_is_found(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	char err[STORE_ERR_MAX];
	struct store_job j;
	int64_t a, b;

	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_job_unfinished(st, &j), -ENOENT);
	assert_int_equal(store_job_create(st, "create", "{\"peer\":\"192.168.250.2\"}", &a), 0);
	assert_int_equal(store_job_update(st, a, "running", 2, "write configuration", NULL), 0);
	assert_int_equal(store_job_progress(st, a, "{\"percent\":42}"), 0);
	store_close(st);

	/* as after a daemon restart */
	assert_int_equal(store_open(f->path, &st, err, sizeof(err)), 0);
	assert_int_equal(store_job_unfinished(st, &j), 0);
	assert_true(j.id == a);
	assert_string_equal(j.kind, "create");
	assert_string_equal(j.state, "running");
	assert_int_equal(j.step_index, 2);
	assert_string_equal(j.step, "write configuration");
	assert_string_equal(j.params, "{\"peer\":\"192.168.250.2\"}");
	assert_string_equal(j.progress, "{\"percent\":42}");
	assert_true(j.finished_us == 0);
	store_job_clear(&j);

	assert_int_equal(store_job_finish(st, a, "rolled-back", "", "step 2 failed: disk full"), 0);
	assert_int_equal(store_job_unfinished(st, &j), -ENOENT);
	assert_int_equal(store_job_get(st, a, &j), 0);
	assert_string_equal(j.state, "rolled-back");
	assert_string_equal(j.error, "step 2 failed: disk full");
	assert_true(j.finished_us > 0);
	store_job_clear(&j);
	assert_int_equal(store_job_create(st, "takeover", NULL, &b), 0);
	assert_true(b > a);
	assert_int_equal(store_job_get(st, b + 100, &j), -ENOENT);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_new_database_is_migrated_to_the_latest_schema_and_private, setup, teardown),
		cmocka_unit_test_setup_teardown(an_old_database_is_migrated_keeping_its_data, setup, teardown),
		cmocka_unit_test_setup_teardown(a_database_from_a_newer_hapair_is_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failing_migration_rolls_back_to_the_last_good_version, setup, teardown),
		cmocka_unit_test_setup_teardown(events_list_newest_first_and_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(events_survive_reopening, setup, teardown),
		cmocka_unit_test_setup_teardown(users_and_settings_are_upserted, setup, teardown),
		cmocka_unit_test_setup_teardown(sessions_expire_by_age_and_idleness, setup, teardown),
		cmocka_unit_test_setup_teardown(jobs_persist_each_transition_and_the_unfinished_one_is_found, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
