/* SPDX-License-Identifier: GPL-2.0-or-later */
/* node_act: one node's part of a cluster job (see the header). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cib_async.h"
#include "cluster_files.h"
#include "drbd_adm.h"
#include "fo_cib_apply.h"   /* FO_CIB_APPLY_TIMEOUT_S */
#include "hp_cmd.h"
#include "hp_log.h"
#include "node_act.h"
#include "stack.h"
#include "standalone.h"
#include "store.h"

#define NODE_ACT_ERR_MAX 768

/* One command of an action.  Words: "%r" the resource, "%d" the device,
 * "%f" the file system type. */
enum act_flags {
	ACT_MAY_FAIL = 1 << 0,   /* e.g. "down" of a resource that is not up */
	ACT_PROBE_FS = 1 << 1,   /* blkid -p: 0 = has a file system: skip the next */
};

struct act_cmd {
	const char *argv[8];
	const char *input;
	unsigned flags;
	unsigned timeout_s;
	const char *what;        /* for the error: "creating DRBD's metadata" */
};

struct act_def {
	const char *name;
	const struct act_cmd *cmds;   /* NULL: a built-in (files, stack, ...) */
	size_t ncmds;
	unsigned timeout_s;           /* the whole action, for peer requests */
	/* A command list that may meet Pacemaker still finishing with the
	 * same DRBD resource runs again from its first command, this many
	 * times in all (0 and 1: once), after a pause. */
	unsigned attempts;
	unsigned retry_pause_s;
};

/* A rerun after a crash finds the resource up: "down" first, allowed to
 * fail.  create-md asks before overwriting old metadata: the job has the
 * operator's confirmation already. */
