/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hapair.conf parsing: every accepted form and every error, with its line. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib.h>

#include "cfg.h"
#include "stack.h"

static int
parse(struct cfg *cfg, const char *text, char *err, size_t len)
{
	cfg_defaults(cfg);
	return cfg_parse_text(cfg, text, "hapair.conf", err, len);
}

static void
defaults_apply_when_the_file_is_empty(void **state)
{
	struct cfg cfg;
	char err[256] = "";

	assert_int_equal(parse(&cfg, "", err, sizeof(err)), 0);
	assert_int_equal(cfg.api_port, CFG_DEFAULT_API_PORT);
	assert_string_equal(cfg.state_dir, "/var/lib/hapair");
	assert_string_equal(cfg.run_dir, "/run/hapair");
	assert_string_equal(cfg.hb_interface, "eth1");
	assert_int_equal(cfg.hb_timeout_ms, 0);     /* corosync conf's default */
	assert_string_equal(cfg.data_device, "none");
	assert_int_equal(cfg.stack, CFG_STACK_AUTO);
	assert_true(strlen(cfg.node_name) > 0);
}

static void
every_key_is_read(void **state)
{
	struct cfg cfg;
	char err[256] = "";
	const char *text =
	    "# a comment\n"
	    "[node]\n name = node1 \nreboot_command = /usr/sbin/lab-power reboot node1\n"
	    "poweroff_command = /usr/sbin/lab-power off node1\n"
	    "[api]\naddress = 10.98.0.11\nport = 8443   # trailing comment\n"
	    "www_dir = /srv/www\n"
	    "[ paths ]\nstate_dir = /tmp/s\nrun_dir = /tmp/r\n"
	    "; another comment\n"
	    "[heartbeat]\ninterface = eth9\ntimeout = 4000\n"
	    "[data]\ndevice = /dev/ubda\nmount = /srv/data\nfstype = xfs\nresync_rate = 8M\n"
	    "[cluster]\nstack = direct\n";

	assert_int_equal(parse(&cfg, text, err, sizeof(err)), 0);
	assert_string_equal(cfg.node_name, "node1");
	assert_string_equal(cfg.reboot_command, "/usr/sbin/lab-power reboot node1");
	assert_string_equal(cfg.poweroff_command, "/usr/sbin/lab-power off node1");
	assert_string_equal(cfg.api_address, "10.98.0.11");
	assert_int_equal(cfg.api_port, 8443);
	assert_string_equal(cfg.www_dir, "/srv/www");
	assert_string_equal(cfg.state_dir, "/tmp/s");
	assert_string_equal(cfg.run_dir, "/tmp/r");
	assert_string_equal(cfg.hb_interface, "eth9");
	assert_int_equal(cfg.hb_timeout_ms, 4000);
	assert_string_equal(cfg.data_device, "/dev/ubda");
	assert_string_equal(cfg.data_mount, "/srv/data");
	assert_string_equal(cfg.data_fstype, "xfs");
	assert_int_equal(cfg.data_resync_rate_kib_s, 8 * 1024);
	assert_int_equal(cfg.stack, CFG_STACK_DIRECT);
}

static void
services_and_fencing_are_read_in_order(void **state)
{
	struct cfg cfg;
	char err[512] = "";
	const char *text =
	    "[cluster]\nfencing = lab\n"
	    "[service smtp]\nunit = postfix.service\nport = 25\n"
	    "[service mailsink]\ncommand = /usr/bin/mailsink --listen 0.0.0.0:2525 --spool /srv/s\n"
	    "port = 2525\naddress = 10.98.0.10\ndirectory = /srv\n"
	    "[data]\ndevice = /dev/ubda\n";

	assert_int_equal(parse(&cfg, "", err, sizeof(err)), 0);
	assert_int_equal(cfg.fencing, CFG_FENCING_NONE);
	assert_int_equal(cfg.nservices, 0);
	assert_int_equal(parse(&cfg, text, err, sizeof(err)), 0);
	assert_int_equal(cfg.fencing, CFG_FENCING_LAB);
	assert_int_equal(cfg.nservices, 2);
	assert_string_equal(cfg.services[0].name, "smtp");
	assert_string_equal(cfg.services[0].unit, "postfix.service");
	assert_string_equal(cfg.services[0].command, "");
	assert_int_equal(cfg.services[0].port, 25);
	assert_string_equal(cfg.services[1].name, "mailsink");
	assert_string_equal(cfg.services[1].command, "/usr/bin/mailsink --listen 0.0.0.0:2525 --spool /srv/s");
	assert_int_equal(cfg.services[1].port, 2525);
	assert_string_equal(cfg.services[1].address, "10.98.0.10");
	assert_string_equal(cfg.services[1].directory, "/srv");
	/* a section after a service is a normal section again */
	assert_string_equal(cfg.data_device, "/dev/ubda");
}

