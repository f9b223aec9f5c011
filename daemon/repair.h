/* SPDX-License-Identifier: GPL-2.0-or-later */
/* repair: may a split brain be repaired now, keeping which node?  The
 * verdict.
 *
 * Repair Split Brain discards the changes the victim made since the split
 * and resyncs it from the survivor the operator chose (after reading the
 * recommendation, sb_recommend.h).  It needs both nodes in the cluster,
 * Pacemaker managing the resources (the victim's standby is what stops
 * its services and takes its DRBD down), a replicated data volume and a
 * split brain DRBD reported; nothing else may run.
 *
 * Pure: the daemon gathers the facts; tests feed them directly. */
#ifndef HP_REPAIR_H
#define HP_REPAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct repair_facts {
	bool clustered;             /* this node is part of a cluster */
	bool stack_up;              /* Pacemaker answers on this node */
	const char *local;          /* this node's name */
	const char *peer;           /* the other node's name */
	bool peer_online;           /* Pacemaker sees the peer online */
	bool maintenance;           /* cluster-wide maintenance mode */
	bool has_data;              /* a DRBD data volume is replicated */
	bool split_brain;           /* DRBD here reported one, not yet repaired */
	const char *job_kind;       /* the running job, NULL when none */
	int64_t job_id;
	const char *survivor;       /* the operator's choice; NULL or "": none */
};

/* 0 and the node whose changes go in VICTIM, or -EINVAL (no or an unknown
 * survivor), -EPERM (not now) / -EBUSY with the reason and what to do in
 * WHY. */
int repair_check(const struct repair_facts *f, char *victim, size_t victimlen,
    char *why, size_t whylen);

/* The words a failed repair ends with: what to do instead. */
void repair_fallback_text(const char *survivor, char *buf, size_t len);

#endif
