/* fo_valid: the input checks the failover generators share (DRBD resource
 * file, CIB).  Each answers yes or no; the caller words the error, since
 * only it knows which field the operator has to fix. */
#ifndef HP_FO_VALID_H
#define HP_FO_VALID_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>

#define FO_HOST_NAME_MAX 63            /* a host name label */

/* A parsed address literal and its canonical text, which is what the
 * generators write, so "fd00:0::1" and "fd00::1" render alike. */
struct fo_addr {
	int family;                    /* AF_INET or AF_INET6 */
	unsigned char bytes[16];
	char text[INET6_ADDRSTRLEN];
};

/* A host name as Pacemaker, corosync and DRBD's "on NAME" see it: 1..63
 * letters, digits, '-', '.', '_', starting with a letter or digit. */
bool fo_host_name_ok(const char *s);

/* 1..MAX letters, digits, '-', '_', starting with a letter or digit: safe
 * as a file name, a DRBD resource name and part of an XML id. */
bool fo_word_ok(const char *s, size_t max);

/* An absolute path without whitespace, quotes, ';', '{', '}' or '#', so it
 * can stand unquoted in DRBD's grammar. */
bool fo_path_ok(const char *s);

/* A unicast IPv4 or IPv6 literal (no names: failover must not wait for
 * DNS; no unspecified, loopback or multicast address). */
bool fo_addr_parse(const char *s, struct fo_addr *a);
bool fo_addr_equal(const struct fo_addr *a, const struct fo_addr *b);

#endif
