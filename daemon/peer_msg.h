/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_msg: the peer channel's JSON bodies, built and parsed in one place
 * so that server and client cannot drift apart.
 *
 *   POST /peer/v1/pair   {"password", "node", "version", "port"}
 *                        -> {"node", "version", "fingerprint"}
 *   GET  /peer/v1/hello  -> {"node", "version", "time_us"}
 *   POST /peer/v1/unpair -> {"unpaired": true}
 *   POST /peer/v1/preflight {"password", "interface"}
 *                        -> the node's preflight facts (see preflight.h):
 *                        {"node", "version", "time_us", "role",
 *                         "heartbeat": IFACE, "failover": IFACE,
 *                         "data": {"device", "present", "size_bytes", "error"}}
 *                        IFACE: {"name", "exists", "addresses": ["a/p", ..]}
 *   any refusal          -> {"error": "what is wrong", "reason": PEER_REASON_*}
 *
 * "port" is where the requester's own peer channel listens: after a
 * takeover the node that answered the pairing is the one that calls.
 * Pure: text in, struct out; never logs. */
#ifndef HP_PEER_MSG_H
#define HP_PEER_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "peer_pin.h"
#include "preflight.h"

/* Open to any certificate, like pairing: the admin password decides.
 * It changes nothing on the node that answers. */
#define PEER_PATH_PREFLIGHT "/peer/v1/preflight"

/* GET /peer/v1/events?FILTER -> {"events": [...]}: this node's part of the
 * cluster's event log for the pinned peer's UI (event_query.h). */
#define PEER_PATH_EVENTS "/peer/v1/events"
/* GET (pinned): {"role", "cluster", "dissolved"}: whether this node still
 * counts the caller as its cluster's other node, or dissolved the cluster
 * while the caller was away (job_dissolve.h). */
#define PEER_PATH_CLUSTER "/peer/v1/cluster"

/* GET (pinned): this node's side of a split brain (sb_facts.h), 503 while
 * it has not collected one. */
#define PEER_PATH_SB_FACTS "/peer/v1/sb-facts"

/* POST /peer/v1/act/NAME  {params}  -> {"done": true}: the pinned peer
 * runs node action NAME here (node_act.h); refusals as below, a failed
 * action is 500 with reason "failed" and what failed. */
#define PEER_PATH_ACT_PREFIX "/peer/v1/act/"

/* Larger bodies are refused: a pairing request is a few hundred bytes;
 * the pinned peer's requests carry whole configurations. */
#define PEER_BODY_MAX                (16 * 1024)
#define PEER_BODY_MAX_PINNED         (1024 * 1024)
#define PEER_MIME_JSON               "application/json"

/* "reason" of a refusal: for programs; "error" is for people. */
#define PEER_REASON_NOT_PINNED       "not-pinned"
#define PEER_REASON_WRONG_PASSWORD   "wrong-password"
#define PEER_REASON_NO_PASSWORD      "no-password"
#define PEER_REASON_ALREADY_PAIRED   "already-paired"
#define PEER_REASON_RATE_LIMITED     "rate-limited"
#define PEER_REASON_BUSY             "busy"
#define PEER_REASON_BAD_REQUEST      "bad-request"
#define PEER_REASON_NOT_FOUND        "not-found"
#define PEER_REASON_INTERNAL         "internal"
#define PEER_REASON_FAILED           "failed"

#define PEER_NODE_MAX    64
#define PEER_VERSION_MAX 32

struct peer_pair_req {
	char *password;                /* g_malloc'd; peer_pair_req_clear wipes it */
	char node[PEER_NODE_MAX];
	char version[PEER_VERSION_MAX];
	uint16_t port;                 /* CFG_DEFAULT_PEER_PORT when absent */
};

/* 0, or -EINVAL with what is wrong in ERR. */
int peer_pair_req_parse(const char *data, size_t len, struct peer_pair_req *out,
    char *err, size_t errlen);
void peer_pair_req_clear(struct peer_pair_req *r);
/* The request body; it holds the password: free it with peer_msg_free_secret. */
char *peer_pair_req_build(const char *password, const char *node,
    const char *version, uint16_t port);
void peer_msg_free_secret(char *text);

/* What the other node says about itself. */
struct peer_info {
	char node[PEER_NODE_MAX];
	char version[PEER_VERSION_MAX];
	char fingerprint[PEER_FP_MAX];   /* pair only */
	int64_t time_us;                 /* hello only: its wall clock */
};

char *peer_pair_reply_build(const char *node, const char *version,
    const char *fingerprint);
char *peer_hello_reply_build(const char *node, const char *version,
    int64_t time_us);
char *peer_unpair_reply_build(void);
char *peer_act_reply_build(void);
char *peer_error_build(const char *reason, const char *error);
/* 0, or -EINVAL with what is wrong in ERR. */
int peer_pair_reply_parse(const char *data, size_t len, struct peer_info *out,
    char *err, size_t errlen);
int peer_hello_reply_parse(const char *data, size_t len, struct peer_info *out,
    char *err, size_t errlen);
/* The "error" and "reason" of a refusal; "" for what is missing. */
void peer_error_parse(const char *data, size_t len, char *error, size_t errorlen,
    char *reason, size_t reasonlen);

/* Preflight ------------------------------------------------------------------ */
struct peer_preflight_req {
	char *password;                /* g_malloc'd; peer_preflight_req_clear wipes it */
	char interface[PREFLIGHT_IF_MAX]; /* the failover IP's interface */
};

/* 0, or -EINVAL with what is wrong in ERR. */
int peer_preflight_req_parse(const char *data, size_t len,
    struct peer_preflight_req *out, char *err, size_t errlen);
void peer_preflight_req_clear(struct peer_preflight_req *r);
/* Holds the password: free it with peer_msg_free_secret. */
char *peer_preflight_req_build(const char *password, const char *interface);
char *peer_preflight_reply_build(const struct preflight_facts *f);
/* 0, or -EINVAL with what is wrong in ERR. */
int peer_preflight_reply_parse(const char *data, size_t len,
    struct preflight_facts *out, char *err, size_t errlen);

#endif