static const struct act_cmd drbd_create_cmds[] = {
	{ { "drbdadm", "down", "%r" }, NULL, ACT_MAY_FAIL, NODE_ACT_DRBDADM_TIMEOUT_S, "taking DRBD down" },
	{ { "drbdadm", "create-md", "--force", "%r" }, "yes\nyes\n", 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "creating DRBD's metadata" },
	{ { "drbdadm", "up", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S, "bringing DRBD up" },
};
static const struct act_cmd drbd_remove_cmds[] = {
	{ { "drbdadm", "down", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S, "taking DRBD down" },
	/* drbdmeta cancels a question it cannot ask a terminal: --force */
	{ { "drbdadm", "wipe-md", "--force", "%r" }, "yes\n", 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "removing DRBD's metadata" },
};
/* Dissolve: DRBD down, its metadata kept (it sits after the file system, so
 * the backing device mounts on its own); undone by bringing it up again. */
static const struct act_cmd drbd_down_cmds[] = {
	{ { "drbdadm", "down", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S, "taking DRBD down" },
};
static const struct act_cmd drbd_up_cmds[] = {
	{ { "drbdadm", "up", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S, "bringing DRBD up" },
};
/* The creating node's data is the truth: force it UpToDate (the sync to
 * the peer starts), give a blank device a file system, and leave the
 * promotion to Pacemaker. */
static const struct act_cmd drbd_initial_cmds[] = {
	{ { "drbdadm", "primary", "--force", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "making this node's data the one to keep (drbdadm primary --force)" },
	{ { "blkid", "-p", "-s", "TYPE", "-o", "value", "%d" }, NULL, ACT_PROBE_FS,
	  NODE_ACT_DRBDADM_TIMEOUT_S, "looking for a file system" },
	{ { "mkfs", "-t", "%f", "-q", "%d" }, NULL, 0, NODE_ACT_MKFS_TIMEOUT_S,
	  "making the file system" },
	{ { "drbdadm", "secondary", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "handing DRBD to Pacemaker (drbdadm secondary)" },
};
static const struct act_cmd drbd_demote_cmds[] = {
	{ { "drbdadm", "secondary", "%r" }, NULL, ACT_MAY_FAIL, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "drbdadm secondary" },
};

/* The split-brain victim, in standby (Pacemaker took its DRBD down):
 * attached again but not connected, then connecting with its changes
 * since the split marked for discarding, so that the handshake makes it
 * the sync target of exactly the blocks either side changed.  "up" also
 * connects; the disconnect undoes that before the handshake can happen,
 * since the survivor is StandAlone until told (sb-connect).
 *
 * It starts from "down" and runs again when a command fails: Pacemaker
 * may still be finishing with this DRBD when the CIB already says it
 * stopped here (a CI run saw its stop take the device away between "up"
 * and "secondary": "Device minor not allocated").  The job owns the
 * victim's DRBD from here on, so taking it down is always right. */
static const struct act_cmd sb_discard_cmds[] = {
	{ { "drbdadm", "down", "%r" }, NULL, ACT_MAY_FAIL, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "taking DRBD down" },
	{ { "drbdadm", "up", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "bringing DRBD up" },
	{ { "drbdadm", "disconnect", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "disconnecting DRBD" },
	{ { "drbdadm", "secondary", "%r" }, NULL, 0, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "demoting DRBD (drbdadm secondary)" },
	{ { "drbdadm", "connect", "--discard-my-data", "%r" }, NULL, 0,
	  NODE_ACT_DRBDADM_TIMEOUT_S, "reconnecting DRBD discarding this node's changes "
	  "(drbdadm connect --discard-my-data)" },
};
/* The survivor: StandAlone since the split brain; connecting lets the
 * victim's handshake through.  Fails harmlessly when it already tries. */
static const struct act_cmd sb_connect_cmds[] = {
	{ { "drbdadm", "connect", "%r" }, NULL, ACT_MAY_FAIL, NODE_ACT_DRBDADM_TIMEOUT_S,
	  "reconnecting DRBD (drbdadm connect)" },
};

/* Pacemaker's stop of DRBD ends within seconds of its record in the CIB */
#define SB_DISCARD_ATTEMPTS      3
#define SB_DISCARD_RETRY_PAUSE_S 5

/* One row per action: a built-in (code below) or a command list. */
#define ACT_BUILTIN(n, t)  { n, NULL, 0, t, 1, 0 }
#define ACT_LIST(n, c, t)  { n, c, G_N_ELEMENTS(c), t, 1, 0 }
static const struct act_def act_defs[] = {
	ACT_BUILTIN(NODE_ACT_FILES_INSTALL, (CFG_SERVICES_MAX + 3) * 90),
	ACT_BUILTIN(NODE_ACT_FILES_REMOVE, 10),
	ACT_LIST(NODE_ACT_DRBD_CREATE, drbd_create_cmds, 3 * NODE_ACT_DRBDADM_TIMEOUT_S),
	ACT_LIST(NODE_ACT_DRBD_REMOVE, drbd_remove_cmds, 2 * NODE_ACT_DRBDADM_TIMEOUT_S),
	ACT_LIST(NODE_ACT_DRBD_INITIAL, drbd_initial_cmds,
	    3 * NODE_ACT_DRBDADM_TIMEOUT_S + NODE_ACT_MKFS_TIMEOUT_S),
	ACT_LIST(NODE_ACT_DRBD_DEMOTE, drbd_demote_cmds, NODE_ACT_DRBDADM_TIMEOUT_S),
	ACT_LIST(NODE_ACT_DRBD_DOWN, drbd_down_cmds, NODE_ACT_DRBDADM_TIMEOUT_S),
	ACT_LIST(NODE_ACT_DRBD_UP, drbd_up_cmds, NODE_ACT_DRBDADM_TIMEOUT_S),
	ACT_BUILTIN(NODE_ACT_STACK_START, STACK_START_TIMEOUT_S + 10),
	ACT_BUILTIN(NODE_ACT_STACK_STOP, STACK_STOP_TIMEOUT_S + 10),
	ACT_BUILTIN(NODE_ACT_CIB_APPLY, FO_CIB_APPLY_TIMEOUT_S + 10),
	ACT_BUILTIN(NODE_ACT_RECORD, 10),
	ACT_BUILTIN(NODE_ACT_FORGET, 10),
	ACT_BUILTIN(NODE_ACT_POWER, 10),
	ACT_BUILTIN(NODE_ACT_STANDALONE_START, (CFG_SERVICES_MAX + 3) * 90),
	ACT_BUILTIN(NODE_ACT_STANDALONE_STOP, (CFG_SERVICES_MAX + 3) * 90),
	ACT_BUILTIN(NODE_ACT_DISSOLVE_FINISH, (CFG_SERVICES_MAX + 3) * 90),
	{ NODE_ACT_SB_DISCARD, sb_discard_cmds, G_N_ELEMENTS(sb_discard_cmds),
	  SB_DISCARD_ATTEMPTS * (G_N_ELEMENTS(sb_discard_cmds) * NODE_ACT_DRBDADM_TIMEOUT_S +
	  SB_DISCARD_RETRY_PAUSE_S), SB_DISCARD_ATTEMPTS, SB_DISCARD_RETRY_PAUSE_S },
	ACT_LIST(NODE_ACT_SB_CONNECT, sb_connect_cmds, NODE_ACT_DRBDADM_TIMEOUT_S),
};

struct node_act {
	struct hpd *d;
	const struct act_def *def;
	node_act_done_fn done;
	gpointer user_data;
	size_t next;                 /* the next command */
	unsigned attempt;            /* 0: the first run of the commands */
	gchar *resource, *device, *fstype;
	JsonObject *params;          /* kept for an action that waits first */
	char error[NODE_ACT_ERR_MAX];
	int rc;
};

static const struct act_def *
act_find(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(act_defs); i++)
		if (strcmp(act_defs[i].name, name) == 0)
			return &act_defs[i];
	return NULL;
}

bool
node_act_known(const char *name)
{
	return name != NULL && act_find(name) != NULL;
}

unsigned
node_act_timeout_s(const char *name)
{
	const struct act_def *def = act_find(name);

	return def != NULL ? def->timeout_s : 10;
}

static void
act_free(struct node_act *a)
{
	g_free(a->resource);
	g_free(a->device);
	g_free(a->fstype);
	if (a->params != NULL)
		json_object_unref(a->params);
	g_free(a);
}

/* Ends A: from the loop, never from inside node_act_run. */
static gboolean
act_finish_idle(gpointer user_data)
{
	struct node_act *a = user_data;

	a->done(a->d, a->rc, a->rc == 0 ? NULL : a->error, a->user_data);
	act_free(a);
	return G_SOURCE_REMOVE;
}

static void act_fail(struct node_act *a, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
act_fail(struct node_act *a, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	a->rc = rc;
}

static void
act_finish(struct node_act *a)
{
	g_idle_add(act_finish_idle, a);
}

static const char *
act_str(JsonObject *params, const char *member)
{
	JsonNode *n = params != NULL ? json_object_get_member(params, member) : NULL;

	if (n == NULL || json_node_get_value_type(n) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(n);
}

/* Commands ----------------------------------------------------------------- */

/* drbdadm echoes the drbdsetup command line it ran, shared secret and all:
 * that must not reach an error message or the event log. */
void
node_act_redact(char *output)
{
	char *p = output;

	while ((p = strstr(p, "shared-secret")) != NULL) {
		p += strlen("shared-secret");
		while (*p == '=' || *p == ' ' || *p == '"' || *p == '\'')
			p++;
		while (*p != '\0' && *p != ' ' && *p != '"' && *p != '\'' && *p != '\n' &&
		    *p != ';')
			*p++ = 'x';
	}
}

static void act_next_cmd(struct node_act *a);

/* The cause of a failed command, for the error and the log: drbdadm's own
 * last line names only the drbdsetup command. */
static void
act_reason(const struct act_cmd *c, const char *output, char *buf, size_t len)
{
	if (strcmp(c->argv[0], "drbdadm") == 0)
		drbd_adm_reason(output, buf, len);
	else
		hp_cmd_last_line(output, buf, len);
}

static gboolean
act_retry(gpointer user_data)
{
	act_next_cmd(user_data);
	return G_SOURCE_REMOVE;
}

static void
act_cmd_done(struct hpd *d, int status, char *output, const char *error,
    gpointer user_data)
{
	struct node_act *a = user_data;
	const struct act_cmd *c = &a->def->cmds[a->next];
	char last[320];

	a->next++;
	node_act_redact(output);
	if (c->flags & ACT_PROBE_FS) {
		if (status == 0) {           /* a file system: keep it */
			a->next++;
		} else if (status != 2) {    /* 2: nothing found */
			hp_cmd_last_line(output, last, sizeof(last));
			act_fail(a, -EIO, "%s on %s failed: %s", c->what, a->device,
			    error != NULL ? error : last);
			act_finish(a);
			return;
		}
	} else if (status != 0 && (c->flags & ACT_MAY_FAIL)) {
		/* allowed, and still worth a line: a later command's failure
		 * often follows from it */
		act_reason(c, output, last, sizeof(last));
		log_info("%s (allowed to fail) exited with %d: %s", c->what, status,
		    error != NULL ? error : *last != '\0' ? last : "(no output)");
	} else if (status != 0 && a->attempt + 1 < a->def->attempts) {
		act_reason(c, output, last, sizeof(last));
		a->attempt++;
		log_warnx("%s failed (%s); running '%s' again from its first command in %u s, "
		    "attempt %u of %u", c->what, error != NULL ? error : last, a->def->name,
		    a->def->retry_pause_s, a->attempt + 1, a->def->attempts);
		a->next = 0;
		g_timeout_add_seconds(a->def->retry_pause_s, act_retry, a);
		return;
	} else if (status != 0) {
		act_reason(c, output, last, sizeof(last));
		if (error != NULL)
			act_fail(a, -EIO, "%s: %s", c->what, error);
		else
			act_fail(a, -EIO, "%s: %s exited with %d: %s", c->what, c->argv[0],
			    status, *last != '\0' ? last : "(no output)");
		act_finish(a);
		return;
	}
	act_next_cmd(a);
}

static void
act_next_cmd(struct node_act *a)
{
	const struct act_cmd *c;
	const char *argv[G_N_ELEMENTS(c->argv) + 1] = { 0 };

	if (a->next >= a->def->ncmds) {
		act_finish(a);
		return;
	}
	c = &a->def->cmds[a->next];
	for (size_t i = 0; i < G_N_ELEMENTS(c->argv) && c->argv[i] != NULL; i++) {
		const char *w = c->argv[i];

		if (strcmp(w, "%r") == 0)
			w = a->resource;
		else if (strcmp(w, "%d") == 0)
			w = a->device;
		else if (strcmp(w, "%f") == 0)
			w = a->fstype;
		argv[i] = w;
	}
	hp_cmd_run(a->d, argv, c->input, c->timeout_s, act_cmd_done, a);
}

/* Built-ins ----------------------------------------------------------------- */

static void
act_files_install(struct node_act *a, JsonObject *p)
{
	const char *conf = act_str(p, "corosync_conf"), *key64 = act_str(p, "authkey");
	struct cluster_files f = { 0 };
	guchar *key = NULL;
	gsize keylen = 0;
	char err[512];

	if (conf == NULL || key64 == NULL) {
		act_fail(a, -EINVAL, "corosync.conf and the authkey are missing from the request");
		return;
	}
	key = g_base64_decode(key64, &keylen);
	f.corosync_conf = conf;
	f.authkey = key;
	f.authkey_len = keylen;
	f.cib_xml = act_str(p, "cib_xml");
	f.drbd_res = act_str(p, "drbd_res");
	if (cluster_files_install("", &f, err, sizeof(err)) != 0)
		act_fail(a, -EIO, "installing the cluster's files: %s", err);
	if (key != NULL) {
		memset(key, 0, keylen);
		g_free(key);
	}
}

/* A standalone appliance's own mount, address and services (a dissolved
 * cluster's kept node) are handed back to the cluster first. */
static void
act_install_after_stop(struct hpd *d, int rc, const char *error, void *arg)
{
	struct node_act *a = arg;

	if (rc != 0)
		act_fail(a, rc, "stopping this node's standalone services: %s", error);
	else
		act_files_install(a, a->params);
	act_finish(a);
}

static void
act_files_remove(struct node_act *a)
{
	char err[512];

	if (cluster_files_remove("", err, sizeof(err)) != 0)
		act_fail(a, -EIO, "removing the cluster's files: %s", err);
}

static void
act_stack_done(struct hpd *d, int rc, const char *error, gpointer user_data)
{
	struct node_act *a = user_data;

	if (rc != 0)
		act_fail(a, rc, "%s", error);
	act_finish(a);
}

static void
act_record(struct node_act *a, JsonObject *p)
{
	struct store_cluster c = { 0 };
	const char *name = act_str(p, "name"), *peer = act_str(p, "peer");
	const char *ip = act_str(p, "failover_ip");

	if (name == NULL || peer == NULL || ip == NULL) {
		act_fail(a, -EINVAL, "the cluster's name, peer or failover IP is missing");
		return;
	}
	g_strlcpy(c.name, name, sizeof(c.name));
	g_strlcpy(c.peer, peer, sizeof(c.peer));
	g_strlcpy(c.failover_ip, ip, sizeof(c.failover_ip));
	if (store_cluster_set(a->d->store, &c) != 0)
		act_fail(a, -EIO, "cannot record the cluster in this node's database");
}

static void
act_forget(struct node_act *a)
{
	if (store_cluster_clear(a->d->store) != 0)
		act_fail(a, -EIO, "cannot mark this node standalone in its database");
}

/* Dissolve's last word to a node: standalone, the pin forgotten, then
 * (the kept node) its own services, or (the other) power off. */
static void
act_dissolve_finish(struct node_act *a, JsonObject *p)
{
	bool serve = json_object_get_boolean_member_with_default(p, "standalone", FALSE);

	if (store_cluster_clear(a->d->store) != 0 || store_peer_delete(a->d->store) < 0) {
		act_fail(a, -EIO, "cannot mark this node standalone in its database");
		act_finish(a);
		return;
	}
	if (json_object_get_boolean_member_with_default(p, "poweroff", FALSE))
		node_act_power_later(a->d, false);
	if (!serve) {
		act_finish(a);
		return;
	}
	standalone_start(a->d, act_str(p, "address"), act_str(p, "interface"), act_stack_done, a);
}

static void
act_cib_done(struct hpd *d, int rc, const char *error, void *arg)
{
	struct node_act *a = arg;

	a->done(a->d, rc, error, a->user_data);
	act_free(a);
}

void
node_act_run(struct hpd *d, const char *name, JsonObject *params,
    node_act_done_fn done, gpointer user_data)
{
	struct node_act *a = g_new0(struct node_act, 1);
	const char *s;

	a->d = d;
	a->done = done;
	a->user_data = user_data;
	a->def = act_find(name);
	if (a->def == NULL) {
		act_fail(a, -ENOENT, "no node action '%s': the nodes run different hapair versions?",
		    name);
		act_finish(a);
		return;
	}
	a->resource = g_strdup((s = act_str(params, "resource")) != NULL ? s : "r0");
	a->device = g_strdup((s = act_str(params, "device")) != NULL ? s : "");
	a->fstype = g_strdup((s = act_str(params, "fstype")) != NULL ? s : "ext4");
	if (a->def->cmds != NULL) {
		act_next_cmd(a);
		return;
	}
	if (strcmp(name, NODE_ACT_FILES_INSTALL) == 0) {
		a->params = json_object_ref(params);
		standalone_stop(d, act_install_after_stop, a);
		return;
	} else if (strcmp(name, NODE_ACT_STANDALONE_START) == 0) {
		standalone_start(d, act_str(params, "address"), act_str(params, "interface"),
		    act_stack_done, a);
		return;
	} else if (strcmp(name, NODE_ACT_STANDALONE_STOP) == 0) {
		standalone_stop(d, act_stack_done, a);
		return;
	} else if (strcmp(name, NODE_ACT_DISSOLVE_FINISH) == 0) {
		act_dissolve_finish(a, params);
		return;
	} else if (strcmp(name, NODE_ACT_FILES_REMOVE) == 0) {
		act_files_remove(a);
	} else if (strcmp(name, NODE_ACT_STACK_START) == 0) {
		stack_start(d, act_stack_done, a);
		return;
	} else if (strcmp(name, NODE_ACT_STACK_STOP) == 0) {
		stack_stop(d, act_stack_done, a);
		return;
	} else if (strcmp(name, NODE_ACT_CIB_APPLY) == 0) {
		if ((s = act_str(params, "configuration")) == NULL) {
			act_fail(a, -EINVAL, "the CIB configuration is missing from the request");
		} else {
			cib_async_apply(d, s, act_cib_done, a);   /* libcib blocks */
			return;
		}
	} else if (strcmp(name, NODE_ACT_RECORD) == 0) {
		act_record(a, params);
	} else if (strcmp(name, NODE_ACT_FORGET) == 0) {
		act_forget(a);
	} else if (strcmp(name, NODE_ACT_POWER) == 0) {
		s = act_str(params, "action");
		if (s == NULL || (strcmp(s, "reboot") != 0 && strcmp(s, "poweroff") != 0))
			act_fail(a, -EINVAL, "power: the action must be reboot or poweroff");
		else
			node_act_power_later(d, strcmp(s, "reboot") == 0);
	}
	act_finish(a);
}

static void
act_power_ran(struct hpd *d, int status, char *output, const char *error, gpointer arg)
{
	/* Still here: the command failed (or the node is slow to go). */
	if (status != 0)
		hpd_event(d, EV_ERROR, "node", 0, "the %s command failed: %s%s", (char *)arg,
		    error != NULL ? error : "exit status non-zero; ", output);
	g_free(arg);
}

struct act_power {
	struct hpd *d;
	bool reboot;
};

static gboolean
act_power_now(gpointer arg)
{
	struct act_power *p = arg;
	const char *cmd = p->reboot ? p->d->cfg.reboot_command : p->d->cfg.poweroff_command;
	gchar **argv = NULL;

	if (!g_shell_parse_argv(cmd, NULL, &argv, NULL)) {
		hpd_event(p->d, EV_ERROR, "node", 0, "cannot run '%s': not a command line", cmd);
	} else {
		hp_cmd_run(p->d, (const char *const *)argv, NULL, 60, act_power_ran,
		    g_strdup(p->reboot ? "reboot" : "power-off"));
		g_strfreev(argv);
	}
	g_free(p);
	return G_SOURCE_REMOVE;
}

void
node_act_power_later(struct hpd *d, bool reboot)
{
	struct act_power *p = g_new0(struct act_power, 1);

	p->d = d;
	p->reboot = reboot;
	hpd_event(d, EV_NOTICE, "node", 0, "%s in %d s, as the operator asked",
	    reboot ? "restarting this node" : "shutting this node down", NODE_ACT_POWER_DELAY_S);
	g_timeout_add_seconds(NODE_ACT_POWER_DELAY_S, act_power_now, p);
}

unsigned
node_act_drbd_kernel_major(void)
{
	g_autofree gchar *text = NULL;
	const char *v;

	/* "version: 8.4.11 (api:1/proto:86-101)" */
	if (!g_file_get_contents("/proc/drbd", &text, NULL, NULL))
		return 8;
	v = strstr(text, "version: ");
	if (v != NULL && v[9] == '9')
		return 9;
	return 8;
}
