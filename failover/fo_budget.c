/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fo_budget: the failover budget from the running settings (see the
 * header for the order of the steps).  Pure: it reads structs, never the
 * cluster, and never logs. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "fo_budget.h"
#include "fo_ids.h"

/* The gate's own limit on a seconds value (its is_seconds: 7 characters). */
#define FO_BUDGET_SECONDS_CHARS_MAX 7
/* Longer than any setting that makes sense, short enough that every sum
 * of parts stays far inside an unsigned count of ms. */
#define FO_BUDGET_SECONDS_MAX       86400

int
fo_budget_seconds_ms(const char *text, unsigned *ms)
{
	static const unsigned place_ms[] = { 100, 10, 1 };
	unsigned whole = 0, frac_ms = 0, nfrac = 0;
	size_t n = text != NULL ? strlen(text) : 0;
	const char *p = text;

	/* the gate refuses "", ".5", "5." and anything but digits and a point */
	if (n == 0 || n > FO_BUDGET_SECONDS_CHARS_MAX || text[0] == '.' || text[n - 1] == '.')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (unsigned)(*p - '0');
	if (*p == '.') {
		/* to the ms, the fourth decimal rounding */
		for (p++; *p >= '0' && *p <= '9'; p++, nfrac++) {
			if (nfrac < G_N_ELEMENTS(place_ms))
				frac_ms += (unsigned)(*p - '0') * place_ms[nfrac];
			else if (nfrac == G_N_ELEMENTS(place_ms) && *p >= '5')
				frac_ms++;
		}
	}
	if (*p != '\0')
		return -EINVAL;
	if (whole >= FO_BUDGET_SECONDS_MAX)
		return -ERANGE;
	*ms = whole * 1000 + frac_ms;
	return 0;
}

unsigned
fo_budget_fence_off_ms(const char *type)
{
	if (type == NULL)
		return 0;
	if (strcmp(type, FO_TYPE_FENCE_LAB) == 0)
		return FO_BUDGET_FENCE_LAB_MS;
	if (strcmp(type, FO_TYPE_FENCE_IPMI) == 0)
		return FO_BUDGET_FENCE_IPMI_MS;
	return 0;
}

/* "stonith:fence_ipmilan" -> "fence_ipmilan"; NULL when not a fence device. */
static const char *
fo_budget_stonith_type(const char *agent)
{
	static const char prefix[] = FO_AGENT_STONITH ":";

	return strncmp(agent, prefix, sizeof(prefix) - 1) == 0 ? agent + sizeof(prefix) - 1 : NULL;
}

/* A gate value in ms: VALUE as written, DEFAULT_MS when unset. */
static int
fo_budget_gate_value(const char *name, const char *value, unsigned default_ms,
    unsigned *ms, char *err, size_t errlen)
{
	if (value[0] == '\0') {
		*ms = default_ms;
		return 0;
	}
	switch (fo_budget_seconds_ms(value, ms)) {
	case 0:
		return 0;
	case -ERANGE:
		snprintf(err, errlen, "the fence gate's %s is %s s, over a day: every takeover "
		    "may wait that long; set it in the CIB to seconds (e.g. 10)", name, value);
		return -ERANGE;
	default:
		snprintf(err, errlen, "the fence gate's %s '%s' is not a number of seconds: the "
		    "gate refuses to run with it, so no lost node is fenced; set it in the CIB "
		    "(e.g. 0.5)", name, value);
		return -EINVAL;
	}
}

int
fo_budget_in_from_status(const struct fo_status *st, struct fo_budget_in *in,
    char *err, size_t errlen)
{
	const struct fo_fence_settings *f = &st->fence;
	int rc;

	in->stonith_enabled = st->stonith_enabled;
	in->priority_delay_ms = f->priority_delay_ms;
	in->gate = f->gate;
	in->gate_ping_targets = f->gate_ping_targets;
	in->peer_wait_ms = in->tiebreak_ms = 0;
	in->ping_heuristic = false;
	in->fence_off_ms = 0;
	in->fence_devices = 0;
	if (f->gate) {
		if ((rc = fo_budget_gate_value(FO_PARAM_GATE_PEER_WAIT, f->gate_peer_wait,
		    FO_BUDGET_PEER_WAIT_DEFAULT_MS, &in->peer_wait_ms, err, errlen)) != 0)
			return rc;
		if ((rc = fo_budget_gate_value(FO_PARAM_GATE_TIEBREAK, f->gate_tiebreak,
		    FO_BUDGET_TIEBREAK_DEFAULT_MS, &in->tiebreak_ms, err, errlen)) != 0)
			return rc;
	}
	for (unsigned i = 0; i < st->nrsc; i++) {
		const struct fo_rsc_status *r = &st->rsc[i];
		const char *type = fo_budget_stonith_type(r->agent);
		unsigned off;

		if (type == NULL || strcmp(type, FO_TYPE_FENCE_GATE) == 0)
			continue;
		if (strcmp(type, FO_TYPE_FENCE_PING_HEURISTIC) == 0) {
			in->ping_heuristic = true;
			continue;
		}
		if ((off = fo_budget_fence_off_ms(type)) == 0) {
			snprintf(err, errlen, "fence device %s is of type %s, whose power-off time "
			    "hapair does not know: use fence_ipmilan (hapairctl create --bmc)",
			    r->id, type);
			return -EINVAL;
		}
		in->fence_devices++;
		/* A pair loses either node: count the slower device. */
		if (off > in->fence_off_ms)
			in->fence_off_ms = off;
	}
	return 0;
}

int
fo_budget_compute(const struct fo_budget_in *in, struct fo_budget *out,
    char *err, size_t errlen)
{
	unsigned alive_only = 0;

	memset(out, 0, sizeof(*out));
	if (in->token_ms == 0 || in->consensus_ms == 0) {
		snprintf(err, errlen, "corosync's token and consensus timeouts cannot be read: "
		    "is corosync running on this node?");
		return -ENODATA;
	}
	out->detection_ms = in->token_ms + in->consensus_ms;
	out->start_ms = FO_BUDGET_START_MS;
	if (in->stonith_enabled) {
		if (in->fence_devices == 0) {
			snprintf(err, errlen, "stonith-enabled is true but no fence device is "
			    "configured: a lost node is never fenced and its service never moves");
			memset(out, 0, sizeof(*out));
			return -ENOENT;
		}
		out->priority_delay_ms = in->priority_delay_ms;
		out->fence_ms = in->fence_off_ms;
		if (in->gate) {
			/* hapaird's record of the peer (daemon/peer_echo) tells
			 * the gate a crashed peer is silent: it does not listen
			 * then.  A peer that still answers is listened for
			 * (peer_wait), then given its tie-break. */
			out->gate_ms = FO_BUDGET_GATE_RECORD_MS;
			out->listen_ms = in->peer_wait_ms;
			out->tiebreak_ms = in->tiebreak_ms;
			/* Without ping targets the gate cannot tell a silent peer
			 * from one serving on its own cable: it always waits. */
			out->tiebreak_on_crash = !in->gate_ping_targets;
			alive_only = out->listen_ms;
			if (!out->tiebreak_on_crash)
				alive_only += out->tiebreak_ms;
		} else if (in->ping_heuristic) {
			out->gate_ms = FO_BUDGET_PING_HEURISTIC_MS;
		}
	}
	out->crash_ms = out->detection_ms + out->priority_delay_ms + out->gate_ms +
	    (out->tiebreak_on_crash ? out->tiebreak_ms : 0) + out->fence_ms + out->start_ms;
	out->worst_ms = out->crash_ms + alive_only;
	return 0;
}
