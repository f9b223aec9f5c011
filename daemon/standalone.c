/* SPDX-License-Identifier: GPL-2.0-or-later */
/* standalone: a dissolved cluster's kept node runs its services itself
 * (see the header).  Each piece is a child process (mount, ip, the OCF
 * agent) run one after the other, never blocking the loop. */
#include <errno.h>
#include <json-glib/json-glib.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "addr_local.h"
#include "cfg.h"
#include "hp_cmd.h"
#include "hp_log.h"
#include "standalone.h"
#include "store.h"

#define STANDALONE_CMD_TIMEOUT_S 90      /* the agent's start waits for the port */

struct sa_cmd {
	GPtrArray *argv;          /* NULL-terminated */
	bool may_fail;            /* already done (mounted, address present, stopped) */
	char *what;
};

struct sa_run {
	struct hpd *d;
	GPtrArray *cmds;          /* struct sa_cmd * */
	unsigned next;
	standalone_done_fn done;
	void *arg;
};

static void
sa_cmd_free(gpointer p)
{
	struct sa_cmd *c = p;

	g_ptr_array_unref(c->argv);
	g_free(c->what);
	g_free(c);
}

static struct sa_cmd *
sa_add(struct sa_run *r, bool may_fail, const char *what)
{
	struct sa_cmd *c = g_new0(struct sa_cmd, 1);

	c->argv = g_ptr_array_new_with_free_func(g_free);
	c->may_fail = may_fail;
	c->what = g_strdup(what);
	g_ptr_array_add(r->cmds, c);
	return c;
}

