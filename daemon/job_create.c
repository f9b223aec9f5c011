/* SPDX-License-Identifier: GPL-2.0-or-later */
/* job_create: the "Create cluster" job (see the header). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "cluster_files.h"
#include "cluster_snap.h"
#include "cluster_status.h"
#include "drbd_res.h"
#include "drbd_watch.h"
#include "fo_cib_apply.h"
#include "fo_cib_build.h"
#include "hb_corosync_conf.h"
#include "hp_log.h"
#include "job_act.h"
#include "job_create.h"
#include "job_wait.h"
#include "node_act.h"
#include "peer_client.h"
#include "preflight_collect.h"
#include "store.h"

#define CREATE_SUBSYSTEM        "cluster"
/* Both stacks were started by the time this waits: corosync joins in a
 * second or two, Pacemaker elects a DC after dc-deadtime (2 s). */
#define CREATE_ONLINE_TIMEOUT_S 120
/* DRBD promotion, the mount, the IP and every service's start. */
#define CREATE_ACTIVE_TIMEOUT_S 240
/* The initial sync has no deadline (a large volume takes hours); a peer
 * that stays disconnected this long fails the step. */
#define CREATE_SYNC_DISCONNECTED_S 120

/* In memory only: the password never reaches the store. */
struct create_mem {
	char *password;
	int64_t wait_start_us;    /* monotonic: when a waiting step began */
	int64_t disconnected_since_us;
};

static void
create_mem_free(gpointer p)
{
	struct create_mem *m = p;

	if (m->password != NULL) {
		memset(m->password, 0, strlen(m->password));
		g_free(m->password);
	}
	g_free(m);
}

static struct create_mem *
create_mem(struct job_ctx *j)
{
	struct create_mem *m = job_get_data(j);

	if (m == NULL) {
		m = g_new0(struct create_mem, 1);
		job_set_data(j, m, create_mem_free);
	}
	return m;
}

static const char *
p_str(struct job_ctx *j, const char *member)
{
	return json_object_get_string_member_with_default(job_params(j), member, NULL);
}

static bool
p_has_data(struct job_ctx *j)
{
	return json_object_get_boolean_member_with_default(job_params(j), "data", FALSE);
}

/* Actions, here and on the peer ------------------------------------------------ */

/* NAME with the params members listed (NULL-terminated), here or there. */
static void
create_act(struct job_ctx *j, bool on_peer, const char *name, const char *const *members)
{
	JsonObject *p = json_object_new();

	for (size_t i = 0; members != NULL && members[i] != NULL; i++) {
		JsonNode *n = json_object_get_member(job_params(j), members[i]);

		if (n != NULL)
			json_object_set_member(p, members[i], json_node_copy(n));
	}
	job_node_act(j, on_peer, name, p);
	json_object_unref(p);
}

static const char *const create_files_members[] = {
	"corosync_conf", "authkey", "cib_xml", "drbd_res", NULL };
static const char *const create_drbd_members[] = { "resource", "device", "fstype", NULL };

/* Step 0: preflight ----------------------------------------------------------- */

/* "192.168.250.1/24" -> "192.168.250.1" */
static gchar *
create_addr_only(const char *with_prefix)
{
	const char *slash = strchr(with_prefix, '/');

	return slash != NULL ? g_strndup(with_prefix, (gsize)(slash - with_prefix))
	    : g_strdup(with_prefix);
}

static void
create_set_addr(JsonObject *p, const char *member, const char *with_prefix)
{
	g_autofree gchar *a = create_addr_only(with_prefix);

	json_object_set_string_member(p, member, a);
}

