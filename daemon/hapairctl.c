/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hapairctl: the operator's command line.  Every web UI button has a twin
 * here with the same meaning and the same errors.  A tool: it prints for
 * people (or JSON with --json) and exits 0 on success, 1 on any failure. */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "budget.h"           /* budget_text */
#include "cfg.h"
#include "ctl_client.h"
#include "ctl_proto.h"
#include "event.h"
#include "job_dissolve.h"    /* DISSOLVE_WARNING */
#include "preflight.h"
#include "pw.h"

static const char *ctl_socket = CTL_DEFAULT_SOCKET;

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: hapairctl [-s SOCKET | -c CONFIG] COMMAND [ARGS]\n"
	    "\n"
	    "commands:\n"
	    "  status [--json]                 this node's state\n"
	    "  log [--since WHEN] [--severity LEVEL] [--limit N] [--json]\n"
	    "                                  events, newest first; WHEN: 10m, 2h, 3d,\n"
	    "                                  2026-11-22, '2026-11-22 06:30' (UTC), @EPOCH;\n"
	    "                                  LEVEL: debug, info, notice, warning, error\n"
	    "  version                         versions of hapairctl and hapaird\n"
	    "  passwd [--stdin]                set the appliance admin password\n"
	    "  create [--check] --peer ADDR[:PORT] --peer-password-file FILE\n"
	    "         --failover-ip IP/PREFIX [--interface IF] [--yes] [--no-wait] [--json]\n"
	    "         [--bmc ADDR --peer-bmc ADDR --bmc-user USER --bmc-password-file FILE\n"
	    "          [--bmc-cipher N]] [--ping ADDR[,ADDR...]]\n"
	    "                                  create the cluster with this node active:\n"
	    "                                  preflight, confirmation (type YES), then the\n"
	    "                                  job with its progress; --check: preflight\n"
	    "                                  only, changes nothing; --bmc...: fence\n"
	    "                                  through the nodes' BMCs (fence_ipmilan);\n"
	    "                                  --ping: a node fences its peer only while\n"
	    "                                  it reaches one of these hosts (default: the\n"
	    "                                  interface's default gateway)\n"
	    "  takeover [--no-wait] [--json]   the passive node becomes active (a job)\n"
	    "  dissolve --keep NODE [--keep-address] [--no-shutdown] [--yes]\n"
	    "                                  both nodes standalone again; NODE runs on\n"
	    "  repair-split-brain --survivor NODE [--yes] [--no-wait]\n"
	    "                                  NODE keeps its data; the other discards its\n"
	    "                                  changes since the split and resyncs\n"
	    "  maintenance on|off              cluster-wide: Pacemaker leaves the resources\n"
	    "                                  alone while the services are worked on\n"
	    "  node standby|unstandby NODE [--force]\n"
	    "                                  NODE runs nothing (kept across its restarts)\n"
	    "  node restart|shutdown NODE [--force] [--no-wait]\n"
	    "                                  its service moves to the other node first;\n"
	    "                                  the last node holding it only with --force\n"
	    "\n"
	    "  -s SOCKET   the daemon's socket (default " CTL_DEFAULT_SOCKET ")\n"
	    "  -c CONFIG   find the socket through hapaird's configuration\n");
}

/* Print ERROR for the user and return 1, the exit status of a failure. */
static int
fail(const char *error)
{
	fprintf(stderr, "hapairctl: %s\n", error);
	return 1;
}

/* Send REQ (consumed); on success *data is the reply's data (may be NULL). */
static int
call(JsonObject *req, JsonNode **data)
{
	gchar *error = NULL;
	enum ctl_call_result r = ctl_call(ctl_socket, req, data, &error);
	int rc = 0;

	if (r != CTL_CALL_OK)
		rc = fail(error);
	g_free(error);
	json_object_unref(req);
	return rc;
}

static JsonObject *
request(const char *cmd)
{
	JsonObject *o = json_object_new();

	json_object_set_string_member(o, "cmd", cmd);
	return o;
}

/* CMD with every member of BODY (which stays the caller's). */
static JsonObject *
request_with(const char *cmd, JsonObject *body)
{
	JsonObject *o = request(cmd);
	JsonObjectIter it;
	const char *name;
	JsonNode *n;

	json_object_iter_init(&it, body);
	while (json_object_iter_next(&it, &name, &n))
		json_object_set_member(o, name, json_node_copy(n));
	return o;
}

static void
print_json(JsonNode *n)
{
	gchar *s = json_to_string(n, TRUE);

	printf("%s\n", s);
	g_free(s);
}

static void
format_duration(gint64 s, char *buf, size_t len)
{
	if (s >= 86400)
		snprintf(buf, len, "%" G_GINT64_FORMAT "d %02d:%02d:%02d", s / 86400,
		    (int)(s % 86400 / 3600), (int)(s % 3600 / 60), (int)(s % 60));
	else
		snprintf(buf, len, "%02d:%02d:%02d", (int)(s / 3600), (int)(s % 3600 / 60),
		    (int)(s % 60));
}

