/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_tls: the HTTPS server's key and certificate.
 *
 * On first start a node has no certificate, and the admin reaches it by
 * address before any name exists in DNS, so hapaird makes a self-signed one
 * (EC P-256, CN and subjectAltName = node name, plus the API address when it
 * is a specific IP) and keeps it: the browser's "accept this certificate"
 * stays valid across restarts.  An admin may replace both files with a
 * certificate of their own.  The key is refused when group or others can
 * read it.  The peer channel's identity is made by the same code
 * (api_tls_prepare_spec).  Returns errors with a message; never logs. */
#ifndef HP_API_TLS_H
#define HP_API_TLS_H

#include <stdbool.h>
#include <stddef.h>

#define API_TLS_KEY_FILE     "key.pem"
#define API_TLS_CERT_FILE    "cert.pem"
#define API_TLS_VALID_DAYS   3650
#define API_TLS_EC_CURVE     "P-256"
/* "AB:CD:..." for 32 bytes */
#define API_TLS_FINGERPRINT_MAX (32 * 3)

struct api_tls_material {
	char *pem;          /* certificate(s) then key, for g_tls_certificate_new_from_pem */
	char fingerprint[API_TLS_FINGERPRINT_MAX];  /* SHA-256 of the certificate */
	bool created;       /* made now, not found */
};

/* extendedKeyUsage values: the web server's, and the peer channel's
 * identity, which serves and also presents itself as a client. */
#define API_TLS_EKU_SERVER   "serverAuth"
#define API_TLS_EKU_MUTUAL   "serverAuth,clientAuth"

/* One key and self-signed certificate: where they live and what the
 * certificate says.  The HTTPS server and the peer channel (peer_ident.c)
 * each have one, made and checked by the same code. */
struct api_tls_spec {
	const char *dir;            /* made mode 0700 if missing */
	const char *key_file;       /* names inside DIR */
	const char *cert_file;
	const char *common_name;    /* CN, and a DNS subjectAltName when it is one */
	const char *ip_address;     /* IP subjectAltName unless NULL, a wildcard or not an IP */
	const char *ext_key_usage;  /* API_TLS_EKU_* */
};

/* Makes SPEC->dir (mode 0700) if needed, makes a key and a self-signed
 * certificate there unless both exist, checks them and reads them into
 * OUT.  0, or -errno with "what is wrong: what to do" in ERR. */
int api_tls_prepare_spec(const struct api_tls_spec *spec,
    struct api_tls_material *out, char *err, size_t errlen);

/* The HTTPS server's pair, API_TLS_KEY_FILE and API_TLS_CERT_FILE.
 * Makes DIR (mode 0700) if needed, makes a key and a self-signed
 * certificate there unless both exist, checks them and reads them into
 * OUT.  NODE_NAME becomes CN and a DNS subjectAltName; API_ADDRESS is added
 * as an IP subjectAltName unless it is a wildcard or not an IP.
 * 0, or -errno with "what is wrong: what to do" in ERR. */
int api_tls_prepare(const char *dir, const char *node_name,
    const char *api_address, struct api_tls_material *out, char *err,
    size_t errlen);
/* Wipes and frees OUT->pem (it holds the private key). */
void api_tls_material_clear(struct api_tls_material *m);

#endif
