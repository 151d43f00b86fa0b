/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l2-switch (<hvt/l2_switch.h>, workloads/README.md): L1 keeps K L2s, each
 * with its own VMCB12, NPT12, ASID, stack, GPRs and window page, and runs
 * them one turn at a time in slot order g = round * K + L2 index. The
 * world is built once by L1 vCPU 0 and shared by the L1 vCPUs that take
 * turns; in migrate mode they hand the next slot over through next_slot.
 *
 *   l2_switch.c     the scenario: parameters, who runs, the end
 *   switch_world.c  building the K L2s; the pages checked at the end
 *   switch_run.c    the slots, one turn, one exit
 *   switch_report.c the samples (classified afterwards) and the report
 */
#ifndef HVT_L1_L2_SWITCH_H
#define HVT_L1_L2_SWITCH_H

#include <hvt/l2_switch.h>
#include "l1.h"

#define SW_VCPUS 2			/* L1 vCPUs that can take turns */

struct sw_params {
	uint64_t k, turns, exits;	/* K, S, E */
	uint32_t mode;			/* HVT_SW_MODE_* */
	unsigned int wrong, wrong_l2;	/* HVT_SW_WRONG_* (0: none) and j */
};

struct sw_l2 {
	unsigned int index;
	struct vmcb *vmcb;		/* its VMCB12; pa == va */
	struct npt npt;			/* its NPT12 */
	struct l2_regs regs;		/* its GPRs while L1 runs */
	struct l2_shared *sh;
	uint64_t *page;			/* the L1 page its NPT12 puts at the window */
	uint64_t stack_lo, stack_hi;
	uint32_t asid;
	uint64_t exits;			/* CPUID exits answered: its next exit number */
	int last_vcpu;			/* L1 vCPU of its previous turn, -1 before */
};

/* What one L1 vCPU did; only that vCPU writes it. */
struct sw_cpu {
	int last_l2;			/* the L2 whose VMCB12 it ran last, -1 */
	unsigned int asid_user[HVT_SW_MAX_L2S + 1];	/* ASID -> L2 index + 1 last on it */
	uint64_t turns, loads, migrations, vmruns, asid_flushes;
	uint64_t exits_cpuid, exits_total;
};

/* Round trips, classified once every turn is over (switch_report.c). */
struct sw_samples {
	uint64_t *rt, *entry;		/* round trip, L1's VMRUN -> L2 leg */
	uint64_t n, want;
};

struct sw_world {
	struct sw_params p;
	uint64_t window;		/* L2 address of the window page; L1's own page there */
	bool shared_asids;		/* fewer ASIDs than L2s: flush when an ASID changes L2 */
	struct sw_l2 l2[HVT_SW_MAX_L2S];
	struct sw_cpu cpu[SW_VCPUS];
	volatile uint64_t next_slot;	/* the slot allowed to run */
	struct sw_samples sw, plain, first;
};

/* l2_switch.c */
uint64_t sw_slots(const struct sw_world *w);
void sw_wait_for_slot(struct sw_world *w, uint64_t g);
/* switch_world.c */
struct sw_world *sw_world_build(struct l1_vcpu *v, const struct sw_params *p);
void sw_check_pages(const struct sw_world *w);
const char *sw_owner_name(uint64_t value, char *buf, unsigned int len);
/* switch_run.c */
void sw_run_slots(struct l1_vcpu *v, struct sw_world *w);
/* switch_report.c */
void sw_samples_alloc(struct sw_world *w);
void sw_classify(struct sw_world *w);
void sw_report(struct sw_world *w);

#endif
