# shellcheck shell=bash disable=SC2034 # FM_* are set for the scripts that source it
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/faults/lib.sh: the pair under mail, for the fault matrix
# (tests/faults/run) and for the suite's mail test (tests/mail-uml.test).
#
# A uml lab with Postfix as the appliance service (HAPAIR_LAB_SERVICE=
# postfix: its queue and mailbox on the DRBD volume), a cluster made of it,
# the SMTP writer on the lab's client and the checker inside the node that
# serves.  Sourced after tests/tap.sh (until_ok); the caller holds the uml
# lab's lock and sets top_srcdir, top_builddir, HAPAIR_LAB_DIR, and defines
# lab() (the lab script, without the lock's descriptor).
#
# What it must never do: count a message as safe that the checker did not
# find on the node that serves, or leave a writer running.

FM_SMTP=${top_srcdir:?}/tests/lab/smtpclient
FM_WRITER_PID=""
# Set here, not in fm_lab_up: a caller that runs fm_lab_up in a command
# substitution (to keep its output) would lose it with the subshell, and
# the writer would then connect to "" (the client's own loopback: every
# attempt refused, as mail-uml.test's first runs saw).
FM_VIP=$(lab addr vip)

fm_ctl() { local n=$1; shift; lab exec "$n" hapairctl "$@"; }
fm_other() { [ "$1" = node1 ] && echo node2 || echo node1; }

# fm_status NODE PYTHON: PYTHON run with s = NODE's status --json
fm_status() {
	local js
	js=$(fm_ctl "$1" status --json 2>/dev/null) || { echo "no status from $1"; return 1; }
	python3 -c "import json, sys
s = json.loads(sys.argv[1])
$2" "$js"
}

# fm_active: the node whose status says active (nothing and 1 when none)
fm_active() {
	local n
	for n in node1 node2; do
		[ "$(fm_status "$n" 'print(s["role"])' 2>/dev/null)" = active ] && { echo "$n"; return 0; }
	done
	return 1
}

# fm_healthy NODE: as seen from NODE, both nodes online and out of standby,
# one active, DRBD connected with both disks UpToDate, no job running.
fm_healthy() {
	fm_status "$1" '
c = s["cluster"]; d = s["drbd"]
assert sum(n["online"] and not n.get("standby") for n in c["nodes"]) == 2, c["nodes"]
assert (d["disk"], d["peer_disk"]) == ("UpToDate", "UpToDate"), d
assert s.get("job") is None, s.get("job")'
}

# fm_pair_healthy: each node says healthy and exactly one is active
fm_pair_healthy() {
	local a
	a=$(fm_active) || { echo "no node active"; return 1; }
	fm_healthy node1 && fm_healthy node2 &&
		[ "$(fm_status "$(fm_other "$a")" 'print(s["role"])')" = passive ]
}

fm_node_running() { lab status 2>/dev/null | grep -q "^$1  *running"; }

# fm_lab_up: a fresh lab with Postfix, a cluster created from node1, the
# initial sync done and mail accepted through the failover IP.
fm_lab_up() {
	local out
	out=$(HAPAIR_LAB_SERVICE=postfix lab up 2>&1) || { echo "lab up failed: $(tail -n 5 <<<"$out")"; return 1; }
	printf '%s\n' "$HAPAIR_LAB_PASSWORD" >"$HAPAIR_LAB_DIR/pw" && chmod 600 "$HAPAIR_LAB_DIR/pw"
	# --ping: the host stands in for the service network's gateway
	fm_ctl node1 create --yes --no-wait --peer "$(lab addr node2-hb)" \
	    --peer-password-file "$HAPAIR_LAB_DIR/pw" \
	    --failover-ip "$FM_VIP/$(lab addr prefix)" --ping "$(lab addr host)" >/dev/null 2>&1
	until_ok 600 fm_pair_healthy >/dev/null || { echo "the cluster did not become healthy"; return 1; }
	until_ok 120 fm_smtp_answers >/dev/null || { echo "Postfix does not answer on $FM_VIP:25"; return 1; }
}

# fm_smtp_answers: one message through the failover IP is acknowledged
fm_smtp_answers() {
	lab client python3 "$FM_SMTP" write "$FM_VIP" 25 --log "$HAPAIR_LAB_DIR/answers.log" \
	    --run answers --count 1 2>&1 | grep -q 'acked 1'
}

