# shellcheck shell=bash disable=SC2034 # FM_* are set for tests/faults/run
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/faults/faults.sh: the faults of the matrix (tests/faults/run), one
# function each: fault_NAME ACTIVE PASSIVE LOG T0 hits the pair and waits
# for what the product promises after it, then sets FM_CAME_BACK (yes when
# the promise held: the service moved, or stayed, by itself) and FM_NOTE.
# The runner heals the pair afterwards (cables in, nodes powered, hapaird
# running) and checks the mail.

FM_FAULTS="power-active power-passive hb-cut eth0-cut-active both-cut-active \
hapaird-active hapaird-passive corosync-active pacemakerd-active freeze-active \
hb-loss volume-full clock-jump takeover-both takeover-resync \
power-active-sync restart-active-sync disk-fail-active disk-fail-passive split-brain"

fault_doc() {
	case $1 in
	power-active) echo "power loss of the active node: the passive one fences it and serves" ;;
	power-passive) echo "power loss of the passive node: the active one keeps serving" ;;
	hb-cut) echo "heartbeat cable (eth1) of the active node cut for 30 s: nothing moves" ;;
	eth0-cut-active) echo "public cable (eth0) of the active node cut: the service moves" ;;
	both-cut-active) echo "both cables of the active node cut: the passive one fences it and serves" ;;
	hapaird-active) echo "hapaird SIGKILLed on the active node: the service goes on; restarted" ;;
	hapaird-passive) echo "hapaird SIGKILLed on the passive node: the service goes on; restarted" ;;
	corosync-active) echo "corosync SIGKILLed on the active node: the service moves" ;;
	pacemakerd-active) echo "pacemakerd SIGKILLed on the active node: the service moves" ;;
	freeze-active) echo "corosync of the active node stopped (SIGSTOP) for 15 s: the service moves" ;;
	hb-loss) echo "30 % packet loss on the heartbeat link for 2 minutes" ;;
	volume-full) echo "the replicated volume full for 20 s: mail refused (4xx), nothing lost" ;;
	clock-jump) echo "the active node's clock one hour ahead for 30 s: nothing moves" ;;
	takeover-both) echo "takeover requested on both nodes at once: one move, no loss" ;;
	takeover-resync) echo "takeover asked during a resync: refused with the sync's progress" ;;
	power-active-sync) echo "power loss of the active node during a full sync of the passive: the service waits for it" ;;
	restart-active-sync) echo "restart of the active node asked during a full sync of the passive: refused" ;;
	disk-fail-active) echo "the active node's DRBD backing disk fails every I/O: DRBD detaches, the service goes on" ;;
	disk-fail-passive) echo "the passive node's DRBD backing disk fails every I/O: DRBD detaches there, the service goes on" ;;
	split-brain) echo "a split brain made by hand (maintenance, both sides written), repaired keeping the active node" ;;
	*) echo "?" ;;
	esac
}

# fm_moved_to P LIMIT: P active within LIMIT seconds
fm_moved_to() {
	if until_ok "$2" fm_role_is "$1" active >/dev/null; then
		FM_CAME_BACK=yes
	else
		FM_NOTE="${FM_NOTE:+$FM_NOTE; }$1 not active within $2 s"
	fi
}

# fm_stayed A P: nothing moved: A still active, P passive unless it is off
fm_stayed() {
	if fm_role_is "$1" active && { ! fm_node_running "$2" || fm_role_is "$2" passive; }; then
		FM_CAME_BACK=yes
	else
		FM_NOTE="${FM_NOTE:+$FM_NOTE; }roles changed: $1 $(fm_status "$1" 'print(s["role"])'), $2 $(fm_status "$2" 'print(s["role"])')"
	fi
}

fault_power-active() { lab kill "$1" >/dev/null; fm_moved_to "$2" 300; }

fault_power-passive() {
	lab kill "$2" >/dev/null
	until_ok 120 fm_status "$1" 'assert [n["online"] for n in s["cluster"]["nodes"]].count(False) == 1' \
	    >/dev/null || FM_NOTE="$1 did not see $2 go"
	fm_stayed "$1" "$2"
}

fault_hb-cut() {
	lab cut "$1" eth1 >/dev/null
	sleep 30
	fm_stayed "$1" "$2"
	lab uncut "$1" eth1 >/dev/null
}

fault_eth0-cut-active() { lab cut "$1" eth0 >/dev/null; fm_moved_to "$2" 120; }

fault_both-cut-active() {
	lab cut "$1" eth0 >/dev/null
	lab cut "$1" eth1 >/dev/null
	fm_moved_to "$2" 300
}