static void
create_preflight_done(struct hpd *d, const struct preflight_report *report,
    const struct preflight_facts *local, const struct preflight_facts *peer, void *arg)
{
	struct job_ctx *j = arg;
	JsonObject *p = job_params(j);
	GString *why;

	if (report->nfailed > 0 || peer == NULL) {
		why = g_string_new("");
		for (unsigned i = 0; i < report->nitems; i++) {
			if (report->items[i].state != PREFLIGHT_FAILED)
				continue;
			g_string_append_printf(why, "%s%s", why->len > 0 ? "; " : "",
			    report->items[i].message);
		}
		job_step_done(j, -EPERM, "%u check%s failed: %s", report->nfailed,
		    report->nfailed == 1 ? "" : "s", why->str);
		g_string_free(why, TRUE);
		return;
	}
	/* What the later steps need to know about both nodes. */
	json_object_set_string_member(p, "local_node", local->node);
	json_object_set_string_member(p, "peer_node", peer->node);
	create_set_addr(p, "local_hb", local->hb.addrs[0]);
	create_set_addr(p, "peer_hb", peer->hb.addrs[0]);
	if (local->fo.naddrs > 0 && peer->fo.naddrs > 0) {
		create_set_addr(p, "local_lan", local->fo.addrs[0]);
		create_set_addr(p, "peer_lan", peer->fo.addrs[0]);
	}
	if (job_params_save(j) != 0) {
		job_step_done(j, -EIO, "cannot store the job's progress in the database");
		return;
	}
	job_step_done(j, 0, NULL);
}

static void
create_preflight(struct job_ctx *j)
{
	struct create_mem *m = create_mem(j);
	struct preflight_params pp;

	if (m->password == NULL) {
		job_step_done(j, -EAGAIN, "hapaird restarted during the preflight and does not "
		    "keep the peer's password: start Create cluster again");
		return;
	}
	memset(&pp, 0, sizeof(pp));
	g_strlcpy(pp.peer_address, p_str(j, "peer_address"), sizeof(pp.peer_address));
	pp.peer_port = (uint16_t)json_object_get_int_member(job_params(j), "peer_port");
	pp.password = m->password;
	preflight_parse_ip_prefix(p_str(j, "failover_ip"), pp.failover_ip,
	    sizeof(pp.failover_ip), &pp.failover_prefix);
	g_strlcpy(pp.interface, p_str(j, "interface"), sizeof(pp.interface));
	if (json_object_has_member(job_params(j), "bmc")) {
		JsonObject *b = json_object_get_object_member(job_params(j), "bmc");

		g_strlcpy(pp.bmc_address[0], json_object_get_string_member(b, "address"),
		    sizeof(pp.bmc_address[0]));
		g_strlcpy(pp.bmc_address[1], json_object_get_string_member(b, "peer_address"),
		    sizeof(pp.bmc_address[1]));
		g_strlcpy(pp.bmc_user, json_object_get_string_member(b, "user"),
		    sizeof(pp.bmc_user));
		pp.bmc_password = json_object_get_string_member(b, "password");
		g_strlcpy(pp.bmc_cipher, json_object_get_string_member_with_default(b, "cipher",
		    ""), sizeof(pp.bmc_cipher));
	}
	preflight_run(job_hpd(j), &pp, create_preflight_done, j);
}

/* Step 1: pair --------------------------------------------------------------- */

static void
create_pair(struct job_ctx *j)
{
	struct create_mem *m = create_mem(j);

	if (m->password == NULL) {
		job_step_done(j, -EAGAIN, "hapaird restarted during the pairing and does not "
		    "keep the peer's password: start Create cluster again");
		return;
	}
	peer_client_pair(job_hpd(j), p_str(j, "peer_address"),
	    (uint16_t)json_object_get_int_member(job_params(j), "peer_port"),
	    m->password, job_peer_done, j);
}

static void
create_unpaired(struct hpd *d, const struct peer_reply *r, void *arg)
{
	/* Never paired (the pairing itself failed): nothing to undo. */
	bool ok = r->result == PEER_OK || r->result == PEER_E_NOT_PAIRED;

	job_step_done(arg, ok ? 0 : -EIO, "%s", r->message);
}

static void
create_unpair(struct job_ctx *j)
{
	peer_client_unpair(job_hpd(j), create_unpaired, j);
}

/* Step 2: keys and configuration --------------------------------------------- */

