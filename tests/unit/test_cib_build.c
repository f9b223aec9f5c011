/* SPDX-License-Identifier: GPL-2.0-or-later */
/* CIB generation: golden files for the three shapes, the structure that
 * failover depends on (order, colocation, fencing placement), and every
 * input it refuses.  Structure is checked with XPath on the parsed output,
 * so a reordering that keeps the meaning still fails only the golden test. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "fo_cib_build.h"
#include "gen_fixtures.h"
#include "golden.h"

static const struct fo_cib_service services[] = {
	{ .name = "postfix", .unit = "postfix.service", .port = 25 },
	{ .name = "sink", .command = "/usr/bin/sink --port 2525", .port = 2525 },
};

static const struct fo_cib_data data = {
	.drbd_resource = "r0", .drbd_minor = 0, .mount = "/srv/hapair", .fstype = "ext4",
};

static const struct fo_cib_params base = {
	.nodes = { "node1", "node2" },
	.ip = "10.0.0.10",
	.prefix_len = 24,
	.data = &data,
	.services = services,
	.nservices = 2,
	.fence = FO_FENCE_IPMI,
	.bmc = {
		{ "10.0.1.1", "admin", "pw1", true, "3" },
		{ "10.0.1.2", "admin", "pw2", false },
	},
	.lan = { "10.0.0.11", "10.0.0.12" },
};

static void
check_golden(const char *name)
{
	const struct gen_shape *s = gen_shape_find(name);
	GString *out = g_string_new("");
	char err[256] = "";

	assert_non_null(s);
	assert_int_equal(gen_render(s, out, err, sizeof(err)), 0);
	golden_check(name, out->str);
	g_string_free(out, TRUE);
}

static void
no_data_no_fencing_matches_golden(void **state)
{
	check_golden("cib-nodata-nofence.xml");
}

static void
drbd_with_lab_fencing_matches_golden(void **state)
{
	check_golden("cib-drbd-lab.xml");
}

static void
drbd_with_ipmi_fencing_matches_golden(void **state)
{
	check_golden("cib-drbd-ipmi.xml");
}

static xmlDocPtr
build(const struct fo_cib_params *p)
{
	GString *out = g_string_new("");
	char err[256] = "";
	xmlDocPtr doc;

	assert_int_equal(fo_cib_build(p, out, err, sizeof(err)), 0);
	doc = xmlReadMemory(out->str, (int)out->len, "cib", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	g_string_free(out, TRUE);
	return doc;
}

/* The string value of XPath EXPR, e.g. "string(//group/@id)". */
static char *
xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *s;

	assert_non_null(o);
	s = (char *)xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void
assert_xp(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp(doc, expr);

	if (strcmp(got, want) != 0) {
		test_diag("%s is '%s', expected '%s'", expr, got, want);
		xmlFree(got);
		fail();
	}
	xmlFree(got);
}

static void
cluster_options_and_stickiness_are_set(void **state)
{
	xmlDocPtr doc = build(&base);
	const char *set = "/configuration/crm_config/cluster_property_set[@id='cib-bootstrap-options']";
	char expr[256];

	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='no-quorum-policy']/@value)", set);
	assert_xp(doc, expr, "stop");
	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='dc-deadtime']/@value)", set);
	assert_xp(doc, expr, "2s");
	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='transition-delay']/@value)", set);
	assert_xp(doc, expr, "50ms");
	/* no throttling on the load average: a busy node fails over at speed */
	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='load-threshold']/@value)", set);
	assert_xp(doc, expr, "0%");
	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='cluster-recheck-interval']/@value)", set);
	assert_xp(doc, expr, "5min");
	snprintf(expr, sizeof(expr), "string(%s/nvpair[@name='stonith-enabled']/@value)", set);
	assert_xp(doc, expr, "true");
	assert_xp(doc, "string(/configuration/rsc_defaults/meta_attributes[@id='rsc-options']"
	    "/nvpair[@name='resource-stickiness']/@value)", "100");
	assert_xp(doc, "count(/configuration/nodes)", "1");
	xmlFreeDoc(doc);
}

