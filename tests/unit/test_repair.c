/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The split-brain repair verdict: who the victim is, and every refusal
 * with its reason and what to do. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "repair.h"

static const struct repair_facts ready = {
	.clustered = true, .stack_up = true, .local = "node1", .peer = "node2",
	.peer_online = true, .has_data = true, .split_brain = true, .survivor = "node2",
};

static void
expect(const struct repair_facts *f, int rc, const char *text)
{
	char victim[64] = "", why[512] = "";

	assert_int_equal(repair_check(f, victim, sizeof(victim), why, sizeof(why)), rc);
	if (rc == 0)
		assert_string_equal(victim, text);
	else
		assert_string_equal(why, text);
}

static void
the_victim_is_the_node_not_chosen(void **state)
{
	struct repair_facts f = ready;

	expect(&f, 0, "node1");
	f.survivor = "node1";
	expect(&f, 0, "node2");
}

static void
each_refusal_says_why_and_what_to_do(void **state)
{
	struct repair_facts f;

	f = ready; f.survivor = NULL;
	expect(&f, -EINVAL, "choose the survivor: --survivor node1 or --survivor node2 (see "
	    "the recommendation in hapairctl status)");
	f = ready; f.survivor = "node3";
	expect(&f, -EINVAL, "'node3' is not a node of this pair: the survivor is node1 or node2");
	f = ready; f.clustered = false;
	expect(&f, -EPERM, "node1 is not part of a cluster: there is no split brain to repair");
	f = ready; f.has_data = false;
	expect(&f, -EPERM, "this pair replicates no data volume ([data] device = none): there "
	    "is no split brain to repair");
	f = ready; f.job_kind = "takeover"; f.job_id = 7;
	expect(&f, -EBUSY, "job 7 (takeover) is running: wait for it to end");
	f = ready; f.split_brain = false;
	expect(&f, -EPERM, "DRBD reports no split brain: the data of node1 and node2 is not "
	    "split, nothing to repair");
	f = ready; f.stack_up = false;
	expect(&f, -EPERM, "Pacemaker does not answer on node1: start the cluster stack on it "
	    "(restart the node) first");
	f = ready; f.peer_online = false;
	expect(&f, -EPERM, "the peer node2 is offline: the repair resyncs one node from the "
	    "other, so both must be up; power node2 on first");
	f = ready; f.maintenance = true;
	expect(&f, -EPERM, "the cluster is in maintenance mode: the repair needs Pacemaker to "
	    "stop the victim's services; turn maintenance off first (hapairctl maintenance off)");
}

static void
the_fallback_names_dissolve_and_create_from_the_survivor(void **state)
{
	char buf[512];

	repair_fallback_text("node2", buf, sizeof(buf));
	assert_non_null(strstr(buf, "hapairctl dissolve --keep node2"));
	assert_non_null(strstr(buf, "create it again from node2"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_victim_is_the_node_not_chosen),
		cmocka_unit_test(each_refusal_says_why_and_what_to_do),
		cmocka_unit_test(the_fallback_names_dissolve_and_create_from_the_survivor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
