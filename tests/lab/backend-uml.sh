# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# backend-uml.sh: the lab's nodes as User-Mode Linux guests, for real DRBD.
# Sourced by tests/lab/lab, which documents the be_* contract.
#
# A node is a UML kernel (Debian's user-mode-linux 6.1, which ships DRBD
# 8.4) booted with the host's root file system over hostfs and
# node-init-uml as PID 1, so it runs the host's binaries. Its DRBD backing
# disk is a sparse file, ubd0 = /dev/ubda inside. The wiring lives in the
# namespace hpu-net, where the kernels are started so they can open their taps:
#
#   hpu-net   hpubr0 "the switch" (LAN 10.99.0.0/24): hpu1e0 hpu2e0 hpucl hpuhost
#             hpubr1 the heartbeat network (eth1):    hpu1e1 hpu2e1
#   node1     eth0 10.99.0.11/24   eth1 192.168.250.1/24   (taps hpu1e0, hpu1e1)
#   node2     eth0 10.99.0.12/24   eth1 192.168.250.2/24   (taps hpu2e0, hpu2e1)
#   hpu-client eth0 10.99.0.100/24
#   host      hpu-host 10.99.0.1/24 (veth to hpuhost), so the host reaches the APIs
#   hpu-bmc   eth0 10.99.0.21/24 + 10.99.0.22/24 (veth to hpube0): the nodes'
#             BMCs (tests/lab/bmc.sh), outside the nodes, so they outlive a kill
#
# Per node, lab_node_dir holds what lab_prepare_nodes makes (hapair.conf,
# the persistent directories listed in "mounts") plus: disk.img,
# lib-pacemaker.img and "disks" (see HPU_PCMK_IMG_SIZE), env (what
# node-init-uml needs), init.log (the kernel's console and init's output),
# pgid (the kernel's process group), booted (init's "ready" marker) and ctl/,
# the files through which be_exec talks to the node's command agent; being
# hostfs files, that channel works with both cables pulled.
#
# Cables and power:
#   cut NODE IF    the tap leaves its bridge (nomaster): the node keeps its
#                  carrier, its frames go nowhere. Never set a tap down: the
#                  UML vector NIC then stops receiving for good.
#   kill NODE      SIGKILL of the kernel's whole process group: the node falls
#                  silent at once, as with a pulled power cord.
#   boot NODE      a new kernel with the same disk and persistent directories.
# Every name is hpu*; other labs (hpn-*, 10.98.0.0/24) are never touched.
#
# Environment: HAPAIR_LAB_UML (the kernel, /usr/bin/linux.uml),
# HAPAIR_LAB_UML_MEM (per node, 512M), HAPAIR_LAB_EXEC_TIMEOUT (seconds
# be_exec waits for a command, 600), HAPAIR_LAB_UML_RESYNC_RATE ([data]
# resync_rate of the nodes, 3M), HAPAIR_LAB_UML_FXSAVE (auto|yes|no, see
# hpu_fxsave_needed), HAPAIR_LAB_UML_DM (0; 1: the data disk through
# device-mapper, so that `lab disk NODE fail` can turn it into a failing one).