static void
sa_arg(struct sa_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sa_arg(struct sa_cmd *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(c->argv, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* The agent's ACTION for service S: env OCF_...=... AGENT ACTION */
static void
sa_add_agent(struct sa_run *r, const struct cfg_service *s, const char *action, bool may_fail)
{
	char what[96];
	struct sa_cmd *c;

	snprintf(what, sizeof(what), "%s service %s", action, s->name);
	c = sa_add(r, may_fail, what);
	sa_arg(c, "env");
	sa_arg(c, "OCF_ROOT=%s", STANDALONE_OCF_ROOT);
	sa_arg(c, "OCF_RESOURCE_INSTANCE=svc_%s", s->name);
	if (*s->unit)
		sa_arg(c, "OCF_RESKEY_unit=%s", s->unit);
	if (*s->command)
		sa_arg(c, "OCF_RESKEY_command=%s", s->command);
	if (s->port != 0)
		sa_arg(c, "OCF_RESKEY_port=%u", (unsigned)s->port);
	if (*s->address)
		sa_arg(c, "OCF_RESKEY_address=%s", s->address);
	if (*s->directory)
		sa_arg(c, "OCF_RESKEY_directory=%s", s->directory);
	sa_arg(c, "%s", STANDALONE_AGENT);
	sa_arg(c, "%s", action);
}

static void sa_next(struct sa_run *r);

static void
sa_ran(struct hpd *d, int status, char *output, const char *error, gpointer arg)
{
	struct sa_run *r = arg;
	struct sa_cmd *c = g_ptr_array_index(r->cmds, r->next);
	char last[256];

	if (status != 0 && !c->may_fail) {
		g_autofree char *why = NULL;

		hp_cmd_last_line(output, last, sizeof(last));
		why = g_strdup_printf("%s failed: %s", c->what, error != NULL ? error :
		    *last ? last : "no reason given");
		r->done(d, -EIO, why, r->arg);
		g_ptr_array_unref(r->cmds);
		g_free(r);
		return;
	}
	r->next++;
	sa_next(r);
}

static void
sa_next(struct sa_run *r)
{
	struct sa_cmd *c;

	if (r->next >= r->cmds->len) {
		r->done(r->d, 0, NULL, r->arg);
		g_ptr_array_unref(r->cmds);
		g_free(r);
		return;
	}
	c = g_ptr_array_index(r->cmds, r->next);
	if (c->argv->len == 0 || g_ptr_array_index(c->argv, c->argv->len - 1) != NULL)
		g_ptr_array_add(c->argv, NULL);
	hp_cmd_run(r->d, (const char *const *)c->argv->pdata, NULL, STANDALONE_CMD_TIMEOUT_S,
	    sa_ran, r);
}

static struct sa_run *
sa_new(struct hpd *d, standalone_done_fn done, void *arg)
{
	struct sa_run *r = g_new0(struct sa_run, 1);

	r->d = d;
	r->cmds = g_ptr_array_new_with_free_func(sa_cmd_free);
	r->done = done;
	r->arg = arg;
	return r;
}

static bool
sa_has_data(struct hpd *d)
{
	return strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) != 0;
}

/* The commands that start what the record says (ADDRESS may be ""). */
static struct sa_run *
sa_plan_start(struct hpd *d, const char *address, const char *interface,
    standalone_done_fn done, void *arg)
{
	struct sa_run *r = sa_new(d, done, arg);
	struct sa_cmd *c;

	if (sa_has_data(d)) {
		c = sa_add(r, false, "creating the mount point");
		sa_arg(c, "mkdir");
		sa_arg(c, "-p");
		sa_arg(c, "%s", d->cfg.data_mount);
		/* mountpoint -q succeeds when it is mounted already: then the
		 * mount is skipped (a second start at boot after a crash) */
		c = sa_add(r, false, "mounting the data volume");
		sa_arg(c, "sh");
		sa_arg(c, "-c");
		sa_arg(c, "mountpoint -q \"$2\" || mount -t \"$3\" \"$1\" \"$2\"");
		sa_arg(c, "mount");
		sa_arg(c, "%s", d->cfg.data_device);
		sa_arg(c, "%s", d->cfg.data_mount);
		sa_arg(c, "%s", d->cfg.data_fstype);
	}
	if (address != NULL && *address != '\0') {
		c = sa_add(r, true, "taking the failover IP as this node's address");
		sa_arg(c, "ip");
		sa_arg(c, "addr");
		sa_arg(c, "add");
		sa_arg(c, "%s", address);
		sa_arg(c, "dev");
		sa_arg(c, "%s", interface);
	}
	for (unsigned i = 0; i < d->cfg.nservices; i++)
		sa_add_agent(r, &d->cfg.services[i], "start", false);
	return r;
}

static char *
sa_record_json(const char *address, const char *interface)
{
	JsonObject *o = json_object_new();
	JsonNode *n = json_node_new(JSON_NODE_OBJECT);
	char *s;

	json_object_set_string_member(o, "address", address != NULL ? address : "");
	json_object_set_string_member(o, "interface", interface != NULL ? interface : "");
	json_node_take_object(n, o);
	s = json_to_string(n, FALSE);
	json_node_unref(n);
	return s;
}

void
standalone_start(struct hpd *d, const char *address, const char *interface,
    standalone_done_fn done, void *arg)
{
	g_autofree char *rec = sa_record_json(address, interface);

	/* recorded first: a crash halfway still ends with all of it at boot */
	if (store_setting_set(d->store, STANDALONE_SETTING, rec, false) != 0) {
		done(d, -EIO, "cannot record the standalone services in the database", arg);
		return;
	}
	sa_next(sa_plan_start(d, address, interface, done, arg));
}

void
standalone_stop(struct hpd *d, standalone_done_fn done, void *arg)
{
	struct sa_run *r = sa_new(d, done, arg);
	g_autofree char *rec = NULL;
	g_autoptr(JsonParser) p = json_parser_new();
	const char *address = NULL, *interface = NULL;
	struct sa_cmd *c;

	if (store_setting_get(d->store, STANDALONE_SETTING, &rec) != 0 || *rec == '\0') {
		sa_next(r);             /* nothing was started: nothing to stop */
		return;
	}
	if (json_parser_load_from_data(p, rec, -1, NULL) &&
	    JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p))) {
		JsonObject *o = json_node_get_object(json_parser_get_root(p));

		address = json_object_get_string_member_with_default(o, "address", "");
		interface = json_object_get_string_member_with_default(o, "interface", "");
	}
	for (unsigned i = d->cfg.nservices; i-- > 0;)
		sa_add_agent(r, &d->cfg.services[i], "stop", false);
	if (address != NULL && *address != '\0') {
		c = sa_add(r, true, "removing the former failover IP");
		sa_arg(c, "ip");
		sa_arg(c, "addr");
		sa_arg(c, "del");
		sa_arg(c, "%s", address);
		sa_arg(c, "dev");
		sa_arg(c, "%s", interface);
	}
	if (sa_has_data(d)) {
		c = sa_add(r, true, "unmounting the data volume");
		sa_arg(c, "umount");
		sa_arg(c, "%s", d->cfg.data_mount);
	}
	if (store_setting_set(d->store, STANDALONE_SETTING, "", false) != 0) {
		g_ptr_array_unref(r->cmds);
		g_free(r);
		done(d, -EIO, "cannot clear the standalone record in the database", arg);
		return;
	}
	sa_next(r);
}