static void
drbd_shape_mounts_then_ip_then_services_on_the_promoted_node(void **state)
{
	xmlDocPtr doc = build(&base);

	assert_xp(doc, "string(//group[@id='g_service']/primitive[1]/@id)", "fs_data");
	assert_xp(doc, "string(//group[@id='g_service']/primitive[2]/@id)", "failover_ip");
	assert_xp(doc, "string(//group[@id='g_service']/primitive[3]/@id)", "svc_postfix");
	assert_xp(doc, "string(//group[@id='g_service']/primitive[4]/@id)", "svc_sink");
	assert_xp(doc, "string(//primitive[@id='fs_data']//nvpair[@name='device']/@value)", "/dev/drbd0");
	assert_xp(doc, "string(//rsc_colocation[@rsc='g_service']/@with-rsc)", "drbd_data-clone");
	assert_xp(doc, "string(//rsc_colocation[@rsc='g_service']/@with-rsc-role)", "Promoted");
	assert_xp(doc, "string(//rsc_colocation[@rsc='g_service']/@score)", "INFINITY");
	assert_xp(doc, "string(//rsc_order[@then='g_service']/@first)", "drbd_data-clone");
	assert_xp(doc, "string(//rsc_order[@then='g_service']/@first-action)", "promote");
	assert_xp(doc, "string(//rsc_order[@then='g_service']/@then-action)", "start");
	xmlFreeDoc(doc);
}

static void
drbd_clone_is_promotable_with_one_primary_and_notifications(void **state)
{
	xmlDocPtr doc = build(&base);
	static const char *const meta[][2] = {
		{ "promotable", "true" }, { "promoted-max", "1" }, { "promoted-node-max", "1" },
		{ "clone-max", "2" }, { "clone-node-max", "1" }, { "notify", "true" },
	};

	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		char expr[256];

		snprintf(expr, sizeof(expr), "string(//clone[@id='drbd_data-clone']/meta_attributes"
		    "/nvpair[@name='%s']/@value)", meta[i][0]);
		assert_xp(doc, expr, meta[i][1]);
	}
	assert_xp(doc, "string(//clone/primitive[@id='drbd_data']/@provider)", "linbit");
	assert_xp(doc, "string(//primitive[@id='drbd_data']//nvpair[@name='drbd_resource']/@value)", "r0");
	/* Two monitors, one per role, at different intervals. */
	assert_xp(doc, "string(//primitive[@id='drbd_data']//op[@name='monitor' and @role='Promoted']/@interval)", "29s");
	assert_xp(doc, "string(//primitive[@id='drbd_data']//op[@name='monitor' and @role='Unpromoted']/@interval)", "31s");
	xmlFreeDoc(doc);
}

static void
no_data_shape_has_ip_then_services_and_no_drbd(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	p.data = NULL;
	doc = build(&p);
	assert_xp(doc, "string(//group[@id='g_service']/primitive[1]/@id)", "failover_ip");
	assert_xp(doc, "string(//group[@id='g_service']/primitive[2]/@id)", "svc_postfix");
	assert_xp(doc, "count(//clone)", "0");
	assert_xp(doc, "count(//primitive[@type='Filesystem'])", "0");
	assert_xp(doc, "count(//rsc_colocation | //rsc_order)", "0");
	xmlFreeDoc(doc);
}

static void
ipmi_devices_fence_only_their_node_and_never_run_on_it(void **state)
{
	xmlDocPtr doc = build(&base);

	for (int i = 0; i < 2; i++) {
		const char *node = base.nodes[i];
		char expr[256];

		snprintf(expr, sizeof(expr), "string(//primitive[@id='fence_%s']/@type)", node);
		assert_xp(doc, expr, "fence_ipmilan");
		snprintf(expr, sizeof(expr), "string(//primitive[@id='fence_%s']//nvpair[@name='pcmk_host_list']/@value)", node);
		assert_xp(doc, expr, node);
		snprintf(expr, sizeof(expr), "string(//primitive[@id='fence_%s']//nvpair[@name='ip']/@value)", node);
		assert_xp(doc, expr, base.bmc[i].ip);
		snprintf(expr, sizeof(expr), "string(//rsc_location[@rsc='fence_%s']/@node)", node);
		assert_xp(doc, expr, node);
		snprintf(expr, sizeof(expr), "string(//rsc_location[@rsc='fence_%s']/@score)", node);
		assert_xp(doc, expr, "-INFINITY");
	}
	assert_xp(doc, "string(//primitive[@id='fence_node1']//nvpair[@name='lanplus']/@value)", "1");
	assert_xp(doc, "count(//primitive[@id='fence_node2']//nvpair[@name='lanplus'])", "0");
	assert_xp(doc, "string(//primitive[@id='fence_node1']//nvpair[@name='cipher']/@value)", "3");
	assert_xp(doc, "count(//primitive[@id='fence_node2']//nvpair[@name='cipher'])", "0");
	xmlFreeDoc(doc);
}