/* "Job  12 create: step 3/7, write configuration, 42 % at 37440 KiB/s" */
static void
print_job(JsonObject *job)
{
	gint64 percent = json_object_get_int_member_with_default(job, "percent", -1);
	gint64 rate = json_object_get_int_member_with_default(job, "rate_kib_s", -1);

	bool undoing = strcmp(json_object_get_string_member(job, "state"), "rolling-back") == 0;

	printf("%-11s %" G_GINT64_FORMAT " %s: %sstep %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT ", %s",
	    "Job", json_object_get_int_member(job, "id"),
	    json_object_get_string_member(job, "kind"), undoing ? "rolling back, " : "",
	    json_object_get_int_member(job, "step_index") + 1,
	    json_object_get_int_member(job, "steps"),
	    json_object_get_string_member(job, "step"));
	if (percent >= 0)
		printf(", %" G_GINT64_FORMAT " %%", percent);
	if (rate >= 0)
		printf(" at %" G_GINT64_FORMAT " KiB/s", rate);
	printf("\n");
}

/* One flag argument: --json only, for commands that take nothing else. */
static bool
parse_json_flag(int argc, char **argv, bool *json)
{
	*json = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			*json = true;
		else
			return false;
	}
	return true;
}

static const char *
str_or(JsonObject *o, const char *name, const char *dflt)
{
	JsonNode *n = json_object_get_member(o, name);

	return n != NULL && JSON_NODE_HOLDS_VALUE(n) ? json_node_get_string(n) : dflt;
}

/* Cluster: quorate, active node; then one line per node with its links. */
static void
print_cluster(JsonObject *c)
{
	JsonNode *q = json_object_get_member(c, "quorate");
	JsonArray *nodes = json_object_get_array_member(c, "nodes");
	const char *err = str_or(c, "error", NULL);

	printf("%-11s %s, active node %s, failover IP on %s%s%s (%.1f s ago)\n", "Cluster",
	    q == NULL || JSON_NODE_HOLDS_NULL(q) ? "quorum unknown" :
	    json_node_get_boolean(q) ? "quorate" : "NOT QUORATE",
	    str_or(c, "active_node", "none"), str_or(c, "failover_ip_node", "none"),
	    json_object_get_boolean_member_with_default(c, "maintenance_mode", FALSE) ?
	    ", maintenance-mode" : "",
	    json_object_get_boolean_member_with_default(c, "isolated", FALSE) ?
	    ", THIS NODE IS ISOLATED" : "",
	    json_object_get_int_member_with_default(c, "age_ms", 0) / 1000.0);
	if (err != NULL)
		printf("%-11s %s\n", "", err);
	for (guint i = 0; nodes != NULL && i < json_array_get_length(nodes); i++) {
		JsonObject *n = json_array_get_object_element(nodes, i);
		JsonArray *links = json_object_get_array_member(n, "links");
		GString *line = g_string_new(NULL);

		g_string_printf(line, "%-8s %-7s", str_or(n, "name", "?"),
		    json_object_get_boolean_member_with_default(n, "online", FALSE) ? "online" :
		    json_object_get_boolean_member_with_default(n, "member", FALSE) ? "member" :
		    "offline");
		for (guint l = 0; links != NULL && l < json_array_get_length(links); l++) {
			JsonObject *lo = json_array_get_object_element(links, l);

			g_string_append_printf(line, " link%" G_GINT64_FORMAT " %s",
			    json_object_get_int_member_with_default(lo, "link", 0),
			    json_object_get_boolean_member_with_default(lo, "up", FALSE) ? "up" : "down");
		}
		if (json_object_get_boolean_member_with_default(n, "member", FALSE) &&
		    !json_object_get_boolean_member_with_default(n, "online", FALSE) &&
		    !json_object_get_boolean_member_with_default(n, "pacemaker", TRUE))
			g_string_append(line, " Pacemaker not running");
		if (json_object_get_boolean_member_with_default(n, "pending", FALSE))
			g_string_append(line, " joining");
		if (json_object_get_boolean_member_with_default(n, "dc", FALSE))
			g_string_append(line, " DC");
		if (json_object_get_boolean_member_with_default(n, "standby", FALSE))
			g_string_append(line, " standby");
		if (json_object_get_boolean_member_with_default(n, "maintenance", FALSE))
			g_string_append(line, " maintenance");
		if (json_object_get_boolean_member_with_default(n, "local", FALSE))
			g_string_append(line, " (this node)");
		printf("%-11s %s\n", "", line->str);
		g_string_free(line, TRUE);
	}
}

/* Data: "r0 Connected, Primary/Secondary, UpToDate/UpToDate, 42.0 % at
 * 37440 KiB/s"; a split brain and the recommended survivor below it. */
