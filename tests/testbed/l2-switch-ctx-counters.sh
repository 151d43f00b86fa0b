#!/bin/sh
# l2-switch-ctx-counters.sh CAPACITY SWITCHES K... — inside the testbed, hvt
# loaded: for each mode (stay, migrate) and each K, hvt-bench l2-switch with
# ctx_cache=CAPACITY and --stats, then one line with the VM's context-cache
# counters from that run's summary:
#   MODE k=K alloc=A reuse=R recycle=C invalidate=I
# ("-" for a counter the VM's stats do not have). The caller asserts the lines.
set -e
cap=${1:?usage: l2-switch-ctx-counters.sh CAPACITY SWITCHES K...}
switches=${2:?}
shift 2
for mode in stay migrate; do
	for k in "$@"; do
		hvt-bench l2-switch --hv hvt --policy ctx_cache="$cap" --l2s "$k" \
			--switches "$switches" --exits 2 --mode "$mode" --stats >/tmp/l2s.out 2>&1 ||
			{ cat /tmp/l2s.out; exit 1; }
		# only the summary's section, not the full stats tables before it
		awk -v m="$mode" -v k="$k" '
			/^nested_ctx_\* counters/ { f = 1; next }
			f && /^  nested_ctx_/ { v[substr($1, 12)] = $2; next }
			{ f = 0 }
			function g(n) { return n in v ? v[n] : "-" }
			END { printf "%s k=%s alloc=%s reuse=%s recycle=%s invalidate=%s\n", m, k,
				g("alloc"), g("reuse"), g("recycle"), g("invalidate") }' /tmp/l2s.out
	done
done