# fm_writer_start LOG RUNID: the writer on the client, in the background
fm_writer_start() {
	local pidf=$HAPAIR_LAB_DIR/writer.pid
	rm -f "$pidf"
	# shellcheck disable=SC2016 # expanded by the client's sh
	lab client sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$pidf" \
	    python3 "$FM_SMTP" write "$FM_VIP" 25 --log "$1" --run "$2" \
	    >"$1.out" 2>&1 </dev/null &
	until_ok 10 test -s "$pidf" >/dev/null || return 1
	FM_WRITER_PID=$(cat "$pidf")
}

# fm_writer_stop: SIGTERM; the writer finishes its attempt and says its sums
fm_writer_stop() {
	[ -n "$FM_WRITER_PID" ] || return 0
	kill -TERM "$FM_WRITER_PID" 2>/dev/null
	until_ok 20 eval "! kill -0 $FM_WRITER_PID 2>/dev/null" >/dev/null ||
		kill -KILL "$FM_WRITER_PID" 2>/dev/null
	FM_WRITER_PID=""
	wait 2>/dev/null
}

# fm_acks LOG [SINCE]: acknowledged attempts in LOG (that began after SINCE)
fm_acks() {
	awk -v t="${2:-0}" '$4 == "ack" && $2 >= t { n++ } END { print n + 0 }' "$1" 2>/dev/null
}

# fm_acks_reach LOG N [SINCE]: at least N acknowledged (since SINCE)
fm_acks_reach() { [ "$(fm_acks "$1" "${3:-0}")" -ge "$2" ]; }

# fm_check NODE LOG RUNID: the checker inside NODE, on its mailbox and queue
fm_check() {
	lab exec "$1" python3 "$FM_SMTP" check --log "$2" --run "$3" \
	    --maildir "$(lab addr maildir)" --queue "$(lab addr mailqueue)" --wait-queue 60
}

fm_now() { date +%s.%N | cut -c1-14; }

# fm_hapaird_ensure NODE: hapaird running in NODE, started as the node's
# init starts it (tests/lab/node-init-uml) when it is not: what an
# appliance's service manager does for a daemon that died.
fm_hapaird_ensure() {
	# shellcheck disable=SC2016 # expanded by the node's sh
	lab exec "$1" sh -c 'pgrep -x hapaird >/dev/null && exit 0
cd / && PCMK_logfacility=none PCMK_logfile=/var/log/pacemaker/pacemaker.log \
    setsid hapaird -d -c /etc/hapair/hapair.conf </dev/null >>/var/log/hapair/hapaird.log 2>&1 &' \
	    >/dev/null 2>&1
}

# fm_role_is NODE ROLE
fm_role_is() { [ "$(fm_status "$1" 'print(s["role"])' 2>/dev/null)" = "$2" ]; }

fm_say() { printf '%s %s\n' "$(date '+%T')" "$*"; }

# fm_keep_logs: the nodes' logs (hapaird, Pacemaker, corosync, init) and
# the fence log copied to HAPAIR_LAB_DIR/kept-TIME before a new lab's `up`
# erases them: what broke the pair must stay readable.
fm_keep_logs() {
	local keep n
	keep=$HAPAIR_LAB_DIR/kept-$(date +%s)
	for n in node1 node2; do
		mkdir -p "$keep/$n" &&
		cp -a "$HAPAIR_LAB_DIR/nodes/$n"/log-* "$HAPAIR_LAB_DIR/nodes/$n/init.log" "$keep/$n/" 2>/dev/null
	done
	cp -a "$HAPAIR_LAB_DIR/fence.log" "$keep/" 2>/dev/null
	fm_say "the broken lab's logs are kept in $keep"
}

# fm_heal: every cable in, no lossy or slow link, frozen stacks thawed, a
# failed disk back and attached, hapaird running, both nodes powered;
# healthy within 5 minutes, else a new lab (FM_NEW_LAB=1).
fm_heal() {
	local n
	for n in node1 node2; do
		fm_node_running "$n" || lab boot --no-wait "$n" >/dev/null 2>&1
		lab uncut "$n" >/dev/null 2>&1
		lab loss "$n" eth1 off >/dev/null 2>&1
		lab slow "$n" eth1 off >/dev/null 2>&1
	done
	for n in node1 node2; do
		until_ok 120 lab exec "$n" true >/dev/null || continue
		lab exec "$n" pkill -CONT -x corosync >/dev/null 2>&1
		lab disk "$n" ok >/dev/null 2>&1
		# shellcheck disable=SC2016 # expanded by the node's sh
		lab exec "$n" sh -c 'case $(drbdadm dstate r0) in Diskless*) drbdadm attach r0 ;; esac' \
		    >/dev/null 2>&1
		fm_hapaird_ensure "$n"
	done
	until_ok 300 fm_pair_healthy >/dev/null && until_ok 60 fm_smtp_answers >/dev/null && return 0
	fm_say "the pair is not healthy 5 minutes after the fault: a new lab"
	FM_NEW_LAB=1
	fm_keep_logs
	lab down >/dev/null 2>&1
	fm_lab_up
}

