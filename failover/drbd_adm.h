/* drbd_adm: the cause in drbdadm's output when a command failed.
 *
 * drbdadm ends a failure with "Command 'drbdsetup-84 secondary 0'
 * terminated with exit code 10": the command, never the cause.  The cause
 * is drbdsetup's line before it ("0: Failure: (127) Device minor not
 * allocated", "0: State change failed: (-12) Device is held open by
 * someone") and, with DRBD 8.4, the kernel's note after "additional info
 * from kernel:".  An operator (and whoever reads a CI log) needs the
 * cause.  Pure: no I/O. */
#ifndef HP_DRBD_ADM_H
#define HP_DRBD_ADM_H

#include <stddef.h>

/* Writes OUTPUT's cause to BUF: drbdsetup's failure line and the kernel's
 * note, else the last line that is not drbdadm's "Command ... terminated",
 * else the last line; "" for no output. */
void drbd_adm_reason(const char *output, char *buf, size_t len);

#endif
