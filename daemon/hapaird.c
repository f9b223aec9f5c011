/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hapaird: the hapair daemon, one per appliance.
 *
 * Reads hapair.conf, opens the store, records its start, serves the local
 * control socket and the HTTPS API from one GLib main loop, and records its
 * stop.  A second hapaird with the same run_dir is refused by the pidfile
 * lock, which is also what makes replacing a stale socket safe. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "cluster_snap.h"
#include "cluster_status.h"
#include "ctl_server.h"
#include "drbd_watch.h"
#include "hp_log.h"
#include "hpd.h"
#include "job_create.h"
#include "guard.h"
#include "lan_watch.h"
#include "peer_echo.h"
#include "job_dissolve.h"
#include "job_power.h"
#include "job_repair.h"
#include "job_takeover.h"
#include "job_run.h"
#include "sb_watch.h"
#include "stack.h"
#include "standalone.h"
#include "peer_server.h"
#include "peer_watch.h"

/* node-local setting: "1" while a hapaird runs, "0" after a clean stop */
#define HPD_SETTING_RUNNING "daemon.running"
/* How often a clustered node without its peer asks whether it was dissolved. */
#define HPD_DISSOLVED_CHECK_S 30

static void
usage(void)
{
	fprintf(stderr,
	    "usage: hapaird [-dfn] [-c FILE]\n"
	    "  -c FILE  configuration (default " CFG_DEFAULT_PATH ")\n"
	    "  -d       debug: stay in the foreground and log to stderr\n"
	    "  -f       stay in the foreground, log to syslog\n"
	    "  -n       check the configuration and exit\n"
	    "  -V       print the version and exit\n");
	exit(2);
}

static int hpd_stop_signal;

static gboolean
hpd_on_signal(gpointer user_data)
{
	struct hpd *d = user_data;

	g_main_loop_quit(d->loop);
	return G_SOURCE_CONTINUE;
}

static gboolean
hpd_on_sigterm(gpointer user_data)
{
	hpd_stop_signal = SIGTERM;
	return hpd_on_signal(user_data);
}

static gboolean
hpd_on_sigint(gpointer user_data)
{
	hpd_stop_signal = SIGINT;
	return hpd_on_signal(user_data);
}

static int
hpd_mkdir(const char *path, mode_t mode)
{
	if (g_mkdir_with_parents(path, (int)mode) != 0) {
		log_warn("cannot create %s", path);
		return -1;
	}
	return 0;
}

/* Lock and fill the pidfile; -1 when another hapaird holds it. */
static int
hpd_pidfile(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		fatal("cannot open the pidfile %s", path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		buf[n > 0 ? n : 0] = '\0';
		g_strchomp(buf);
		fatalx("another hapaird is already running (pid %s, pidfile %s): stop it first",
		    *buf ? buf : "unknown", path);
	}
	if (ftruncate(fd, 0) != 0)
		fatal("cannot truncate the pidfile %s", path);
	snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, strlen(buf)) != (ssize_t)strlen(buf))
		fatal("cannot write the pidfile %s", path);
	return fd;   /* kept open: the lock lives as long as we do */
}

static void
hpd_note_previous_run(struct hpd *d)
{
	char *running = NULL;

	if (store_setting_get(d->store, HPD_SETTING_RUNNING, &running) == 0 &&
	    strcmp(running, "1") == 0)
		hpd_event(d, EV_WARNING, "daemon", 0, "the previous hapaird did not stop "
		    "cleanly (crash, kill or power loss)");
	g_free(running);
	store_setting_set(d->store, HPD_SETTING_RUNNING, "1", false);
}

static void
hpd_stack_started(struct hpd *d, int rc, const char *error, gpointer user_data)
{
	if (rc == 0)
		hpd_event(d, EV_NOTICE, "cluster", 0, "cluster stack started: this node "
		    "rejoins the cluster");
	else
		hpd_event(d, EV_ERROR, "cluster", 0, "cannot start the cluster stack: %s; "
		    "this node stays out of the cluster until it is started", error);
}

static void
hpd_asked_peer(struct hpd *d, bool dissolved)
{
	if (!dissolved)
		stack_start(d, hpd_stack_started, NULL);
}

/* While clustered without its peer, ask now and then whether the peer
 * dissolved the cluster (it comes back by cable, not by a reboot). */
static void
hpd_dissolve_noop(struct hpd *d, bool dissolved)
{
}

static gboolean
hpd_check_dissolved(gpointer arg)
{
	/* why the last check did not ask: logged once per change, so that a
	 * node that never follows says why without a line every 30 s */
	static const char *last_skip;
	struct hpd *d = arg;
	const struct cluster_snap *s = cluster_status_snap(d);
	char role[32] = "";
	const char *skip = NULL;

	if (d->job != NULL)
		skip = "a job runs";
	else if (store_cluster_role(d->store, role, sizeof(role)) != 0 ||
	    strcmp(role, STORE_ROLE_CLUSTERED) != 0)
		skip = "this node is not clustered";
	for (unsigned i = 0; skip == NULL && s != NULL && s->cib_rc == 0 &&
	    i < s->cib.nnodes; i++)
		if (!s->cib.nodes[i].local && s->cib.nodes[i].online)
			skip = "the peer is online in the cluster";
	if (skip != last_skip && skip != NULL)
		log_debug("dissolve: not asking the peer whether it dissolved the "
		    "cluster: %s", skip);
	last_skip = skip;
	if (skip == NULL)
		job_dissolve_returning(d, hpd_dissolve_noop);
	return G_SOURCE_CONTINUE;
}

