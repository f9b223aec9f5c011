/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ping_parse: address rules and ping's summary (see the header).
 *
 * The address goes into ping's argv (never a shell), but ping parses
 * options and resolves names itself: only a literal address that cannot
 * start with '-' and needs no DNS is let through, so the test says
 * something about the network and nothing about the resolver. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib.h>

#include "ping_parse.h"

int
ping_address_check(const char *addr, char *err, size_t errlen)
{
	g_autoptr(GInetAddress) a = NULL;

	if (addr == NULL || *addr == '\0') {
		g_snprintf(err, errlen, "give the IPv4 or IPv6 address to ping, e.g. 10.98.0.1");
		return -EINVAL;
	}
	if (strlen(addr) >= PING_ADDR_MAX || strchr(addr, '%') != NULL ||
	    (a = g_inet_address_new_from_string(addr)) == NULL) {
		g_snprintf(err, errlen, "'%.*s' is not an IPv4 or IPv6 address: give an "
		    "address such as 10.98.0.1 (host names are not looked up)", 64, addr);
		return -EINVAL;
	}
	if (g_inet_address_get_is_any(a) || g_inet_address_get_is_multicast(a)) {
		g_snprintf(err, errlen, "%s is not the address of one host: give a unicast "
		    "address", addr);
		return -EINVAL;
	}
	if (g_inet_address_get_family(a) == G_SOCKET_FAMILY_IPV4 &&
	    strcmp(addr, "255.255.255.255") == 0) {
		g_snprintf(err, errlen, "255.255.255.255 is the broadcast address: give the "
		    "address of one host");
		return -EINVAL;
	}
	return 0;
}

int
ping_parse_output(const char *output, struct ping_result *r)
{
	g_auto(GStrv) lines = g_strsplit(output != NULL ? output : "", "\n", -1);
	bool stats = false;

	memset(r, 0, sizeof(*r));
	for (guint i = 0; lines[i] != NULL; i++) {
		const char *l = lines[i];
		const char *loss;
		unsigned tx, rx;
		double mn, av, mx;

		/* "3 packets transmitted, 2 received, +1 errors, 33% packet loss, time 402ms" */
		if (sscanf(l, "%u packets transmitted, %u received", &tx, &rx) == 2) {
			r->transmitted = tx;
			r->received = rx;
			loss = strstr(l, "% packet loss");
			if (loss != NULL) {
				while (loss > l && (g_ascii_isdigit(loss[-1]) || loss[-1] == '.'))
					loss--;
				r->loss_percent = (unsigned)g_ascii_strtod(loss, NULL);
			} else {
				r->loss_percent = tx > 0 ? 100 * (tx - MIN(rx, tx)) / tx : 0;
			}
			stats = true;
		} else if ((g_str_has_prefix(l, "rtt ") || g_str_has_prefix(l, "round-trip ")) &&
		    (l = strchr(l, '=')) != NULL &&
		    sscanf(l + 1, " %lf/%lf/%lf", &mn, &av, &mx) == 3) {
			r->have_rtt = true;
			r->rtt_min_ms = mn;
			r->rtt_avg_ms = av;
			r->rtt_max_ms = mx;
		}
	}
	return stats ? 0 : -ENOENT;
}
