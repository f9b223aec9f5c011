/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pw: scrypt password hashes (OpenSSL).  The cost parameters travel in the
 * encoded string, so raising them later does not lock out old passwords,
 * and bounds on them keep a forged hash from costing gigabytes. */
#include <errno.h>
#include <glib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "pw.h"

#define PW_SCRYPT_LN   15        /* N = 2^15: ~50 ms and 32 MiB per hash */
#define PW_SCRYPT_R    8
#define PW_SCRYPT_P    1
#define PW_SALT_BYTES  16
#define PW_HASH_BYTES  32
#define PW_MAXMEM      (256u * 1024 * 1024)

static int
pw_derive(const char *password, const unsigned char *salt, size_t saltlen,
    int ln, int r, int p, unsigned char *out, size_t outlen)
{
	if (EVP_PBE_scrypt(password, strlen(password), salt, saltlen,
	    (uint64_t)1 << ln, (uint64_t)r, (uint64_t)p, PW_MAXMEM, out, outlen) != 1)
		return -EIO;
	return 0;
}

const char *
pw_check_policy(const char *password)
{
	size_t len = strlen(password);

	if (len < PW_MIN_LENGTH)
		return "the password must have at least 8 characters";
	if (len > PW_MAX_LENGTH)
		return "the password must have at most 256 characters";
	if (!g_utf8_validate(password, -1, NULL))
		return "the password must be valid UTF-8 text";
	for (const char *c = password; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return "the password must not contain control characters";
	return NULL;
}

int
pw_hash(const char *password, char *out, size_t outlen)
{
	unsigned char salt[PW_SALT_BYTES], hash[PW_HASH_BYTES];
	gchar *salt64, *hash64;
	int n;

	if (pw_check_policy(password) != NULL)
		return -EINVAL;
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -EIO;
	if (pw_derive(password, salt, sizeof(salt), PW_SCRYPT_LN, PW_SCRYPT_R,
	    PW_SCRYPT_P, hash, sizeof(hash)) != 0)
		return -EIO;
	salt64 = g_base64_encode(salt, sizeof(salt));
	hash64 = g_base64_encode(hash, sizeof(hash));
	n = snprintf(out, outlen, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", PW_SCRYPT_LN,
	    PW_SCRYPT_R, PW_SCRYPT_P, salt64, hash64);
	OPENSSL_cleanse(hash, sizeof(hash));
	g_free(salt64);
	g_free(hash64);
	return n > 0 && (size_t)n < outlen ? 0 : -ENOSPC;
}

int
pw_verify(const char *password, const char *encoded)
{
	int ln, r, p, consumed = 0, rc;
	char salt64[64], hash64[64];
	guchar *salt = NULL, *want = NULL;
	gsize saltlen, wantlen;
	unsigned char got[PW_HASH_BYTES];

	if (sscanf(encoded, "$scrypt$ln=%d,r=%d,p=%d$%63[^$]$%63[^$]%n", &ln, &r, &p,
	    salt64, hash64, &consumed) != 5 || encoded[consumed] != '\0')
		return -EINVAL;
	if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16)
		return -EINVAL;
	salt = g_base64_decode(salt64, &saltlen);
	want = g_base64_decode(hash64, &wantlen);
	if (saltlen < 8 || wantlen != sizeof(got)) {
		rc = -EINVAL;
		goto out;
	}
	rc = pw_derive(password, salt, saltlen, ln, r, p, got, sizeof(got));
	if (rc == 0 && CRYPTO_memcmp(got, want, sizeof(got)) != 0)
		rc = -EACCES;
	OPENSSL_cleanse(got, sizeof(got));
out:
	g_free(salt);
	g_free(want);
	return rc;
}
