/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stack: start and stop corosync and Pacemaker on this node (see stack.h).
 *
 * The direct way keeps no state of its own beyond pacemakerd's pid file:
 * corosync keeps its own (/var/run/corosync.pid), so a restarted hapaird
 * finds both again.  A pid counts only while /proc says the process has
 * that name and is not a zombie: pids are reused, and in the lab orphans
 * are reaped late. */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fo_cib_status.h"
#include "hb_membership.h"
#include "hp_log.h"
#include "stack.h"

#define STACK_COROSYNC_PIDFILE  "/var/run/corosync.pid"
#define STACK_PACEMAKERD_PIDFILE "pacemakerd.pid"      /* in cfg.run_dir */
#define STACK_POLL_MS           200
#define STACK_COROSYNC_STOP_S   30

enum stack_phase {
	STACK_PH_COROSYNC,      /* start: corosync up; stop: corosync gone */
	STACK_PH_PACEMAKER,     /* start: CIB answers; stop: pacemakerd gone */
};

struct stack_op {
	struct hpd *d;
	stack_done_fn done;
	gpointer user_data;
	bool starting;
	enum cfg_stack manager;
	enum stack_phase phase;
	int64_t deadline_us;    /* monotonic */
	pid_t pid;              /* the process a stop waits for */
	guint timer;
};

enum cfg_stack
stack_manager(enum cfg_stack configured, bool systemd_running)
{
	if (configured != CFG_STACK_AUTO)
		return configured;
	return systemd_running ? CFG_STACK_SYSTEMD : CFG_STACK_DIRECT;
}

/* sd_booted()'s test, without linking libsystemd for it. */
static bool
stack_systemd_running(void)
{
	return access("/run/systemd/system", F_OK) == 0;
}

/* Does PID run under NAME (and is it not a zombie)? */
static bool
stack_pid_named(pid_t pid, const char *name)
{
	gchar *path, *status = NULL, *want;
	bool yes = false;

	if (pid <= 1)
		return false;
	path = g_strdup_printf("/proc/%d/status", (int)pid);
	want = g_strdup_printf("Name:\t%s\n", name);
	if (g_file_get_contents(path, &status, NULL, NULL))
		yes = g_str_has_prefix(status, want) && strstr(status, "State:\tZ") == NULL;
	g_free(status);
	g_free(want);
	g_free(path);
	return yes;
}

/* The pid in FILE if that process runs under NAME, else 0. */
static pid_t
stack_pid_alive(const char *file, const char *name)
{
	gchar *text = NULL;
	long v;

	if (!g_file_get_contents(file, &text, NULL, NULL))
		return 0;
	v = strtol(text, NULL, 10);
	g_free(text);
	return v > 1 && v < INT32_MAX && stack_pid_named((pid_t)v, name) ? (pid_t)v : 0;
}

static void
stack_finish(struct stack_op *op, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
stack_finish(struct stack_op *op, int rc, const char *fmt, ...)
{
	gchar *error = NULL;
	va_list ap;

	if (op->timer != 0)
		g_source_remove(op->timer);
	if (fmt != NULL) {
		va_start(ap, fmt);
		error = g_strdup_vprintf(fmt, ap);
		va_end(ap);
	}
	if (!op->starting && op->d->stack_stops > 0)
		op->d->stack_stops--;
	op->done(op->d, rc, error, op->user_data);
	g_free(error);
	g_free(op);
}

/* Detach the cluster daemons from hapaird's session: they must outlive a
 * restart of hapaird, and a signal to hapaird's group must not reach them. */
static void
stack_child_setup(gpointer user_data)
{
	setsid();
}

static int
stack_spawn(const char *const *argv, GError **error)
{
	GSubprocessLauncher *l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDIN_INHERIT);
	GSubprocess *p;
	int pid;

	g_subprocess_launcher_set_child_setup(l, stack_child_setup, NULL, NULL);
	p = g_subprocess_launcher_spawnv(l, argv, error);
	g_object_unref(l);
	if (p == NULL)
		return -1;
	pid = atoi(g_subprocess_get_identifier(p));
	/* GSubprocess reaps the child when it exits, even once unreferenced. */
	g_object_unref(p);
	return pid;
}

/* ------------------------------------------------------------ readiness */

