/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hp_log: stderr or syslog, one meaning per level (see hp_log.h).
 * Must never allocate on the failure paths it reports, beyond vsnprintf. */
#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hp_log.h"

static bool log_to_stderr = true;
static int log_min_priority = LOG_INFO;

static const char *
log_prio_name(int prio)
{
	switch (prio) {
	case LOG_DEBUG: return "debug";
	case LOG_INFO: return "info";
	case LOG_NOTICE: return "notice";
	case LOG_WARNING: return "warning";
	case LOG_ERR: return "error";
	default: return "crit";
	}
}

static void
log_vwrite(int prio, const char *fmt, va_list ap, int errnum)
{
	char msg[1024];
	int n;

	if (prio > log_min_priority)
		return;
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errnum != 0 && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(errnum));
	if (log_to_stderr) {
		struct timespec ts;
		struct tm tm;
		char when[32];

		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s.%03ldZ %s: %s\n", when, ts.tv_nsec / 1000000,
		    log_prio_name(prio), msg);
	} else {
		syslog(prio, "%s", msg);
	}
}

static void
log_write(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(prio, fmt, ap, 0);
	va_end(ap);
}

/* libsoup and GIO report through g_log: give them the same destination. */
static void
log_glib_handler(const gchar *domain, GLogLevelFlags level, const gchar *message,
    gpointer user_data)
{
	int prio = LOG_DEBUG;

	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		prio = LOG_ERR;
	else if (level & G_LOG_LEVEL_WARNING)
		prio = LOG_WARNING;
	else if (level & G_LOG_LEVEL_MESSAGE)
		prio = LOG_NOTICE;
	else if (level & G_LOG_LEVEL_INFO)
		prio = LOG_INFO;
	log_write(prio, "%s%s%s", domain ? domain : "", domain ? ": " : "", message);
}

void
log_init(const char *ident, bool to_stderr, int min_priority)
{
	log_to_stderr = to_stderr;
	log_min_priority = min_priority;
	if (!to_stderr)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	g_log_set_default_handler(log_glib_handler, NULL);
}

#define LOG_FN(name, prio, with_errno)					\
	void name(const char *fmt, ...)					\
	{								\
		int saved = errno;					\
		va_list ap;						\
		va_start(ap, fmt);					\
		log_vwrite(prio, fmt, ap, with_errno ? saved : 0);	\
		va_end(ap);						\
		errno = saved;						\
	}
LOG_FN(log_debug, LOG_DEBUG, 0)
LOG_FN(log_info, LOG_INFO, 0)
LOG_FN(log_notice, LOG_NOTICE, 0)
LOG_FN(log_warn, LOG_WARNING, 1)
LOG_FN(log_warnx, LOG_WARNING, 0)
LOG_FN(log_err, LOG_ERR, 0)

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, saved);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap, 0);
	va_end(ap);
	exit(1);
}
