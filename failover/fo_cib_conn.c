/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_conn: one short libcib connection (see the header). */
#include <errno.h>
#include <stdio.h>

#include <crm/crm.h>

#include "fo_cib_conn.h"
#include "fo_cib_status.h"

int
fo_cib_open(const char *client, int timeout_s, cib_t **out, char *err, size_t errlen)
{
	cib_t *cib;
	int fd = -1, rc;

	if (fo_cib_status_init() != 0) {
		snprintf(err, errlen, "Pacemaker's XML library could not be set up");
		return -ENOTSUP;
	}
	fo_pcmk_lock();
	if ((cib = cib_new()) == NULL) {
		fo_pcmk_unlock();
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* signon_raw with an fd: no source added to any main context, so a
	 * worker thread may call this (fo_cib_status.c does the same). */
	rc = cib->cmds->signon_raw(cib, client, cib_command, &fd);
	if (rc != pcmk_ok) {
		snprintf(err, errlen, "cannot reach Pacemaker's CIB manager on this node: %s",
		    pcmk_strerror(rc));
		cib_delete(cib);
		fo_pcmk_unlock();
		return rc == -ENOTCONN || rc == -ECONNREFUSED || rc == -ENOENT ? -ENOTCONN :
		    fo_cib_rc(rc);
	}
	cib->call_timeout = timeout_s;
	*out = cib;
	return 0;
}

void
fo_cib_close(cib_t *cib)
{
	cib->cmds->signoff(cib);
	cib_delete(cib);
	fo_pcmk_unlock();
}

int
fo_cib_rc(int rc)
{
	if (rc > 0)
		return -EINVAL;
	return rc;
}
