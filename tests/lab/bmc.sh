# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# bmc.sh: the lab's simulated BMCs, one per node, so that Pacemaker's real
# fence_ipmilan can power lab nodes off and on.  Sourced by tests/lab/lab
# after the backend; see "BMCs" in tests/lab/README.md.
#
# Each BMC is an OpenIPMI ipmi_sim answering IPMI over LAN (UDP 623, IPMI
# 1.5 and 2.0/RMCP+) on its own lab address (`lab addr node1-bmc`), from
# the namespace be_bmc_ns (hpn-bmc, hpu-bmc): not inside its node, so it
# keeps answering while the node is off, as a real BMC on standby power.
# Its chassis control calls tests/lab/bmc-chassis, which hands power off,
# on, reset and status to the lab's fence listener: the very `lab kill`,
# `lab boot` and `lab status` the lab fence agent uses.  Nothing here ever
# kills a node itself, and nothing but the processes started here (their
# PIDs in $LAB_DIR/bmc/NODE/pid) and the BMC namespace is ever removed.
#
# Backend hooks: be_bmc_ns (the namespace's name) and be_bmc_attach NS
# (plug NS's eth0 into the lab LAN's switch); the backend's be_down also
# removes the namespace, so `lab down` leaves nothing even if stop failed.

LAB_BMC_DIR=$LAB_DIR/bmc
LAB_BMC_USER=${HAPAIR_LAB_BMC_USER:-hapair}
LAB_BMC_PASSWORD=${HAPAIR_LAB_BMC_PASSWORD:-hapair-bmc}
LAB_BMC_PASSWORD_FILE=$LAB_BMC_DIR/password
LAB_BMC_PORT=623
LAB_BMC_IPMB=0x20          # the BMC's own IPMB address, as on real boards
LAB_BMC_START_TIMEOUT_S=5
LAB_BMC_STOP_TIMEOUT_S=5

lab_bmc_available() { command -v ipmi_sim >/dev/null 2>&1; }

lab_bmc_pid() { # NODE: the PID of NODE's running ipmi_sim, or nothing
	local pid
	pid=$(cat "$LAB_BMC_DIR/$1/pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && grep -qa ipmi_sim "/proc/$pid/cmdline" 2>/dev/null || return 1
	echo "$pid"
}

# lan.conf quotes names and passwords and ipmi_sim runs chassis_control
# through sh: allow only what needs no quoting.  IPMI limits both to 16
# bytes (IPMI 1.5; RMCP+ would allow 20 for the password).
lab_bmc_check_settings() {
	[[ $LAB_BMC_USER =~ ^[A-Za-z0-9._-]{1,16}$ ]] ||
		lab_die "HAPAIR_LAB_BMC_USER '$LAB_BMC_USER': use 1-16 of A-Z a-z 0-9 . _ -"
	[[ $LAB_BMC_PASSWORD =~ ^[A-Za-z0-9._-]{1,16}$ ]] ||
		lab_die "HAPAIR_LAB_BMC_PASSWORD: use 1-16 of A-Z a-z 0-9 . _ -"
	[[ $LAB_SRC$LAB_DIR =~ ^[A-Za-z0-9/._+-]+$ ]] ||
		lab_die "the BMCs need paths without spaces or shell characters: $LAB_SRC, $LAB_DIR"
}

lab_bmc_write_conf() { # NODE DIR
	local node=$1 dir=$2 guid
	# RMCP+ needs a GUID; a fixed one per node keeps captures comparable.
	guid=$(printf 'a5a1ab3c%024x' "$(lab_bmc_num "$node")")
	cat >"$dir/lan.conf" <<EOF
# written by tests/lab/bmc.sh: the lab BMC of $node
name "hapair-lab-$node"
set_working_mc $LAB_BMC_IPMB
startlan 1
  addr $(be_addr "$node-bmc") $LAB_BMC_PORT
  priv_limit admin
  # MD5 only for IPMI 1.5: none and straight would accept anything
  allowed_auths_callback md5
  allowed_auths_user md5
  allowed_auths_operator md5
  allowed_auths_admin md5
  guid $guid
endlan
chassis_control "$LAB_SRC/bmc-chassis $LAB_DIR $node"
# user 1 (anonymous) stays undefined: no access without the password
user 2 true "$LAB_BMC_USER" "$LAB_BMC_PASSWORD" admin 10 md5
EOF
	cat >"$dir/bmc.emu" <<EOF
mc_setbmc $LAB_BMC_IPMB
mc_add $LAB_BMC_IPMB 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02
mc_enable $LAB_BMC_IPMB
EOF
	chmod 600 "$dir/lan.conf"
}
lab_bmc_num() { echo "${1#node}"; }

# Whether NODE's ipmi_sim has bound its UDP port (it reads its
# configuration before it binds, so a bound port means it runs as set up).
lab_bmc_bound() {
	ip netns exec "$(be_bmc_ns)" ss -Hlun "src $(be_addr "$1-bmc"):$LAB_BMC_PORT" 2>/dev/null |
	    grep -q .
}

lab_bmc_start() {
	local ns node dir pid end
	lab_bmc_available || lab_die "ipmi_sim is not installed: apt-get install openipmi (tools/install-deps)"
	lab_bmc_check_settings
	lab_lab_is_up || lab_die "the lab is not up"
	ns=$(be_bmc_ns)
	if ! [ -e "/run/netns/$ns" ]; then
		ip netns add "$ns" && ip -n "$ns" link set lo up && be_bmc_attach "$ns" || return 1
		for node in $LAB_NODES; do
			ip -n "$ns" addr add "$(be_addr "$node-bmc")/$(be_addr prefix)" dev eth0 || return 1
		done
		ip -n "$ns" link set eth0 up || return 1
	fi
	mkdir -p "$LAB_BMC_DIR" && chmod 700 "$LAB_BMC_DIR" || return 1
	(umask 077 && printf '%s\n' "$LAB_BMC_PASSWORD" >"$LAB_BMC_PASSWORD_FILE") || return 1
	for node in $LAB_NODES; do
		lab_bmc_pid "$node" >/dev/null && continue
		dir=$LAB_BMC_DIR/$node
		rm -rf "$dir" && mkdir -p "$dir/state" || return 1
		lab_bmc_write_conf "$node" "$dir"
		# -n: no console on stdin; -p: users come from lan.conf every
		# start, never from what a previous run persisted.  Own session
		# and no caller's descriptors, like the fence listener.
		setsid ip netns exec "$ns" ipmi_sim -n -p -c "$dir/lan.conf" -f "$dir/bmc.emu" \
		    -s "$dir/state" </dev/null >>"$dir/ipmi_sim.out" 2>&1 &
		pid=$!
		echo "$pid" >"$dir/pid"
		end=$((SECONDS + LAB_BMC_START_TIMEOUT_S))
		until lab_bmc_bound "$node"; do
			if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -ge "$end" ]; then
				lab_log "$node's BMC did not start; see $dir/ipmi_sim.out"
				return 1
			fi
			sleep 0.05
		done
	done
}

