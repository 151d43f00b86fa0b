#!/bin/sh
# Inside the testbed, hvt loaded: nested runs of several kinds (2 vCPUs each),
# with and without the nested context cache, must give back every VM, vCPU,
# page, guest page reference, shadow NPT table page and nested context they
# took.
set -e
d=/sys/kernel/debug/hvt
counters() { echo "vms=$(cat $d/live_vms) vcpus=$(cat $d/live_vcpus) pages=$(cat $d/live_pages) refs=$(cat $d/guest_page_refs) shadow=$(cat $d/shadow_pages) ctx=$(cat $d/live_nested_ctx)"; }
before=$(counters)
for run in 0 2 3 4 5 6 7 10 11 12 13 14 15 16 18 "0 ctx_cache=4" "18 ctx_cache=4" "14 ctx_cache=1" "16 ctx_cache=2x"; do
	set -- $run
	policy=""
	[ -n "${2:-}" ] && policy="--policy $2"
	hvt-bench run "$HVT_WORKLOADS/l1-hv.elf" --hv hvt --scenario "$1" --vcpus 2 $policy \
		--iterations 500 --timeout 120 >/dev/null 2>&1 || { echo "scenario $run failed"; exit 1; }
	now=$(counters)
	if [ "$now" != "$before" ]; then
		echo "FAIL: after scenario $run: $now, before: $before"
		exit 1
	fi
done
echo "nested runs left the counters as they were: $before"
