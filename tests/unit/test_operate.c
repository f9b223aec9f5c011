/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The state verdicts on a node's restart, shutdown (job_power_verdict) and
 * standby (operate_standby_verdict), on snapshots of CIBs captured in the
 * lab (tests/fixtures/cib/): each refusal names what stands in the way,
 * offline, standby or a join still pending, and what to do about it. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "cluster_snap.h"
#include "fixture.h"
#include "job_power.h"
#include "operate.h"

/* node1 back from a restart, its join pending (node2 active) */
#define PENDING "pending-node1-joining.xml"
/* ... and its standby attribute on */
#define PENDING_STANDBY "pending-node1-joining.xml+standby"

/* The snapshot of fixture NAME (NULL: none read yet) as JUDGE reads it. */
static struct cluster_snap *
snap(const char *name, const char *judge)
{
	struct cluster_snap *s;
	gchar *xml;

	if (name == NULL)
		return NULL;
	s = g_new0(struct cluster_snap, 1);
	if (strcmp(name, PENDING_STANDBY) == 0)
		xml = test_fixture_edited("cib", PENDING, "<nvpair id=\"standby-1\" "
		    "name=\"standby\" value=\"off\"/>", "<nvpair id=\"standby-1\" "
		    "name=\"standby\" value=\"on\"/>");
	else
		xml = test_fixture("cib", name);
	assert_int_equal(fo_status_from_cib_xml(xml, judge, &s->cib), 0);
	g_free(xml);
	return s;
}

static const char *
other_of(const char *node)
{
	return strcmp(node, "node1") == 0 ? "node2" : "node1";
}

static const struct {
	const char *cib;
	const char *judge, *node;       /* who asks, which node goes */
	bool reboot, force;
	int rc;
	const char *why;
} power[] = {
	{ "nodata-both-online.xml", "node1", "node1", true, false, 0, "" },
	{ "nodata-both-online.xml", "node2", "node1", true, false, 0, "" },
	{ "nodata-node2-down.xml", "node1", "node1", true, false, -EPERM,
	  "node1 is the last node holding the service (node2 is offline): to restart it would "
	  "stop the service; bring node2 back first, or force it" },
	{ "nodata-node2-down.xml", "node1", "node1", true, true, 0, "" },
	{ "nodata-node2-down.xml", "node1", "node2", false, true, -EPERM,
	  "node2 is offline: it cannot be asked to shut down; use its power button or BMC" },
	{ "standby.xml", "node2", "node2", false, false, -EPERM,
	  "node2 is the last node holding the service (node1 is in standby): to shut down it "
	  "would stop the service; take node1 out of standby first, or force it" },
	/* the flake this pins: node2 restarted right after node1 came back */
	{ PENDING, "node2", "node2", true, false, -EPERM,
	  "node2 is the last node holding the service: node1 is still joining the cluster "
	  "(Pacemaker has not finished its join) and cannot take it yet; try again in a few "
	  "seconds, or force it" },
	{ PENDING, "node2", "node2", true, true, 0, "" },
	{ PENDING, "node2", "node1", true, false, 0, "" },     /* the passive joining node */
	{ PENDING_STANDBY, "node2", "node2", true, false, -EPERM,
	  "node2 is the last node holding the service (node1 is in standby): to restart it "
	  "would stop the service; take node1 out of standby first, or force it" },
	{ NULL, "node1", "node1", true, false, 0, "" },
	{ NULL, "node1", "node2", true, false, -EPERM,
	  "node2 is offline: it cannot be asked to restart; use its power button or BMC" },
};

static void
power_refusals_name_offline_standby_or_joining(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(power); i++) {
		struct cluster_snap *s = snap(power[i].cib, power[i].judge);
		char why[512] = "";

		printf("# %s: %s asks %s to go\n", power[i].cib ? power[i].cib : "no snapshot",
		    power[i].judge, power[i].node);
		assert_int_equal(job_power_verdict(s, power[i].node,
		    strcmp(power[i].node, power[i].judge) != 0, other_of(power[i].node),
		    power[i].reboot, power[i].force, why, sizeof(why)), power[i].rc);
		assert_string_equal(why, power[i].why);
		g_free(s);
	}
}

static const struct {
	const char *cib;
	const char *node;               /* into standby */
	int rc;
	const char *why;
} standby[] = {
	{ "nodata-both-online.xml", "node1", 0, "" },
	{ "nodata-node2-down.xml", "node1", -EPERM, "node2 is offline or in standby: with node1 "
	  "in standby too the service would stop; bring node2 back first, or force it" },
	{ "standby.xml", "node2", -EPERM, "node1 is offline or in standby: with node2 in standby "
	  "too the service would stop; bring node1 back first, or force it" },
	{ PENDING, "node2", -EPERM, "node1 is still joining the cluster (Pacemaker has not "
	  "finished its join): with node2 in standby the service would stop until it has; try "
	  "again in a few seconds, or force it" },
	{ PENDING, "node1", 0, "" },
	{ NULL, "node1", -EPERM, "node2 is offline or in standby: with node1 in standby too the "
	  "service would stop; bring node2 back first, or force it" },
};

static void
standby_refusals_name_offline_standby_or_joining(void **state)
{
	for (size_t i = 0; i < G_N_ELEMENTS(standby); i++) {
		struct cluster_snap *s = snap(standby[i].cib, "node1");
		char why[512] = "";

		printf("# %s: %s into standby\n", standby[i].cib ? standby[i].cib : "no snapshot",
		    standby[i].node);
		assert_int_equal(operate_standby_verdict(s, standby[i].node,
		    other_of(standby[i].node), why, sizeof(why)), standby[i].rc);
		assert_string_equal(why, standby[i].why);
		g_free(s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(power_refusals_name_offline_standby_or_joining),
		cmocka_unit_test(standby_refusals_name_offline_standby_or_joining),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