HPU_UML=${HAPAIR_LAB_UML:-/usr/bin/linux.uml}
HPU_MEM=${HAPAIR_LAB_UML_MEM:-512M}
HPU_DISK_SIZE=256M
# The data volume's resync ceiling: at DRBD's default the 256 MiB disk syncs
# before a test can watch it.  At 3 MiB/s the initial sync (~85 s) outlasts
# the create job's steps after the promotion, so the job shows its progress.
# A test that does not watch it sets a higher one (10 s at full speed) and
# slows one resync with `lab slow` where it does watch.
HPU_RESYNC_RATE=${HAPAIR_LAB_UML_RESYNC_RATE:-3M}
# The heartbeat timeout ([heartbeat] timeout: corosync's token, DRBD's ping
# timeout is half).  A uml guest on 2 shared cores beside the other lab's
# tests was seen to miss the default 1000 ms token and DRBD's 500 ms ping
# again and again (membership lost and re-formed, the peer fenced during
# the initial sync): a virtual appliance on a busy host needs more.
# shellcheck disable=SC2034 # read by tests/lab/lab
BE_HB_TIMEOUT_MS=5000
HPU_DISK_DEV=/dev/ubda
# HAPAIR_LAB_UML_DM=1: DRBD's backing device is /dev/mapper/hpdata, a
# linear device-mapper target over the disk, whose table `lab disk NODE
# fail` switches to "error" (every read and write fails, as a dying disk's)
HPU_DM=${HAPAIR_LAB_UML_DM:-0}
[ "$HPU_DM" = 1 ] && HPU_DISK_DEV=/dev/mapper/hpdata
HPU_DATA_MOUNT=/srv/hapair
# the lab service's spool on the replicated data volume ([data] in hapair.conf)
# shellcheck disable=SC2034 # read by tests/lab/lab
BE_SPOOL=$HPU_DATA_MOUNT/spool
# HAPAIR_LAB_SERVICE=postfix: Postfix's queue and mailbox, on that volume too
# shellcheck disable=SC2034 # read by tests/lab/lab
BE_MTA_ROOT=$HPU_DATA_MOUNT/mta
HPU_NET=hpu-net
HPU_CLIENT=hpu-client
HPU_BMC=hpu-bmc
HPU_HOST_IF=hpu-host
HPU_BR_LAN=hpubr0
HPU_BR_HB=hpubr1
HPU_HB_PREFIX=24
HPU_BOOT_TIMEOUT_S=60
HPU_KILL_TIMEOUT_S=15
HPU_EXEC_TIMEOUT_S=${HAPAIR_LAB_EXEC_TIMEOUT:-600}
# DRBD's state and configuration persist too (lab_prepare_nodes makes the rest).
HPU_EXTRA_MOUNTS="etc-drbd /etc/drbd.d
lib-drbd /var/lib/drbd"
# hostfs creates every file as the host user running UML (root) and has no
# way to give it to the guest user who created it: a file that pacemaker's
# daemons (hacluster) create there turns root's, and pacemaker-based stops
# writing the CIB ("Couldn't protect temporary file ... Operation not
# permitted"). So /var/lib/pacemaker lives on an ext4 image (ubd1, /dev/ubdb
# inside), made from lab_prepare_nodes' directory; the other persistent
# directories are written by root only and stay readable from the host.
HPU_PCMK_IMG_SIZE=128M

# The node's keeper. This host's PID 1 may not reap orphans, so the keeper
# makes itself a child subreaper, starts the UML kernel in a new session (the
# session id is the process group to SIGKILL), writes the kernel's PID, and
# reaps the kernel and every helper process its death orphans.
# With "fxsave" it first installs a seccomp filter that fails ptrace's
# PTRACE_GETREGSET/SETREGSET for NT_X86_XSTATE: UML 6.1 hands the host a
# fixed 832-byte XSAVE buffer, which host kernels refuse (EFAULT: "userspace -
# ptrace set fp regs failed, errno = 14", then a panic) when the CPU has more
# user state than AVX (AVX-512, PKU, AMX). The filter makes UML take its
# PTRACE_GETFPREGS/SETFPREGS (FXSAVE) path at boot; see hpu_fxsave_needed for
# what that costs.
HPU_KEEPER='
import ctypes, os, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
pidfile, mode, argv = sys.argv[1], sys.argv[2], sys.argv[3:]

