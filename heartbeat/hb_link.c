/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_link: read one interface's flags and addresses through libnl-route.
 * Library code: returns errors, never logs. */
#include <errno.h>
#include <linux/if.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <stdio.h>
#include <string.h>

#include "hb_link.h"

struct hb_addr_walk {
	int ifindex;
	struct hb_link_info *info;
};

static void
hb_addr_cb(struct nl_object *obj, void *arg)
{
	struct hb_addr_walk *w = arg;
	struct rtnl_addr *addr = (struct rtnl_addr *)obj;
	struct nl_addr *local;
	char buf[HB_ADDR_STR_MAX];

	if (rtnl_addr_get_ifindex(addr) != w->ifindex || w->info->naddrs >= HB_LINK_ADDR_MAX)
		return;
	local = rtnl_addr_get_local(addr);
	if (local == NULL)
		return;
	/* nl_addr2str prints the prefix length the address carries. */
	nl_addr2str(local, buf, sizeof(buf));
	if (strchr(buf, '/') == NULL)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "/%d",
		    rtnl_addr_get_prefixlen(addr));
	snprintf(w->info->addrs[w->info->naddrs++], HB_ADDR_STR_MAX, "%s", buf);
}

int
hb_link_query(const char *ifname, struct hb_link_info *out)
{
	struct nl_sock *sk;
	struct rtnl_link *link = NULL;
	struct nl_cache *addrs = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	sk = nl_socket_alloc();
	if (sk == NULL)
		return -ENOMEM;
	if ((rc = nl_connect(sk, NETLINK_ROUTE)) < 0) {
		rc = -EIO;
		goto out;
	}
	rc = rtnl_link_get_kernel(sk, 0, ifname, &link);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV) {
		rc = 0;       /* absent is an answer, not an error */
		goto out;
	}
	if (rc < 0) {
		rc = -EIO;
		goto out;
	}
	out->exists = true;
	out->admin_up = (rtnl_link_get_flags(link) & IFF_UP) != 0;
	out->carrier = (rtnl_link_get_flags(link) & IFF_LOWER_UP) != 0;
	out->mtu = rtnl_link_get_mtu(link);
	if (rtnl_addr_alloc_cache(sk, &addrs) < 0) {
		rc = -EIO;
		goto out;
	}
	{
		struct hb_addr_walk w = { rtnl_link_get_ifindex(link), out };

		nl_cache_foreach(addrs, hb_addr_cb, &w);
	}
	rc = 0;
out:
	if (addrs != NULL)
		nl_cache_free(addrs);
	if (link != NULL)
		rtnl_link_put(link);
	nl_socket_free(sk);
	return rc;
}
