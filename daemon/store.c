/* SPDX-License-Identifier: GPL-2.0-or-later */
/* store: hapaird's SQLite state (cluster record, settings, jobs, events,
 * users, sessions).  Schema changes are numbered migrations; the number is
 * SQLite's user_version.  Never logs: errors go back to the caller. */
#include <errno.h>
#include <stdarg.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store.h"

struct store {
	sqlite3 *db;
};

/* Append only: a released migration is never edited, a change is a new one. */
static const char *const store_migrations[] = {
	/* 1: the appliance's own records */
	"CREATE TABLE cluster ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  role TEXT NOT NULL,"
	"  name TEXT, peer TEXT, failover_ip TEXT, created_us INTEGER);"
	"INSERT INTO cluster (id, role) VALUES (1, 'standalone');"
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY, value TEXT NOT NULL,"
	"  replicated INTEGER NOT NULL DEFAULT 1,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE TABLE jobs ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
	"  state TEXT NOT NULL, step TEXT, params TEXT,"
	"  started_us INTEGER NOT NULL, finished_us INTEGER,"
	"  result TEXT, error TEXT);"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT, time_us INTEGER NOT NULL,"
	"  node TEXT NOT NULL, severity INTEGER NOT NULL,"
	"  subsystem TEXT NOT NULL, message TEXT NOT NULL, job_id INTEGER);"
	"CREATE INDEX events_time ON events (time_us);"
	"CREATE TABLE users ("
	"  name TEXT PRIMARY KEY, pw_hash TEXT NOT NULL, changed_us INTEGER NOT NULL);",
	/* 2: web sessions (only token hashes are kept) */
	"CREATE TABLE sessions ("
	"  token_sha256 TEXT PRIMARY KEY, user TEXT NOT NULL, csrf TEXT NOT NULL,"
	"  address TEXT NOT NULL, created_us INTEGER NOT NULL,"
	"  last_seen_us INTEGER NOT NULL, expires_us INTEGER NOT NULL);",
	/* 3: jobs remember the index of their step and their progress */
	"ALTER TABLE jobs ADD COLUMN step_index INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE jobs ADD COLUMN progress TEXT;",
	/* 4: the pinned peer (at most one), its peer-channel certificate's
	 * SHA-256 and where its peer channel listens.  IF NOT EXISTS: the
	 * migration tests rewind user_version over a database that has it. */
	"CREATE TABLE IF NOT EXISTS peer ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  name TEXT NOT NULL, address TEXT NOT NULL, port INTEGER NOT NULL,"
	"  fingerprint TEXT NOT NULL, pinned_us INTEGER NOT NULL);",
};

/* Events beyond this many are pruned, oldest first: the log must not fill
 * the appliance's disk however long it runs. */
#define STORE_EVENTS_KEEP 100000
#define STORE_EVENTS_PRUNE_EVERY 1000

int
store_schema_latest(void)
{
	return (int)G_N_ELEMENTS(store_migrations);
}

static int
store_errf(char *err, size_t errlen, int rc, const char *what, sqlite3 *db)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
	return rc;
}

static int
store_user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
store_migrate_db(sqlite3 *db, const char *const *steps, int nsteps, char *err, size_t errlen)
{
	int have = store_user_version(db);

	if (have < 0)
		return store_errf(err, errlen, -EIO, "reading the schema version", db);
	if (have > nsteps) {
		snprintf(err, errlen, "the database has schema version %d, newer than this "
		    "hapair knows (%d): it was written by a newer hapair; install that "
		    "version again or restore a backup", have, nsteps);
		return -EPROTO;
	}
	for (int v = have; v < nsteps; v++) {
		char *msg = NULL;
		gchar *sql = g_strdup_printf("BEGIN IMMEDIATE; %s PRAGMA user_version = %d; COMMIT;",
		    steps[v], v + 1);
		int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

		g_free(sql);
		if (rc != SQLITE_OK) {
			snprintf(err, errlen, "schema migration %d failed: %s; the database is "
			    "left at version %d", v + 1, msg ? msg : sqlite3_errstr(rc), v);
			sqlite3_free(msg);
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -EIO;
		}
	}
	return 0;
}

