#!/bin/sh
# Inside the testbed, hvt loaded: nested runs of several kinds (2 vCPUs each)
# must give back every VM, vCPU, page, guest page reference and shadow NPT
# table page they took.
set -e
d=/sys/kernel/debug/hvt
counters() { echo "vms=$(cat $d/live_vms) vcpus=$(cat $d/live_vcpus) pages=$(cat $d/live_pages) refs=$(cat $d/guest_page_refs) shadow=$(cat $d/shadow_pages)"; }
before=$(counters)
for s in 0 2 3 4 5 6 7 10 11 12 13 14 15 16 18; do
	hvt-bench run "$HVT_WORKLOADS/l1-hv.elf" --hv hvt --scenario "$s" --vcpus 2 \
		--iterations 500 --timeout 120 >/dev/null 2>&1 || { echo "scenario $s failed"; exit 1; }
	now=$(counters)
	if [ "$now" != "$before" ]; then
		echo "FAIL: after scenario $s: $now, before: $before"
		exit 1
	fi
done
echo "nested runs left the counters as they were: $before"
