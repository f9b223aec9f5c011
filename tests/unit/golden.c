/* SPDX-License-Identifier: GPL-2.0-or-later */
/* golden: golden-file comparison for the cmocka tests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "golden.h"

void
test_diag(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	printf("# %s\n", msg);
	fflush(stdout);
	g_free(msg);
}

static char *
golden_path(const char *name)
{
	const char *top = getenv("top_srcdir");

	return g_strdup_printf("%s/tests/golden/%s", top && *top ? top : ".", name);
}

/* Line N (1-based) of TEXT, for the failure message. */
static char *
golden_line(const char *text, unsigned n)
{
	gchar **lines = g_strsplit(text, "\n", -1);
	char *line = g_strdup(g_strv_length(lines) >= n ? lines[n - 1] : "(end of file)");

	g_strfreev(lines);
	return line;
}

void
golden_check(const char *name, const char *text)
{
	char *path = golden_path(name);
	const char *update = getenv("HAPAIR_UPDATE_GOLDEN");
	gchar *want = NULL;
	GError *gerr = NULL;

	if (update != NULL && strcmp(update, "1") == 0) {
		if (!g_file_set_contents(path, text, -1, &gerr)) {
			test_diag("cannot write %s: %s", path, gerr->message);
			fail();
		}
		g_free(path);
		return;
	}
	if (!g_file_get_contents(path, &want, NULL, &gerr)) {
		test_diag("cannot read golden file %s: %s (make update-golden creates it)",
		    path, gerr->message);
		fail();
	}
	if (strcmp(want, text) != 0) {
		unsigned line = 1;
		char *w, *g;

		for (size_t i = 0; want[i] == text[i]; i++)
			if (want[i] == '\n')
				line++;
		w = golden_line(want, line);
		g = golden_line(text, line);
		test_diag("%s differs from the generated text at line %u:", path, line);
		test_diag("  golden:    %s", w);
		test_diag("  generated: %s", g);
		test_diag("if the change is intended: make update-golden, then review git diff");
		g_free(w);
		g_free(g);
		g_free(want);
		g_free(path);
		fail();
	}
	g_free(want);
	g_free(path);
}
