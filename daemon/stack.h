/* stack: starts and stops this node's cluster stack (corosync, then
 * Pacemaker) for the jobs that need it: create starts it, dissolve stops it.
 *
 * Two ways, chosen by [cluster] stack in hapair.conf:
 *   systemd  `systemctl start corosync pacemaker` (an appliance);
 *   direct   hapaird starts `corosync -f` and `pacemakerd` itself, each in
 *            its own session so that they outlive a restart of hapaird
 *            (the lab, where there is no service manager);
 *   auto     systemd when it runs the machine, direct otherwise.
 * Both return only when the stack answers: corosync's libraries connect
 * and Pacemaker's CIB manager answers a query.  Nothing blocks the loop:
 * commands are child processes, readiness probes run in a worker thread. */
#ifndef HP_STACK_H
#define HP_STACK_H

#include "hpd.h"

#define STACK_START_TIMEOUT_S  60
#define STACK_STOP_TIMEOUT_S   180   /* pacemakerd stops every resource first */

/* RC 0, or -errno with ERROR a sentence for the operator. */
typedef void (*stack_done_fn)(struct hpd *d, int rc, const char *error, gpointer user_data);

void stack_start(struct hpd *d, stack_done_fn done, gpointer user_data);
void stack_stop(struct hpd *d, stack_done_fn done, gpointer user_data);

/* Pure: which manager "auto" means, given whether systemd runs the host. */
enum cfg_stack stack_manager(enum cfg_stack configured, bool systemd_running);

#endif
