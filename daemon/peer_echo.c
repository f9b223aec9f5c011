/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_echo: the peer's liveness on the service network (see the header). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "echo_sock.h"
#include "hp_log.h"
#include "peer_echo.h"

/* corosync's link1 is eth0, the service network (hb_corosync_conf.c). */
#define PEER_ECHO_LINK 1

struct peer_echo {
	struct hpd *d;
	guint timer;
	int fd;                     /* raw ICMP or ICMPv6 socket, or -1 */
	guint fd_src;
	struct echo_addr to;
	char addr[ECHO_ADDR_LEN];   /* the peer's service-network address */
	uint16_t id, seq;
	int64_t sent_ms, reply_ms;  /* CLOCK_BOOTTIME */
	bool warned;                /* a send failure was logged */
	char failed[ECHO_ADDR_LEN];  /* could not be watched: not retried */
};

static struct peer_echo pe = { .fd = -1 };

static void
peer_echo_path(char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", pe.d->cfg.run_dir, PEER_ECHO_FILE);
}

static void
peer_echo_close(void)
{
	char path[PATH_MAX];

	if (pe.fd_src != 0)
		g_source_remove(pe.fd_src);
	if (pe.fd >= 0)
		close(pe.fd);
	pe.fd_src = 0;
	pe.fd = -1;
	if (pe.addr[0] != '\0') {
		peer_echo_path(path, sizeof(path));
		unlink(path);
		log_info("peer echo: stopped watching %s", pe.addr);
	}
	pe.addr[0] = '\0';
}

/* One line, replaced whole (rename), so the gate never reads half of it. */
static void
peer_echo_write(void)
{
	char path[PATH_MAX], tmp[PATH_MAX + 8], line[128];
	int fd, n;

	peer_echo_path(path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	n = snprintf(line, sizeof(line), "%s %lld %lld\n", pe.addr, (long long)pe.sent_ms,
	    (long long)pe.reply_ms);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n || close(fd) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
}

static gboolean
peer_echo_on_readable(gint fd, GIOCondition cond, gpointer arg)
{
	char from[ECHO_ADDR_LEN];
	int rc;

	(void)cond;
	(void)arg;
	while ((rc = echo_sock_recv(fd, pe.to.family, pe.id, from, sizeof(from))) >= 0) {
		if (rc == 1 && strcmp(from, pe.addr) == 0)
			pe.reply_ms = echo_now_ms();
	}
	return G_SOURCE_CONTINUE;
}

static int
peer_echo_open(const char *addr)
{
	int fd;

	if (echo_addr_parse(addr, &pe.to) != 0)
		return -EINVAL;
	if ((fd = echo_sock_open(pe.to.family)) < 0)
		return fd;
	pe.fd = fd;
	pe.fd_src = g_unix_fd_add(fd, G_IO_IN, peer_echo_on_readable, NULL);
	g_strlcpy(pe.addr, addr, sizeof(pe.addr));
	pe.id = (uint16_t)g_random_int();
	pe.reply_ms = 0;
	pe.warned = false;
	return 0;
}

/* The peer's link1 address from the running corosync's nodelist, or NULL
 * when no cluster stack runs here. */
static const char *
peer_echo_target(const struct cluster_snap *s)
{
	if (s == NULL || !cluster_snap_running(s))
		return NULL;
	for (unsigned i = 0; i < s->mem.nnodes; i++) {
		const struct hb_member_node *n = &s->mem.nodes[i];

		if (!n->local && n->listed && n->links[PEER_ECHO_LINK].configured &&
		    n->links[PEER_ECHO_LINK].addr[0] != '\0')
			return n->links[PEER_ECHO_LINK].addr;
	}
	return NULL;
}

static gboolean
peer_echo_tick(gpointer arg)
{
	const char *addr = peer_echo_target(cluster_status_snap(pe.d));
	int rc;

	(void)arg;
	if (addr == NULL) {
		peer_echo_close();
		return G_SOURCE_CONTINUE;
	}
	if (strcmp(addr, pe.addr) != 0) {
		peer_echo_close();
		if (strcmp(addr, pe.failed) == 0)
			return G_SOURCE_CONTINUE;
		if ((rc = peer_echo_open(addr)) != 0) {
			/* (a raw socket needs CAP_NET_RAW) once per address */
			log_warnx("peer echo: cannot watch %s on the service network: %s "
			    "(the fence gate then listens for it itself)", addr, g_strerror(-rc));
			g_strlcpy(pe.failed, addr, sizeof(pe.failed));
			return G_SOURCE_CONTINUE;
		}
		log_info("peer echo: watching %s every %d ms", addr, PEER_ECHO_INTERVAL_MS);
	}
	if ((rc = echo_sock_send(pe.fd, &pe.to, pe.id, ++pe.seq)) != 0) {
		/* (a cut cable: no route, no neighbour) the peer just stays silent */
		if (!pe.warned)
			log_info("peer echo: sending to %s: %s", pe.addr, g_strerror(-rc));
		pe.warned = true;
	}
	pe.sent_ms = echo_now_ms();
	peer_echo_write();
	return G_SOURCE_CONTINUE;
}

void
peer_echo_start(struct hpd *d)
{
	pe.d = d;
	pe.timer = g_timeout_add(PEER_ECHO_INTERVAL_MS, peer_echo_tick, NULL);
}

void
peer_echo_stop(struct hpd *d)
{
	(void)d;
	if (pe.timer != 0)
		g_source_remove(pe.timer);
	pe.timer = 0;
	peer_echo_close();
}
