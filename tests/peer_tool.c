/* SPDX-License-Identifier: GPL-2.0-or-later */
/* peer_tool: drives the real peer_client for tests/peer.test, standing in
 * for the create-cluster job that will call it inside hapaird.
 *
 *   peer_tool pair   --config FILE --peer ADDR:PORT --password-file FILE
 *   peer_tool hello  --config FILE
 *   peer_tool unpair --config FILE
 *
 * It opens the node's own store and peer identity (the ones the node's
 * hapaird uses), runs one call on its own GLib loop and prints
 * "result=NAME" and the message, then node=, version=, fingerprint= and,
 * for hello, rtt_us= and clock_offset_us=.  Exit 0 on success, 1 on a
 * peer failure, 2 on a usage or setup error.  A test fixture: not
 * installed, never part of hapaird. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>
#include <openssl/crypto.h>

#include "cfg.h"
#include "hp_log.h"
#include "hpd.h"
#include "peer_client.h"
#include "pw.h"
#include "store.h"

static int peer_tool_rc = 2;

static void
usage(void)
{
	fprintf(stderr,
	    "usage: peer_tool pair --config FILE --peer ADDR:PORT --password-file FILE\n"
	    "       peer_tool hello --config FILE\n"
	    "       peer_tool unpair --config FILE\n");
	exit(2);
}

static void
on_reply(struct hpd *d, const struct peer_reply *r, void *arg)
{
	printf("result=%s\n%s\n", peer_result_name(r->result), r->message);
	if (r->result == PEER_OK) {
		printf("node=%s\nversion=%s\nfingerprint=%s\n", r->info.node,
		    r->info.version, r->presented_fp);
		if (r->info.time_us != 0)
			printf("rtt_us=%lld\nclock_offset_us=%lld\n", (long long)r->rtt_us,
			    (long long)r->clock_offset_us);
	}
	peer_tool_rc = r->result == PEER_OK ? 0 : 1;
	g_main_loop_quit(d->loop);
}

/* The password file is a secret: owner-only, like every key hapair reads. */
static char *
read_password(const char *path)
{
	g_autoptr(GError) error = NULL;
	char *text = NULL;
	struct stat st;
	gsize len;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "peer_tool: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		fprintf(stderr, "peer_tool: %s is accessible by group or others (mode %04o): "
		    "run 'chmod 600 %s'\n", path, (unsigned)(st.st_mode & 07777), path);
		exit(2);
	}
	if (!g_file_get_contents(path, &text, &len, &error)) {
		fprintf(stderr, "peer_tool: %s\n", error->message);
		exit(2);
	}
	if (len > PW_MAX_LENGTH + 2) {
		fprintf(stderr, "peer_tool: %s is too long for a password\n", path);
		exit(2);
	}
	/* One trailing newline is the file's, not the password's. */
	if (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	if (len > 0 && text[len - 1] == '\r')
		text[--len] = '\0';
	return text;
}

/* "ADDR:PORT" or "[ADDR]:PORT" */
static void
parse_peer(const char *text, char *addr, size_t addrlen, uint16_t *port)
{
	const char *colon = strrchr(text, ':');
	const char *start = text, *end = colon;
	char *e;
	long v;

	if (colon == NULL)
		usage();
	if (text[0] == '[') {
		start = text + 1;
		if (colon == text || colon[-1] != ']')
			usage();
		end = colon - 1;
	}
	if (end <= start || (size_t)(end - start) >= addrlen)
		usage();
	memcpy(addr, start, (size_t)(end - start));
	addr[end - start] = '\0';
	v = strtol(colon + 1, &e, 10);
	if (*e != '\0' || v < 1 || v > 65535)
		usage();
	*port = (uint16_t)v;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "peer", required_argument, NULL, 'p' },
		{ "password-file", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = NULL, *peer = NULL, *pwfile = NULL, *cmd;
	struct hpd d = { 0 };
	char err[512], path[512], addr[64];
	uint16_t port = 0;
	int ch;

	if (argc < 2)
		usage();
	cmd = argv[1];
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': config = optarg; break;
		case 'p': peer = optarg; break;
		case 'w': pwfile = optarg; break;
		default: usage();
		}
	}
	if (config == NULL || optind != argc)
		usage();
	if (cfg_load_file(&d.cfg, config, err, sizeof(err)) != 0) {
		fprintf(stderr, "peer_tool: %s\n", err);
		return 2;
	}
	log_init("peer_tool", true, LOG_WARNING);
	cfg_db_path(&d.cfg, path, sizeof(path));
	if (store_open(path, &d.store, err, sizeof(err)) != 0) {
		fprintf(stderr, "peer_tool: %s\n", err);
		return 2;
	}
	d.loop = g_main_loop_new(NULL, FALSE);

	if (strcmp(cmd, "pair") == 0) {
		char *password;

		if (peer == NULL || pwfile == NULL)
			usage();
		parse_peer(peer, addr, sizeof(addr), &port);
		password = read_password(pwfile);
		peer_client_pair(&d, addr, port, password, on_reply, NULL);
		OPENSSL_cleanse(password, strlen(password));
		g_free(password);
	} else if (strcmp(cmd, "hello") == 0 && peer == NULL && pwfile == NULL) {
		peer_client_hello(&d, on_reply, NULL);
	} else if (strcmp(cmd, "unpair") == 0 && peer == NULL && pwfile == NULL) {
		peer_client_unpair(&d, on_reply, NULL);
	} else {
		usage();
	}
	g_main_loop_run(d.loop);
	g_main_loop_unref(d.loop);
	store_close(d.store);
	return peer_tool_rc;
}