static void
at_most_sixteen_services(void **state)
{
	struct cfg cfg;
	char err[512] = "";
	GString *text = g_string_new("");

	for (int i = 0; i < CFG_SERVICES_MAX; i++)
		g_string_append_printf(text, "[service s%d]\nunit = s%d.service\n", i, i);
	assert_int_equal(parse(&cfg, text->str, err, sizeof(err)), 0);
	assert_int_equal(cfg.nservices, CFG_SERVICES_MAX);
	g_string_append(text, "[service one-more]\n");
	assert_int_equal(parse(&cfg, text->str, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "hapair.conf:33: [service one-more]: too many services (at most 16)");
	g_string_free(text, TRUE);
}

static void
ipv6_listen_address_is_accepted(void **state)
{
	struct cfg cfg;
	char err[256] = "";

	assert_int_equal(parse(&cfg, "[api]\naddress = ::\n", err, sizeof(err)), 0);
	assert_string_equal(cfg.api_address, "::");
}

static void
the_peer_channel_listens_on_every_address_port_7440_unless_configured(void **state)
{
	struct cfg cfg;
	char err[256] = "";

	assert_int_equal(parse(&cfg, "", err, sizeof(err)), 0);
	assert_string_equal(cfg.peer_address, "::");
	assert_int_equal(cfg.peer_port, 7440);
	assert_int_equal(parse(&cfg, "[peer]\naddress = 192.168.250.1\nport = 7441\n",
	    err, sizeof(err)), 0);
	assert_string_equal(cfg.peer_address, "192.168.250.1");
	assert_int_equal(cfg.peer_port, 7441);
	assert_int_equal(parse(&cfg, "[peer]\nport = 0\n", err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "hapair.conf:2: port must be a port number from 1 to 65535, not '0'");
	assert_int_equal(parse(&cfg, "[peer]\naddress = eth1\n", err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "must be an IPv4 or IPv6 address"));
}

/* Each bad file must fail with exactly this message. */
static const struct {
	const char *text;
	const char *error;
} bad_files[] = {
	{ "port = 1\n", "hapair.conf:1: 'port' is outside any section: put it under one of node, api, paths, heartbeat, data, peer, cluster, service NAME" },
	{ "[api]\nport = 0\n", "hapair.conf:2: port must be a port number from 1 to 65535, not '0'" },
	{ "[api]\nport = 65536\n", "hapair.conf:2: port must be a port number from 1 to 65535, not '65536'" },
	{ "[api]\nport = 44x\n", "hapair.conf:2: port must be a port number from 1 to 65535, not '44x'" },
	{ "[api]\nport = -1\n", "hapair.conf:2: port must be a port number from 1 to 65535, not '-1'" },
	{ "\n\n[apix]\n", "hapair.conf:3: unknown section [apix]: the sections are node, api, paths, heartbeat, data, peer, cluster, service NAME" },
	{ "[api\n", "hapair.conf:1: a section header must look like [name]" },
	{ "[api] x\n", "hapair.conf:1: a section header must look like [name]" },
	{ "[api]\nlisten = 1.2.3.4\n", "hapair.conf:2: unknown key 'listen' in [api]" },
	{ "[api]\naddress = localhost\n", "hapair.conf:2: address must be an IPv4 or IPv6 address such as 0.0.0.0 or ::, not 'localhost'" },
	{ "[api]\njust words\n", "hapair.conf:2: expected 'key = value' or '[section]', found 'just words'" },
	{ "[paths]\nstate_dir = var/lib\n", "hapair.conf:2: state_dir must be an absolute path, not 'var/lib'" },
	{ "[data]\ndevice = sdb\n", "hapair.conf:2: device must be an absolute device path or 'none', not 'sdb'" },
	{ "[cluster]\nstack = runit\n", "hapair.conf:2: stack must be auto, systemd or direct, not 'runit'" },
	{ "[heartbeat]\ntimeout = 299\n", "hapair.conf:2: timeout must be a time in milliseconds from 300 to 10000 (such as 3000), not '299'" },
	{ "[heartbeat]\ntimeout = 10001\n", "hapair.conf:2: timeout must be a time in milliseconds from 300 to 10000 (such as 3000), not '10001'" },
	{ "[heartbeat]\ntimeout = 3s\n", "hapair.conf:2: timeout must be a time in milliseconds from 300 to 10000 (such as 3000), not '3s'" },
	{ "[data]\nresync_rate = 0\n", "hapair.conf:2: resync_rate must be a rate in KiB/s from 1 to 4194304, or with M for MiB/s (such as 40M), not '0'" },
	{ "[data]\nresync_rate = 5G\n", "hapair.conf:2: resync_rate must be a rate in KiB/s from 1 to 4194304, or with M for MiB/s (such as 40M), not '5G'" },
	{ "[data]\nresync_rate = 4097M\n", "hapair.conf:2: resync_rate must be a rate in KiB/s from 1 to 4194304, or with M for MiB/s (such as 40M), not '4097M'" },
	{ "[data]\nresync_rate = -1\n", "hapair.conf:2: resync_rate must be a rate in KiB/s from 1 to 4194304, or with M for MiB/s (such as 40M), not '-1'" },
	{ "[data]\nfstype = btrfs\n", "hapair.conf:2: fstype must be ext4 or xfs, not 'btrfs'" },
	{ "[node]\nname = node 1\n", "hapair.conf:2: name may contain only letters, digits, '-', '.' and '_', not 'node 1'" },
	{ "[node]\nname =\n", "hapair.conf:2: name must not be empty, not ''" },
	{ "[heartbeat]\ninterface = a-very-long-interface-name\n", "hapair.conf:2: interface must be a network interface name of 1 to 15 characters, not 'a-very-long-interface-name'" },
	{ "[api]\nport = 443\n\n[api]\nport = 8443\n", "hapair.conf:5: 'port' in [api] is already set on line 2" },
	{ "[cluster]\nfencing = ipmi\n", "hapair.conf:2: fencing must be none or lab (IPMI fencing is set up from the BMC details given at creation), not 'ipmi'" },
	{ "[service]\n", "hapair.conf:1: [service]: name the service: [service NAME]" },
	{ "[service a b]\n", "hapair.conf:1: [service a b]: a service name has at most 31 letters, digits, '-', '.' and '_'" },
	{ "[service x]\nunit = a.service\n[service x]\n", "hapair.conf:3: [service x]: this service is already defined" },
	{ "[service x]\nuser = mail\n", "hapair.conf:2: unknown key 'user' in [service x]: the keys are unit, command, port, address, directory" },
	{ "[service x]\nport = 25\nport = 26\n", "hapair.conf:3: 'port' in [service x] is already set on line 2" },
	{ "[service x]\ncommand = mailsink --port 25\n", "hapair.conf:2: command must start with the absolute path of the program, not 'mailsink --port 25'" },
	{ "[service x]\nunit = post fix\n", "hapair.conf:2: unit must be a systemd unit name such as postfix.service, not 'post fix'" },
	{ "\n[service x]\nport = 25\n", "hapair.conf:2: [service x] needs exactly one of 'unit' (a systemd unit) or 'command' (a program)" },
	{ "[service x]\nunit = a.service\ncommand = /bin/true\n", "hapair.conf:1: [service x] needs exactly one of 'unit' (a systemd unit) or 'command' (a program)" },
};

static void
each_bad_file_is_refused_with_file_line_and_reason(void **state)
{
	for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		struct cfg cfg;
		char err[512] = "";

		assert_int_equal(parse(&cfg, bad_files[i].text, err, sizeof(err)), -EINVAL);
		assert_string_equal(err, bad_files[i].error);
	}
}

static void
load_file_reports_a_missing_file_as_enoent(void **state)
{
	struct cfg cfg;
	char err[512] = "";

	assert_int_equal(cfg_load_file(&cfg, "/nonexistent/hapair.conf", err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/hapair.conf: cannot read"));
}

static void
load_file_names_the_real_path_in_errors(void **state)
{
	char path[] = "/tmp/hapair-cfg-XXXXXX";
	int fd = mkstemp(path);
	struct cfg cfg;
	char err[512] = "", want[600];

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "[api]\n\nport = none\n", 19), 19);
	close(fd);
	assert_int_equal(cfg_load_file(&cfg, path, err, sizeof(err)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: port must be a port number from 1 to 65535, not 'none'", path);
	assert_string_equal(err, want);
	unlink(path);
}

static void
derived_paths_follow_the_configured_directories(void **state)
{
	struct cfg cfg;
	char err[256], buf[512];

	assert_int_equal(parse(&cfg, "[paths]\nstate_dir = /s\nrun_dir = /r\n", err, sizeof(err)), 0);
	cfg_socket_path(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "/r/hapaird.sock");
	cfg_pidfile_path(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "/r/hapaird.pid");
	cfg_db_path(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "/s/hapair.db");
	cfg_tls_dir(&cfg, buf, sizeof(buf));
	assert_string_equal(buf, "/s/tls");
}

static void
stack_auto_means_systemd_only_where_systemd_runs(void **state)
{
	assert_int_equal(stack_manager(CFG_STACK_AUTO, true), CFG_STACK_SYSTEMD);
	assert_int_equal(stack_manager(CFG_STACK_AUTO, false), CFG_STACK_DIRECT);
	assert_int_equal(stack_manager(CFG_STACK_DIRECT, true), CFG_STACK_DIRECT);
	assert_int_equal(stack_manager(CFG_STACK_SYSTEMD, false), CFG_STACK_SYSTEMD);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_apply_when_the_file_is_empty),
		cmocka_unit_test(every_key_is_read),
		cmocka_unit_test(services_and_fencing_are_read_in_order),
		cmocka_unit_test(at_most_sixteen_services),
		cmocka_unit_test(ipv6_listen_address_is_accepted),
		cmocka_unit_test(the_peer_channel_listens_on_every_address_port_7440_unless_configured),
		cmocka_unit_test(each_bad_file_is_refused_with_file_line_and_reason),
		cmocka_unit_test(load_file_reports_a_missing_file_as_enoent),
		cmocka_unit_test(load_file_names_the_real_path_in_errors),
		cmocka_unit_test(derived_paths_follow_the_configured_directories),
		cmocka_unit_test(stack_auto_means_systemd_only_where_systemd_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