static void
stack_probe_thread(GTask *task, gpointer src, gpointer data, GCancellable *c)
{
	struct stack_op *op = data;
	int rc;

	if (op->phase == STACK_PH_COROSYNC) {
		struct hb_membership *m = g_new0(struct hb_membership, 1);

		rc = hb_membership_read(m);
		g_free(m);
	} else {
		char *xml = NULL;

		rc = fo_cib_read(&xml);
		free(xml);
	}
	g_task_return_int(task, rc);
}

static gboolean stack_poll(gpointer user_data);
static void stack_start_pacemaker(struct stack_op *op);

static void
stack_probe_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct stack_op *op = user_data;
	int rc = (int)g_task_propagate_int(G_TASK(res), NULL);

	if (rc == 0) {
		if (op->phase == STACK_PH_COROSYNC) {
			stack_start_pacemaker(op);
		} else {
			log_notice("stack: corosync and pacemaker are running");
			stack_finish(op, 0, NULL);
		}
		return;
	}
	if (g_get_monotonic_time() > op->deadline_us) {
		stack_finish(op, -ETIMEDOUT, "%s did not answer within %d s (last error: %s): "
		    "see its log in /var/log/%s", op->phase == STACK_PH_COROSYNC ? "corosync" :
		    "pacemaker's CIB manager", STACK_START_TIMEOUT_S, g_strerror(-rc),
		    op->phase == STACK_PH_COROSYNC ? "corosync" : "pacemaker");
		return;
	}
	op->timer = g_timeout_add(STACK_POLL_MS, stack_poll, op);
}

static gboolean
stack_poll(gpointer user_data)
{
	struct stack_op *op = user_data;
	GTask *task = g_task_new(NULL, NULL, stack_probe_done, op);

	op->timer = 0;
	g_task_set_task_data(task, op, NULL);
	g_task_run_in_thread(task, stack_probe_thread);
	g_object_unref(task);
	return G_SOURCE_REMOVE;
}

static void
stack_wait_ready(struct stack_op *op, enum stack_phase phase)
{
	op->phase = phase;
	op->deadline_us = g_get_monotonic_time() + (int64_t)STACK_START_TIMEOUT_S * G_USEC_PER_SEC;
	stack_poll(op);
}

/* ---------------------------------------------------------------- start */

static void
stack_start_pacemaker(struct stack_op *op)
{
	static const char *const argv[] = { "pacemakerd", NULL };
	char pidfile[512];
	GError *err = NULL;
	int pid;

	if (op->manager == CFG_STACK_SYSTEMD) {
		/* systemctl started both already: only wait for the CIB */
		stack_wait_ready(op, STACK_PH_PACEMAKER);
		return;
	}
	snprintf(pidfile, sizeof(pidfile), "%s/%s", op->d->cfg.run_dir, STACK_PACEMAKERD_PIDFILE);
	if (stack_pid_alive(pidfile, "pacemakerd") == 0) {
		gchar *text;

		pid = stack_spawn(argv, &err);
		if (pid < 0) {
			stack_finish(op, -ENOEXEC, "cannot start pacemakerd: %s: is the pacemaker "
			    "package installed?", err->message);
			g_error_free(err);
			return;
		}
		text = g_strdup_printf("%d\n", pid);
		g_file_set_contents(pidfile, text, -1, NULL);
		g_free(text);
		log_info("stack: started pacemakerd (pid %d)", pid);
	}
	stack_wait_ready(op, STACK_PH_PACEMAKER);
}

static void
stack_systemctl_done(GObject *src, GAsyncResult *res, gpointer user_data)
{
	struct stack_op *op = user_data;
	GError *err = NULL;

	if (!g_subprocess_wait_check_finish(G_SUBPROCESS(src), res, &err)) {
		stack_finish(op, -EIO, "systemctl %s corosync pacemaker failed: %s: see "
		    "'journalctl -u corosync -u pacemaker'", op->starting ? "start" : "stop",
		    err->message);
		g_error_free(err);
	} else if (op->starting) {
		stack_wait_ready(op, STACK_PH_COROSYNC);
	} else {
		log_notice("stack: corosync and pacemaker are stopped");
		stack_finish(op, 0, NULL);
	}
	g_object_unref(src);
}

