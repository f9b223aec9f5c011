/* SPDX-License-Identifier: GPL-2.0-or-later */
/* addr_local: whether an address is on one of this node's interfaces, and
 * on which, read through getifaddrs(3) (a netlink dump in libc: no child
 * process, quick enough for the event loop). */
#ifndef HP_ADDR_LOCAL_H
#define HP_ADDR_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

/* ADDR is "IP" or "IP/PREFIX" (IPv4 or IPv6).  True when an interface has
 * that IP; its name then goes to IFNAME (IFNAMELEN bytes; may be NULL). */
bool addr_local_iface(const char *addr, char *ifname, size_t ifnamelen);

#endif
