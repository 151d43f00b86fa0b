/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scenarios of the l1-hv image (workloads/l1): a minimal L1 hypervisor that
 * runs an L2 program under AMD SVM. The VMM picks one with
 * boot_params.scenario; iterations and warmup come from boot_params too.
 *
 * Shared by workloads/ (the L1) and bench/ (the VMM).
 */
#ifndef HVT_L1_SCENARIOS_H
#define HVT_L1_SCENARIOS_H

#include <stdint.h>

enum hvt_l1_scenario {
	HVT_L1_NESTED_CPUID = 0,	/* L2 CPUID loop, L1 answers, timed */
	HVT_L1_NESTED_VMMCALL = 1,	/* L2 VMMCALL loop, L1 answers, timed */
	HVT_L1_MEM_TOUCH = 2,		/* L2 touches N pages twice, timed */
	HVT_L1_HOSTILE_INVALID_VMCB = 3, /* illegal VMCB12 -> VMEXIT_INVALID */
	HVT_L1_HOSTILE_NPT_OUTSIDE = 4,	/* bad NPT12 -> NPF reflected to L1 */
	HVT_L1_HOSTILE_VMRUN_SVME_CLEAR = 5, /* VMRUN/VMLOAD/VMSAVE, SVME=0 -> #UD */
	HVT_L1_HOSTILE_VMCB_OUTSIDE = 6, /* VMCB12 address bad -> #GP */
	HVT_L1_L2_TRIPLE_FAULT = 7,	/* L2 triple fault -> SHUTDOWN exit to L1 */
	HVT_L1_NESTED_MSR = 8,		/* L2 RDMSR loop, intercepted via L1's MSRPM */
	HVT_L1_NESTED_IO = 9,		/* L2 IN loop, intercepted via L1's IOPM */
	HVT_L1_VMRUN_INVALID_STATE = 10, /* failed VMRUN: VMCB12 state as L1 wrote it */
	HVT_L1_VMRUN_CHECKS = 11,	/* VMRUN checks with L1's CPUID */
	HVT_L1_EVENT_INJECT = 12,	/* events into L2 across L0-handled NPFs */
	HVT_L1_NPT12_SELF_WRITE = 13,	/* L2 writes the NPT12 table translating it */
	HVT_L1_ASID = 14,		/* two L2s, two ASIDs, one address */
	HVT_L1_NPT12_BITS = 15,		/* NPT12 NX, A/D, 4 KiB PAT bit */
	HVT_L1_SHADOW_BOUND = 16,	/* many NPT12 roots; MSRPM nobody touched */
	/* 17: the l1-fuzz helper's */
	HVT_L1_L2_SWITCH = 18,		/* K L2s round-robin, each turn a VMCB12 switch */
	HVT_L1_NR_SCENARIOS
};

/* boot_params.args[] used by l1-hv */
#define HVT_L1_ARG_PAGES 0	/* mem-touch: pages to touch (0: 512) */
#define HVT_L1_ARG_FLAGS 1	/* HVT_L1_F_* */
#define HVT_L1_ARG_TESTS 2	/* bit i: run the scenario's test i (0: all) */

#define HVT_L1_F_NO_NRIPS (1u << 0) /* ignore NRIPS: advance RIP by length */
#define HVT_L1_F_NO_NPT   (1u << 1) /* run L2 without NPT12 even with NP */
#define HVT_L1_F_NPT_4K   (1u << 2) /* mem-touch: map the region with 4 KiB NPT12 pages */
#define HVT_L1_F_GIF      (1u << 3) /* CLGI before each VMRUN, STGI after */
#define HVT_L1_F_VMLOAD   (1u << 4) /* VMLOAD/VMSAVE around each VMRUN */

#define HVT_L1_DEFAULT_PAGES 512

/*
 * l2-switch: K L2s, each S turns of E CPUID exits, run one turn at a time
 * in a fixed global order (workloads/README.md). 0 means the default.
 * <hvt/l2_switch.h> has the counts both sides derive from these.
 */
#define HVT_L1_ARG_SW_L2S   3	/* K, 1..HVT_SW_MAX_L2S (0: 2) */
#define HVT_L1_ARG_SW_TURNS 4	/* S, turns per L2 (0: 4) */
#define HVT_L1_ARG_SW_EXITS 5	/* E, CPUID exits per turn (0: 4) */
#define HVT_L1_ARG_SW_MODE  6	/* HVT_SW_MODE_* */
#define HVT_L1_ARG_SW_WRONG 7	/* debug: HVT_SW_WRONG_* | j << 8 (0: off) */

static inline const char *hvt_l1_scenario_name(uint32_t s)
{
	static const char *const names[HVT_L1_NR_SCENARIOS] = {
		[HVT_L1_NESTED_CPUID] = "nested-cpuid",
		[HVT_L1_NESTED_VMMCALL] = "nested-vmmcall",
		[HVT_L1_MEM_TOUCH] = "mem-touch",
		[HVT_L1_HOSTILE_INVALID_VMCB] = "hostile-invalid-vmcb",
		[HVT_L1_HOSTILE_NPT_OUTSIDE] = "hostile-npt-outside",
		[HVT_L1_HOSTILE_VMRUN_SVME_CLEAR] = "hostile-vmrun-svme-clear",
		[HVT_L1_HOSTILE_VMCB_OUTSIDE] = "hostile-vmcb-outside",
		[HVT_L1_L2_TRIPLE_FAULT] = "l2-triple-fault",
		[HVT_L1_NESTED_MSR] = "nested-msr",
		[HVT_L1_NESTED_IO] = "nested-io",
		[HVT_L1_VMRUN_INVALID_STATE] = "nested-vmrun-invalid-state",
		[HVT_L1_VMRUN_CHECKS] = "nested-vmrun-checks",
		[HVT_L1_EVENT_INJECT] = "nested-event-inject",
		[HVT_L1_NPT12_SELF_WRITE] = "nested-npt12-self-write",
		[HVT_L1_ASID] = "nested-asid",
		[HVT_L1_NPT12_BITS] = "nested-npt12-bits",
		[HVT_L1_SHADOW_BOUND] = "nested-shadow-bound",
		[HVT_L1_L2_SWITCH] = "l2-switch",
	};

	return s < HVT_L1_NR_SCENARIOS ? names[s] : (const char *)0;
}

#endif
