/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Installing and removing the cluster's files under a scratch root. */
#include <errno.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib.h>
#include <cmocka.h>

#include "cluster_files.h"

static const unsigned char key[4] = { 1, 2, 3, 4 };
static const struct cluster_files files = {
	"totem { }\n", key, sizeof(key), "<cib/>\n", NULL,
};

static int
setup(void **state)
{
	gchar *root = g_strdup("/tmp/hapair-files-XXXXXX");
	gchar *p;

	if (g_mkdtemp(root) == NULL)
		return -1;
	p = g_strconcat(root, "/etc/corosync", NULL);
	g_mkdir_with_parents(p, 0755);
	g_free(p);
	p = g_strconcat(root, "/var/lib/pacemaker/cib", NULL);
	g_mkdir_with_parents(p, 0750);
	g_free(p);
	/* what the corosync package ships */
	p = g_strconcat(root, CLUSTER_COROSYNC_CONF, NULL);
	g_file_set_contents(p, "# the package's single-node file\n", -1, NULL);
	g_free(p);
	*state = root;
	return 0;
}

static int
teardown(void **state)
{
	gchar *cmd = g_strdup_printf("rm -rf %s", (char *)*state);
	int rc = system(cmd);

	g_free(cmd);
	g_free(*state);
	return rc == 0 ? 0 : -1;
}

static gchar *
slurp(const char *root, const char *path)
{
	gchar *full = g_strconcat(root, path, NULL), *text = NULL;

	g_file_get_contents(full, &text, NULL, NULL);
	g_free(full);
	return text;
}

static unsigned
mode_of(const char *root, const char *path)
{
	gchar *full = g_strconcat(root, path, NULL);
	struct stat sb;
	unsigned m = stat(full, &sb) == 0 ? sb.st_mode & 07777 : 0;

	g_free(full);
	return m;
}

static void
install_writes_each_file_with_its_mode_and_keeps_the_original(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *t;

	assert_int_equal(cluster_files_install(root, &files, err, sizeof(err)), 0);
	t = slurp(root, CLUSTER_COROSYNC_CONF);
	assert_string_equal(t, "totem { }\n");
	g_free(t);
	t = slurp(root, CLUSTER_COROSYNC_CONF CLUSTER_ORIG_SUFFIX);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
	assert_int_equal(mode_of(root, CLUSTER_COROSYNC_CONF), 0644);
	assert_int_equal(mode_of(root, CLUSTER_AUTHKEY), 0400);
	assert_int_equal(mode_of(root, CLUSTER_CIB_XML), 0600);
	if (geteuid() == 0) {
		gchar *full = g_strconcat(root, CLUSTER_CIB_XML, NULL);
		struct stat sb;
		struct passwd *pw = getpwnam("hacluster");

		assert_int_equal(stat(full, &sb), 0);
		if (pw != NULL)
			assert_int_equal(sb.st_uid, pw->pw_uid);
		g_free(full);
	}
}

static void
a_second_install_does_not_take_our_file_for_the_original(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *t;

	assert_int_equal(cluster_files_install(root, &files, err, sizeof(err)), 0);
	assert_int_equal(cluster_files_install(root, &files, err, sizeof(err)), 0);
	t = slurp(root, CLUSTER_COROSYNC_CONF CLUSTER_ORIG_SUFFIX);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
}

static void
remove_restores_the_node_as_it_was_and_can_be_repeated(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *t;

	assert_int_equal(cluster_files_install(root, &files, err, sizeof(err)), 0);
	assert_int_equal(cluster_files_remove(root, err, sizeof(err)), 0);
	t = slurp(root, CLUSTER_COROSYNC_CONF);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
	assert_null(slurp(root, CLUSTER_AUTHKEY));
	assert_null(slurp(root, CLUSTER_CIB_XML));
	assert_null(slurp(root, CLUSTER_COROSYNC_CONF CLUSTER_ORIG_SUFFIX));
	assert_null(slurp(root, CLUSTER_COROSYNC_CONF CLUSTER_MARK_SUFFIX));
	assert_int_equal(cluster_files_remove(root, err, sizeof(err)), 0);
	t = slurp(root, CLUSTER_COROSYNC_CONF);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
}

static void
a_failed_install_leaves_nothing_of_itself_behind(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *cibdir = g_strconcat(root, "/var/lib/pacemaker/cib", NULL);
	gchar *t;

	/* the CIB's directory is missing: the last file cannot be written */
	assert_int_equal(rmdir(cibdir), 0);
	assert_true(cluster_files_install(root, &files, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "cannot write"));
	assert_non_null(strstr(err, "cib.xml"));
	t = slurp(root, CLUSTER_COROSYNC_CONF);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
	assert_null(slurp(root, CLUSTER_AUTHKEY));
	g_free(cibdir);
}

