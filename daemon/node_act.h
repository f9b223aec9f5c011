/* SPDX-License-Identifier: GPL-2.0-or-later */
/* node_act: the changes a cluster job makes on one node.
 *
 * The create job (and later dissolve) does the same things on both nodes:
 * install the cluster's files, set up DRBD, start the cluster stack,
 * record the cluster.  Each of those is an action here, run the same way
 * for this node (the job calls node_act_run) and for the peer (the job
 * calls peer_client_act, and the peer's peer channel calls node_act_run
 * for the pinned caller).  One implementation, so the two nodes cannot be
 * set up differently.
 *
 *   files-install  {"corosync_conf", "authkey" (base64), "cib_xml",
 *                   "drbd_res" (or absent)}     cluster_files_install
 *   files-remove   {}                           restores the originals
 *   drbd-create    {"resource"}   down (a rerun), create-md, up
 *   drbd-remove    {"resource"}   down, wipe-md
 *   drbd-initial   {"resource", "device", "fstype"}  the creating node's
 *                  data becomes the truth: primary --force, a file system
 *                  if the device has none, secondary (Pacemaker promotes)
 *   drbd-demote    {"resource"}   secondary
 *   drbd-down      {"resource"}   down (metadata kept)  /  drbd-up  up
 *   stack-start    {}  /  stack-stop {}          stack.h
 *   cib-apply      {"configuration"}             fo_cib_apply.h
 *   record         {"name", "peer", "failover_ip"}  the store's cluster row
 *   forget         {}                            back to standalone
 *   standalone-start {"address", "interface"}  standalone.h: a dissolved
 *                  cluster's kept node mounts, addresses and serves itself
 *   standalone-stop  {}   (files-install does it first, too)
 *   dissolve-finish  {"standalone", "address", "interface", "poweroff"}:
 *                  standalone, the pin forgotten, then its own services
 *                  (the kept node) or a power-off (the other)
 *   sb-discard     {"resource"}  split-brain victim: up, disconnect,
 *                  secondary, connect --discard-my-data
 *   sb-connect     {"resource"}  split-brain survivor: connect
 *   power          {"action": "reboot"|"poweroff"}  answers, then runs
 *                  [node] reboot_command or poweroff_command a moment later
 *
 * Every action can be run again after it succeeded or half happened (a
 * resumed job does), and every undo runs on a node where the action never
 * happened without harm. */
#ifndef HP_NODE_ACT_H
#define HP_NODE_ACT_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "hpd.h"

#define NODE_ACT_FILES_INSTALL "files-install"
#define NODE_ACT_FILES_REMOVE  "files-remove"
#define NODE_ACT_DRBD_CREATE   "drbd-create"
#define NODE_ACT_DRBD_REMOVE   "drbd-remove"
#define NODE_ACT_DRBD_INITIAL  "drbd-initial"
#define NODE_ACT_DRBD_DEMOTE   "drbd-demote"
#define NODE_ACT_DRBD_DOWN     "drbd-down"
#define NODE_ACT_DRBD_UP       "drbd-up"
#define NODE_ACT_STACK_START   "stack-start"
#define NODE_ACT_STACK_STOP    "stack-stop"
#define NODE_ACT_CIB_APPLY     "cib-apply"
#define NODE_ACT_RECORD        "record"
#define NODE_ACT_FORGET        "forget"
#define NODE_ACT_POWER         "power"
#define NODE_ACT_STANDALONE_START "standalone-start"
#define NODE_ACT_STANDALONE_STOP  "standalone-stop"
#define NODE_ACT_DISSOLVE_FINISH  "dissolve-finish"
#define NODE_ACT_SB_DISCARD    "sb-discard"    /* split-brain victim */
#define NODE_ACT_SB_CONNECT    "sb-connect"    /* split-brain survivor */
/* The answer (and the job's end) gets out before the node goes down. */
#define NODE_ACT_POWER_DELAY_S 2

/* drbdadm is quick; mkfs of a large volume is not (xfs, ext4 with lazy
 * init: seconds to a minute). */
#define NODE_ACT_DRBDADM_TIMEOUT_S 60
#define NODE_ACT_MKFS_TIMEOUT_S    600

/* RC 0, or -errno with ERROR a sentence for the operator (valid during
 * the call only). */
typedef void (*node_act_done_fn)(struct hpd *d, int rc, const char *error,
    gpointer user_data);

bool node_act_known(const char *name);

/* Run [node] reboot_command (REBOOT) or poweroff_command in
 * NODE_ACT_POWER_DELAY_S, logged as an event.  For a job that restarts
 * or shuts down its own node once it has ended. */
void node_act_power_later(struct hpd *d, bool reboot);

/* How long NAME may take, for a peer request's timeout. */
unsigned node_act_timeout_s(const char *name);

/* Runs NAME with PARAMS (borrowed for the call) on this node; DONE is
 * called exactly once, from the loop, never from inside this call. */
void node_act_run(struct hpd *d, const char *name, JsonObject *params,
    node_act_done_fn done, gpointer user_data);

/* Overwrite every shared secret in a tool's OUTPUT with 'x' (drbdadm
 * prints the drbdsetup command line, secret included, when it fails). */
void node_act_redact(char *output);

/* The DRBD kernel module's major version from /proc/drbd: 8 or 9; 8 when
 * the module is not loaded (Debian's kernel ships 8.4). */
unsigned node_act_drbd_kernel_major(void);

#endif
