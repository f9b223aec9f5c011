/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_status: the live CIB through libcib, unpacked by Pacemaker's own
 * libpe_status, flattened into plain structs the daemon can show.
 * Library code: returns errors, never logs itself.  (Pacemaker's libraries
 * log through libqb as they always do; that goes wherever the process set
 * up logging, and nowhere when it did not.) */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crm/crm.h>
#include <crm/cib.h>
#include <crm/common/xml.h>
#include <crm/msg_xml.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <crm/pengine/status.h>

#include "fo_cib_status.h"
#include "fo_ids.h"

/* How hapair shows up in the CIB manager's client list and logs. */
#define FO_CIB_CLIENT_NAME      "hapaird-status"
/* Pacemaker's node attribute that puts a node in standby (crm_standby,
 * and fo_cib_edit through Pacemaker's set_standby). */
#define FO_NODE_ATTR_STANDBY    "standby"

/* ---------------------------------------------------------------- xml */

/* Pacemaker keeps data of its own in every XML node's _private, filled by
 * node hooks that crm_xml_init() registers with libxml2 (Pacemaker's tools
 * do it in crm_log_init).  Without them, unpacking a history that holds a
 * failure aborts (the digest code's ACL check asserts the data is there).
 * crm_xml_init() runs once and sets libxml2's process-wide hooks, but
 * libxml2 (2.9) gives every thread but its first its own copy, taken when
 * the thread first touches libxml2: the hooks are therefore also made the
 * default for threads to come and set in the calling thread's copy, so
 * status can be read from a worker thread. */
static GMutex fo_xml_lock;
static xmlRegisterNodeFunc fo_xml_reg;
static xmlDeregisterNodeFunc fo_xml_dereg;

static bool
fo_xml_hooks(void)
{
	bool ok;

	g_mutex_lock(&fo_xml_lock);
	crm_xml_init();
	if (fo_xml_reg == NULL) {
		/* Setting returns the process-wide hook: put it straight back. */
		fo_xml_reg = xmlRegisterNodeDefault(NULL);
		xmlRegisterNodeDefault(fo_xml_reg);
		fo_xml_dereg = xmlDeregisterNodeDefault(NULL);
		xmlDeregisterNodeDefault(fo_xml_dereg);
		if (fo_xml_reg != NULL) {
			xmlThrDefRegisterNodeDefault(fo_xml_reg);
			xmlThrDefDeregisterNodeDefault(fo_xml_dereg);
		}
	}
	if ((ok = fo_xml_reg != NULL)) {
		/* These name the calling thread's copy (libxml2's macros). */
		xmlRegisterNodeDefaultValue = fo_xml_reg;
		xmlDeregisterNodeDefaultValue = fo_xml_dereg;
	}
	g_mutex_unlock(&fo_xml_lock);
	return ok;
}

int
fo_cib_status_init(void)
{
	return fo_xml_hooks() ? 0 : -ENOTSUP;
}

/* ---------------------------------------------------------------- read */

/* libcib's legacy return codes are negative errnos, plus a few of its own
 * (pcmk_err_*, above 200) that all mean "not an answer we can use". */
