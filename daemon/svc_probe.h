/* SPDX-License-Identifier: GPL-2.0-or-later */
/* svc_probe: how long the service was unreachable during a move, as a
 * client sees it.  Connects to the failover IP's service port every
 * SVC_PROBE_PERIOD_MS (each attempt with its own short deadline, all
 * asynchronous) and keeps the longest time between two answered
 * connections.  The connection goes out through the network like a mail
 * server's, whichever node holds the address. */
#ifndef HP_SVC_PROBE_H
#define HP_SVC_PROBE_H

#include <stdint.h>

#define SVC_PROBE_PERIOD_MS   100
#define SVC_PROBE_TIMEOUT_MS  500

struct svc_probe;

/* Starts probing ADDRESS:PORT now. */
struct svc_probe *svc_probe_start(const char *address, uint16_t port);
/* The longest gap so far between answered connections, in ms, counting
 * a gap still open; -1 when no connection was ever answered. */
int64_t svc_probe_gap_ms(const struct svc_probe *p);
/* Monotonic µs of the last answered connection; 0: none yet. */
int64_t svc_probe_last_ok_us(const struct svc_probe *p);
/* Stops probing and frees P (attempts in flight end on their own). */
void svc_probe_stop(struct svc_probe *p);

#endif
