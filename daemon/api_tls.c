/* SPDX-License-Identifier: GPL-2.0-or-later */
/* api_tls: make, keep and check the HTTPS key and certificate.
 *
 * Files are written to a temporary name, synced and renamed, so a crash
 * never leaves half a key behind; the key is created with mode 0600 from
 * the start rather than chmod'ed after.  A key file someone else could read
 * is refused, never silently fixed: it may already have leaked, and the
 * admin must know.  This file must never log. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "api_tls.h"

/* PEM files larger than this are not ours (a key is ~250 bytes, a
 * certificate with a chain a few KiB). */
#define API_TLS_FILE_MAX     (256 * 1024)
#define API_TLS_SERIAL_BYTES 16
/* notBefore a day back: a browser or peer whose clock is a little behind
 * must not see a certificate that is "not yet valid". */
#define API_TLS_BACKDATE_S   (24 * 3600)

static void
api_tls_seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
api_tls_seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* OpenSSL's newest queued reason, for messages; clears the queue. */
static const char *
api_tls_ssl_reason(void)
{
	unsigned long e = ERR_peek_last_error();
	const char *r = e ? ERR_reason_error_string(e) : NULL;

	ERR_clear_error();
	return r ? r : "unknown OpenSSL error";
}

/* Reads an open file whole (at most API_TLS_FILE_MAX bytes) into *OUT. */
static int
api_tls_read_fd(int fd, const char *path, GString **out, char *err,
    size_t errlen)
{
	/* Sized for any key and most chains: a realloc would leave key bytes
	 * behind in freed memory. */
	GString *buf = g_string_sized_new(16 * 1024);
	char chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			api_tls_seterr(err, errlen, "cannot read %s: %s", path, strerror(e));
			g_string_free(buf, TRUE);
			return -e;
		}
		if (buf->len + (size_t)n > API_TLS_FILE_MAX) {
			api_tls_seterr(err, errlen, "%s is larger than %d KiB: not a PEM file",
			    path, API_TLS_FILE_MAX / 1024);
			g_string_free(buf, TRUE);
			return -EFBIG;
		}
		g_string_append_len(buf, chunk, n);
	}
	*out = buf;
	return 0;
}

static void
api_tls_wipe_string(GString *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s->str, s->allocated_len);
	g_string_free(s, TRUE);
}

/* Writes DATA to DIR/NAME with MODE via a synced temporary file. */
static int
api_tls_write_file(const char *dir, const char *name, const char *data,
    size_t len, mode_t mode, char *err, size_t errlen)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	g_autofree char *tmp = g_strconcat(path, ".tmp", NULL);
	size_t done = 0;
	int fd, dfd, e;

	/* A leftover from a crash would make O_EXCL fail forever. */
	if (unlink(tmp) < 0 && errno != ENOENT) {
		e = errno;
		api_tls_seterr(err, errlen, "cannot remove %s: %s", tmp, strerror(e));
		return -e;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0) {
		e = errno;
		api_tls_seterr(err, errlen, "cannot create %s: %s", tmp, strerror(e));
		return -e;
	}
	/* The umask may have taken bits away; never adds any here. */
	if (fchmod(fd, mode) < 0)
		goto fail;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		done += (size_t)n;
	}
	if (fsync(fd) < 0)
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	/* Make the rename itself durable. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	e = errno;
	api_tls_seterr(err, errlen, "cannot write %s: %s", path, strerror(e));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -e;
}

/* A dNSName must be ASCII letters, digits, dots and hyphens; a node name
 * that is not (say "Mail Gateway 1") stays in the CN only. */
static bool
api_tls_dns_name_ok(const char *name)
{
	if (name[0] == '\0' || strlen(name) > 253)
		return false;
	for (const char *p = name; *p; p++) {
		if (!g_ascii_isalnum(*p) && *p != '.' && *p != '-')
			return false;
	}
	return true;
}

static bool
api_tls_all_zero(const ASN1_OCTET_STRING *ip)
{
	const unsigned char *d = ASN1_STRING_get0_data(ip);

	for (int i = 0; i < ASN1_STRING_length(ip); i++) {
		if (d[i] != 0)
			return false;
	}
	return true;
}

