/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cfg: hapair.conf parsing.  Pure: text in, struct out, every error with
 * its file and line so an operator can fix it without reading code.  It
 * never logs and never exits; hapaird -n prints what this returns. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "drbd_res.h"   /* DRBD_RESYNC_RATE_MAX_KIB_S */
#include "hb_corosync_conf.h"   /* HB_TOKEN_MIN_MS, HB_TOKEN_MAX_MS */

enum cfg_type {
	CFG_T_NAME,      /* node name: letters, digits, '-', '.', '_' */
	CFG_T_ADDRESS,   /* IPv4 or IPv6 literal */
	CFG_T_PORT,
	CFG_T_PATH,      /* absolute path */
	CFG_T_DEVICE,    /* absolute path or "none" */
	CFG_T_IFNAME,
	CFG_T_FSTYPE,
	CFG_T_STACK,     /* auto, systemd or direct */
	CFG_T_FENCING,   /* none or lab */
	CFG_T_UNIT,      /* a systemd unit name */
	CFG_T_COMMAND,   /* an absolute program path and its arguments */
	CFG_T_RATE,      /* KiB/s: a number, optionally ending in K or M */
	CFG_T_HB_MS,     /* the heartbeat timeout, ms */
};

struct cfg_key {
	const char *section;
	const char *key;
	enum cfg_type type;
	size_t offset;
	size_t size;
};

#define CFG_FIELD(f) offsetof(struct cfg, f), sizeof(((struct cfg *)0)->f)
static const struct cfg_key cfg_keys[] = {
	{ "node", "name", CFG_T_NAME, CFG_FIELD(node_name) },
	{ "node", "reboot_command", CFG_T_COMMAND, CFG_FIELD(reboot_command) },
	{ "node", "poweroff_command", CFG_T_COMMAND, CFG_FIELD(poweroff_command) },
	{ "api", "address", CFG_T_ADDRESS, CFG_FIELD(api_address) },
	{ "api", "port", CFG_T_PORT, CFG_FIELD(api_port) },
	{ "api", "www_dir", CFG_T_PATH, CFG_FIELD(www_dir) },
	{ "paths", "state_dir", CFG_T_PATH, CFG_FIELD(state_dir) },
	{ "paths", "run_dir", CFG_T_PATH, CFG_FIELD(run_dir) },
	{ "heartbeat", "interface", CFG_T_IFNAME, CFG_FIELD(hb_interface) },
	{ "heartbeat", "timeout", CFG_T_HB_MS, CFG_FIELD(hb_timeout_ms) },
	{ "data", "device", CFG_T_DEVICE, CFG_FIELD(data_device) },
	{ "data", "mount", CFG_T_PATH, CFG_FIELD(data_mount) },
	{ "data", "fstype", CFG_T_FSTYPE, CFG_FIELD(data_fstype) },
	{ "data", "resync_rate", CFG_T_RATE, CFG_FIELD(data_resync_rate_kib_s) },
	{ "peer", "address", CFG_T_ADDRESS, CFG_FIELD(peer_address) },
	{ "peer", "port", CFG_T_PORT, CFG_FIELD(peer_port) },
	{ "cluster", "stack", CFG_T_STACK, CFG_FIELD(stack) },
	{ "cluster", "fencing", CFG_T_FENCING, CFG_FIELD(fencing) },
};
#define CFG_NKEYS (sizeof(cfg_keys) / sizeof(cfg_keys[0]))

