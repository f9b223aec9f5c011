/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lan_watch: the service network's reach, for Pacemaker (see the header). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "cluster_snap.h"
#include "cluster_status.h"
#include "echo_sock.h"
#include "fo_ids.h"
#include "hb_lan.h"
#include "hp_cmd.h"
#include "hp_log.h"
#include "lan_watch.h"

#define LAN_WATCH_TARGETS_MAX 8
/* After a failed attrd_updater (attrd not up yet, or going down), the
 * next try waits this long: a tick is 100 ms, and a fork every tick
 * while Pacemaker starts would cost a small node dearly. */
#define LAN_WATCH_RETRY_MS    2000

/* One raw socket per address family in use. */
struct lan_sock {
	int family;
	int fd;
	guint src;
	uint16_t id;
};

struct lan_watch {
	struct hpd *d;
	guint timer;
	char targets_text[FO_PING_TARGETS_LEN]; /* as the CIB has them; "" not watching */
	struct echo_addr targets[LAN_WATCH_TARGETS_MAX];
	unsigned ntargets;
	struct lan_sock v4, v6;
	uint16_t seq;
	struct hb_lan_watch w;       /* on CLOCK_BOOTTIME */
	unsigned lost_ms;            /* hb_lan_lost_ms of the heartbeat timeout */
	enum hb_lan_state written;   /* what attrd has from us (UNKNOWN: nothing) */
	enum hb_lan_state writing;   /* an attrd_updater is running for it */
	int64_t retry_ms;            /* no new attrd_updater before this */
	bool warned;                 /* a send failure was logged */
	char failed[FO_PING_TARGETS_LEN]; /* targets that could not be watched */
};

static struct lan_watch lw = {
	.v4 = { .family = AF_INET, .fd = -1 },
	.v6 = { .family = AF_INET6, .fd = -1 },
};

static void
lan_sock_close(struct lan_sock *s)
{
	if (s->src != 0)
		g_source_remove(s->src);
	if (s->fd >= 0)
		close(s->fd);
	s->src = 0;
	s->fd = -1;
}

static bool
lan_watch_is_target(const char *addr)
{
	for (unsigned i = 0; i < lw.ntargets; i++)
		if (strcmp(lw.targets[i].text, addr) == 0)
			return true;
	return false;
}

static void
lan_watch_drain(struct lan_sock *s)
{
	char from[ECHO_ADDR_LEN];
	int rc;

	if (s->fd < 0)
		return;
	while ((rc = echo_sock_recv(s->fd, s->family, s->id, from, sizeof(from))) >= 0) {
		if (rc == 1 && lan_watch_is_target(from)) {
			lw.w.reply_ms = echo_now_ms();
			lw.w.asked = 0;
		}
	}
}

static gboolean
lan_watch_on_readable(gint fd, GIOCondition cond, gpointer arg)
{
	(void)fd;
	(void)cond;
	lan_watch_drain(arg);
	return G_SOURCE_CONTINUE;
}

static void
lan_watch_close(void)
{
	lan_sock_close(&lw.v4);
	lan_sock_close(&lw.v6);
	if (lw.targets_text[0] != '\0')
		log_info("lan watch: stopped watching %s", lw.targets_text);
	lw.targets_text[0] = '\0';
	lw.ntargets = 0;
	/* attrd forgets a node's attributes when its stack stops; a watch
	 * that begins again writes its first judgement anew. */
	lw.written = HB_LAN_UNKNOWN;
}

static int
lan_sock_open(struct lan_sock *s)
{
	int fd;

	if (s->fd >= 0)
		return 0;
	if ((fd = echo_sock_open(s->family)) < 0)
		return fd;
	s->fd = fd;
	s->id = (uint16_t)g_random_int();
	s->src = g_unix_fd_add(fd, G_IO_IN, lan_watch_on_readable, s);
	return 0;
}

/* Watch TEXT's targets (commas or blanks between them).  0, or -errno
 * when one is not an address or its socket cannot be had. */
static int
lan_watch_open(const char *text)
{
	g_auto(GStrv) v = g_strsplit_set(text, ", \t", -1);
	int rc;

	lw.ntargets = 0;
	for (unsigned i = 0; v[i] != NULL && lw.ntargets < LAN_WATCH_TARGETS_MAX; i++) {
		struct echo_addr *a = &lw.targets[lw.ntargets];

		if (v[i][0] == '\0')
			continue;
		if (echo_addr_parse(v[i], a) != 0)
			return -EINVAL;
		rc = lan_sock_open(a->family == AF_INET ? &lw.v4 : &lw.v6);
		if (rc != 0)
			return rc;
		lw.ntargets++;
	}
	if (lw.ntargets == 0)
		return -EINVAL;
	g_strlcpy(lw.targets_text, text, sizeof(lw.targets_text));
	lw.w = (struct hb_lan_watch){ .since_ms = echo_now_ms() };
	lw.lost_ms = hb_lan_lost_ms(lw.d->cfg.hb_timeout_ms);
	lw.warned = false;
	return 0;
}

static void lan_watch_write(enum hb_lan_state want);