void
standalone_release(struct hpd *d, const char *address, standalone_done_fn done, void *arg)
{
	struct sa_run *r = sa_new(d, done, arg);
	struct sa_cmd *c;
	char ifname[IF_NAMESIZE];

	/* All may fail: a piece that is not there is not an error here.  The
	 * address goes first: the peer takes it over as soon as it has fenced
	 * or lost this node, and until it is gone both answer ARP for it (a
	 * service left running without it for the moment of its stop reaches
	 * no client).  Its interface (Pacemaker's choice) is found here, so
	 * that one `ip` runs, not a shell with a pipe (seconds on a loaded
	 * node). */
	if (address != NULL && addr_local_iface(address, ifname, sizeof(ifname))) {
		c = sa_add(r, true, "removing the failover IP");
		sa_arg(c, "ip");
		sa_arg(c, "addr");
		sa_arg(c, "del");
		sa_arg(c, "%s", address);
		sa_arg(c, "dev");
		sa_arg(c, "%s", ifname);
	}
	for (unsigned i = d->cfg.nservices; i-- > 0;)
		sa_add_agent(r, &d->cfg.services[i], "stop", true);
	if (sa_has_data(d)) {
		c = sa_add(r, true, "unmounting the data volume");
		sa_arg(c, "umount");
		sa_arg(c, "%s", d->cfg.data_mount);
		c = sa_add(r, true, "demoting DRBD");
		sa_arg(c, "drbdadm");
		sa_arg(c, "secondary");
		sa_arg(c, "r0");
	}
	sa_next(r);
}

static void
standalone_resumed(struct hpd *d, int rc, const char *error, void *arg)
{
	if (rc == 0)
		hpd_event(d, EV_NOTICE, "standalone", 0, "standalone appliance: data volume, "
		    "address and services started");
	else
		hpd_event(d, EV_ERROR, "standalone", 0, "standalone appliance: %s", error);
}

void
standalone_resume(struct hpd *d)
{
	g_autofree char *rec = NULL;
	g_autoptr(JsonParser) p = json_parser_new();
	JsonObject *o;

	if (store_setting_get(d->store, STANDALONE_SETTING, &rec) != 0 || *rec == '\0' ||
	    !json_parser_load_from_data(p, rec, -1, NULL) ||
	    !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(p)))
		return;
	o = json_node_get_object(json_parser_get_root(p));
	sa_next(sa_plan_start(d, json_object_get_string_member_with_default(o, "address", ""),
	    json_object_get_string_member_with_default(o, "interface", ""), standalone_resumed,
	    NULL));
}
