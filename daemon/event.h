/* event: the operator-visible event log's vocabulary.
 *
 * An event is a state change or an operator action, kept in the store and
 * shown by `hapairctl log`, the API and the UI.  This file holds the pure
 * parts (severity names, time-filter parsing); writing one is store_event_add
 * or, in the daemon, hpd_event(), which also logs it. */
#ifndef HP_EVENT_H
#define HP_EVENT_H

#include <stddef.h>
#include <stdint.h>

enum ev_severity {
	EV_DEBUG = 0,
	EV_INFO,
	EV_NOTICE,
	EV_WARNING,
	EV_ERROR,
	EV_SEVERITY_COUNT
};

#define EV_MESSAGE_MAX   512
#define EV_SUBSYSTEM_MAX 32

struct ev_event {
	int64_t id;
	int64_t time_us;          /* wall clock, microseconds since the epoch */
	char node[64];
	enum ev_severity severity;
	char subsystem[EV_SUBSYSTEM_MAX];  /* "daemon", "api", "ctl", "cluster", ... */
	char message[EV_MESSAGE_MAX];
	int64_t job_id;           /* 0: not part of a job */
};

const char *ev_severity_name(enum ev_severity sev);
/* "warning" (also "warn", "err", case-insensitive) -> 0 and *out; -EINVAL otherwise. */
int ev_severity_parse(const char *name, enum ev_severity *out);

/* Parse a --since value relative to NOW_US (wall clock, us):
 * "30s", "10m", "2h", "3d" (that long ago), an epoch "@1700000000", or a
 * UTC date "2026-11-22", "2026-11-22 06:30", "2026-11-22T06:30:15".
 * 0 and *out_us, or -EINVAL. */
int ev_since_parse(const char *text, int64_t now_us, int64_t *out_us);

/* "2026-11-22 06:30:15" (UTC) */
void ev_format_time(int64_t time_us, char *buf, size_t len);

/* {"id", "time_us", "time" (ISO 8601 UTC), "node", "severity", "subsystem",
 *  "message", "job_id"}: the one JSON shape of an event, for CLI and API. */
struct _JsonNode;
struct _JsonNode *ev_to_json(const struct ev_event *ev);

#endif