static void
the_gate_comes_before_each_nodes_device_in_one_level(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	doc = build(&p);
	/* without ping targets: the tie-break only, the same level */
	assert_xp(doc, "string(//primitive[@id='fence_gate']/@type)", "fence_hapair_gate");
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='ping_targets']/@value)", "");
	assert_xp(doc, "string(//fencing-level[@target='node1']/@devices)", "fence_gate,fence_node1");
	xmlFreeDoc(doc);
	p.ping_targets = "10.0.0.1,2001:db8:0::1";
	doc = build(&p);
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='ping_targets']/@value)",
	    "10.0.0.1,2001:db8::1");
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='pcmk_host_list']/@value)",
	    "node1 node2");
	/* where it listens for each node, and what tells it it serves */
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='peer_addresses']/@value)",
	    "node1=10.0.0.11,node2=10.0.0.12");
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='failover_ip']/@value)",
	    "10.0.0.10");
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='tiebreak_delay']/@value)", "10");
	assert_xp(doc, "string(//primitive[@id='fence_gate']//nvpair[@name='peer_wait']/@value)", "0.25");
	/* usable on both nodes: no location constraint keeps it off either */
	assert_xp(doc, "count(//rsc_location[@rsc='fence_gate'])", "0");
	assert_xp(doc, "string(//fencing-level[@target='node1']/@devices)", "fence_gate,fence_node1");
	assert_xp(doc, "string(//fencing-level[@target='node2']/@devices)", "fence_gate,fence_node2");
	assert_xp(doc, "count(//fencing-level[@index='1'])", "2");
	xmlFreeDoc(doc);
	/* nothing to gate without fencing */
	p.fence = FO_FENCE_NONE;
	doc = build(&p);
	assert_xp(doc, "count(//primitive[@type='fence_hapair_gate'] | //fencing-topology)", "0");
	xmlFreeDoc(doc);
}

static void
no_fence_delay_for_every_crash_of_the_active_node(void **state)
{
	xmlDocPtr doc = build(&base);

	/* priority-fencing-delay would delay the fence of a crashed active
	 * node too; the gate gives the head start only to a live one */
	assert_xp(doc, "count(//nvpair[@name='priority-fencing-delay'] | //nvpair[@name='priority'])", "0");
	xmlFreeDoc(doc);
}

static void
the_service_follows_the_ping_targets_above_stickiness(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	doc = build(&p);
	assert_xp(doc, "count(//primitive[@type='ping'] | //rsc_location[@id='loc_service_reach'] | "
	    "//rsc_location[@id='loc_service_lan'])", "0");
	xmlFreeDoc(doc);
	p.ping_targets = "10.0.0.1,10.0.0.2";
	doc = build(&p);
	assert_xp(doc, "string(//clone[@id='reach_gateway-clone']/primitive/@provider)", "pacemaker");
	assert_xp(doc, "string(//primitive[@id='reach_gateway']//nvpair[@name='host_list']/@value)",
	    "10.0.0.1 10.0.0.2");
	assert_xp(doc, "string(//primitive[@id='reach_gateway']//nvpair[@name='name']/@value)", "hapair_reach");
	assert_xp(doc, "string(//primitive[@id='reach_gateway']//nvpair[@name='dampen']/@value)", "0s");
	assert_xp(doc, "string(//primitive[@id='reach_gateway']//op[@name='monitor']/@interval)", "10s");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/@rsc)", "g_service");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/rule/expression/@attribute)",
	    "hapair_reach");
	/* reaching some, or not probed yet: only a known loss counts */
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/rule/@boolean-op)", "or");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/rule/expression[1]/@operation)", "gt");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/rule/expression[1]/@value)", "0");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_reach']/rule/expression[2]/@operation)",
	    "not_defined");
	/* reaching the network outweighs stickiness (per member) and the
	 * preference together, so the service leaves a node that reaches none */
	assert_xp(doc, "number(//rsc_location[@id='loc_service_reach']/rule/@score) > "
	    "4 * number(//nvpair[@name='resource-stickiness']/@value) + 50", "true");
	/* hapaird's own judgement of the LAN (lan_watch): the same rule on
	 * its attribute, the same weight, so either one alone moves it */
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/@rsc)", "g_service");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/rule/@boolean-op)", "or");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/rule/expression[1]/@attribute)",
	    "hapair_lan");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/rule/expression[1]/@operation)", "gt");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/rule/expression[2]/@operation)",
	    "not_defined");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_lan']/rule/@score)",
	    "5000");
	xmlFreeDoc(doc);
}

