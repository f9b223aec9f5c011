/* pw: password hashes with OpenSSL's scrypt.
 *
 * Encoded as "$scrypt$ln=15,r=8,p=1$SALT$HASH" (base64), so the cost can
 * grow later and old hashes still verify.  Pure apart from the random salt;
 * hashing takes tens of milliseconds on purpose, so the daemon runs it off
 * the main loop. */
#ifndef HP_PW_H
#define HP_PW_H

#include <stddef.h>

#define PW_ENCODED_MAX 160
#define PW_MIN_LENGTH  8
#define PW_MAX_LENGTH  256

/* 0, or -EINVAL (too short/long: MSG says so), -EIO (OpenSSL failed). */
int pw_hash(const char *password, char *out, size_t outlen);
/* 0 match, -EACCES mismatch, -EINVAL ENCODED is malformed. */
int pw_verify(const char *password, const char *encoded);
/* NULL when acceptable, else a sentence saying what is wrong. */
const char *pw_check_policy(const char *password);

#endif
