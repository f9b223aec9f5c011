/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hb_membership: the nodelist from libcmap, the membership and quorum from
 * libquorum, the local node id and knet's per-link state from libcfg, the
 * process groups from libcpg.  Library code: returns errors, never logs;
 * connections are kept only in a struct hb_conn the caller owns. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <corosync/cfg.h>
#include <corosync/cmap.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>

#include "hb_membership.h"

struct hb_conn {
	cmap_handle_t cmap;
	quorum_handle_t quorum;
	corosync_cfg_handle_t cfg;
	cpg_handle_t cpg;
	bool cmap_open, quorum_open, cfg_open, cpg_open;
};

#define HB_NODELIST_PREFIX      "nodelist.node."
#define HB_KEY_TWO_NODE         "runtime.votequorum.two_node"
#define HB_KEY_WAIT_FOR_ALL     "runtime.votequorum.wait_for_all_status"
/* The values corosync runs with, whatever corosync.conf says now (a
 * changed file takes effect only at a reload). */
#define HB_KEY_TOKEN            "runtime.config.totem.token"
#define HB_KEY_CONSENSUS        "runtime.config.totem.consensus"
/* corosync sends the current membership before it answers trackstart, so
 * the notification is already queued when we poll; this only bounds the
 * wait should a future corosync send it later. */
#define HB_QUORUM_WAIT_MS       1000

/* corosync's answer as a negative errno.  A refused or missing IPC socket
 * (CS_ERR_LIBRARY, CS_ERR_NOT_EXIST at connect) means it is not running. */
static int
hb_cs_errno(cs_error_t e, bool connecting)
{
	switch (e) {
	case CS_OK:
		return 0;
	case CS_ERR_LIBRARY:
	case CS_ERR_NOT_EXIST:
		return connecting ? -ENOTCONN : -EIO;
	case CS_ERR_BAD_HANDLE:
		return -ENOTCONN;      /* corosync went away under us */
	case CS_ERR_ACCESS:
	case CS_ERR_SECURITY:
		return -EACCES;
	case CS_ERR_NO_MEMORY:
		return -ENOMEM;
	case CS_ERR_TRY_AGAIN:
		return -EAGAIN;        /* starting up or syncing: ask again */
	default:
		return -EIO;
	}
}

static struct hb_member_node *
hb_node_by_id(struct hb_membership *m, unsigned nodeid)
{
	for (unsigned i = 0; i < m->nnodes; i++)
		if (m->nodes[i].nodeid == nodeid)
			return &m->nodes[i];
	return NULL;
}

/* ---------------------------------------------------------------- cmap */

/* nodelist.node.<pos>.<field>: the node at list position POS.  Positions
 * are contiguous from 0, so POS indexes nodes[] until it runs out. */
static int
hb_read_nodelist_key(cmap_handle_t h, struct hb_membership *m, const char *key)
{
	unsigned pos, link;
	int off = 0;
	const char *field;
	struct hb_member_node *n;
	char *s = NULL;
	uint32_t u32;
	cs_error_t e;

	if (sscanf(key, HB_NODELIST_PREFIX "%u.%n", &pos, &off) != 1 || off == 0)
		return 0;
	field = key + off;
	if (pos + 1 > m->nnodes_total)
		m->nnodes_total = pos + 1;
	if (pos >= HB_MEMBER_NODES_MAX)
		return 0;
	if (pos + 1 > m->nnodes)
		m->nnodes = pos + 1;
	n = &m->nodes[pos];
	n->listed = true;
	if (strcmp(field, "nodeid") == 0) {
		if ((e = cmap_get_uint32(h, key, &u32)) != CS_OK)
			return hb_cs_errno(e, false);
		n->nodeid = u32;
		return 0;
	}
	if (strcmp(field, "name") == 0) {
		if ((e = cmap_get_string(h, key, &s)) != CS_OK)
			return hb_cs_errno(e, false);
		snprintf(n->name, sizeof(n->name), "%s", s);
	} else if (sscanf(field, "ring%u_addr%n", &link, &off) == 1 &&
	    field[off] == '\0' && link < HB_MEMBER_LINKS_MAX) {
		if ((e = cmap_get_string(h, key, &s)) != CS_OK)
			return hb_cs_errno(e, false);
		snprintf(n->links[link].addr, sizeof(n->links[link].addr), "%s", s);
		n->links[link].configured = true;
	}
	free(s);
	return 0;
}