static void
print_drbd(JsonObject *dr)
{
	JsonNode *sbn = json_object_get_member(dr, "split_brain");
	JsonNode *pct = json_object_get_member(dr, "sync_percent");
	gint64 rate = json_object_get_int_member_with_default(dr, "rate_kib_s", -1);

	printf("%-11s %s %s, %s/%s, %s/%s", "Data", str_or(dr, "resource", "?"),
	    str_or(dr, "connection", "?"), str_or(dr, "role", "?"),
	    str_or(dr, "peer_role", "?"), str_or(dr, "disk", "?"),
	    str_or(dr, "peer_disk", "?"));
	if (pct != NULL && !JSON_NODE_HOLDS_NULL(pct))
		printf(", synced %.1f %%", json_node_get_double(pct));
	if (rate >= 0)
		printf(" at %" G_GINT64_FORMAT " KiB/s", rate);
	printf("\n");
	if (sbn == NULL || !JSON_NODE_HOLDS_OBJECT(sbn))
		return;
	{
		JsonObject *sb = json_node_get_object(sbn);
		JsonNode *recn = json_object_get_member(sb, "recommendation");
		JsonObject *rec = recn != NULL && JSON_NODE_HOLDS_OBJECT(recn) ?
		    json_node_get_object(recn) : NULL;

		printf("%-11s SPLIT BRAIN with %s since %s\n", "", str_or(sb, "peer", "the peer"),
		    str_or(sb, "since", "?"));
		if (rec == NULL)
			return;
		printf("%-11s %s\n", "", str_or(rec, "explanation", ""));
		if (str_or(rec, "keep", NULL) != NULL)
			printf("%-11s repair: hapairctl repair-split-brain --survivor %s\n", "",
			    str_or(rec, "keep", NULL));
	}
}

static int
cmd_status(int argc, char **argv)
{
	JsonNode *data = NULL;
	JsonObject *o, *hb;
	bool json;
	char up[64];

	if (!parse_json_flag(argc, argv, &json))
		return fail("usage: hapairctl status [--json]");
	if (call(request("status"), &data) != 0)
		return 1;
	if (json) {
		print_json(data);
		json_node_unref(data);
		return 0;
	}
	o = json_node_get_object(data);
	format_duration(json_object_get_int_member_with_default(o, "uptime_s", 0), up, sizeof(up));
	printf("%-11s %s\n", "Node", json_object_get_string_member_with_default(o, "node", "?"));
	printf("%-11s %s\n", "Role", json_object_get_string_member_with_default(o, "role", "?"));
	printf("%-11s %s\n", "Version", json_object_get_string_member_with_default(o, "version", "?"));
	printf("%-11s %s (since %s)\n", "Uptime", up,
	    json_object_get_string_member_with_default(o, "started", "?"));
	hb = json_object_get_object_member(o, "heartbeat");
	if (hb != NULL) {
		GString *line = g_string_new(json_object_get_string_member_with_default(hb,
		    "interface", "?"));
		JsonArray *addrs = json_object_has_member(hb, "addresses") ?
		    json_object_get_array_member(hb, "addresses") : NULL;

		if (json_object_has_member(hb, "error"))
			g_string_append_printf(line, " %s", json_object_get_string_member(hb, "error"));
		else if (!json_object_get_boolean_member_with_default(hb, "exists", FALSE))
			g_string_append(line, " missing");
		else
			g_string_append(line, json_object_get_boolean_member_with_default(hb, "up",
			    FALSE) ? " up" : " down");
		for (guint i = 0; addrs && i < json_array_get_length(addrs); i++)
			g_string_append_printf(line, " %s", json_array_get_string_element(addrs, i));
		if (addrs && json_array_get_length(addrs) == 0)
			g_string_append(line, " (no address)");
		printf("%-11s %s\n", "Heartbeat", line->str);
		g_string_free(line, TRUE);
	}
	if (json_object_has_member(o, "cluster") && !json_object_get_null_member(o, "cluster"))
		print_cluster(json_object_get_object_member(o, "cluster"));
	if (json_object_has_member(o, "failover_budget") &&
	    !json_object_get_null_member(o, "failover_budget")) {
		gchar *line = budget_text(json_object_get_object_member(o, "failover_budget"));

		printf("%-11s %s\n", "Failover", line);
		g_free(line);
	}
	if (json_object_has_member(o, "drbd") && !json_object_get_null_member(o, "drbd"))
		print_drbd(json_object_get_object_member(o, "drbd"));
	if (json_object_has_member(o, "job") && !json_object_get_null_member(o, "job"))
		print_job(json_object_get_object_member(o, "job"));
	json_node_unref(data);
	return 0;
}

