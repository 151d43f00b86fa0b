/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvt's per-VM and per-vCPU counters and their KVM binary stats layouts.
 * Arch-neutral and freestanding, so the unit tests check the layouts.
 *
 * Each struct is nothing but u64 fields: the stats fd's data block is the
 * struct itself (see hvt_stats_read()), and each field has exactly one
 * descriptor in counters.c (a unit test fails if a field is added without
 * one). Writers: per-vCPU counters only from the vCPU's own thread,
 * per-VM counters under the VM's MMU lock (the nested_ctx_* ones under the
 * nested context cache's lock). Readers of the stats fd take no
 * lock: they may see a slightly stale value, never a torn one.
 */
#ifndef HVT_CORE_COUNTERS_H
#define HVT_CORE_COUNTERS_H

#include "stats.h"

struct hvt_vcpu_stats {
	u64 exits;			/* every #VMEXIT, as KVM's "exits" */
	u64 exits_cpuid;
	u64 exits_io;
	u64 exits_hlt;
	u64 exits_npf;
	u64 exits_msr;
	u64 exits_intr;
	u64 exits_nmi;
	u64 exits_vmmcall;
	u64 exits_shutdown;
	u64 exits_dr;			/* MOV to/from a debug register (emulated) */
	u64 exits_cr;			/* MOV to CR4 (emulated) */
	u64 exits_exception;		/* #DB, #AC, #MC intercepted for the host's sake */
	u64 exits_other;
	u64 exits_to_user;		/* KVM_RUN returned to the VMM */
	u64 root_rebuilds;		/* MMU roots (re)built for this vCPU */
	u64 nested_vmrun;		/* VMRUNs of L1 emulated */
	u64 nested_vmrun_invalid;	/* of which failed the VMCB12 checks */
	u64 nested_exits_reflected;	/* L2 exits passed to L1 */
	u64 nested_exits_l0;		/* L2 exits hvt handled without L1 */
	u64 nested_vmcb_switches;	/* VMCB01 <-> VMCB02 pointer switches (vmcb=split) */
	u64 nested_vmcb_copies;		/* L1 state copied aside or back (vmcb=single) */
	u64 guest_mmu_faults;		/* shadow NPT02 fills */
	u64 guest_mmu_root_reuse;	/* L2 entries that kept their root */
	u64 guest_mmu_root_lookup;	/* L2 entries that looked their root up */
	u64 guest_mmu_root_create;	/* ... and had to build it */
	u64 nested_ctx_rebuild;		/* nested contexts (re)built for a VMRUN */
	u64 nested_ctx_private;		/* VMRUNs on the vCPU's own context: the cache had none */
};

struct hvt_vm_stats {
	u64 npt_faults;
	u64 pages_mapped;		/* instant: leaf NPT entries present */
	u64 pages_mapped_peak;
	u64 memslot_generation;		/* instant: bumped per memslot change */
	u64 tlb_flushes;
	u64 invalidations;		/* mmu_notifier invalidations seen */
	u64 shadow_pages;		/* instant: shadow NPT02 table pages */
	u64 shadow_pages_peak;
	u64 shadow_reclaims;		/* shadow roots freed to stay under the bound */
	/* The nested context cache (ctx_cache > 0), written under its lock. */
	u64 nested_ctx_reuse;		/* a VMRUN found its VMCB12's context cached */
	u64 nested_ctx_recycle;		/* ... took the least recently used one over */
	u64 nested_ctx_alloc;		/* ... allocated a new one */
	u64 nested_ctx_invalidate;	/* a cached context L1 changed under it: rebuilt */
};

extern const struct hvt_stats_layout hvt_vcpu_stats_layout;
extern const struct hvt_stats_layout hvt_vm_stats_layout;

/* The data block hvt_stats_read() takes, for either struct. */
#define hvt_stats_values(s) ((const u64 *)(s))

/* 0 if both built-in layouts pass hvt_stats_layout_check(). */
int hvt_counters_check(void);

#endif
