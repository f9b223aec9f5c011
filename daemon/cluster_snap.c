/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_snap: a cluster snapshot to JSON, and two snapshots to event
 * sentences.  Pure: no I/O, no clock (the caller passes "now").
 *
 * Nodes are matched by name between corosync's nodelist and Pacemaker's
 * CIB: hapair names a node the same in both (hb_corosync_conf.h).  A node
 * is "offline" once corosync's membership loses it, whatever the CIB still
 * says: Pacemaker notices seconds later, and the operator should hear of a
 * lost node when corosync knows. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_snap.h"
#include "fo_ids.h"

#define CLUSTER_MSG_MAX EV_MESSAGE_MAX

bool
cluster_snap_running(const struct cluster_snap *s)
{
	return s != NULL && s->mem_rc != -ENOTCONN;
}

static bool
mem_ok(const struct cluster_snap *s)
{
	return s != NULL && s->mem_rc == 0;
}

static bool
cib_ok(const struct cluster_snap *s)
{
	return s != NULL && s->mem_rc == 0 && s->cib_rc == 0;
}

static const struct hb_member_node *
mem_node(const struct cluster_snap *s, const char *name)
{
	if (!mem_ok(s))
		return NULL;
	for (unsigned i = 0; i < s->mem.nnodes; i++)
		if (strcmp(s->mem.nodes[i].name, name) == 0)
			return &s->mem.nodes[i];
	return NULL;
}

static const struct fo_node_status *
cib_node(const struct cluster_snap *s, const char *name)
{
	return cib_ok(s) ? fo_status_node(&s->cib, name) : NULL;
}

/* Pacemaker's view, which decides where the service may run. */
enum cluster_can_run
cluster_snap_can_run(const struct cluster_snap *s, const char *name)
{
	const struct fo_node_status *c = cib_node(s, name);

	if (c == NULL || !c->online)
		return CLUSTER_OFFLINE;
	if (c->standby)
		return CLUSTER_STANDBY;
	return c->pending ? CLUSTER_JOINING : CLUSTER_CAN_RUN;
}

/* The node names of S: corosync's nodelist first, then CIB-only nodes.
 * Fills NAMES (pointers into S), returns how many. */
static unsigned
snap_names(const struct cluster_snap *s, const char **names, unsigned max)
{
	unsigned n = 0;

	if (mem_ok(s))
		for (unsigned i = 0; i < s->mem.nnodes && n < max; i++)
			if (s->mem.nodes[i].name[0] != '\0')
				names[n++] = s->mem.nodes[i].name;
	if (cib_ok(s))
		for (unsigned i = 0; i < s->cib.nnodes && n < max; i++)
			if (mem_node(s, s->cib.nodes[i].name) == NULL)
				names[n++] = s->cib.nodes[i].name;
	return n;
}

static const char *
or_null(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

static void
add_string_or_null(JsonBuilder *b, const char *name, const char *value)
{
	json_builder_set_member_name(b, name);
	if (or_null(value) != NULL)
		json_builder_add_string_value(b, value);
	else
		json_builder_add_null_value(b);
}

static void
add_bool(JsonBuilder *b, const char *name, bool value)
{
	json_builder_set_member_name(b, name);
	json_builder_add_boolean_value(b, value);
}

static void
json_node_entry(JsonBuilder *b, const struct cluster_snap *s, const char *name)
{
	const struct hb_member_node *m = mem_node(s, name);
	const struct fo_node_status *c = cib_node(s, name);
	/* Offline once corosync lost it, even before Pacemaker noticed. */
	bool online = m != NULL && m->member && c != NULL && c->online;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, name);
	json_builder_set_member_name(b, "id");
	if (m != NULL)
		json_builder_add_int_value(b, m->nodeid);
	else if (c != NULL && c->id[0] != '\0')
		json_builder_add_int_value(b, strtol(c->id, NULL, 10));
	else
		json_builder_add_null_value(b);
	add_bool(b, "member", m != NULL && m->member);
	add_bool(b, "online", online);
	/* online, but Pacemaker's join is not complete: it runs nothing yet
	 * (a restarted node for a few seconds); not a standby */
	add_bool(b, "pending", online && c->pending);
	/* Pacemaker's controller runs there (libcpg): a member without it is a
	 * node whose Pacemaker is stopped or still starting */
	add_bool(b, "pacemaker", m != NULL && m->member && m->controller);
	/* lost and not yet fenced: until it is, it may still fence or serve */
	add_bool(b, "unclean", c != NULL && c->unclean);
	add_bool(b, "standby", c != NULL && c->standby);
	add_bool(b, "maintenance", c != NULL && c->maintenance);
	add_bool(b, "dc", c != NULL && c->dc);
	add_bool(b, "local", (m != NULL && m->local) || (c != NULL && c->local));
	json_builder_set_member_name(b, "links");
	json_builder_begin_array(b);
	for (unsigned l = 0; m != NULL && l < HB_MEMBER_LINKS_MAX; l++) {
		if (!m->links[l].configured)
			continue;
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "link");
		json_builder_add_int_value(b, l);
		add_bool(b, "up", hb_membership_link_up(&s->mem, m, l));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}

