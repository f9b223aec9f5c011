# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# backend-netns.sh: the lab's nodes as Linux namespaces on this host.
# Sourced by tests/lab/lab, which documents the be_* contract.
#
# A node is a network namespace hpn-NODE plus, per boot, mount + UTS + PID
# namespaces whose PID 1 is node-init-netns; it runs the host's binaries.
# The wiring lives in hpn-lan, which the nodes cannot see:
#
#   hpn-lan   hpnbr0 "the switch" (LAN 10.98.0.0/24): hpn1e0 hpn2e0 hpnce0 hpnh0
#             hpnbr1 "the crossover cable" (eth1):    hpn1e1 hpn2e1
#   hpn-node1 eth0 10.98.0.11/24   eth1 192.168.250.1/24
#   hpn-node2 eth0 10.98.0.12/24   eth1 192.168.250.2/24
#   hpn-client eth0 10.98.0.100/24
#   host      hpn-host 10.98.0.1/24 (veth to hpnh0), so the host reaches the APIs
#   hpn-bmc   eth0 10.98.0.21/24 + 10.98.0.22/24 (veth to hpnbe0): the nodes'
#             BMCs (tests/lab/bmc.sh), outside the nodes, so they outlive a kill
#
# Cables, as a user of real hardware would see them; the lab never changes
# anything inside a running node:
#   cut NODE eth0   the switch port dies: hpnNe0 leaves the bridge
#                   (nomaster); the node keeps its carrier, frames go nowhere.
#   cut NODE eth1   the crossover cable is unplugged at NODE: both ends lose
#                   carrier (hpn1e1 and hpn2e1 go down), admin state untouched.
#                   The cable works again when no end is unplugged.
#   kill NODE       power off: the node's NICs go down first (so the dying
#                   kernel sockets send nothing, and nothing answers ARP or
#                   ping), its peer loses carrier on eth1, then every process
#                   of the node is SIGKILLed.  The namespace stays.
#   boot NODE       power on: NICs reset to their configured addresses (a
#                   failover IP added before the crash is gone), a new init.
# Every name is hpn*; other labs (hpu-*, 10.99.0.0/24) are never touched.

HPN_LAN=hpn-lan
HPN_CLIENT=hpn-client
HPN_HOST_IF=hpn-host
HPN_BR_LAN=hpnbr0
HPN_BR_HB=hpnbr1
HPN_HB_PREFIX=24
# No data volume here: the lab service spools to the node's persistent
# /var/lib/hapair (nodes/NODE/lib-hapair), which survives kill and boot.
# shellcheck disable=SC2034 # read by tests/lab/lab
BE_SPOOL=/var/lib/hapair/mailsink.spool
# HAPAIR_LAB_SERVICE=postfix: Postfix's queue and mailbox, per node (not
# replicated: what one node accepted, the other does not have)
# shellcheck disable=SC2034 # read by tests/lab/lab
BE_MTA_ROOT=/var/lib/hapair/mta
# the namespaces be_up makes, in teardown order: the wiring last
HPN_UP_NS="hpn-client hpn-node1 hpn-node2 $HPN_LAN"
# tests/lab/bmc.sh makes the BMCs' namespace; be_down removes it first
HPN_BMC=hpn-bmc
HPN_ALL_NS="$HPN_BMC $HPN_UP_NS"

be_addr() {
	case $1 in
	node1) echo 10.98.0.11 ;;
	node2) echo 10.98.0.12 ;;
	node1-hb) echo 192.168.250.1 ;;
	node2-hb) echo 192.168.250.2 ;;
	client) echo 10.98.0.100 ;;
	host) echo 10.98.0.1 ;;
	vip) echo 10.98.0.10 ;;
	prefix) echo 24 ;;
	node1-bmc) echo 10.98.0.21 ;;
	node2-bmc) echo 10.98.0.22 ;;
	*) return 1 ;;
	esac
}

hpn_ns() { echo "hpn-$1"; }
hpn_num() { echo "${1#node}"; }               # node1 -> 1
hpn_peer() { [ "$1" = node1 ] && echo node2 || echo node1; }
hpn_ns_exists() { [ -e "/run/netns/$1" ]; }
# Fixed MACs make neighbour tables and captures readable: 02:00 + the IPv4 address.
hpn_mac() {
	local a b c d
	IFS=. read -r a b c d <<<"$1"
	printf '02:00:%02x:%02x:%02x:%02x\n' "$a" "$b" "$c" "$d"
}

# Cable state, kept as files so every command sees it.
hpn_unplugged() { [ -e "$LAB_DIR/unplugged-$1-$2" ]; }   # NODE IF
hpn_off() { [ -e "$LAB_DIR/off-$1" ]; }                   # NODE

