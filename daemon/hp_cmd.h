/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hp_cmd: run one program as a child process without blocking the loop,
 * for jobs that drive the engines' own tools (drbdadm, mkfs, blkid).
 *
 * argv only, never a shell.  Output (stdout and stderr together) is kept
 * for the error message: the tool's own words are what tell an operator
 * what went wrong.  A child still running after TIMEOUT_S is killed. */
#ifndef HP_CMD_H
#define HP_CMD_H

#include <glib.h>

#include "hpd.h"

/* STATUS: the exit status, or -1 when it could not run, was killed or
 * timed out (ERROR then says which).  OUTPUT: what it printed, "" if
 * nothing.  Both are valid during the call only. */
typedef void (*hp_cmd_done_fn)(struct hpd *d, int status, char *output,
    const char *error, gpointer user_data);

/* INPUT: written to its stdin (NULL: /dev/null).  DONE is called once,
 * from the loop. */
void hp_cmd_run(struct hpd *d, const char *const *argv, const char *input,
    unsigned timeout_s, hp_cmd_done_fn done, gpointer user_data);

/* The last line of OUTPUT that says something, into BUF (for messages). */
void hp_cmd_last_line(const char *output, char *buf, size_t len);

#endif
