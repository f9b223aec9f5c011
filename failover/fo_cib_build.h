/* fo_cib_build: the CIB configuration hapair writes at cluster creation.
 *
 * Cluster options (fencing per mode, no-quorum-policy=stop, a short
 * dc-deadtime so both nodes are online seconds after start), stickiness
 * so a recovered node never pulls the service back, and one of two shapes:
 *
 *  - no data volume ([data] device = none): group g_service = failover IP
 *    then the appliance services;
 *  - with DRBD: a promotable clone of ocf:linbit:drbd, and g_service =
 *    file system, failover IP, services, colocated with the Promoted
 *    instance and started after its promotion.
 *
 * Fencing: fence_ipmilan per node when BMC details are given, the lab's
 * fence agent in the lab, or none (stonith-enabled=false).  Each device
 * sits in a fencing level behind hapair's gate (agents/fence_hapair_gate):
 * a node that cannot reach the ping targets never fences, the node holding
 * the failover IP fences at once, and the other node waits a tie-break
 * delay only while its lost peer still answers on the service network, so
 * a crashed active node is fenced at once and two live nodes cut apart
 * never shoot each other.  With ping targets, the service also follows the
 * network: a node that reaches none of them is not where it runs (the
 * active node's eth0 lost moves it).  Without fencing,
 * DRBD's resource-level fencing (drbd_res.h) still keeps an outdated node
 * from being promoted; what is lost is protection of the failover IP when
 * only the cluster stack of the active node dies.
 *
 * Pure: parameters in, XML text out, no I/O, no logging.  Ids come from
 * fo_ids.h and attributes are written in a fixed order, so the output is
 * byte-for-byte stable and pinned by golden files.  Roles are written as
 * Promoted/Unpromoted, which needs the pacemaker-3.7 schema or later
 * (Pacemaker 2.1). */
#ifndef HP_FO_CIB_BUILD_H
#define HP_FO_CIB_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#include "fo_ids.h"

#define FO_CIB_NODES            2
#define FO_SERVICES_MAX         16
#define FO_SERVICE_NAME_MAX     32
#define FO_DEFAULT_NIC          "eth0"
#define FO_STICKINESS           "100"
/* How long a failed action keeps its resource off that node: long enough
 * not to retry a broken resource in a tight loop, short enough that a
 * transient failure (a start timed out on a loaded node) heals unattended. */
#define FO_FAILURE_TIMEOUT      "60s"
/* Below the stickiness: the preferred node gets the service when nothing
 * runs yet (creation: the creating node), but a survivor keeps it after
 * a failover instead of handing it back when the other node returns. */
#define FO_PREFER_SCORE         "50"
/* Two nodes join in ~5 s instead of ~23 s (LAB.md): with two_node, the
 * default 20 s mostly waits for a DC election nobody contests. */
#define FO_DC_DEADTIME          "2s"
/* The head start of the serving node when both nodes are alive and cut
 * apart (the gate's tiebreak_delay, seconds): longer than a BMC takes to
 * power a node off, paid only while the lost node still answers. */
#define FO_TIEBREAK_DELAY_S     "10"
/* How long the gate listens for a lost peer on the service network before
 * it takes it for dead (seconds): a live host answers in a millisecond.
 * A crash does not pay it: hapaird's record (daemon/peer_echo) already
 * shows the peer silent, and the gate believes it; the gate listens only
 * when the record shows the peer answering lately, or cannot be used. */
#define FO_PEER_WAIT_S          "0.25"
/* Pacemaker's controller sleeps a whole second when its scheduler query
 * comes back while its own CIB updates are still pending (controld's
 * do_pe_invoke_callback: "Re-asking for the CIB"), and a node loss makes
 * exactly such updates: in about half the crashes measured here the fence
 * came 1 s late.  Waiting this long after the last change before asking
 * lets them land first; every transition pays it.  The updates land
 * within about 15 ms of the join in the netns lab (the last at 12 ms in
 * the crash trials looked at), so 50 ms is ample, and 100 ms cost every
 * crash 50 ms more. */
#define FO_TRANSITION_DELAY     "50ms"
/* Pacemaker's controller throttles a busy cluster: once a node's load
 * average passes load-threshold (80 % by default, scaled by its cores) it
 * runs one action at a time cluster-wide (controld_throttle.c: a node in
 * "high" load limits a two-node cluster to one job), notifications
 * included.  A pair's transitions are a dozen actions, and the pair
 * fails over exactly when a node is overloaded: serialising them there
 * only lengthens the outage (in the uml lab, whose nodes sit at a load of
 * 1-2 on one CPU, a takeover took 106 s throttled and 53-56 s not).  0
 * turns off the load-average throttle; the guard on the CIB daemon's own
 * CPU stays. */
#define FO_LOAD_THRESHOLD       "0%"
/* Failure timeouts and rules set their own rechecks since Pacemaker 2.0.3;
 * this only bounds how long anything else waits for the next look. */
