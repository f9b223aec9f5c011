/* SPDX-License-Identifier: GPL-2.0-or-later */
/* takeover: the verdict on a takeover request (see the header). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "takeover.h"

static bool
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

void
takeover_eta_text(int64_t seconds, char *buf, size_t len)
{
	if (seconds < 60)
		snprintf(buf, len, "about %lld s", (long long)(seconds < 1 ? 1 : seconds));
	else if (seconds < 3600)
		snprintf(buf, len, "about %lld min", (long long)((seconds + 30) / 60));
	else
		snprintf(buf, len, "about %lld h %lld min", (long long)(seconds / 3600),
		    (long long)(seconds % 3600 / 60));
}

/* Why the target's data is not good enough, into WHY. */
static void
takeover_data_why(const struct takeover_facts *f, const char *target, char *why,
    size_t whylen)
{
	char eta[48] = "";

	if (f->sync_percent >= 0) {
		if (f->rate_kib_s > 0 && f->out_of_sync_kib >= 0) {
			char t[40];

			takeover_eta_text(f->out_of_sync_kib / f->rate_kib_s, t, sizeof(t));
			snprintf(eta, sizeof(eta), ", %s left", t);
		}
		snprintf(why, whylen, "%s's data is not UpToDate yet (%s): the sync is %.1f %% "
		    "done%s; take over when it has finished", target,
		    empty(f->target_disk) ? "unknown" : f->target_disk, f->sync_percent, eta);
	} else {
		snprintf(why, whylen, "%s's data is %s, not UpToDate, and no sync is running: "
		    "check the replication link (eth1) and the data volume on %s", target,
		    empty(f->target_disk) ? "unknown" : f->target_disk, target);
	}
}

int
takeover_check(const struct takeover_facts *f, char *target, size_t targetlen,
    char *why, size_t whylen)
{
	const char *to;

	*target = '\0';
	if (f->via_failover_ip_required && !f->via_failover_ip) {
		snprintf(why, whylen, "a takeover is allowed only through the failover IP%s%s: "
		    "this request reached %s; open the failover IP's address", empty(f->failover_ip)
		    ? "" : " ", empty(f->failover_ip) ? "" : f->failover_ip,
		    empty(f->request_address) ? "a node's own address" : f->request_address);
		return -EPERM;
	}
	if (!f->clustered) {
		snprintf(why, whylen, "this node is not part of a cluster: create one first");
		return -EPERM;
	}
	if (f->job_kind != NULL) {
		snprintf(why, whylen, "busy: job %lld (%s) is running; try again when it has "
		    "finished", (long long)f->job_id, f->job_kind);
		return -EBUSY;
	}
	if (!f->stack_up) {
		snprintf(why, whylen, "Pacemaker does not answer on %s: the cluster stack is not "
		    "running here", f->local);
		return -EPERM;
	}
	if (!f->peer_online) {
		snprintf(why, whylen, "the peer %s is offline: a takeover needs both nodes online "
		    "(if %s is down for good, the service already runs here or moves here by "
		    "itself)", f->peer, f->peer);
		return -EPERM;
	}
	if (f->maintenance) {
		snprintf(why, whylen, "the cluster is in maintenance mode, so Pacemaker moves "
		    "nothing: turn maintenance mode off first");
		return -EPERM;
	}
	if (empty(f->active)) {
		snprintf(why, whylen, "the service runs on no node: there is no active node to "
		    "take over from; check the resources in the status");
		return -EPERM;
	}
	to = strcmp(f->active, f->local) == 0 ? f->peer : f->local;
	if (f->target_standby) {
		snprintf(why, whylen, "%s is in standby and may run nothing: take it out of "
		    "standby first", to);
		return -EPERM;
	}
	if (f->target_pending) {
		snprintf(why, whylen, "%s is still joining the cluster (Pacemaker has not finished "
		    "its join) and may run nothing yet: try again in a few seconds", to);
		return -EPERM;
	}
	if (f->has_data && (empty(f->target_disk) || strcmp(f->target_disk, "UpToDate") != 0)) {
		takeover_data_why(f, to, why, whylen);
		return -EPERM;
	}
	snprintf(target, targetlen, "%s", to);
	return 0;
}
