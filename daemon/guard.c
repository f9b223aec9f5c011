/* SPDX-License-Identifier: GPL-2.0-or-later */
/* guard: release the failover IP when the local cluster stack dies (see
 * the header). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "guard.h"
#include "hp_log.h"
#include "standalone.h"
#include "store.h"

struct guard {
	struct hpd *d;
	bool seen_up;             /* both ran since the last release */
	bool releasing;
};

/* Which of corosync and pacemakerd run, from /proc (this node's: the lab's
 * nodes have their own pid namespace or kernel). */
static void
guard_scan(bool *corosync, bool *pacemakerd)
{
	DIR *dir = opendir("/proc");
	struct dirent *e;

	*corosync = *pacemakerd = false;
	if (dir == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		char path[300], comm[32] = "";
		FILE *f;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(comm, sizeof(comm), f) != NULL)
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
		if (strcmp(comm, "corosync") == 0)
			*corosync = true;
		else if (strcmp(comm, "pacemakerd") == 0)
			*pacemakerd = true;
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

/* Whether ADDR ("IP/PREFIX") is on one of this node's interfaces. */
static bool
guard_holds(const char *addr)
{
	g_autofree char *ip = g_strndup(addr, strcspn(addr, "/"));
	g_autofree char *out = NULL;
	const char *argv[] = { "ip", "-o", "addr", "show", "to", ip, NULL };

	/* a short, local netlink query: fine on the loop every GUARD_POLL_MS */
	if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
	    G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL, NULL))
		return false;
	return out != NULL && *out != '\0';
}

static gboolean
guard_tick(gpointer arg)
{
	struct guard *g = arg;
	struct hpd *d = g->d;
	struct store_cluster c;
	bool coro, pcmk;

	if (g->releasing || d->job != NULL || store_cluster_get(d->store, &c) != 0 ||
	    strcmp(c.role, STORE_ROLE_CLUSTERED) != 0) {
		g->seen_up = false;
		return G_SOURCE_CONTINUE;
	}
	guard_scan(&coro, &pcmk);
	if (coro && pcmk) {
		g->seen_up = true;
		return G_SOURCE_CONTINUE;
	}
	if (!g->seen_up)
		return G_SOURCE_CONTINUE;
	g->seen_up = false;
	if (!guard_holds(c.failover_ip)) {
		hpd_event(d, EV_WARNING, "guard", 0, "%s died on this node, which does not hold "
		    "the failover IP: nothing to release; restart the node to rejoin",
		    !coro ? "corosync" : "pacemakerd");
		return G_SOURCE_CONTINUE;
	}
	hpd_event(d, EV_ERROR, "guard", 0, "local guard: %s died while this node held the "
	    "failover IP %s: releasing the IP, stopping the services%s so that only the "
	    "peer answers; restart this node to rejoin", !coro ? "corosync" : "pacemakerd",
	    c.failover_ip, strcmp(d->cfg.data_device, CFG_DATA_DEVICE_NONE) != 0 ?
	    " and demoting DRBD" : "");
	g->releasing = true;
	standalone_release(d, c.failover_ip, guard_released, g);
	return G_SOURCE_CONTINUE;
}

void
guard_start(struct hpd *d)
{
	struct guard *g = g_new0(struct guard, 1);

	g->d = d;
	/* lives as long as hapaird */
	g_timeout_add(GUARD_POLL_MS, guard_tick, g);
}
