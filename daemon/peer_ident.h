/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_ident: this node's identity on the peer channel.
 *
 * An EC P-256 key and a self-signed certificate in state_dir/tls/
 * (peer-key.pem, mode 0600, and peer-cert.pem), made on first start by the
 * same code as the web certificate (api_tls_prepare_spec) but separate
 * from it: an admin may replace the web certificate with one of their own
 * CA, while this one is what the peer has pinned and must not change
 * behind its back.  The other node trusts it by its SHA-256 fingerprint,
 * so replacing these files means pairing again.  Returns errors; never logs. */
#ifndef HP_PEER_IDENT_H
#define HP_PEER_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#include <gio/gio.h>

#include "cfg.h"
#include "peer_pin.h"

#define PEER_IDENT_KEY_FILE   "peer-key.pem"
#define PEER_IDENT_CERT_FILE  "peer-cert.pem"

struct peer_ident {
	GTlsCertificate *cert;               /* with its private key */
	char fingerprint[PEER_FP_MAX];
	bool created;                        /* made now, not found */
	char path[512];                      /* the certificate file, for messages */
};

/* Makes (first time) or reads this node's peer identity.  0, or -errno
 * with "what is wrong: what to do" in ERROR. */
int peer_ident_load(const struct cfg *cfg, struct peer_ident *out, GError **error);
void peer_ident_clear(struct peer_ident *id);

/* The fingerprint of CERT (its DER) into OUT (>= PEER_FP_MAX): the one
 * function that computes what both sides compare.  0 or -EIO. */
int peer_ident_fingerprint(GTlsCertificate *cert, char *out, size_t outlen);

#endif
