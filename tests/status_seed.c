/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_seed: what tests/status.test seeds a lab cluster with, made by
 * hapair's own generators.  A test tool: it prints, the libraries do not.
 *
 *   status_seed cib SKELETON MAILSINK   the no-data CIB (failover IP
 *                                       10.98.0.10/24 on eth0, one
 *                                       ocf:hapair:service running MAILSINK
 *                                       on port 2525, no fencing) inside the
 *                                       CIB in file SKELETON (cibadmin --empty)
 *   status_seed authkey                 a corosync authkey on stdout
 *
 * corosync.conf comes from gen_dump (corosync-default.conf is exactly
 * the lab's: link0 eth1 192.168.250.x, link1 eth0 10.98.0.x, token 1000). */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "fo_cib_build.h"
#include "hb_corosync_conf.h"

#define SEED_VIP          "10.98.0.10"
#define SEED_PREFIX_LEN   24
#define SEED_SERVICE      "mailsink"
#define SEED_PORT         2525
#define SEED_SPOOL        "/var/lib/hapair/spool"

static int
usage(void)
{
	fputs("usage: status_seed cib SKELETON MAILSINK | authkey\n", stderr);
	return 2;
}

static int
seed_cib(const char *skeleton_path, const char *mailsink)
{
	/* Listening on every address lets the service start before or after
	 * the failover IP; the agent counts a wildcard listener. */
	gchar *command = g_strdup_printf("%s --listen 0.0.0.0:%d --spool %s",
	    mailsink, SEED_PORT, SEED_SPOOL);
	const struct fo_cib_service svc = {
		.name = SEED_SERVICE, .command = command, .port = SEED_PORT,
	};
	const struct fo_cib_params p = {
		.nodes = { "node1", "node2" },
		.ip = SEED_VIP,
		.prefix_len = SEED_PREFIX_LEN,
		.services = &svc,
		.nservices = 1,
		.fence = FO_FENCE_NONE,
	};
	GString *conf = g_string_new(""), *cib = g_string_new("");
	gchar *skeleton = NULL;
	GError *gerr = NULL;
	char err[512] = "";
	int rc = 1;

	if (!g_file_get_contents(skeleton_path, &skeleton, NULL, &gerr)) {
		fprintf(stderr, "status_seed: %s\n", gerr->message);
		g_error_free(gerr);
	} else if (fo_cib_build(&p, conf, err, sizeof(err)) != 0 ||
	    fo_cib_embed(skeleton, conf->str, cib, err, sizeof(err)) != 0) {
		fprintf(stderr, "status_seed: %s\n", err);
	} else {
		fputs(cib->str, stdout);
		rc = 0;
	}
	g_free(skeleton);
	g_free(command);
	g_string_free(conf, TRUE);
	g_string_free(cib, TRUE);
	return rc;
}

static int
seed_authkey(void)
{
	unsigned char key[HB_AUTHKEY_BYTES];

	if (hb_authkey_generate(key, sizeof(key)) != 0) {
		fputs("status_seed: no random bytes for the authkey\n", stderr);
		return 1;
	}
	return fwrite(key, 1, sizeof(key), stdout) == sizeof(key) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "cib") == 0)
		return seed_cib(argv[2], argv[3]);
	if (argc == 2 && strcmp(argv[1], "authkey") == 0)
		return seed_authkey();
	return usage();
}