/* [service NAME] keys: offsets into struct cfg_service. */
#define CFG_SVC_FIELD(f) offsetof(struct cfg_service, f), sizeof(((struct cfg_service *)0)->f)
static const struct cfg_key cfg_service_keys[] = {
	{ "service", "unit", CFG_T_UNIT, CFG_SVC_FIELD(unit) },
	{ "service", "command", CFG_T_COMMAND, CFG_SVC_FIELD(command) },
	{ "service", "port", CFG_T_PORT, CFG_SVC_FIELD(port) },
	{ "service", "address", CFG_T_ADDRESS, CFG_SVC_FIELD(address) },
	{ "service", "directory", CFG_T_PATH, CFG_SVC_FIELD(directory) },
};
#define CFG_NSVCKEYS (sizeof(cfg_service_keys) / sizeof(cfg_service_keys[0]))
static const char cfg_sections[] = "node, api, paths, heartbeat, data, peer, cluster, service NAME";
static const char *const cfg_fstypes[] = { "ext4", "xfs", NULL };
/* indexed by enum cfg_stack */
static const char *const cfg_stacks[] = { "auto", "systemd", "direct", NULL };
/* indexed by enum cfg_fencing */
static const char *const cfg_fencings[] = { "none", "lab", NULL };

void
cfg_defaults(struct cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	if (gethostname(cfg->node_name, sizeof(cfg->node_name) - 1) != 0)
		g_strlcpy(cfg->node_name, "localhost", sizeof(cfg->node_name));
	g_strlcpy(cfg->api_address, CFG_DEFAULT_API_ADDR, sizeof(cfg->api_address));
	cfg->api_port = CFG_DEFAULT_API_PORT;
	g_strlcpy(cfg->www_dir, CFG_DEFAULT_WWW_DIR, sizeof(cfg->www_dir));
	g_strlcpy(cfg->state_dir, CFG_DEFAULT_STATE_DIR, sizeof(cfg->state_dir));
	g_strlcpy(cfg->run_dir, CFG_DEFAULT_RUN_DIR, sizeof(cfg->run_dir));
	g_strlcpy(cfg->hb_interface, CFG_DEFAULT_HB_IF, sizeof(cfg->hb_interface));
	g_strlcpy(cfg->data_device, CFG_DATA_DEVICE_NONE, sizeof(cfg->data_device));
	g_strlcpy(cfg->data_mount, CFG_DEFAULT_MOUNT, sizeof(cfg->data_mount));
	g_strlcpy(cfg->data_fstype, CFG_DEFAULT_FSTYPE, sizeof(cfg->data_fstype));
	g_strlcpy(cfg->reboot_command, CFG_DEFAULT_REBOOT, sizeof(cfg->reboot_command));
	g_strlcpy(cfg->poweroff_command, CFG_DEFAULT_POWEROFF, sizeof(cfg->poweroff_command));
	g_strlcpy(cfg->peer_address, CFG_DEFAULT_PEER_ADDR, sizeof(cfg->peer_address));
	cfg->peer_port = CFG_DEFAULT_PEER_PORT;
}

/* "40M", "512K" or "8192" (KiB/s) in KiB/s; 0 when it is none of them or
 * outside DRBD's 1 KiB/s to 4 GiB/s. */
static unsigned
cfg_rate_kib_s(const char *value)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)*value))
		return 0;
	errno = 0;
	v = strtoull(value, &end, 10);
	if (errno != 0 || v > DRBD_RESYNC_RATE_MAX_KIB_S)
		return 0;
	if (*end == 'M' || *end == 'm')
		v *= 1024, end++;
	else if (*end == 'K' || *end == 'k')
		end++;
	if (*end != '\0' || v < 1 || v > DRBD_RESYNC_RATE_MAX_KIB_S)
		return 0;
	return (unsigned)v;
}

/* "3000" in ms, within corosync's bounds for hapair; 0 otherwise. */
static unsigned
cfg_hb_ms(const char *value)
{
	char *end;
	unsigned long v;

	if (!isdigit((unsigned char)*value))
		return 0;
	errno = 0;
	v = strtoul(value, &end, 10);
	if (errno != 0 || *end != '\0' || v < HB_TOKEN_MIN_MS || v > HB_TOKEN_MAX_MS)
		return 0;
	return (unsigned)v;
}

