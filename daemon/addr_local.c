/* SPDX-License-Identifier: GPL-2.0-or-later */
/* addr_local: an address on this node's interfaces (see the header). */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "addr_local.h"

bool
addr_local_iface(const char *addr, char *ifname, size_t ifnamelen)
{
	char ip[INET6_ADDRSTRLEN];
	unsigned char want[sizeof(struct in6_addr)];
	size_t iplen = strcspn(addr, "/");
	int family;
	struct ifaddrs *all, *a;
	bool held = false;

	if (iplen >= sizeof(ip))
		return false;
	memcpy(ip, addr, iplen);
	ip[iplen] = '\0';
	family = strchr(ip, ':') != NULL ? AF_INET6 : AF_INET;
	if (inet_pton(family, ip, want) != 1 || getifaddrs(&all) != 0)
		return false;
	for (a = all; a != NULL && !held; a = a->ifa_next) {
		if (a->ifa_addr == NULL || a->ifa_addr->sa_family != family)
			continue;
		if (family == AF_INET)
			held = memcmp(&((struct sockaddr_in *)(void *)a->ifa_addr)->sin_addr,
			    want, 4) == 0;
		else
			held = memcmp(&((struct sockaddr_in6 *)(void *)a->ifa_addr)->sin6_addr,
			    want, 16) == 0;
		if (held && ifname != NULL)
			snprintf(ifname, ifnamelen, "%s", a->ifa_name);
	}
	freeifaddrs(all);
	return held;
}
