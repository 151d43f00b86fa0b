/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested SVM: L1 runs its own L2 guests with VMRUN. hvt emulates VMRUN,
 * VMLOAD, VMSAVE, STGI, CLGI and INVLPGA, runs L2 from a VMCB of its own
 * (VMCB02, or the one VMCB under vmcb=single), and on each L2 exit either
 * handles it itself or reflects it to L1 as a #VMEXIT into VMCB12.
 */
#ifndef HVT_SVM_NESTED_H
#define HVT_SVM_NESTED_H

#include <linux/types.h>

#include "mmu/guest_mmu.h"
#include "svm/nested_ctx.h"
#include "svm/vmcb.h"

struct hvt_vcpu;

struct hvt_nested {
	u64 hsave_pa;		/* MSR VM_HSAVE_PA as L1 wrote it */
	u64 vm_cr;		/* MSR VM_CR as L1 wrote it (svm/msr.c) */
	bool in_l2;
	bool gif;		/* L1's global interrupt flag */
	bool np12;		/* L1 runs L2 with nested paging (NPT12) */
	bool flush_l2;		/* INVLPGA or TLB_CONTROL: flush before L2 runs */
	u64 vmcb12_gpa;
	struct hvt_vmcb *vmcb12;	/* what hvt read of VMCB12 at VMRUN (a copy) */
	u64 l1_efer;		/* L1's EFER while L2 runs */
	u64 l1_cr4;
	struct hvt_vmcb *l1_copy;	/* vmcb=single: L1's state while L2 runs */
	/* A reflection that has to wait for process context (VMCB12 not mapped). */
	bool pending_vmexit;
	u64 pending_code, pending_info1, pending_info2;
	/* An MSR/IOIO exit whose L1 permission map page must be faulted in first. */
	bool map_pending;
	u64 map_gpa;
	/* Nested contexts (nested_ctx.h): L2's VMCB02, MMU context, what they were built from. */
	struct hvt_nested_ctx *ctx;	/* attached while L2 runs on it */
	struct hvt_nested_ctx *last;	/* the one L2 ran on last, and for which VMCB12 */
	u64 last_gpa;
	struct hvt_nested_ctx *own;	/* ctx_cache=0, or when the cache has none to give */
	struct hvt_mmu_ctx shared_mmu;	/* l2_mmu=shared: one context, re-initialised */
};

/*
 * A VMRUN the CPU refused: VMEXIT_INVALID (-1) or another negative code
 * (-2 BUSY, ...). CPUs that keep EXITCODE as 32 bits write 0xffffffff (the
 * testbed's QEMU does), so only the low half is looked at.
 */
static inline bool hvt_nested_entry_failed(u64 exit_code)
{
	return (s32)(u32)exit_code < 0;
}

/* Whether the VMM offered SVM to L1 (CPUID 0x80000001 ECX bit 2). */
bool hvt_nested_svm_offered(struct hvt_vcpu *vcpu);
int hvt_nested_init(struct hvt_vcpu *vcpu);
void hvt_nested_free(struct hvt_vcpu *vcpu);

/*
 * L1 instructions (exit handlers while L1 runs). @can_sleep false: the
 * atomic exit loop; they return HVT_SLEEPABLE, having changed nothing, when
 * they need process context (a page to fault in, a shadow root to allocate).
 */
int hvt_nested_vmrun(struct hvt_vcpu *vcpu, bool can_sleep);
int hvt_nested_vmload_vmsave(struct hvt_vcpu *vcpu, bool load, bool can_sleep);
int hvt_nested_stgi_clgi(struct hvt_vcpu *vcpu, bool set);
int hvt_nested_invlpga(struct hvt_vcpu *vcpu);

/* An exit while L2 runs: an hvt_exit_action if it went to L1, -1 if L0 handles it. */
int hvt_nested_handle_l2_exit(struct hvt_vcpu *vcpu);
/* The process-context part of an L2 exit (NPF with NPT12, a delayed reflection, an L1 map page). */
int hvt_nested_sleepable_exit(struct hvt_vcpu *vcpu);
/* Reflect an L2 exit to L1. Returns an hvt_exit_action. */
int hvt_nested_vmexit(struct hvt_vcpu *vcpu, u64 exit_code, u64 info1, u64 info2,
		      bool can_sleep);

/* VMCB12 consistency checks (AMD APM vol. 2, 15.5.1), against L1's CPUID. */
bool hvt_vmcb12_valid(const struct hvt_vcpu *vcpu, const struct hvt_vmcb *vmcb12);

#endif