static void
json_resources(JsonBuilder *b, const struct cluster_snap *s)
{
	json_builder_set_member_name(b, "resources");
	json_builder_begin_array(b);
	for (unsigned i = 0; cib_ok(s) && i < s->cib.nrsc; i++) {
		const struct fo_rsc_status *r = &s->cib.rsc[i];

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, r->id);
		json_builder_set_member_name(b, "role");
		json_builder_add_string_value(b, fo_rsc_role_name(r->role));
		json_builder_set_member_name(b, "nodes");
		json_builder_begin_array(b);
		for (unsigned n = 0; n < r->nnodes && n < FO_RSC_NODES_MAX; n++)
			json_builder_add_string_value(b, r->nodes[n]);
		json_builder_end_array(b);
		add_bool(b, "failed", r->failed);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static const char *
snap_error(const struct cluster_snap *s, int64_t stalled_ms)
{
	if (stalled_ms > 0)
		return CLUSTER_NOT_ANSWERING;
	if (s->mem_rc == -EACCES)
		return "corosync refuses this daemon: hapaird must run as root or in group haclient";
	if (s->mem_rc != 0)
		return "corosync's membership cannot be read: see corosync's log";
	if (s->cib_rc == -ENOTCONN)
		return "pacemaker is not running: start the cluster stack";
	if (s->cib_rc == -ETIME)
		return "pacemaker's CIB does not answer: see pacemaker's log";
	if (s->cib_rc != 0)
		return "pacemaker's CIB cannot be read: see pacemaker's log";
	return NULL;
}

JsonNode *
cluster_snap_json(const struct cluster_snap *s, int64_t now_mono_us, int64_t stalled_ms)
{
	const char *names[HB_MEMBER_NODES_MAX + FO_STATUS_NODES_MAX];
	unsigned nnames;
	JsonBuilder *b;
	JsonNode *root;

	if (s == NULL || (!cluster_snap_running(s) && stalled_ms <= 0))
		return json_node_new(JSON_NODE_NULL);
	b = json_builder_new();
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "quorate");
	if (mem_ok(s))
		json_builder_add_boolean_value(b, s->mem.quorate);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "nodes");
	json_builder_begin_array(b);
	nnames = snap_names(s, names, G_N_ELEMENTS(names));
	for (unsigned i = 0; i < nnames; i++)
		json_node_entry(b, s, names[i]);
	json_builder_end_array(b);
	add_string_or_null(b, "active_node", cib_ok(s) ? s->cib.active_node : NULL);
	add_string_or_null(b, "failover_ip_node", cib_ok(s) ? s->cib.failover_ip_node : NULL);
	add_bool(b, "maintenance_mode", cib_ok(s) && s->cib.maintenance_mode);
	json_resources(b, s);
	add_bool(b, "isolated", mem_ok(s) && hb_membership_isolated(&s->mem));
	json_builder_set_member_name(b, "age_ms");
	json_builder_add_int_value(b, now_mono_us > s->taken_mono_us ?
	    (now_mono_us - s->taken_mono_us) / 1000 : 0);
	add_string_or_null(b, "error", snap_error(s, stalled_ms));
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	g_object_unref(b);
	return root;
}

/* ---------------------------------------------------------------- diff */

