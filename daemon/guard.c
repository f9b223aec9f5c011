/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guard: release the failover IP when the local cluster stack dies (see
 * the header). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <glib-unix.h>

#include "addr_local.h"
#include "guard.h"
#include "hp_log.h"
#include "standalone.h"
#include "store.h"

enum { GUARD_COROSYNC, GUARD_PACEMAKERD, GUARD_NPROCS };
static const char *const guard_comm[GUARD_NPROCS] = { "corosync", "pacemakerd" };

struct guard {
	struct hpd *d;
	bool seen_up;             /* both ran since the last release */
	bool releasing;
	/* The processes seen by the last scan, each watched through a pidfd
	 * so that its exit is acted on at once rather than at the next scan. */
	pid_t pid[GUARD_NPROCS];
	int pidfd[GUARD_NPROCS];
	guint pidfd_src[GUARD_NPROCS];
};

/* The PIDs of corosync and pacemakerd (0: not running), from /proc (this
 * node's: the lab's nodes have their own pid namespace or kernel).  A
 * zombie counts as gone. */
static void
guard_scan(pid_t pid[GUARD_NPROCS])
{
	DIR *dir = opendir("/proc");
	struct dirent *e;

	memset(pid, 0, GUARD_NPROCS * sizeof(pid[0]));
	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		char path[300], stat[128] = "", comm[32], state;
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		/* "PID (COMM) STATE ...": both names are short, without spaces */
		if (fgets(stat, sizeof(stat), f) != NULL &&
		    sscanf(stat, "%*d (%31[^)]) %c", comm, &state) == 2 && state != 'Z') {
			for (unsigned i = 0; i < GUARD_NPROCS; i++)
				if (strcmp(comm, guard_comm[i]) == 0)
					pid[i] = (pid_t)atoi(e->d_name);
		}
		fclose(f);
	}
	closedir(dir);
}

static void
guard_released(struct hpd *d, int rc, const char *error, void *arg)
{
	struct guard *g = arg;

	g->releasing = false;
	if (rc != 0)
		hpd_event(d, EV_ERROR, "guard", 0, "local guard: releasing the resources failed: "
		    "%s", error);
}

static void
guard_unwatch(struct guard *g, unsigned i)
{
	if (g->pidfd_src[i] != 0)
		g_source_remove(g->pidfd_src[i]);
	if (g->pidfd[i] >= 0)
		close(g->pidfd[i]);
	g->pidfd_src[i] = 0;
	g->pidfd[i] = -1;
	g->pid[i] = 0;
}

static void guard_check(struct guard *g, const pid_t pid[GUARD_NPROCS]);

/* A watched process ended: judged now, with it counted as gone (it may be
 * a zombie for a moment yet). */
static gboolean
guard_exited(gint fd, GIOCondition cond, gpointer arg)
{
	struct guard *g = arg;
	pid_t pid[GUARD_NPROCS];

	(void)cond;
	guard_scan(pid);
	for (unsigned i = 0; i < GUARD_NPROCS; i++) {
		if (g->pidfd[i] == fd) {
			if (pid[i] == g->pid[i])
				pid[i] = 0;
			g->pidfd_src[i] = 0;    /* this source ends by returning REMOVE */
			guard_unwatch(g, i);
		}
	}
	guard_check(g, pid);
	return G_SOURCE_REMOVE;
}

/* Watch the processes found by a scan; a pidfd that cannot be had (an old
 * kernel) leaves that process to the next scan. */
static void
guard_watch(struct guard *g, const pid_t pid[GUARD_NPROCS])
{
	for (unsigned i = 0; i < GUARD_NPROCS; i++) {
		int fd;

		if (pid[i] == g->pid[i])
			continue;
		guard_unwatch(g, i);
		if (pid[i] == 0 || (fd = (int)syscall(SYS_pidfd_open, pid[i], 0)) < 0)
			continue;
		g->pid[i] = pid[i];
		g->pidfd[i] = fd;
		g->pidfd_src[i] = g_unix_fd_add(fd, G_IO_IN, guard_exited, g);
	}
}

static void
guard_check(struct guard *g, const pid_t pid[GUARD_NPROCS])
{
	struct hpd *d = g->d;
	struct store_cluster c;
	bool coro = pid[GUARD_COROSYNC] != 0, pcmk = pid[GUARD_PACEMAKERD] != 0;

	/* A stack stopped on purpose (a job here, or the peer's job through
	 * the peer channel, which runs no job here) is no death: it must not
	 * be released nor logged as one ("pacemakerd died ... restart the
	 * node" at every planned restart misled a diagnosis). */
	if (g->releasing || d->job != NULL || d->stack_stops > 0 ||
	    store_cluster_get(d->store, &c) != 0 || strcmp(c.role, STORE_ROLE_CLUSTERED) != 0) {
		g->seen_up = false;
		return;
	}
	if (coro && pcmk) {
		g->seen_up = true;
		guard_watch(g, pid);
		return;
	}
	if (!g->seen_up)
		return;
	g->seen_up = false;
	if (!addr_local_iface(c.failover_ip, NULL, 0)) {
		hpd_event(d, EV_WARNING, "guard", 0, "%s died on this node, which does not hold "
		    "the failover IP: nothing to release; restart the node to rejoin",
		    !coro ? "corosync" : "pacemakerd");
		return;
	}
	hpd_event(d, EV_ERROR, "guard", 0, "local guard: %s died while this node held the "
	    "failover IP %s: releasing the IP, stopping the services%s so that only the "
	    "peer answers; restart this node to rejoin", !coro ? "corosync" : "pacemakerd",
	    c.failover_ip, strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) != 0 ?
	    " and demoting DRBD" : "");
	g->releasing = true;
	standalone_release(d, c.failover_ip, guard_released, g);
}

static bool
guard_watching_all(const struct guard *g)
{
	for (unsigned i = 0; i < GUARD_NPROCS; i++)
		if (g->pidfd[i] < 0)
			return false;
	return true;
}

static gboolean
guard_tick(gpointer arg)
{
	struct guard *g = arg;
	pid_t pid[GUARD_NPROCS];

	/* Both seen running and watched: their exit wakes guard_exited, and
	 * a scan would find nothing new.  (A scan reads every /proc/PID/stat:
	 * a thousand system calls a second at this pace, which a uml node
	 * pays dearly for.)  A job resets seen_up, so the scans resume
	 * after one and see the stack again. */
	if (g->seen_up && guard_watching_all(g))
		return G_SOURCE_CONTINUE;
	guard_scan(pid);
	guard_check(g, pid);
	return G_SOURCE_CONTINUE;
}

void
guard_start(struct hpd *d)
{
	struct guard *g = g_new0(struct guard, 1);

	g->d = d;
	for (unsigned i = 0; i < GUARD_NPROCS; i++)
		g->pidfd[i] = -1;
	/* lives as long as hapaird */
	g_timeout_add(GUARD_POLL_MS, guard_tick, g);
}
