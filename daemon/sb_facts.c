/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sb_facts: one node's side of a split brain (see the header). */
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drbd_gi.h"
#include "sb_facts.h"

/* ------------------------------------------------------------ /proc/drbd */

/* LINE starts a device block (" 12: cs:..."): its minor, else -1. */
static long
proc_minor(const char *line)
{
	char *end;
	long m;

	while (*line == ' ')
		line++;
	if (!isdigit((unsigned char)*line))
		return -1;
	m = strtol(line, &end, 10);
	return *end == ':' && end[1] == ' ' ? m : -1;
}

int
sb_facts_proc_oos(const char *proc_drbd, unsigned minor, int64_t *kib)
{
	g_auto(GStrv) lines = NULL;
	bool inside = false;

	if (proc_drbd == NULL || kib == NULL)
		return -EINVAL;
	lines = g_strsplit(proc_drbd, "\n", -1);
	for (char **l = lines; *l != NULL; l++) {
		long m = proc_minor(*l);
		const char *p;
		char *end;
		unsigned long long v;

		if (m >= 0) {
			if (inside)
				break;          /* the next device: ours had no oos: */
			inside = (unsigned long)m == minor;
			continue;
		}
		if (!inside || (p = strstr(*l, " oos:")) == NULL)
			continue;
		p += strlen(" oos:");
		errno = 0;
		v = strtoull(p, &end, 10);
		if (end == p || errno != 0 || (*end != '\0' && !isspace((unsigned char)*end)) ||
		    v > INT64_MAX)
			return -EINVAL;
		*kib = (int64_t)v;
		return 0;
	}
	return inside ? -EINVAL : -ENOENT;
}

/* ------------------------------------------------------------ JSON */

JsonNode *
sb_facts_to_json(const struct sb_facts *f)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "node");
	json_builder_add_string_value(b, f->node);
	json_builder_set_member_name(b, "gi");
	json_builder_add_string_value(b, f->gi);
	json_builder_set_member_name(b, "changed_kib");
	if (f->changed_kib >= 0)
		json_builder_add_int_value(b, f->changed_kib);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "last_write_s");
	if (f->last_write_s > 0)
		json_builder_add_int_value(b, f->last_write_s);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "collected_s");
	json_builder_add_int_value(b, f->collected_s);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* An integer member, or DEF when it is absent or null; false when it is
 * something else. */
static bool
int_member(JsonObject *o, const char *name, int64_t def, int64_t *out)
{
	JsonNode *n = json_object_get_member(o, name);

	if (n == NULL || JSON_NODE_HOLDS_NULL(n)) {
		*out = def;
		return true;
	}
	if (!JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_INT64)
		return false;
	*out = json_node_get_int(n);
	return true;
}

int
sb_facts_from_json(JsonNode *node, struct sb_facts *f, char *err, size_t errlen)
{
	JsonObject *o;
	const char *name, *gi;

	memset(f, 0, sizeof(*f));
	f->changed_kib = -1;
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node)) {
		snprintf(err, errlen, "the split-brain facts are not a JSON object");
		return -EINVAL;
	}
	o = json_node_get_object(node);
	name = json_object_get_string_member_with_default(o, "node", NULL);
	gi = json_object_get_string_member_with_default(o, "gi", "");
	if (name == NULL || *name == '\0' || strlen(name) >= sizeof(f->node)) {
		snprintf(err, errlen, "the split-brain facts name no node");
		return -EINVAL;
	}
	g_strlcpy(f->node, name, sizeof(f->node));
	if (strlen(gi) >= sizeof(f->gi)) {
		snprintf(err, errlen, "%s's generation identifiers are too long", name);
		return -EINVAL;
	}
	g_strlcpy(f->gi, gi, sizeof(f->gi));
	if (!int_member(o, "changed_kib", -1, &f->changed_kib) ||
	    !int_member(o, "last_write_s", 0, &f->last_write_s) ||
	    !int_member(o, "collected_s", 0, &f->collected_s) ||
	    f->changed_kib < -1 || f->last_write_s < 0) {
		snprintf(err, errlen, "%s's split-brain facts hold a number that is not one", name);
		return -EINVAL;
	}
	return 0;
}

