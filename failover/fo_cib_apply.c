/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_apply: replace the live CIB's configuration (see the header).
 * Library code: returns errors, never logs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crm/crm.h>
#include <crm/cib.h>
#include <crm/common/xml.h>
#include <crm/msg_xml.h>
#include <crm/cib/util.h>

#include "fo_cib_apply.h"
#include "fo_cib_conn.h"
#include "fo_cib_status.h"

#define FO_CIB_APPLY_CLIENT "hapaird-configure"

/* The first child element of PARENT named NAME, or NULL. */
static xmlNode *
fo_child(xmlNode *parent, const char *name)
{
	for (xmlNode *c = parent != NULL ? parent->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* Put a copy of the live <nodes> in place of CONF's (empty) one. */
static int
fo_keep_nodes(cib_t *cib, xmlNode *conf, char *err, size_t errlen)
{
	xmlNode *live = NULL, *live_nodes, *ours;
	int rc;

	rc = cib->cmds->query(cib, "/" XML_TAG_CIB "/" XML_CIB_TAG_CONFIGURATION,
	    &live, cib_xpath | cib_sync_call);
	if (rc != pcmk_ok || live == NULL) {
		snprintf(err, errlen, "cannot read the live CIB's configuration: %s",
		    pcmk_strerror(rc));
		return rc != pcmk_ok ? rc : -EIO;
	}
	live_nodes = fo_child(live, XML_CIB_TAG_NODES);
	ours = fo_child(conf, XML_CIB_TAG_NODES);
	if (live_nodes != NULL) {
		xmlNode *copy = copy_xml(live_nodes);

		if (ours != NULL) {
			xmlReplaceNode(ours, copy);
			free_xml(ours);
		} else {
			xmlAddChild(conf, copy);
		}
	}
	free_xml(live);
	return 0;
}

int
fo_cib_apply(const char *configuration, char *err, size_t errlen)
{
	xmlNode *conf;
	cib_t *cib;
	int rc;

	/* Opened first: Pacemaker's XML calls below run under its lock. */
	if ((rc = fo_cib_open(FO_CIB_APPLY_CLIENT, FO_CIB_APPLY_TIMEOUT_S, &cib, err,
	    errlen)) != 0)
		return rc;
	conf = string2xml(configuration);
	if (conf == NULL || strcmp((const char *)conf->name, XML_CIB_TAG_CONFIGURATION) != 0) {
		snprintf(err, errlen, "the configuration to write is not a <configuration> element");
		rc = -EINVAL;
	} else if ((rc = fo_keep_nodes(cib, conf, err, errlen)) == 0) {
		rc = cib->cmds->replace(cib, XML_CIB_TAG_CONFIGURATION, conf, cib_sync_call);
		if (rc != pcmk_ok)
			snprintf(err, errlen, "Pacemaker refused the configuration: %s",
			    pcmk_strerror(rc));
	}
	free_xml(conf);
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}

int
fo_cib_skeleton(GString *out)
{
	xmlNode *cib;
	char *text;

	if (fo_cib_status_init() != 0)
		return -ENOTSUP;
	fo_pcmk_lock();
	cib = createEmptyCib(0);
	text = cib != NULL ? dump_xml_formatted(cib) : NULL;
	free_xml(cib);
	fo_pcmk_unlock();
	if (text == NULL)
		return -ENOMEM;
	g_string_append(out, text);
	free(text);
	return 0;
}
