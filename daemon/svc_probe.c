/* SPDX-License-Identifier: GPL-2.0-or-later */
/* svc_probe: the client-visible gap of a move (see the header). */
#include <gio/gio.h>
#include <stdbool.h>

#include "svc_probe.h"

struct svc_probe {
	GSocketClient *client;
	GSocketConnectable *target;
	guint timer_id;
	int64_t last_ok_us;       /* monotonic: the last answered connection */
	int64_t longest_gap_us;
	int refs;                 /* the probe, and each attempt in flight */
	bool stopped;
};

static void
svc_probe_unref(struct svc_probe *p)
{
	if (--p->refs > 0)
		return;
	g_object_unref(p->client);
	g_object_unref(p->target);
	g_free(p);
}

static void
svc_probe_answered(GObject *source, GAsyncResult *res, gpointer user_data)
{
	struct svc_probe *p = user_data;
	GSocketConnection *conn = g_socket_client_connect_finish(G_SOCKET_CLIENT(source), res,
	    NULL);

	if (conn != NULL) {
		int64_t now = g_get_monotonic_time();

		if (!p->stopped) {
			if (p->last_ok_us != 0 && now - p->last_ok_us > p->longest_gap_us)
				p->longest_gap_us = now - p->last_ok_us;
			p->last_ok_us = now;
		}
		g_io_stream_close(G_IO_STREAM(conn), NULL, NULL);
		g_object_unref(conn);
	}
	svc_probe_unref(p);
}

static gboolean
svc_probe_tick(gpointer user_data)
{
	struct svc_probe *p = user_data;

	p->refs++;
	g_socket_client_connect_async(p->client, p->target, NULL, svc_probe_answered, p);
	return G_SOURCE_CONTINUE;
}

struct svc_probe *
svc_probe_start(const char *address, uint16_t port)
{
	struct svc_probe *p = g_new0(struct svc_probe, 1);

	p->client = g_socket_client_new();
	/* A dead address answers nothing: without a deadline each attempt
	 * would wait for TCP's own minutes. */
	g_socket_client_set_timeout(p->client, (SVC_PROBE_TIMEOUT_MS + 999) / 1000);
	p->target = g_network_address_new(address, port);
	p->refs = 1;
	p->timer_id = g_timeout_add(SVC_PROBE_PERIOD_MS, svc_probe_tick, p);
	svc_probe_tick(p);
	return p;
}

int64_t
svc_probe_gap_ms(const struct svc_probe *p)
{
	if (p->last_ok_us == 0)
		return -1;
	return p->longest_gap_us / 1000;
}

int64_t
svc_probe_last_ok_us(const struct svc_probe *p)
{
	return p->last_ok_us;
}

void
svc_probe_stop(struct svc_probe *p)
{
	g_source_remove(p->timer_id);
	p->stopped = true;
	svc_probe_unref(p);
}
