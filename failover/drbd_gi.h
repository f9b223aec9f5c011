/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_gi: DRBD's generation identifiers (the data generation UUIDs and the
 * meta-data flags) parsed from what DRBD prints.  Split-brain repair reads
 * them on both nodes to tell which side has changes since the split
 * (sb_recommend.c).  Pure: text in, struct out; no I/O, no logging.
 *
 * Three texts carry them:
 *  - `drbdadm get-gi RES` / `drbdsetup get-gi MINOR` (8.4) and
 *    `drbdsetup get-gi RES PEER_NODE_ID VOLUME` (9): one line,
 *      8.4: CURRENT:BITMAP:HISTORY1:HISTORY2:c:u:p:n:f:o:x
 *           consistent, was-up-to-date, primary-ind, connected-ind,
 *           full-sync, peer-out-dated, crashed-primary
 *      9:   CURRENT:BITMAP:HISTORY1:HISTORY2:c:u:p:x:a:d:q:n:o:e:f:s
 *           consistent, was-up-to-date, primary-ind, crashed-primary,
 *           al-clean, al-disabled, primary-lost-quorum, then the flags
 *           towards that peer: connected, outdated, fencing, full-sync,
 *           device-seen
 *    (UUIDs as 16 upper-case hex digits; drbd-utils' dt_print_uuids and
 *    dt_print_v9_uuids).  The dialect is told by the number of flags.
 *  - `show-gi`: the same line inside an ASCII legend; 8.4 adds a line
 *    `flags: Primary, StandAlone, UpToDate` and `meta-data: clean`.
 *  - the kernel log at every connection handshake (drbd_uuid_dump, 8.4 and
 *    9 alike): `self CURRENT:BITMAP:H1:H2 bits:N flags:X` and the same with
 *    `peer`.  Only this one has the bitmap's weight (bits set, one bit per
 *    4 KiB block); the flags there are the handshake's UUID flags.
 *
 * A UUID's lowest bit is not part of it: DRBD sets it while the node is
 * primary (UUID_PRIMARY) and masks it off in every comparison;
 * drbd_gi_uuid() does the same.
 */
#ifndef HP_DRBD_GI_H
#define HP_DRBD_GI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRBD_GI_HISTORY_MAX   2     /* get-gi prints two history UUIDs */
#define DRBD_GI_FLAGS_84      7
#define DRBD_GI_FLAGS_9       12
#define DRBD_GI_BIT_KIB       4     /* one bitmap bit covers 4 KiB */
/* A fresh `create-md` (no data yet; drbd.h UUID_JUST_CREATED). */
#define DRBD_GI_UUID_JUST_CREATED  UINT64_C(4)

enum drbd_gi_source {
	DRBD_GI_SRC_84 = 1,         /* get-gi / show-gi, DRBD 8.4 */
	DRBD_GI_SRC_9,              /* get-gi / show-gi, DRBD 9 */
	DRBD_GI_SRC_KERNEL_LOG,     /* drbd_uuid_dump: self/peer ... bits: */
};

struct drbd_gi {
	enum drbd_gi_source source;
	uint64_t current_uuid;
	uint64_t bitmap_uuid;       /* 0: no bitmap, in sync with the peer */
	uint64_t history_uuid[DRBD_GI_HISTORY_MAX];

	/* The meta-data flags (get-gi, show-gi). */
	bool has_flags;
	bool consistent;
	bool was_uptodate;
	bool primary_ind;           /* primary now, or when it went down */
	bool crashed_primary;
	bool connected_ind;         /* 8.4: disk flag; 9: towards this peer */
	bool full_sync;
	bool peer_outdated;
	bool al_clean;              /* 9; 8.4 show-gi "meta-data: clean" */
	bool has_al_clean;
	bool al_disabled;           /* 9 */
	bool primary_lost_quorum;   /* 9 */
	bool peer_fencing;          /* 9 */
	bool peer_device_seen;      /* 9 */

	/* The kernel log only. */
	bool has_bits;
	uint64_t bits_set;          /* blocks out of sync with the peer */
	uint64_t out_of_sync_kib;   /* bits_set * 4 */
	uint64_t uuid_flags;        /* the handshake's UI_FLAGS word */
	bool is_peer;               /* a `peer` line: the peer's view */
};

/* Parse the output of get-gi or show-gi (8.4 or 9, told apart by the flag
 * count).  The text must hold exactly one generation-identifier line: a
 * resource with several volumes is asked per volume.  0, or -EINVAL with a
 * sentence in err. */
int drbd_gi_parse(const char *text, struct drbd_gi *out, char *err,
    size_t errlen);

/* Parse one kernel log line with drbd_uuid_dump's `self ...` or `peer ...`
 * (any prefix: timestamp, "drbd r0:", "drbd r0/0 drbd0 node2:").  0, or
 * -ENOENT when the line is not such a dump, -EINVAL when it is but does
 * not parse. */
int drbd_gi_parse_uuid_dump(const char *line, struct drbd_gi *out, char *err,
    size_t errlen);

/* A UUID as DRBD compares it: without the primary bit. */
static inline uint64_t
drbd_gi_uuid(uint64_t uuid)
{
	return uuid & ~UINT64_C(1);
}

#endif