/* subjectAltName built from GENERAL_NAMEs, not a config string, so that a
 * node name with a comma cannot smuggle in another entry. */
static int
api_tls_add_san(X509 *x, const char *node_name, const char *api_address)
{
	GENERAL_NAMES *gens = sk_GENERAL_NAME_new_null();
	ASN1_OCTET_STRING *ip;
	int rc = -EIO;

	if (gens == NULL)
		return -ENOMEM;
	if (api_tls_dns_name_ok(node_name)) {
		GENERAL_NAME *gn = GENERAL_NAME_new();
		ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new();

		if (gn == NULL || ia5 == NULL ||
		    !ASN1_STRING_set(ia5, node_name, (int)strlen(node_name))) {
			GENERAL_NAME_free(gn);
			ASN1_IA5STRING_free(ia5);
			goto out;
		}
		GENERAL_NAME_set0_value(gn, GEN_DNS, ia5);
		if (!sk_GENERAL_NAME_push(gens, gn)) {
			GENERAL_NAME_free(gn);
			goto out;
		}
	}
	/* "0.0.0.0" and "::" mean every address: no single IP to name. */
	ip = api_address ? a2i_IPADDRESS(api_address) : NULL;
	if (ip != NULL && api_tls_all_zero(ip)) {
		ASN1_OCTET_STRING_free(ip);
		ip = NULL;
	}
	ERR_clear_error();      /* a2i_IPADDRESS queues an error for names */
	if (ip != NULL) {
		GENERAL_NAME *gn = GENERAL_NAME_new();

		if (gn == NULL) {
			ASN1_OCTET_STRING_free(ip);
			goto out;
		}
		GENERAL_NAME_set0_value(gn, GEN_IPADD, ip);
		if (!sk_GENERAL_NAME_push(gens, gn)) {
			GENERAL_NAME_free(gn);
			goto out;
		}
	}
	rc = 0;
	if (sk_GENERAL_NAME_num(gens) > 0 &&
	    X509_add1_ext_i2d(x, NID_subject_alt_name, gens, 0, X509V3_ADD_DEFAULT) != 1)
		rc = -EIO;
out:
	GENERAL_NAMES_free(gens);
	return rc;
}

static int
api_tls_add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (ext == NULL)
		return -EIO;
	ok = X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -EIO;
}

static int
api_tls_set_serial(X509 *x)
{
	unsigned char raw[API_TLS_SERIAL_BYTES];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	raw[0] &= 0x7f;         /* a positive INTEGER */
	raw[0] |= 0x01;         /* and never a short one */
	bn = BN_bin2bn(raw, sizeof(raw), NULL);
	if (bn == NULL)
		return -ENOMEM;
	ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : -EIO;
}

/* A self-signed certificate for PKEY as SPEC describes it. */
static X509 *
api_tls_make_cert(EVP_PKEY *pkey, const struct api_tls_spec *spec)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (x == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, X509_VERSION_3) ||
	    api_tls_set_serial(x) < 0 ||
	    X509_gmtime_adj(X509_getm_notBefore(x), -API_TLS_BACKDATE_S) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(x), API_TLS_VALID_DAYS, 0, NULL) == NULL ||
	    !X509_set_pubkey(x, pkey) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
		(const unsigned char *)spec->common_name, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name) ||
	    api_tls_add_ext(x, NID_basic_constraints, "critical,CA:FALSE") < 0 ||
	    api_tls_add_ext(x, NID_key_usage, "critical,digitalSignature") < 0 ||
	    api_tls_add_ext(x, NID_ext_key_usage, spec->ext_key_usage) < 0 ||
	    api_tls_add_ext(x, NID_subject_key_identifier, "hash") < 0 ||
	    api_tls_add_san(x, spec->common_name, spec->ip_address) < 0 ||
	    X509_sign(x, pkey, EVP_sha256()) <= 0) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static GString *
api_tls_pem_key(EVP_PKEY *pkey)
{
	BIO *bio = BIO_new(BIO_s_secmem());
	GString *s = NULL;
	char *data;
	long len;

	if (bio == NULL)
		return NULL;
	if (PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL) == 1) {
		len = BIO_get_mem_data(bio, &data);
		s = g_string_new_len(data, len);
	}
	BIO_free(bio);
	return s;
}

