/* hpd: the state of one running hapaird, shared by its modules.
 *
 * One GLib main loop drives everything (signals, the control socket, the
 * HTTPS API, timers, child processes).  Nothing here may block it. */
#ifndef HP_HPD_H
#define HP_HPD_H

#include <glib.h>
#include <stdint.h>

#include "cfg.h"
#include "event.h"
#include "store.h"

struct api_server;
struct cluster_status;
struct ctl_server;
struct job_ctx;
struct peer_server;
struct peer_watch;

struct hpd {
	struct cfg cfg;
	struct store *store;
	GMainLoop *loop;
	int64_t start_mono_us;     /* g_get_monotonic_time() at start: uptime */
	int64_t start_wall_us;     /* g_get_real_time() at start: display only */
	struct api_server *api;
	struct ctl_server *ctl;
	struct peer_server *peer;  /* the peer channel's server (peer_server.c) */
	struct job_ctx *job;       /* the running job, or NULL (job_run.c) */
	/* stack_stop()s under way (stack.c): the stack goes down on purpose,
	 * for a job here or the peer's request, which the guard leaves be */
	unsigned stack_stops;
	struct drbd_watch *drbd;   /* the DRBD watcher, or NULL without a data device (drbd_watch.c) */
	struct cluster_status *cluster; /* the cluster snapshot poller (cluster_status.c) */
	struct peer_watch *peer_watch; /* the pinned peer's version and clock (peer_watch.c) */
	struct sb_watch *sb_watch; /* split-brain facts and recommendation (sb_watch.c) */
};

/* Write an event to the store and log it at the matching priority.
 * JOB_ID 0: not part of a job.  Never fails: a store error is logged. */
void hpd_event(struct hpd *d, enum ev_severity sev, const char *subsystem,
    int64_t job_id, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
