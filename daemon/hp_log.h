/* hp_log: the daemon's logging, in the OpenBSD log.c manner.
 *
 * To stderr with -d, to syslog otherwise.  log_warn appends strerror(errno),
 * log_warnx does not.  Only daemon code logs: library code (heartbeat/,
 * failover/, and the pure parts of daemon/) returns errors instead.
 * GLib's own messages (libsoup, GIO) are routed here too. */
#ifndef HP_LOG_H
#define HP_LOG_H

#include <stdbool.h>
#include <syslog.h>

void log_init(const char *ident, bool to_stderr, int min_priority);

void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Cannot continue: log at LOG_CRIT and exit(1). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
