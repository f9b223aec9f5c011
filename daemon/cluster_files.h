/* cluster_files: put the cluster's configuration on this node, and take it
 * away again, for the create job and its rollback (and dissolve).
 *
 *   /etc/corosync/corosync.conf       0644
 *   /etc/corosync/authkey             0400  (corosync refuses a looser key)
 *   /var/lib/pacemaker/cib/cib.xml    0600 hacluster:haclient, only when the
 *                                     CIB is seeded offline (before first start)
 *   /etc/drbd.d/hapair.res            0600  (it holds DRBD's shared secret), only
 *                                     with a data volume
 *
 * A file that was there before (the package's single-node corosync.conf) is
 * kept beside it as NAME.hapair-orig and put back by removal, so a rolled
 * back create leaves the node exactly as it was; NAME.hapair-installed
 * marks the files that are ours, and removal touches no other.  Each file is written to a
 * temporary name, fsynced and renamed: a crash leaves the old or the new
 * file, never half of one.  ROOT prefixes every path (tests use a temporary
 * directory; hapaird passes ""). */
#ifndef HP_CLUSTER_FILES_H
#define HP_CLUSTER_FILES_H

#include <stddef.h>

#define CLUSTER_COROSYNC_CONF "/etc/corosync/corosync.conf"
#define CLUSTER_AUTHKEY       "/etc/corosync/authkey"
#define CLUSTER_CIB_XML       "/var/lib/pacemaker/cib/cib.xml"
#define CLUSTER_DRBD_RES      "/etc/drbd.d/hapair.res"
#define CLUSTER_ORIG_SUFFIX   ".hapair-orig"
#define CLUSTER_MARK_SUFFIX   ".hapair-installed"

struct cluster_files {
	const char *corosync_conf;
	const unsigned char *authkey;
	size_t authkey_len;
	const char *cib_xml;          /* NULL: leave the CIB alone */
	const char *drbd_res;         /* NULL: no data volume */
};

/* 0, or -errno with what failed in ERR; on failure the files already
 * written are removed again (originals restored). */
int cluster_files_install(const char *root, const struct cluster_files *f,
    char *err, size_t errlen);
/* Remove what install wrote and restore the originals.  Idempotent.  When
 * the CIB was ours, what Pacemaker wrote beside it while the cluster ran
 * (cib.xml.sig, cib-N.raw, cib.last) goes too: it describes a cluster that
 * no longer exists, and a stale signature would make the next seeded
 * cib.xml look tampered with. */
int cluster_files_remove(const char *root, char *err, size_t errlen);

#endif