static int
hb_read_cmap(struct hb_conn *c, struct hb_membership *m)
{
	cmap_handle_t h;
	cmap_iter_handle_t it;
	char key[CMAP_KEYNAME_MAXLEN + 1];
	size_t len;
	cmap_value_types_t type;
	uint32_t u32;
	uint8_t u8;
	cs_error_t e;
	int rc = 0;

	if (!c->cmap_open) {
		if ((e = cmap_initialize(&c->cmap)) != CS_OK)
			return hb_cs_errno(e, true);
		c->cmap_open = true;
	}
	h = c->cmap;
	if ((e = cmap_iter_init(h, HB_NODELIST_PREFIX, &it)) != CS_OK)
		return hb_cs_errno(e, false);
	while (rc == 0 && (e = cmap_iter_next(h, it, key, &len, &type)) == CS_OK)
		rc = hb_read_nodelist_key(h, m, key);
	if (rc == 0 && e != CS_ERR_NO_SECTIONS)
		rc = hb_cs_errno(e, false);
	cmap_iter_finalize(h, it);
	/* Absent unless votequorum is the quorum provider: then both are off. */
	if (rc == 0 && cmap_get_uint8(h, HB_KEY_TWO_NODE, &u8) == CS_OK)
		m->two_node = u8 != 0;
	if (rc == 0 && cmap_get_uint8(h, HB_KEY_WAIT_FOR_ALL, &u8) == CS_OK)
		m->wait_for_all = u8 != 0;
	/* Always set by corosync 3 at start; 0 (unknown) should one be missing. */
	if (rc == 0 && cmap_get_uint32(h, HB_KEY_TOKEN, &u32) == CS_OK)
		m->token_ms = u32;
	if (rc == 0 && cmap_get_uint32(h, HB_KEY_CONSENSUS, &u32) == CS_OK)
		m->consensus_ms = u32;
	return rc;
}

/* ---------------------------------------------------------------- quorum */

struct hb_quorum_ctx {
	struct hb_membership *m;
	bool got;
};

static void
hb_quorum_cb(quorum_handle_t h, uint32_t quorate, struct quorum_ring_id ring,
    uint32_t n, const uint32_t *ids)
{
	struct hb_quorum_ctx *ctx = NULL;
	struct hb_membership *m;

	if (quorum_context_get(h, (const void **)&ctx) != CS_OK || ctx == NULL)
		return;
	m = ctx->m;
	m->quorate = quorate != 0;
	m->ring_seq = ring.seq;
	m->ring_nodeid = ring.nodeid;
	m->nmembers = n;
	for (uint32_t i = 0; i < n; i++) {
		struct hb_member_node *node = hb_node_by_id(m, ids[i]);

		/* A member outside the nodelist (not possible with knet, which
		 * needs the nodelist) still shows, nameless. */
		if (node == NULL && m->nnodes < HB_MEMBER_NODES_MAX) {
			node = &m->nodes[m->nnodes++];
			node->nodeid = ids[i];
			m->nnodes_total++;
		}
		if (node != NULL)
			node->member = true;
	}
	ctx->got = true;
}

static int
hb_read_quorum(struct hb_conn *c, struct hb_membership *m)
{
	quorum_handle_t h;
	quorum_model_v1_data_t model = {
		.model = QUORUM_MODEL_V1,
		.quorum_notify_fn = hb_quorum_cb,
	};
	struct hb_quorum_ctx ctx = { m, false };
	uint32_t type;
	struct pollfd pfd = { .events = POLLIN };
	cs_error_t e;
	int rc = 0;

	if (!c->quorum_open) {
		e = quorum_model_initialize(&c->quorum, QUORUM_MODEL_V1,
		    (quorum_model_data_t *)&model, &type, NULL);
		if (e != CS_OK)
			return hb_cs_errno(e, true);
		c->quorum_open = true;
	}
	h = c->quorum;
	/* The callback finds this read's context; CS_TRACK_CURRENT sends the
	 * membership once, so nothing of an earlier read is left queued. */
	if ((e = quorum_context_set(h, &ctx)) != CS_OK ||
	    (e = quorum_trackstart(h, CS_TRACK_CURRENT)) != CS_OK ||
	    (e = quorum_fd_get(h, &pfd.fd)) != CS_OK)
		return hb_cs_errno(e, false);
	while (!ctx.got) {
		int n = poll(&pfd, 1, HB_QUORUM_WAIT_MS);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n == 0 ? -ETIMEDOUT : -errno;
			break;
		}
		if ((e = quorum_dispatch(h, CS_DISPATCH_ALL)) != CS_OK) {
			rc = hb_cs_errno(e, false);
			break;
		}
	}
	quorum_context_set(h, NULL);
	return rc;
}

