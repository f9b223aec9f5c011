/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_recommend: which node should survive a DRBD split brain, and why, in
 * one sentence an operator can check before pressing "Repair split brain".
 *
 * Inputs per node: its generation identifiers (drbd_gi.h), the KiB its
 * bitmap marks as changed since the split (out-of-sync towards the peer:
 * /proc/drbd oos:, events2 --statistics out-of-sync:, or the kernel's
 * bits: x 4) and the time of its last write.  Pure: no clock, no time
 * zone, no I/O; the caller passes the offset to local time, so the same
 * inputs always give the same sentence.
 *
 * The recommendation is advice: the operator confirms it or picks the other
 * node, and hapair never repairs without that confirmation.  Where the data
 * cannot tell (both sides changed about the same, unrelated data, history
 * diverged further back than one split) it recommends nothing and says what
 * each side has.
 */
#ifndef HP_SB_RECOMMEND_H
#define HP_SB_RECOMMEND_H

#include <stdint.h>

#include "drbd_gi.h"

#define SB_NODES            2
#define SB_KEEP_NONE        (-1)
#define SB_EXPLANATION_MAX  640
/* Both sides changed and the smaller amount is within this percentage of
 * the larger: "comparable", the amounts do not point to a survivor. */
#define SB_COMPARABLE_PCT   10

/* How the two sides' data descend from each other, after DRBD's own
 * handshake (drbd_uuid_compare; the mapping is in sb_recommend.c). */
enum sb_relation {
	SB_REL_SAME = 1,        /* same current UUID: no new generation */
	SB_REL_FIRST_NEWER,     /* side 0 moved on, side 1 is its ancestor */
	SB_REL_SECOND_NEWER,    /* side 1 moved on, side 0 is its ancestor */
	SB_REL_SPLIT,           /* both moved on from the same base (rule 90) */
	SB_REL_SPLIT_EARLIER,   /* common UUID only in history (rule 100) */
	SB_REL_UNRELATED,       /* no common UUID at all (-1000) */
};

/* What kind of recommendation it is; every kind but the last four names a
 * node to keep. */
enum sb_kind {
	SB_KIND_ONE_CHANGED = 1,    /* keep the side that changed; nothing lost */
	SB_KIND_NEITHER_CHANGED,    /* keep either; nothing lost */
	SB_KIND_OTHER_UNUSABLE,     /* the other side's data is not consistent */
	SB_KIND_BOTH_CHANGED,       /* keep the larger; the other's changes go */
	SB_KIND_BOTH_COMPARABLE,    /* none: the operator chooses */
	SB_KIND_SPLIT_EARLIER,      /* none: amounts unknown, operator chooses */
	SB_KIND_UNRELATED,          /* none: the operator chooses */
	SB_KIND_NONE_USABLE,        /* none: neither side is consistent */
};

struct sb_side {
	const char *name;           /* the node name the operator knows */
	struct drbd_gi gi;          /* its own get-gi */
	uint64_t changed_kib;       /* out of sync towards the peer */
	int64_t last_write_s;       /* unix seconds; 0 = unknown */
};

struct sb_recommendation {
	int keep;                   /* index into the sides, or SB_KEEP_NONE */
	enum sb_kind kind;
	enum sb_relation relation;
	uint64_t discarded_kib;     /* what keeping `keep` throws away */
	char explanation[SB_EXPLANATION_MAX];
};

/* The relation of two nodes' generation identifiers. */
enum sb_relation sb_relation(const struct drbd_gi *first,
    const struct drbd_gi *second);

/* Recommend a survivor.  utc_offset_s: local time minus UTC for the HH:MM
 * in the sentence (0 prints UTC).  0, or -EINVAL when a name is missing or
 * both names are the same. */
int sb_recommend(const struct sb_side sides[SB_NODES], int utc_offset_s,
    struct sb_recommendation *out);

#endif
