/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fence_seed: the CIB tests/fence.test seeds a lab cluster with, made by
 * hapair's own generator in the lab fencing mode.  A test tool.
 *
 *   fence_seed SKELETON   the no-data CIB (failover IP 10.98.0.10/24 on
 *                         eth0, no services) with stonith-enabled=true and
 *                         one stonith:fence_hapair_lab device per node
 *                         (FO_FENCE_LAB), inside the CIB in file SKELETON
 *                         (cibadmin --empty), on stdout */
#include <stdio.h>
#include <glib.h>

#include "fo_cib_build.h"

int
main(int argc, char **argv)
{
	const struct fo_cib_params p = {
		.nodes = { "node1", "node2" },
		.ip = "10.98.0.10",
		.prefix_len = 24,
		.fence = FO_FENCE_LAB,
		.lan = { "10.98.0.11", "10.98.0.12" },
	};
	GString *conf = g_string_new(""), *cib = g_string_new("");
	gchar *skeleton = NULL;
	GError *gerr = NULL;
	char err[512] = "";
	int rc = 1;

	if (argc != 2) {
		fputs("usage: fence_seed SKELETON\n", stderr);
		return 2;
	}
	if (!g_file_get_contents(argv[1], &skeleton, NULL, &gerr)) {
		fprintf(stderr, "fence_seed: %s\n", gerr->message);
		g_error_free(gerr);
	} else if (fo_cib_build(&p, conf, err, sizeof(err)) != 0 ||
	    fo_cib_embed(skeleton, conf->str, cib, err, sizeof(err)) != 0) {
		fprintf(stderr, "fence_seed: %s\n", err);
	} else {
		fputs(cib->str, stdout);
		rc = 0;
	}
	g_free(skeleton);
	g_string_free(conf, TRUE);
	g_string_free(cib, TRUE);
	return rc;
}