/* ---------------------------------------------------------------- cfg */

static void
hb_copy_links(struct hb_member_node *n, const struct corosync_cfg_node_status_v1 *st)
{
	n->link_status_known = true;
	n->reachable = st->reachable != 0;
	for (unsigned l = 0; l < HB_MEMBER_LINKS_MAX && l < CFG_MAX_LINKS; l++) {
		n->links[l].enabled = st->link_status[l].enabled != 0;
		n->links[l].connected = st->link_status[l].connected != 0;
		n->links[l].mtu_bytes = st->link_status[l].mtu;
	}
}

static int
hb_read_cfg(struct hb_conn *c, struct hb_membership *m)
{
	corosync_cfg_handle_t h;
	unsigned int local;
	cs_error_t e;
	int rc = 0;

	if (!c->cfg_open) {
		if ((e = corosync_cfg_initialize(&c->cfg, NULL)) != CS_OK)
			return hb_cs_errno(e, true);
		c->cfg_open = true;
	}
	h = c->cfg;
	if ((e = corosync_cfg_local_get(h, &local)) != CS_OK)
		return hb_cs_errno(e, false);
	m->local_nodeid = local;
	for (unsigned i = 0; i < m->nnodes; i++) {
		struct hb_member_node *n = &m->nodes[i];
		struct corosync_cfg_node_status_v1 st;

		n->local = n->nodeid == local;
		memset(&st, 0, sizeof(st));
		e = corosync_cfg_node_status_get(h, n->nodeid, CFG_NODE_STATUS_V1, &st);
		/* corosync answers FAILED_OPERATION for a node knet does not
		 * know (a nameless member, a nodelist entry without nodeid):
		 * an answer, links unknown, not a failure of the read. */
		if (e == CS_OK)
			hb_copy_links(n, &st);
		else if (e != CS_ERR_FAILED_OPERATION) {
			rc = hb_cs_errno(e, false);
			break;
		}
	}
	return rc;
}

/* ---------------------------------------------------------------- cpg */

static int
hb_read_cpg(struct hb_conn *c, struct hb_membership *m)
{
	cpg_callbacks_t none = { 0 };
	cpg_iteration_handle_t it;
	struct cpg_iteration_description_t desc;
	cs_error_t e;
	int rc = 0;

	if (!c->cpg_open) {
		if ((e = cpg_initialize(&c->cpg, &none)) != CS_OK)
			return hb_cs_errno(e, true);
		c->cpg_open = true;
	}
	if ((e = cpg_iteration_initialize(c->cpg, CPG_ITERATION_ALL, NULL, &it)) != CS_OK)
		return hb_cs_errno(e, false);
	while ((e = cpg_iteration_next(it, &desc)) == CS_OK)
		hb_membership_note_cpg(m, desc.group.value, desc.group.length, desc.nodeid);
	if (e != CS_ERR_NO_SECTIONS)
		rc = hb_cs_errno(e, false);
	cpg_iteration_finalize(it);
	return rc;
}

/* ---------------------------------------------------------------- read */

struct hb_conn *
hb_conn_new(void)
{
	return g_new0(struct hb_conn, 1);
}

void
hb_conn_close(struct hb_conn *c)
{
	if (c->cmap_open)
		cmap_finalize(c->cmap);
	if (c->quorum_open)
		quorum_finalize(c->quorum);
	if (c->cfg_open)
		corosync_cfg_finalize(c->cfg);
	if (c->cpg_open)
		cpg_finalize(c->cpg);
	c->cmap_open = c->quorum_open = c->cfg_open = c->cpg_open = false;
}