static int
create_render(struct job_ctx *j, char *err, size_t errlen)
{
	struct hpd *d = job_hpd(j);
	JsonObject *p = job_params(j);
	const char *local = p_str(j, "local_node"), *peer = p_str(j, "peer_node");
	const char *local_lan = p_str(j, "local_lan"), *peer_lan = p_str(j, "peer_lan");
	unsigned char key[HB_AUTHKEY_BYTES];
	char secret[DRBD_SECRET_HEX_LEN + 1], ip[64];
	unsigned prefix;
	g_autoptr(GString) conf = g_string_new(""), res = g_string_new("");
	g_autoptr(GString) cib = g_string_new(""), boot = g_string_new("");
	g_autoptr(GString) skel = g_string_new(""), cibxml = g_string_new("");
	struct fo_cib_service svcs[CFG_SERVICES_MAX];
	struct fo_cib_data data;
	struct fo_cib_params cp;
	gchar *key64, *name;
	int rc;

	/* Once made, kept: a resumed job must not hand out new keys. */
	if (json_object_has_member(p, "authkey"))
		return 0;
	if (hb_authkey_generate(key, sizeof(key)) != 0 ||
	    drbd_secret_generate(secret, sizeof(secret)) != 0) {
		snprintf(err, errlen, "OpenSSL's random generator could not be seeded");
		return -EIO;
	}
	name = g_strdup_printf("hapair-%08x", g_random_int());

	struct hb_corosync_params hp = {
		.cluster_name = name,
		.token_ms = d->cfg.hb_timeout_ms,
		.nodes = {
			{ 1, local, p_str(j, "local_hb"), local_lan },
			{ 2, peer, p_str(j, "peer_hb"), peer_lan },
		},
	};
	if ((rc = hb_corosync_conf_render(&hp, conf, err, errlen)) != 0)
		goto out;
	if (p_has_data(j)) {
		struct drbd_res_params dp = {
			.resource = DRBD_RESOURCE_DEFAULT,
			.minor = 0,
			.disk = d->cfg.data_device,
			.nodes = { { local, p_str(j, "local_hb") }, { peer, p_str(j, "peer_hb") } },
			.shared_secret = secret,
			.kernel_major = node_act_drbd_kernel_major(),
			.resync_rate_kib_s = d->cfg.data_resync_rate_kib_s,
			.fixed_rate = d->cfg.data_resync_rate_kib_s != 0,
			.ping_timeout_ms = d->cfg.hb_timeout_ms / 2,
		};
		if ((rc = drbd_res_render(&dp, res, err, errlen)) != 0)
			goto out;
	}

	preflight_parse_ip_prefix(p_str(j, "failover_ip"), ip, sizeof(ip), &prefix);
	memset(&cp, 0, sizeof(cp));
	cp.nodes[0] = local;
	cp.nodes[1] = peer;
	cp.ip = ip;
	cp.prefix_len = prefix;
	cp.nic = p_str(j, "interface");
	if (p_has_data(j)) {
		data = (struct fo_cib_data){ DRBD_RESOURCE_DEFAULT, 0, d->cfg.data_mount,
		    d->cfg.data_fstype };
		cp.data = &data;
	}
	for (unsigned i = 0; i < d->cfg.nservices; i++) {
		const struct cfg_service *s = &d->cfg.services[i];

		svcs[i] = (struct fo_cib_service){
			.name = s->name,
			.unit = *s->unit ? s->unit : NULL,
			.command = *s->command ? s->command : NULL,
			.port = s->port,
			.address = *s->address ? s->address : NULL,
			.directory = *s->directory ? s->directory : NULL,
		};
	}
	cp.services = svcs;
	cp.nservices = d->cfg.nservices;
	cp.fence = d->cfg.fencing == CFG_FENCING_LAB ? FO_FENCE_LAB : FO_FENCE_NONE;
	if (json_object_has_member(job_params(j), "bmc")) {
		JsonObject *b = json_object_get_object_member(job_params(j), "bmc");
		const char *user = json_object_get_string_member(b, "user");
		const char *pw = json_object_get_string_member(b, "password");

		const char *cipher = json_object_get_string_member_with_default(b, "cipher", NULL);

		cp.fence = FO_FENCE_IPMI;
		cp.bmc[0] = (struct fo_cib_bmc){ json_object_get_string_member(b, "address"),
		    user, pw, true, cipher };
		cp.bmc[1] = (struct fo_cib_bmc){ json_object_get_string_member(b,
		    "peer_address"), user, pw, true, cipher };
	}
	cp.ping_targets = json_object_get_string_member_with_default(job_params(j), "ping", NULL);
	cp.lan[0] = local_lan;
	cp.lan[1] = peer_lan;
	cp.preferred = local;
	if ((rc = fo_cib_build(&cp, cib, err, errlen)) != 0)
		goto out;
	cp.options_only = true;
	if ((rc = fo_cib_build(&cp, boot, err, errlen)) != 0)
		goto out;
	if ((rc = fo_cib_skeleton(skel)) != 0) {
		snprintf(err, errlen, "Pacemaker's library could not make an empty CIB");
		goto out;
	}
	if ((rc = fo_cib_embed(skel->str, boot->str, cibxml, err, errlen)) != 0)
		goto out;

	key64 = g_base64_encode(key, sizeof(key));
	json_object_set_string_member(p, "name", name);
	json_object_set_string_member(p, "corosync_conf", conf->str);
	json_object_set_string_member(p, "authkey", key64);
	json_object_set_string_member(p, "cib_xml", cibxml->str);
	json_object_set_string_member(p, "configuration", cib->str);
	if (p_has_data(j))
		json_object_set_string_member(p, "drbd_res", res->str);
	memset(key64, 0, strlen(key64));
	g_free(key64);
	if (job_params_save(j) != 0) {
		snprintf(err, errlen, "cannot store the job's progress in the database");
		rc = -EIO;
	}
out:
	memset(key, 0, sizeof(key));
	memset(secret, 0, sizeof(secret));
	g_free(name);
	return rc;
}