/* ------------------------------------------------------------ recommend */

static const char *const kind_names[] = {
	[SB_KIND_ONE_CHANGED] = "one-changed",
	[SB_KIND_NEITHER_CHANGED] = "neither-changed",
	[SB_KIND_OTHER_UNUSABLE] = "other-unusable",
	[SB_KIND_BOTH_CHANGED] = "both-changed",
	[SB_KIND_BOTH_COMPARABLE] = "both-comparable",
	[SB_KIND_SPLIT_EARLIER] = "split-earlier",
	[SB_KIND_UNRELATED] = "unrelated",
	[SB_KIND_NONE_USABLE] = "none-usable",
};

const char *
sb_facts_kind_name(enum sb_kind kind)
{
	if ((size_t)kind >= G_N_ELEMENTS(kind_names) || kind_names[kind] == NULL)
		return "unknown";
	return kind_names[kind];
}

/* Both nodes order the sides the same way: by node name. */
static void
in_name_order(const struct sb_facts *a, const struct sb_facts *b,
    const struct sb_facts *f[SB_NODES])
{
	bool swap = strcmp(a->node, b->node) > 0;

	f[0] = swap ? b : a;
	f[1] = swap ? a : b;
}

/* One side for sb_recommend from F; false with ERR when a fact is missing. */
static bool
side_from(const struct sb_facts *f, struct sb_side *s, char *err, size_t errlen)
{
	char why[256];

	memset(s, 0, sizeof(*s));
	s->name = f->node;
	if (*f->gi == '\0') {
		snprintf(err, errlen, "%s has not read its DRBD generation identifiers yet",
		    f->node);
		return false;
	}
	if (drbd_gi_parse(f->gi, &s->gi, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "%s's DRBD generation identifiers do not parse: %s",
		    f->node, why);
		return false;
	}
	if (f->changed_kib < 0) {
		snprintf(err, errlen, "%s has not read how much it changed yet", f->node);
		return false;
	}
	s->changed_kib = (uint64_t)f->changed_kib;
	s->last_write_s = f->last_write_s;
	return true;
}

int
sb_facts_recommend(const struct sb_facts *a, const struct sb_facts *b,
    int utc_offset_s, struct sb_recommendation *out, char *keep_name,
    size_t keep_len, char *err, size_t errlen)
{
	const struct sb_facts *f[SB_NODES];
	struct sb_side sides[SB_NODES];

	in_name_order(a, b, f);
	for (int i = 0; i < SB_NODES; i++)
		if (!side_from(f[i], &sides[i], err, errlen))
			return -EINVAL;
	if (sb_recommend(sides, utc_offset_s, out) != 0) {
		snprintf(err, errlen, "the two sides of the split brain name the same node "
		    "(%s)", a->node);
		return -EINVAL;
	}
	g_strlcpy(keep_name, out->keep == SB_KEEP_NONE ? "" : f[out->keep]->node, keep_len);
	return 0;
}

JsonNode *
sb_facts_recommendation_json(const struct sb_facts *a, const struct sb_facts *b,
    const struct sb_recommendation *r, const char *keep_name)
{
	g_autoptr(JsonBuilder) b_ = json_builder_new();
	const struct sb_facts *f[SB_NODES];

	in_name_order(a, b, f);
	json_builder_begin_object(b_);
	json_builder_set_member_name(b_, "keep");
	if (keep_name != NULL && *keep_name)
		json_builder_add_string_value(b_, keep_name);
	else
		json_builder_add_null_value(b_);
	json_builder_set_member_name(b_, "kind");
	json_builder_add_string_value(b_, sb_facts_kind_name(r->kind));
	json_builder_set_member_name(b_, "explanation");
	json_builder_add_string_value(b_, r->explanation);
	json_builder_set_member_name(b_, "discarded_kib");
	json_builder_add_int_value(b_, (int64_t)r->discarded_kib);
	json_builder_set_member_name(b_, "nodes");
	json_builder_begin_array(b_);
	for (int i = 0; i < SB_NODES; i++)
		json_builder_add_value(b_, sb_facts_to_json(f[i]));
	json_builder_end_array(b_);
	json_builder_end_object(b_);
	return json_builder_get_root(b_);
}
