#!/usr/bin/env bash
# cli_test.sh HVT_BENCH MK_TEST_ELF WORKDIR — the hvt-bench command line:
# exit statuses and messages of usage and setup errors. Never opens a real
# hypervisor device: every case that gets that far names a missing one.
set -uo pipefail
bench=${1:?usage: cli_test.sh HVT_BENCH MK_TEST_ELF WORKDIR}
mkelf=${2:?}
work=${3:?}
mkdir -p "$work"
failures=0

# expect STATUS REGEX -- CMD...: CMD exits STATUS and its output matches REGEX.
expect() {
	local want=$1 re=$2 out status
	shift 3
	out=$("$@" 2>&1)
	status=$?
	if [ "$status" -ne "$want" ]; then
		echo "FAIL: '$*' exited $status, want $want; output:"
		echo "$out" | sed 's/^/    /'
		failures=$((failures + 1))
	elif ! grep -qE -- "$re" <<<"$out"; then
		echo "FAIL: '$*' output lacks /$re/; output:"
		echo "$out" | sed 's/^/    /'
		failures=$((failures + 1))
	else
		echo "ok   $*"
	fi
}

img=$work/done.elf
"$mkelf" done "$img" || { echo "FAIL: mk-test-elf"; exit 1; }
printf 'not an elf at all\n' >"$work/junk.elf"
nodev=/nonexistent/dev

expect 2 "^hvt-bench: unknown command 'bogus'" -- "$bench" bogus
expect 2 "usage: hvt-bench COMMAND" -- "$bench" bogus
expect 2 "usage: hvt-bench COMMAND" -- "$bench"
expect 0 "usage: hvt-bench COMMAND" -- "$bench" --help
expect 0 "^hvt-bench " -- "$bench" --version
expect 0 "usage: hvt-bench run IMAGE" -- "$bench" run --help
expect 0 "usage: hvt-bench l1-cpuid" -- "$bench" l1-cpuid --help
expect 2 "^hvt-bench: run: unknown option '--bogus'" -- "$bench" run "$img" --bogus
expect 2 "^hvt-bench: run: no IMAGE given" -- "$bench" run
expect 2 "^hvt-bench: run: more than one IMAGE" -- "$bench" run "$img" "$img"
expect 2 "^hvt-bench: run: option '--mem' needs a value" -- "$bench" run "$img" --mem
expect 2 "^hvt-bench: --mem: 3 MiB is not a multiple|out of range" -- "$bench" run "$img" --mem 3
expect 2 "^hvt-bench: --vcpus: 0 is out of range" -- "$bench" run "$img" --vcpus 0
expect 2 "^hvt-bench: --timeout: '-1' is not a number" -- "$bench" run "$img" --timeout -1
expect 2 "^hvt-bench: --hv: 'xen' is neither kvm nor hvt" -- "$bench" run "$img" --hv xen
expect 2 "^hvt-bench: give either --dev or --hv" -- "$bench" run "$img" --hv kvm --dev "$nodev"
expect 2 "^hvt-bench: --arg: 'x' is not I=V" -- "$bench" run "$img" --arg x
expect 2 "^hvt-bench: --arg index: 8 is out of range" -- "$bench" run "$img" --arg 8=1
expect 3 "^hvt-bench: cannot open image /nonexistent: No such file or directory$" -- "$bench" run /nonexistent
expect 3 "^hvt-bench: $work/junk.elf: not an ELF file \(bad magic\)$" -- "$bench" run "$work/junk.elf" --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev: No such file or directory \(is the hypervisor module loaded\?\)$" -- "$bench" run "$img" --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev: No such file" -- "$bench" run "$img" --dev "$nodev" --vcpus 2 --arg 0=0x10
expect 2 "^hvt-bench: l1-cpuid: unknown option '--bogus'" -- "$bench" l1-cpuid --bogus
expect 2 "^hvt-bench: --label: '../x' must be" -- "$bench" l1-cpuid --label ../x --dev "$nodev"
expect 2 "^hvt-bench: --repeat: 0 is out of range" -- "$bench" l1-cpuid --repeat 0
expect 3 "^hvt-bench: cannot open image /nonexistent.elf" -- "$bench" l1-cpuid --image /nonexistent.elf --dev "$nodev"
expect 3 "^hvt-bench: cannot find the l1-cpuid.elf workload at $work/no-such-dir/l1-cpuid.elf" -- \
	env HVT_WORKLOADS="$work/no-such-dir" "$bench" l1-cpuid --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev: No such file" -- "$bench" l1-cpuid --image "$img" --dev "$nodev"

