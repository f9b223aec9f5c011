/* drbd_res: the DRBD resource file hapair writes at cluster creation.
 *
 * One two-node resource, protocol C, authenticated with a shared secret,
 * with resource-level fencing through Pacemaker (crm-fence-peer) so that a
 * disconnected passive node is never promoted with outdated data, and
 * split-brain policies that never throw away a side that has changes: those
 * are resolved by an operator (Repair split brain), never silently.
 *
 * The syntax follows the kernel module that will run it: DRBD 8.4 (the
 * lab's UML kernel, older appliances) or DRBD 9.  Rendering is pure: no
 * files, no logging.  The file holds the secret: the writer makes it 0600. */
#ifndef HP_DRBD_RES_H
#define HP_DRBD_RES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#define DRBD_RES_NODES             2
#define DRBD_RESOURCE_DEFAULT      "r0"
#define DRBD_RESOURCE_NAME_MAX     32
#define DRBD_PORT_DEFAULT          7789
#define DRBD_MINOR_MAX             1048575   /* DRBD's 20-bit minor space */
#define DRBD_DEVICE_PREFIX         "/dev/drbd"
/* 40 MiB/s: the initial sync finishes in minutes on a gigabit eth1 while
 * leaving room for replication of new writes. */
#define DRBD_RESYNC_RATE_DEFAULT_KIB_S  (40 * 1024)
#define DRBD_RESYNC_RATE_MAX_KIB_S      (4 * 1024 * 1024)   /* DRBD's limit */
/* 24 random bytes, 48 hex digits: DRBD refuses a secret of 64 characters
 * or more when connecting (SHARED_SECRET_MAX), long after the file parsed. */
#define DRBD_SECRET_BYTES          24
#define DRBD_SECRET_HEX_LEN        (2 * DRBD_SECRET_BYTES)
#define DRBD_SECRET_HEX_MIN        32
#define DRBD_SECRET_HEX_MAX        63
#define DRBD_HANDLER_DIR           "/usr/lib/drbd"
/* ping-timeout, in DRBD's tenths of a second: 1 to 300 (its default 5). */
#define DRBD_PING_TIMEOUT_MIN_MS   100
#define DRBD_PING_TIMEOUT_MAX_MS   30000

struct drbd_res_node {
	const char *name;          /* host name: DRBD matches it to uname -n */
	const char *address;       /* eth1, IPv4 or IPv6 literal */
};

struct drbd_res_params {
	const char *resource;      /* NULL: DRBD_RESOURCE_DEFAULT */
	unsigned minor;            /* /dev/drbdMINOR */
	const char *disk;          /* backing device, the same path on both */
	uint16_t port;             /* 0: DRBD_PORT_DEFAULT */
	struct drbd_res_node nodes[DRBD_RES_NODES];
	const char *shared_secret; /* hex, from drbd_secret_generate */
	unsigned resync_rate_kib_s;/* 0: DRBD_RESYNC_RATE_DEFAULT_KIB_S */
	/* The rate is the operator's ([data] resync_rate): a fixed rate
	 * (c-plan-ahead 0) rather than the dynamic controller's ceiling,
	 * which DRBD 8.4 was seen to overrun (128 MB/s against a 3 MiB/s
	 * c-max-rate, in the uml lab). */
	bool fixed_rate;
	/* How long DRBD waits for the peer's answer to a ping before it drops
	 * the connection (and fences the peer): half the heartbeat timeout,
	 * so that a node too busy for one is not cut off by the other.
	 * 0: DRBD's default (500 ms), not written. */
	unsigned ping_timeout_ms;
	unsigned kernel_major;     /* 8 (8.4 syntax) or 9 */
};

/* Append the resource file for P to OUT.  0, or -EINVAL with the reason
 * in ERR (OUT is then left as it was). */
int drbd_res_render(const struct drbd_res_params *p, GString *out,
    char *err, size_t errlen);

/* A fresh shared secret: DRBD_SECRET_HEX_LEN lowercase hex digits and a
 * NUL into BUF (LEN >= DRBD_SECRET_HEX_LEN + 1).  0, -EINVAL when BUF is
 * too small, -EIO when OpenSSL's CSPRNG could not be seeded. */
int drbd_secret_generate(char *buf, size_t len);

#endif
