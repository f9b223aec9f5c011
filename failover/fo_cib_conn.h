/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_conn: one short libcib connection for a write (fo_cib_apply.c,
 * fo_cib_edit.c).  Internal to failover/. */
#ifndef HP_FO_CIB_CONN_H
#define HP_FO_CIB_CONN_H

#include <stddef.h>

#include <crm/cib.h>

/* Signed on as CLIENT with TIMEOUT_S for each call, under fo_pcmk_lock():
 * *OUT, 0; or -errno with ERR (-ENOTCONN: no CIB manager here), unlocked. */
int fo_cib_open(const char *client, int timeout_s, cib_t **out, char *err, size_t errlen);

/* Sign off, free, unlock. */
void fo_cib_close(cib_t *cib);

/* A Pacemaker return code as -errno (pcmk_err_* codes are positive). */
int fo_cib_rc(int rc);

#endif