# Whether PID runs: an exited ipmi_sim is reparented to the host's PID 1,
# which reaps late (README), so a zombie counts as gone.
lab_bmc_alive() {
	local state
	state=$(awk '$1 == "State:" { print $2 }' "/proc/$1/status" 2>/dev/null)
	[ -n "$state" ] && [ "$state" != Z ]
}

# Stop the ipmi_sims by their PIDs, then remove the namespace; a chassis
# request still running in it (bmc-chassis waiting for the listener) dies
# with it.
lab_bmc_stop() {
	local ns node pid pids="" end
	for node in $LAB_NODES; do
		pid=$(lab_bmc_pid "$node") && { kill -TERM "$pid"; pids="$pids $pid"; }
		rm -f "$LAB_BMC_DIR/$node/pid"
	done
	end=$((SECONDS + LAB_BMC_STOP_TIMEOUT_S))
	for pid in $pids; do
		while lab_bmc_alive "$pid" && [ "$SECONDS" -lt "$end" ]; do sleep 0.05; done
		lab_bmc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
	done
	ns=$(be_bmc_ns)
	if [ -e "/run/netns/$ns" ]; then
		pids=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086 # a list of PIDs, all in the lab's own namespace
		[ -z "$pids" ] || kill -KILL $pids 2>/dev/null
		ip netns del "$ns" || return 1
	fi
	rm -f "$LAB_BMC_PASSWORD_FILE"
}

lab_bmc_status() {
	local node pid
	for node in $LAB_NODES; do
		if pid=$(lab_bmc_pid "$node"); then
			printf '%s-bmc  running  ipmi://%s:%s  (ipmi_sim pid %s)\n' "$node" \
			    "$(be_addr "$node-bmc")" "$LAB_BMC_PORT" "$pid"
		else
			printf '%s-bmc  stopped  %s\n' "$node" "$(be_addr "$node-bmc")"
		fi
	done
}

lab_bmc_print() {
	printf '  BMCs (IPMI over LAN, lanplus, cipher 3): node1 %s, node2 %s; user %s, password file %s\n' \
	    "$(be_addr node1-bmc)" "$(be_addr node2-bmc)" "$LAB_BMC_USER" "$LAB_BMC_PASSWORD_FILE"
}