int
store_open(const char *path, struct store **out, char *err, size_t errlen)
{
	struct store *st;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database %s: %s", path,
		    db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -EIO;
	}
	/* Sessions and hashes live here: owner only. */
	if (chmod(path, 0600) != 0) {
		snprintf(err, errlen, "cannot restrict %s to mode 0600: %s", path, strerror(errno));
		sqlite3_close(db);
		return -errno;
	}
	sqlite3_busy_timeout(db, 2000);
	/* WAL: readers never block the one writer.  FULL: a job step that
	 * returned is on disk, so a resumed job never repeats a finished step. */
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	    "PRAGMA foreign_keys = ON;", NULL, NULL, NULL) != SQLITE_OK) {
		store_errf(err, errlen, -EIO, path, db);
		sqlite3_close(db);
		return -EIO;
	}
	rc = store_migrate_db(db, store_migrations, store_schema_latest(), err, errlen);
	if (rc != 0) {
		sqlite3_close(db);
		return rc;
	}
	st = g_new0(struct store, 1);
	st->db = db;
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	g_free(st);
}

int
store_schema_version(struct store *st)
{
	return store_user_version(st->db);
}

/* Prepare SQL and bind text/int64 arguments given as a format of 't'/'i'. */
static sqlite3_stmt *
store_prepare(struct store *st, const char *sql, const char *types, ...)
{
	sqlite3_stmt *stmt;
	va_list ap;

	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return NULL;
	va_start(ap, types);
	for (int i = 0; types[i]; i++) {
		if (types[i] == 't') {
			const char *s = va_arg(ap, const char *);

			if (s == NULL)
				sqlite3_bind_null(stmt, i + 1);
			else
				sqlite3_bind_text(stmt, i + 1, s, -1, SQLITE_TRANSIENT);
		} else {
			sqlite3_bind_int64(stmt, i + 1, va_arg(ap, int64_t));
		}
	}
	va_end(ap);
	return stmt;
}

