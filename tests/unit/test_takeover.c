/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The takeover verdict: allowed on a healthy pair, towards the passive
 * node from either node; each refusal alone with its reason (not through
 * the failover IP, not clustered, another job, no Pacemaker, peer offline,
 * maintenance, nothing active, target in standby or still joining, data
 * not UpToDate with the sync's percent and time left). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "takeover.h"

static void
healthy(struct takeover_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->clustered = true;
	f->stack_up = true;
	f->local = "node1";
	f->peer = "node2";
	f->peer_online = true;
	f->active = "node1";
	f->has_data = true;
	f->target_disk = "UpToDate";
	f->sync_percent = -1;
	f->rate_kib_s = -1;
	f->out_of_sync_kib = -1;
	f->failover_ip = "10.98.0.10";
}

static int
check(const struct takeover_facts *f, char *to, char *why)
{
	return takeover_check(f, to, 64, why, 512);
}

static void
allowed_towards_the_passive_node_from_either_node(void **state)
{
	struct takeover_facts f;
	char to[64], why[512] = "";

	healthy(&f);
	assert_int_equal(check(&f, to, why), 0);
	assert_string_equal(to, "node2");
	f.active = "node2";                 /* asked on the passive node */
	assert_int_equal(check(&f, to, why), 0);
	assert_string_equal(to, "node1");
	f.via_failover_ip_required = true;
	f.via_failover_ip = true;
	f.has_data = false;
	f.target_disk = NULL;
	assert_int_equal(check(&f, to, why), 0);
	assert_string_equal(to, "node1");
}


static void set_not_via_ip(struct takeover_facts *f)
{ f->via_failover_ip_required = true; f->request_address = "10.98.0.11"; }
static void set_standalone(struct takeover_facts *f) { f->clustered = false; }
static void set_job(struct takeover_facts *f) { f->job_kind = "create"; f->job_id = 7; }
static void set_no_stack(struct takeover_facts *f) { f->stack_up = false; }
static void set_peer_offline(struct takeover_facts *f) { f->peer_online = false; }
static void set_maintenance(struct takeover_facts *f) { f->maintenance = true; }
static void set_nothing_active(struct takeover_facts *f) { f->active = ""; }
static void set_standby(struct takeover_facts *f) { f->target_standby = true; }
static void set_joining(struct takeover_facts *f) { f->target_pending = true; }
static void set_syncing(struct takeover_facts *f)
{
	f->target_disk = "Inconsistent";
	f->sync_percent = 42.04;
	f->rate_kib_s = 10240;
	f->out_of_sync_kib = 10240 * 185;   /* 3 min 5 s */
}
static void set_outdated(struct takeover_facts *f) { f->target_disk = "Outdated"; }

static const struct {
	void (*set)(struct takeover_facts *f);
	int rc;
	const char *why;
} cases[] = {
	{ set_not_via_ip, -EPERM, "a takeover is allowed only through the failover IP 10.98.0.10: "
	  "this request reached 10.98.0.11; open the failover IP's address" },
	{ set_standalone, -EPERM, "this node is not part of a cluster: create one first" },
	{ set_job, -EBUSY, "busy: job 7 (create) is running; try again when it has finished" },
	{ set_no_stack, -EPERM, "Pacemaker does not answer on node1: the cluster stack is not "
	  "running here" },
	{ set_peer_offline, -EPERM, "the peer node2 is offline: a takeover needs both nodes "
	  "online (if node2 is down for good, the service already runs here or moves here by "
	  "itself)" },
	{ set_maintenance, -EPERM, "the cluster is in maintenance mode, so Pacemaker moves "
	  "nothing: turn maintenance mode off first" },
	{ set_nothing_active, -EPERM, "the service runs on no node: there is no active node to "
	  "take over from; check the resources in the status" },
	{ set_standby, -EPERM, "node2 is in standby and may run nothing: take it out of standby "
	  "first" },
	{ set_joining, -EPERM, "node2 is still joining the cluster (Pacemaker has not finished "
	  "its join) and may run nothing yet: try again in a few seconds" },
	{ set_syncing, -EPERM, "node2's data is not UpToDate yet (Inconsistent): the sync is "
	  "42.0 % done, about 3 min left; take over when it has finished" },
	{ set_outdated, -EPERM, "node2's data is Outdated, not UpToDate, and no sync is running: "
	  "check the replication link (eth1) and the data volume on node2" },
};

static void
each_refusal_alone_says_why(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct takeover_facts f;
		char to[64] = "x", why[512] = "";

		healthy(&f);
		cases[i].set(&f);
		assert_int_equal(check(&f, to, why), cases[i].rc);
		assert_string_equal(why, cases[i].why);
		assert_string_equal(to, "");
	}
}

static void
time_left_in_words(void **state)
{
	char b[48];

	takeover_eta_text(0, b, sizeof(b));
	assert_string_equal(b, "about 1 s");
	takeover_eta_text(59, b, sizeof(b));
	assert_string_equal(b, "about 59 s");
	takeover_eta_text(89, b, sizeof(b));
	assert_string_equal(b, "about 1 min");
	takeover_eta_text(90, b, sizeof(b));
	assert_string_equal(b, "about 2 min");
	takeover_eta_text(7500, b, sizeof(b));
	assert_string_equal(b, "about 2 h 5 min");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(allowed_towards_the_passive_node_from_either_node),
		cmocka_unit_test(each_refusal_alone_says_why),
		cmocka_unit_test(time_left_in_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
