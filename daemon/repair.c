/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repair: the split-brain repair verdict (see repair.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "repair.h"

static int repair_refuse(int rc, char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
repair_refuse(int rc, char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return rc;
}

int
repair_check(const struct repair_facts *f, char *victim, size_t victimlen,
    char *why, size_t whylen)
{
	const char *v;

	if (!f->clustered)
		return repair_refuse(-EPERM, why, whylen, "%s is not part of a cluster: there is "
		    "no split brain to repair", f->local);
	if (!f->has_data)
		return repair_refuse(-EPERM, why, whylen, "this pair replicates no data volume "
		    "([data] device = none): there is no split brain to repair");
	if (f->survivor == NULL || *f->survivor == '\0')
		return repair_refuse(-EINVAL, why, whylen, "choose the survivor: --survivor %s "
		    "or --survivor %s (see the recommendation in hapairctl status)", f->local,
		    f->peer);
	if (strcmp(f->survivor, f->local) == 0)
		v = f->peer;
	else if (strcmp(f->survivor, f->peer) == 0)
		v = f->local;
	else {
		snprintf(why, whylen, "'%s' is not a node of this pair: the survivor is %s "
		    "or %s", f->survivor, f->local, f->peer);
		return -EINVAL;
	}
	if (f->job_kind != NULL) {
		snprintf(why, whylen, "job %lld (%s) is running: wait for it to end",
		    (long long)f->job_id, f->job_kind);
		return -EBUSY;
	}
	if (!f->split_brain)
		return repair_refuse(-EPERM, why, whylen, "DRBD reports no split brain: the data "
		    "of %s and %s is not split, nothing to repair", f->local, f->peer);
	if (!f->stack_up)
		return repair_refuse(-EPERM, why, whylen, "Pacemaker does not answer on %s: "
		    "start the cluster stack on it (restart the node) first", f->local);
	if (!f->peer_online)
		return repair_refuse(-EPERM, why, whylen, "the peer %s is offline: the repair "
		    "resyncs one node from the other, so both must be up; power %s on first",
		    f->peer, f->peer);
	if (f->maintenance)
		return repair_refuse(-EPERM, why, whylen, "the cluster is in maintenance mode: "
		    "the repair needs Pacemaker to stop the victim's services; turn maintenance "
		    "off first (hapairctl maintenance off)");
	snprintf(victim, victimlen, "%s", v);
	return 0;
}

void
repair_fallback_text(const char *survivor, char *buf, size_t len)
{
	snprintf(buf, len, "the split brain is not repaired; try again, or keep %s's data "
	    "without the repair: dissolve the cluster keeping %s (hapairctl dissolve --keep "
	    "%s), then create it again from %s", survivor, survivor, survivor, survivor);
}
