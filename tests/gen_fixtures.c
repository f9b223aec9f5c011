/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gen_fixtures: parameter sets for the generators' golden files. */
#include <errno.h>
#include <string.h>

#include "gen_fixtures.h"

/* Not a secret: a fixed value so the golden files are stable. */
#define GEN_SECRET "00112233445566778899aabbccddeeff0011223344556677"

/* The netns lab's addresses: eth1 192.168.250.0/24, eth0 10.98.0.0/24. */
static const struct hb_corosync_params corosync_default = {
	.cluster_name = "hapair",
	.token_ms = 0,                         /* the default (HB_TOKEN_DEFAULT_MS) */
	.nodes = {
		{ 1, "node1", "192.168.250.1", "10.98.0.11" },
		{ 2, "node2", "192.168.250.2", "10.98.0.12" },
	},
};

static const struct hb_corosync_params corosync_ipv6 = {
	.cluster_name = "mail-pair",
	.token_ms = 3000,
	.nodes = {
		{ 1, "mx1.example.net", "fd00:250::1", "2001:db8:0:0::11" },
		{ 2, "mx2.example.net", "fd00:250::2", "2001:db8::12" },
	},
};

/* The UML lab: its backing disk is the node's ubd0. */
static const struct drbd_res_params drbd_r0_84 = {
	.resource = NULL,                      /* the default, r0 */
	.minor = 0,
	.disk = "/dev/ubda",
	.port = 0,                             /* the default, 7789 */
	.nodes = { { "node1", "192.168.250.1" }, { "node2", "192.168.250.2" } },
	.shared_secret = GEN_SECRET,
	.resync_rate_kib_s = 0,                /* the default, 40M */
	.kernel_major = 8,
};

static const struct drbd_res_params drbd_r0_9 = {
	.resource = "r0",
	.minor = 0,
	.disk = "/dev/sdb",
	.port = 7789,
	.nodes = { { "node1", "192.168.250.1" }, { "node2", "192.168.250.2" } },
	.shared_secret = GEN_SECRET,
	.resync_rate_kib_s = 100 * 1024,
	.kernel_major = 9,
};

static const struct drbd_res_params drbd_r0_9_ipv6 = {
	.resource = "r0",
	.minor = 1,
	.disk = "/dev/vg0/hapair",
	.port = 7790,
	.nodes = { { "mx1.example.net", "fd00:250::1" }, { "mx2.example.net", "fd00:250:0::2" } },
	.shared_secret = GEN_SECRET,
	.resync_rate_kib_s = 30000,
	.ping_timeout_ms = 1500,               /* [heartbeat] timeout = 3000 */
	.kernel_major = 9,
};

/* The netns lab: no data volume, the mail sink spools locally. */
static const struct fo_cib_service svc_sink_local[] = {
	{ .name = "mailsink", .port = 2525, .address = "10.98.0.10",
	  .command = "/usr/lib/hapair/mailsink --listen 10.98.0.10:2525 --spool /var/lib/hapair/spool" },
};

static const struct fo_cib_params cib_nodata_nofence = {
	.nodes = { "node1", "node2" },
	.ip = "10.98.0.10",
	.prefix_len = 24,
	.nic = NULL,                           /* the default, eth0 */
	.data = NULL,
	.services = svc_sink_local,
	.nservices = 1,
	.fence = FO_FENCE_NONE,
};

/* The UML lab: DRBD, the mail sink spools on the replicated volume. */
static const struct fo_cib_data data_lab = {
	.drbd_resource = "r0", .drbd_minor = 0, .mount = "/srv/hapair", .fstype = "ext4",
};

static const struct fo_cib_service svc_sink_drbd[] = {
	{ .name = "mailsink", .port = 2525, .address = "10.99.0.10", .directory = "/srv/hapair",
	  .command = "/usr/lib/hapair/mailsink --listen 10.99.0.10:2525 --spool /srv/hapair/spool" },
};

static const struct fo_cib_params cib_drbd_lab = {
	.nodes = { "node1", "node2" },
	.ip = "10.99.0.10",
	.prefix_len = 24,
	.nic = "eth0",
	.data = &data_lab,
	.services = svc_sink_drbd,
	.nservices = 1,
	.fence = FO_FENCE_LAB,
	.preferred = "node1",
	.lan = { "10.99.0.11", "10.99.0.12" },
};

/* An appliance: systemd units, BMCs; the password shows XML escaping. */
static const struct fo_cib_data data_appliance = {
	.drbd_resource = "r0", .drbd_minor = 0, .mount = "/srv/hapair", .fstype = "xfs",
};

static const struct fo_cib_service svc_appliance[] = {
	{ .name = "postfix", .unit = "postfix.service", .port = 25 },
	{ .name = "dovecot", .unit = "dovecot.service", .port = 143 },
};

static const struct fo_cib_params cib_drbd_ipmi = {
	.nodes = { "mx1.example.net", "mx2.example.net" },
	.ip = "192.0.2.10",
	.prefix_len = 24,
	.nic = "bond0.100",
	.data = &data_appliance,
	.services = svc_appliance,
	.nservices = 2,
	.fence = FO_FENCE_IPMI,
	.bmc = {
		{ "192.0.2.201", "hapair", "p&ss<w\"rd>", true },
		{ "192.0.2.202", "ADMIN", "ADMIN", false },
	},
	.ping_targets = "192.0.2.1,2001:db8::1",
	.lan = { "192.0.2.11", "192.0.2.12" },
};

const struct gen_shape gen_shapes[] = {
	{ "corosync-default.conf", GEN_COROSYNC, &corosync_default },
	{ "corosync-ipv6-token3000.conf", GEN_COROSYNC, &corosync_ipv6 },
	{ "drbd-r0-84.res", GEN_DRBD, &drbd_r0_84 },
	{ "drbd-r0-9.res", GEN_DRBD, &drbd_r0_9 },
	{ "drbd-r0-9-ipv6.res", GEN_DRBD, &drbd_r0_9_ipv6 },
	{ "cib-nodata-nofence.xml", GEN_CIB, &cib_nodata_nofence },
	{ "cib-drbd-lab.xml", GEN_CIB, &cib_drbd_lab },
	{ "cib-drbd-ipmi.xml", GEN_CIB, &cib_drbd_ipmi },
};
const size_t gen_nshapes = sizeof(gen_shapes) / sizeof(gen_shapes[0]);

const struct gen_shape *
gen_shape_find(const char *name)
{
	for (size_t i = 0; i < gen_nshapes; i++)
		if (strcmp(gen_shapes[i].name, name) == 0)
			return &gen_shapes[i];
	return NULL;
}

int
gen_render(const struct gen_shape *shape, GString *out, char *err, size_t errlen)
{
	switch (shape->kind) {
	case GEN_COROSYNC:
		return hb_corosync_conf_render(shape->params, out, err, errlen);
	case GEN_DRBD:
		return drbd_res_render(shape->params, out, err, errlen);
	case GEN_CIB:
		return fo_cib_build(shape->params, out, err, errlen);
	}
	return -EINVAL;
}

void
gen_node_names(const struct gen_shape *shape, const char *names[2])
{
	for (int i = 0; i < 2; i++)
		switch (shape->kind) {
		case GEN_COROSYNC:
			names[i] = ((const struct hb_corosync_params *)shape->params)->nodes[i].name;
			break;
		case GEN_DRBD:
			names[i] = ((const struct drbd_res_params *)shape->params)->nodes[i].name;
			break;
		case GEN_CIB:
			names[i] = ((const struct fo_cib_params *)shape->params)->nodes[i];
			break;
		}
}