# fm_hapaird_killed NODE ROLE A P: hapaird SIGKILLed on NODE, restarted 10
# s later as a service manager would; nothing of the service moves
fm_hapaird_killed() {
	lab exec "$1" pkill -KILL -x hapaird
	sleep 10
	fm_hapaird_ensure "$1"
	until_ok 60 fm_role_is "$1" "$2" >/dev/null
	fm_stayed "$3" "$4"
}
fault_hapaird-active() { fm_hapaird_killed "$1" active "$1" "$2"; }
fault_hapaird-passive() { fm_hapaird_killed "$2" passive "$1" "$2"; }

fault_corosync-active() { lab exec "$1" pkill -KILL -x corosync; fm_moved_to "$2" 300; }

fault_pacemakerd-active() { lab exec "$1" pkill -KILL -x pacemakerd; fm_moved_to "$2" 300; }

fault_freeze-active() {
	lab exec "$1" pkill -STOP -x corosync
	sleep 15
	lab exec "$1" pkill -CONT -x corosync
	fm_moved_to "$2" 300
}

fault_hb-loss() {
	lab loss "$1" eth1 30 >/dev/null
	lab loss "$2" eth1 30 >/dev/null
	sleep 120
	lab loss "$1" eth1 off >/dev/null
	lab loss "$2" eth1 off >/dev/null
	# the promise: mail goes on being accepted; whether a node was
	# fenced meanwhile is the note
	if fm_role_is "$1" active; then FM_CAME_BACK=yes
	else FM_NOTE="the service moved"; fm_moved_to "$2" 120; fi
}

fault_volume-full() {
	local mnt
	mnt=$(dirname "$(lab addr mta-root)")
	# shellcheck disable=SC2016 # expanded by the node's sh
	lab exec "$1" sh -c 'avail=$(df -B1 --output=avail "$1" | tail -n 1)
fallocate -l "$avail" "$1/faults-fill" || dd if=/dev/zero of="$1/faults-fill" bs=1M status=none' sh "$mnt" \
	    >/dev/null 2>&1
	FM_NOTE="free on the volume: $(lab exec "$1" df -h --output=avail "$mnt" | tail -n 1 | tr -d ' ')"
	sleep 20
	lab exec "$1" rm -f "$mnt/faults-fill"
	fm_stayed "$1" "$2"
}

fault_clock-jump() {
	lab exec "$1" date -s '+1 hour' >/dev/null
	sleep 30
	fm_stayed "$1" "$2"
	lab exec "$1" date -s '-1 hour' >/dev/null
}

fault_takeover-both() {
	local o1 o2
	fm_ctl "$1" takeover >"$HAPAIR_LAB_DIR/takeover.$1" 2>&1 &
	o1=$!
	fm_ctl "$2" takeover >"$HAPAIR_LAB_DIR/takeover.$2" 2>&1 &
	o2=$!
	wait "$o1" "$o2"
	until_ok 120 fm_pair_healthy >/dev/null
	FM_NOTE="$1: $(tail -n 1 "$HAPAIR_LAB_DIR/takeover.$1" | cut -c1-80); $2: $(tail -n 1 "$HAPAIR_LAB_DIR/takeover.$2" | cut -c1-80)"
	fm_active >/dev/null && FM_CAME_BACK=yes
}

fault_takeover-resync() {
	lab exec "$1" drbdadm disconnect r0
	lab exec "$1" dd if=/dev/urandom of=/srv/hapair/faults-resync bs=1M count=60 conv=fsync status=none
	lab slow "$2" eth1 24mbit >/dev/null
	lab exec "$1" drbdadm connect r0
	sleep 3
	if fm_ctl "$2" takeover >"$HAPAIR_LAB_DIR/takeover.out" 2>&1; then
		FM_NOTE="takeover during the resync was not refused"
	elif grep -q "sync is [0-9.]* % done" "$HAPAIR_LAB_DIR/takeover.out"; then
		fm_stayed "$1" "$2"
	else
		FM_NOTE="refused without the sync's progress: $(tail -n 1 "$HAPAIR_LAB_DIR/takeover.out" | cut -c1-100)"
	fi
	lab slow "$2" eth1 off >/dev/null
	lab exec "$1" rm -f /srv/hapair/faults-resync
}

# fm_full_sync A P: the passive's data thrown away and synced again from
# the active (drbdadm invalidate), behind a 24 Mbit/s cable: for about 80
# s the passive is Inconsistent, as during the initial sync of a new
# cluster (the same DRBD state, without making the cluster again)
fm_full_sync() {
	lab slow "$2" eth1 24mbit >/dev/null
	lab exec "$2" drbdadm invalidate r0 || return 1
	until_ok 30 fm_status "$1" 'assert s["drbd"]["peer_disk"] == "Inconsistent", s["drbd"]' >/dev/null
}

