/* store: hapaird's local state in SQLite.
 *
 * The schema grows by numbered migrations (PRAGMA user_version), each run in
 * one transaction: a failed migration leaves the file as it was.  A database
 * written by a newer hapair is refused rather than guessed at.
 *
 * Functions return 0 or a negative errno and, where a caller may show it, a
 * message in the ERR buffer; they never log.  Calls are synchronous: the
 * database is local and small, and WAL mode keeps writes short. */
#ifndef HP_STORE_H
#define HP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"

#define STORE_ERR_MAX 256

struct store;

/* Opens (creating if needed, mode 0600) and migrates to the newest schema. */
int store_open(const char *path, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
int store_schema_version(struct store *st);
/* The newest schema this build knows. */
int store_schema_latest(void);

/* Run STEPS[user_version..NSTEPS-1] on DB, each in its own transaction.
 * Exposed for the migration tests; store_open uses the built-in list. */
struct sqlite3;
int store_migrate_db(struct sqlite3 *db, const char *const *steps, int nsteps,
    char *err, size_t errlen);

/* Events ---------------------------------------------------------------- */
/* Fills ev->id.  time_us 0 means now. */
int store_event_add(struct store *st, struct ev_event *ev);

struct store_event_filter {
	int64_t since_us;                /* 0: no lower bound */
	enum ev_severity min_severity;   /* EV_DEBUG: all */
	const char *node;                /* NULL: all */
	const char *text;                /* NULL: all; substring of message */
	unsigned limit;                  /* 0: 100 */
};

/* Calls FN for each match, newest first; FN returning non-zero stops. */
typedef int (*store_event_fn)(const struct ev_event *ev, void *arg);
int store_events_list(struct store *st, const struct store_event_filter *f,
    store_event_fn fn, void *arg);

/* Users ----------------------------------------------------------------- */
#define STORE_ADMIN_USER "admin"
/* Sets (inserting if needed) the password hash of USER. */
int store_user_set_hash(struct store *st, const char *user, const char *hash);
/* *hash is malloc'd; -ENOENT when the user has no password yet. */
int store_user_get_hash(struct store *st, const char *user, char **hash);

/* Sessions: only a SHA-256 of each token is kept, so a copy of the
 * database does not hand out live sessions. ---------------------------- */
struct store_session {
	char token_sha256[65];    /* hex */
	char user[32];
	char csrf[65];            /* hex; sent back on state-changing requests */
	char address[64];         /* client address at login */
	int64_t created_us;       /* wall clock */
	int64_t last_seen_us;     /* wall clock */
	int64_t expires_us;       /* wall clock: absolute end */
};
int store_session_add(struct store *st, const struct store_session *s);
/* -ENOENT when absent. */
int store_session_get(struct store *st, const char *token_sha256,
    struct store_session *out);
int store_session_touch(struct store *st, const char *token_sha256, int64_t now_us);
int store_session_delete(struct store *st, const char *token_sha256);
/* Deletes sessions past expires_us or idle longer than IDLE_US. */
int store_session_purge(struct store *st, int64_t now_us, int64_t idle_us);

/* Settings: key/value, each marked replicated or node-local. ------------ */
/* *value is malloc'd; -ENOENT when unset. */
int store_setting_get(struct store *st, const char *key, char **value);
int store_setting_set(struct store *st, const char *key, const char *value,
    bool replicated);

/* Jobs: one row per operator action, updated at every transition so a
 * restarted hapaird finds where it stood (see job.h). ------------------- */
struct store_job {
	int64_t id;
	char kind[32];
	char state[16];            /* job_state_name() */
	int step_index;
	char step[96];             /* the step's name, for people */
	char *params;              /* JSON, malloc'd: store_job_clear() */
	int64_t started_us;
	int64_t finished_us;       /* 0 while unfinished */
	char result[512];
	char error[2048];
	char progress[256];        /* JSON: {"percent": .., "rate_kib_s": ..} */
};
int store_job_create(struct store *st, const char *kind, const char *params_json,
    int64_t *id);
int store_job_update(struct store *st, int64_t id, const char *state, int step_index,
    const char *step_name, const char *error);
int store_job_progress(struct store *st, int64_t id, const char *progress_json);
/* Replaces the job's parameters (a step that made keys keeps them there). */
int store_job_params(struct store *st, int64_t id, const char *params_json);
int store_job_finish(struct store *st, int64_t id, const char *state,
    const char *result, const char *error);
/* -ENOENT when absent. */
int store_job_get(struct store *st, int64_t id, struct store_job *out);
/* The newest job that has not finished, or -ENOENT. */
int store_job_unfinished(struct store *st, struct store_job *out);
void store_job_clear(struct store_job *job);

/* The cluster record: one row, role "standalone" until a cluster exists. */
int store_cluster_role(struct store *st, char *role, size_t len);
#define STORE_ROLE_STANDALONE "standalone"
#define STORE_ROLE_CLUSTERED  "clustered"
struct store_cluster {
	char role[32];             /* STORE_ROLE_* */
	char name[64];             /* the cluster name (corosync's) */
	char peer[64];             /* the other node's name */
	char failover_ip[64];      /* "10.0.0.10/24" */
	int64_t created_us;        /* wall clock; 0 when standalone */
};
int store_cluster_get(struct store *st, struct store_cluster *out);
/* Records this node as clustered with C's name, peer and failover IP. */
int store_cluster_set(struct store *st, const struct store_cluster *c);
/* Back to standalone (name, peer and IP cleared). */
int store_cluster_clear(struct store *st);

/* The pinned peer: the one other hapaird whose peer-channel certificate
 * this node trusts (peer_server.c, peer_client.c).  At most one. -------- */
struct store_peer {
	char name[64];             /* its node name */
	char address[64];          /* where its peer channel answers */
	uint16_t port;
	char fingerprint[96];      /* SHA-256 of its certificate, "AB:CD:..." */
	int64_t pinned_us;         /* wall clock */
};
/* -ENOENT when no peer is pinned. */
int store_peer_get(struct store *st, struct store_peer *out);
/* Pins P, replacing any earlier pin. */
int store_peer_set(struct store *st, const struct store_peer *p);
/* Forgets the pin; 0 also when there was none. */
int store_peer_delete(struct store *st);

#endif
