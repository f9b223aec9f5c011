/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fixture: reading a captured file for a unit test (see the header). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"

gchar *
test_fixture(const char *dir, const char *name)
{
	const char *top = getenv("top_srcdir");
	gchar *path = g_strdup_printf("%s/tests/fixtures/%s/%s", top && *top ? top : ".", dir,
	    name);
	gchar *text = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL)) {
		printf("# cannot read %s\n", path);
		g_free(path);
		fail();
	}
	g_free(path);
	return text;
}

gchar *
test_fixture_edited(const char *dir, const char *name, const char *from, const char *to)
{
	gchar *text = test_fixture(dir, name), *at = strstr(text, from);
	GString *edited;

	if (at == NULL || strstr(at + 1, from) != NULL) {
		printf("# %s is not in %s/%s exactly once\n", from, dir, name);
		g_free(text);
		fail();
	}
	edited = g_string_new_len(text, at - text);
	g_string_append(edited, to);
	g_string_append(edited, at + strlen(from));
	g_free(text);
	return g_string_free(edited, FALSE);
}
