/* ctl_server: the root-only local socket hapairctl talks to. */
#ifndef HP_CTL_SERVER_H
#define HP_CTL_SERVER_H

#include "hpd.h"

/* 0, or -errno with a sentence in ERR (e.g. socket path in use). */
int ctl_server_start(struct hpd *d, char *err, size_t errlen);
void ctl_server_stop(struct hpd *d);

#endif