# --readonly-slot is checked before any device is opened
expect 2 "^hvt-bench: --readonly-slot: 'x' is not GPA:SIZE_KIB" -- "$bench" run "$img" --readonly-slot x
expect 2 "^hvt-bench: --readonly-slot SIZE_KIB: 2 is out of range" -- "$bench" run "$img" --readonly-slot 0x100000000:2
expect 2 "^hvt-bench: --readonly-slot: 64 KiB at 0x1000000 with --mem 64: overlaps guest RAM" -- \
	"$bench" run "$img" --readonly-slot 0x1000000:64 --dev "$nodev"
expect 2 "multiples of 4 KiB" -- "$bench" run "$img" --readonly-slot 0x100000000:6 --dev "$nodev"
expect 2 "overlaps the MMIO test device" -- "$bench" run "$img" --readonly-slot 0xd0000000:4 --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev" -- "$bench" run "$img" --readonly-slot 0x100000000:64 --dev "$nodev"
expect 0 "--stats +after each run" -- "$bench" run --help
expect 0 "--stats +after each run" -- "$bench" l1-cpuid --help
expect 3 "^hvt-bench: cannot open $nodev" -- "$bench" run "$img" --stats --dev "$nodev"

# compare: result files as l1-cpuid --out writes them
summary() {	# summary FILE LABEL KIND MEDIAN [UNIT]
	cat >"$1" <<JSON
{
  "benchmark": "l1-cpuid", "label": "$2", "unit": "${5:-tsc_ticks_per_cpuid_exit}",
  "hypervisor": { "device": "/dev/$3", "kind": "$3" },
  "summary": { "count": 5000, "median": $4, "p10": $4, "p90": $4, "mean": $4.5 }
}
JSON
}
summary "$work/kvm.json" l1-cpuid-kvm kvm 2866
summary "$work/hvt.json" l1-cpuid-hvt hvt 180
summary "$work/hvt2.json" l1-cpuid-hvt-b hvt 200
summary "$work/other.json" other kvm 1 other_unit
head -c 60 "$work/kvm.json" >"$work/truncated.json"
expect 0 "usage: hvt-bench compare BASE.json" -- "$bench" compare --help
expect 2 "^hvt-bench: compare: want BASE.json and at least one more file, got 1" -- "$bench" compare "$work/kvm.json"
expect 2 "^hvt-bench: compare: unknown option '--bogus'" -- "$bench" compare "$work/kvm.json" "$work/hvt.json" --bogus
expect 0 "hvt/kvm = 0.063" -- "$bench" compare "$work/kvm.json" "$work/hvt.json"
expect 0 "l1-cpuid-hvt-b/l1-cpuid-hvt = 1.111" -- "$bench" compare "$work/hvt.json" "$work/hvt2.json"
expect 0 "^wrote $work/cmp.json" -- "$bench" compare "$work/kvm.json" "$work/hvt.json" --out "$work/cmp.json"
expect 0 '"median_ratio_to_base": 0.0628' -- cat "$work/cmp.json"
expect 3 "^hvt-bench: cannot open $work/none.json: No such file or directory" -- "$bench" compare "$work/kvm.json" "$work/none.json"
expect 3 "^hvt-bench: $work/truncated.json: not valid JSON: line 2, column .*truncated" -- "$bench" compare "$work/kvm.json" "$work/truncated.json"
expect 3 "^hvt-bench: $work/other.json: unit \"other_unit\" differs" -- "$bench" compare "$work/kvm.json" "$work/other.json"
expect 3 "^hvt-bench: cannot write /nonexistent/c.json" -- "$bench" compare "$work/kvm.json" "$work/hvt.json" --out /nonexistent/c.json

# --policy: its form is checked before any device is opened
expect 2 "^hvt-bench: --policy: 'l2_mmu' is not NAME=VALUE" -- "$bench" run "$img" --policy l2_mmu
expect 2 "^hvt-bench: --policy: 'a=b c': name and value must be printable" -- "$bench" run "$img" --policy "a=b c"
expect 2 "^hvt-bench: --policy: vmcb is given twice" -- "$bench" l1-cpuid --policy vmcb=split --policy vmcb=single
expect 2 "^hvt-bench: --policy: '=x' is not NAME=VALUE" -- "$bench" nested-cpuid --policy =x
expect 3 "^hvt-bench: cannot open $nodev" -- "$bench" run "$img" --policy l2_mmu=shared --dev "$nodev"
expect 0 "--policy NAME=VALUE" -- "$bench" run --help

