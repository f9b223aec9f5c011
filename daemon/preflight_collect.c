/* SPDX-License-Identifier: GPL-2.0-or-later */
/* preflight_collect: facts for the create-cluster preflight (see
 * preflight_collect.h).  The three sources run side by side: this node's
 * facts at once, arping as a GSubprocess (argv, never a shell: the IP and
 * the interface come from the operator), the peer's over the peer
 * channel.  The last one to finish judges. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib.h>
#include <openssl/crypto.h>

#include "cfg.h"
#include "hb_link.h"
#include "hp_cmd.h"
#include "hp_log.h"
#include "peer_client.h"
#include "preflight_collect.h"
#include "store.h"

static void
pf_iface(const char *name, struct preflight_iface *out)
{
	struct hb_link_info li;
	int rc;

	memset(out, 0, sizeof(*out));
	g_strlcpy(out->name, name, sizeof(out->name));
	rc = hb_link_query(name, &li);
	if (rc < 0) {
		/* Reported as "does not exist": the operator checks the same. */
		log_warnx("preflight: netlink query of %s failed: %s", name, g_strerror(-rc));
		return;
	}
	out->exists = li.exists;
	for (unsigned k = 0; k < li.naddrs && k < PREFLIGHT_ADDR_MAX; k++)
		g_strlcpy(out->addrs[out->naddrs++], li.addrs[k], PREFLIGHT_ADDR_LEN);
}

/* The file system at the start of FD's device, if any: 2 KiB, local. */
static void
pf_data_fs(int fd, struct preflight_facts *out)
{
	unsigned char buf[2048];
	ssize_t n = pread(fd, buf, sizeof(buf), 0);

	if (n > 0 && preflight_fs_size(buf, (size_t)n, out->data_fs, sizeof(out->data_fs),
	    &out->data_fs_bytes) != 0)
		out->data_fs[0] = '\0';
}

/* The size of PATH: a block device's by BLKGETSIZE64, a file's (the lab
 * and tests use loop-able files) by st_size. */
