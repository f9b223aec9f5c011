# tests/tap.sh: TAP output for shell tests, sourced by tests/*.test.
#
#   plan N | skip_all "why"
#   ok "name" | not_ok "name" "diagnostic" | check "name" CMD... | skip "name" "why"
#   diag "text"      (a "# " line: shown in the log, not a result)
#   done_testing     (exit status: 0 when every point passed)
#   TAP_STORY="cmd"  run at the first failure, its output as diagnostics
# Each point's name says the behaviour it pins.

TAP_N=0
TAP_FAILED=0
TAP_T0=$(date +%s)

plan() { echo "1..$1"; TAP_PLANNED=1; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# Each result is followed by "# at N s" (since the test began): where a
# slow test spends its time, read from its log.
tap_at() { echo "# at $(( $(date +%s) - TAP_T0 )) s"; }
ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; tap_at; }
not_ok() {
	TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	tap_at
	[ -n "${2:-}" ] && diag "$2"
	# TAP_STORY: a command telling what led to the first failure (a lab
	# test's `lab story`), as diagnostics right after it
	if [ "$TAP_FAILED" = 1 ] && [ -n "${TAP_STORY:-}" ]; then
		diag "what went on before:" "$($TAP_STORY 2>&1)"
	fi
	return 0
}
skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1 # SKIP ${2:-}"; }
# check NAME CMD...: one test point from a command's exit status; its output
# goes to the log only when it fails.
check() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}
# until_ok SECONDS CMD...: rerun CMD every 0.2 s until it succeeds (sets
# WAITED) or SECONDS pass (prints CMD's last output, returns 1).
until_ok() {
	local limit=$1 t0 out; shift
	t0=$(date +%s.%N)
	while :; do
		if out=$("$@" 2>&1); then
			WAITED=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
			return 0
		fi
		if awk -v a="$t0" -v b="$(date +%s.%N)" -v l="$limit" 'BEGIN { exit !(b - a >= l) }'; then
			echo "$out"; return 1
		fi
		sleep 0.2
	done
}
done_testing() {
	[ -n "${TAP_PLANNED:-}" ] || echo "1..$TAP_N"
	# run-tests lists these, so the suite's long pole is known from any run.
	echo "# took $(( $(date +%s) - TAP_T0 )) s"
	[ "$TAP_FAILED" = 0 ]
}
# A lab test, once it holds its lab's lock (so no other test runs a lab of
# that backend): a lab still up then is a killed run's or a manual one
# (tools/demo).  The names are fixed, so it goes, through the test's own
# `lab` function, and the log says whose it was.
lab_clear() {
	local out
	out=$(lab clear 2>&1) || { echo "Bail out! $out"; exit 1; }
	[ -z "$out" ] || diag "$out"
}
