/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stack_tool: run hapaird's stack module (daemon/stack.c) on its own loop,
 * as the create and dissolve jobs will, so tests drive the very code that
 * starts and stops corosync and Pacemaker.  A test tool: it prints.
 *
 *   stack_tool start|stop [-c CONFIG]     (default /etc/hapair/hapair.conf) */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hp_log.h"
#include "stack.h"

static int exit_code = 1;

static void
done(struct hpd *d, int rc, const char *error, gpointer user_data)
{
	if (rc == 0)
		printf("stack: %s\n", (const char *)user_data);
	else
		fprintf(stderr, "stack_tool: %s\n", error);
	exit_code = rc == 0 ? 0 : 1;
	g_main_loop_quit(d->loop);
}

int
main(int argc, char **argv)
{
	struct hpd d = { 0 };
	const char *config = CFG_DEFAULT_PATH;
	char err[512];

	if (argc == 4 && strcmp(argv[2], "-c") == 0)
		config = argv[3];
	else if (argc != 2)
		goto usage;
	if (cfg_load_file(&d.cfg, config, err, sizeof(err)) != 0) {
		fprintf(stderr, "stack_tool: %s\n", err);
		return 1;
	}
	log_init("stack_tool", true, LOG_INFO);
	d.loop = g_main_loop_new(NULL, FALSE);
	if (strcmp(argv[1], "start") == 0)
		stack_start(&d, done, "corosync and pacemaker answer");
	else if (strcmp(argv[1], "stop") == 0)
		stack_stop(&d, done, "pacemaker and corosync stopped");
	else
		goto usage;
	g_main_loop_run(d.loop);
	g_main_loop_unref(d.loop);
	return exit_code;
usage:
	fputs("usage: stack_tool start|stop [-c CONFIG]\n", stderr);
	return 2;
}
