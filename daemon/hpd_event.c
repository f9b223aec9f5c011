/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hpd_event: one call that records an event and logs it, so the event log
 * and syslog never disagree about what happened. */
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>

#include "hp_log.h"
#include "hpd.h"

void
hpd_event(struct hpd *d, enum ev_severity sev, const char *subsystem,
    int64_t job_id, const char *fmt, ...)
{
	struct ev_event ev = { 0 };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ev.message, sizeof(ev.message), fmt, ap);
	va_end(ap);
	g_strlcpy(ev.node, d->cfg.node_name, sizeof(ev.node));
	g_strlcpy(ev.subsystem, subsystem, sizeof(ev.subsystem));
	ev.severity = sev;
	ev.job_id = job_id;

	switch (sev) {
	case EV_DEBUG: log_debug("%s: %s", subsystem, ev.message); break;
	case EV_INFO: log_info("%s: %s", subsystem, ev.message); break;
	case EV_NOTICE: log_notice("%s: %s", subsystem, ev.message); break;
	case EV_WARNING: log_warnx("%s: %s", subsystem, ev.message); break;
	default: log_err("%s: %s", subsystem, ev.message); break;
	}
	if (d->store != NULL && store_event_add(d->store, &ev) != 0)
		log_warnx("event log: could not store the event above");
}
