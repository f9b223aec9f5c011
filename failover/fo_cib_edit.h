/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_edit: the small changes operating the pair makes to the live CIB
 * through libcib: where the service prefers to run (takeover), per-node
 * standby (restart, shut down, node maintenance) and cluster-wide
 * maintenance mode.  Each is one CIB update that Pacemaker then acts on;
 * nothing here moves a resource by hand.
 *
 * Blocking (IPC to the CIB manager): call from a worker thread, one at a
 * time with the process's other Pacemaker calls (fo_cib_status.h). */
#ifndef HP_FO_CIB_EDIT_H
#define HP_FO_CIB_EDIT_H

#include <stdbool.h>
#include <stddef.h>

/* How strongly the service is sent to a node (FO_ID_LOC_PREFER).
 * FO_PREFER_MOVE outweighs the stickiness of every resource in the
 * service group together: the service moves there now.  FO_PREFER_STAY
 * (FO_PREFER_SCORE) is below one resource's stickiness: once the service
 * runs there, it stays, and a node that comes back takes nothing back. */
enum fo_prefer {
	FO_PREFER_STAY,
	FO_PREFER_MOVE,
};

/* The service group prefers NODE with STRENGTH.  0, or -errno with ERR
 * (-ENOTCONN: no CIB manager on this node). */
int fo_cib_set_preference(const char *node, enum fo_prefer strength, char *err,
    size_t errlen);

/* NODE in standby (ON) or not, permanently: it survives the node's
 * restart, as an operator's standby must.  0 or -errno with ERR (-ENOENT:
 * no such node in the CIB). */
int fo_cib_set_standby(const char *node, bool on, char *err, size_t errlen);

/* The service group's target role: RUN false stops it everywhere (the
 * services, the IP and the file system, unmounted), true lets it run. */
int fo_cib_set_service_running(bool run, char *err, size_t errlen);

/* Cluster-wide maintenance mode: Pacemaker stops managing (starting,
 * stopping, monitoring) every resource, which keeps running as it is. */
int fo_cib_set_maintenance(bool on, char *err, size_t errlen);

/* Remove the constraints DRBD's crm-fence-peer handler adds
 * (FO_ID_DRBD_FENCE_PREFIX...): they keep the Promoted role on the node
 * that was Primary when the peer was lost.  After a split brain the
 * operator's choice of survivor overrules them; the handler's own
 * crm-unfence-peer would only remove them after a resync the split brain
 * prevents.  0 (also when there are none) or -errno with ERR. */
int fo_cib_remove_drbd_fence(char *err, size_t errlen);

#endif