static int
cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "severity", required_argument, NULL, 'v' },
		{ "limit", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	JsonObject *req = request("log");
	JsonNode *data = NULL;
	JsonArray *arr;
	enum ev_severity sev;
	bool json = false;
	gint64 since;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (ev_since_parse(optarg, g_get_real_time(), &since) != 0) {
				json_object_unref(req);
				fprintf(stderr, "hapairctl: cannot read --since '%s': use 10m, 2h, 3d, "
				    "2026-11-22, '2026-11-22 06:30' (UTC) or @EPOCH\n", optarg);
				return 1;
			}
			json_object_set_int_member(req, "since_us", since);
			break;
		case 'v':
			if (ev_severity_parse(optarg, &sev) != 0) {
				json_object_unref(req);
				fprintf(stderr, "hapairctl: unknown severity '%s': use debug, info, "
				    "notice, warning or error\n", optarg);
				return 1;
			}
			json_object_set_string_member(req, "severity", ev_severity_name(sev));
			break;
		case 'l': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end != '\0' || n < 1 || n > CTL_LOG_LIMIT_MAX) {
				json_object_unref(req);
				fprintf(stderr, "hapairctl: --limit must be a number from 1 to %d\n",
				    CTL_LOG_LIMIT_MAX);
				return 1;
			}
			json_object_set_int_member(req, "limit", n);
			break;
		}
		case 'j': json = true; break;
		default:
			json_object_unref(req);
			return fail("usage: hapairctl log [--since WHEN] [--severity LEVEL] "
			    "[--limit N] [--json]");
		}
	}
	if (optind != argc) {
		json_object_unref(req);
		return fail("usage: hapairctl log [--since WHEN] [--severity LEVEL] [--limit N] [--json]");
	}
	if (call(req, &data) != 0)
		return 1;
	if (json) {
		print_json(data);
		json_node_unref(data);
		return 0;
	}
	arr = json_node_get_array(data);
	if (json_array_get_length(arr) == 0)
		printf("no events match\n");
	else
		printf("%-19s  %-7s  %-10s  %-9s  %s\n", "TIME (UTC)", "LEVEL", "NODE", "SOURCE", "EVENT");
	for (guint i = 0; i < json_array_get_length(arr); i++) {
		JsonObject *e = json_array_get_object_element(arr, i);
		char when[32];

		ev_format_time(json_object_get_int_member(e, "time_us"), when, sizeof(when));
		printf("%-19s  %-7s  %-10s  %-9s  %s\n", when,
		    json_object_get_string_member(e, "severity"),
		    json_object_get_string_member(e, "node"),
		    json_object_get_string_member(e, "subsystem"),
		    json_object_get_string_member(e, "message"));
	}
	json_node_unref(data);
	return 0;
}

static int
cmd_version(int argc, char **argv)
{
	JsonNode *data = NULL;

	if (argc != 1)
		return fail("usage: hapairctl version");
	printf("hapairctl %s\n", PACKAGE_VERSION);
	if (call(request("version"), &data) != 0)
		return 1;
	printf("hapaird   %s (node %s)\n",
	    json_object_get_string_member(json_node_get_object(data), "version"),
	    json_object_get_string_member(json_node_get_object(data), "node"));
	json_node_unref(data);
	return 0;
}

/* Read one line; with ECHO off when it comes from a terminal. */
static char *
read_password(const char *prompt, bool tty)
{
	struct termios old, quiet;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (tty) {
		fputs(prompt, stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

static int
cmd_passwd(int argc, char **argv)
{
	bool from_stdin = argc == 2 && strcmp(argv[1], "--stdin") == 0;
	bool tty = isatty(STDIN_FILENO);
	char *pw, *again = NULL;
	const char *why;
	JsonObject *req;
	JsonNode *data = NULL;
	int rc;

	if (argc > 2 || (argc == 2 && !from_stdin))
		return fail("usage: hapairctl passwd [--stdin]");
	if (!from_stdin && !tty)
		return fail("no terminal to ask for the password: use 'hapairctl passwd --stdin' "
		    "to read it from standard input");
	pw = read_password("New admin password: ", !from_stdin);
	if (pw == NULL)
		return fail("no password given; nothing was changed");
	if ((why = pw_check_policy(pw)) != NULL) {
		fprintf(stderr, "hapairctl: %s; nothing was changed\n", why);
		free(pw);
		return 1;
	}
	if (!from_stdin) {
		again = read_password("Repeat it: ", true);
		if (again == NULL || strcmp(pw, again) != 0) {
			free(pw);
			free(again);
			return fail("the two passwords differ; nothing was changed");
		}
		free(again);
	}
	req = request("passwd");
	json_object_set_string_member(req, "password", pw);
	free(pw);
	rc = call(req, &data);
	if (rc == 0)
		printf("admin password changed\n");
	if (data != NULL)
		json_node_unref(data);
	return rc;
}

/* The peer's admin password from PATH: a secret, so owner-only (like
 * every key hapair reads), and not empty.  NULL after telling why. */
static char *
read_password_file(const char *path)
{
	g_autoptr(GError) error = NULL;
	struct stat st;
	char *text = NULL;
	gsize len;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "hapairctl: cannot read the peer password file %s: %s\n", path,
		    strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "hapairctl: the peer password file %s is not a regular file\n",
		    path);
		return NULL;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		fprintf(stderr, "hapairctl: the peer password file %s is accessible by group or "
		    "others (mode %04o): run 'chmod 600 %s'\n", path,
		    (unsigned)(st.st_mode & 07777), path);
		return NULL;
	}
	if (!g_file_get_contents(path, &text, &len, &error)) {
		fprintf(stderr, "hapairctl: %s\n", error->message);
		return NULL;
	}
	/* One line: the trailing newline an editor adds is not part of it. */
	text[strcspn(text, "\r\n")] = '\0';
	if (text[0] == '\0') {
		g_free(text);
		fprintf(stderr, "hapairctl: the peer password file %s is empty: write the "
		    "peer's admin password into it\n", path);
		return NULL;
	}
	return text;
}

static void
free_secret(char *s)
{
	if (s == NULL)
		return;
	memset(s, 0, strlen(s));
	g_free(s);
}

/* "ok", "FAILED", "skipped" lines, one per check, then a verdict. */
static void
print_preflight(JsonObject *o)
{
	JsonArray *checks = json_object_get_array_member(o, "checks");
	gint64 failed = json_object_get_int_member_with_default(o, "failed", 0);

	for (guint i = 0; checks != NULL && i < json_array_get_length(checks); i++) {
		JsonObject *c = json_array_get_object_element(checks, i);
		const char *state = json_object_get_string_member_with_default(c, "state", "?");
		const char *node = json_object_get_string_member_with_default(c, "node", "");

		printf("%-7s %-16s %s%s%s\n", strcmp(state, "failed") == 0 ? "FAILED" : state,
		    json_object_get_string_member_with_default(c, "check", "?"),
		    node[0] != '\0' ? node : "", node[0] != '\0' ? ": " : "",
		    json_object_get_string_member_with_default(c, "message", ""));
	}
	if (failed == 0)
		printf("preflight passed: the cluster can be created; nothing was changed\n");
	else
		printf("preflight failed: %" G_GINT64_FORMAT " check%s failed; nothing was "
		    "changed on either node\n", failed, failed == 1 ? "" : "s");
}

/* Reads one line after PROMPT; true when it is YES. */
static bool
typed_yes(const char *prompt)
{
	char line[64];

	printf("%s", prompt);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, "YES") == 0;
}

