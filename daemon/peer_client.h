/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_client: this node calling the other node's peer channel.
 *
 * Asynchronous on the daemon's main loop (libsoup 3).  Every call presents
 * this node's peer certificate (peer_ident) and checks the server's by
 * fingerprint: pairing trusts the first certificate it meets (the nodes
 * meet over the direct heartbeat cable, and the admin password of the
 * other node is what proves the pairing wanted) and pins it; every later
 * call accepts only the pinned certificate.  No CA, proxy or connection
 * is shared between calls: a connection checked against one pin never
 * carries a request made under another.
 *
 * Each call ends with exactly one callback, from the loop, never from
 * inside the call; the result says what happened and its message what to
 * do.  The caller keeps D alive until then. */
#ifndef HP_PEER_CLIENT_H
#define HP_PEER_CLIENT_H

#include <json-glib/json-glib.h>
#include <stdint.h>

#include "hpd.h"
#include "peer_msg.h"

/* Connect, TLS and HTTP together; scrypt on the peer takes well under 1 s. */
#define PEER_CLIENT_TIMEOUT_S 10

enum peer_result {
	PEER_OK = 0,
	PEER_E_UNREACHABLE,      /* no answer on ADDR:PORT */
	PEER_E_WRONG_PASSWORD,   /* the peer refused its admin password */
	PEER_E_NO_PASSWORD,      /* the peer has no admin password yet */
	PEER_E_RATE_LIMITED,     /* too many failed pairings: wait */
	PEER_E_BUSY,             /* the peer asks to try again shortly */
	PEER_E_ALREADY_PAIRED,   /* the peer, or this node, is paired with another */
	PEER_E_CERT_MISMATCH,    /* the server is not the pinned peer */
	PEER_E_NOT_PINNED,       /* the peer refused this node's certificate */
	PEER_E_NOT_PAIRED,       /* this node has no peer pinned */
	PEER_E_PROTOCOL,         /* an answer that is not the peer channel's */
	PEER_E_LOCAL,            /* this node's own certificate or store failed */
	PEER_E_FAILED,           /* act: the peer tried and failed (message: why) */
};

struct peer_reply {
	enum peer_result result;
	char message[640];           /* what happened; on failure, what to do */
	unsigned http_status;        /* 0 without an HTTP answer */
	char address[64];
	uint16_t port;
	struct peer_info info;       /* the peer's node and version (and more) */
	char presented_fp[PEER_FP_MAX]; /* the certificate its TLS presented */
	int64_t rtt_us;              /* hello: the round trip */
	int64_t clock_offset_us;     /* hello, preflight: the peer's clock minus ours */
	struct preflight_facts facts; /* preflight: what the peer says about itself */
	/* get: the answer's JSON body (NUL-terminated), valid during the callback only */
	const char *body;
	size_t body_len;
};

typedef void (*peer_reply_fn)(struct hpd *d, const struct peer_reply *r, void *arg);

/* POST /peer/v1/pair to ADDRESS:PORT with the peer's admin PASSWORD (copied
 * at once: the caller may wipe it on return); on
 * success both nodes have pinned each other.  Whether the versions fit is
 * for the caller to judge from r->info.version. */
void peer_client_pair(struct hpd *d, const char *address, uint16_t port,
    const char *password, peer_reply_fn fn, void *arg);
/* GET /peer/v1/hello from the pinned peer: its name, version and clock. */
void peer_client_hello(struct hpd *d, peer_reply_fn fn, void *arg);
/* The same, giving up after TIMEOUT_S: for the status's periodic hello. */
void peer_client_hello_timeout(struct hpd *d, unsigned timeout_s, peer_reply_fn fn,
    void *arg);
/* POST /peer/v1/unpair to the pinned peer, then forget it here too. */
void peer_client_unpair(struct hpd *d, peer_reply_fn fn, void *arg);

/* POST /peer/v1/act/ACTION to the pinned peer: it runs node action ACTION
 * (node_act.h) with PARAMS (borrowed; it may hold keys: the body is wiped
 * after sending) and answers when it is done, within TIMEOUT_S. */
void peer_client_act(struct hpd *d, const char *action, JsonObject *params,
    unsigned timeout_s, peer_reply_fn fn, void *arg);

/* GET PATH_AND_QUERY from the pinned peer, giving up after TIMEOUT_S (0:
 * PEER_CLIENT_TIMEOUT_S): for reads the UI waits on, such as the peer's
 * part of the event log.  On PEER_OK, r->body holds the 200 answer. */
void peer_client_get(struct hpd *d, const char *path_and_query, unsigned timeout_s,
    peer_reply_fn fn, void *arg);

/* POST /peer/v1/preflight to ADDRESS:PORT with the peer's admin PASSWORD
 * (copied at once): the peer's preflight facts for a failover IP on
 * INTERFACE, in r->facts, and the clock offset.  Pins nothing on either
 * side and accepts whatever certificate the peer presents, pinned or not:
 * preflight must change nothing, and what it learns only informs the
 * operator; the pairing that follows checks the certificate as usual. */
void peer_client_preflight(struct hpd *d, const char *address, uint16_t port,
    const char *password, const char *interface, peer_reply_fn fn, void *arg);

/* "ok", "unreachable", "wrong-password", ...: for programs and tests. */
const char *peer_result_name(enum peer_result r);

#endif
