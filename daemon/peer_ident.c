/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_ident: make or read this node's peer-channel key and certificate,
 * and fingerprint certificates the way both sides compare them.
 *
 * The key is created mode 0600 and refused when group or others can read
 * it (api_tls does both); it never leaves this process except as the TLS
 * handshake's signature.  This file must never log. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <glib.h>

#include "api_tls.h"
#include "peer_ident.h"

int
peer_ident_fingerprint(GTlsCertificate *cert, char *out, size_t outlen)
{
	g_autoptr(GByteArray) der = NULL;

	if (cert == NULL)
		return -EINVAL;
	g_object_get(cert, "certificate", &der, NULL);
	if (der == NULL || der->len == 0)
		return -EIO;
	return peer_fp_from_der(der->data, der->len, out, outlen) < 0 ? -EIO : 0;
}

int
peer_ident_load(const struct cfg *cfg, struct peer_ident *out, GError **error)
{
	char dir[PATH_MAX], err[512];
	struct api_tls_material tls;
	struct api_tls_spec spec = {
		.dir = dir,
		.key_file = PEER_IDENT_KEY_FILE,
		.cert_file = PEER_IDENT_CERT_FILE,
		.common_name = cfg->node_name,
		/* The peer is reached by whatever address eth1 has; it is
		 * trusted by fingerprint, never by name or address. */
		.ip_address = NULL,
		.ext_key_usage = API_TLS_EKU_MUTUAL,
	};
	int rc;

	memset(out, 0, sizeof(*out));
	cfg_tls_dir(cfg, dir, sizeof(dir));
	g_snprintf(out->path, sizeof(out->path), "%s/%s", dir, PEER_IDENT_CERT_FILE);
	rc = api_tls_prepare_spec(&spec, &tls, err, sizeof(err));
	if (rc < 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(-rc),
		    "peer certificate: %s", err);
		return rc;
	}
	if (!g_tls_backend_supports_tls(g_tls_backend_get_default())) {
		api_tls_material_clear(&tls);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
		    "GLib has no TLS backend: install glib-networking");
		return -ENOTSUP;
	}
	out->cert = g_tls_certificate_new_from_pem(tls.pem, -1, error);
	out->created = tls.created;
	api_tls_material_clear(&tls);
	if (out->cert == NULL) {
		g_prefix_error(error, "peer certificate in %s: ", dir);
		return -EINVAL;
	}
	/* From the DER GIO holds, like the other side will see it. */
	if (peer_ident_fingerprint(out->cert, out->fingerprint, sizeof(out->fingerprint)) < 0) {
		g_clear_object(&out->cert);
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
		    "cannot fingerprint the peer certificate %s", out->path);
		return -EIO;
	}
	return 0;
}

void
peer_ident_clear(struct peer_ident *id)
{
	g_clear_object(&id->cert);
	memset(id, 0, sizeof(*id));
}
