/* drbd_watch: hapaird's eyes on DRBD (see drbd_watch.c).
 *
 * While [data] device is not "none", a `drbdsetup events2` child feeds
 * failover/drbd_events; state changes become events, a split brain an
 * error event and a persisted flag, and drbd_watch_status() the "drbd"
 * member of the status document.  The pure parts (rate, status JSON, the
 * persisted flag's JSON) are declared here for the unit test. */
#ifndef HP_DRBD_WATCH_H
#define HP_DRBD_WATCH_H

#include <json-glib/json-glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "drbd_events.h"
#include "drbd_res.h"

struct hpd;

/* The one resource hapair manages (the lab's r0 too). */
#define DRBD_WATCH_RESOURCE      DRBD_RESOURCE_DEFAULT
/* node-local setting: JSON {resource, peer, since_us}, "" when none */
#define DRBD_WATCH_SETTING_SB    "drbd.split_brain"

struct drbd_watch_sb {
	bool set;
	char resource[DRBD_EV_NAME_MAX];
	char peer[DRBD_EV_NAME_MAX];
	int64_t since_us;          /* wall clock, µs since the epoch */
};

/* Starts watching when d->cfg.data_device is not "none"; never fails:
 * a missing drbdsetup or module is retried and logged. */
void drbd_watch_start(struct hpd *d);
void drbd_watch_stop(struct hpd *d);
/* NULL when there is no data device, else the resource's state. */
JsonNode *drbd_watch_status(struct hpd *d);

/* The replication as jobs that wait on it read it: "" for what is not
 * known, percent and rate < 0 when no sync runs or it is unknown. */
struct drbd_watch_sync {
	char connection[32];       /* "Connected", "SyncSource", "StandAlone", ... */
	char disk[32];             /* this node's: "UpToDate", "Inconsistent", ... */
	char peer_disk[32];
	double percent;
	int64_t rate_kib_s;
	int64_t out_of_sync_kib;   /* < 0: unknown */
	bool split_brain;          /* reported and not yet repaired */
};
/* false when there is no data device. */
bool drbd_watch_sync_state(struct hpd *d, struct drbd_watch_sync *out);

/* ------------------------------------------------------------- pure */
/* KiB/s from two out-of-sync samples (monotonic µs); -1 when unknown
 * (no earlier sample, no time between them); 0 when out-of-sync grew. */
double drbd_watch_rate_kib_s(uint64_t prev_oos_kib, int64_t prev_us,
    uint64_t oos_kib, int64_t now_us);
/* The status object for R (NULL: the resource does not exist), with SB
 * (NULL or !set: no split brain) and the rate (< 0: null). */
JsonNode *drbd_watch_status_json(const char *resource,
    const struct drbd_ev_resource *r, const struct drbd_watch_sb *sb,
    double rate_kib_s);
/* The persisted flag; "" for none.  g_free() the result. */
char *drbd_watch_sb_to_json(const struct drbd_watch_sb *sb);
/* 0 (sb->set false for "" ), or -EINVAL. */
int drbd_watch_sb_from_json(const char *json, struct drbd_watch_sb *sb);

/* A split brain the parser reports on R, not yet in SB: fill SB, true. */
bool drbd_watch_sb_note(const struct drbd_ev_resource *r, const char *peer,
    int64_t now_us, struct drbd_watch_sb *sb);
/* Does R show the repair of the split brain in SB (a replication state
 * other than Off: the handshake succeeded)? */
bool drbd_watch_sb_repaired(const struct drbd_ev_resource *r,
    const struct drbd_watch_sb *sb);

#endif