/* NULL when VALUE fits TYPE, else what it should be. */
static const char *
cfg_check_value(enum cfg_type type, const char *value, size_t size)
{
	const char *p;
	unsigned char addr[16];

	/* ports and interface names have their own, clearer, bounds */
	if (type != CFG_T_PORT && type != CFG_T_IFNAME && type != CFG_T_STACK &&
	    type != CFG_T_FENCING && type != CFG_T_RATE && type != CFG_T_HB_MS &&
	    strlen(value) >= size)
		return "is too long";
	switch (type) {
	case CFG_T_NAME:
		if (*value == '\0')
			return "must not be empty";
		for (p = value; *p; p++)
			if (!isalnum((unsigned char)*p) && !strchr("-._", *p))
				return "may contain only letters, digits, '-', '.' and '_'";
		return NULL;
	case CFG_T_ADDRESS:
		if (inet_pton(AF_INET, value, addr) == 1 || inet_pton(AF_INET6, value, addr) == 1)
			return NULL;
		return "must be an IPv4 or IPv6 address such as 0.0.0.0 or ::";
	case CFG_T_PORT: {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(value, &end, 10);
		if (errno != 0 || *value == '\0' || *end != '\0' || v < 1 || v > 65535 || *value == '-')
			return "must be a port number from 1 to 65535";
		return NULL;
	}
	case CFG_T_DEVICE:
		if (strcmp(value, CFG_DATA_DEVICE_NONE) == 0)
			return NULL;
		/* fall through */
	case CFG_T_PATH:
		if (value[0] != '/')
			return type == CFG_T_DEVICE ? "must be an absolute device path or 'none'"
			    : "must be an absolute path";
		return NULL;
	case CFG_T_IFNAME:
		if (*value == '\0' || strlen(value) > 15 || strchr(value, '/') || strchr(value, ' '))
			return "must be a network interface name of 1 to 15 characters";
		return NULL;
	case CFG_T_FSTYPE:
		for (size_t i = 0; cfg_fstypes[i]; i++)
			if (strcmp(value, cfg_fstypes[i]) == 0)
				return NULL;
		return "must be ext4 or xfs";
	case CFG_T_STACK:
		for (size_t i = 0; cfg_stacks[i]; i++)
			if (strcmp(value, cfg_stacks[i]) == 0)
				return NULL;
		return "must be auto, systemd or direct";
	case CFG_T_FENCING:
		for (size_t i = 0; cfg_fencings[i]; i++)
			if (strcmp(value, cfg_fencings[i]) == 0)
				return NULL;
		return "must be none or lab (IPMI fencing is set up from the BMC details given at creation)";
	case CFG_T_UNIT:
		if (*value == '\0' || value[0] == '-')
			return "must be a systemd unit name such as postfix.service";
		for (p = value; *p; p++)
			if (!isalnum((unsigned char)*p) && !strchr("-._@:\\", *p))
				return "must be a systemd unit name such as postfix.service";
		return NULL;
	case CFG_T_RATE:
		if (cfg_rate_kib_s(value) == 0)
			return "must be a rate in KiB/s from 1 to 4194304, or with M for MiB/s (such as 40M)";
		return NULL;
	case CFG_T_HB_MS:
		if (cfg_hb_ms(value) == 0)
			return "must be a time in milliseconds from " G_STRINGIFY(HB_TOKEN_MIN_MS)
			    " to " G_STRINGIFY(HB_TOKEN_MAX_MS) " (such as 3000)";
		return NULL;
	case CFG_T_COMMAND:
		/* Pacemaker runs it as root with its own PATH: an
		 * absolute program says exactly what runs. */
		if (value[0] != '/')
			return "must start with the absolute path of the program";
		return NULL;
	}
	return "has an unknown type";
}