# Host PID of the node's init (PID 1 of its PID namespace), if it runs.
hpn_init_pid() {
	local p
	for p in $(ip netns pids "$(hpn_ns "$1")" 2>/dev/null); do
		# "NSpid: HOSTPID 1": PID 1 of a namespace below ours
		awk '$1 == "NSpid:" && NF > 2 && $NF == 1 { f = 1 } END { exit !f }' \
		    "/proc/$p/status" 2>/dev/null && { echo "$p"; return 0; }
	done
	return 1
}

# The eth1 cable carries frames into NODE's eth1 only while neither end is
# unplugged and the peer is powered; hpnNe1 down = no carrier on NODE's eth1.
hpn_sync_hb() {
	local node peer state
	for node in $LAB_NODES; do
		peer=$(hpn_peer "$node") state=up
		if hpn_unplugged node1 eth1 || hpn_unplugged node2 eth1 || hpn_off "$peer"; then
			state=down
		fi
		ip -n "$HPN_LAN" link set "hpn$(hpn_num "$node")e1" "$state" || return 1
	done
}

# The node's NICs as at power-on: configured addresses only, link up.
hpn_net_reset() {
	local node=$1 ns
	ns=$(hpn_ns "$node")
	ip -n "$ns" link set eth0 down && ip -n "$ns" link set eth1 down &&
	ip -n "$ns" addr flush dev eth0 && ip -n "$ns" addr flush dev eth1 &&
	ip -n "$ns" neigh flush all &&
	ip -n "$ns" addr add "$(be_addr "$node")/$(be_addr prefix)" dev eth0 &&
	ip -n "$ns" addr add "$(be_addr "$node-hb")/$HPN_HB_PREFIX" dev eth1 &&
	ip -n "$ns" link set eth0 up && ip -n "$ns" link set eth1 up
}

hpn_start_node() {
	local node=$1 dir i
	dir=$(lab_node_dir "$node")
	echo "--- $(date '+%F %T') boot" >>"$dir/init.log"
	# setsid: the node is nobody's job, a ^C in the caller's terminal does
	# not reach it; its output goes to init.log so that it holds no pipe of
	# the caller (make check waits for those to close).
	setsid ip netns exec "$(hpn_ns "$node")" \
	    unshare --mount --uts --pid --fork --mount-proc --propagation private \
	    "$LAB_SRC/node-init-netns" "$node" "$dir" "$HAPAIR_BIN_DIR" \
	    </dev/null >>"$dir/init.log" 2>&1 &
	for i in $(seq 100); do
		hpn_init_pid "$node" >/dev/null && return 0
		sleep 0.02
	done
	lab_log "$node: its init did not start; see $dir/init.log"
	return 1
}

# SIGKILL every process in netns NS and wait until none is left.
hpn_kill_ns() {
	local ns=$1 pids i
	for i in $(seq 100); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -z "$pids" ] && return 0
		# shellcheck disable=SC2086 # a list of PIDs
		kill -KILL $pids 2>/dev/null
		sleep 0.02
	done
	lab_log "processes left in $ns: $pids"
	return 1
}

be_up() {
	local ns node n
	lab_prepare_nodes || return 1
	for ns in $HPN_UP_NS; do
		ip netns add "$ns" && ip -n "$ns" link set lo up || return 1
	done
	ip -n "$HPN_LAN" link add "$HPN_BR_LAN" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$HPN_LAN" link add "$HPN_BR_HB" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$HPN_LAN" link set "$HPN_BR_LAN" up &&
	ip -n "$HPN_LAN" link set "$HPN_BR_HB" up || return 1
	# Every veth is made inside its namespaces: none ever shows on the host
	# but hpn-host.
	for node in $LAB_NODES; do
		ns=$(hpn_ns "$node") n=$(hpn_num "$node")
		ip -n "$ns" link add eth0 address "$(hpn_mac "$(be_addr "$node")")" type veth \
		    peer name "hpn${n}e0" netns "$HPN_LAN" &&
		ip -n "$ns" link add eth1 address "$(hpn_mac "$(be_addr "$node-hb")")" type veth \
		    peer name "hpn${n}e1" netns "$HPN_LAN" &&
		ip -n "$HPN_LAN" link set "hpn${n}e0" master "$HPN_BR_LAN" up &&
		ip -n "$HPN_LAN" link set "hpn${n}e1" master "$HPN_BR_HB" up &&
		hpn_net_reset "$node" || return 1
	done
	ip -n "$HPN_CLIENT" link add eth0 address "$(hpn_mac "$(be_addr client)")" type veth \
	    peer name hpnce0 netns "$HPN_LAN" &&
	ip -n "$HPN_LAN" link set hpnce0 master "$HPN_BR_LAN" up &&
	ip -n "$HPN_CLIENT" addr add "$(be_addr client)/$(be_addr prefix)" dev eth0 &&
	ip -n "$HPN_CLIENT" link set eth0 up || return 1
	ip link add "$HPN_HOST_IF" type veth peer name hpnh0 netns "$HPN_LAN" &&
	ip -n "$HPN_LAN" link set hpnh0 master "$HPN_BR_LAN" up &&
	ip addr add "$(be_addr host)/$(be_addr prefix)" dev "$HPN_HOST_IF" &&
	ip link set "$HPN_HOST_IF" up || return 1
	rm -f "$LAB_DIR"/unplugged-* "$LAB_DIR"/off-*
	for node in $LAB_NODES; do
		hpn_start_node "$node" || return 1
	done
}