void
hb_conn_free(struct hb_conn *c)
{
	if (c == NULL)
		return;
	hb_conn_close(c);
	g_free(c);
}

static int
hb_read_all(struct hb_conn *c, struct hb_membership *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	/* cmap first: it names the nodes the other answers refer to. */
	if ((rc = hb_read_cmap(c, out)) == 0 && (rc = hb_read_quorum(c, out)) == 0 &&
	    (rc = hb_read_cfg(c, out)) == 0)
		rc = hb_read_cpg(c, out);
	return rc;
}

int
hb_membership_read_conn(struct hb_conn *c, struct hb_membership *out)
{
	bool kept = c->cmap_open || c->quorum_open || c->cfg_open || c->cpg_open;
	int rc = hb_read_all(c, out);

	if (rc != 0) {
		hb_conn_close(c);
		/* A kept connection fails once corosync has restarted under it:
		 * the answer is a fresh one.  A timeout is corosync itself. */
		if (kept && rc != -ETIMEDOUT)
			rc = hb_read_all(c, out);
		if (rc != 0)
			hb_conn_close(c);
	}
	if (rc != 0)
		memset(out, 0, sizeof(*out));
	return rc;
}

int
hb_membership_read(struct hb_membership *out)
{
	struct hb_conn c = { 0 };
	int rc = hb_membership_read_conn(&c, out);

	hb_conn_close(&c);
	return rc;
}

/* ---------------------------------------------------------------- pure */

void
hb_membership_note_cpg(struct hb_membership *m, const char *group, size_t len,
    unsigned nodeid)
{
	const size_t want = sizeof(HB_CPG_CONTROLLER) - 1;

	/* corosync counts the name's bytes; some senders count a NUL too */
	if (len > want && group[want] == '\0')
		len = want;
	if (len != want || memcmp(group, HB_CPG_CONTROLLER, want) != 0)
		return;
	for (unsigned i = 0; i < m->nnodes; i++)
		if (m->nodes[i].nodeid == nodeid)
			m->nodes[i].controller = true;
}

const struct hb_member_node *
hb_membership_node(const struct hb_membership *m, unsigned nodeid)
{
	for (unsigned i = 0; i < m->nnodes; i++)
		if (m->nodes[i].nodeid == nodeid)
			return &m->nodes[i];
	return NULL;
}

const struct hb_member_node *
hb_membership_local(const struct hb_membership *m)
{
	for (unsigned i = 0; i < m->nnodes; i++)
		if (m->nodes[i].local)
			return &m->nodes[i];
	return NULL;
}

const struct hb_member_node *
hb_membership_peer(const struct hb_membership *m)
{
	for (unsigned i = 0; i < m->nnodes; i++)
		if (m->nodes[i].listed && !m->nodes[i].local)
			return &m->nodes[i];
	return NULL;
}

/* knet's own word on the link from the local node to PEER. */
static bool
hb_peer_link_up(const struct hb_membership *m, const struct hb_member_node *peer,
    unsigned link)
{
	const struct hb_member_node *local = hb_membership_local(m);
	const struct hb_member_link *l = &peer->links[link];

	return peer->link_status_known && l->enabled && l->connected &&
	    l->configured && (local == NULL || local->links[link].configured);
}

bool
hb_membership_link_up(const struct hb_membership *m, const struct hb_member_node *node,
    unsigned link)
{
	if (node == NULL || link >= HB_MEMBER_LINKS_MAX)
		return false;
	if (!node->local)
		return hb_peer_link_up(m, node, link);
	/* knet reports the local node's loopback as connected whatever the
	 * cable does: the local end of a link is up when a peer answers on it. */
	for (unsigned i = 0; i < m->nnodes; i++)
		if (!m->nodes[i].local && m->nodes[i].listed &&
		    hb_peer_link_up(m, &m->nodes[i], link))
			return true;
	return false;
}

bool
hb_membership_isolated(const struct hb_membership *m)
{
	bool have_peer = false;

	for (unsigned i = 0; i < m->nnodes; i++) {
		const struct hb_member_node *n = &m->nodes[i];

		if (n->local || !n->listed)
			continue;
		have_peer = true;
		for (unsigned l = 0; l < HB_MEMBER_LINKS_MAX; l++)
			if (hb_peer_link_up(m, n, l))
				return false;
	}
	return have_peer;
}
