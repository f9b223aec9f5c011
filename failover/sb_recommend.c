/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_recommend: the survivor of a DRBD split brain (see the header).
 *
 * The order of the rules, and why:
 *  1. A side whose data is not consistent (the consistent flag is off, or
 *     its meta-data was just created) can never be a sync source: DRBD
 *     refuses it, so keep the other.  Neither consistent: nothing to keep.
 *  2. Generation identifiers first, as DRBD's handshake does
 *     (drbd_uuid_compare in drbd_receiver.c, 8.4 and 9).  No common UUID
 *     anywhere (DRBD's -1000 "Unrelated data"): the bitmaps count changes
 *     against different bases and say nothing, so recommend nothing.  A
 *     common UUID only among the history UUIDs (DRBD's -100, which even
 *     after-sb policies do not resolve): both sides moved on more than one
 *     generation apart and the bitmaps under-count, so recommend nothing;
 *     unless both newest history UUIDs are the same (same_last_sync): then
 *     the bitmaps count every change since the split and rules 3-4 apply.
 *  3. A side whose current UUID is the other's bitmap or history UUID (DRBD
 *     rules 50-80: it is the other's ancestor) has not written since the
 *     split, whatever its bitmap counts (bits left from an unfinished sync
 *     are not changes of its own).
 *  4. Otherwise a side changed when its bitmap counts any KiB.  This is
 *     DRBD's own measure: after-sb-*pri discard-zero-changes and
 *     discard-least-changes decide on the same count (drbd_bm_total_weight).
 *     - one side changed: keep it; nothing is lost.
 *     - neither: keep either, nothing is lost; prefer the newer generation,
 *       then the primary (the services run there, no switch-over), then the
 *       later writer, then the first side.
 *     - both: the one that changed more probably received more of what the
 *       appliance serves (mail, queues) while split, so keep it, and say
 *       that the other's changes are discarded.  When the amounts are
 *       within SB_COMPARABLE_PCT they do not tell, and the operator chooses.
 *  Last write times never decide where data would be lost (clocks and poll
 *  intervals make them coarse, and the later writer is not the more
 *  important one); they break a tie only when nothing is lost, and are in
 *  the sentence so the operator can match them with what users did.
 *
 * Where we differ from DRBD: two nodes forced primary on fresh meta-data
 * both have the bitmap UUID 4 ("just created"), and DRBD's rule 90 calls
 * that a split brain (seen in the uml lab); a blank start is no common
 * generation, so we call the data unrelated.  DRBD 8.4 and 9 resolve equal
 * current UUIDs by
 * the crashed-primary flags (rule 40); a split brain never has equal
 * current UUIDs, so we only use the KiB there.  DRBD's discard-younger/
 * older-primary policies use the role at the time of the handshake; we
 * use it only to break a tie where no data is lost. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sb_recommend.h"

#define SECONDS_PER_DAY   86400
#define TIME_TEXT_MAX     8         /* "HH:MM" */
#define KIB_TEXT_MAX      32        /* 18,446,744,073,709,551,615 */
#define SIDE_TEXT_MAX     160
#define N_ELEMENTS(a)     (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ relation */

/* A UUID that names data: not 0 (unset) and not "just created". */
static bool
uuid_real(uint64_t u)
{
	u = drbd_gi_uuid(u);
	return u != 0 && u != DRBD_GI_UUID_JUST_CREATED;
}

static bool
same_uuid(uint64_t a, uint64_t b)
{
	return uuid_real(a) && drbd_gi_uuid(a) == drbd_gi_uuid(b);
}

/* DRBD rules 50-60 (and 70-80 with the sides swapped): old's current data
 * generation is where new's bitmap starts, or in new's history. */
static bool
is_ancestor(const struct drbd_gi *old, const struct drbd_gi *new)
{
	if (same_uuid(old->current_uuid, new->bitmap_uuid))
		return true;
	for (int i = 0; i < DRBD_GI_HISTORY_MAX; i++)
		if (same_uuid(old->current_uuid, new->history_uuid[i]))
			return true;
	return false;
}

enum sb_relation
sb_relation(const struct drbd_gi *first, const struct drbd_gi *second)
{
	if (same_uuid(first->current_uuid, second->current_uuid))
		return SB_REL_SAME;
	if (is_ancestor(second, first))
		return SB_REL_FIRST_NEWER;
	if (is_ancestor(first, second))
		return SB_REL_SECOND_NEWER;
	/* Rule 90: both bitmaps start at the same generation, each side
	 * wrote since: a split brain the bitmaps measure. */
	if (same_uuid(first->bitmap_uuid, second->bitmap_uuid))
		return SB_REL_SPLIT;
	/* Rule 100.  DRBD compares only history with history; a bitmap UUID
	 * of one side in the other's history is the same case (one side
	 * rotated once more), so it counts too. */
	{
		uint64_t a[1 + DRBD_GI_HISTORY_MAX], b[1 + DRBD_GI_HISTORY_MAX];

		a[0] = first->bitmap_uuid;
		b[0] = second->bitmap_uuid;
		memcpy(a + 1, first->history_uuid, sizeof(first->history_uuid));
		memcpy(b + 1, second->history_uuid, sizeof(second->history_uuid));
		for (size_t i = 0; i < N_ELEMENTS(a); i++)
			for (size_t j = 0; j < N_ELEMENTS(b); j++)
				if (same_uuid(a[i], b[j]))
					return SB_REL_SPLIT_EARLIER;
	}
	return SB_REL_UNRELATED;
}

/* Both sides' newest history UUID is the same: neither finished a resync
 * since the last one they finished together, so neither bitmap was
 * cleared since, and each counts every block it wrote since the split,
 * however often its UUIDs rotated on the way (8.4's `primary --force` on
 * an Outdated disk rotates twice and drops the common bitmap UUID: DRBD's
 * rule 100, seen in the uml lab). */
static bool
same_last_sync(const struct sb_side sides[SB_NODES])
{
	return same_uuid(sides[0].gi.history_uuid[0], sides[1].gi.history_uuid[0]);
}

/* ------------------------------------------------------------ words */

/* 1234567 -> "1,234,567": operators compare amounts at a glance. */
static void
kib_text(uint64_t kib, char *buf, size_t len)
{
	char digits[KIB_TEXT_MAX];
	int n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)kib);
	size_t o = 0;

	for (int i = 0; i < n && o + 1 < len; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + 2 < len)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* HH:MM of a unix time at the given offset, without the C library's time
 * zone: the sentence must not depend on TZ of whoever computes it. */