/* Asks for YES on the terminal (or stdin); true when the operator typed it. */
static bool
confirm_yes(const char *peer_node, const char *peer)
{
	printf("\nCreating the cluster OVERWRITES the settings and ALL DATA of %s (%s) with\n"
	    "this node's. Its own data cannot be recovered afterwards.\n", peer_node, peer);
	return typed_yes("Type YES to create the cluster: ");
}

/* Follows job ID until it ends, printing each step and the progress;
 * 0 when it completed. */
static int
follow_job(gint64 id, bool json)
{
	gchar *last_step = NULL;
	gint64 last_pct = -2, last_print_us = 0;
	int rc = 1;

	for (;;) {
		JsonObject *req = request("job"), *o;
		JsonNode *data = NULL;
		const char *step, *state;
		gint64 pct;

		json_object_set_int_member(req, "id", id);
		if (call(req, &data) != 0)
			break;
		o = json_node_get_object(data);
		step = json_object_get_string_member_with_default(o, "step", "");
		state = json_object_get_string_member_with_default(o, "state", "");
		pct = json_object_get_int_member_with_default(o, "percent", -1);
		if (json_object_get_boolean_member_with_default(o, "finished", FALSE)) {
			const char *err = json_object_get_string_member_with_default(o, "error", "");

			if (json)
				print_json(data);
			else if (strcmp(state, "done") == 0)
				printf("job %" G_GINT64_FORMAT " %s\n", id,
				    json_object_get_string_member_with_default(o, "result", "done"));
			else
				fprintf(stderr, "hapairctl: job %" G_GINT64_FORMAT " %s: %s\n", id,
				    strcmp(state, "rolled-back") == 0 ? "failed and was rolled back"
				    : "FAILED", err != NULL ? err : "");
			rc = strcmp(state, "done") == 0 ? 0 : 1;
			json_node_unref(data);
			break;
		}
		if (!json && step != NULL && (last_step == NULL || strcmp(step, last_step) != 0 ||
		    (pct >= 0 && (pct / 5 != last_pct / 5 ||
		    g_get_monotonic_time() - last_print_us > 10 * G_USEC_PER_SEC) && pct != last_pct))) {
			print_job(o);
			fflush(stdout);
			g_free(last_step);
			last_step = g_strdup(step);
			last_pct = pct;
			last_print_us = g_get_monotonic_time();
		}
		json_node_unref(data);
		g_usleep(300 * 1000);
	}
	g_free(last_step);
	return rc;
}

