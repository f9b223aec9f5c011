/* cfg: hapair.conf, an INI-style file read once at start.
 *
 *   [node]       name = node1                (default: the host name)
 *                reboot_command = /sbin/reboot  poweroff_command = /sbin/poweroff
 *                (what Restart and Shut down node run; the lab's power the
 *                lab node off and on)
 *   [api]        address = 0.0.0.0           port = 443
 *                www_dir = /usr/share/hapair/www
 *   [paths]      state_dir = /var/lib/hapair  run_dir = /run/hapair
 *   [heartbeat]  interface = eth1            timeout = 600
 *                (ms without a heartbeat before the peer counts as lost:
 *                corosync's token; DRBD's ping timeout is half of it.
 *                Absent: HB_TOKEN_DEFAULT_MS.  Raise it for virtual
 *                machines on busy hosts, which miss a short one.)
 *   [data]       device = none | /dev/...     mount = /srv/hapair
 *                fstype = ext4                resync_rate = 40M
 *                (the most the initial sync and resyncs take of eth1, in
 *                KiB/s or with M for MiB/s; absent: DRBD_RESYNC_RATE_DEFAULT_KIB_S)
 *   [cluster]    stack = auto | systemd | direct
 *                fencing = none | lab
 *   [service NAME]  unit = postfix.service | command = /path args...
 *                port = 25   address = 127.0.0.1   directory = /path
 *                (an appliance service Pacemaker runs on the active node,
 *                through ocf:hapair:service; up to CFG_SERVICES_MAX)
 *   [peer]       address = ::                port = 7440
 *                (the peer channel: mutual TLS between the two hapaird)
 *
 * Parsing is pure (text in, struct out) so every error case is a unit test;
 * errors read "file:line: what is wrong". */
#ifndef HP_CFG_H
#define HP_CFG_H

#include <stddef.h>
#include <stdint.h>

/* Fixed, not under --prefix: an appliance's configuration and state live
 * where its operators and its backups expect them, however it was built. */
#define CFG_DEFAULT_PATH      "/etc/hapair/hapair.conf"
#define CFG_DEFAULT_STATE_DIR "/var/lib/hapair"
#define CFG_DEFAULT_RUN_DIR   "/run/hapair"
#define CFG_DEFAULT_WWW_DIR   DATADIR_HAPAIR "/www"
#define CFG_DEFAULT_API_ADDR  "0.0.0.0"
#define CFG_DEFAULT_API_PORT  443
#define CFG_DEFAULT_HB_IF     "eth1"
#define CFG_DEFAULT_MOUNT     "/srv/hapair"
#define CFG_DEFAULT_FSTYPE    "ext4"
#define CFG_DATA_DEVICE_NONE  "none"
#define CFG_DEFAULT_REBOOT    "/sbin/reboot"
#define CFG_DEFAULT_POWEROFF  "/sbin/poweroff"
/* "::" listens on every address, IPv4 and IPv6: eth1 may get its address
 * only when the cluster is created, after hapaird started. */
#define CFG_DEFAULT_PEER_ADDR "::"
#define CFG_DEFAULT_PEER_PORT 7440

#define CFG_VALUE_MAX 256

/* [cluster] stack: how hapaird starts corosync and Pacemaker (stack.h) */
enum cfg_stack {
	CFG_STACK_AUTO = 0,
	CFG_STACK_SYSTEMD,
	CFG_STACK_DIRECT,
};

/* [cluster] fencing: how Pacemaker fences a lost peer when the cluster is
 * created without BMC details (with them, fence_ipmilan is used). */
enum cfg_fencing {
	CFG_FENCING_NONE = 0,   /* DRBD resource-level fencing only */
	CFG_FENCING_LAB,        /* the test lab's fence agent (tests/lab/) */
};

#define CFG_SERVICES_MAX     16      /* FO_SERVICES_MAX */
#define CFG_SERVICE_NAME_MAX 32      /* FO_SERVICE_NAME_MAX */
#define CFG_COMMAND_MAX      1024

struct cfg_service {
	char name[CFG_SERVICE_NAME_MAX];
	char unit[CFG_VALUE_MAX];       /* "" or a systemd unit */
	char command[CFG_COMMAND_MAX];  /* "" or a command line */
	uint16_t port;                  /* 0: no port check */
	char address[64];               /* "" : the agent's default */
	char directory[CFG_VALUE_MAX];
	unsigned line;                  /* its [service] header, for errors */
};

struct cfg {
	char node_name[64];
	char reboot_command[CFG_COMMAND_MAX];
	char poweroff_command[CFG_COMMAND_MAX];
	char api_address[64];
	uint16_t api_port;
	char www_dir[CFG_VALUE_MAX];
	char state_dir[CFG_VALUE_MAX];
	char run_dir[CFG_VALUE_MAX];
	char hb_interface[16];          /* IFNAMSIZ */
	unsigned hb_timeout_ms;         /* 0: HB_TOKEN_DEFAULT_MS */
	char data_device[CFG_VALUE_MAX]; /* CFG_DATA_DEVICE_NONE: no replicated volume */
	char data_mount[CFG_VALUE_MAX];
	char data_fstype[32];
	unsigned data_resync_rate_kib_s; /* 0: drbd_res's default */
	char peer_address[64];          /* the peer channel's listen address */
	uint16_t peer_port;
	enum cfg_stack stack;           /* how corosync and pacemaker are started */
	enum cfg_fencing fencing;
	unsigned nservices;
	struct cfg_service services[CFG_SERVICES_MAX];
};

/* Fill with defaults; node_name from gethostname(). */
void cfg_defaults(struct cfg *cfg);

/* Parse TEXT (named FILENAME in errors) over the values already in CFG.
 * Returns 0, or -EINVAL with "FILENAME:LINE: what is wrong" in ERR. */
int cfg_parse_text(struct cfg *cfg, const char *text, const char *filename,
    char *err, size_t errlen);

/* cfg_defaults + read + parse.  -errno with ERR filled when unreadable. */
int cfg_load_file(struct cfg *cfg, const char *path, char *err, size_t errlen);

/* Paths derived from the config (socket, pidfile, database, tls dir). */
void cfg_socket_path(const struct cfg *cfg, char *buf, size_t len);
void cfg_pidfile_path(const struct cfg *cfg, char *buf, size_t len);
void cfg_db_path(const struct cfg *cfg, char *buf, size_t len);
void cfg_tls_dir(const struct cfg *cfg, char *buf, size_t len);

#endif