# nested-cpuid and policies: usage and setup errors
expect 0 "usage: hvt-bench nested-cpuid" -- "$bench" nested-cpuid --help
expect 0 "usage: hvt-bench policies" -- "$bench" policies --help
expect 0 "nested-cpuid +cost of an L2->L1->L2" -- "$bench" --help
expect 2 "^hvt-bench: nested-cpuid: unknown option '--bogus'" -- "$bench" nested-cpuid --bogus
expect 2 "^hvt-bench: --vcpus: 0 is out of range" -- "$bench" nested-cpuid --vcpus 0
expect 2 "^hvt-bench: --iterations: 0 is out of range" -- "$bench" nested-cpuid --iterations 0
expect 2 "^hvt-bench: --label: 'a/b' must be" -- "$bench" nested-cpuid --label a/b
expect 2 "^hvt-bench: --iterations: 100000000 samples on 2 vCPUs do not fit" -- \
	"$bench" nested-cpuid --iterations 100000000 --vcpus 2 --dev "$nodev"
expect 2 "^hvt-bench: nested-cpuid: unexpected argument 'x'" -- "$bench" nested-cpuid x
expect 3 "^hvt-bench: cannot find the l1-hv.elf workload at $work/no-such-dir/l1-hv.elf" -- \
	env HVT_WORKLOADS="$work/no-such-dir" "$bench" nested-cpuid --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev: No such file" -- "$bench" nested-cpuid --image "$img" --dev "$nodev"
expect 2 "^hvt-bench: policies: unknown option '--iterations'" -- "$bench" policies --iterations 5
expect 2 "^hvt-bench: policies: unexpected argument 'x'" -- "$bench" policies x
expect 3 "^hvt-bench: cannot open $nodev: No such file" -- "$bench" policies --dev "$nodev"

# compare: nested-cpuid results (KVM as the base), never mixed with l1-cpuid's
nested() {	# nested FILE LABEL KIND MEDIAN
	cat >"$1" <<JSON
{
  "benchmark": "nested-cpuid", "label": "$2", "unit": "tsc_ticks_per_l2_round_trip",
  "hypervisor": { "device": "/dev/$3", "kind": "$3" },
  "policies": null, "policies_requested": {},
  "summary": { "count": 200000, "median": $4, "p10": $4, "p90": $4, "mean": $4.5 },
  "split": { "l1_handler_ticks": { "count": 200000, "median": 125 } }
}
JSON
}
nested "$work/n-kvm.json" nested-cpuid-kvm kvm 8932
nested "$work/n-hvt.json" nested-cpuid-hvt-l2_mmu-shared-vmcb-single hvt 1851
nested "$work/n-hvt2.json" nested-cpuid-hvt-l2_mmu-separate-vmcb-split hvt 1436
expect 0 "^nested-cpuid-hvt-l2_mmu-shared-vmcb-single +hvt +200000 +1851 .*hvt/kvm = 0.207" -- \
	"$bench" compare "$work/n-kvm.json" "$work/n-hvt.json" "$work/n-hvt2.json"
expect 0 "^nested-cpuid-hvt-l2_mmu-separate-vmcb-split +hvt +200000 +1436 .*hvt/kvm = 0.161" -- \
	"$bench" compare "$work/n-kvm.json" "$work/n-hvt.json" "$work/n-hvt2.json"
expect 3 "^hvt-bench: $work/n-hvt.json: benchmark \"nested-cpuid\" differs from $work/kvm.json's \"l1-cpuid\"" -- \
	"$bench" compare "$work/kvm.json" "$work/n-hvt.json"