static int
fo_cib_errno(int rc)
{
	switch (rc) {
	case -ENOTCONN:
	case -ECONNREFUSED:
	case -ECOMM:
	case -ENOENT:
	case -EPIPE:
	case -ECONNRESET:
		return -ENOTCONN;
	case -EACCES:
	case -EPERM:
		return -EACCES;
	case -ETIME:
	case -ETIMEDOUT:
		return -ETIME;
	case -ENOMEM:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

/* Pacemaker's libraries are not made for concurrent calls: every call
 * into them from this library (status reads, fo_cib_apply) takes this. */
static GRecMutex fo_pcmk_mutex;

void
fo_pcmk_lock(void)
{
	g_rec_mutex_lock(&fo_pcmk_mutex);
}

void
fo_pcmk_unlock(void)
{
	g_rec_mutex_unlock(&fo_pcmk_mutex);
}

/* An unchanged CIB is not unpacked again for this long.  libpe judges
 * some things by the clock (a failure older than its failure-timeout is
 * expired), so the answer is made afresh now and then all the same. */
#define FO_CIB_REUSE_MAX_US     (5 * G_USEC_PER_SEC)

struct fo_cib_reader {
	cib_t *cib;                /* signed on, or NULL */
	/* The last unpack: its CIB text, for whom, its result, when (monotonic) */
	char *last_xml;
	char *last_local;
	struct fo_status last;
	int64_t last_us;
};

/* Sign on read-only.  signon_raw with an fd pointer connects without
 * adding a source to the default GLib main context (plain signon does):
 * safe from a worker thread, and nothing is left behind in the caller's
 * loop.  The read-only channel: status never writes.  Nothing registers
 * for notifications, so nothing arrives on that fd unasked. */
static int
fo_cib_connect(cib_t **out)
{
	cib_t *cib;
	int fd = -1;
	int rc;

	*out = NULL;
	if (!fo_xml_hooks())
		return -ENOTSUP;
	if ((cib = cib_new()) == NULL)
		return -ENOMEM;
	rc = cib->cmds->signon_raw(cib, FO_CIB_CLIENT_NAME, cib_query, &fd);
	if (rc != pcmk_ok) {
		cib_delete(cib);
		return fo_cib_errno(rc);
	}
	/* signon sets 120 s; a status read that slow is no status at all. */
	cib->call_timeout = FO_CIB_QUERY_TIMEOUT_S;
	*out = cib;
	return 0;
}

static void
fo_cib_close(cib_t *cib)
{
	if (cib == NULL)
		return;
	cib->cmds->signoff(cib);
	cib_delete(cib);
}

static int
fo_cib_query(cib_t *cib, char **xml)
{
	xmlNode *out = NULL;
	int rc;

	*xml = NULL;
	rc = cib->cmds->query(cib, NULL, &out, cib_scope_local | cib_sync_call);
	if (rc != pcmk_ok || out == NULL) {
		free_xml(out);
		return rc != pcmk_ok ? fo_cib_errno(rc) : -EIO;
	}
	/* dump_xml_unformatted returns malloc()ed text: the caller free()s. */
	*xml = dump_xml_unformatted(out);
	free_xml(out);
	return *xml != NULL ? 0 : -ENOMEM;
}

int
fo_cib_read(char **xml)
{
	cib_t *cib;
	int rc;

	*xml = NULL;
	fo_pcmk_lock();
	if ((rc = fo_cib_connect(&cib)) == 0) {
		rc = fo_cib_query(cib, xml);
		fo_cib_close(cib);
	}
	fo_pcmk_unlock();
	return rc;
}

int
fo_cib_status_read(const char *local_node, struct fo_status *out)
{
	struct fo_cib_reader *r = fo_cib_reader_new();
	int rc;

	rc = fo_cib_status_read_with(r, local_node, out);
	fo_cib_reader_free(r);
	return rc;
}

struct fo_cib_reader *
fo_cib_reader_new(void)
{
	return g_new0(struct fo_cib_reader, 1);
}

void
fo_cib_reader_free(struct fo_cib_reader *r)
{
	if (r == NULL)
		return;
	fo_pcmk_lock();
	fo_cib_close(r->cib);
	fo_pcmk_unlock();
	free(r->last_xml);
	g_free(r->last_local);
	g_free(r);
}

/* Unpacking is most of a read's cost (tens of milliseconds in a uml node,
 * four times a second while the status is watched), and between events
 * the CIB does not change: the same text for the same node gets the last
 * answer.  Takes XML (malloc()ed). */
static int
fo_cib_reader_unpack(struct fo_cib_reader *r, char *xml, const char *local_node,
    struct fo_status *out)
{
	int64_t now = g_get_monotonic_time();
	int rc;

	if (r->last_xml != NULL && strcmp(xml, r->last_xml) == 0 &&
	    g_strcmp0(local_node, r->last_local) == 0 && now - r->last_us < FO_CIB_REUSE_MAX_US) {
		free(xml);
		*out = r->last;
		return 0;
	}
	free(r->last_xml);
	r->last_xml = NULL;
	if ((rc = fo_status_from_cib_xml(xml, local_node, out)) != 0) {
		free(xml);
		return rc;
	}
	r->last_xml = xml;
	g_free(r->last_local);
	r->last_local = g_strdup(local_node);
	r->last = *out;
	r->last_us = now;
	return 0;
}

/* The query on R's connection, signing on first when there is none.  Any
 * failure closes it: a reply that comes after its timeout must not be
 * read as the answer to a later query. */
static int
fo_cib_reader_query(struct fo_cib_reader *r, char **xml)
{
	int rc;

	*xml = NULL;
	if (r->cib == NULL && (rc = fo_cib_connect(&r->cib)) != 0)
		return rc;
	if ((rc = fo_cib_query(r->cib, xml)) != 0) {
		fo_cib_close(r->cib);
		r->cib = NULL;
	}
	return rc;
}

int
fo_cib_status_read_with(struct fo_cib_reader *r, const char *local_node,
    struct fo_status *out)
{
	char *xml = NULL;
	bool kept = r->cib != NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	fo_pcmk_lock();
	rc = fo_cib_reader_query(r, &xml);
	/* A kept connection fails once the CIB manager has restarted under
	 * it: the answer is a fresh one.  A timeout is the manager itself. */
	if (rc != 0 && kept && rc != -ETIME)
		rc = fo_cib_reader_query(r, &xml);
	if (rc == 0)
		rc = fo_cib_reader_unpack(r, xml, local_node, out);
	fo_pcmk_unlock();
	return rc;
}

/* ---------------------------------------------------------------- unpack */

/* Copy SRC into DST; a value that does not fit is cut and marks ST. */
static void
fo_copy(struct fo_status *st, char *dst, size_t len, const char *src)
{
	size_t n = src != NULL ? strlen(src) : 0;

	if (n >= len) {
		st->truncated = true;
		n = len - 1;
	}
	memcpy(dst, src != NULL ? src : "", n);
	dst[n] = '\0';
}

/* A clone instance's id without its ":N" suffix. */
static void
fo_copy_base_id(struct fo_status *st, char *dst, size_t len, const char *id)
{
	const char *colon = strchr(id, ':');
	char buf[FO_RSC_ID_LEN];
	size_t n = colon != NULL ? (size_t)(colon - id) : strlen(id);

	if (n >= sizeof(buf)) {
		st->truncated = true;
		n = sizeof(buf) - 1;
	}
	memcpy(buf, id, n);
	buf[n] = '\0';
	fo_copy(st, dst, len, buf);
}

static enum fo_rsc_role
fo_role(enum rsc_role_e role)
{
	switch (role) {
	case RSC_ROLE_STOPPED:
		return FO_ROLE_STOPPED;
	case RSC_ROLE_STARTED:
		return FO_ROLE_STARTED;
	case RSC_ROLE_UNPROMOTED:
		return FO_ROLE_UNPROMOTED;
	case RSC_ROLE_PROMOTED:
		return FO_ROLE_PROMOTED;
	default:
		return FO_ROLE_UNKNOWN;
	}
}

static void
fo_unpack_nodes(struct fo_status *st, pe_working_set_t *ws, const char *local_node)
{
	for (GList *l = ws->nodes; l != NULL; l = l->next) {
		const pe_node_t *pn = l->data;
		const struct pe_node_shared_s *d = pn->details;
		struct fo_node_status *n;

		if (st->nnodes >= FO_STATUS_NODES_MAX) {
			st->truncated = true;
			return;
		}
		n = &st->nodes[st->nnodes++];
		fo_copy(st, n->name, sizeof(n->name), d->uname);
		fo_copy(st, n->id, sizeof(n->id), d->id);
		n->local = local_node != NULL && d->uname != NULL &&
		    strcmp(d->uname, local_node) == 0;
		n->online = d->online;
		/* libpe sets its standby flag on a node whose join is not
		 * complete as well (determine_online_status_fencing: "not ready
		 * to run resources"), which would read as an operator's standby
		 * for the seconds a restarted node takes to join.  hapair's
		 * standby is the node attribute (configuration or transient:
		 * both are in attrs, rules evaluated) or an on-fail=standby;
		 * the join is pending. */
		n->standby = crm_is_true(g_hash_table_lookup(d->attrs, FO_NODE_ATTR_STANDBY)) ||
		    d->standby_onfail;
		n->maintenance = d->maintenance;
		n->pending = d->pending;
		n->unclean = d->unclean;
		n->unseen = d->unseen;
		n->shutdown = d->shutdown;
		n->dc = d->is_dc;
		n->nresources = (unsigned)g_list_length(d->running_rsc);
	}
}

static void
fo_unpack_primitive(struct fo_status *st, pe_resource_t *rsc)
{
	struct fo_rsc_status *r;
	const char *cls, *provider, *type;

	/* An orphan that no longer runs is history, as crm_mon hides it. */
	if (pcmk_is_set(rsc->flags, pe_rsc_orphan) && rsc->running_on == NULL)
		return;
	if (st->nrsc >= FO_STATUS_RSC_MAX) {
		st->truncated = true;
		return;
	}
	r = &st->rsc[st->nrsc++];
	fo_copy_base_id(st, r->id, sizeof(r->id), rsc->id);
	for (pe_resource_t *p = rsc->parent; p != NULL; p = p->parent) {
		if (p->variant == pe_group && r->group[0] == '\0')
			fo_copy(st, r->group, sizeof(r->group), p->id);
		else if (p->variant == pe_clone && r->clone[0] == '\0')
			fo_copy(st, r->clone, sizeof(r->clone), p->id);
	}
	cls = crm_element_value(rsc->xml, XML_AGENT_ATTR_CLASS);
	provider = crm_element_value(rsc->xml, XML_AGENT_ATTR_PROVIDER);
	type = crm_element_value(rsc->xml, XML_ATTR_TYPE);
	if (cls != NULL && type != NULL) {
		char *agent = crm_strdup_printf("%s:%s%s%s", cls,
		    provider != NULL ? provider : "", provider != NULL ? ":" : "", type);

		fo_copy(st, r->agent, sizeof(r->agent), agent);
		free(agent);
	}
	/* An instance of a promotable clone that runs but is not promoted
	 * is Started to the scheduler and Unpromoted to people: show what
	 * crm_mon shows (Pacemaker's native_displayable_role rule). */
	r->role = fo_role(rsc->role);
	if (r->role == FO_ROLE_STARTED &&
	    pcmk_is_set(uber_parent(rsc)->flags, pe_rsc_promotable))
		r->role = FO_ROLE_UNPROMOTED;
	r->failed = pcmk_is_set(rsc->flags, pe_rsc_failed);
	r->managed = pcmk_is_set(rsc->flags, pe_rsc_managed);
	r->orphan = pcmk_is_set(rsc->flags, pe_rsc_orphan);
	for (GList *l = rsc->running_on; l != NULL; l = l->next) {
		const pe_node_t *pn = l->data;

		if (r->nnodes >= FO_RSC_NODES_MAX) {
			st->truncated = true;
			break;
		}
		fo_copy(st, r->nodes[r->nnodes++], FO_NODE_NAME_LEN, pn->details->uname);
	}
}

/* Groups and clones hold primitives (or groups); report the primitives. */
static void
fo_unpack_resource(struct fo_status *st, pe_resource_t *rsc)
{
	if (rsc->variant == pe_native) {
		fo_unpack_primitive(st, rsc);
		return;
	}
	for (GList *l = rsc->children; l != NULL; l = l->next)
		fo_unpack_resource(st, l->data);
}

static void
fo_unpack_failed(struct fo_status *st, xmlNode *failed)
{
	for (xmlNode *op = failed != NULL ? failed->children : NULL; op != NULL; op = op->next) {
		struct fo_failed_action *f;
		const char *rsc;
		int v = 0;
		long long t = 0;

		if (op->type != XML_ELEMENT_NODE)
			continue;
		if (st->nfailed >= FO_STATUS_FAILED_MAX) {
			st->truncated = true;
			return;
		}
		f = &st->failed[st->nfailed++];
		rsc = crm_element_value(op, XML_LRM_ATTR_RSCID);
		fo_copy_base_id(st, f->rsc, sizeof(f->rsc), rsc != NULL ? rsc : "");
		fo_copy(st, f->node, sizeof(f->node), crm_element_value(op, XML_ATTR_UNAME));
		fo_copy(st, f->op, sizeof(f->op), crm_element_value(op, XML_LRM_ATTR_TASK));
		fo_copy(st, f->reason, sizeof(f->reason),
		    crm_element_value(op, XML_LRM_ATTR_EXIT_REASON));
		if (crm_element_value_int(op, XML_LRM_ATTR_INTERVAL_MS, &v) == 0 && v > 0)
			f->interval_ms = (unsigned)v;
		if (crm_element_value_int(op, XML_LRM_ATTR_RC, &v) == 0)
			f->rc = v;
		if (crm_element_value_int(op, XML_LRM_ATTR_OPSTATUS, &v) == 0)
			f->op_status = v;
		if (crm_element_value_ll(op, XML_RSC_OP_LAST_CHANGE, &t) == 0)
			f->when = (time_t)t;
	}
}

/* Whether the gate's ping_targets names a host: it splits the list on
 * commas and blanks (agents/fence_hapair_gate). */
static bool
fo_names_a_host(const char *list)
{
	return list != NULL && list[strspn(list, ", \t")] != '\0';
}

/* What the failover budget needs of the fencing (fo_budget.h).  The
 * gate's instance attributes come through pe_rsc_params, evaluated as the
 * fencer evaluates them (rules and all), not by a second reading of the
 * XML. */
static void
fo_unpack_fence(struct fo_status *st, pe_working_set_t *ws)
{
	/* unpack_config keeps it in whole seconds, and so does the fencer */
	if (ws->priority_fencing_delay > 0)
		st->fence.priority_delay_ms = (unsigned)ws->priority_fencing_delay * 1000;
	for (GList *l = ws->resources; l != NULL; l = l->next) {
		pe_resource_t *rsc = l->data;
		GHashTable *params;

		if (rsc->variant != pe_native ||
		    g_strcmp0(crm_element_value(rsc->xml, XML_AGENT_ATTR_CLASS), FO_AGENT_STONITH) != 0 ||
		    g_strcmp0(crm_element_value(rsc->xml, XML_ATTR_TYPE), FO_TYPE_FENCE_GATE) != 0)
			continue;
		st->fence.gate = true;
		if ((params = pe_rsc_params(rsc, NULL, ws)) == NULL)
			continue;
		fo_copy(st, st->fence.gate_peer_wait, sizeof(st->fence.gate_peer_wait),
		    g_hash_table_lookup(params, FO_PARAM_GATE_PEER_WAIT));
		fo_copy(st, st->fence.gate_tiebreak, sizeof(st->fence.gate_tiebreak),
		    g_hash_table_lookup(params, FO_PARAM_GATE_TIEBREAK));
		st->fence.gate_ping_targets =
		    fo_names_a_host(g_hash_table_lookup(params, FO_PARAM_GATE_PING_TARGETS));
		fo_copy(st, st->fence.ping_targets, sizeof(st->fence.ping_targets),
		    g_hash_table_lookup(params, FO_PARAM_GATE_PING_TARGETS));
	}
}

/* XML's <cib> element, or NULL.  Parsed by libxml2 itself rather than
 * Pacemaker's string2xml, which recovers from errors (a truncated CIB
 * would read as an empty cluster) and logs them; the hooks set by
 * fo_xml_hooks() give the nodes Pacemaker's data all the same.
 * NOERROR/NOWARNING: a library does not print. */
static xmlNode *
fo_parse(const char *xml)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), NULL, NULL,
	    XML_PARSE_NOBLANKS | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL || strcmp((const char *)root->name, XML_TAG_CIB) != 0) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	return root;
}

