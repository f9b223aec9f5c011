/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status: the one status document.  For a standalone appliance it is the
 * node itself and its heartbeat interface; the cluster issue adds the peer,
 * the links, the failover IP, DRBD and resources to the same document. */
#include <glib.h>
#include <string.h>
#include <time.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "drbd_watch.h"
#include "hb_link.h"
#include "job_run.h"
#include "peer_watch.h"
#include "sb_watch.h"
#include "status.h"
#include "store.h"

static JsonNode *
status_heartbeat(const struct cfg *cfg)
{
	struct hb_link_info li;
	JsonBuilder *b = json_builder_new();
	JsonNode *node;
	int rc = hb_link_query(cfg->hb_interface, &li);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "interface");
	json_builder_add_string_value(b, cfg->hb_interface);
	if (rc != 0) {
		json_builder_set_member_name(b, "error");
		json_builder_add_string_value(b, "cannot read the interface through netlink");
	} else {
		json_builder_set_member_name(b, "exists");
		json_builder_add_boolean_value(b, li.exists);
		json_builder_set_member_name(b, "up");
		json_builder_add_boolean_value(b, li.admin_up && li.carrier);
		json_builder_set_member_name(b, "addresses");
		json_builder_begin_array(b);
		for (unsigned i = 0; i < li.naddrs; i++)
			json_builder_add_string_value(b, li.addrs[i]);
		json_builder_end_array(b);
	}
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	g_object_unref(b);
	return node;
}

/* drbd.split_brain gets the survivor recommendation (sb_watch.c). */
static void
status_add_recommendation(struct hpd *d, JsonNode *drbd)
{
	JsonNode *sb = json_object_get_member(json_node_get_object(drbd), "split_brain");
	JsonNode *rec;

	if (sb == NULL || !JSON_NODE_HOLDS_OBJECT(sb))
		return;
	rec = sb_watch_recommendation(d);
	if (rec != NULL)
		json_object_set_member(json_node_get_object(sb), "recommendation", rec);
	else
		json_object_set_null_member(json_node_get_object(sb), "recommendation");
}

JsonNode *
status_build(struct hpd *d)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *root;
	struct store_cluster cl;
	char role[32] = HP_ROLE_STANDALONE;
	bool clustered;
	GDateTime *started = g_date_time_new_from_unix_utc(d->start_wall_us / G_USEC_PER_SEC);
	gchar *started_s = g_date_time_format_iso8601(started);

	if (d->store != NULL)
		store_cluster_role(d->store, role, sizeof(role));
	/* A clustered node is active or passive, as Pacemaker runs it now;
	 * "clustered" while that is not known (the stack is down here). */
	clustered = strcmp(role, STORE_ROLE_CLUSTERED) == 0;
	if (clustered) {
		const struct cluster_snap *s = cluster_status_snap(d);

		if (s != NULL && s->cib_rc == 0 && s->cib.active_node[0] != '\0')
			g_strlcpy(role, s->cib.local_active ? "active" : "passive", sizeof(role));
	}
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "node");
	json_builder_add_string_value(b, d->cfg.node_name);
	json_builder_set_member_name(b, "version");
	json_builder_add_string_value(b, PACKAGE_VERSION);
	json_builder_set_member_name(b, "role");
	json_builder_add_string_value(b, role);
	json_builder_set_member_name(b, "uptime_s");
	json_builder_add_int_value(b, (g_get_monotonic_time() - d->start_mono_us) / G_USEC_PER_SEC);
	json_builder_set_member_name(b, "started");
	json_builder_add_string_value(b, started_s);
	json_builder_set_member_name(b, "time");
	json_builder_add_int_value(b, g_get_real_time() / G_USEC_PER_SEC);
	/* The configured failover IP with its prefix, null when standalone: the
	 * web UI compares it with the address it was opened through, since a
	 * takeover is allowed only through the failover IP. */
	json_builder_set_member_name(b, "failover_ip");
	if (d->store != NULL && store_cluster_get(d->store, &cl) == 0 &&
	    strcmp(cl.role, STORE_ROLE_CLUSTERED) == 0 && cl.failover_ip[0] != '\0')
		json_builder_add_string_value(b, cl.failover_ip);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "heartbeat");
	json_builder_add_value(b, status_heartbeat(&d->cfg));
	/* the cluster snapshot (cluster_status.c), null without a cluster stack */
	json_builder_set_member_name(b, "cluster");
	json_builder_add_value(b, cluster_status_json(d));
	/* how long a failover should take here, and how long the last one
	 * took (cluster_status.c, budget.c); null while standalone */
	json_builder_set_member_name(b, "failover_budget");
	if (clustered)
		json_builder_add_value(b, cluster_status_budget_json(d));
	else
		json_builder_add_null_value(b);
	/* the pinned peer's hapaird: version, clock offset (peer_watch.c) */
	json_builder_set_member_name(b, "peer");
	json_builder_add_value(b, peer_watch_status(d));
	/* DRBD's state (drbd_watch.c), null without a data device */
	json_builder_set_member_name(b, "drbd");
	{
		JsonNode *drbd = drbd_watch_status(d);

		if (drbd != NULL) {
			status_add_recommendation(d, drbd);
			json_builder_add_value(b, drbd);
		}
		else
			json_builder_add_null_value(b);
	}
	/* the running job with its step and progress, or null */
	json_builder_set_member_name(b, "job");
	{
		JsonNode *job = job_run_status(d);

		if (job != NULL)
			json_builder_add_value(b, job);
		else
			json_builder_add_null_value(b);
	}
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	g_object_unref(b);
	g_free(started_s);
	g_date_time_unref(started);
	return root;
}