/* BASE: the struct cfg, or the struct cfg_service, K's offset is into. */
static void
cfg_store_into(void *base, const struct cfg_key *k, const char *value)
{
	char *field = (char *)base + k->offset;

	if (k->type == CFG_T_PORT) {
		*(uint16_t *)(void *)field = (uint16_t)strtoul(value, NULL, 10);
	} else if (k->type == CFG_T_RATE) {
		*(unsigned *)(void *)field = cfg_rate_kib_s(value);
	} else if (k->type == CFG_T_HB_MS) {
		*(unsigned *)(void *)field = cfg_hb_ms(value);
	} else if (k->type == CFG_T_STACK) {
		for (int i = 0; cfg_stacks[i]; i++)
			if (strcmp(value, cfg_stacks[i]) == 0)
				*(enum cfg_stack *)(void *)field = (enum cfg_stack)i;
	} else if (k->type == CFG_T_FENCING) {
		for (int i = 0; cfg_fencings[i]; i++)
			if (strcmp(value, cfg_fencings[i]) == 0)
				*(enum cfg_fencing *)(void *)field = (enum cfg_fencing)i;
	} else {
		g_strlcpy(field, value, k->size);
	}
}

static char *
cfg_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* A new [service NAME] in CFG: NULL and *OUT, or why not. */
static const char *
cfg_service_open(struct cfg *cfg, const char *name, unsigned lineno,
    struct cfg_service **out)
{
	struct cfg_service *sv;

	if (*name == '\0')
		return "name the service: [service NAME]";
	if (cfg_check_value(CFG_T_NAME, name, CFG_SERVICE_NAME_MAX) != NULL)
		return "a service name has at most 31 letters, digits, '-', '.' and '_'";
	for (unsigned i = 0; i < cfg->nservices; i++)
		if (strcmp(cfg->services[i].name, name) == 0)
			return "this service is already defined";
	if (cfg->nservices == CFG_SERVICES_MAX)
		return "too many services (at most 16)";
	sv = &cfg->services[cfg->nservices++];
	memset(sv, 0, sizeof(*sv));
	g_strlcpy(sv->name, name, sizeof(sv->name));
	sv->line = lineno;
	*out = sv;
	return NULL;
}

static bool
cfg_section_known(const char *name)
{
	for (size_t i = 0; i < CFG_NKEYS; i++)
		if (strcmp(cfg_keys[i].section, name) == 0)
			return true;
	return false;
}

