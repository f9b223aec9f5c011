/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_cib_edit: small changes to the live CIB (see the header).
 * Library code: returns errors, never logs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crm/crm.h>
#include <crm/cib.h>
#include <crm/cib/util.h>
#include <crm/common/xml.h>
#include <crm/msg_xml.h>

#include "fo_cib_build.h"
#include "fo_cib_conn.h"
#include "fo_cib_edit.h"
#include "fo_ids.h"

#define FO_CIB_EDIT_CLIENT    "hapaird-operate"
#define FO_CIB_EDIT_TIMEOUT_S 30
#define FO_SCORE_MOVE         "INFINITY"

int
fo_cib_set_preference(const char *node, enum fo_prefer strength, char *err, size_t errlen)
{
	xmlNode *loc;
	cib_t *cib;
	int rc;

	if ((rc = fo_cib_open(FO_CIB_EDIT_CLIENT, FO_CIB_EDIT_TIMEOUT_S, &cib, err, errlen)) != 0)
		return rc;
	loc = create_xml_node(NULL, XML_CONS_TAG_RSC_LOCATION);
	crm_xml_add(loc, XML_ATTR_ID, FO_ID_LOC_PREFER);
	crm_xml_add(loc, XML_LOC_ATTR_SOURCE, FO_ID_GROUP);
	crm_xml_add(loc, XML_CIB_TAG_NODE, node);
	crm_xml_add(loc, XML_RULE_ATTR_SCORE, strength == FO_PREFER_MOVE ? FO_SCORE_MOVE :
	    FO_PREFER_SCORE);
	/* Modify the constraint create_cluster wrote; create it when a CIB
	 * was written without one. */
	rc = cib->cmds->modify(cib, XML_CIB_TAG_CONSTRAINTS, loc, cib_sync_call);
	if (rc == -ENXIO)
		rc = cib->cmds->create(cib, XML_CIB_TAG_CONSTRAINTS, loc, cib_sync_call);
	if (rc != pcmk_ok)
		snprintf(err, errlen, "Pacemaker refused the preference for %s: %s", node,
		    pcmk_strerror(rc));
	free_xml(loc);
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}

int
fo_cib_set_standby(const char *node, bool on, char *err, size_t errlen)
{
	char *uuid = NULL;
	cib_t *cib;
	int rc, remote = 0;

	if ((rc = fo_cib_open(FO_CIB_EDIT_CLIENT, FO_CIB_EDIT_TIMEOUT_S, &cib, err, errlen)) != 0)
		return rc;
	rc = query_node_uuid(cib, node, &uuid, &remote);
	if (rc != pcmk_ok || uuid == NULL) {
		snprintf(err, errlen, "there is no node %s in the cluster", node);
		fo_cib_close(cib);
		return -ENOENT;
	}
	/* "forever": in the node's entry of the configuration, not its
	 * transient attributes, so that the standby outlives a reboot. */
	rc = set_standby(cib, uuid, XML_CIB_TAG_NODES, on ? "on" : "off");
	if (rc != pcmk_ok)
		snprintf(err, errlen, "Pacemaker refused standby %s for %s: %s", on ? "on" : "off",
		    node, pcmk_strerror(rc));
	free(uuid);
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}

int
fo_cib_set_service_running(bool run, char *err, size_t errlen)
{
	xmlNode *group, *meta, *nv;
	char id[64];
	cib_t *cib;
	int rc;

	if ((rc = fo_cib_open(FO_CIB_EDIT_CLIENT, FO_CIB_EDIT_TIMEOUT_S, &cib, err, errlen)) != 0)
		return rc;
	/* As crm_resource --meta does: the group with its meta attribute set
	 * (fo_cib_build writes one, with the priority) and the nvpair, merged
	 * into the live resources by id.  update_attr_delegate does not reach
	 * a resource's attributes. */
	group = create_xml_node(NULL, XML_CIB_TAG_GROUP);
	crm_xml_add(group, XML_ATTR_ID, FO_ID_GROUP);
	meta = create_xml_node(group, XML_TAG_META_SETS);
	snprintf(id, sizeof(id), "%s-meta_attributes", FO_ID_GROUP);
	crm_xml_add(meta, XML_ATTR_ID, id);
	nv = create_xml_node(meta, XML_CIB_TAG_NVPAIR);
	snprintf(id, sizeof(id), "%s-meta_attributes-target-role", FO_ID_GROUP);
	crm_xml_add(nv, XML_ATTR_ID, id);
	crm_xml_add(nv, XML_NVPAIR_ATTR_NAME, "target-role");
	crm_xml_add(nv, XML_NVPAIR_ATTR_VALUE, run ? "Started" : "Stopped");
	rc = cib->cmds->modify(cib, XML_CIB_TAG_RESOURCES, group, cib_sync_call);
	if (rc != pcmk_ok)
		snprintf(err, errlen, "Pacemaker refused to %s the service: %s",
		    run ? "start" : "stop", pcmk_strerror(rc));
	free_xml(group);
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}

int
fo_cib_set_maintenance(bool on, char *err, size_t errlen)
{
	cib_t *cib;
	int rc;

	if ((rc = fo_cib_open(FO_CIB_EDIT_CLIENT, FO_CIB_EDIT_TIMEOUT_S, &cib, err, errlen)) != 0)
		return rc;
	rc = update_attr_delegate(cib, cib_sync_call, XML_CIB_TAG_CRMCONFIG, NULL, NULL,
	    FO_ID_CRM_CONFIG, NULL, "maintenance-mode", on ? "true" : "false", FALSE, NULL,
	    NULL);
	if (rc != pcmk_ok)
		snprintf(err, errlen, "Pacemaker refused maintenance mode %s: %s", on ? "on" : "off",
		    pcmk_strerror(rc));
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}

int
fo_cib_remove_drbd_fence(char *err, size_t errlen)
{
	static const char xpath[] = "/" XML_TAG_CIB "/" XML_CIB_TAG_CONFIGURATION "/"
	    XML_CIB_TAG_CONSTRAINTS "/" XML_CONS_TAG_RSC_LOCATION "[starts-with(@"
	    XML_ATTR_ID ", '" FO_ID_DRBD_FENCE_PREFIX "')]";
	cib_t *cib;
	int rc;

	if ((rc = fo_cib_open(FO_CIB_EDIT_CLIENT, FO_CIB_EDIT_TIMEOUT_S, &cib, err, errlen)) != 0)
		return rc;
	rc = cib->cmds->remove(cib, xpath, NULL, cib_xpath | cib_multiple | cib_sync_call);
	if (rc == -ENXIO)       /* none there */
		rc = pcmk_ok;
	if (rc != pcmk_ok)
		snprintf(err, errlen, "Pacemaker refused to remove DRBD's fence constraint: %s",
		    pcmk_strerror(rc));
	fo_cib_close(cib);
	return fo_cib_rc(rc);
}
