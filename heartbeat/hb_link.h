/* hb_link: the heartbeat interface (eth1) as the kernel sees it, via libnl3.
 *
 * Status shows it, and the create-cluster preflight will refuse an eth1
 * without an address.  A netlink dump is a kernel round trip of well under
 * a millisecond, so callers may use it from the event loop. */
#ifndef HP_HB_LINK_H
#define HP_HB_LINK_H

#include <stdbool.h>
#include <stddef.h>

#define HB_LINK_ADDR_MAX 8
#define HB_ADDR_STR_MAX  64    /* "ffff:...:ffff/128" fits */

struct hb_link_info {
	bool exists;
	bool admin_up;             /* IFF_UP */
	bool carrier;              /* IFF_LOWER_UP */
	unsigned mtu;
	unsigned naddrs;
	char addrs[HB_LINK_ADDR_MAX][HB_ADDR_STR_MAX];  /* "192.168.250.1/24" */
};

/* 0 (also when the interface does not exist: exists = false), or -errno
 * when netlink itself failed. */
int hb_link_query(const char *ifname, struct hb_link_info *out);

#endif