fault_power-active-sync() {
	fm_full_sync "$1" "$2" || { FM_NOTE="the full sync did not start"; return; }
	lab kill "$1" >/dev/null
	# the passive cannot take over with half a copy: the service waits
	# until the active is back (its fence reboots it) and serves again
	sleep 20
	if fm_role_is "$2" active; then FM_NOTE="the Inconsistent $2 took over"; fi
	lab slow "$2" eth1 off >/dev/null
	fm_node_running "$1" || lab boot --no-wait "$1" >/dev/null
	until_ok 300 fm_role_is "$1" active >/dev/null && FM_CAME_BACK=yes
	FM_NOTE="${FM_NOTE:+$FM_NOTE; }$2 Inconsistent: the service came back with $1"
}

fault_restart-active-sync() {
	fm_full_sync "$1" "$2" || { FM_NOTE="the full sync did not start"; return; }
	if fm_ctl "$1" node restart "$1" >"$HAPAIR_LAB_DIR/restart.out" 2>&1; then
		FM_NOTE="the restart was not refused: $(tail -n 1 "$HAPAIR_LAB_DIR/restart.out" | cut -c1-100)"
	else
		FM_NOTE="refused: $(tail -n 1 "$HAPAIR_LAB_DIR/restart.out" | cut -c1-120)"
		fm_stayed "$1" "$2"
	fi
	lab slow "$2" eth1 off >/dev/null
}

# fm_disk_fail NODE A P: NODE's backing disk fails for 20 s; DRBD detaches
# it (on-io-error detach) and the active serves on, from the peer's disk if
# it was its own; then the disk works again and is attached (resync)
fm_disk_fail() {
	lab disk "$1" fail >/dev/null || { FM_NOTE="lab disk failed (HAPAIR_LAB_UML_DM=1?)"; return; }
	until_ok 60 fm_status "$1" 'assert s["drbd"]["disk"] == "Diskless", s["drbd"]' >/dev/null &&
		FM_NOTE="$1 Diskless after ${WAITED} s" || FM_NOTE="$1 not Diskless within 60 s"
	sleep 20
	fm_stayed "$2" "$3"
	lab disk "$1" ok >/dev/null
	lab exec "$1" drbdadm attach r0 >/dev/null 2>&1 || FM_NOTE="$FM_NOTE; drbdadm attach failed"
}
fault_disk-fail-active() { fm_disk_fail "$1" "$1" "$2"; }
fault_disk-fail-passive() { fm_disk_fail "$2" "$1" "$2"; }

# split brain by hand (as tests/create-uml.test makes it): maintenance
# mode, DRBD disconnected, the active goes on taking mail, the passive
# promoted and written, connected again: both refuse to resync.  Repaired
# keeping the active node; what the survivor acknowledged must be there.
fault_split-brain() {
	local out
	fm_ctl "$1" maintenance on >/dev/null || { FM_NOTE="maintenance on failed"; return; }
	if ! { lab exec "$1" drbdadm disconnect r0 && lab exec "$2" drbdadm disconnect r0; }; then
		FM_NOTE="drbdadm disconnect failed"; return
	fi
	sleep 10
	lab exec "$2" sh -c "{ drbdadm primary r0 || drbdadm primary --force r0; } &&
	    mkdir -p /mnt/sb && mount /dev/drbd0 /mnt/sb &&
	    dd if=/dev/urandom of=/mnt/sb/faults-sb bs=1M count=4 conv=fsync status=none &&
	    umount /mnt/sb && drbdadm secondary r0" || { FM_NOTE="writing on the passive failed"; return; }
	lab exec "$2" drbdadm connect r0; lab exec "$1" drbdadm connect r0
	until_ok 60 fm_status "$1" 'assert s["drbd"]["split_brain"] is not None, s["drbd"]' >/dev/null ||
		FM_NOTE="no split brain reported"
	fm_ctl "$1" maintenance off >/dev/null
	out=$(fm_ctl "$1" repair-split-brain --survivor "$1" --yes 2>&1) &&
		{ FM_NOTE="${FM_NOTE:+$FM_NOTE; }repaired: $(tail -n 1 <<<"$out" | cut -c1-60)"; fm_stayed "$1" "$2"; } ||
		FM_NOTE="${FM_NOTE:+$FM_NOTE; }repair failed: $(tail -n 1 <<<"$out" | cut -c1-100)"
}