static GString *
api_tls_pem_cert(X509 *x)
{
	BIO *bio = BIO_new(BIO_s_mem());
	GString *s = NULL;
	char *data;
	long len;

	if (bio == NULL)
		return NULL;
	if (PEM_write_bio_X509(bio, x) == 1) {
		len = BIO_get_mem_data(bio, &data);
		s = g_string_new_len(data, len);
	}
	BIO_free(bio);
	return s;
}

/* Opens the key file PATH for reading and checks that only its owner,
 * which must be us, can get at it.  -ENOENT when there is none yet. */
static int
api_tls_open_key(const char *path, const struct api_tls_spec *spec, char *err,
    size_t errlen)
{
	struct stat st;
	int fd, e;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ELOOP)
			api_tls_seterr(err, errlen, "%s is a symbolic link: put the key file itself there", path);
		else if (e != ENOENT)
			api_tls_seterr(err, errlen, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		api_tls_seterr(err, errlen, "cannot stat %s: %s", path, strerror(e));
		close(fd);
		return -e;
	}
	if (!S_ISREG(st.st_mode)) {
		api_tls_seterr(err, errlen, "%s is not a regular file", path);
		close(fd);
		return -EINVAL;
	}
	if (st.st_uid != geteuid()) {
		api_tls_seterr(err, errlen, "%s is owned by uid %u, not by hapaird's uid %u: "
		    "chown it, or remove %s and %s to make a new pair",
		    path, (unsigned)st.st_uid, (unsigned)geteuid(), spec->key_file,
		    spec->cert_file);
		close(fd);
		return -EPERM;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		api_tls_seterr(err, errlen, "%s is accessible by group or others (mode %04o): "
		    "run 'chmod 600 %s', and make a new key if others may have copied it",
		    path, (unsigned)(st.st_mode & 07777), path);
		close(fd);
		return -EPERM;
	}
	return fd;
}

static int
api_tls_load_key(const char *path, const struct api_tls_spec *spec,
    EVP_PKEY **pkey, GString **pem, char *err, size_t errlen)
{
	BIO *bio;
	int fd, rc;

	fd = api_tls_open_key(path, spec, err, errlen);
	if (fd < 0)
		return fd;
	rc = api_tls_read_fd(fd, path, pem, err, errlen);
	close(fd);
	if (rc < 0)
		return rc;
	bio = BIO_new_mem_buf((*pem)->str, (int)(*pem)->len);
	*pkey = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (*pkey == NULL) {
		api_tls_seterr(err, errlen, "%s holds no PEM private key (%s): "
		    "remove %s and %s and restart to make a new pair",
		    path, api_tls_ssl_reason(), spec->key_file, spec->cert_file);
		api_tls_wipe_string(*pem);
		*pem = NULL;
		return -EINVAL;
	}
	return 0;
}

/* Reads the certificate file; -ENOENT when absent. */
static int
api_tls_load_cert(const char *path, X509 **x, GString **pem, char *err,
    size_t errlen)
{
	BIO *bio;
	int fd, rc, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e != ENOENT)
			api_tls_seterr(err, errlen, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
	rc = api_tls_read_fd(fd, path, pem, err, errlen);
	close(fd);
	if (rc < 0)
		return rc;
	bio = BIO_new_mem_buf((*pem)->str, (int)(*pem)->len);
	*x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (*x == NULL) {
		api_tls_seterr(err, errlen, "%s holds no PEM certificate (%s): "
		    "remove it and restart to make a new self-signed one",
		    path, api_tls_ssl_reason());
		g_string_free(*pem, TRUE);
		*pem = NULL;
		return -EINVAL;
	}
	return 0;
}

static int
api_tls_fingerprint(X509 *x, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	size_t pos = 0;

	if (X509_digest(x, EVP_sha256(), md, &len) != 1 || len * 3 > outlen)
		return -EIO;
	for (unsigned i = 0; i < len; i++)
		pos += (size_t)g_snprintf(out + pos, outlen - pos, i ? ":%02X" : "%02X", md[i]);
	return 0;
}

