/* drbd_events: the state of DRBD resources, followed from the output of
 * `drbdsetup events2 [--timestamps] [--statistics] all`.
 *
 * The daemon runs events2 as a child process and feeds whatever bytes its
 * pipe yields; lines may arrive split across chunks.  The parser keeps, per
 * resource, the local role, each connection (state, peer role), each device
 * (disk state) and each peer device (replication state, peer disk state,
 * resync-suspended, sync progress), and derives a split brain.  It is pure:
 * no I/O, no clock, no logging.  A malformed line is skipped and counted,
 * never fatal: a parser that stops following DRBD is a blind HA daemon.
 *
 * Both dialects are handled: DRBD 9, and DRBD 8.4 as drbd-utils 9 prints it
 * (8.4's WFConnection appears as connection:Connecting, its SyncSource and
 * friends as replication:..., one connection with peer-node-id:0).  `change`
 * lines carry only the fields that changed; fields not on a line keep their
 * value.  `exists -` ends the initial dump: from then on the state is
 * complete.
 *
 * Sync progress: DRBD 9 prints `done:PERCENT` on peer devices while they
 * sync, and with --statistics `out-of-sync:KIB` (and received, sent, ...).
 * With the 8.4 kernel, drbd-utils 9.22 prints no done: at all, and the
 * stream has no event between the start and the end of a sync; --statistics
 * adds out-of-sync:KIB to every line, and `drbdsetup events2 --now
 * --statistics` shows it falling.  So on 8.4 the daemon polls --now while a
 * peer device syncs and feeds the dump into the same parser (exists lines
 * update like change lines); progress is out-of-sync against the
 * out-of-sync when the sync started (drbd_ev_sync_percent).
 *
 * Connections of DRBD 8.4: drbd-utils reports 8.4's WFConnection as
 * Connecting and WFReportParams (the handshake) already as Connected; when
 * the connection falls to StandAlone it is destroyed (`destroy connection`)
 * although `--now` then lists it as `exists connection ...
 * connection:StandAlone`.  drbd_ev_cstate() therefore reads a resource
 * without connections as StandAlone.
 *
 * Split brain, the rule (the captures behind it: tests/fixtures/events2/):
 * a `call helper ... helper:split-brain` line.  DRBD calls that helper only
 * for a split brain its after-sb policies left unresolved ("Split-Brain
 * detected but unresolved, dropping connection!" in the kernel log), right
 * before it drops the connection to StandAlone.  events2 prints the call on
 * DRBD 9 and on the 8.4.11 kernel with drbd-utils 9.22 alike (captured in
 * the uml lab).  `initial-split-brain` is called for every split brain,
 * resolved or not (and again in the handshake of `connect
 * --discard-my-data`): it is recorded but does not set the flag.  Neither
 * the state words nor a --now dump tell a split brain from an operator's
 * disconnect: both are StandAlone with replication Off, so the flag is an
 * event and hapaird must persist it; a parser started after the split brain
 * cannot see it.  The flag lives on the resource (8.4 destroys the
 * connection) and clears when a peer device of the resource leaves Off for
 * a replication state (Established, WFBitMap*, Sync*): the handshake of a
 * repair succeeded.  It also goes with `destroy resource`.
 */
#ifndef HP_DRBD_EVENTS_H
#define HP_DRBD_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRBD_EV_NAME_MAX        64   /* resource and connection names */
#define DRBD_EV_STATE_MAX       24   /* "Disconnecting", "VerifyS", ... */
#define DRBD_EV_VOLUMES_MAX     16
#define DRBD_EV_PEERS_MAX       8    /* a pair has 1; DRBD 9 allows 31 */
#define DRBD_EV_RESOURCES_MAX   64
/* A line longer than this is malformed: real lines are < 600 bytes. */
#define DRBD_EV_LINE_MAX        4096

/* The state words hapair compares against (DRBD's own spelling). */
#define DRBD_EV_ROLE_PRIMARY        "Primary"
#define DRBD_EV_ROLE_SECONDARY      "Secondary"
#define DRBD_EV_CONN_STANDALONE     "StandAlone"
#define DRBD_EV_CONN_CONNECTING     "Connecting"
#define DRBD_EV_CONN_CONNECTED      "Connected"
#define DRBD_EV_DISK_UPTODATE       "UpToDate"
#define DRBD_EV_REPL_ESTABLISHED    "Established"
#define DRBD_EV_REPL_OFF            "Off"
#define DRBD_EV_HELPER_SPLIT_BRAIN  "split-brain"
#define DRBD_EV_HELPER_INITIAL_SB   "initial-split-brain"