static void
create_keys(struct job_ctx *j)
{
	char err[512];
	int rc = create_render(j, err, sizeof(err));

	job_step_done(j, rc, "%s", err);
}

/* Steps 3 to 8: files, DRBD and the stack, on the peer first --------------------- */

static void create_install_peer(struct job_ctx *j) { create_act(j, true, NODE_ACT_FILES_INSTALL, create_files_members); }
static void create_install_here(struct job_ctx *j) { create_act(j, false, NODE_ACT_FILES_INSTALL, create_files_members); }
static void create_remove_peer(struct job_ctx *j) { create_act(j, true, NODE_ACT_FILES_REMOVE, NULL); }
static void create_remove_here(struct job_ctx *j) { create_act(j, false, NODE_ACT_FILES_REMOVE, NULL); }

static void
create_drbd(struct job_ctx *j, bool on_peer, const char *action)
{
	if (!p_has_data(j)) {
		job_step_done(j, 0, NULL);     /* no data volume: nothing to do */
		return;
	}
	create_act(j, on_peer, action, create_drbd_members);
}

static void create_drbd_peer(struct job_ctx *j) { create_drbd(j, true, NODE_ACT_DRBD_CREATE); }
static void create_drbd_here(struct job_ctx *j) { create_drbd(j, false, NODE_ACT_DRBD_CREATE); }
static void create_undrbd_peer(struct job_ctx *j) { create_drbd(j, true, NODE_ACT_DRBD_REMOVE); }
static void create_undrbd_here(struct job_ctx *j) { create_drbd(j, false, NODE_ACT_DRBD_REMOVE); }
static void create_stack_peer(struct job_ctx *j) { create_act(j, true, NODE_ACT_STACK_START, NULL); }
static void create_stack_here(struct job_ctx *j) { create_act(j, false, NODE_ACT_STACK_START, NULL); }
static void create_unstack_peer(struct job_ctx *j) { create_act(j, true, NODE_ACT_STACK_STOP, NULL); }
static void create_unstack_here(struct job_ctx *j) { create_act(j, false, NODE_ACT_STACK_STOP, NULL); }

/* Waiting steps ------------------------------------------------------------ */

static void
create_wait(struct job_ctx *j, job_wait_fn fn, unsigned timeout_s, const char *what)
{
	struct create_mem *m = create_mem(j);

	m->wait_start_us = g_get_monotonic_time();
	m->disconnected_since_us = 0;
	job_wait_start(j, fn, timeout_s, what);
}

static int
create_both_online(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));
	unsigned online = 0;

	if (s == NULL || s->mem_rc != 0) {
		snprintf(why, len, "corosync does not answer here yet");
		return 0;
	}
	if (s->mem.nmembers < 2) {
		snprintf(why, len, "corosync sees %u of 2 nodes", s->mem.nmembers);
		return 0;
	}
	if (s->cib_rc != 0 || s->cib.dc[0] == '\0') {
		snprintf(why, len, "Pacemaker has not elected a DC yet");
		return 0;
	}
	for (unsigned i = 0; i < s->cib.nnodes; i++)
		online += s->cib.nodes[i].online;
	if (online < 2) {
		snprintf(why, len, "Pacemaker sees %u of 2 nodes online", online);
		return 0;
	}
	return 1;
}