int
cfg_parse_text(struct cfg *cfg, const char *text, const char *filename,
    char *err, size_t errlen)
{
	unsigned seen_line[CFG_NKEYS] = { 0 };
	unsigned svc_seen[CFG_SERVICES_MAX][CFG_NSVCKEYS] = { { 0 } };
	struct cfg_service *svc = NULL;     /* inside [service NAME] */
	char section[32] = "";
	gchar **lines = g_strsplit(text, "\n", -1);
	int rc = 0;

#define CFG_FAIL(...) do {						\
		int n_ = snprintf(err, errlen, "%s:%u: ", filename, lineno); \
		if (n_ >= 0 && (size_t)n_ < errlen)			\
			snprintf(err + n_, errlen - (size_t)n_, __VA_ARGS__); \
		rc = -EINVAL;						\
		goto out;						\
	} while (0)

	for (unsigned lineno = 1; lines[lineno - 1] != NULL; lineno++) {
		char *line = cfg_trim(lines[lineno - 1]);
		char *eq, *key, *value;
		const struct cfg_key *k = NULL;
		const char *why;
		size_t i;

		if (*line == '\0' || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			char *close = strchr(line, ']');

			if (close == NULL || close[1] != '\0')
				CFG_FAIL("a section header must look like [name]");
			*close = '\0';
			line = cfg_trim(line + 1);
			svc = NULL;
			if (strncmp(line, "service", 7) == 0 &&
			    (line[7] == '\0' || isspace((unsigned char)line[7]))) {
				if ((why = cfg_service_open(cfg, cfg_trim(line + 7), lineno, &svc)) != NULL)
					CFG_FAIL("[%s]: %s", line, why);
				g_strlcpy(section, "service", sizeof(section));
				continue;
			}
			if (!cfg_section_known(line))
				CFG_FAIL("unknown section [%s]: the sections are %s", line, cfg_sections);
			g_strlcpy(section, line, sizeof(section));
			continue;
		}
		eq = strchr(line, '=');
		if (eq == NULL)
			CFG_FAIL("expected 'key = value' or '[section]', found '%s'", line);
		*eq = '\0';
		key = cfg_trim(line);
		value = cfg_trim(eq + 1);
		/* A trailing comment is allowed after whitespace. */
		for (char *c = value; *c; c++)
			if (*c == '#' && c > value && isspace((unsigned char)c[-1])) {
				*c = '\0';
				value = cfg_trim(value);
				break;
			}
		if (*section == '\0')
			CFG_FAIL("'%s' is outside any section: put it under one of %s", key, cfg_sections);
		if (svc != NULL) {
			for (i = 0; i < CFG_NSVCKEYS; i++)
				if (strcmp(cfg_service_keys[i].key, key) == 0)
					break;
			if (i == CFG_NSVCKEYS)
				CFG_FAIL("unknown key '%s' in [service %s]: the keys are unit, command, port, address, directory",
				    key, svc->name);
			if (svc_seen[svc - cfg->services][i] != 0)
				CFG_FAIL("'%s' in [service %s] is already set on line %u", key,
				    svc->name, svc_seen[svc - cfg->services][i]);
			svc_seen[svc - cfg->services][i] = lineno;
			k = &cfg_service_keys[i];
			if ((why = cfg_check_value(k->type, value, k->size)) != NULL)
				CFG_FAIL("%s %s, not '%s'", key, why, value);
			cfg_store_into(svc, k, value);
			continue;
		}
		for (i = 0; i < CFG_NKEYS; i++)
			if (strcmp(cfg_keys[i].section, section) == 0 && strcmp(cfg_keys[i].key, key) == 0) {
				k = &cfg_keys[i];
				break;
			}
		if (k == NULL)
			CFG_FAIL("unknown key '%s' in [%s]", key, section);
		if (seen_line[i] != 0)
			CFG_FAIL("'%s' in [%s] is already set on line %u", key, section, seen_line[i]);
		seen_line[i] = lineno;
		if ((why = cfg_check_value(k->type, value, k->size)) != NULL)
			CFG_FAIL("%s %s, not '%s'", key, why, value);
		cfg_store_into(cfg, k, value);
	}
	/* Each service says how it runs: a unit or a command, not both. */
	for (unsigned n = 0; n < cfg->nservices; n++) {
		const struct cfg_service *sv = &cfg->services[n];
		unsigned lineno = sv->line;

		if ((*sv->unit == '\0') == (*sv->command == '\0'))
			CFG_FAIL("[service %s] needs exactly one of 'unit' (a systemd unit) or 'command' (a program)",
			    sv->name);
	}
out:
	g_strfreev(lines);
	return rc;
#undef CFG_FAIL
}

int
cfg_load_file(struct cfg *cfg, const char *path, char *err, size_t errlen)
{
	gchar *text = NULL;
	GError *gerr = NULL;
	int rc;

	cfg_defaults(cfg);
	if (!g_file_get_contents(path, &text, NULL, &gerr)) {
		rc = gerr->domain == G_FILE_ERROR && gerr->code == G_FILE_ERROR_NOENT ? -ENOENT : -EIO;
		snprintf(err, errlen, "%s: cannot read: %s", path, gerr->message);
		g_error_free(gerr);
		return rc;
	}
	rc = cfg_parse_text(cfg, text, path, err, errlen);
	g_free(text);
	return rc;
}

void
cfg_socket_path(const struct cfg *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s/hapaird.sock", cfg->run_dir);
}

void
cfg_pidfile_path(const struct cfg *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s/hapaird.pid", cfg->run_dir);
}

void
cfg_db_path(const struct cfg *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s/hapair.db", cfg->state_dir);
}

void
cfg_tls_dir(const struct cfg *cfg, char *buf, size_t len)
{
	snprintf(buf, len, "%s/tls", cfg->state_dir);
}