enum drbd_ev_role {
	DRBD_EV_ROLE_UNKNOWN = 0,
	DRBD_EV_ROLE_IS_PRIMARY,
	DRBD_EV_ROLE_IS_SECONDARY,
};

struct drbd_ev_peer_device {
	int volume;
	char replication[DRBD_EV_STATE_MAX]; /* Off, Established, SyncSource... */
	char peer_disk[DRBD_EV_STATE_MAX];   /* UpToDate, DUnknown, ... */
	bool resync_suspended;
	bool has_done;              /* DRBD 9 prints done: while syncing */
	double done_pct;
	bool has_out_of_sync;       /* --statistics */
	uint64_t out_of_sync_kib;
	uint64_t sync_start_oos_kib;/* out-of-sync when the sync began (8.4) */
};

struct drbd_ev_connection {
	int peer_node_id;
	char conn_name[DRBD_EV_NAME_MAX];    /* "" when events2 gave none */
	char cstate[DRBD_EV_STATE_MAX];
	enum drbd_ev_role peer_role;
	size_t n_peer_devices;
	struct drbd_ev_peer_device peer_devices[DRBD_EV_VOLUMES_MAX];
};

struct drbd_ev_device {
	int volume;
	int minor;
	char disk[DRBD_EV_STATE_MAX];        /* UpToDate, Inconsistent, ... */
};

struct drbd_ev_resource {
	char name[DRBD_EV_NAME_MAX];
	enum drbd_ev_role role;
	bool suspended;
	size_t n_devices;
	struct drbd_ev_device devices[DRBD_EV_VOLUMES_MAX];
	size_t n_connections;
	struct drbd_ev_connection connections[DRBD_EV_PEERS_MAX];
	bool split_brain;           /* call helper split-brain, not repaired yet */
	int64_t split_brain_at_us;  /* line timestamp, else drbd_ev_set_time */
	int split_brain_peer;       /* peer-node-id of the helper call */
	bool initial_split_brain;   /* initial-split-brain seen since Off */
};

struct drbd_ev_parser;

/* Called after each line that changed a resource (resource name), and with
 * name NULL when the initial dump ends.  Runs inside drbd_ev_feed: it may
 * read the parser, not feed it. */
typedef void (*drbd_ev_change_cb)(const char *resource, void *user_data);

struct drbd_ev_parser *drbd_ev_parser_new(void);
void drbd_ev_parser_free(struct drbd_ev_parser *p);
void drbd_ev_set_callback(struct drbd_ev_parser *p, drbd_ev_change_cb cb,
    void *user_data);
/* The wall-clock time (µs since the epoch) to record for events on lines
 * without --timestamps; the daemon sets it before each feed. */
void drbd_ev_set_time(struct drbd_ev_parser *p, int64_t unix_us);

/* Feed any chunk of events2 output.  0, or -EINVAL when at least one
 * complete line in the chunk was malformed (skipped and counted). */
int drbd_ev_feed(struct drbd_ev_parser *p, const char *buf, size_t len);

/* True once `exists -` was seen. */
bool drbd_ev_complete(const struct drbd_ev_parser *p);
unsigned drbd_ev_bad_lines(const struct drbd_ev_parser *p);
/* True when some resource changed since the last call; clears the flag. */
bool drbd_ev_take_changed(struct drbd_ev_parser *p);

/* NULL when the resource does not exist (or was destroyed). */
const struct drbd_ev_resource *drbd_ev_resource(const struct drbd_ev_parser *p,
    const char *name);
size_t drbd_ev_n_resources(const struct drbd_ev_parser *p);
const struct drbd_ev_resource *drbd_ev_resource_at(const struct drbd_ev_parser *p,
    size_t i);

/* Derived, pure on the state. */
bool drbd_ev_split_brain(const struct drbd_ev_resource *r);
/* The first connection's state; StandAlone when there is none. */
const char *drbd_ev_cstate(const struct drbd_ev_resource *r);
/* Sync progress of a peer device in percent, or -1 when not syncing. */
double drbd_ev_sync_percent(const struct drbd_ev_peer_device *pd);
bool drbd_ev_repl_is_syncing(const char *replication);

#endif
