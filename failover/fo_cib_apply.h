/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_apply: write hapair's configuration into the live CIB through
 * libcib, the way cibadmin --replace --scope configuration would, but
 * keeping the <nodes> Pacemaker has filled in.
 *
 * CONFIGURATION is a <configuration> element as fo_cib_build() writes it.
 * It replaces the live configuration in one CIB update, so Pacemaker
 * never schedules a half-written set of resources and constraints; the
 * node entries (with their ids and any standby attribute) are carried
 * over from the live CIB because ours are empty.
 *
 * Blocking (IPC to the CIB manager, which forwards the update to the DC
 * and waits for it): call it from a worker thread, one at a time with the
 * other Pacemaker calls of the process (fo_cib_status.h). */
#ifndef HP_FO_CIB_APPLY_H
#define HP_FO_CIB_APPLY_H

#include <stddef.h>

/* A DC forwards the update to both nodes; 30 s is far beyond a healthy
 * pair and short enough for the job to report a stuck CIB manager. */
#define FO_CIB_APPLY_TIMEOUT_S 30

/* 0, or -errno with what failed in ERR (-ENOTCONN: no CIB manager here;
 * -EINVAL: CONFIGURATION is not a <configuration>, or Pacemaker refused
 * it, with its reason). */
int fo_cib_apply(const char *configuration, char *err, size_t errlen);

/* An empty CIB as Pacemaker makes one (cibadmin --empty: the newest
 * schema, epoch 0) appended to OUT, to embed a configuration into
 * (fo_cib_embed) for the cib.xml the nodes first start with.  0 or -ENOMEM
 * / -ENOTSUP. */
#include <glib.h>
int fo_cib_skeleton(GString *out);

#endif