static void
stack_systemctl(struct stack_op *op)
{
	/* stop in the reverse order of start: Pacemaker stops the resources
	 * while corosync still carries its messages */
	const char *const start[] = { "systemctl", "start", "corosync", "pacemaker", NULL };
	const char *const stop[] = { "systemctl", "stop", "pacemaker", "corosync", NULL };
	GError *err = NULL;
	GSubprocess *p = g_subprocess_newv(op->starting ? start : stop,
	    G_SUBPROCESS_FLAGS_STDIN_INHERIT, &err);

	if (p == NULL) {
		stack_finish(op, -ENOEXEC, "cannot run systemctl: %s", err->message);
		g_error_free(err);
		return;
	}
	g_subprocess_wait_check_async(p, NULL, stack_systemctl_done, op);
}

static struct stack_op *
stack_op_new(struct hpd *d, bool starting, stack_done_fn done, gpointer user_data)
{
	struct stack_op *op = g_new0(struct stack_op, 1);

	op->d = d;
	op->done = done;
	op->user_data = user_data;
	op->starting = starting;
	op->manager = stack_manager(d->cfg.stack, stack_systemd_running());
	return op;
}

void
stack_start(struct hpd *d, stack_done_fn done, gpointer user_data)
{
	static const char *const argv[] = { "corosync", "-f", NULL };
	struct stack_op *op = stack_op_new(d, true, done, user_data);
	GError *err = NULL;
	int pid;

	if (op->manager == CFG_STACK_SYSTEMD) {
		stack_systemctl(op);
		return;
	}
	if (stack_pid_alive(STACK_COROSYNC_PIDFILE, "corosync") == 0) {
		pid = stack_spawn(argv, &err);
		if (pid < 0) {
			stack_finish(op, -ENOEXEC, "cannot start corosync: %s: is the corosync "
			    "package installed?", err->message);
			g_error_free(err);
			return;
		}
		log_info("stack: started corosync (pid %d)", pid);
	}
	stack_wait_ready(op, STACK_PH_COROSYNC);
}

/* ---------------------------------------------------------------- stop */

static gboolean
stack_stop_poll(gpointer user_data)
{
	struct stack_op *op = user_data;
	const char *name = op->phase == STACK_PH_PACEMAKER ? "pacemakerd" : "corosync";

	op->timer = 0;
	if (stack_pid_named(op->pid, name)) {
		if (g_get_monotonic_time() > op->deadline_us) {
			stack_finish(op, -ETIMEDOUT, "%s (pid %d) did not stop in time%s", name,
			    (int)op->pid, op->phase == STACK_PH_PACEMAKER ? ": a resource may be "
			    "refusing to stop; see crm_mon and /var/log/pacemaker" : "");
			return G_SOURCE_REMOVE;
		}
		op->timer = g_timeout_add(STACK_POLL_MS, stack_stop_poll, op);
		return G_SOURCE_REMOVE;
	}
	if (op->phase == STACK_PH_PACEMAKER) {
		char pidfile[512];

		snprintf(pidfile, sizeof(pidfile), "%s/%s", op->d->cfg.run_dir,
		    STACK_PACEMAKERD_PIDFILE);
		g_unlink(pidfile);
		op->phase = STACK_PH_COROSYNC;
		op->pid = stack_pid_alive(STACK_COROSYNC_PIDFILE, "corosync");
		if (op->pid != 0) {
			kill(op->pid, SIGTERM);
			op->deadline_us = g_get_monotonic_time() +
			    (int64_t)STACK_COROSYNC_STOP_S * G_USEC_PER_SEC;
			op->timer = g_timeout_add(STACK_POLL_MS, stack_stop_poll, op);
			return G_SOURCE_REMOVE;
		}
	}
	log_notice("stack: corosync and pacemaker are stopped");
	stack_finish(op, 0, NULL);
	return G_SOURCE_REMOVE;
}

void
stack_stop(struct hpd *d, stack_done_fn done, gpointer user_data)
{
	struct stack_op *op = stack_op_new(d, false, done, user_data);
	char pidfile[512];

	d->stack_stops++;
	if (op->manager == CFG_STACK_SYSTEMD) {
		stack_systemctl(op);
		return;
	}
	snprintf(pidfile, sizeof(pidfile), "%s/%s", d->cfg.run_dir, STACK_PACEMAKERD_PIDFILE);
	op->phase = STACK_PH_PACEMAKER;
	op->pid = stack_pid_alive(pidfile, "pacemakerd");
	/* pacemakerd on SIGTERM stops every resource, then its children */
	if (op->pid != 0)
		kill(op->pid, SIGTERM);
	op->deadline_us = g_get_monotonic_time() + (int64_t)STACK_STOP_TIMEOUT_S * G_USEC_PER_SEC;
	stack_stop_poll(op);
}