int
fo_status_from_cib_xml(const char *xml, const char *local_node, struct fo_status *out)
{
	pe_working_set_t *ws;
	xmlNode *input;

	memset(out, 0, sizeof(*out));
	if (!fo_xml_hooks())
		return -ENOTSUP;
	if (xml == NULL || (input = fo_parse(xml)) == NULL)
		return -EINVAL;
	if ((ws = pe_new_working_set()) == NULL) {
		free_xml(input);
		return -ENOMEM;
	}
	ws->input = input;             /* the working set frees it */
	if (!cluster_status(ws)) {
		pe_free_working_set(ws);
		return -EINVAL;
	}
	out->have_quorum = pcmk_is_set(ws->flags, pe_flag_have_quorum);
	out->maintenance_mode = pcmk_is_set(ws->flags, pe_flag_maintenance_mode);
	out->stonith_enabled = pcmk_is_set(ws->flags, pe_flag_stonith_enabled);
	if (ws->dc_node != NULL)
		fo_copy(out, out->dc, sizeof(out->dc), ws->dc_node->details->uname);
	fo_unpack_nodes(out, ws, local_node);
	for (GList *l = ws->resources; l != NULL; l = l->next)
		fo_unpack_resource(out, l->data);
	fo_unpack_failed(out, ws->failed);
	fo_unpack_fence(out, ws);
	pe_free_working_set(ws);
	fo_status_derive(out, local_node);
	return 0;
}

