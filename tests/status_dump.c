/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status_dump: print what the status readers read, one key=value a line,
 * so tests/status.test can assert on it with grep.  A test tool: it
 * prints, the libraries do not.  Run it inside a lab node (lab exec).
 *
 *   status_dump [--membership] [--cib] [--local NAME]
 *                        hb_membership_read and fo_cib_status_read (both
 *                        when neither is named); NAME is the local node
 *                        (default: corosync's name for it, else the host name)
 *   status_dump --cib-file FILE [--local NAME]
 *                        fo_status_from_cib_xml on a saved CIB
 *   status_dump --cib-xml
 *                        the live CIB as fo_cib_read fetches it (fixtures
 *                        under tests/fixtures/cib/ are captured this way)
 *
 * Exit status 0 when every read succeeded, 1 when one failed (its
 * SECTION.rc line says how), 2 on bad usage. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "fo_cib_status.h"
#include "hb_membership.h"

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void
print_rc(const char *section, int rc, double t0)
{
	printf("%s.rc=%d\n", section, rc);
	if (rc != 0)
		printf("%s.error=%s\n", section, strerror(-rc));
	printf("%s.elapsed_ms=%.1f\n", section, now_ms() - t0);
}

static int
dump_membership(char *local, size_t locallen)
{
	struct hb_membership m;
	const struct hb_member_node *me;
	double t0 = now_ms();
	int rc = hb_membership_read(&m);

	print_rc("membership", rc, t0);
	if (rc != 0)
		return rc;
	printf("membership.local_nodeid=%u\nmembership.quorate=%d\nmembership.two_node=%d\n"
	    "membership.wait_for_all=%d\nmembership.ring=%u/%" G_GUINT64_FORMAT "\n"
	    "membership.nmembers=%u\nmembership.nnodes=%u\nmembership.isolated=%d\n",
	    m.local_nodeid, m.quorate, m.two_node, m.wait_for_all, m.ring_nodeid,
	    m.ring_seq, m.nmembers, m.nnodes, hb_membership_isolated(&m));
	for (unsigned i = 0; i < m.nnodes; i++) {
		const struct hb_member_node *n = &m.nodes[i];

		printf("node.%u.name=%s\nnode.%u.local=%d\nnode.%u.member=%d\n"
		    "node.%u.reachable=%d\nnode.%u.controller=%d\n", n->nodeid, n->name,
		    n->nodeid, n->local, n->nodeid, n->member, n->nodeid, n->reachable,
		    n->nodeid, n->controller);
		for (unsigned l = 0; l < HB_MEMBER_LINKS_MAX; l++) {
			if (!n->links[l].configured)
				continue;
			printf("node.%u.link%u=%s\nnode.%u.link%u.addr=%s\n", n->nodeid, l,
			    hb_membership_link_up(&m, n, l) ? "up" : "down",
			    n->nodeid, l, n->links[l].addr);
		}
	}
	me = hb_membership_local(&m);
	if (local[0] == '\0' && me != NULL)
		snprintf(local, locallen, "%s", me->name);
	return 0;
}

static void
print_list(const char *key, const char names[][FO_NODE_NAME_LEN], unsigned n)
{
	printf("%s=", key);
	for (unsigned i = 0; i < n; i++)
		printf("%s%s", i ? "," : "", names[i]);
	putchar('\n');
}

static void
print_status(const struct fo_status *st)
{
	printf("cib.have_quorum=%d\ncib.maintenance_mode=%d\ncib.stonith_enabled=%d\n"
	    "cib.truncated=%d\ncib.dc=%s\n", st->have_quorum, st->maintenance_mode,
	    st->stonith_enabled, st->truncated, st->dc);
	for (unsigned i = 0; i < st->nnodes; i++) {
		const struct fo_node_status *n = &st->nodes[i];

		printf("cib.node.%s.id=%s\ncib.node.%s.local=%d\ncib.node.%s.online=%d\n"
		    "cib.node.%s.standby=%d\ncib.node.%s.maintenance=%d\ncib.node.%s.pending=%d\n"
		    "cib.node.%s.unclean=%d\ncib.node.%s.dc=%d\n",
		    n->name, n->id, n->name, n->local, n->name, n->online, n->name, n->standby,
		    n->name, n->maintenance, n->name, n->pending, n->name, n->unclean,
		    n->name, n->dc);
	}
	for (unsigned i = 0; i < st->nrsc; i++) {
		const struct fo_rsc_status *r = &st->rsc[i];
		unsigned k = 0;
		char key[FO_RSC_ID_LEN + 16], nodes_key[FO_RSC_ID_LEN + 32];

		/* clone instances share an id: number the second and later */
		for (unsigned j = 0; j < i; j++)
			k += strcmp(st->rsc[j].id, r->id) == 0;
		if (k == 0)
			snprintf(key, sizeof(key), "cib.rsc.%s", r->id);
		else
			snprintf(key, sizeof(key), "cib.rsc.%s#%u", r->id, k);
		printf("%s.role=%s\n%s.failed=%d\n%s.managed=%d\n%s.group=%s\n"
		    "%s.clone=%s\n%s.agent=%s\n", key, fo_rsc_role_name(r->role),
		    key, r->failed, key, r->managed, key, r->group, key, r->clone,
		    key, r->agent);
		snprintf(nodes_key, sizeof(nodes_key), "%s.nodes", key);
		print_list(nodes_key, r->nodes, r->nnodes);
	}
	for (unsigned i = 0; i < st->nfailed; i++) {
		const struct fo_failed_action *f = &st->failed[i];

		printf("cib.failed.%u=%s %s %s interval_ms=%u rc=%d op_status=%d reason='%s'\n",
		    i, f->rsc, f->op, f->node, f->interval_ms, f->rc, f->op_status, f->reason);
	}
	printf("cib.nfailed=%u\ncib.any_failed=%d\n", st->nfailed, st->any_failed);
	print_list("cib.failover_ip_nodes", st->failover_ip_nodes, st->nfailover_ip);
	printf("cib.failover_ip_node=%s\ncib.active_node=%s\ncib.active_conflict=%d\n"
	    "cib.local_active=%d\n", st->failover_ip_node, st->active_node,
	    st->active_conflict, st->local_active);
}

static int
dump_cib(const char *file, const char *local)
{
	struct fo_status *st = g_new0(struct fo_status, 1);
	double t0 = now_ms();
	int rc;

	if (file != NULL) {
		gchar *xml = NULL;

		rc = g_file_get_contents(file, &xml, NULL, NULL) ?
		    fo_status_from_cib_xml(xml, local, st) : -ENOENT;
		g_free(xml);
	} else
		rc = fo_cib_status_read(local, st);
	print_rc("cib", rc, t0);
	printf("cib.local=%s\n", local);
	if (rc == 0)
		print_status(st);
	g_free(st);
	return rc;
}

static int
dump_cib_xml(void)
{
	char *xml = NULL;
	int rc = fo_cib_read(&xml);

	if (rc != 0) {
		fprintf(stderr, "status_dump: reading the CIB: %s\n", strerror(-rc));
		return 1;
	}
	fputs(xml, stdout);
	putchar('\n');
	free(xml);
	return 0;
}

int
main(int argc, char **argv)
{
	bool want_m = false, want_c = false;
	const char *file = NULL;
	char local[HB_MEMBER_NAME_LEN] = "";
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--membership") == 0)
			want_m = true;
		else if (strcmp(argv[i], "--cib") == 0)
			want_c = true;
		else if (strcmp(argv[i], "--cib-xml") == 0 && argc == 2)
			return dump_cib_xml();
		else if (strcmp(argv[i], "--cib-file") == 0 && i + 1 < argc)
			file = argv[++i], want_c = true;
		else if (strcmp(argv[i], "--local") == 0 && i + 1 < argc)
			snprintf(local, sizeof(local), "%s", argv[++i]);
		else {
			fputs("usage: status_dump [--membership] [--cib] [--local NAME] |"
			    " --cib-file FILE [--local NAME] | --cib-xml\n", stderr);
			return 2;
		}
	}
	if (!want_m && !want_c)
		want_m = want_c = true;
	if (want_m && dump_membership(local, sizeof(local)) != 0)
		rc = 1;
	if (want_c) {
		if (local[0] == '\0' && file == NULL)
			gethostname(local, sizeof(local) - 1);
		if (dump_cib(file, local) != 0)
			rc = 1;
	}
	return rc;
}