static void
removal_never_touches_files_that_are_not_ours(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *key_path = g_strconcat(root, CLUSTER_AUTHKEY, NULL), *t;

	/* an operator's own authkey, never installed by hapair */
	g_file_set_contents(key_path, "theirs", -1, NULL);
	assert_int_equal(cluster_files_remove(root, err, sizeof(err)), 0);
	t = slurp(root, CLUSTER_AUTHKEY);
	assert_string_equal(t, "theirs");
	g_free(t);
	t = slurp(root, CLUSTER_COROSYNC_CONF);
	assert_string_equal(t, "# the package's single-node file\n");
	g_free(t);
	g_free(key_path);
}

static void
no_cib_means_the_cib_is_left_alone(void **state)
{
	const char *root = *state;
	struct cluster_files f = files;
	char err[256] = "";

	f.cib_xml = NULL;
	assert_int_equal(cluster_files_install(root, &f, err, sizeof(err)), 0);
	assert_null(slurp(root, CLUSTER_CIB_XML));
	f.corosync_conf = NULL;
	assert_int_equal(cluster_files_install(root, &f, err, sizeof(err)), -EINVAL);
}

static void
drbd_resource_and_pacemakers_cib_state_come_and_go_with_the_cluster(void **state)
{
	const char *root = *state;
	struct cluster_files f = files;
	char err[256] = "";
	gchar *dir = g_strconcat(root, "/etc/drbd.d", NULL);
	gchar *cibdir = g_strconcat(root, "/var/lib/pacemaker/cib", NULL);
	const char *pcmk_files[] = { "cib.xml.sig", "cib-3.raw", "cib-3.raw.sig", "cib.last" };
	gchar *other = g_strconcat(cibdir, "/notes.txt", NULL);

	g_mkdir_with_parents(dir, 0755);
	f.drbd_res = "resource r0 { }\n";
	assert_int_equal(cluster_files_install(root, &f, err, sizeof(err)), 0);
	assert_int_equal(mode_of(root, CLUSTER_DRBD_RES), 0600);
	/* Pacemaker ran and wrote its history beside our cib.xml */
	for (size_t i = 0; i < G_N_ELEMENTS(pcmk_files); i++) {
		gchar *p = g_build_filename(cibdir, pcmk_files[i], NULL);

		g_file_set_contents(p, "x", -1, NULL);
		g_free(p);
	}
	g_file_set_contents(other, "an operator's", -1, NULL);
	assert_int_equal(cluster_files_remove(root, err, sizeof(err)), 0);
	assert_null(slurp(root, CLUSTER_DRBD_RES));
	assert_null(slurp(root, CLUSTER_CIB_XML));
	for (size_t i = 0; i < G_N_ELEMENTS(pcmk_files); i++) {
		gchar *p = g_build_filename("/var/lib/pacemaker/cib", pcmk_files[i], NULL);

		assert_null(slurp(root, p));
		g_free(p);
	}
	assert_int_equal(access(other, F_OK), 0);
	g_free(other);
	g_free(cibdir);
	g_free(dir);
}

static void
pacemakers_files_stay_when_the_cib_was_not_ours(void **state)
{
	const char *root = *state;
	char err[256] = "";
	gchar *sig = g_strconcat(root, "/var/lib/pacemaker/cib/cib.xml.sig", NULL);

	g_file_set_contents(sig, "theirs", -1, NULL);
	assert_int_equal(cluster_files_remove(root, err, sizeof(err)), 0);
	assert_int_equal(access(sig, F_OK), 0);
	g_free(sig);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(install_writes_each_file_with_its_mode_and_keeps_the_original, setup, teardown),
		cmocka_unit_test_setup_teardown(drbd_resource_and_pacemakers_cib_state_come_and_go_with_the_cluster, setup, teardown),
		cmocka_unit_test_setup_teardown(pacemakers_files_stay_when_the_cib_was_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(a_second_install_does_not_take_our_file_for_the_original, setup, teardown),
		cmocka_unit_test_setup_teardown(remove_restores_the_node_as_it_was_and_can_be_repeated, setup, teardown),
		cmocka_unit_test_setup_teardown(a_failed_install_leaves_nothing_of_itself_behind, setup, teardown),
		cmocka_unit_test_setup_teardown(removal_never_touches_files_that_are_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(no_cib_means_the_cib_is_left_alone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