static void
create_wait_online(struct job_ctx *j)
{
	create_wait(j, create_both_online, CREATE_ONLINE_TIMEOUT_S, "both nodes online");
}

static int
create_active_here(struct job_ctx *j, char *why, size_t len)
{
	const struct cluster_snap *s = cluster_status_snap(job_hpd(j));
	const char *me = job_hpd(j)->cfg.node_name;

	if (s == NULL || s->cib_rc != 0) {
		snprintf(why, len, "Pacemaker does not answer here");
		return 0;
	}
	if (strcmp(s->cib.failover_ip_node, me) == 0 && s->cib.local_active)
		return 1;
	if (s->cib.nfailed > 0) {
		fo_failed_action_text(&s->cib.failed[0], why, len);
	} else {
		snprintf(why, len, "the failover IP runs on %s",
		    *s->cib.failover_ip_node ? s->cib.failover_ip_node : "no node yet");
	}
	return 0;
}

static void
create_wait_active(struct job_ctx *j)
{
	create_wait(j, create_active_here, CREATE_ACTIVE_TIMEOUT_S,
	    "the failover IP and the services starting on this node");
}

/* Steps 10 and 11: this node's data, the resources ------------------------- */

static void
create_initial(struct job_ctx *j)
{
	create_drbd(j, false, NODE_ACT_DRBD_INITIAL);
}

static void
create_demote(struct job_ctx *j)
{
	create_drbd(j, false, NODE_ACT_DRBD_DEMOTE);
}

static void
create_configure(struct job_ctx *j)
{
	static const char *const members[] = { "configuration", NULL };

	create_act(j, false, NODE_ACT_CIB_APPLY, members);
}

/* Steps 13 and 14: the record -------------------------------------------------- */

static void
create_record(struct job_ctx *j, bool on_peer)
{
	JsonObject *p = job_params(j);

	/* Each node records the other as its peer. */
	static const char *const members[] = { "name", "failover_ip", "peer", NULL };

	json_object_set_string_member(p, "peer", p_str(j, on_peer ? "local_node" : "peer_node"));
	create_act(j, on_peer, NODE_ACT_RECORD, members);
}

static void create_record_peer(struct job_ctx *j) { create_record(j, true); }
static void create_record_here(struct job_ctx *j) { create_record(j, false); }
static void create_forget_peer(struct job_ctx *j) { create_act(j, true, NODE_ACT_FORGET, NULL); }
static void create_forget_here(struct job_ctx *j) { create_act(j, false, NODE_ACT_FORGET, NULL); }

/* Step 15: the initial sync ------------------------------------------------------ */

static int
create_synced(struct job_ctx *j, char *why, size_t len)
{
	struct create_mem *m = create_mem(j);
	struct drbd_watch_sync st;

	if (!drbd_watch_sync_state(job_hpd(j), &st)) {
		snprintf(why, len, "DRBD's state is not known yet");
		return 0;
	}
	if (strcmp(st.disk, "UpToDate") == 0 && strcmp(st.peer_disk, "UpToDate") == 0) {
		job_step_progress(j, 100, -1);
		return 1;
	}
	if (strcmp(st.disk, "Failed") == 0 || strcmp(st.disk, "Diskless") == 0) {
		snprintf(why, len, "this node's DRBD disk is %s: check the backing device %s",
		    st.disk, job_hpd(j)->cfg.data_device);
		return -EIO;
	}
	if (strcmp(st.connection, "Connected") != 0 && strncmp(st.connection, "Sync", 4) != 0) {
		if (m->disconnected_since_us == 0)
			m->disconnected_since_us = g_get_monotonic_time();
		if (g_get_monotonic_time() - m->disconnected_since_us >
		    (int64_t)CREATE_SYNC_DISCONNECTED_S * G_USEC_PER_SEC) {
			snprintf(why, len, "DRBD has been %s from the peer for %d s",
			    *st.connection ? st.connection : "disconnected", CREATE_SYNC_DISCONNECTED_S);
			return -EIO;
		}
		return 0;
	}
	m->disconnected_since_us = 0;
	job_step_progress(j, st.percent >= 0 ? (int)st.percent : -1, st.rate_kib_s);
	return 0;
}