static int
cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "check", no_argument, NULL, 'k' },
		{ "peer", required_argument, NULL, 'p' },
		{ "peer-password-file", required_argument, NULL, 'f' },
		{ "failover-ip", required_argument, NULL, 'i' },
		{ "interface", required_argument, NULL, 'I' },
		{ "yes", no_argument, NULL, 'y' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "bmc", required_argument, NULL, 'b' },
		{ "peer-bmc", required_argument, NULL, 'B' },
		{ "bmc-user", required_argument, NULL, 'u' },
		{ "bmc-password-file", required_argument, NULL, 'P' },
		{ "bmc-cipher", required_argument, NULL, 'C' },
		{ "ping", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	static const char use[] = "usage: hapairctl create [--check] --peer ADDR[:PORT] "
	    "--peer-password-file FILE --failover-ip IP/PREFIX [--interface IF] "
	    "[--bmc ADDR --peer-bmc ADDR --bmc-user USER --bmc-password-file FILE "
	    "[--bmc-cipher N]] [--ping ADDR[,ADDR...]] [--yes] "
	    "[--no-wait] [--json]";
	const char *peer = NULL, *pwfile = NULL, *ip = NULL, *iface = PREFLIGHT_DEFAULT_IF;
	const char *bmc = NULL, *peer_bmc = NULL, *bmc_user = NULL, *bmc_pwfile = NULL;
	const char *bmc_cipher = NULL, *ping = NULL;
	bool check = false, json = false, yes = false, wait = true;
	char addr[64], *pw, *bmc_pw = NULL;
	JsonObject *body;
	unsigned prefix;
	JsonNode *data = NULL;
	JsonObject *req;
	gint64 id;
	gchar *peer_node;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': check = true; break;
		case 'p': peer = optarg; break;
		case 'f': pwfile = optarg; break;
		case 'i': ip = optarg; break;
		case 'I': iface = optarg; break;
		case 'y': yes = true; break;
		case 'n': wait = false; break;
		case 'j': json = true; break;
		case 'b': bmc = optarg; break;
		case 'B': peer_bmc = optarg; break;
		case 'u': bmc_user = optarg; break;
		case 'P': bmc_pwfile = optarg; break;
		case 'C': bmc_cipher = optarg; break;
		case 'g': ping = optarg; break;
		default: return fail(use);
		}
	}
	if (optind != argc || peer == NULL || pwfile == NULL || ip == NULL)
		return fail(use);
	if ((bmc || peer_bmc || bmc_user || bmc_pwfile) &&
	    !(bmc && peer_bmc && bmc_user && bmc_pwfile))
		return fail("IPMI fencing needs all of --bmc (this node's BMC), --peer-bmc, "
		    "--bmc-user and --bmc-password-file");
	if (preflight_parse_ip_prefix(ip, addr, sizeof(addr), &prefix) < 0) {
		fprintf(stderr, "hapairctl: --failover-ip '%s' is not IP/PREFIX: give a unicast "
		    "IPv4 or IPv6 address with its prefix length, e.g. 10.98.0.10/24\n", ip);
		return 1;
	}
	if (strlen(iface) >= IF_NAMESIZE || if_nametoindex(iface) == 0) {
		fprintf(stderr, "hapairctl: there is no interface '%s' on this node: give the "
		    "interface of the service network with --interface (default %s)\n", iface,
		    PREFLIGHT_DEFAULT_IF);
		return 1;
	}
	if ((pw = read_password_file(pwfile)) == NULL)
		return 1;
	if (bmc_pwfile != NULL && (bmc_pw = read_password_file(bmc_pwfile)) == NULL) {
		free_secret(pw);
		return 1;
	}
	/* One body for the preflight and the job (cluster_req.h). */
	body = json_object_new();
	json_object_set_string_member(body, "peer", peer);
	json_object_set_string_member(body, "password", pw);
	json_object_set_string_member(body, "failover_ip", ip);
	json_object_set_string_member(body, "interface", iface);
	if (ping != NULL)
		json_object_set_string_member(body, "ping", ping);
	if (bmc != NULL) {
		JsonObject *b = json_object_new();

		json_object_set_string_member(b, "address", bmc);
		json_object_set_string_member(b, "peer_address", peer_bmc);
		json_object_set_string_member(b, "user", bmc_user);
		json_object_set_string_member(b, "password", bmc_pw);
		if (bmc_cipher != NULL)
			json_object_set_string_member(b, "cipher", bmc_cipher);
		json_object_set_object_member(body, "bmc", b);
	}
	free_secret(bmc_pw);
	free_secret(pw);
	/* The preflight first, always: the operator confirms knowing what it found. */
	req = request_with("preflight", body);
	if (call(req, &data) != 0) {
		json_object_unref(body);
		return 1;
	}
	if (json && check)
		print_json(data);
	else if (!json)
		print_preflight(json_node_get_object(data));
	rc = json_object_get_boolean_member_with_default(json_node_get_object(data), "passed",
	    FALSE) ? 0 : 1;
	peer_node = g_strdup(str_or(json_node_get_object(data), "peer", peer));
	json_node_unref(data);
	if (!check && rc == 0 && !yes && !confirm_yes(peer_node, peer)) {
		fprintf(stderr, "hapairctl: cancelled: you did not type YES; nothing was changed\n");
		rc = 1;
		check = true;   /* stop here */
	}
	g_free(peer_node);
	if (check || rc != 0) {
		json_object_unref(body);
		return rc;
	}
	req = request_with("create", body);
	json_object_unref(body);
	if (call(req, &data) != 0)
		return 1;
	id = json_object_get_int_member(json_node_get_object(data), "job");
	if (!json)
		printf("job %" G_GINT64_FORMAT " started: creating the cluster; "
		    "'hapairctl status' shows its progress\n", id);
	else if (!wait)
		print_json(data);   /* {"job": ID}: what a script follows */
	json_node_unref(data);
	if (!wait)
		return 0;
	return follow_job(id, json);
}