def no_xstate_ptrace():
    def ins(code, k, jt=0, jf=0):
        return struct.pack("HBBI", code, jt, jf, k)
    ld, jeq, ret = 0x20, 0x15, 0x06     # BPF_LD|W|ABS, BPF_JMP|JEQ|K, BPF_RET
    prog = b"".join([
        ins(ld, 4), ins(jeq, 0xC000003E, 0, 8),   # arch == x86_64
        ins(ld, 0), ins(jeq, 101, 0, 6),          # nr == ptrace
        ins(ld, 16), ins(jeq, 0x4204, 1, 0),      # GETREGSET
        ins(jeq, 0x4205, 0, 3),                   # SETREGSET
        ins(ld, 32), ins(jeq, 0x202, 0, 1),       # NT_X86_XSTATE
        ins(ret, 0x00050000 | 5),                 # ERRNO(EIO)
        ins(ret, 0x7FFF0000)])                    # ALLOW
    buf = ctypes.create_string_buffer(prog, len(prog))
    class Fprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
    fprog = Fprog(len(prog) // 8, ctypes.addressof(buf))
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:  # SECCOMP_MODE_FILTER
        sys.exit("keeper: seccomp: " + os.strerror(ctypes.get_errno()))

pid = os.fork()
if pid == 0:
    os.setsid()
    if mode == "fxsave":
        no_xstate_ptrace()
    os.execvp(argv[0], argv)
with open(pidfile + ".tmp", "w") as f:
    f.write("%d\n" % pid)
os.rename(pidfile + ".tmp", pidfile)
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
    except InterruptedError:
        pass
'

be_addr() {
	case $1 in
	node1) echo 10.99.0.11 ;;
	node2) echo 10.99.0.12 ;;
	node1-hb) echo 192.168.250.1 ;;
	node2-hb) echo 192.168.250.2 ;;
	client) echo 10.99.0.100 ;;
	host) echo 10.99.0.1 ;;
	vip) echo 10.99.0.10 ;;
	prefix) echo 24 ;;
	disk) echo "$HPU_DISK_DEV" ;;
	node1-bmc) echo 10.99.0.21 ;;
	node2-bmc) echo 10.99.0.22 ;;
	*) return 1 ;;
	esac
}

hpu_num() { echo "${1#node}"; }               # node1 -> 1
hpu_ns_exists() { [ -e "/run/netns/$1" ]; }
# Fixed MACs, as in the netns backend: 02:00 + the IPv4 address.
hpu_mac() {
	local a b c d
	IFS=. read -r a b c d <<<"$1"
	printf '02:00:%02x:%02x:%02x:%02x\n' "$a" "$b" "$c" "$d"
}

# hpu_group_alive PGID: does a live (not zombie) process remain in the group?
hpu_group_alive() {
	local pg=$1 f s
	for f in /proc/[0-9]*/stat; do
		{ read -r s <"$f"; } 2>/dev/null || continue
		s=${s##*) }   # after "pid (comm) ": state ppid pgrp ...
		# shellcheck disable=SC2086 # split into fields on purpose
		set -- $s
		[ "$3" = "$pg" ] && [ "$1" != Z ] && return 0
	done
	return 1
}

# hpu_pgid NODE: the process group of NODE's kernel, if it still runs.
hpu_pgid() {
	local pg
	pg=$(cat "$(lab_node_dir "$1")/pgid" 2>/dev/null) || return 1
	[[ $pg =~ ^[0-9]+$ ]] && hpu_group_alive "$pg" || return 1
	echo "$pg"
}

# hpu_fxsave_needed: does this CPU have user XSAVE state beyond AVX, so that
# UML 6.1 cannot use XSTATE ptrace? HAPAIR_LAB_UML_FXSAVE=yes|no overrides.
# The cost of the FXSAVE path: UML saves only x87/SSE registers per guest
# thread, so AVX registers could leak between the threads of one guest
# process; node-init-uml therefore keeps glibc, OpenSSL, GnuTLS and NSS off AVX.
hpu_fxsave_needed() {
	case ${HAPAIR_LAB_UML_FXSAVE:-auto} in
	yes) return 0 ;;
	no) return 1 ;;
	esac
	grep -m1 '^flags' /proc/cpuinfo | grep -qwE 'avx512f|pku|amx_tile|mpx'
}