#define FO_CLUSTER_RECHECK      "5min"
/* The service network's reachability as Pacemaker's ping agent sees it
 * (ocf:pacemaker:ping): every 10 s, two probes 0.2 s apart, one answer
 * within 1 s enough, written at once (no dampening).  It is the backstop:
 * hapaird's lan_watch says a loss within a second (HB_LAN_LOST_MS) and
 * moves the service first.  The agent forks ping at every look, which
 * costs a small node real CPU: at every second it made the uml lab's
 * operate-uml take twice as long.  A node not known to reach none scores
 * FO_REACH_SCORE per attribute, above stickiness and preference
 * together. */
#define FO_REACH_INTERVAL       "10s"
#define FO_REACH_ATTEMPTS       "2"
#define FO_REACH_TIMEOUT_S      "1"
#define FO_REACH_OPTIONS        "-i 0.2"
#define FO_REACH_SCORE          "5000"
#define FO_PING_TARGETS_MAX     4
/* IPMI 2.0 limits (the BMC truncates or refuses longer ones). */
#define FO_IPMI_USER_MAX        16
#define FO_IPMI_PASSWORD_MAX    20

enum fo_fence_mode {
	FO_FENCE_NONE,             /* stonith-enabled=false */
	FO_FENCE_LAB,              /* stonith:fence_hapair_lab per node */
	FO_FENCE_IPMI,             /* stonith:fence_ipmilan per node, bmc[] */
};

struct fo_cib_bmc {
	const char *ip;            /* the BMC's address literal */
	const char *user;
	const char *password;
	bool lanplus;              /* IPMI 2.0 (RMCP+) */
	/* RMCP+ cipher suite ("3", "17"), or NULL: ipmitool asks the BMC,
	 * which some BMCs never answer (each call then waits ~10 s). */
	const char *cipher;
};

struct fo_cib_service {
	const char *name;          /* resource id FO_ID_SERVICE_PREFIX + name */
	const char *unit;          /* a systemd unit (appliance), or NULL */
	const char *command;       /* a command (lab), or NULL: one of the two */
	uint16_t port;             /* TCP port the agent checks; 0: none */
	const char *address;       /* where it listens, if not 127.0.0.1/any */
	const char *directory;     /* working directory of a command, or NULL */
};

struct fo_cib_data {
	const char *drbd_resource; /* e.g. DRBD_RESOURCE_DEFAULT */
	unsigned drbd_minor;       /* /dev/drbdMINOR */
	const char *mount;         /* the mount point */
	const char *fstype;        /* ext4 or xfs */
};

struct fo_cib_params {
	const char *nodes[FO_CIB_NODES];    /* Pacemaker node names */
	const char *ip;                     /* failover IP, v4 or v6 literal */
	unsigned prefix_len;
	const char *nic;                    /* NULL: FO_DEFAULT_NIC */
	const struct fo_cib_data *data;     /* NULL: [data] device = none */
	const struct fo_cib_service *services;
	size_t nservices;
	enum fo_fence_mode fence;
	struct fo_cib_bmc bmc[FO_CIB_NODES];/* FO_FENCE_IPMI: per nodes[i] */
	const char *preferred;              /* one of nodes[], or NULL: no preference */
	/* Hosts on the public network ("10.0.0.1,10.0.0.2"), or NULL: with
	 * fencing, a node fences its peer only while it reaches one of them,
	 * and the service runs where they are reached. */
	const char *ping_targets;
	/* Each node's own address on the service network (per nodes[i]):
	 * where the fence gate listens for a lost peer.  Needed with fencing. */
	const char *lan[FO_CIB_NODES];
	/* Only the cluster options and defaults, no resources: the CIB the
	 * nodes first start with, before the data volume is ready for the
	 * resources to be written through libcib (fo_cib_apply.h). */
	bool options_only;
};

/* NODE's BMC details B are usable for fence_ipmilan: a unicast address
 * literal that is not FAILOVER_IP (may be NULL), a user and a password
 * IPMI accepts.  0 or -EINVAL with the reason, naming NODE, in ERR. */
int fo_cib_check_bmc(const char *node, const struct fo_cib_bmc *b, const char *failover_ip,
    char *err, size_t errlen);

/* Append the <configuration> element for P to OUT.  0, -EINVAL with the
 * reason in ERR (OUT then unchanged), or -ENOMEM. */
int fo_cib_build(const struct fo_cib_params *p, GString *out,
    char *err, size_t errlen);

/* Replace the <configuration> of SKELETON (a whole CIB such as
 * `cibadmin --empty` prints) with CONFIGURATION and append the result to
 * OUT: the cib.xml a node can start from.  0, -EINVAL with ERR, -ENOMEM. */
int fo_cib_embed(const char *skeleton, const char *configuration,
    GString *out, char *err, size_t errlen);

#endif