/* call() for a command whose reply carries nothing to show. */
static int
call_no_data(JsonObject *req)
{
	JsonNode *data = NULL;
	int rc = call(req, &data);

	if (data != NULL)
		json_node_unref(data);
	return rc;
}

/* The job a command started ({"job": ID} in DATA, consumed): followed
 * to its end unless !WAIT; printed as JSON with JSON. */
static int
started_job(JsonNode *data, const char *what, bool wait, bool json)
{
	gint64 id = json_object_get_int_member(json_node_get_object(data), "job");

	if (!json)
		printf("job %" G_GINT64_FORMAT " started: %s; 'hapairctl status' shows its "
		    "progress\n", id, what);
	else if (!wait)
		print_json(data);
	json_node_unref(data);
	return wait ? follow_job(id, json) : 0;
}

/* takeover [--no-wait] [--json] */
static int
cmd_takeover(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	bool wait = true, json = false;
	JsonNode *data = NULL;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': wait = false; break;
		case 'j': json = true; break;
		default: return fail("usage: hapairctl takeover [--no-wait] [--json]");
		}
	}
	if (optind != argc)
		return fail("usage: hapairctl takeover [--no-wait] [--json]");
	if (call(request("takeover"), &data) != 0)
		return 1;
	return started_job(data, "the passive node takes over", wait, json);
}

/* dissolve --keep NODE [--keep-address] [--no-shutdown] [--interface IF]
 * [--yes] [--no-wait] [--json] */
static int
cmd_dissolve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keep", required_argument, NULL, 'k' },
		{ "keep-address", no_argument, NULL, 'a' },
		{ "no-shutdown", no_argument, NULL, 's' },
		{ "interface", required_argument, NULL, 'I' },
		{ "yes", no_argument, NULL, 'y' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const char use[] = "usage: hapairctl dissolve --keep NODE [--keep-address] "
	    "[--no-shutdown] [--interface IF] [--yes] [--no-wait] [--json]";
	const char *keep = NULL, *iface = NULL;
	bool keep_address = false, no_shutdown = false, yes = false, wait = true, json = false;
	JsonNode *data = NULL;
	JsonObject *req;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': keep = optarg; break;
		case 'a': keep_address = true; break;
		case 's': no_shutdown = true; break;
		case 'I': iface = optarg; break;
		case 'y': yes = true; break;
		case 'n': wait = false; break;
		case 'j': json = true; break;
		default: return fail(use);
		}
	}
	if (optind != argc || keep == NULL)
		return fail(use);
	fprintf(stderr, "Dissolving the cluster: %s runs on as a standalone appliance%s; the "
	    "other node %s.\n%s\n", keep, keep_address ? " with the failover IP as its address" :
	    "", no_shutdown ? "keeps running" : "is shut down", DISSOLVE_WARNING);
	if (!yes && !typed_yes("Type YES to dissolve the cluster: "))
		return fail("cancelled: you did not type YES; nothing was changed");
	req = request("dissolve");
	json_object_set_string_member(req, "keep", keep);
	json_object_set_boolean_member(req, "keep_address", keep_address);
	json_object_set_boolean_member(req, "no_shutdown", no_shutdown);
	if (iface != NULL)
		json_object_set_string_member(req, "interface", iface);
	if (call(req, &data) != 0)
		return 1;
	return started_job(data, "dissolving the cluster", wait, json);
}

/* repair-split-brain without --survivor: the recommendation to choose by. */
static int
repair_no_survivor(const char *use)
{
	JsonNode *data = NULL, *rec = NULL;
	JsonObject *dr = NULL, *sb = NULL;

	if (call(request("status"), &data) == 0) {
		JsonObject *o = json_node_get_object(data);
		JsonNode *n = json_object_get_member(o, "drbd");

		if (n != NULL && JSON_NODE_HOLDS_OBJECT(n))
			dr = json_node_get_object(n);
		n = dr != NULL ? json_object_get_member(dr, "split_brain") : NULL;
		if (n != NULL && JSON_NODE_HOLDS_OBJECT(n))
			sb = json_node_get_object(n);
		rec = sb != NULL ? json_object_get_member(sb, "recommendation") : NULL;
		if (sb == NULL)
			fprintf(stderr, "DRBD reports no split brain on this node.\n");
		else if (rec != NULL && JSON_NODE_HOLDS_OBJECT(rec))
			fprintf(stderr, "Recommendation: %s\n",
			    str_or(json_node_get_object(rec), "explanation", "none yet"));
	}
	if (data != NULL)
		json_node_unref(data);
	fprintf(stderr, "hapairctl: choose the node whose data survives with --survivor NODE\n");
	return fail(use);
}