static void
the_preferred_node_gets_the_service_below_the_stickiness(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	doc = build(&p);
	assert_xp(doc, "count(//rsc_location[@id='loc_service_prefer'])", "0");
	xmlFreeDoc(doc);
	p.preferred = "node2";
	doc = build(&p);
	assert_xp(doc, "string(//rsc_location[@id='loc_service_prefer']/@rsc)", "g_service");
	assert_xp(doc, "string(//rsc_location[@id='loc_service_prefer']/@node)", "node2");
	/* a survivor keeps the service: the preference must not outweigh it */
	assert_xp(doc, "number(//rsc_location[@id='loc_service_prefer']/@score) < "
	    "number(//nvpair[@name='resource-stickiness']/@value)", "true");
	xmlFreeDoc(doc);
}

static void
options_only_has_the_cluster_options_and_no_resources(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	p.options_only = true;
	p.preferred = "node1";
	doc = build(&p);
	assert_xp(doc, "string(//nvpair[@name='dc-deadtime']/@value)", "2s");
	assert_xp(doc, "string(//nvpair[@name='stonith-enabled']/@value)", "true");
	assert_xp(doc, "string(//nvpair[@name='resource-stickiness']/@value)", "100");
	assert_xp(doc, "count(//primitive | //group | //clone | //rsc_location | //rsc_order)", "0");
	assert_xp(doc, "count(/configuration/resources | /configuration/constraints)", "2");
	xmlFreeDoc(doc);
}

static void
lab_fencing_uses_the_lab_agent_per_node(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	p.fence = FO_FENCE_LAB;
	doc = build(&p);
	assert_xp(doc, "count(//primitive[@class='stonith' and @type='fence_hapair_lab'])", "2");
	assert_xp(doc, "count(//nvpair[@name='password'])", "0");
	assert_xp(doc, "string(//nvpair[@name='stonith-enabled']/@value)", "true");
	assert_xp(doc, "string(//rsc_location[@rsc='fence_node2']/@node)", "node2");
	xmlFreeDoc(doc);
}

static void
no_fencing_disables_stonith_and_adds_no_devices_or_comments(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	p.fence = FO_FENCE_NONE;
	doc = build(&p);
	assert_xp(doc, "string(//nvpair[@name='stonith-enabled']/@value)", "false");
	assert_xp(doc, "count(//primitive[@class='stonith'] | //rsc_location | //fencing-topology)", "0");
	assert_xp(doc, "count(//comment())", "0");
	xmlFreeDoc(doc);
}

static void
every_id_is_unique(void **state)
{
	const struct gen_shape *shapes[] = {
		gen_shape_find("cib-nodata-nofence.xml"),
		gen_shape_find("cib-drbd-lab.xml"),
		gen_shape_find("cib-drbd-ipmi.xml"),
	};

	for (size_t s = 0; s < 3; s++) {
		xmlDocPtr doc = build(shapes[s]->params);
		xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
		xmlXPathObjectPtr ids = xmlXPathEvalExpression(BAD_CAST "//@id", ctx);
		GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, xmlFree, NULL);

		assert_true(ids->nodesetval->nodeNr > 10);
		for (int i = 0; i < ids->nodesetval->nodeNr; i++) {
			xmlChar *id = xmlNodeGetContent(ids->nodesetval->nodeTab[i]);

			if (!g_hash_table_add(seen, id)) {
				test_diag("id '%s' appears twice in %s", (char *)id, shapes[s]->name);
				fail();
			}
		}
		g_hash_table_destroy(seen);
		xmlXPathFreeObject(ids);
		xmlXPathFreeContext(ctx);
		xmlFreeDoc(doc);
	}
}