static void
hhmm_text(int64_t unix_s, int utc_offset_s, char *buf, size_t len)
{
	int64_t s = (unix_s + utc_offset_s) % SECONDS_PER_DAY;

	if (s < 0)
		s += SECONDS_PER_DAY;
	snprintf(buf, len, "%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60));
}

/* "node2 changed 1,234 KiB (last write at 10:32)" or "node1 changed
 * nothing"; the time is left out when unknown. */
static void
side_text(const struct sb_side *side, bool changed, int utc_offset_s,
    char *buf, size_t len)
{
	char kib[KIB_TEXT_MAX], at[TIME_TEXT_MAX];

	if (!changed) {
		snprintf(buf, len, "%s changed nothing", side->name);
		return;
	}
	kib_text(side->changed_kib, kib, sizeof(kib));
	if (side->last_write_s == 0) {
		snprintf(buf, len, "%s changed %s KiB", side->name, kib);
		return;
	}
	hhmm_text(side->last_write_s, utc_offset_s, at, sizeof(at));
	snprintf(buf, len, "%s changed %s KiB (last write at %s)", side->name,
	    kib, at);
}

static void
say(struct sb_recommendation *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->explanation, sizeof(r->explanation), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ rules */

/* Consistent data that names a generation: what DRBD can sync from. */
static bool
usable(const struct drbd_gi *gi)
{
	if (gi->has_flags && !gi->consistent)
		return false;
	return uuid_real(gi->current_uuid);
}

static void
unusable_reason(const struct sb_side *side, char *buf, size_t len)
{
	if (!uuid_real(side->gi.current_uuid))
		snprintf(buf, len, "%s's DRBD meta-data was just created and "
		    "holds no data", side->name);
	else
		snprintf(buf, len, "%s's data is inconsistent (a sync to it "
		    "did not finish)", side->name);
}

/* Neither changed: any choice loses nothing; the reason for the one made. */
static int
either_choice(const struct sb_side sides[SB_NODES], enum sb_relation rel,
    int utc_offset_s, char *reason, size_t len)
{
	char at[TIME_TEXT_MAX];
	int64_t t0 = sides[0].last_write_s, t1 = sides[1].last_write_s;
	bool p0 = sides[0].gi.has_flags && sides[0].gi.primary_ind;
	bool p1 = sides[1].gi.has_flags && sides[1].gi.primary_ind;

	if (rel == SB_REL_FIRST_NEWER || rel == SB_REL_SECOND_NEWER) {
		snprintf(reason, len, " (its data generation is the newer one)");
		return rel == SB_REL_FIRST_NEWER ? 0 : 1;
	}
	if (p0 != p1) {
		snprintf(reason, len, " (the primary)");
		return p0 ? 0 : 1;
	}
	if (t0 != 0 && t1 != 0 && t0 != t1) {
		int k = t0 > t1 ? 0 : 1;
		hhmm_text(sides[k].last_write_s, utc_offset_s, at, sizeof(at));
		snprintf(reason, len, " (it wrote last, at %s)", at);
		return k;
	}
	reason[0] = '\0';
	return 0;
}

/* Both changed: keep the larger, or nobody when the amounts are close. */
static void
both_changed(const struct sb_side sides[SB_NODES], int utc_offset_s,
    struct sb_recommendation *r)
{
	char t[SB_NODES][SIDE_TEXT_MAX], lost[KIB_TEXT_MAX];
	uint64_t a = sides[0].changed_kib, b = sides[1].changed_kib;
	int big = a >= b ? 0 : 1, small = 1 - big;
	uint64_t diff = a >= b ? a - b : b - a;
	uint64_t larger = a >= b ? a : b;

	/* diff <= larger * PCT / 100, without overflowing 64 bits */
	if (diff <= larger / 100 * SB_COMPARABLE_PCT +
	    larger % 100 * SB_COMPARABLE_PCT / 100) {
		for (int i = 0; i < SB_NODES; i++)
			side_text(&sides[i], true, utc_offset_s, t[i], sizeof(t[i]));
		r->keep = SB_KEEP_NONE;
		r->kind = SB_KIND_BOTH_COMPARABLE;
		say(r, "Both nodes changed about the same amount of data since "
		    "the split: %s, %s. The operator has to choose; the node "
		    "not kept loses its changes.", t[0], t[1]);
		return;
	}
	side_text(&sides[big], true, utc_offset_s, t[0], sizeof(t[0]));
	side_text(&sides[small], true, utc_offset_s, t[1], sizeof(t[1]));
	kib_text(sides[small].changed_kib, lost, sizeof(lost));
	r->keep = big;
	r->kind = SB_KIND_BOTH_CHANGED;
	r->discarded_kib = sides[small].changed_kib;
	say(r, "Both nodes changed data since the split: %s, %s. Keep %s, "
	    "which changed more; %s's changes (%s KiB) will be discarded.",
	    t[0], t[1], sides[big].name, sides[small].name, lost);
}

int
sb_recommend(const struct sb_side sides[SB_NODES], int utc_offset_s,
    struct sb_recommendation *out)
{
	struct sb_recommendation r;
	char t[SB_NODES][SIDE_TEXT_MAX];
	bool ok[SB_NODES], changed[SB_NODES];

	if (sides == NULL || out == NULL)
		return -EINVAL;
	for (int i = 0; i < SB_NODES; i++)
		if (sides[i].name == NULL || sides[i].name[0] == '\0')
			return -EINVAL;
	if (strcmp(sides[0].name, sides[1].name) == 0)
		return -EINVAL;

	memset(&r, 0, sizeof(r));
	r.keep = SB_KEEP_NONE;
	r.relation = sb_relation(&sides[0].gi, &sides[1].gi);

	/* Rule 1: only consistent data can survive. */
	for (int i = 0; i < SB_NODES; i++)
		ok[i] = usable(&sides[i].gi);
	if (!ok[0] && !ok[1]) {
		r.kind = SB_KIND_NONE_USABLE;
		say(&r, "Neither %s nor %s has consistent data: DRBD cannot "
		    "resync from either; restore the data from a backup.",
		    sides[0].name, sides[1].name);
		*out = r;
		return 0;
	}
	if (!ok[0] || !ok[1]) {
		int bad = ok[0] ? 1 : 0;
		unusable_reason(&sides[bad], t[0], sizeof(t[0]));
		r.keep = 1 - bad;
		r.kind = SB_KIND_OTHER_UNUSABLE;
		say(&r, "%s: keep %s.", t[0], sides[r.keep].name);
		*out = r;
		return 0;
	}

	/* Rule 2: data without a common base (or too far apart). */
	if (r.relation == SB_REL_UNRELATED) {
		r.kind = SB_KIND_UNRELATED;
		say(&r, "%s and %s hold unrelated data (their DRBD generation "
		    "identifiers share no history), so what each changed cannot "
		    "be compared. The operator has to choose; the node not kept "
		    "is overwritten completely.", sides[0].name, sides[1].name);
		*out = r;
		return 0;
	}
	if (r.relation == SB_REL_SPLIT_EARLIER && !same_last_sync(sides)) {
		for (int i = 0; i < SB_NODES; i++)
			side_text(&sides[i], sides[i].changed_kib > 0, utc_offset_s,
			    t[i], sizeof(t[i]));
		r.kind = SB_KIND_SPLIT_EARLIER;
		say(&r, "%s and %s went separate ways more than one data "
		    "generation ago, so the amounts below count only the latest "
		    "changes: %s, %s. The operator has to choose; the node not "
		    "kept loses its changes.", sides[0].name, sides[1].name,
		    t[0], t[1]);
		*out = r;
		return 0;
	}

	/* Rules 3 and 4: who changed since the split. */
	for (int i = 0; i < SB_NODES; i++)
		changed[i] = sides[i].changed_kib > 0;
	if (r.relation == SB_REL_FIRST_NEWER)
		changed[1] = false;
	if (r.relation == SB_REL_SECOND_NEWER)
		changed[0] = false;

	if (changed[0] && changed[1]) {
		both_changed(sides, utc_offset_s, &r);
	} else if (changed[0] || changed[1]) {
		int k = changed[0] ? 0 : 1;
		side_text(&sides[k], true, utc_offset_s, t[0], sizeof(t[0]));
		side_text(&sides[1 - k], false, utc_offset_s, t[1], sizeof(t[1]));
		r.keep = k;
		r.kind = SB_KIND_ONE_CHANGED;
		say(&r, "Since the split %s and %s: keep %s.", t[0], t[1],
		    sides[k].name);
	} else {
		char why[SIDE_TEXT_MAX];
		r.keep = either_choice(sides, r.relation, utc_offset_s, why,
		    sizeof(why));
		r.kind = SB_KIND_NEITHER_CHANGED;
		say(&r, "Neither node changed anything since the split: no data "
		    "is lost either way; keep %s%s.", sides[r.keep].name, why);
	}
	*out = r;
	return 0;
}