/* Run a statement expected to return no rows. */
static int
store_exec_done(sqlite3_stmt *stmt)
{
	int rc;

	if (stmt == NULL)
		return -EIO;
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int
store_event_add(struct store *st, struct ev_event *ev)
{
	int rc;

	if (ev->time_us == 0)
		ev->time_us = g_get_real_time();
	rc = store_exec_done(store_prepare(st,
	    "INSERT INTO events (time_us, node, severity, subsystem, message, job_id) "
	    "VALUES (?, ?, ?, ?, ?, ?)", "ititti", ev->time_us, ev->node,
	    (int64_t)ev->severity, ev->subsystem, ev->message, ev->job_id));
	if (rc != 0)
		return rc;
	ev->id = sqlite3_last_insert_rowid(st->db);
	if (ev->id % STORE_EVENTS_PRUNE_EVERY == 0)
		store_exec_done(store_prepare(st, "DELETE FROM events WHERE id <= ?", "i",
		    ev->id - STORE_EVENTS_KEEP));
	return 0;
}

int
store_events_list(struct store *st, const struct store_event_filter *f,
    store_event_fn fn, void *arg)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = store_prepare(st,
	    "SELECT id, time_us, node, severity, subsystem, message, COALESCE(job_id, 0) "
	    "FROM events WHERE time_us >= ? AND severity >= ? "
	    "AND (? IS NULL OR node = ?) AND (? IS NULL OR instr(message, ?) > 0) "
	    "ORDER BY id DESC LIMIT ?",
	    "iitttti", f->since_us, (int64_t)f->min_severity, f->node, f->node,
	    f->text, f->text, (int64_t)(f->limit ? f->limit : 100));
	if (stmt == NULL)
		return -EIO;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct ev_event ev;

		memset(&ev, 0, sizeof(ev));
		ev.id = sqlite3_column_int64(stmt, 0);
		ev.time_us = sqlite3_column_int64(stmt, 1);
		g_strlcpy(ev.node, (const char *)sqlite3_column_text(stmt, 2), sizeof(ev.node));
		ev.severity = (enum ev_severity)sqlite3_column_int(stmt, 3);
		g_strlcpy(ev.subsystem, (const char *)sqlite3_column_text(stmt, 4), sizeof(ev.subsystem));
		g_strlcpy(ev.message, (const char *)sqlite3_column_text(stmt, 5), sizeof(ev.message));
		ev.job_id = sqlite3_column_int64(stmt, 6);
		if (fn(&ev, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int
store_user_set_hash(struct store *st, const char *user, const char *hash)
{
	return store_exec_done(store_prepare(st,
	    "INSERT INTO users (name, pw_hash, changed_us) VALUES (?, ?, ?) "
	    "ON CONFLICT (name) DO UPDATE SET pw_hash = excluded.pw_hash, "
	    "changed_us = excluded.changed_us", "tti", user, hash, g_get_real_time()));
}

/* One text column of one row: *out malloc'd, -ENOENT without a row. */
static int
store_get_text(sqlite3_stmt *stmt, char **out)
{
	int rc;

	if (stmt == NULL)
		return -EIO;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*out = g_strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int
store_user_get_hash(struct store *st, const char *user, char **hash)
{
	return store_get_text(store_prepare(st, "SELECT pw_hash FROM users WHERE name = ?",
	    "t", user), hash);
}

int
store_session_add(struct store *st, const struct store_session *s)
{
	return store_exec_done(store_prepare(st,
	    "INSERT INTO sessions (token_sha256, user, csrf, address, created_us, "
	    "last_seen_us, expires_us) VALUES (?, ?, ?, ?, ?, ?, ?)", "ttttiii",
	    s->token_sha256, s->user, s->csrf, s->address, s->created_us,
	    s->last_seen_us, s->expires_us));
}

int
store_session_get(struct store *st, const char *token_sha256, struct store_session *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT token_sha256, user, csrf, address, created_us, last_seen_us, expires_us "
	    "FROM sessions WHERE token_sha256 = ?", "t", token_sha256);
	int rc;

	if (stmt == NULL)
		return -EIO;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		g_strlcpy(out->token_sha256, (const char *)sqlite3_column_text(stmt, 0), sizeof(out->token_sha256));
		g_strlcpy(out->user, (const char *)sqlite3_column_text(stmt, 1), sizeof(out->user));
		g_strlcpy(out->csrf, (const char *)sqlite3_column_text(stmt, 2), sizeof(out->csrf));
		g_strlcpy(out->address, (const char *)sqlite3_column_text(stmt, 3), sizeof(out->address));
		out->created_us = sqlite3_column_int64(stmt, 4);
		out->last_seen_us = sqlite3_column_int64(stmt, 5);
		out->expires_us = sqlite3_column_int64(stmt, 6);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int
store_session_touch(struct store *st, const char *token_sha256, int64_t now_us)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE sessions SET last_seen_us = ? WHERE token_sha256 = ?", "it",
	    now_us, token_sha256));
}

int
store_session_delete(struct store *st, const char *token_sha256)
{
	return store_exec_done(store_prepare(st,
	    "DELETE FROM sessions WHERE token_sha256 = ?", "t", token_sha256));
}

int
store_session_purge(struct store *st, int64_t now_us, int64_t idle_us)
{
	return store_exec_done(store_prepare(st,
	    "DELETE FROM sessions WHERE expires_us <= ? OR last_seen_us + ? <= ?", "iii",
	    now_us, idle_us, now_us));
}

int
store_setting_get(struct store *st, const char *key, char **value)
{
	return store_get_text(store_prepare(st, "SELECT value FROM settings WHERE key = ?",
	    "t", key), value);
}

int
store_setting_set(struct store *st, const char *key, const char *value, bool replicated)
{
	return store_exec_done(store_prepare(st,
	    "INSERT INTO settings (key, value, replicated) VALUES (?, ?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
	    "replicated = excluded.replicated, version = version + 1", "tti",
	    key, value, (int64_t)replicated));
}

int
store_cluster_role(struct store *st, char *role, size_t len)
{
	char *v = NULL;
	int rc = store_get_text(store_prepare(st, "SELECT role FROM cluster WHERE id = 1", ""), &v);

	if (rc == 0)
		g_strlcpy(role, v, len);
	g_free(v);
	return rc;
}

int
store_cluster_get(struct store *st, struct store_cluster *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT role, name, peer, failover_ip, created_us FROM cluster WHERE id = 1", "");
	int rc;

	if (stmt == NULL)
		return -EIO;
	memset(out, 0, sizeof(*out));
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *cols[] = { out->role, out->name, out->peer, out->failover_ip };
		size_t lens[] = { sizeof(out->role), sizeof(out->name), sizeof(out->peer),
		    sizeof(out->failover_ip) };

		for (int i = 0; i < 4; i++) {
			const unsigned char *v = sqlite3_column_text(stmt, i);

			g_strlcpy((char *)cols[i], v != NULL ? (const char *)v : "", lens[i]);
		}
		out->created_us = sqlite3_column_int64(stmt, 4);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int
store_cluster_set(struct store *st, const struct store_cluster *c)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE cluster SET role = ?, name = ?, peer = ?, failover_ip = ?, "
	    "created_us = ? WHERE id = 1", "tttti", STORE_ROLE_CLUSTERED, c->name,
	    c->peer, c->failover_ip, c->created_us != 0 ? c->created_us : g_get_real_time()));
}

int
store_cluster_clear(struct store *st)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE cluster SET role = ?, name = NULL, peer = NULL, failover_ip = NULL, "
	    "created_us = NULL WHERE id = 1", "t", STORE_ROLE_STANDALONE));
}

