/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_server: this node's end of the peer channel, HTTPS with mutual TLS
 * on [peer] address:port (default every address, 7440).
 *
 *   POST /peer/v1/pair    {"password", "node", "version", "port"}: the
 *                         admin password of THIS node; pins the caller's
 *                         certificate -> {"node", "version", "fingerprint"}
 *   GET  /peer/v1/hello   -> {"node", "version", "time_us"}     (pinned only)
 *   POST /peer/v1/unpair  forgets the pin -> {"unpaired": true} (pinned only)
 *   GET  /peer/v1/events?FILTER -> {"events": [...]}: this node's event log
 *                         for the peer's cluster view (event_query.h; pinned only)
 *
 * The client must present a certificate; any is accepted by TLS, and each
 * request is then allowed or refused by its fingerprint (peer_decide):
 * refusals are 403 {"error": "certificate not pinned"} and an event.
 * Bodies: peer_msg.h. */
#ifndef HP_PEER_SERVER_H
#define HP_PEER_SERVER_H

#include <glib.h>

#include "hpd.h"

/* Makes or reads the peer identity and serves the peer channel.  Only an
 * identity that cannot be used is an error (-errno and ERROR): a port
 * that is taken is an error event and retried, because the appliance's
 * own UI and service must not go down for the peer channel. */
int peer_server_start(struct hpd *d, GError **error);
void peer_server_stop(struct hpd *d);

#endif