static void
lan_watch_written(struct hpd *d, int status, char *output, const char *error,
    gpointer user_data)
{
	enum hb_lan_state s = lw.writing;
	char last[256];

	(void)d;
	(void)user_data;
	lw.writing = HB_LAN_UNKNOWN;
	if (status != 0) {
		/* (Pacemaker's attrd not up yet, or going down) the next tick
		 * tries again */
		hp_cmd_last_line(output, last, sizeof(last));
		lw.retry_ms = echo_now_ms() + LAN_WATCH_RETRY_MS;
		log_info("lan watch: attrd_updater %s (%s): %s", FO_ATTR_LAN,
		    hb_lan_state_name(s), error != NULL ? error : last);
		return;
	}
	if (lw.targets_text[0] == '\0')
		return;             /* the watch stopped meanwhile */
	lw.written = s;
	if (s == HB_LAN_LOST)
		hpd_event(lw.d, EV_WARNING, CLUSTER_EV_SUBSYSTEM, 0,
		    "this node reached none of the service network's hosts (%s) for %u ms: "
		    "the service moves to the peer if it reaches them", lw.targets_text,
		    lw.lost_ms);
	else
		hpd_event(lw.d, EV_NOTICE, CLUSTER_EV_SUBSYSTEM, 0,
		    "this node reaches the service network (%s)", lw.targets_text);
}

static void
lan_watch_write(enum hb_lan_state want)
{
	const char *argv[] = { "attrd_updater", "-n", FO_ATTR_LAN, "-U",
	    want == HB_LAN_REACHES ? "1" : "0", NULL };

	lw.writing = want;
	hp_cmd_run(lw.d, argv, NULL, LAN_WATCH_UPDATE_TIMEOUT_S, lan_watch_written, NULL);
}

static void
lan_watch_send(void)
{
	lw.seq++;
	lw.w.asked++;
	for (unsigned i = 0; i < lw.ntargets; i++) {
		const struct echo_addr *a = &lw.targets[i];
		const struct lan_sock *s = a->family == AF_INET ? &lw.v4 : &lw.v6;
		int rc = echo_sock_send(s->fd, a, s->id, lw.seq);

		/* (a cut cable: no route, no neighbour) the target just stays silent */
		if (rc != 0 && !lw.warned) {
			log_info("lan watch: sending to %s: %s", a->text, g_strerror(-rc));
			lw.warned = true;
		}
	}
}

/* The pair's ping targets, when a cluster stack runs here; NULL otherwise.
 * A CIB that cannot be read for a moment (an election, a busy CIB
 * manager) changes nothing: the watch goes on with what it has. */
static const char *
lan_watch_targets(const struct cluster_snap *s)
{
	if (s == NULL || !cluster_snap_running(s))
		return NULL;
	if (s->cib_rc != 0)
		return lw.targets_text[0] != '\0' ? lw.targets_text : NULL;
	if (s->cib.fence.ping_targets[0] == '\0')
		return NULL;
	return s->cib.fence.ping_targets;
}

static gboolean
lan_watch_tick(gpointer arg)
{
	const char *text = lan_watch_targets(cluster_status_snap(lw.d));
	enum hb_lan_state now;
	int64_t now_ms;
	int rc;

	(void)arg;
	if (text == NULL) {
		if (lw.targets_text[0] != '\0')
			lan_watch_close();
		return G_SOURCE_CONTINUE;
	}
	if (strcmp(text, lw.targets_text) != 0) {
		lan_watch_close();
		if (strcmp(text, lw.failed) == 0)
			return G_SOURCE_CONTINUE;
		if ((rc = lan_watch_open(text)) != 0) {
			/* once per list: a raw socket needs CAP_NET_RAW */
			log_warnx("lan watch: cannot watch %s: %s (Pacemaker's ping agent "
			    "still moves the service, more slowly)", text, g_strerror(-rc));
			g_strlcpy(lw.failed, text, sizeof(lw.failed));
			lan_watch_close();
			return G_SOURCE_CONTINUE;
		}
		log_info("lan watch: watching %s every %d ms, lost after %u ms of silence",
		    text, HB_LAN_INTERVAL_MS, lw.lost_ms);
	}
	/* Replies that came while the loop was busy count before judging. */
	lan_watch_drain(&lw.v4);
	lan_watch_drain(&lw.v6);
	now_ms = echo_now_ms();
	now = hb_lan_judge(&lw.w, now_ms, lw.lost_ms);
	if (now != HB_LAN_UNKNOWN && now != lw.written && lw.writing == HB_LAN_UNKNOWN &&
	    now_ms >= lw.retry_ms)
		lan_watch_write(now);
	lan_watch_send();
	return G_SOURCE_CONTINUE;
}

void
lan_watch_start(struct hpd *d)
{
	lw.d = d;
	lw.timer = g_timeout_add(HB_LAN_INTERVAL_MS, lan_watch_tick, NULL);
}

void
lan_watch_stop(struct hpd *d)
{
	(void)d;
	if (lw.timer != 0)
		g_source_remove(lw.timer);
	lw.timer = 0;
	lan_watch_close();
}