static void
create_sync(struct job_ctx *j)
{
	if (!p_has_data(j)) {
		job_step_done(j, 0, NULL);
		return;
	}
	create_wait(j, create_synced, 0, "the initial sync");
}

/* The kind ----------------------------------------------------------------------- */

/* name, resumable, has undo */
static const struct job_step_def create_steps[] = {
	{ "preflight on both nodes", false, false },
	{ "pair with the peer", false, true },
	{ "make keys and configuration", true, false },
	{ "install the configuration on the peer", true, true },
	{ "install the configuration here", true, true },
	{ "set up DRBD on the peer", true, true },
	{ "set up DRBD here", true, true },
	{ "start the cluster stack on the peer", true, true },
	{ "start the cluster stack here", true, true },
	{ "wait for both nodes online", true, false },
	{ "make this node's data the one to keep", true, true },
	{ "configure the resources", true, false },
	{ "wait for the service on this node", true, false },
	{ "record the cluster on the peer", true, true },
	{ "record the cluster here", true, true },
	{ "initial sync of the data volume", true, false },
};

static const struct job_step_impl create_impl[] = {
	{ create_preflight, NULL },
	{ create_pair, create_unpair },
	{ create_keys, NULL },
	{ create_install_peer, create_remove_peer },
	{ create_install_here, create_remove_here },
	{ create_drbd_peer, create_undrbd_peer },
	{ create_drbd_here, create_undrbd_here },
	{ create_stack_peer, create_unstack_peer },
	{ create_stack_here, create_unstack_here },
	{ create_wait_online, NULL },
	{ create_initial, create_demote },
	{ create_configure, NULL },
	{ create_wait_active, NULL },
	{ create_record_peer, create_forget_peer },
	{ create_record_here, create_forget_here },
	{ create_sync, NULL },
};

G_STATIC_ASSERT(G_N_ELEMENTS(create_steps) == G_N_ELEMENTS(create_impl));

static void
create_finished(struct job_ctx *j, enum job_state end)
{
	struct hpd *d = job_hpd(j);

	if (end == JOB_DONE)
		hpd_event(d, EV_NOTICE, CREATE_SUBSYSTEM, job_id(j), "cluster %s created: %s "
		    "(active) and %s, failover IP %s", p_str(j, "name"), p_str(j, "local_node"),
		    p_str(j, "peer_node"), p_str(j, "failover_ip"));
	else if (end == JOB_ROLLED_BACK)
		hpd_event(d, EV_NOTICE, CREATE_SUBSYSTEM, job_id(j), "create cluster did not "
		    "complete; both nodes are standalone again, as they were");
}

const struct job_kind job_create_kind = {
	.def = { "create", create_steps, G_N_ELEMENTS(create_steps) },
	.impl = create_impl,
	.finished = create_finished,
};

int
job_create_start(struct hpd *d, const struct cluster_req *req, int64_t *id,
    char *err, size_t errlen)
{
	JsonObject *p;
	int rc;

	p = json_object_new();
	json_object_set_string_member(p, "peer_address", req->peer_address);
	json_object_set_int_member(p, "peer_port", req->peer_port);
	json_object_set_string_member(p, "failover_ip", req->failover_ip);
	json_object_set_string_member(p, "interface", req->interface);
	/* Kept with the job (the database is root's only): the CIB is written
	 * in a later, resumable step, and holds the BMC password anyway. */
	if (req->has_bmc)
		json_object_set_object_member(p, "bmc", cluster_req_bmc_to_json(&req->bmc));
	if (req->ping[0] != '\0')
		json_object_set_string_member(p, "ping", req->ping);
	json_object_set_boolean_member(p, "data",
	    strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) != 0);
	json_object_set_string_member(p, "resource", DRBD_RESOURCE_DEFAULT);
	json_object_set_string_member(p, "device", DRBD_DEVICE_PREFIX "0");
	json_object_set_string_member(p, "fstype", d->cfg.data_fstype);
	rc = job_run_start(d, &job_create_kind, p, id, err, errlen);
	json_object_unref(p);
	if (rc == 0) {
		struct create_mem *m = g_new0(struct create_mem, 1);

		m->password = g_strdup(req->password);
		job_set_data(d->job, m, create_mem_free);
	}
	return rc;
}
