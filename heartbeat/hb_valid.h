/* hb_valid: the input checks every generator shares (corosync.conf, DRBD resource
 * file, CIB).  Each answers yes or no; the caller words the error, since
 * only it knows which field the operator has to fix. */
#ifndef HP_HB_VALID_H
#define HP_HB_VALID_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>

#define HB_HOST_NAME_MAX 63            /* a host name label */

/* A parsed address literal and its canonical text, which is what the
 * generators write, so "fd00:0::1" and "fd00::1" render alike. */
struct hb_addr {
	int family;                    /* AF_INET or AF_INET6 */
	unsigned char bytes[16];
	char text[INET6_ADDRSTRLEN];
};

/* A host name as Pacemaker, corosync and DRBD's "on NAME" see it: 1..63
 * letters, digits, '-', '.', '_', starting with a letter or digit. */
bool hb_host_name_ok(const char *s);

/* 1..MAX letters, digits, '-', '_', starting with a letter or digit: safe
 * as a file name, a DRBD resource name and part of an XML id. */
bool hb_word_ok(const char *s, size_t max);

/* An absolute path without whitespace, quotes, ';', '{', '}' or '#', so it
 * can stand unquoted in DRBD's grammar. */
bool hb_path_ok(const char *s);

/* A unicast IPv4 or IPv6 literal (no names: failover must not wait for
 * DNS; no unspecified, loopback or multicast address). */
bool hb_addr_parse(const char *s, struct hb_addr *a);
bool hb_addr_equal(const struct hb_addr *a, const struct hb_addr *b);

/* Word an error into ERR and return -EINVAL: the one way the generators
 * refuse their input. */
int hb_invalid(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