static void
pf_data_device(const char *path, struct preflight_facts *out)
{
	struct stat st;
	uint64_t size = 0;
	int fd;

	g_strlcpy(out->data_device, path, sizeof(out->data_device));
	if (strcmp(path, CFG_DATA_DEVICE_NONE) == 0)
		return;
	if (stat(path, &st) < 0) {
		g_strlcpy(out->data_error, g_strerror(errno), sizeof(out->data_error));
		return;
	}
	if (S_ISREG(st.st_mode)) {
		out->data_present = true;
		out->data_size_bytes = (uint64_t)st.st_size;
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
			pf_data_fs(fd, out);
			close(fd);
		}
		return;
	}
	if (!S_ISBLK(st.st_mode)) {
		g_strlcpy(out->data_error, "not a block device", sizeof(out->data_error));
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &size) < 0) {
		g_snprintf(out->data_error, sizeof(out->data_error), "cannot read its size: %s",
		    g_strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	pf_data_fs(fd, out);
	close(fd);
	out->data_present = true;
	out->data_size_bytes = size;
}

void
preflight_local_facts(struct hpd *d, const char *iface, struct preflight_facts *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	g_strlcpy(out->node, d->cfg.node_name, sizeof(out->node));
	g_strlcpy(out->version, PACKAGE_VERSION, sizeof(out->version));
	out->time_us = g_get_real_time();
	rc = store_cluster_role(d->store, out->role, sizeof(out->role));
	if (rc < 0) {
		/* Unknown is not standalone: the check then fails, saying so. */
		log_warnx("preflight: reading the cluster role failed: %s", g_strerror(-rc));
		g_strlcpy(out->role, "unknown", sizeof(out->role));
	}
	pf_iface(d->cfg.hb_interface, &out->hb);
	pf_iface(iface, &out->fo);
	pf_data_device(d->cfg.data_device, out);
}

/* Running --------------------------------------------------------------------- */

struct pf_run {
	struct hpd *d;
	preflight_done_fn fn;
	void *arg;
	unsigned pending;
	struct preflight_request req;
	struct preflight_facts local;
	struct preflight_facts peer;
};

static void
pf_run_step(struct pf_run *r)
{
	struct preflight_report report;
	const struct preflight_facts *peer;

	if (--r->pending > 0)
		return;
	peer = r->req.peer_status == PREFLIGHT_PEER_FACTS ? &r->peer : NULL;
	preflight_judge(&r->local, peer, &r->req, &report);
	log_info("preflight for a cluster with %s: %u of %u checks failed", r->req.peer_where,
	    report.nfailed, report.nitems);
	r->fn(r->d, &report, &r->local, peer, r->arg);
	g_free(r);
}

static void
pf_peer_done(struct hpd *d, const struct peer_reply *pr, void *arg)
{
	struct pf_run *r = arg;

	g_strlcpy(r->req.peer_detail, pr->message, sizeof(r->req.peer_detail));
	switch (pr->result) {
	case PEER_OK:
		r->req.peer_status = PREFLIGHT_PEER_FACTS;
		r->peer = pr->facts;
		r->req.clock_offset_us = pr->clock_offset_us;
		r->req.clock_rtt_us = pr->rtt_us;
		break;
	case PEER_E_UNREACHABLE:
		r->req.peer_status = PREFLIGHT_PEER_NO_ANSWER;
		break;
	case PEER_E_WRONG_PASSWORD:
		r->req.peer_status = PREFLIGHT_PEER_BAD_PASSWORD;
		break;
	default:
		r->req.peer_status = PREFLIGHT_PEER_FAILED;
		break;
	}
	pf_run_step(r);
}

static void
pf_arp_done(GObject *source, GAsyncResult *res, gpointer user_data)
{
	struct pf_run *r = user_data;
	GSubprocess *proc = G_SUBPROCESS(source);
	g_autoptr(GError) error = NULL;
	g_autofree char *out = NULL;

	if (!g_subprocess_communicate_utf8_finish(proc, res, &out, NULL, &error)) {
		r->req.arp = PREFLIGHT_ARP_FAILED;
		g_snprintf(r->req.arp_detail, sizeof(r->req.arp_detail), "arping: %s",
		    error->message);
	} else if (!g_subprocess_get_if_exited(proc)) {
		r->req.arp = PREFLIGHT_ARP_FAILED;
		g_strlcpy(r->req.arp_detail, "arping was killed", sizeof(r->req.arp_detail));
	} else {
		preflight_arp_verdict(g_subprocess_get_exit_status(proc), out, &r->req);
	}
	log_debug("preflight: arping for %s on %s: %s", r->req.failover_ip,
	    r->req.interface, out != NULL ? out : "");
	g_object_unref(proc);
	pf_run_step(r);
}

/* arping -D: duplicate address detection, sent from 0.0.0.0 so that no
 * neighbour's ARP cache learns anything from the probe. */
static bool
pf_arp_start(struct pf_run *r)
{
	const char *argv[] = { PREFLIGHT_ARPING, "-D", "-c", PREFLIGHT_ARP_COUNT, "-w",
		PREFLIGHT_ARP_WAIT_S, "-I", r->req.interface, r->req.failover_ip, NULL };
	g_autoptr(GError) error = NULL;
	GSubprocess *proc;

	proc = g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	    G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
	if (proc == NULL) {
		r->req.arp = PREFLIGHT_ARP_FAILED;
		g_snprintf(r->req.arp_detail, sizeof(r->req.arp_detail), "cannot run arping "
		    "(%s): install iputils-arping", error->message);
		return false;
	}
	g_subprocess_communicate_utf8_async(proc, NULL, NULL, pf_arp_done, r);
	return true;
}

struct pf_bmc_ctx {
	struct pf_run *r;
	struct preflight_bmc *b;
};

static void
pf_bmc_done(struct hpd *d, int status, char *output, const char *error, gpointer arg)
{
	struct pf_bmc_ctx *c = arg;

	if (status < 0) {
		g_autofree char *path = g_find_program_in_path(PREFLIGHT_FENCE_IPMI);

		c->b->state = PREFLIGHT_BMC_FAILED;
		g_snprintf(c->b->detail, sizeof(c->b->detail), "%s%s", error != NULL ? error :
		    "it did not run", path == NULL ? ": install fence-agents" : "");
	} else {
		preflight_bmc_verdict(status, output, c->b);
	}
	log_debug("preflight: fence_ipmilan status of %s: %d", c->b->address, status);
	pf_run_step(c->r);
	g_free(c);
}

/* fence_ipmilan -o status on each BMC, options on stdin as Pacemaker
 * passes them: the password stays off the command line. */
static void
pf_bmc_start(struct pf_run *r, const struct preflight_params *p)
{
	static const char *const argv[] = { PREFLIGHT_FENCE_IPMI, NULL };

	r->req.bmc_given = true;
	for (int i = 0; i < 2; i++) {
		struct pf_bmc_ctx *c = g_new0(struct pf_bmc_ctx, 1);
		char *input = g_strdup_printf("ip=%s\nusername=%s\npassword=%s\nlanplus=1\n"
		    "%s%s%saction=status\n", p->bmc_address[i], p->bmc_user, p->bmc_password,
		    *p->bmc_cipher ? "cipher=" : "", p->bmc_cipher, *p->bmc_cipher ? "\n" : "");

		g_strlcpy(r->req.bmc[i].address, p->bmc_address[i], sizeof(r->req.bmc[i].address));
		c->r = r;
		c->b = &r->req.bmc[i];
		r->pending++;
		hp_cmd_run(r->d, argv, input, PREFLIGHT_BMC_TIMEOUT_S, pf_bmc_done, c);
		/* hp_cmd_run keeps its own copy until the child read it. */
		explicit_bzero(input, strlen(input));
		g_free(input);
	}
}

struct pf_ping_ctx {
	struct pf_run *r;
	struct preflight_ping *p;
};

static void
pf_ping_done(struct hpd *d, int status, char *output, const char *error, gpointer arg)
{
	struct pf_ping_ctx *c = arg;

	if (status < 0) {
		c->p->state = PREFLIGHT_PING_FAILED;
		g_strlcpy(c->p->detail, error != NULL ? error : "it did not run",
		    sizeof(c->p->detail));
	} else {
		preflight_ping_verdict(status, output, c->p);
	}
	log_debug("preflight: ping %s: %d", c->p->address, status);
	pf_run_step(c->r);
	g_free(c);
}

/* Each ping target from this node, all at once. */
static void
pf_ping_start(struct pf_run *r, const char *list)
{
	gchar **v = g_strsplit(list, ",", -1);

	for (unsigned i = 0; v[i] != NULL && r->req.nping < PREFLIGHT_PING_MAX; i++) {
		struct preflight_ping *p = &r->req.ping[r->req.nping++];
		struct pf_ping_ctx *c = g_new0(struct pf_ping_ctx, 1);
		const char *argv[] = { PREFLIGHT_PING_PROG, "-n", "-q", "-c", "3", "-i", "0.2",
			"-W", "1", v[i], NULL };

		g_strlcpy(p->address, v[i], sizeof(p->address));
		c->r = r;
		c->p = p;
		r->pending++;
		hp_cmd_run(r->d, argv, NULL, PREFLIGHT_PING_TIMEOUT_S, pf_ping_done, c);
	}
	g_strfreev(v);
}

void
preflight_run(struct hpd *d, const struct preflight_params *p, preflight_done_fn fn,
    void *arg)
{
	struct pf_run *r = g_new0(struct pf_run, 1);
	bool v6 = strchr(p->peer_address, ':') != NULL;

	r->d = d;
	r->fn = fn;
	r->arg = arg;
	g_snprintf(r->req.peer_where, sizeof(r->req.peer_where), "%s%s%s:%u", v6 ? "[" : "",
	    p->peer_address, v6 ? "]" : "", (unsigned)p->peer_port);
	g_strlcpy(r->req.failover_ip, p->failover_ip, sizeof(r->req.failover_ip));
	r->req.failover_prefix = p->failover_prefix;
	g_strlcpy(r->req.interface, p->interface, sizeof(r->req.interface));
	preflight_local_facts(d, p->interface, &r->local);

	/* One for the peer, one for arping, one for this function: nothing
	 * is judged before both were started. */
	r->pending = 1;
	r->req.arp = PREFLIGHT_ARP_NOT_APPLICABLE;
	if (strchr(p->failover_ip, ':') == NULL && r->local.fo.exists) {
		r->pending++;
		if (!pf_arp_start(r))
			r->pending--;
	}
	r->pending++;
	peer_client_preflight(d, p->peer_address, p->peer_port, p->password, p->interface,
	    pf_peer_done, r);
	if (p->bmc_address[0][0] != '\0')
		pf_bmc_start(r, p);
	if (p->ping[0] != '\0')
		pf_ping_start(r, p->ping);
	pf_run_step(r);
}

JsonNode *
preflight_report_to_json(const struct preflight_report *r,
    const struct preflight_facts *local, const struct preflight_facts *peer)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "passed");
	json_builder_add_boolean_value(b, r->nfailed == 0);
	json_builder_set_member_name(b, "failed");
	json_builder_add_int_value(b, r->nfailed);
	json_builder_set_member_name(b, "local");
	json_builder_add_string_value(b, local->node);
	json_builder_set_member_name(b, "peer");
	if (peer != NULL)
		json_builder_add_string_value(b, peer->node);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "checks");
	json_builder_begin_array(b);
	for (unsigned i = 0; i < r->nitems; i++) {
		const struct preflight_item *it = &r->items[i];

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "check");
		json_builder_add_string_value(b, it->check);
		json_builder_set_member_name(b, "state");
		json_builder_add_string_value(b, preflight_state_name(it->state));
		json_builder_set_member_name(b, "node");
		json_builder_add_string_value(b, it->node);
		json_builder_set_member_name(b, "message");
		json_builder_add_string_value(b, it->message);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}