be_down() {
	local ns rc=0
	for ns in $HPN_ALL_NS; do
		hpn_ns_exists "$ns" && { hpn_kill_ns "$ns" || rc=1; }
	done
	if ip link show "$HPN_HOST_IF" >/dev/null 2>&1; then
		ip link del "$HPN_HOST_IF" || rc=1
	fi
	for ns in $HPN_ALL_NS; do
		hpn_ns_exists "$ns" && { ip netns del "$ns" || rc=1; }
	done
	rm -f "$LAB_DIR"/unplugged-* "$LAB_DIR"/off-*
	return $rc
}

be_status() {
	local any=no ns node state notes i running=0
	for ns in $HPN_ALL_NS; do hpn_ns_exists "$ns" && any=yes; done
	ip link show "$HPN_HOST_IF" >/dev/null 2>&1 && any=yes
	[ "$any" = yes ] || return 3
	for node in $LAB_NODES; do
		state=stopped notes=""
		hpn_init_pid "$node" >/dev/null && state=running running=$((running + 1))
		for i in eth0 eth1; do
			hpn_unplugged "$node" "$i" && notes+=" [$i cut]"
		done
		echo "$node: $state$notes"
	done
	[ "$running" = 2 ]
}

be_exec() {
	local node=$1 pid; shift
	pid=$(hpn_init_pid "$node") || { lab_log "$node is not running"; return 125; }
	# -m would leave us in /: --wd keeps relative paths working.
	nsenter -t "$pid" -n -m -u -p --wd="$PWD" -- "$@"
}

be_client() {
	hpn_ns_exists "$HPN_CLIENT" || { lab_log "the lab is not up"; return 125; }
	ip netns exec "$HPN_CLIENT" "$@"
}

be_kill() {
	local node=$1 ns
	ns=$(hpn_ns "$node")
	touch "$LAB_DIR/off-$node"
	ip -n "$ns" link set eth0 down && ip -n "$ns" link set eth1 down &&
	hpn_sync_hb && hpn_kill_ns "$ns"
}

be_boot() {
	local node=$1
	hpn_net_reset "$node" || return 1
	rm -f "$LAB_DIR/off-$node"
	hpn_sync_hb && hpn_start_node "$node"
}

be_cut() {
	local node=$1 ifname=$2
	touch "$LAB_DIR/unplugged-$node-$ifname"
	case $ifname in
	eth0) ip -n "$HPN_LAN" link set "hpn$(hpn_num "$node")e0" nomaster ;;
	eth1) hpn_sync_hb ;;
	esac
}

be_slow() { lab_slow_port "$HPN_LAN" "hpn$(hpn_num "$1")e${2#eth}" "$3"; }
be_disk() { lab_log "the netns lab has no data disk: use the uml backend"; return 1; }
be_loss() { lab_loss_port "$HPN_LAN" "hpn$(hpn_num "$1")e${2#eth}" "$3"; }

be_bmc_ns() { echo "$HPN_BMC"; }

be_bmc_attach() {
	ip -n "$1" link add eth0 address "$(hpn_mac "$(be_addr node1-bmc)")" type veth \
	    peer name hpnbe0 netns "$HPN_LAN" &&
	ip -n "$HPN_LAN" link set hpnbe0 master "$HPN_BR_LAN" up
}

be_uncut() {
	local node=$1 ifname=$2
	rm -f "$LAB_DIR/unplugged-$node-$ifname"
	case $ifname in
	eth0) ip -n "$HPN_LAN" link set "hpn$(hpn_num "$node")e0" master "$HPN_BR_LAN" ;;
	eth1) hpn_sync_hb ;;
	esac
}