# fm_run_fault FAULT RUNID: one run from a healthy pair: the writer, the
# fault and its promise (fault_FAULT), mail accepted again, the writer
# stopped, the pair healed, the checker on the node that serves.  Sets
# FM_CAME_BACK FM_NOTE FM_NEW_LAB FM_ACTIVE (before the fault), FM_SERVING,
# FM_LOST FM_DUP FM_UNP FM_ACKED (empty when the checker failed), FM_GAP
# (seconds, "-" when unknown), FM_CHECK_OUT and FM_GAPS_OUT.
fm_run_fault() {
	local fault=$1 rid=$2 log a p t0
	log=$HAPAIR_LAB_DIR/runs/$rid.log
	mkdir -p "$HAPAIR_LAB_DIR/runs"
	FM_CAME_BACK=no FM_NOTE="" FM_NEW_LAB=0 FM_LOST="" FM_DUP="" FM_UNP="" FM_ACKED="" FM_GAP=-
	a=$(fm_active) || { FM_NOTE="no active node before the fault"; return 1; }
	p=$(fm_other "$a")
	FM_ACTIVE=$a
	fm_writer_start "$log" "$rid" || { FM_NOTE="the writer did not start"; return 1; }
	until_ok 60 fm_acks_reach "$log" 10 >/dev/null || FM_NOTE="fewer than 10 acks before the fault"
	t0=$(fm_now)
	fm_say "$fault ($rid): $a active, $p passive; fault at $t0"
	"fault_$fault" "$a" "$p" "$log" "$t0"
	# mail accepted again: 10 more acknowledgements (300 s: in the uml
	# lab a crash takes about 90 s to Postfix listening again: 12 s to
	# fence, then the DRBD agent's notifications and promote, seconds
	# each in a guest where every program started costs 0.3 to 2.5 s)
	until_ok 300 fm_acks_reach "$log" "$(( $(fm_acks "$log" "$t0") + 10 ))" "$t0" >/dev/null ||
		{ FM_CAME_BACK=no; FM_NOTE="${FM_NOTE:+$FM_NOTE; }no mail accepted within 300 s of the fault's end"; }
	# the writer goes on while the pair heals (the other node back,
	# resynced): mail taken then counts too
	fm_heal
	fm_writer_stop
	FM_SERVING=$(fm_active) || FM_SERVING=$a
	FM_CHECK_OUT=$(fm_check "$FM_SERVING" "$log" "$rid" 2>&1)
	FM_GAPS_OUT=$(python3 "$FM_SMTP" gaps --log "$log" --since "$t0" 2>&1)
	FM_LOST=$(sed -n 's/.* lost=\([0-9]*\).*/\1/p' <<<"$FM_CHECK_OUT" | head -n 1)
	FM_DUP=$(sed -n 's/.* duplicates=\([0-9]*\).*/\1/p' <<<"$FM_CHECK_OUT" | head -n 1)
	FM_UNP=$(sed -n 's/.* unacked_present=\([0-9]*\).*/\1/p' <<<"$FM_CHECK_OUT" | head -n 1)
	FM_ACKED=$(sed -n 's/.* acked=\([0-9]*\).*/\1/p' <<<"$FM_CHECK_OUT" | head -n 1)
	FM_GAP=$(sed -n 's/^gaps: longest \([0-9.]*\) s.*/\1/p' <<<"$FM_GAPS_OUT")
	FM_GAP=${FM_GAP:--}
	[ -n "$FM_LOST" ] || FM_NOTE="${FM_NOTE:+$FM_NOTE; }the checker failed: $(tail -n 1 <<<"$FM_CHECK_OUT")"
	[ "$FM_NEW_LAB" = 1 ] && FM_NOTE="${FM_NOTE:+$FM_NOTE; }pair unhealthy after the run: new lab"
	return 0
}