/* ---------------------------------------------------------------- derive */

/* Add NAME to the set NAMES[*N] (at most FO_RSC_NODES_MAX). */
static void
fo_node_set_add(char names[][FO_NODE_NAME_LEN], unsigned *n, const char *name)
{
	for (unsigned i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return;
	if (*n < FO_RSC_NODES_MAX)
		snprintf(names[(*n)++], FO_NODE_NAME_LEN, "%s", name);
}

void
fo_status_derive(struct fo_status *st, const char *local_node)
{
	char active[FO_RSC_NODES_MAX][FO_NODE_NAME_LEN];
	unsigned nactive = 0;

	st->nfailover_ip = 0;
	st->failover_ip_node[0] = st->active_node[0] = '\0';
	st->active_conflict = st->local_active = false;
	st->any_failed = st->nfailed > 0;
	for (unsigned i = 0; i < st->nrsc; i++) {
		const struct fo_rsc_status *r = &st->rsc[i];

		st->any_failed = st->any_failed || r->failed;
		/* r->nodes is where Pacemaker believes it is active, failed
		 * or not (a failed monitor leaves it there until recovered):
		 * exactly what "who holds the IP" must answer. */
		for (unsigned k = 0; k < r->nnodes; k++) {
			if (strcmp(r->id, FO_ID_FAILOVER_IP) == 0)
				fo_node_set_add(st->failover_ip_nodes, &st->nfailover_ip, r->nodes[k]);
			/* The service group runs where the active node is; with
			 * data, so is the Promoted DRBD instance (an Unpromoted
			 * one runs on the passive node too and says nothing). */
			if (strcmp(r->group, FO_ID_GROUP) == 0 ||
			    (strcmp(r->id, FO_ID_DRBD) == 0 && r->role == FO_ROLE_PROMOTED))
				fo_node_set_add(active, &nactive, r->nodes[k]);
		}
	}
	if (st->nfailover_ip == 1)
		snprintf(st->failover_ip_node, sizeof(st->failover_ip_node), "%s",
		    st->failover_ip_nodes[0]);
	if (nactive == 1)
		snprintf(st->active_node, sizeof(st->active_node), "%s", active[0]);
	st->active_conflict = nactive > 1;
	st->local_active = nactive == 1 && local_node != NULL &&
	    strcmp(st->active_node, local_node) == 0;
}

/* ---------------------------------------------------------------- lookups */

const struct fo_node_status *
fo_status_node(const struct fo_status *st, const char *name)
{
	for (unsigned i = 0; i < st->nnodes; i++)
		if (strcmp(st->nodes[i].name, name) == 0)
			return &st->nodes[i];
	return NULL;
}

const struct fo_rsc_status *
fo_status_rsc(const struct fo_status *st, const char *id)
{
	for (unsigned i = 0; i < st->nrsc; i++)
		if (strcmp(st->rsc[i].id, id) == 0)
			return &st->rsc[i];
	return NULL;
}

const char *
fo_rsc_role_name(enum fo_rsc_role role)
{
	switch (role) {
	case FO_ROLE_STOPPED:
		return RSC_ROLE_STOPPED_S;
	case FO_ROLE_STARTED:
		return RSC_ROLE_STARTED_S;
	case FO_ROLE_UNPROMOTED:
		return RSC_ROLE_UNPROMOTED_S;
	case FO_ROLE_PROMOTED:
		return RSC_ROLE_PROMOTED_S;
	default:
		return RSC_ROLE_UNKNOWN_S;
	}
}

void
fo_failed_action_text(const struct fo_failed_action *fa, char *buf, size_t len)
{
	snprintf(buf, len, "%s of %s failed on %s%s%s", fa->op, fa->rsc, fa->node,
	    *fa->reason ? ": " : "", fa->reason);
}
