/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cluster_files: install and remove the cluster's files (see the header).
 * Library code: returns errors, never logs. */
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <grp.h>
#include <stdbool.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cluster_files.h"

#define CLUSTER_PCMK_USER  "hacluster"
#define CLUSTER_PCMK_GROUP "haclient"

struct cluster_file_spec {
	const char *path;
	mode_t mode;
	bool pacemaker_owned;
};

static const struct cluster_file_spec cluster_specs[] = {
	{ CLUSTER_COROSYNC_CONF, 0644, false },
	{ CLUSTER_AUTHKEY, 0400, false },
	{ CLUSTER_CIB_XML, 0600, true },
	{ CLUSTER_DRBD_RES, 0600, false },
};

static gchar *
cluster_path(const char *root, const char *path, const char *suffix)
{
	return g_strconcat(root, path, suffix, NULL);
}

/* Write DATA to PATH atomically with MODE (and hacluster ownership). */
static int
cluster_write(const char *path, const void *data, size_t len, mode_t mode,
    bool pacemaker_owned)
{
	gchar *tmp = g_strconcat(path, ".hapair-new", NULL);
	int fd, rc = 0;
	size_t off = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		rc = -errno;
		goto out;
	}
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			break;
		}
		off += (size_t)n;
	}
	if (rc == 0 && fchmod(fd, mode) != 0)
		rc = -errno;
	if (rc == 0 && pacemaker_owned && geteuid() == 0) {
		struct passwd *pw = getpwnam(CLUSTER_PCMK_USER);
		struct group *gr = getgrnam(CLUSTER_PCMK_GROUP);

		if (pw == NULL || gr == NULL)
			rc = -ENOENT;   /* pacemaker is not installed */
		else if (fchown(fd, pw->pw_uid, gr->gr_gid) != 0)
			rc = -errno;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
out:
	g_free(tmp);
	return rc;
}

/* PATH.hapair-installed marks a file as ours: only then does removal touch
 * it, and only the first install saves what was there as the original (a
 * resumed job installing again must not save our own file as "original",
 * and a second removal must not delete the restored original). */
static gchar *
cluster_marker(const char *path)
{
	return g_strconcat(path, CLUSTER_MARK_SUFFIX, NULL);
}

static int
cluster_keep_original(const char *path)
{
	gchar *orig = g_strconcat(path, CLUSTER_ORIG_SUFFIX, NULL);
	gchar *mark = cluster_marker(path);
	int rc = 0, fd;

	if (access(mark, F_OK) != 0) {
		if (access(path, F_OK) == 0 && rename(path, orig) != 0)
			rc = -errno;
		if (rc == 0) {
			fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
			if (fd < 0)
				rc = -errno;
			else
				close(fd);
		}
	}
	g_free(mark);
	g_free(orig);
	return rc;
}

static int
cluster_restore(const char *path)
{
	gchar *orig = g_strconcat(path, CLUSTER_ORIG_SUFFIX, NULL);
	gchar *mark = cluster_marker(path);
	int rc = 0;

	if (access(mark, F_OK) != 0)
		goto out;               /* not ours */
	if (access(orig, F_OK) == 0) {
		if (rename(orig, path) != 0)
			rc = -errno;
	} else if (unlink(path) != 0 && errno != ENOENT) {
		rc = -errno;
	}
	if (rc == 0)
		unlink(mark);
out:
	g_free(mark);
	g_free(orig);
	return rc;
}

/* Pacemaker's own files beside an installed cib.xml (see the header). */
static int
cluster_remove_cib_state(const char *cib_xml)
{
	g_autofree gchar *dir = g_path_get_dirname(cib_xml);
	GDir *dh = g_dir_open(dir, 0, NULL);
	const char *name;
	int first = 0;

	if (dh == NULL)
		return 0;
	while ((name = g_dir_read_name(dh)) != NULL) {
		g_autofree gchar *path = NULL;

		if (strcmp(name, "cib.xml.sig") != 0 && strcmp(name, "cib.last") != 0 &&
		    !(g_str_has_prefix(name, "cib-") && strstr(name, ".raw") != NULL))
			continue;
		path = g_build_filename(dir, name, NULL);
		if (unlink(path) != 0 && errno != ENOENT && first == 0)
			first = -errno;
	}
	g_dir_close(dh);
	return first;
}

int
cluster_files_remove(const char *root, char *err, size_t errlen)
{
	int first = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(cluster_specs); i++) {
		gchar *path = cluster_path(root, cluster_specs[i].path, "");
		g_autofree gchar *mark = cluster_marker(path);
		int rc = 0;

		if (cluster_specs[i].pacemaker_owned && access(mark, F_OK) == 0)
			rc = cluster_remove_cib_state(path);
		if (rc == 0)
			rc = cluster_restore(path);

		if (rc != 0 && first == 0) {
			first = rc;
			snprintf(err, errlen, "cannot remove or restore %s: %s", path, g_strerror(-rc));
		}
		g_free(path);
	}
	return first;
}

int
cluster_files_install(const char *root, const struct cluster_files *f, char *err,
    size_t errlen)
{
	const void *data[] = { f->corosync_conf, f->authkey, f->cib_xml, f->drbd_res };
	size_t len[] = {
		f->corosync_conf ? strlen(f->corosync_conf) : 0, f->authkey_len,
		f->cib_xml ? strlen(f->cib_xml) : 0, f->drbd_res ? strlen(f->drbd_res) : 0,
	};
	char ignored[256];

	if (f->corosync_conf == NULL || f->authkey == NULL || f->authkey_len == 0) {
		snprintf(err, errlen, "corosync.conf and an authkey are required");
		return -EINVAL;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(cluster_specs); i++) {
		gchar *path;
		int rc;

		if (data[i] == NULL)
			continue;
		path = cluster_path(root, cluster_specs[i].path, "");
		rc = cluster_keep_original(path);
		if (rc == 0)
			rc = cluster_write(path, data[i], len[i], cluster_specs[i].mode,
			    cluster_specs[i].pacemaker_owned);
		if (rc != 0) {
			snprintf(err, errlen, "cannot write %s: %s%s", path, g_strerror(-rc),
			    rc == -ENOENT && cluster_specs[i].pacemaker_owned ?
			    " (is pacemaker installed? its user hacluster is missing)" : "");
			g_free(path);
			cluster_files_remove(root, ignored, sizeof(ignored));
			return rc;
		}
		g_free(path);
	}
	return 0;
}