# l2-switch: its options are checked before any device is opened
expect 0 "usage: hvt-bench l2-switch" -- "$bench" l2-switch --help
expect 0 "l2-switch +cost of switching an L1 vCPU between L2 guests" -- "$bench" --help
expect 0 "--mode stay\|migrate" -- "$bench" l2-switch --help
expect 2 "^hvt-bench: l2-switch: unknown option '--bogus'" -- "$bench" l2-switch --bogus
expect 2 "^hvt-bench: l2-switch: unknown option '--iterations'" -- "$bench" l2-switch --iterations 5
expect 2 "^hvt-bench: l2-switch: option '--l2s' needs a value" -- "$bench" l2-switch --l2s
expect 2 "^hvt-bench: --l2s: 0 is out of range \(1\.\.16\)" -- "$bench" l2-switch --l2s 0
expect 2 "^hvt-bench: --l2s: 17 is out of range \(1\.\.16\)" -- "$bench" l2-switch --l2s 17
expect 2 "^hvt-bench: --l2s: 'four' is not a number" -- "$bench" l2-switch --l2s four
expect 2 "^hvt-bench: --switches: 0 is out of range" -- "$bench" l2-switch --switches 0
expect 2 "^hvt-bench: --exits: 0 is out of range" -- "$bench" l2-switch --exits 0
expect 2 "^hvt-bench: --mode: 'both' is neither stay nor migrate" -- "$bench" l2-switch --mode both
expect 2 "^hvt-bench: --switches x --exits: 100000 x 1000 is more than 16777215 exits per L2" -- \
	"$bench" l2-switch --switches 100000 --exits 1000
expect 2 "^hvt-bench: 16 L2s x 4000000 turns x 4 exits need about [0-9]+ MiB of guest RAM, more than 4096" -- \
	"$bench" l2-switch --l2s 16 --switches 4000000 --exits 4 --dev "$nodev"
expect 2 "^hvt-bench: --label: 'a/b' must be" -- "$bench" l2-switch --label a/b
expect 2 "^hvt-bench: --repeat: 0 is out of range" -- "$bench" l2-switch --repeat 0
expect 2 "^hvt-bench: --policy: ctx_cache is given twice" -- \
	"$bench" l2-switch --policy ctx_cache=4 --policy ctx_cache=8
expect 2 "^hvt-bench: l2-switch: unexpected argument 'x'" -- "$bench" l2-switch x
expect 2 "^hvt-bench: give either --dev or --hv" -- "$bench" l2-switch --hv kvm --dev "$nodev"
expect 3 "^hvt-bench: cannot find the l1-hv.elf workload at $work/no-such-dir/l1-hv.elf" -- \
	env HVT_WORKLOADS="$work/no-such-dir" "$bench" l2-switch --dev "$nodev"
expect 3 "^hvt-bench: cannot open $nodev: No such file" -- \
	"$bench" l2-switch --image "$img" --dev "$nodev" --l2s 16 --switches 3 --exits 2 --mode migrate --policy ctx_cache=8
expect 0 "^scenario: +l2-switch \(18\): 16 L2s x 3 turns x 2 CPUID exits, migrate mode, 2 L1 vCPUs$" -- \
	sh -c '"$0" l2-switch --image "$1" --dev "$2" --l2s 16 --switches 3 --exits 2 --mode migrate; true' \
	"$bench" "$img" "$nodev"

# --trace: a bad tool is a usage error; otherwise hvt-bench runs hvt-trace
# (here a stand-in that shows its arguments and environment) on its own
# command line and returns its status.
expect 2 "^hvt-bench: --trace: 'frob' is neither stat nor nested" -- "$bench" nested-cpuid --trace=frob
expect 3 "^hvt-bench: --trace: cannot run $work/no-such-trace: No such file" -- \
	env HVT_TRACE="$work/no-such-trace" "$bench" l1-cpuid --image /dev/null --trace --dev "$nodev"
cat >"$work/fake-trace" <<'FAKE'
#!/bin/sh
echo "fake-trace $* traced=$HVT_BENCH_TRACED"
exit 7
FAKE
chmod +x "$work/fake-trace"
expect 7 "^fake-trace nested --hv hvt -o $work/r/nested-cpuid-hvt-trace-nested.trace.txt --samples $work/r/nested-cpuid-hvt-trace-nested.trace-samples.csv -- /.*hvt-bench nested-cpuid --hv hvt --trace=nested --out $work/r traced=1$" -- \
	env HVT_TRACE="$work/fake-trace" "$bench" nested-cpuid --hv hvt --trace=nested --out "$work/r"
expect 7 "^fake-trace stat -- /.*hvt-bench l1-cpuid --trace --dev $nodev traced=1$" -- \
	env HVT_TRACE="$work/fake-trace" "$bench" l1-cpuid --trace --dev "$nodev"

[ "$failures" -eq 0 ] || { echo "$failures CLI check(s) failed"; exit 1; }
echo "all CLI checks passed"
