/* SPDX-License-Identifier: GPL-2.0-or-later */
/* takeover: may the passive node become active now?  The verdict.
 *
 * A takeover ("Übernahme") swaps the roles of a healthy pair: both nodes
 * online, the passive node's data UpToDate, nothing else running, the
 * cluster managing its resources.  Each refusal says why and what to do;
 * during a resync it says how far the sync is and how long it will take.
 *
 * Pure: the daemon gathers the facts (store, Pacemaker snapshot, DRBD
 * watcher, job runner); tests feed them directly. */
#ifndef HP_TAKEOVER_H
#define HP_TAKEOVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct takeover_facts {
	bool clustered;             /* this node is part of a cluster */
	bool stack_up;              /* Pacemaker answers on this node */
	const char *local;          /* this node's name */
	const char *peer;           /* the other node's name */
	bool peer_online;           /* Pacemaker sees the peer online */
	const char *active;         /* where the service runs; "" or NULL: nowhere */
	bool maintenance;           /* cluster-wide maintenance mode */
	bool target_standby;        /* the node to become active is in standby */
	/* ... has not finished Pacemaker's join (a node that just came back) */
	bool target_pending;
	bool has_data;              /* a DRBD data volume is replicated */
	/* The data of the node to become active, as DRBD on this node sees
	 * it (its own disk, or its peer disk): "UpToDate", "Inconsistent"... */
	const char *target_disk;
	double sync_percent;        /* < 0: no sync running */
	int64_t rate_kib_s;         /* <= 0: unknown */
	int64_t out_of_sync_kib;    /* < 0: unknown */
	const char *job_kind;       /* the running job, NULL when none */
	int64_t job_id;
	bool via_failover_ip_required; /* the API: only through the failover IP */
	bool via_failover_ip;
	const char *failover_ip;    /* for the message: "10.98.0.10" */
	const char *request_address;/* the address the request reached */
};

/* 0 and the node to become active in TARGET, or -EPERM / -EBUSY with the
 * reason and what to do in WHY. */
int takeover_check(const struct takeover_facts *f, char *target, size_t targetlen,
    char *why, size_t whylen);

/* "about 3 min", "about 40 s", "about 2 h 5 min" for SECONDS left. */
void takeover_eta_text(int64_t seconds, char *buf, size_t len);

#endif