int
api_tls_prepare_spec(const struct api_tls_spec *spec,
    struct api_tls_material *out, char *err, size_t errlen)
{
	const char *dir = spec->dir;
	g_autofree char *key_path = g_build_filename(dir, spec->key_file, NULL);
	g_autofree char *cert_path = g_build_filename(dir, spec->cert_file, NULL);
	EVP_PKEY *pkey = NULL;
	X509 *x = NULL;
	GString *key_pem = NULL, *cert_pem = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (g_mkdir_with_parents(dir, 0700) < 0) {
		rc = -errno;
		api_tls_seterr(err, errlen, "cannot create %s: %s", dir, strerror(-rc));
		return rc;
	}

	rc = api_tls_load_key(key_path, spec, &pkey, &key_pem, err, errlen);
	if (rc == -ENOENT) {
		/* First start.  A certificate without its key is useless, so
		 * a stray certificate is replaced along with the new key. */
		pkey = EVP_EC_gen(API_TLS_EC_CURVE);
		key_pem = pkey ? api_tls_pem_key(pkey) : NULL;
		if (key_pem == NULL) {
			api_tls_seterr(err, errlen, "cannot make an EC %s key: %s",
			    API_TLS_EC_CURVE, api_tls_ssl_reason());
			rc = -EIO;
			goto out;
		}
		rc = api_tls_write_file(dir, spec->key_file, key_pem->str,
		    key_pem->len, 0600, err, errlen);
		if (rc < 0)
			goto out;
		unlink(cert_path);
		out->created = true;
	} else if (rc < 0) {
		goto out;
	}

	rc = api_tls_load_cert(cert_path, &x, &cert_pem, err, errlen);
	if (rc == -ENOENT) {
		x = api_tls_make_cert(pkey, spec);
		cert_pem = x ? api_tls_pem_cert(x) : NULL;
		if (cert_pem == NULL) {
			api_tls_seterr(err, errlen, "cannot make a certificate: %s",
			    api_tls_ssl_reason());
			rc = -EIO;
			goto out;
		}
		rc = api_tls_write_file(dir, spec->cert_file, cert_pem->str,
		    cert_pem->len, 0644, err, errlen);
		if (rc < 0)
			goto out;
		out->created = true;
	} else if (rc < 0) {
		goto out;
	} else if (X509_check_private_key(x, pkey) != 1) {
		ERR_clear_error();
		api_tls_seterr(err, errlen, "%s does not belong to %s: install the matching "
		    "pair, or remove both and restart to make a new self-signed one",
		    cert_path, key_path);
		rc = -EINVAL;
		goto out;
	}

	if (api_tls_fingerprint(x, out->fingerprint, sizeof(out->fingerprint)) < 0) {
		api_tls_seterr(err, errlen, "cannot hash %s", cert_path);
		rc = -EIO;
		goto out;
	}
	/* One buffer, certificate(s) first: what GTlsCertificate's PEM
	 * constructor expects, and a chain in the certificate file comes along. */
	{
		/* Sized up front: a realloc would leave key bytes behind. */
		GString *both = g_string_sized_new(cert_pem->len + key_pem->len + 2);

		g_string_append_len(both, cert_pem->str, cert_pem->len);
		g_string_append_c(both, '\n');
		g_string_append_len(both, key_pem->str, key_pem->len);
		out->pem = g_string_free(both, FALSE);
	}
	rc = 0;
out:
	api_tls_wipe_string(key_pem);
	api_tls_wipe_string(cert_pem);
	EVP_PKEY_free(pkey);
	X509_free(x);
	return rc;
}

int
api_tls_prepare(const char *dir, const char *node_name, const char *api_address,
    struct api_tls_material *out, char *err, size_t errlen)
{
	const struct api_tls_spec spec = {
		.dir = dir,
		.key_file = API_TLS_KEY_FILE,
		.cert_file = API_TLS_CERT_FILE,
		.common_name = node_name,
		.ip_address = api_address,
		.ext_key_usage = API_TLS_EKU_SERVER,
	};

	return api_tls_prepare_spec(&spec, out, err, errlen);
}

void
api_tls_material_clear(struct api_tls_material *m)
{
	if (m->pem != NULL) {
		OPENSSL_cleanse(m->pem, strlen(m->pem));
		g_free(m->pem);
	}
	memset(m, 0, sizeof(*m));
}
