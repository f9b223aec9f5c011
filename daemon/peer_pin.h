/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_pin: the peer channel's decisions, apart from any I/O.
 *
 * The two hapaird talk over mutual TLS and trust each other by the SHA-256
 * fingerprint of the other's peer certificate, pinned once the admin
 * password was accepted (POST /peer/v1/pair).  Whether a request may go
 * on is decided here from strings: its path, the pinned fingerprint (or
 * none) and the one its client presented in the TLS handshake.  Also the
 * fingerprint format, the limiter that keeps refusals from flooding the
 * event log, and the clock offset a hello measures.
 *
 * Pure: callers pass the time in; nothing here logs, reads the clock or
 * touches the store, a file or the network. */
#ifndef HP_PEER_PIN_H
#define HP_PEER_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PEER_API_PREFIX    "/peer/v1/"
#define PEER_PATH_PAIR     "/peer/v1/pair"
#define PEER_PATH_HELLO    "/peer/v1/hello"
#define PEER_PATH_UNPAIR   "/peer/v1/unpair"

/* A fingerprint is the SHA-256 of the certificate's DER as 32 upper-case
 * hex pairs joined by ':' ("AB:CD:..."), as `openssl x509 -fingerprint
 * -sha256` prints it; messages put PEER_FP_LABEL in front. */
#define PEER_FP_BYTES      32
#define PEER_FP_LEN        (PEER_FP_BYTES * 3 - 1)
#define PEER_FP_MAX        (PEER_FP_LEN + 1)
#define PEER_FP_LABEL      "SHA256:"

/* FP of DER (a certificate) into OUT (>= PEER_FP_MAX).  0, -ENOBUFS, -EIO. */
int peer_fp_from_der(const void *der, size_t len, char *out, size_t outlen);
/* IN in any case, with or without ':' and PEER_FP_LABEL, as the canonical
 * form in OUT (>= PEER_FP_MAX).  0, -EINVAL when it is no fingerprint. */
int peer_fp_normalize(const char *in, char *out, size_t outlen);
/* True when both are fingerprints of the same certificate; false when
 * either is NULL, empty or malformed. */
bool peer_fp_equal(const char *a, const char *b);

/* Who may go on ------------------------------------------------------------ */
enum peer_verdict {
	PEER_ALLOW,            /* the pinned certificate: any endpoint */
	PEER_PAIR_ALLOWED,     /* the pair endpoint: the admin password decides */
	PEER_DENY_NO_CERT,     /* no client certificate at all */
	PEER_DENY_NOT_PINNED,  /* a certificate, but not the pinned one (or none is) */
};

/* PATH: the decoded request path.  PINNED_FP: NULL or "" when this node is
 * not paired.  PRESENTED_FP: NULL or "" when the client showed none.  Every
 * path but PEER_PATH_PAIR needs the pinned certificate, unknown ones too,
 * so that a stranger learns nothing about which endpoints exist. */
enum peer_verdict peer_decide(const char *path, const char *pinned_fp,
    const char *presented_fp);
const char *peer_verdict_name(enum peer_verdict v);

/* Once the password was right: may PRESENTED_FP be pinned? */
enum peer_pair_verdict {
	PEER_PAIR_NEW,        /* nothing pinned yet: pin it */
	PEER_PAIR_SAME,       /* already pinned: pairing again changes nothing */
	PEER_PAIR_CONFLICT,   /* paired with another certificate: dissolve first */
};
enum peer_pair_verdict peer_pair_check(const char *pinned_fp,
    const char *presented_fp);

/* Names and versions a peer may send: a node name as hapair.conf allows
 * it (1-63 of letters, digits, '-', '.', '_'), a version of 1-31 of
 * letters, digits, '.', '-', '+', '~', '_'. */
bool peer_node_name_valid(const char *name);
bool peer_version_valid(const char *version);

/* Refusal events -------------------------------------------------------------
 * At most PEER_EVRL_MAX refusals are written to the event log in each
 * PEER_EVRL_WINDOW_US; the rest are counted and reported in one line once
 * the window has passed, so a flood of strangers cannot fill the log (the
 * store keeps a fixed number of events) and push out what matters. */
#define PEER_EVRL_MAX        10
#define PEER_EVRL_WINDOW_US  (60 * INT64_C(1000000))

struct peer_evrl {
	int64_t window_start_us;
	unsigned logged;          /* in the current window */
	unsigned suppressed;      /* since the last report */
	bool started;
};

/* True when a refusal at NOW_US (monotonic) may be logged; else counts it. */
bool peer_evrl_allow(struct peer_evrl *rl, int64_t now_us);
/* The refusals not logged, once their window has passed (then forgets
 * them); 0 before. */
unsigned peer_evrl_take_suppressed(struct peer_evrl *rl, int64_t now_us);

/* Clock ----------------------------------------------------------------------
 * The peer's wall clock minus ours, from a hello sent at SENT_US and
 * answered at RECEIVED_US (our wall clock) carrying the peer's PEER_US:
 * the answer was made, on average, halfway through the round trip. */
int64_t peer_clock_offset_us(int64_t sent_us, int64_t received_us,
    int64_t peer_us);

#endif
