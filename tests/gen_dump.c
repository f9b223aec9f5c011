/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gen_dump: print what the generators make for the fixture shapes, so
 * tests/generators.test can hand exactly that to corosync, drbdadm and
 * crm_verify.  A test tool: it prints, the libraries do not.
 *
 *   gen_dump --list                 the shape names (= golden file names)
 *   gen_dump --nodes SHAPE          its two node names, one a line
 *   gen_dump SHAPE                  the rendered file
 *   gen_dump --embed SKELETON SHAPE a CIB shape inside the CIB in file SKELETON */
#include <stdio.h>
#include <string.h>
#include <glib.h>

#include "gen_fixtures.h"

static int
usage(void)
{
	fputs("usage: gen_dump --list | --nodes SHAPE | SHAPE | --embed SKELETON SHAPE\n", stderr);
	return 2;
}

static const struct gen_shape *
find(const char *name)
{
	const struct gen_shape *s = gen_shape_find(name);

	if (s == NULL)
		fprintf(stderr, "gen_dump: no shape '%s' (see gen_dump --list)\n", name);
	return s;
}

int
main(int argc, char **argv)
{
	const struct gen_shape *s;
	GString *out = g_string_new("");
	char err[512] = "";
	int rc = 0;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < gen_nshapes; i++)
			printf("%s\n", gen_shapes[i].name);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--nodes") == 0) {
		const char *names[2];

		if ((s = find(argv[2])) == NULL)
			return 1;
		gen_node_names(s, names);
		printf("%s\n%s\n", names[0], names[1]);
		return 0;
	}
	if (argc == 2 && argv[1][0] != '-') {
		if ((s = find(argv[1])) == NULL)
			return 1;
		rc = gen_render(s, out, err, sizeof(err));
	} else if (argc == 4 && strcmp(argv[1], "--embed") == 0) {
		gchar *skeleton = NULL;
		GError *gerr = NULL;
		GString *conf = g_string_new("");

		if ((s = find(argv[3])) == NULL)
			return 1;
		if (s->kind != GEN_CIB) {
			fprintf(stderr, "gen_dump: %s is not a CIB shape\n", s->name);
			return 1;
		}
		if (!g_file_get_contents(argv[2], &skeleton, NULL, &gerr)) {
			fprintf(stderr, "gen_dump: %s\n", gerr->message);
			return 1;
		}
		rc = gen_render(s, conf, err, sizeof(err));
		if (rc == 0)
			rc = fo_cib_embed(skeleton, conf->str, out, err, sizeof(err));
		g_free(skeleton);
		g_string_free(conf, TRUE);
	} else
		return usage();
	if (rc != 0) {
		fprintf(stderr, "gen_dump: %s: %s\n", argv[argc - 1], err);
		return 1;
	}
	fputs(out->str, stdout);
	g_string_free(out, TRUE);
	return 0;
}
