/* SPDX-License-Identifier: GPL-2.0-or-later */
/* operate: the maintenance switches, shared by hapairctl (ctl_server.c)
 * and the API (api_operate.c) so both accept and refuse the same way.
 *
 * Both are single CIB updates (fo_cib_edit.h), not jobs: Pacemaker acts
 * on them; the status shows the effect.
 * - Cluster-wide maintenance mode: Pacemaker leaves every resource as it
 *   is (no start, stop, monitor, failover) while the services are worked on.
 * - Node standby: the node runs nothing; the service moves to the other
 *   node first.  It is kept in the configuration, so it survives the
 *   node's restart until it is turned off. */
#ifndef HP_OPERATE_H
#define HP_OPERATE_H

#include <stdbool.h>
#include <stddef.h>

#include "cib_async.h"
#include "hpd.h"

/* DONE is called once from the loop (also for a refusal, with -EPERM /
 * -EINVAL and the reason).  The change is logged as an event. */
void operate_maintenance(struct hpd *d, bool on, cib_async_done_fn done, void *arg);

/* NODE (this node or its peer) into standby or out of it.  Putting the
 * only online node that can run the service into standby stops the
 * service: refused unless FORCE. */
void operate_standby(struct hpd *d, const char *node, bool on, bool force,
    cib_async_done_fn done, void *arg);

struct cluster_snap;

/* Pure: may NODE go into standby, as snapshot S shows the pair (NULL:
 * none read yet)?  Not while OTHER, the node that would be left, is
 * offline, in standby or still joining (Pacemaker's join pending): the
 * service would stop.  0, or -EPERM with why and what to do in WHY. */
int operate_standby_verdict(const struct cluster_snap *s, const char *node, const char *other,
    char *why, size_t whylen);

#endif
