/* SPDX-License-Identifier: GPL-2.0-or-later */
/* event: severity names and time-filter parsing for the event log.  Pure. */
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "event.h"

static const char *const ev_severity_names[EV_SEVERITY_COUNT] = {
	[EV_DEBUG] = "debug",
	[EV_INFO] = "info",
	[EV_NOTICE] = "notice",
	[EV_WARNING] = "warning",
	[EV_ERROR] = "error",
};

const char *
ev_severity_name(enum ev_severity sev)
{
	if ((unsigned)sev >= EV_SEVERITY_COUNT)
		return "unknown";
	return ev_severity_names[sev];
}

int
ev_severity_parse(const char *name, enum ev_severity *out)
{
	static const struct { const char *alias; enum ev_severity sev; } aliases[] = {
		{ "warn", EV_WARNING }, { "err", EV_ERROR },
	};

	for (int i = 0; i < EV_SEVERITY_COUNT; i++)
		if (strcasecmp(name, ev_severity_names[i]) == 0) {
			*out = (enum ev_severity)i;
			return 0;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (strcasecmp(name, aliases[i].alias) == 0) {
			*out = aliases[i].sev;
			return 0;
		}
	return -EINVAL;
}

/* "30s", "10m", "2h", "3d": that long before NOW_US. */
static int
ev_since_relative(const char *text, int64_t now_us, int64_t *out_us)
{
	char *end;
	long long n;
	int64_t unit_s;

	errno = 0;
	n = strtoll(text, &end, 10);
	if (errno != 0 || end == text || n < 0 || end[0] == '\0' || end[1] != '\0')
		return -EINVAL;
	switch (*end) {
	case 's': unit_s = 1; break;
	case 'm': unit_s = 60; break;
	case 'h': unit_s = 3600; break;
	case 'd': unit_s = 86400; break;
	default: return -EINVAL;
	}
	if (n > INT64_MAX / 1000000 / unit_s)
		return -EINVAL;
	*out_us = now_us - (int64_t)n * unit_s * 1000000;
	return 0;
}

int
ev_since_parse(const char *text, int64_t now_us, int64_t *out_us)
{
	static const char *const formats[] = {
		"%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
		"%Y-%m-%dT%H:%M", "%Y-%m-%d",
	};

	if (text == NULL || *text == '\0')
		return -EINVAL;
	if (text[0] == '@') {
		char *end;
		long long s;

		errno = 0;
		s = strtoll(text + 1, &end, 10);
		if (errno != 0 || end == text + 1 || *end != '\0' || s < 0)
			return -EINVAL;
		*out_us = (int64_t)s * 1000000;
		return 0;
	}
	if (isdigit((unsigned char)text[0]) && ev_since_relative(text, now_us, out_us) == 0)
		return 0;
	for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
		struct tm tm;
		const char *end;

		memset(&tm, 0, sizeof(tm));
		end = strptime(text, formats[i], &tm);
		if (end != NULL && *end == '\0') {
			*out_us = (int64_t)timegm(&tm) * 1000000;
			return 0;
		}
	}
	return -EINVAL;
}

void
ev_format_time(int64_t time_us, char *buf, size_t len)
{
	time_t t = (time_t)(time_us / 1000000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

JsonNode *
ev_to_json(const struct ev_event *ev)
{
	JsonBuilder *b = json_builder_new();
	JsonNode *node;
	char when[32];

	ev_format_time(ev->time_us, when, sizeof(when));
	when[10] = 'T';
	g_strlcat(when, "Z", sizeof(when));
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "id");
	json_builder_add_int_value(b, ev->id);
	json_builder_set_member_name(b, "time_us");
	json_builder_add_int_value(b, ev->time_us);
	json_builder_set_member_name(b, "time");
	json_builder_add_string_value(b, when);
	json_builder_set_member_name(b, "node");
	json_builder_add_string_value(b, ev->node);
	json_builder_set_member_name(b, "severity");
	json_builder_add_string_value(b, ev_severity_name(ev->severity));
	json_builder_set_member_name(b, "subsystem");
	json_builder_add_string_value(b, ev->subsystem);
	json_builder_set_member_name(b, "message");
	json_builder_add_string_value(b, ev->message);
	json_builder_set_member_name(b, "job_id");
	json_builder_add_int_value(b, ev->job_id);
	json_builder_end_object(b);
	node = json_builder_get_root(b);
	g_object_unref(b);
	return node;
}
