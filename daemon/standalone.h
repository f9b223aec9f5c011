/* SPDX-License-Identifier: GPL-2.0-or-later */
/* standalone: the kept node of a dissolved cluster runs on as an appliance
 * of its own.  What Pacemaker did for it, hapaird does now: mount the data
 * volume's backing device (DRBD is gone; with internal metadata the file
 * system starts at the device's first block), optionally take the former
 * failover IP as an address of its own (mail servers and firewalls keep
 * their settings), and start the [service NAME] services through the same
 * OCF agent (ocf:hapair:service).
 *
 * The choice is kept in the store (setting STANDALONE_SETTING), so the node
 * does the same at every boot until it is clustered again; creating a
 * cluster hands all of it back to Pacemaker (standalone_stop). */
#ifndef HP_STANDALONE_H
#define HP_STANDALONE_H

#include <stdbool.h>

#include "hpd.h"

#define STANDALONE_SETTING "standalone.run"   /* {"address": "IP/PREFIX" or "", "interface"} */
#define STANDALONE_AGENT   "/usr/lib/ocf/resource.d/hapair/service"
#define STANDALONE_OCF_ROOT "/usr/lib/ocf"

/* RC 0 or -errno with ERROR, from the loop. */
typedef void (*standalone_done_fn)(struct hpd *d, int rc, const char *error, void *arg);

/* Mount, address (ADDRESS "IP/PREFIX" on INTERFACE, or NULL), services;
 * recorded for the next boots. */
void standalone_start(struct hpd *d, const char *address, const char *interface,
    standalone_done_fn done, void *arg);
/* Services, address, mount, in reverse; the record cleared.  Nothing to
 * do is no error. */
void standalone_stop(struct hpd *d, standalone_done_fn done, void *arg);
/* The local guard (guard.h): what Pacemaker ran here is taken down without
 * it: ADDRESS ("IP/PREFIX", may be NULL) removed from the interface that
 * has it, the services stopped, the data volume unmounted, DRBD made
 * Secondary.  Each piece may find nothing to do. */
void standalone_release(struct hpd *d, const char *address, standalone_done_fn done,
    void *arg);

/* At boot: start again what the record says, logging the outcome. */
void standalone_resume(struct hpd *d);

#endif