static void
values_are_xml_escaped(void **state)
{
	struct fo_cib_params p = base;
	xmlDocPtr doc;

	p.bmc[0].password = "a&b<c\"d";
	doc = build(&p);
	assert_xp(doc, "string(//primitive[@id='fence_node1']//nvpair[@name='password']/@value)", "a&b<c\"d");
	xmlFreeDoc(doc);
}

static void
output_is_the_same_every_time(void **state)
{
	GString *a = g_string_new(""), *b = g_string_new("");
	char err[256];

	assert_int_equal(fo_cib_build(&base, a, err, sizeof(err)), 0);
	assert_int_equal(fo_cib_build(&base, b, err, sizeof(err)), 0);
	assert_string_equal(a->str, b->str);
	g_string_free(a, TRUE);
	g_string_free(b, TRUE);
}

static void
expect_refused(const struct fo_cib_params *p, const char *error)
{
	GString *out = g_string_new("kept");
	char err[512] = "";

	assert_int_equal(fo_cib_build(p, out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, error);
	assert_string_equal(out->str, "kept");
	g_string_free(out, TRUE);
}

static void
each_bad_input_is_refused_with_what_to_fix(void **state)
{
	struct fo_cib_params p;
	struct fo_cib_data d;
	struct fo_cib_service s[FO_SERVICES_MAX + 1];

	p = base; p.nodes[0] = "node 1";
	expect_refused(&p, "node 1: name must be its host name: 1 to 63 letters, digits, '-', '.' or '_', starting with a letter or digit, not 'node 1'");
	p = base; p.nodes[1] = NULL;
	expect_refused(&p, "node 2: name must be its host name: 1 to 63 letters, digits, '-', '.' or '_', starting with a letter or digit, not ''");
	p = base; p.preferred = "node3";
	expect_refused(&p, "the preferred node 'node3' is neither node1 nor node2");
	p = base; p.nodes[1] = "node1";
	expect_refused(&p, "both nodes are named 'node1': each node needs its own host name");
	p = base; p.ip = "mail.example.com";
	expect_refused(&p, "failover IP must be a unicast IPv4 or IPv6 address such as 10.0.0.10, not 'mail.example.com'");
	p = base; p.ip = "10.0.0.10/24";
	expect_refused(&p, "failover IP must be a unicast IPv4 or IPv6 address such as 10.0.0.10, not '10.0.0.10/24'");
	p = base; p.prefix_len = 0;
	expect_refused(&p, "failover IP prefix length must be 1 to 32 for IPv4, not 0");
	p = base; p.prefix_len = 33;
	expect_refused(&p, "failover IP prefix length must be 1 to 32 for IPv4, not 33");
	p = base; p.ip = "2001:db8::10"; p.prefix_len = 129;
	expect_refused(&p, "failover IP prefix length must be 1 to 128 for IPv6, not 129");
	p = base; p.nic = "a-very-long-interface";
	expect_refused(&p, "failover IP interface must be a network interface name of 1 to 15 characters such as eth0, not 'a-very-long-interface'");
	p = base; p.ping_targets = "gateway.example.net";
	expect_refused(&p, "ping target 'gateway.example.net' is not a unicast IP address: give the address of a host on the public network, such as the default gateway");
	p = base; p.ping_targets = "10.0.0.1,";
	expect_refused(&p, "ping target '' is not a unicast IP address: give the address of a host on the public network, such as the default gateway");
	p = base; p.ping_targets = "10.0.0.10";
	expect_refused(&p, "ping target 10.0.0.10 is the failover IP: give a host outside the pair, such as the default gateway");
	p = base; p.ping_targets = "10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,10.0.0.5";
	expect_refused(&p, "give 1 to 4 ping targets, not 5");
	p = base; p.nic = "eth0 ";
	expect_refused(&p, "failover IP interface must be a network interface name of 1 to 15 characters such as eth0, not 'eth0 '");

	d = data; d.drbd_resource = "r/0"; p = base; p.data = &d;
	expect_refused(&p, "DRBD resource name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not 'r/0'");
	d = data; d.drbd_minor = 1048576; p = base; p.data = &d;
	expect_refused(&p, "DRBD minor must be 0 to 1048575, not 1048576");
	d = data; d.mount = "/"; p = base; p.data = &d;
	expect_refused(&p, "data mount point must be an absolute path other than /, not '/'");
	d = data; d.mount = "srv"; p = base; p.data = &d;
	expect_refused(&p, "data mount point must be an absolute path other than /, not 'srv'");
	d = data; d.fstype = "btrfs"; p = base; p.data = &d;
	expect_refused(&p, "data file system must be ext4 or xfs, not 'btrfs'");
	d = data; d.fstype = NULL; p = base; p.data = &d;
	expect_refused(&p, "data file system must be ext4 or xfs, not ''");

	for (size_t i = 0; i < FO_SERVICES_MAX + 1; i++)
		s[i] = services[0];
	p = base; p.services = s; p.nservices = FO_SERVICES_MAX + 1;
	expect_refused(&p, "at most 16 services can be protected, not 17");
	p = base; p.services = NULL; p.nservices = 1;
	expect_refused(&p, "the service list is missing (nservices = 1)");
	p = base; p.services = s; p.nservices = 2;
	expect_refused(&p, "two services are named 'postfix': each needs its own name");
	s[1] = services[1]; s[1].name = "my service";
	expect_refused(&p, "service 2: name must be 1 to 32 letters, digits, '-' or '_', starting with a letter or digit, not 'my service'");
	s[1] = services[1]; s[1].unit = "sink.service";
	expect_refused(&p, "service sink: give a systemd unit or a command, not both");
	s[1] = services[1]; s[1].command = NULL;
	expect_refused(&p, "service sink: give the systemd unit (appliance) or the command (lab) that runs it");
	s[1] = services[1]; s[1].command = NULL; s[1].unit = "postfix";
	expect_refused(&p, "service sink: systemd unit must look like postfix.service, not 'postfix'");
	s[1] = services[1]; s[1].command = NULL; s[1].unit = "post fix.service";
	expect_refused(&p, "service sink: systemd unit must look like postfix.service, not 'post fix.service'");
	s[1] = services[1]; s[1].command = "sink\n--port 1";
	expect_refused(&p, "service sink: command must be one line of printable ASCII");
	s[1] = services[1]; s[1].address = "localhost";
	expect_refused(&p, "service sink: listen address must be a unicast IPv4 or IPv6 address, not 'localhost'");
	s[1] = services[1]; s[1].directory = "spool";
	expect_refused(&p, "service sink: directory must be an absolute path, not 'spool'");

	p = base; p.fence = (enum fo_fence_mode)7;
	expect_refused(&p, "fencing mode 7 is unknown");
	p = base; p.bmc[1].ip = "bmc2.example.com";
	expect_refused(&p, "node2: BMC address must be a unicast IPv4 or IPv6 address (fencing must not wait for DNS), not 'bmc2.example.com'");
	p = base; p.bmc[0].ip = NULL;
	expect_refused(&p, "node1: BMC address must be a unicast IPv4 or IPv6 address (fencing must not wait for DNS), not ''");
	p = base; p.bmc[0].ip = "10.0.0.10";
	expect_refused(&p, "node1: BMC address 10.0.0.10 is the failover IP: give the address of the node's BMC");
	p = base; p.bmc[0].user = "";
	expect_refused(&p, "node1: BMC user must be 1 to 16 printable ASCII characters");
	p = base; p.bmc[1].user = "a-user-name-too-long";
	expect_refused(&p, "node2: BMC user must be 1 to 16 printable ASCII characters");
	p = base; p.bmc[1].password = NULL;
	expect_refused(&p, "node2: BMC password must be 1 to 20 printable ASCII characters");
	p = base; p.bmc[0].password = "123456789012345678901";
	expect_refused(&p, "node1: BMC password must be 1 to 20 printable ASCII characters");
	p = base; p.bmc[1].ip = "10.0.1.1";
	expect_refused(&p, "both nodes have BMC address 10.0.1.1: each node is fenced through its own BMC");
}

static void
bmc_details_are_ignored_without_ipmi_fencing(void **state)
{
	struct fo_cib_params p = base;
	GString *out = g_string_new("");
	char err[256] = "";

	p.fence = FO_FENCE_LAB;
	p.bmc[0].ip = "not checked";
	assert_int_equal(fo_cib_build(&p, out, err, sizeof(err)), 0);
	assert_null(strstr(out->str, "not checked"));
	g_string_free(out, TRUE);
}

static const char skeleton[] =
    "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"1\" "
    "num_updates=\"0\" admin_epoch=\"0\">\n"
    "  <configuration>\n    <crm_config/>\n    <nodes/>\n    <resources/>\n"
    "    <constraints/>\n  </configuration>\n  <status/>\n</cib>\n";

static void
embedding_replaces_the_skeletons_configuration_only(void **state)
{
	GString *conf = g_string_new(""), *out = g_string_new("");
	char err[256] = "";
	xmlDocPtr doc;

	assert_int_equal(fo_cib_build(&base, conf, err, sizeof(err)), 0);
	assert_int_equal(fo_cib_embed(skeleton, conf->str, out, err, sizeof(err)), 0);
	doc = xmlReadMemory(out->str, (int)out->len, "cib", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	assert_xp(doc, "string(/cib/@validate-with)", "pacemaker-3.9");
	assert_xp(doc, "count(/cib/configuration)", "1");
	assert_xp(doc, "count(/cib/status)", "1");
	assert_xp(doc, "string(/cib/configuration/resources/group/@id)", "g_service");
	/* re-indented as one document, not the skeleton's layout plus ours */
	assert_non_null(strstr(out->str, "\n  <configuration>\n    <crm_config>\n"));
	xmlFreeDoc(doc);
	g_string_free(conf, TRUE);
	g_string_free(out, TRUE);
}

static void
embedding_refuses_what_is_not_a_cib(void **state)
{
	GString *out = g_string_new("");
	char err[256] = "";

	assert_int_equal(fo_cib_embed("<cib", "<configuration/>", out, err, sizeof(err)), -EINVAL);
	assert_true(g_str_has_prefix(err, "the CIB skeleton is not XML: "));
	assert_int_equal(fo_cib_embed("<foo/>", "<configuration/>", out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "the CIB skeleton's root is <foo>, not <cib>");
	assert_int_equal(fo_cib_embed("<cib><status/></cib>", "<configuration/>", out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "the CIB skeleton has no <configuration>");
	assert_int_equal(fo_cib_embed(skeleton, "<resources/>", out, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "the configuration's root is <resources>, not <configuration>");
	assert_int_equal(fo_cib_embed(skeleton, "", out, err, sizeof(err)), -EINVAL);
	assert_true(g_str_has_prefix(err, "the configuration is not XML: "));
	assert_string_equal(out->str, "");
	g_string_free(out, TRUE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_data_no_fencing_matches_golden),
		cmocka_unit_test(drbd_with_lab_fencing_matches_golden),
		cmocka_unit_test(drbd_with_ipmi_fencing_matches_golden),
		cmocka_unit_test(cluster_options_and_stickiness_are_set),
		cmocka_unit_test(drbd_shape_mounts_then_ip_then_services_on_the_promoted_node),
		cmocka_unit_test(drbd_clone_is_promotable_with_one_primary_and_notifications),
		cmocka_unit_test(no_data_shape_has_ip_then_services_and_no_drbd),
		cmocka_unit_test(ipmi_devices_fence_only_their_node_and_never_run_on_it),
		cmocka_unit_test(lab_fencing_uses_the_lab_agent_per_node),
		cmocka_unit_test(no_fencing_disables_stonith_and_adds_no_devices_or_comments),
		cmocka_unit_test(every_id_is_unique),
		cmocka_unit_test(values_are_xml_escaped),
		cmocka_unit_test(output_is_the_same_every_time),
		cmocka_unit_test(each_bad_input_is_refused_with_what_to_fix),
		cmocka_unit_test(bmc_details_are_ignored_without_ipmi_fencing),
		cmocka_unit_test(the_gate_comes_before_each_nodes_device_in_one_level),
		cmocka_unit_test(no_fence_delay_for_every_crash_of_the_active_node),
		cmocka_unit_test(the_service_follows_the_ping_targets_above_stickiness),
		cmocka_unit_test(the_preferred_node_gets_the_service_below_the_stickiness),
		cmocka_unit_test(options_only_has_the_cluster_options_and_no_resources),
		cmocka_unit_test(embedding_replaces_the_skeletons_configuration_only),
		cmocka_unit_test(embedding_refuses_what_is_not_a_cib),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