# hpu_host_facts: check what a node boots from; sets HPU_MODDIR, HPU_FPU_MODE.
hpu_host_facts() {
	local p
	[ -x "$HPU_UML" ] || {
		lab_log "$HPU_UML is missing: apt-get install user-mode-linux"; return 1; }
	HPU_MODDIR=/usr/lib/uml/modules/$("$HPU_UML" --version 2>/dev/null)
	[ -f "$HPU_MODDIR/kernel/drivers/block/drbd/drbd.ko" ] || {
		lab_log "no drbd.ko under $HPU_MODDIR: reinstall user-mode-linux"; return 1; }
	for p in ethtool insmod python3 setsid drbdadm; do
		command -v "$p" >/dev/null || {
			lab_log "$p is missing on the host (the nodes run the host's binaries): install it"
			return 1; }
	done
	# The kernel command line splits on blanks, vec options on commas.
	if [[ $LAB_DIR$LAB_SRC =~ [[:space:],] ]]; then
		lab_log "the uml backend cannot pass paths with blanks or commas to the kernel: $LAB_DIR, $LAB_SRC"
		return 1
	fi
	# A node sees the host's files through hostfs, except where its init
	# mounts its own (/run, /dev, /var/tmp...).
	for p in "$LAB_DIR" "$LAB_SRC" "$HAPAIR_BIN_DIR" "$HAPAIR_WWW_DIR"; do
		case $p/ in
		/run/*|/var/run/*|/dev/*|/var/tmp/*|/proc/*|/sys/*)
			lab_log "$p is hidden inside a UML node (its own /run, /dev, /var/tmp): use a directory elsewhere, e.g. under /tmp"
			return 1 ;;
		esac
	done
	HPU_FPU_MODE=xstate
	if hpu_fxsave_needed; then HPU_FPU_MODE=fxsave; fi
}

hpu_net_up() {
	local n i node
	for n in "$HPU_NET" "$HPU_CLIENT"; do
		ip netns add "$n" && ip -n "$n" link set lo up || return 1
	done
	ip -n "$HPU_NET" link add "$HPU_BR_LAN" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$HPU_NET" link add "$HPU_BR_HB" type bridge stp_state 0 forward_delay 0 &&
	ip -n "$HPU_NET" link set "$HPU_BR_LAN" up &&
	ip -n "$HPU_NET" link set "$HPU_BR_HB" up || return 1
	# A node receives through its tap. With TSO/GSO off on the tap the host
	# segments every large frame before handing it over; otherwise the UML
	# vector NIC (gro=0, MTU-sized buffers) truncates the GSO frames that the
	# client's or the host's veth sends: TCP collapses to a few KB/s. UML's
	# TUNSETOFFLOAD when it opens the tap cannot turn them back on.
	for node in $LAB_NODES; do
		n=$(hpu_num "$node")
		for i in 0 1; do
			ip -n "$HPU_NET" tuntap add "hpu${n}e$i" mode tap &&
			ip netns exec "$HPU_NET" ethtool -K "hpu${n}e$i" \
			    tso off gso off sg off >/dev/null &&
			ip -n "$HPU_NET" link set "hpu${n}e$i" master "hpubr$i" up || return 1
		done
	done
	ip -n "$HPU_NET" link add hpucl type veth peer name eth0 netns "$HPU_CLIENT" &&
	ip -n "$HPU_NET" link set hpucl master "$HPU_BR_LAN" up &&
	ip -n "$HPU_CLIENT" link set eth0 address "$(hpu_mac "$(be_addr client)")" &&
	ip -n "$HPU_CLIENT" addr add "$(be_addr client)/$(be_addr prefix)" dev eth0 &&
	ip -n "$HPU_CLIENT" link set eth0 up || return 1
	ip link add "$HPU_HOST_IF" type veth peer name hpuhost netns "$HPU_NET" &&
	ip -n "$HPU_NET" link set hpuhost master "$HPU_BR_LAN" up &&
	ip addr add "$(be_addr host)/$(be_addr prefix)" dev "$HPU_HOST_IF" &&
	ip link set "$HPU_HOST_IF" up
}

# hpu_node_create NODE: what a UML node needs beyond lab_prepare_nodes: a
# blank disk, DRBD's directories, the data volume in hapair.conf, env.
hpu_node_create() {
	local node=$1 dir sub conf
	dir=$(lab_node_dir "$node")
	mkdir -p "$dir/ctl" && truncate -s "$HPU_DISK_SIZE" "$dir/disk.img" || return 1
	while read -r sub _; do
		mkdir -p "$dir/$sub" || return 1
	done <<<"$HPU_EXTRA_MOUNTS"
	printf '%s\n' "$HPU_EXTRA_MOUNTS" >>"$dir/mounts"
	mkfs.ext4 -q -F -d "$dir/lib-pacemaker" "$dir/lib-pacemaker.img" "$HPU_PCMK_IMG_SIZE" \
	    >/dev/null &&
	rm -rf "$dir/lib-pacemaker" || return 1
	# what node-init-uml mounts instead of the bind mount from "mounts"
	echo "/dev/ubdb /var/lib/pacemaker" >"$dir/disks"
	# /etc/drbd.conf (the host's) includes drbd.d/global_common.conf; with a
	# usage count drbdadm would look up usage.drbd.org.
	cat >"$dir/etc-drbd/global_common.conf" <<-EOF
	# written by tests/lab/backend-uml.sh: the lab appliance's DRBD defaults
	global { usage-count no; }
	common { }
	EOF
	# This node has a data disk: replace lab_write_conf's [data] section.
	conf=$dir/etc-hapair/hapair.conf
	awk '/^\[/ { skip = ($0 == "[data]") } !skip' "$conf" >"$conf.tmp" &&
	cat >>"$conf.tmp" <<-EOF &&
	[data]
	device = $HPU_DISK_DEV
	mount = $HPU_DATA_MOUNT
	fstype = ext4
	resync_rate = $HPU_RESYNC_RATE
	EOF
	mv "$conf.tmp" "$conf" || return 1
	{
		printf 'HPU_NODE=%q\n' "$node"
		printf 'HPU_IP0=%q\n' "$(be_addr "$node")/$(be_addr prefix)"
		printf 'HPU_IP1=%q\n' "$(be_addr "$node-hb")/$HPU_HB_PREFIX"
		printf 'HPU_MODDIR=%q\n' "$HPU_MODDIR"
		printf 'HPU_FPU_MODE=%q\n' "$HPU_FPU_MODE"
		printf 'HPU_DM=%q\n' "$HPU_DM"
		printf 'HAPAIR_BIN_DIR=%q\n' "$HAPAIR_BIN_DIR"
	} >"$dir/env"
}

# hpu_launch NODE: start NODE's kernel; hpu_wait_booted waits for its init.
hpu_launch() {
	local node=$1 n dir i
	n=$(hpu_num "$node") dir=$(lab_node_dir "$node")
	rm -f "$dir/booted" "$dir/pgid" "$dir/ctl/"*
	rm -rf "$LAB_DIR/run/hpu-$node"
	mkdir -p "$LAB_DIR/run"
	echo "--- $(date '+%F %T') boot" >>"$dir/init.log"
	HPU_T0=$EPOCHREALTIME
	# setsid -f: the node is nobody's job and holds no pipe of the caller
	# (make check waits for those to close).
	setsid -f python3 -c "$HPU_KEEPER" "$dir/pgid" "$HPU_FPU_MODE" \
	    ip netns exec "$HPU_NET" "$HPU_UML" \
	    "umid=hpu-$node" "uml_dir=$LAB_DIR/run" "mem=$HPU_MEM" \
	    rootfstype=hostfs rootflags=/ rw "ubd0=$dir/disk.img" "ubd1=$dir/lib-pacemaker.img" \
	    "vec0:transport=tap,ifname=hpu${n}e0,depth=64,gro=0,mac=$(hpu_mac "$(be_addr "$node")")" \
	    "vec1:transport=tap,ifname=hpu${n}e1,depth=64,gro=0,mac=$(hpu_mac "$(be_addr "$node-hb")")" \
	    "init=$LAB_SRC/node-init-uml" "hpu_dir=$dir" con=null con0=null,fd:1 \
	    </dev/null >>"$dir/init.log" 2>&1 || return 1
	for i in $(seq 100); do
		[ -s "$dir/pgid" ] && return 0
		sleep 0.05
	done
	lab_log "$node: the kernel did not start; see $dir/init.log"
	return 1
}

# hpu_wait_booted NODE: until init is ready (network, DRBD module, hapaird
# started, command agent running).
hpu_wait_booted() {
	local node=$1 dir i
	dir=$(lab_node_dir "$node")
	for ((i = 1; i <= HPU_BOOT_TIMEOUT_S * 10; i++)); do
		if [ -f "$dir/booted" ]; then
			lab_log "$node: kernel booted in $(awk -v a="$HPU_T0" -v b="$EPOCHREALTIME" \
			    'BEGIN { printf "%.1f", b - a }') s ($(cat "$dir/booted"))"
			return 0
		fi
		if ((i % 10 == 0)) && ! hpu_pgid "$node" >/dev/null; then
			lab_log "$node died while booting; the end of $dir/init.log:"
			tail -n 15 "$dir/init.log" >&2
			return 1
		fi
		sleep 0.1
	done
	lab_log "$node did not boot within $HPU_BOOT_TIMEOUT_S s; the end of $dir/init.log:"
	tail -n 15 "$dir/init.log" >&2
	return 1
}

# hpu_kill NODE: SIGKILL the kernel's process group, wait until it is gone.
hpu_kill() {
	local node=$1 pg i
	if pg=$(hpu_pgid "$node"); then
		kill -KILL -- "-$pg" 2>/dev/null
		for ((i = 0; i < HPU_KILL_TIMEOUT_S * 20; i++)); do
			hpu_group_alive "$pg" || break
			sleep 0.05
		done
		if hpu_group_alive "$pg"; then
			lab_log "$node: process group $pg still alive after SIGKILL"
			return 1
		fi
	fi
	rm -f "$(lab_node_dir "$node")/pgid" "$(lab_node_dir "$node")/booted"
	rm -rf "$LAB_DIR/run/hpu-$node"
}

# hpu_kill_ns NS: SIGKILL every process in netns NS, wait until none is left.
hpu_kill_ns() {
	local ns=$1 pids i
	for ((i = 0; i < HPU_KILL_TIMEOUT_S * 20; i++)); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -z "$pids" ] && return 0
		# shellcheck disable=SC2086 # a list of PIDs
		kill -KILL $pids 2>/dev/null
		sleep 0.05
	done
	lab_log "processes left in $ns: $pids"
	return 1
}

be_up() {
	local node
	hpu_host_facts && lab_prepare_nodes && hpu_net_up || return 1
	for node in $LAB_NODES; do
		hpu_node_create "$node" && hpu_launch "$node" || return 1
	done
	for node in $LAB_NODES; do
		hpu_wait_booted "$node" || return 1
	done
}

be_down() {
	local node ns rc=0
	for node in $LAB_NODES; do hpu_kill "$node" || rc=1; done
	# What is left in the lab's namespaces was started through the lab
	# (be_client, the probe, or kernels a down with another LAB_DIR did not
	# know of): ours.
	for ns in "$HPU_BMC" "$HPU_CLIENT" "$HPU_NET"; do
		hpu_ns_exists "$ns" && { hpu_kill_ns "$ns" || rc=1; }
	done
	if ip link show "$HPU_HOST_IF" >/dev/null 2>&1; then
		ip link del "$HPU_HOST_IF" || rc=1
	fi
	for ns in "$HPU_BMC" "$HPU_CLIENT" "$HPU_NET"; do
		hpu_ns_exists "$ns" && { ip netns del "$ns" || rc=1; }
	done
	rm -rf "$LAB_DIR/run"
	return $rc
}

be_status() {
	local any=no node state notes i running=0 pg
	hpu_ns_exists "$HPU_NET" && any=yes
	hpu_ns_exists "$HPU_CLIENT" && any=yes
	ip link show "$HPU_HOST_IF" >/dev/null 2>&1 && any=yes
	for node in $LAB_NODES; do hpu_pgid "$node" >/dev/null && any=yes; done
	[ "$any" = yes ] || return 3
	for node in $LAB_NODES; do
		state=stopped notes=""
		if pg=$(hpu_pgid "$node"); then
			state=running running=$((running + 1)) notes=" (kernel pid $pg)"
		fi
		for i in 0 1; do
			ip -n "$HPU_NET" -o link show "hpu$(hpu_num "$node")e$i" 2>/dev/null |
			    grep -q " master " || notes+=" [eth$i cut]"
		done
		echo "$node: $state$notes"
	done
	[ "$running" = 2 ]
}

# be_exec NODE CMD...: through the node's command agent (node-init-uml).
# stdin goes along when it is a file, or a pipe with data (or its end)
# ready within 0.5 s; an idle terminal or pipe is never waited for.
be_exec() {
	local node=$1 dir base rc i ready=
	shift
	dir=$(lab_node_dir "$node")
	if ! hpu_pgid "$node" >/dev/null || [ ! -f "$dir/booted" ]; then
		lab_log "$node is not running"
		return 125
	fi
	base=$dir/ctl/$$.$BASHPID.$RANDOM.${EPOCHREALTIME/./}
	if [ -f /dev/stdin ]; then
		ready=1
	elif [ -p /dev/stdin ]; then
		for i in $(seq 10); do
			read -r -t 0 && { ready=1; break; }
			sleep 0.05
		done
	fi
	if [ -n "$ready" ]; then cat >"$base.in" || return 125; fi
	{
		printf 'cd -- %q 2>/dev/null || cd /\n' "$PWD"
		printf 'exec'
		printf ' %q' "$@"
		printf '\n'
	} >"$base.tmp" && mv "$base.tmp" "$base.cmd" || return 125
	for ((i = 1; ; i++)); do
		[ -e "$base.rc" ] && break
		if ((i % 20 == 0)) && ! hpu_pgid "$node" >/dev/null; then
			lab_log "$node went down while running: $*"
			rm -f "$base".*
			return 125
		fi
		if ((i > HPU_EXEC_TIMEOUT_S * 20)); then
			lab_log "$node: no answer within $HPU_EXEC_TIMEOUT_S s to: $*"
			rm -f "$base.cmd" "$base.in"
			return 124
		fi
		sleep 0.05
	done
	cat "$base.out" 2>/dev/null
	cat "$base.err" >&2 2>/dev/null
	rc=$(cat "$base.rc")
	rm -f "$base".*
	return "${rc:-125}"
}

be_bmc_ns() { echo "$HPU_BMC"; }

be_bmc_attach() {
	ip -n "$1" link add eth0 address "$(hpu_mac "$(be_addr node1-bmc)")" type veth \
	    peer name hpube0 netns "$HPU_NET" &&
	ip -n "$HPU_NET" link set hpube0 master "$HPU_BR_LAN" up
}

be_client() {
	hpu_ns_exists "$HPU_CLIENT" || { lab_log "the lab is not up"; return 125; }
	ip netns exec "$HPU_CLIENT" "$@"
}

be_kill() {
	local node=$1
	hpu_pgid "$node" >/dev/null || { lab_log "$node is not running"; return 1; }
	hpu_kill "$node"
}

be_boot() {
	local node=$1
	hpu_ns_exists "$HPU_NET" || { lab_log "the lab is not up"; return 1; }
	hpu_pgid "$node" >/dev/null && { lab_log "$node is already running"; return 1; }
	hpu_host_facts && hpu_kill "$node" && hpu_launch "$node" && hpu_wait_booted "$node"
}

be_cut() {
	ip -n "$HPU_NET" link set "hpu$(hpu_num "$1")e${2#eth}" nomaster
}

be_uncut() {
	ip -n "$HPU_NET" link set "hpu$(hpu_num "$1")e${2#eth}" master "hpubr${2#eth}"
}

be_slow() { lab_slow_port "$HPU_NET" "hpu$(hpu_num "$1")e${2#eth}" "$3"; }
# be_disk NODE fail|ok: the data disk's device-mapper table switched to
# "error", or back to the disk (HAPAIR_LAB_UML_DM=1 only)
be_disk() {
	local table
	[ "$HPU_DM" = 1 ] || { lab_log "the lab runs without device-mapper: up with HAPAIR_LAB_UML_DM=1"; return 1; }
	table="linear /dev/ubda 0"
	[ "$2" = fail ] && table=error
	# shellcheck disable=SC2016 # expanded by the node's sh
	be_exec "$1" env DM_DISABLE_UDEV=1 sh -c 'dmsetup load hpdata --table "0 $(blockdev --getsz /dev/ubda) $1" &&
dmsetup resume hpdata' sh "$table"
}
be_loss() { lab_loss_port "$HPU_NET" "hpu$(hpu_num "$1")e${2#eth}" "$3"; }
