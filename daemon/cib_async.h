/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cib_async: hapaird's writes to the live CIB (failover/fo_cib_apply.h,
 * fo_cib_edit.h) in a worker thread, so that a slow or hung CIB manager
 * never blocks the loop.  DONE is called once, from the loop. */
#ifndef HP_CIB_ASYNC_H
#define HP_CIB_ASYNC_H

#include <stdbool.h>

#include "fo_cib_edit.h"
#include "hpd.h"

/* RC: 0 or -errno; ERROR: what failed (NULL when RC is 0), valid during
 * the call. */
typedef void (*cib_async_done_fn)(struct hpd *d, int rc, const char *error, void *arg);

/* fo_cib_apply(CONFIGURATION) */
void cib_async_apply(struct hpd *d, const char *configuration, cib_async_done_fn done,
    void *arg);
/* fo_cib_set_preference(NODE, STRENGTH) */
void cib_async_prefer(struct hpd *d, const char *node, enum fo_prefer strength,
    cib_async_done_fn done, void *arg);
/* fo_cib_set_standby(NODE, ON) */
void cib_async_standby(struct hpd *d, const char *node, bool on, cib_async_done_fn done,
    void *arg);
/* fo_cib_set_service_running(RUN) */
void cib_async_service(struct hpd *d, bool run, cib_async_done_fn done, void *arg);
/* fo_cib_set_maintenance(ON) */
void cib_async_maintenance(struct hpd *d, bool on, cib_async_done_fn done, void *arg);

/* fo_cib_remove_drbd_fence() */
void cib_async_unfence(struct hpd *d, cib_async_done_fn done, void *arg);

#endif
