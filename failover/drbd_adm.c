/* SPDX-License-Identifier: GPL-2.0-or-later */
/* drbd_adm: the cause in drbdadm's output (see the header). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "drbd_adm.h"

#define DRBD_ADM_KERNEL_NOTE "additional info from kernel:"

/* drbdsetup's own words for a refused request: a configuration error
 * ("Failure: (NNN)", exit code 10) or a refused state change ("State
 * change failed: (-NN)", exit code 11). */
static bool
adm_is_failure(const char *line)
{
	return strstr(line, "Failure: (") != NULL || strstr(line, "State change failed: (") != NULL;
}

static bool
adm_is_trailer(const char *line)
{
	return g_str_has_prefix(line, "Command '") && strstr(line, "terminated with exit code") != NULL;
}

void
drbd_adm_reason(const char *output, char *buf, size_t len)
{
	g_auto(GStrv) lines = g_strsplit(output != NULL ? output : "", "\n", -1);
	const char *failure = NULL, *note = NULL, *last = NULL, *last_any = NULL;

	if (len == 0)
		return;
	for (guint i = 0; lines[i] != NULL; i++) {
		g_strstrip(lines[i]);
		if (*lines[i] == '\0')
			continue;
		last_any = lines[i];
		if (!adm_is_trailer(lines[i]))
			last = lines[i];
		if (failure == NULL && adm_is_failure(lines[i]))
			failure = lines[i];
		/* the note is the line after the marker (8.4 prints one) */
		if (failure != NULL && note == NULL && i > 0 &&
		    strcmp(lines[i - 1], DRBD_ADM_KERNEL_NOTE) == 0)
			note = lines[i];
	}
	if (failure != NULL && note != NULL)
		snprintf(buf, len, "%s (kernel: %s)", failure, note);
	else if (failure != NULL)
		g_strlcpy(buf, failure, len);
	else
		g_strlcpy(buf, last != NULL ? last : last_any != NULL ? last_any : "", len);
}