int
store_job_create(struct store *st, const char *kind, const char *params_json, int64_t *id)
{
	int rc = store_exec_done(store_prepare(st,
	    "INSERT INTO jobs (kind, state, step, step_index, params, started_us) "
	    "VALUES (?, 'pending', NULL, 0, ?, ?)", "tti", kind, params_json,
	    g_get_real_time()));

	if (rc == 0)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int
store_job_update(struct store *st, int64_t id, const char *state, int step_index,
    const char *step_name, const char *error)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE jobs SET state = ?, step_index = ?, step = ?, error = ? WHERE id = ?",
	    "titti", state, (int64_t)step_index, step_name, error, id));
}

int
store_job_progress(struct store *st, int64_t id, const char *progress_json)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE jobs SET progress = ? WHERE id = ?", "ti", progress_json, id));
}

int
store_job_params(struct store *st, int64_t id, const char *params_json)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE jobs SET params = ? WHERE id = ?", "ti", params_json, id));
}

int
store_job_finish(struct store *st, int64_t id, const char *state, const char *result,
    const char *error)
{
	return store_exec_done(store_prepare(st,
	    "UPDATE jobs SET state = ?, result = ?, error = ?, finished_us = ? WHERE id = ?",
	    "tttii", state, result, error, g_get_real_time(), id));
}

static const char store_job_columns[] =
    "SELECT id, kind, state, step_index, COALESCE(step, ''), COALESCE(params, ''), "
    "started_us, COALESCE(finished_us, 0), COALESCE(result, ''), COALESCE(error, ''), "
    "COALESCE(progress, '') FROM jobs ";

static int
store_job_read(sqlite3_stmt *stmt, struct store_job *out)
{
	int rc;

	if (stmt == NULL)
		return -EIO;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(stmt, 0);
		g_strlcpy(out->kind, (const char *)sqlite3_column_text(stmt, 1), sizeof(out->kind));
		g_strlcpy(out->state, (const char *)sqlite3_column_text(stmt, 2), sizeof(out->state));
		out->step_index = sqlite3_column_int(stmt, 3);
		g_strlcpy(out->step, (const char *)sqlite3_column_text(stmt, 4), sizeof(out->step));
		out->params = g_strdup((const char *)sqlite3_column_text(stmt, 5));
		out->started_us = sqlite3_column_int64(stmt, 6);
		out->finished_us = sqlite3_column_int64(stmt, 7);
		g_strlcpy(out->result, (const char *)sqlite3_column_text(stmt, 8), sizeof(out->result));
		g_strlcpy(out->error, (const char *)sqlite3_column_text(stmt, 9), sizeof(out->error));
		g_strlcpy(out->progress, (const char *)sqlite3_column_text(stmt, 10), sizeof(out->progress));
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int
store_job_get(struct store *st, int64_t id, struct store_job *out)
{
	gchar *sql = g_strconcat(store_job_columns, "WHERE id = ?", NULL);
	int rc = store_job_read(store_prepare(st, sql, "i", id), out);

	g_free(sql);
	return rc;
}

int
store_job_unfinished(struct store *st, struct store_job *out)
{
	gchar *sql = g_strconcat(store_job_columns,
	    "WHERE finished_us IS NULL ORDER BY id DESC LIMIT 1", NULL);
	int rc = store_job_read(store_prepare(st, sql, ""), out);

	g_free(sql);
	return rc;
}

void
store_job_clear(struct store_job *job)
{
	g_free(job->params);
	job->params = NULL;
}

int
store_peer_get(struct store *st, struct store_peer *out)
{
	sqlite3_stmt *stmt = store_prepare(st,
	    "SELECT name, address, port, fingerprint, pinned_us FROM peer WHERE id = 1", "");
	int rc;

	if (stmt == NULL)
		return -EIO;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		g_strlcpy(out->name, (const char *)sqlite3_column_text(stmt, 0), sizeof(out->name));
		g_strlcpy(out->address, (const char *)sqlite3_column_text(stmt, 1), sizeof(out->address));
		out->port = (uint16_t)sqlite3_column_int(stmt, 2);
		g_strlcpy(out->fingerprint, (const char *)sqlite3_column_text(stmt, 3), sizeof(out->fingerprint));
		out->pinned_us = sqlite3_column_int64(stmt, 4);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int
store_peer_set(struct store *st, const struct store_peer *p)
{
	return store_exec_done(store_prepare(st,
	    "INSERT INTO peer (id, name, address, port, fingerprint, pinned_us) "
	    "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
	    "name = excluded.name, address = excluded.address, port = excluded.port, "
	    "fingerprint = excluded.fingerprint, pinned_us = excluded.pinned_us",
	    "ttiti", p->name, p->address, (int64_t)p->port, p->fingerprint, p->pinned_us));
}

int
store_peer_delete(struct store *st)
{
	return store_exec_done(store_prepare(st, "DELETE FROM peer WHERE id = 1", ""));
}
