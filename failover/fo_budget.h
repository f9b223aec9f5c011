/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_budget: the failover budget, how long the passive node takes to run
 * the service after the active node is lost, from the running settings,
 * with the parts so that an operator sees where the time goes.
 *
 * A takeover after the loss of the active node runs in this order:
 *   1. detection: corosync declares the node lost token + consensus after
 *      it went silent;
 *   2. Pacemaker's priority-fencing-delay (pairs created before the fence
 *      gate): it delays every fence of the node that ran the service, a
 *      crashed one too, since Pacemaker cannot tell dead from cut off;
 *   3. the gate in front of the fence device: hapair's fence_hapair_gate
 *      (FO_TYPE_FENCE_GATE) takes a lost node that hapaird's record
 *      (daemon/peer_echo) shows silent on the service network for dead at
 *      once, and costs only its own run (older pairs: fence_heuristics_ping
 *      pings the LAN instead);
 *   4. only for a lost node that still answers there (it may be alive: a
 *      real split): the gate listens for it, peer_wait at most (it stops
 *      at the first answer; the budget counts the bound), then waits its
 *      tiebreak_delay.  A gate without ping targets cannot tell a dead
 *      node from one serving on its own cable, so it waits the tie-break
 *      after every loss, a crash too;
 *   5. the fence device powers the lost node off;
 *   6. Pacemaker's transition starts the service group on the survivor.
 * Without fencing (stonith-enabled=false) steps 2 to 5 do not happen.
 *
 * Pure: structs in, struct out, no I/O.  The daemon fills the corosync
 * half (heartbeat/hb_membership) and the CIB half (fo_status's fence
 * settings, failover/fo_cib_status.c); tests/unit/test_fo_budget.c pins
 * both from CIB fixtures (captured in the lab, or made by hand where the
 * lab has not run the gate yet: tests/fixtures/cib/README.md). */
#ifndef HP_FO_BUDGET_H
#define HP_FO_BUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "fo_cib_status.h"

/* The gate's own defaults when the CIB does not set its
 * FO_PARAM_GATE_PEER_WAIT and FO_PARAM_GATE_TIEBREAK (fo_ids.h;
 * agents/fence_hapair_gate: GATE_PEER_WAIT_DEFAULT,
 * GATE_TIEBREAK_DELAY_DEFAULT). */
#define FO_BUDGET_PEER_WAIT_DEFAULT_MS   250
#define FO_BUDGET_TIEBREAK_DEFAULT_MS    10000
/* The gate's own run when hapaird's record decides: the ping targets
 * answer within a millisecond, the rest is starting a shell (measured in
 * the lab: 30 to 40 ms from the fencer's request to the gate's answer). */
#define FO_BUDGET_GATE_RECORD_MS         50

/* How long a fence device takes to power a node off.  No device reports
 * it, so these are named here per agent:
 * - the lab's agent (tests/lab/fence_hapair_lab) asks the host's fence
 *   listener, which kills the node's processes: about half a second;
 * - fence_ipmilan: an ESTIMATE, not a measurement (the lab's simulated
 *   BMCs say nothing about real ones).  The agent logs in to the BMC,
 *   sends "chassis power off" and polls the power status until the BMC
 *   reports it off; replace the figure once measured on real hardware. */
#define FO_BUDGET_FENCE_LAB_MS           500
#define FO_BUDGET_FENCE_IPMI_MS          4000
/* fence_heuristics_ping as older hapair configured it: 2 probes 1 s apart,
 * one answer enough, so about a second when the LAN answers. */
#define FO_BUDGET_PING_HEURISTIC_MS      1000
/* Pacemaker's side once the fence is confirmed: the scheduler's new
 * transition and the group's starts (the failover IP's IPaddr2 and a
 * service's start each take tens of ms in the lab; a real service may
 * take longer, its own start is not counted beyond this). */
#define FO_BUDGET_START_MS               1000

/* What the budget depends on. */
struct fo_budget_in {
	unsigned token_ms;            /* corosync's running token; 0: unknown */
	unsigned consensus_ms;        /* corosync's running consensus; 0: unknown */
	bool stonith_enabled;
	unsigned priority_delay_ms;   /* priority-fencing-delay; 0: not set */
	bool gate;                    /* a FO_TYPE_FENCE_GATE device is configured */
	unsigned peer_wait_ms;        /* the gate's FO_PARAM_GATE_PEER_WAIT */
	unsigned tiebreak_ms;         /* the gate's FO_PARAM_GATE_TIEBREAK */
	bool gate_ping_targets;       /* the gate has ping targets */
	bool ping_heuristic;          /* an older pair's fence_heuristics_ping */
	unsigned fence_off_ms;        /* the slowest power device; 0: none configured */
	unsigned fence_devices;       /* power devices (not the gate, not a heuristic) */
};

/* The budget.  Every part in ms; crash_ms is the loss of a dead node
 * (hapaird's record shows it silent: the gate decides at once), worst_ms
 * that of a node that still answers on the service network: the gate
 * listens for it (listen_ms), then waits its tie-break (tiebreak_ms),
 * unless that is in crash_ms already (tiebreak_on_crash). */
struct fo_budget {
	unsigned detection_ms;        /* token + consensus */
	unsigned priority_delay_ms;   /* paid on every loss of the active node */
	unsigned gate_ms;             /* the gate's own run, or the ping heuristic */
	unsigned listen_ms;           /* the gate's peer_wait: at worst only */
	unsigned tiebreak_ms;         /* the gate's tie-break: at worst, or always */
	bool tiebreak_on_crash;       /* no ping targets: paid after a crash too */
	unsigned fence_ms;            /* the device's power-off */
	unsigned start_ms;            /* FO_BUDGET_START_MS */
	unsigned crash_ms;
	unsigned worst_ms;
};

/* "0.5" -> 500: the seconds the gate accepts (digits with at most one
 * point, at most 7 characters), rounded to the ms.  0; -EINVAL for what
 * the gate refuses; -ERANGE for a day or more. */
int fo_budget_seconds_ms(const char *text, unsigned *ms);

/* The power-off time of a fence device of type TYPE ("fence_ipmilan"), or
 * 0 when hapair does not know that type. */
unsigned fo_budget_fence_off_ms(const char *type);

/* The fencing half of IN from ST (a whole CIB unpacked by
 * fo_status_from_cib_xml); the corosync half is left as it is.  0;
 * -EINVAL or -ERANGE with a sentence in ERR (what to fix) when the gate's
 * settings cannot be used or a fence device's type is unknown to hapair. */
int fo_budget_in_from_status(const struct fo_status *st, struct fo_budget_in *in,
    char *err, size_t errlen);

/* The budget from IN.  0; -ENODATA when corosync's timeouts are not known,
 * -ENOENT when fencing is on but no device can fence, each with a
 * sentence in ERR, and OUT zeroed. */
int fo_budget_compute(const struct fo_budget_in *in, struct fo_budget *out,
    char *err, size_t errlen);

#endif