/* A clustered node that boots rejoins its cluster: hapaird is what starts
 * corosync and Pacemaker (stack.h).  Not while a job runs: the job decides
 * about the stack itself. */
static void
hpd_start_cluster_stack(struct hpd *d)
{
	char role[32] = "";

	if (d->job != NULL || store_cluster_role(d->store, role, sizeof(role)) != 0)
		return;
	if (strcmp(role, STORE_ROLE_CLUSTERED) != 0) {
		/* a dissolved cluster's kept node serves on by itself */
		standalone_resume(d);
		return;
	}
	/* Dissolved while this node was away?  Then it stays standalone.  An
	 * unreachable peer costs the stack DISSOLVE_ASK_TIMEOUT_S (and
	 * wait_for_all keeps a lone node from running anything anyway). */
	job_dissolve_returning(d, hpd_asked_peer);
}

int
main(int argc, char **argv)
{
	struct hpd d = { 0 };
	const char *cfg_path = CFG_DEFAULT_PATH;
	bool cfg_given = false, debug = false, foreground = false, check_only = false;
	char err[512], path[512];
	GError *gerr = NULL;
	int ch, rc, pidfd;

	while ((ch = getopt(argc, argv, "c:dfnVh")) != -1) {
		switch (ch) {
		case 'c': cfg_path = optarg; cfg_given = true; break;
		case 'd': debug = true; foreground = true; break;
		case 'f': foreground = true; break;
		case 'n': check_only = true; break;
		case 'V': printf("hapaird %s\n", PACKAGE_VERSION); return 0;
		default: usage();
		}
	}
	if (optind != argc)
		usage();

	rc = cfg_load_file(&d.cfg, cfg_path, err, sizeof(err));
	if (rc == -ENOENT && !cfg_given && !check_only) {
		/* An appliance without a hapair.conf runs on the defaults. */
		cfg_defaults(&d.cfg);
		rc = 0;
	}
	if (rc != 0) {
		fprintf(stderr, "hapaird: %s\n", err);
		return 1;
	}
	if (check_only) {
		printf("%s: configuration OK\n", cfg_path);
		return 0;
	}

	log_init("hapaird", debug, debug ? LOG_DEBUG : LOG_INFO);
	umask(077);
	if (!foreground && daemon(0, 0) != 0)
		fatal("cannot daemonize");
	signal(SIGPIPE, SIG_IGN);
	if (hpd_mkdir(d.cfg.state_dir, 0700) != 0 || hpd_mkdir(d.cfg.run_dir, 0755) != 0)
		fatalx("cannot create the state or run directory: see the line above");
	cfg_pidfile_path(&d.cfg, path, sizeof(path));
	pidfd = hpd_pidfile(path);

	cfg_db_path(&d.cfg, path, sizeof(path));
	if (store_open(path, &d.store, err, sizeof(err)) != 0)
		fatalx("%s", err);
	d.start_mono_us = g_get_monotonic_time();
	d.start_wall_us = g_get_real_time();
	d.loop = g_main_loop_new(NULL, FALSE);

	hpd_note_previous_run(&d);
	if (ctl_server_start(&d, err, sizeof(err)) != 0)
		fatalx("%s", err);
	if (api_start(&d, &gerr) != 0)
		fatalx("HTTPS API: %s", gerr ? gerr->message : "cannot start");
	if (peer_server_start(&d, &gerr) != 0)
		fatalx("peer channel: %s", gerr ? gerr->message : "cannot start");
	drbd_watch_start(&d);
	sb_watch_start(&d);
	hpd_event(&d, EV_NOTICE, "daemon", 0, "hapaird %s started on %s (pid %ld)",
	    PACKAGE_VERSION, d.cfg.node_name, (long)getpid());
	/* A job left unfinished by the previous run resumes or rolls back now;
	 * one of a kind this build does not know is reported and closed. */
	{
		static const struct job_kind *const kinds[] = { &job_create_kind,
		    &job_takeover_kind, &job_power_kind, &job_dissolve_kind,
		    &job_repair_kind };

		job_run_resume(&d, kinds, G_N_ELEMENTS(kinds));
	}
	cluster_status_start(&d);
	peer_watch_start(&d);
	hpd_start_cluster_stack(&d);
	g_timeout_add_seconds(HPD_DISSOLVED_CHECK_S, hpd_check_dissolved, &d);
	guard_start(&d);
	peer_echo_start(&d);
	lan_watch_start(&d);

	g_unix_signal_add(SIGTERM, hpd_on_sigterm, &d);
	g_unix_signal_add(SIGINT, hpd_on_sigint, &d);
	g_main_loop_run(d.loop);

	lan_watch_stop(&d);
	peer_echo_stop(&d);
	peer_watch_stop(&d);
	cluster_status_stop(&d);
	job_run_shutdown(&d);
	sb_watch_stop(&d);
	drbd_watch_stop(&d);
	peer_server_stop(&d);
	api_stop(&d);
	ctl_server_stop(&d);
	hpd_event(&d, EV_NOTICE, "daemon", 0, "hapaird stopped (%s)",
	    hpd_stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
	store_setting_set(d.store, HPD_SETTING_RUNNING, "0", false);
	store_close(d.store);
	cfg_pidfile_path(&d.cfg, path, sizeof(path));
	g_unlink(path);
	close(pidfd);
	g_main_loop_unref(d.loop);
	return 0;
}
