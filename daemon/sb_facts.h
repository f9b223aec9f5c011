/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_facts: one node's side of a DRBD split brain, as the recommendation
 * needs it (sb_recommend.h): DRBD's generation identifiers, the KiB its
 * bitmap marks as changed since the split and when it last wrote.
 *
 * Each node collects its own side (sb_watch.c); the other node fetches it
 * over the peer channel (GET /peer/v1/sb-facts) as the JSON here, and both
 * recommend from the same two sides in the same order (by node name), so
 * the two nodes' status pages say the same thing.
 *
 * Pure: text and JSON in, structs and JSON out; tests feed captured
 * /proc/drbd and get-gi output. */
#ifndef HP_SB_FACTS_H
#define HP_SB_FACTS_H

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <stdint.h>

#include "sb_recommend.h"

#define SB_FACTS_NODE_MAX  64
#define SB_FACTS_GI_MAX    256

struct sb_facts {
	char node[SB_FACTS_NODE_MAX];
	char gi[SB_FACTS_GI_MAX];   /* `drbdadm get-gi` output, one line */
	int64_t changed_kib;        /* out of sync towards the peer; < 0 unknown */
	int64_t last_write_s;       /* unix seconds; 0 unknown */
	int64_t collected_s;        /* when this node read the above */
};

/* The out-of-sync KiB of device MINOR in the text of /proc/drbd (8.4:
 * " 0: cs:... " then "    ns:... oos:N").  0, -ENOENT when the minor is
 * not there, -EINVAL when its oos: field is missing or not a number. */
int sb_facts_proc_oos(const char *proc_drbd, unsigned minor, int64_t *kib);

/* {"node", "gi", "changed_kib", "last_write_s", "collected_s"} */
JsonNode *sb_facts_to_json(const struct sb_facts *f);
/* 0, or -EINVAL with a sentence in ERR. */
int sb_facts_from_json(JsonNode *node, struct sb_facts *f, char *err, size_t errlen);

/* The recommendation from both sides (either order): 0, or -EINVAL with
 * ERR saying which fact is missing or does not parse.  Sides are sorted by
 * node name; OUT->keep indexes that order, KEEP_NAME gets the name or "". */
int sb_facts_recommend(const struct sb_facts *a, const struct sb_facts *b,
    int utc_offset_s, struct sb_recommendation *out, char *keep_name,
    size_t keep_len, char *err, size_t errlen);

/* The word for a kind in the API: "one-changed", "both-changed", ... */
const char *sb_facts_kind_name(enum sb_kind kind);

/* The status's split_brain.recommendation: {"keep" (name or null),
 * "kind", "explanation", "discarded_kib", "nodes": [facts, facts]}. */
JsonNode *sb_facts_recommendation_json(const struct sb_facts *a,
    const struct sb_facts *b, const struct sb_recommendation *r,
    const char *keep_name);

#endif
