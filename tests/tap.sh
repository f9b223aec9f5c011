# tests/tap.sh: TAP output for shell tests, sourced by tests/*.test.
#
#   plan N | skip_all "why"
#   ok "name" | not_ok "name" "diagnostic" | check "name" CMD... | skip "name" "why"
#   diag "text"      (a "# " line: shown in the log, not a result)
#   done_testing     (exit status: 0 when every point passed)
# Each point's name says the behaviour it pins.

TAP_N=0
TAP_FAILED=0

plan() { echo "1..$1"; TAP_PLANNED=1; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1"; }
not_ok() {
	TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	[ -n "${2:-}" ] && diag "$2"
	return 0
}
skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1 # SKIP ${2:-}"; }
# check NAME CMD...: one test point from a command's exit status; its output
# goes to the log only when it fails.
check() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then ok "$name"; else not_ok "$name" "$out"; fi
}
done_testing() {
	[ -n "${TAP_PLANNED:-}" ] || echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
}
