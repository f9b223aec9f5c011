/* fo_ids: the ids and agents of everything hapair puts in the CIB.
 *
 * The CIB builder writes these at creation; status, takeover and dissolve
 * find the same objects by the same names, so an id lives here once and
 * never changes between releases (a renamed id is a new resource to
 * Pacemaker: it would stop the old one and start the new). */
#ifndef HP_FO_IDS_H
#define HP_FO_IDS_H

/* Pacemaker's own names for these sets: crm_attribute and the cluster
 * itself add to the same sets instead of creating second ones. */
#define FO_ID_CRM_CONFIG        "cib-bootstrap-options"
#define FO_ID_RSC_DEFAULTS      "rsc-options"

/* What runs on the active node, started in this order (a group). */
#define FO_ID_GROUP             "g_service"
#define FO_ID_FILESYSTEM        "fs_data"
#define FO_ID_FAILOVER_IP       "failover_ip"
#define FO_ID_SERVICE_PREFIX    "svc_"          /* + service name */

/* The replicated volume: one DRBD resource as a promotable clone. */
#define FO_ID_DRBD              "drbd_data"
#define FO_ID_DRBD_CLONE        "drbd_data-clone"
#define FO_ID_COL_SERVICE_DRBD  "col_service_with_drbd_promoted"
#define FO_ID_ORD_DRBD_SERVICE  "ord_drbd_promote_then_service"
#define FO_ID_LOC_PREFER        "loc_service_prefer"   /* the active node's preference */

/* Fencing: one device per node, named after the node it powers off, and a
 * location constraint keeping it off that node (a node must not be the
 * one to fence itself). */
#define FO_ID_FENCE_PREFIX      "fence_"        /* + node name */
#define FO_ID_FENCE_LOC_PREFIX  "loc_fence_"    /* + node name */
/* The gate in front of each device (agents/fence_hapair_gate): a node
 * that cannot reach its ping targets does not fence its peer, and a node
 * that does not serve gives a peer that still answers a head start. */
#define FO_ID_FENCE_GATE        "fence_gate"
/* Its parameters (agents/fence_hapair_gate's meta-data): the CIB builder
 * writes them, the failover budget reads them back (fo_budget.h). */
#define FO_PARAM_GATE_PING_TARGETS   "ping_targets"     /* "" or "a,b" */
#define FO_PARAM_GATE_PEER_ADDRESSES "peer_addresses"   /* "node1=a,node2=b" */
#define FO_PARAM_GATE_FAILOVER_IP    "failover_ip"
#define FO_PARAM_GATE_TIEBREAK       "tiebreak_delay"   /* seconds, "10" */
#define FO_PARAM_GATE_PEER_WAIT      "peer_wait"        /* seconds, "0.25" */
#define FO_ID_FENCE_LEVEL_PREFIX "fl_"          /* + node name */

/* The service network's reachability per node (ocf:pacemaker:ping, a
 * clone), and the service's preference for a node that reaches it: the
 * service follows the network when the active node loses its eth0. */
#define FO_ID_REACH             "reach_gateway"
#define FO_ID_REACH_CLONE       "reach_gateway-clone"
#define FO_ID_LOC_REACH         "loc_service_reach"
#define FO_ATTR_REACH           "hapair_reach"  /* the node attribute it sets */
/* The same question answered by hapaird itself (daemon/lan_watch.c), in
 * under a second: 1 reaches, 0 none of the ping targets answers. */
#define FO_ID_LOC_LAN           "loc_service_lan"
#define FO_ATTR_LAN             "hapair_lan"

/* What drbd-utils' crm-fence-peer handler names its constraint. */
#define FO_ID_DRBD_FENCE_PREFIX "drbd-fence-by-handler-"

/* Resource agents. */
#define FO_AGENT_OCF            "ocf"
#define FO_AGENT_STONITH        "stonith"
#define FO_PROVIDER_HEARTBEAT   "heartbeat"
#define FO_PROVIDER_LINBIT      "linbit"
#define FO_PROVIDER_HAPAIR      "hapair"
#define FO_TYPE_IPADDR2         "IPaddr2"
#define FO_TYPE_FILESYSTEM      "Filesystem"
#define FO_TYPE_DRBD            "drbd"
#define FO_TYPE_SERVICE         "service"       /* agents/service */
#define FO_TYPE_FENCE_IPMI      "fence_ipmilan"
#define FO_TYPE_FENCE_LAB       "fence_hapair_lab"  /* tests/lab only */
#define FO_TYPE_FENCE_GATE      "fence_hapair_gate" /* agents/ */
/* The public-network check pairs made before the fence gate have in
 * front of each device; hapair no longer writes it, but still reads it. */
#define FO_TYPE_FENCE_PING_HEURISTIC "fence_heuristics_ping"
#define FO_PROVIDER_PACEMAKER   "pacemaker"
#define FO_TYPE_PING            "ping"

#endif