/* repair-split-brain --survivor NODE */
static int
cmd_repair(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "survivor", required_argument, NULL, 's' },
		{ "yes", no_argument, NULL, 'y' },
		{ "no-wait", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const char use[] = "usage: hapairctl repair-split-brain --survivor NODE [--yes] "
	    "[--no-wait] [--json]";
	const char *survivor = NULL;
	bool yes = false, wait = true, json = false;
	JsonNode *data = NULL;
	JsonObject *req;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': survivor = optarg; break;
		case 'y': yes = true; break;
		case 'n': wait = false; break;
		case 'j': json = true; break;
		default: return fail(use);
		}
	}
	if (optind != argc)
		return fail(use);
	if (survivor == NULL)
		return repair_no_survivor(use);
	fprintf(stderr, "Repairing the split brain: %s keeps its data and runs the service; "
	    "every change the other node made since the split is discarded, and it resyncs "
	    "from %s.\n", survivor, survivor);
	if (!yes && !typed_yes("Type YES to repair the split brain: "))
		return fail("cancelled: you did not type YES; nothing was changed");
	req = request("repair-split-brain");
	json_object_set_string_member(req, "survivor", survivor);
	if (call(req, &data) != 0)
		return 1;
	return started_job(data, "repairing the split brain", wait, json);
}

/* maintenance on|off */
static int
cmd_maintenance(int argc, char **argv)
{
	JsonObject *req;
	bool on;

	if (argc != 2 || (strcmp(argv[1], "on") != 0 && strcmp(argv[1], "off") != 0))
		return fail("usage: hapairctl maintenance on|off");
	on = strcmp(argv[1], "on") == 0;
	req = request("maintenance");
	json_object_set_boolean_member(req, "on", on);
	if (call_no_data(req) != 0)
		return 1;
	printf(on ? "maintenance mode on: Pacemaker leaves the resources as they are; "
	    "'hapairctl maintenance off' when the work is done\n" :
	    "maintenance mode off: Pacemaker manages the resources again\n");
	return 0;
}

/* node restart|shutdown NODE [--force] [--no-wait] */
static int
cmd_node_power(int argc, char **argv)
{
	bool reboot = strcmp(argv[1], "restart") == 0, force = false, wait = true;
	JsonObject *req;
	JsonNode *data = NULL;
	gchar *what;
	int rc;

	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = true;
		else if (strcmp(argv[i], "--no-wait") == 0)
			wait = false;
		else
			return fail("usage: hapairctl node restart|shutdown NODE [--force] [--no-wait]");
	}
	req = request("power");
	json_object_set_string_member(req, "node", argv[2]);
	json_object_set_boolean_member(req, "reboot", reboot);
	json_object_set_boolean_member(req, "force", force);
	if (call(req, &data) != 0)
		return 1;
	what = g_strdup_printf("%s %s, its service moving to the other node first",
	    reboot ? "restarting" : "shutting down", argv[2]);
	rc = started_job(data, what, wait, false);
	g_free(what);
	return rc;
}

/* node standby|unstandby NODE [--force], node restart|shutdown NODE ... */
static int
cmd_node(int argc, char **argv)
{
	static const char use[] = "usage: hapairctl node standby|unstandby|restart|shutdown "
	    "NODE [--force]";
	bool force = argc == 4 && strcmp(argv[3], "--force") == 0;
	JsonObject *req;
	bool on;

	if (argc >= 3 && (strcmp(argv[1], "restart") == 0 || strcmp(argv[1], "shutdown") == 0))
		return cmd_node_power(argc, argv);
	if ((argc != 3 && !force) || (strcmp(argv[1], "standby") != 0 &&
	    strcmp(argv[1], "unstandby") != 0))
		return fail(use);
	on = strcmp(argv[1], "standby") == 0;
	req = request("standby");
	json_object_set_string_member(req, "node", argv[2]);
	json_object_set_boolean_member(req, "on", on);
	json_object_set_boolean_member(req, "force", force);
	if (call_no_data(req) != 0)
		return 1;
	if (on)
		printf("%s is in standby: its resources move to the other node; it stays in "
		    "standby, across restarts, until 'hapairctl node unstandby %s'\n", argv[2],
		    argv[2]);
	else
		printf("%s is out of standby: it may run the service again\n", argv[2]);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "status", cmd_status },
	{ "log", cmd_log },
	{ "version", cmd_version },
	{ "passwd", cmd_passwd },
	{ "create", cmd_create },
	{ "takeover", cmd_takeover },
	{ "dissolve", cmd_dissolve },
	{ "repair-split-brain", cmd_repair },
	{ "maintenance", cmd_maintenance },
	{ "node", cmd_node },
};

int
main(int argc, char **argv)
{
	static char sock[512];
	const char *env = getenv("HAPAIR_SOCKET");
	int ch;

	if (env != NULL && *env != '\0')
		ctl_socket = env;
	while ((ch = getopt(argc, argv, "+s:c:h")) != -1) {
		switch (ch) {
		case 's':
			ctl_socket = optarg;
			break;
		case 'c': {
			struct cfg cfg;
			char err[512];

			if (cfg_load_file(&cfg, optarg, err, sizeof(err)) != 0)
				return fail(err);
			cfg_socket_path(&cfg, sock, sizeof(sock));
			ctl_socket = sock;
			break;
		}
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[optind], commands[i].name) == 0)
			return commands[i].fn(argc - optind, argv + optind);
	fprintf(stderr, "hapairctl: unknown command '%s'; 'hapairctl -h' lists them\n", argv[optind]);
	return 2;
}