static void
say(cluster_emit_fn emit, void *ctx, enum ev_severity sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
say(cluster_emit_fn emit, void *ctx, enum ev_severity sev, const char *fmt, ...)
{
	char msg[CLUSTER_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(ctx, sev, msg);
}

static const char *
none_if_empty(const char *s)
{
	return s != NULL && *s != '\0' ? s : "none";
}

static const char *
on_off(bool b)
{
	return b ? "on" : "off";
}

/* "offline", "member" (corosync only) or "online" (Pacemaker too).  The CIB
 * is looked at only when USE_CIB: both snapshots could read it, so that a
 * CIB read failing here does not turn every node "member". */
static const char *
node_state(const struct cluster_snap *s, const char *name, bool use_cib)
{
	const struct hb_member_node *m = mem_node(s, name);
	const struct fo_node_status *c = cib_node(s, name);

	if (m == NULL || !m->member)
		return "offline";
	if (!use_cib)
		return "member";
	return c != NULL && c->online ? "online" : "member";
}

/* Pacemaker's join of a node that is online: what used to show as a
 * standby on and off around every restart.  WAS_ONLINE, IS_ONLINE: the
 * node's state in the old and the new snapshot (node_state). */
static void
diff_join(const struct fo_node_status *co, const struct fo_node_status *cn, const char *name,
    bool was_online, bool is_online, cluster_emit_fn emit, void *ctx)
{
	bool pending_old = was_online && co->pending, pending_new = is_online && cn->pending;

	if (!pending_old && pending_new)
		say(emit, ctx, EV_NOTICE, was_online ? "%s is no longer ready to run resources: "
		    "Pacemaker counts it as joining or stopping" : "%s is joining Pacemaker: it "
		    "runs nothing until its join completes", name);
	else if (pending_old && is_online && !cn->pending)
		say(emit, ctx, EV_NOTICE, "%s has joined Pacemaker: it may run resources", name);
}

static void
diff_node(const struct cluster_snap *old, const struct cluster_snap *new,
    const char *name, bool use_cib, cluster_emit_fn emit, void *ctx)
{
	const char *was = node_state(old, name, use_cib), *is = node_state(new, name, use_cib);
	const struct hb_member_node *mo = mem_node(old, name), *mn = mem_node(new, name);
	const struct fo_node_status *co = cib_node(old, name), *cn = cib_node(new, name);

	if (strcmp(was, is) != 0) {
		if (strcmp(is, "offline") == 0)
			say(emit, ctx, EV_NOTICE, "%s" CLUSTER_EV_LEFT "%s)", name, was);
		else if (strcmp(was, "offline") == 0)
			say(emit, ctx, EV_NOTICE, "%s" CLUSTER_EV_JOINED "%s, was offline)", name, is);
		else
			say(emit, ctx, EV_NOTICE, "%s %s -> %s", name, was, is);
	}
	/* Links to the peer only: the local end's view repeats the peer's. */
	if (mo != NULL && mn != NULL && !mn->local) {
		unsigned up_old = 0, up_new = 0, configured = 0, last_up = 0;

		for (unsigned l = 0; l < HB_MEMBER_LINKS_MAX; l++) {
			bool a, b;

			if (!mo->links[l].configured || !mn->links[l].configured)
				continue;
			a = hb_membership_link_up(&old->mem, mo, l);
			b = hb_membership_link_up(&new->mem, mn, l);
			configured++;
			up_old += a;
			up_new += b;
			if (b)
				last_up = l;
			if (a != b)
				say(emit, ctx, b ? EV_NOTICE : EV_WARNING, "link %u to %s %s (was %s)",
				    l, name, b ? "up" : "down", a ? "up" : "down");
		}
		/* What a lost link means for the pair: nothing moves while one
		 * link still carries the membership, but the next failure
		 * separates the nodes. */
		if (configured > 1 && up_new == 1 && up_old > 1)
			say(emit, ctx, EV_WARNING, "the pair runs on one link to %s (link %u): "
			    "nothing moved, but one more failure separates the nodes; "
			    "check the other cable", name, last_up);
		else if (configured > 1 && up_new == configured && up_old == 1)
			say(emit, ctx, EV_NOTICE, "the pair runs on all %u links to %s again",
			    configured, name);
	}
	if (use_cib && co != NULL && cn != NULL) {
		/* The operator's answer to "why has nothing moved yet?": a lost
		 * node's services stay put until Pacemaker knows it is off.  A
		 * node not seen yet since the stack started is unclean too
		 * (startup fencing) until it joins: that is no news.  Nor is
		 * this node's own entry: a node is off while it is fenced, and
		 * what it reads of itself after a reboot is its stale CIB from
		 * disk until the cluster's copy reaches it. */
		bool self = (mo != NULL && mo->local) || (mn != NULL && mn->local);
		bool seen = !co->unseen && !cn->unseen && !self;

		if (seen && !co->unclean && cn->unclean)
			say(emit, ctx, EV_WARNING, "%s must be fenced: it was lost without "
			    "stopping its services, which move once it is", name);
		else if (seen && co->unclean && !cn->unclean)
			say(emit, ctx, EV_NOTICE, strcmp(is, "offline") == 0 ?
			    "%s fenced: it is known to be off, its services may move" :
			    "%s is no longer unclean: it came back before it was fenced", name);
		diff_join(co, cn, name, strcmp(was, "online") == 0, strcmp(is, "online") == 0,
		    emit, ctx);
		if (co->standby != cn->standby)
			say(emit, ctx, EV_NOTICE, "%s standby %s -> %s", name,
			    on_off(co->standby), on_off(cn->standby));
		if (co->maintenance != cn->maintenance)
			say(emit, ctx, EV_NOTICE, "%s maintenance %s -> %s", name,
			    on_off(co->maintenance), on_off(cn->maintenance));
	}
}

static void
diff_membership(const struct cluster_snap *old, const struct cluster_snap *new,
    cluster_emit_fn emit, void *ctx)
{
	const struct hb_member_node *peer = hb_membership_peer(&new->mem);
	bool iso_old = hb_membership_isolated(&old->mem), iso_new = hb_membership_isolated(&new->mem);

	if (old->mem.quorate != new->mem.quorate)
		say(emit, ctx, new->mem.quorate ? EV_NOTICE : EV_WARNING, "quorum %s -> %s",
		    old->mem.quorate ? "quorate" : "not quorate",
		    new->mem.quorate ? "quorate" : "not quorate");
	if (iso_old != iso_new) {
		if (iso_new)
			say(emit, ctx, EV_WARNING, "this node is isolated: no link reaches %s",
			    peer != NULL ? peer->name : "the peer");
		else
			say(emit, ctx, EV_NOTICE, "this node reaches %s again (was isolated)",
			    peer != NULL ? peer->name : "the peer");
	}
}

/* The service runs on this node: every member of the service group is
 * started here and nowhere else, the failover IP with them.  The moment
 * a takeover is complete for the clients. */
static bool
service_here(const struct fo_status *st)
{
	unsigned members = 0;

	if (!st->local_active || strcmp(st->failover_ip_node, st->active_node) != 0)
		return false;
	for (unsigned i = 0; i < st->nrsc; i++) {
		const struct fo_rsc_status *r = &st->rsc[i];

		if (strcmp(r->group, FO_ID_GROUP) != 0)
			continue;
		members++;
		if (r->role != FO_ROLE_STARTED || r->nnodes != 1 ||
		    strcmp(r->nodes[0], st->active_node) != 0)
			return false;
	}
	return members > 0;
}

static void
diff_cib(const struct cluster_snap *old, const struct cluster_snap *new,
    cluster_emit_fn emit, void *ctx)
{
	const struct fo_status *a = &old->cib, *b = &new->cib;

	if (strcmp(a->active_node, b->active_node) != 0)
		say(emit, ctx, EV_NOTICE, "active node %s -> %s",
		    none_if_empty(a->active_node), none_if_empty(b->active_node));
	if (strcmp(a->failover_ip_node, b->failover_ip_node) != 0)
		say(emit, ctx, EV_NOTICE, "failover IP on %s -> %s",
		    none_if_empty(a->failover_ip_node), none_if_empty(b->failover_ip_node));
	/* The end of a takeover or failover as clients see it: what the
	 * failover budget's last measured failover is timed to. */
	if (!service_here(a) && service_here(b))
		say(emit, ctx, EV_NOTICE, CLUSTER_EV_SERVICE_HERE "%s" CLUSTER_EV_SERVICE_HERE_END,
		    b->active_node);
	if (strcmp(a->dc, b->dc) != 0)
		say(emit, ctx, EV_INFO, "DC %s -> %s", none_if_empty(a->dc), none_if_empty(b->dc));
	if (a->maintenance_mode != b->maintenance_mode)
		say(emit, ctx, EV_NOTICE, "cluster maintenance-mode %s -> %s",
		    on_off(a->maintenance_mode), on_off(b->maintenance_mode));
	for (unsigned i = 0; i < b->nrsc; i++) {
		const struct fo_rsc_status *r = &b->rsc[i], *was = fo_status_rsc(a, r->id);
		bool failed_before = was != NULL && was->failed;

		/* fo_status_rsc finds the first instance: report a clone once. */
		if (fo_status_rsc(b, r->id) != r)
			continue;
		if (r->failed && !failed_before)
			say(emit, ctx, EV_WARNING, "resource %s failed (role %s%s%s)", r->id,
			    fo_rsc_role_name(r->role), r->nnodes > 0 ? " on " : "",
			    r->nnodes > 0 ? r->nodes[0] : "");
		else if (!r->failed && failed_before)
			say(emit, ctx, EV_NOTICE, "resource %s no longer failed (role %s)", r->id,
			    fo_rsc_role_name(r->role));
	}
}

static bool
failed_action_in(const struct fo_status *st, const struct fo_failed_action *f)
{
	for (unsigned i = 0; i < st->nfailed; i++)
		if (strcmp(st->failed[i].rsc, f->rsc) == 0 && strcmp(st->failed[i].node, f->node) == 0 &&
		    strcmp(st->failed[i].op, f->op) == 0 && st->failed[i].interval_ms == f->interval_ms &&
		    st->failed[i].when == f->when)
			return true;
	return false;
}

/* A failed operation Pacemaker recovered from (a restart in place) leaves
 * the resource running but the failure in the history: say it once. */
static void
diff_failed_actions(const struct fo_status *a, const struct fo_status *b,
    cluster_emit_fn emit, void *ctx)
{
	for (unsigned i = 0; i < b->nfailed; i++) {
		const struct fo_failed_action *f = &b->failed[i];

		if (!failed_action_in(a, f))
			say(emit, ctx, EV_WARNING, "%s %s failed on %s (rc %d%s%s)", f->rsc, f->op,
			    f->node, f->rc, f->reason[0] ? ": " : "", f->reason);
	}
	if (a->nfailed > 0 && b->nfailed == 0)
		say(emit, ctx, EV_NOTICE, "failed actions cleaned up (was %u)", a->nfailed);
}

void
cluster_snap_diff(const struct cluster_snap *old, const struct cluster_snap *new,
    cluster_emit_fn emit, void *ctx)
{
	const char *names[2 * (HB_MEMBER_NODES_MAX + FO_STATUS_NODES_MAX)];
	unsigned n;
	bool use_cib;

	if (old == NULL || new == NULL)
		return;
	if (cluster_snap_running(old) != cluster_snap_running(new)) {
		if (cluster_snap_running(new))
			say(emit, ctx, EV_NOTICE, "the cluster stack on this node runs (was stopped)");
		else
			say(emit, ctx, EV_NOTICE, CLUSTER_EV_STACK_STOPPED " (was running)");
		return;
	}
	if (!mem_ok(old) || !mem_ok(new))
		return;
	use_cib = cib_ok(old) && cib_ok(new);
	/* Every name of either snapshot, once. */
	n = snap_names(old, names, G_N_ELEMENTS(names) / 2);
	{
		const char *more[HB_MEMBER_NODES_MAX + FO_STATUS_NODES_MAX];
		unsigned nmore = snap_names(new, more, G_N_ELEMENTS(more));

		for (unsigned i = 0; i < nmore; i++) {
			bool seen = false;

			for (unsigned j = 0; j < n && !seen; j++)
				seen = strcmp(names[j], more[i]) == 0;
			if (!seen)
				names[n++] = more[i];
		}
	}
	for (unsigned i = 0; i < n; i++)
		diff_node(old, new, names[i], use_cib, emit, ctx);
	diff_membership(old, new, emit, ctx);
	if (use_cib) {
		diff_cib(old, new, emit, ctx);
		diff_failed_actions(&old->cib, &new->cib, emit, ctx);
	}
}
