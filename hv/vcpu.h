/* SPDX-License-Identifier: GPL-2.0 */
/* A vCPU and its file descriptor (the KVM vCPU ioctls hvt speaks). */
#ifndef HVT_VCPU_H
#define HVT_VCPU_H

#include <linux/kvm.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <asm/fpu/types.h>
#include <asm/msr-index.h>

#include "core/counters.h"
#include "mmu/npt.h"
#include "mmu/root_mmu.h"
#include "svm/nested.h"
#include "svm/vmcb_ref.h"
#include "svm/vmcb.h"

struct hvt_vm;

/* x86 register numbers: the index into hvt_vcpu.gprs (and vmenter.S). */
enum hvt_reg {
	HVT_RAX, HVT_RCX, HVT_RDX, HVT_RBX, HVT_RSP, HVT_RBP, HVT_RSI, HVT_RDI,
	HVT_R8, HVT_R9, HVT_R10, HVT_R11, HVT_R12, HVT_R13, HVT_R14, HVT_R15,
	HVT_NR_GPRS
};

enum hvt_vcpu_mode { HVT_VCPU_OUTSIDE, HVT_VCPU_IN_GUEST };

/*
 * What the last exit to user space left to finish on the next KVM_RUN. As
 * with KVM, RIP stays on the IN/OUT/MMIO instruction while user space sees
 * the exit, and moves past it when the access completes.
 */
enum hvt_pending {
	HVT_PENDING_NONE,
	HVT_PENDING_PIO_OUT,
	HVT_PENDING_PIO_IN,
	HVT_PENDING_MMIO_WRITE,
	HVT_PENDING_MMIO_READ,
};

/* What the vCPU's CPUID offers, worked out at KVM_SET_CPUID2 (svm/cpuid.c). */
struct hvt_guest_caps {
	u64 cr4_allowed;	/* CR4 bits the guest may set */
	u64 efer_allowed;	/* EFER bits the guest may set (WRMSR) */
	unsigned int maxphyaddr; /* 0x80000008 EAX[7:0], 36 if not given (as KVM) */
	bool svm;		/* 0x80000001 ECX.SVM: nested SVM offered */
	bool tsc_aux;		/* RDTSCP or RDPID: the guest may use MSR_TSC_AUX */
};

struct hvt_vcpu {
	struct hvt_vm *vm;
	int id;
	struct mutex run_lock;
	struct kvm_run *run;
	void *pio_data;

	struct hvt_vmcb *vmcb;	/* the VMCB in use: cur->vmcb */
	struct hvt_vmcb_ref *cur;
	struct hvt_vmcb_ref vmcb01;	/* L1's (and L2's too under vmcb=single) */
	struct hvt_vmcb_ref *vmcb02;	/* L2's under vmcb=split: its nested context's */
	void *host_save;	/* VMSAVE area for the host's FS/GS/TR/... */
	u64 host_save_pa;
	u64 gprs[HVT_NR_GPRS];	/* shared by L1 and L2: VMRUN does not switch them */
	u64 guest_efer;		/* what the running level sees; the VMCB's also has SVME */

	/* Entry/flush protocol with hvt_vm_flush_tlbs_locked(). */
	int mode;
	int cpu;
	bool force_flush;	/* flush the TLB on the next entry */

	struct hvt_nested nested;

	struct kvm_cpuid_entry2 *cpuid;
	int nr_cpuid;
	struct hvt_guest_caps caps;

	struct hvt_npt_cache npt_cache;
	struct hvt_gpa_cache gpa_cache;	/* instruction fetches (mmu/root_mmu.h) */
	/* What VMRUN does not switch (svm/guest_state.h). */
	struct fpu_guest guest_fpu;
	u32 guest_pkru, host_pkru;
	u64 tsc_aux, host_tsc_aux;
	u64 dr[4];		/* the guest's DR0-3 (DR6, DR7 are in the VMCB) */

	/*
	 * A refused VMRUN (the CPU's checks) may leave the CPU's own state in
	 * the VMCB. The state user space set last is kept aside at the next
	 * KVM_RUN, and put back if that first entry is refused (svm_exit.c).
	 */
	bool has_run;			/* KVM_RUN was called: CPUID is fixed */
	bool user_state_set;		/* KVM_SET_REGS/SREGS/MSRS since the last KVM_RUN */
	bool entry_unproven;		/* no entry has succeeded since the snapshot */
	struct hvt_vmcb_save *entry_snapshot;

	enum hvt_pending pending;
	int pending_reg;	/* MMIO read: destination register */
	int pending_size;	/* bytes read from MMIO, or by IN */
	int pending_dst_size;	/* register bytes written: 1/2 merge, 4/8 replace */
	bool pending_high_byte;	/* the destination is AH/CH/DH/BH */
	u64 pending_rip;	/* RIP after the instruction user space completes */

	struct hvt_vcpu_stats stats;
};

/*
 * The EFER the running guest sees: the bits it wrote (hvt keeps SVME set in
 * the VMCB for VMRUN), with LMA as the CPU maintains it in the VMCB.
 */
static inline u64 hvt_guest_efer(const struct hvt_vcpu *vcpu)
{
	return (vcpu->guest_efer & ~EFER_LMA) | (vcpu->vmcb->save.efer & EFER_LMA);
}

/* Where register @reg lives: RAX and RSP are in the VMCB, the rest in gprs[]. */
static inline u64 *hvt_vcpu_reg(struct hvt_vcpu *vcpu, int reg)
{
	if (reg == HVT_RAX)
		return &vcpu->vmcb->save.rax;
	if (reg == HVT_RSP)
		return &vcpu->vmcb->save.rsp;
	return &vcpu->gprs[reg];
}

static inline void hvt_nested_ctx_set_attached(struct hvt_vcpu *vcpu, struct hvt_nested_ctx *ctx)
{
	vcpu->nested.ctx = ctx;
	vcpu->vmcb02 = ctx->vmcb02.vmcb ? &ctx->vmcb02 : NULL;
}

static inline int hvt_nested_ctx_get(struct hvt_vcpu *vcpu, u64 gpa,
				     const struct hvt_vmcb_control *c12, bool np12, bool can_sleep)
{
	struct hvt_nested_ctx *last = vcpu->nested.last;

	/*
	 * The common case: L1 runs the same VMCB12 again, on the vCPU's own
	 * context or on the cached one it still owns (taken back without a lock).
	 */
	if (likely(last && vcpu->nested.last_gpa == gpa &&
		   (last == vcpu->nested.own ||
		    atomic_cmpxchg(&last->state, HVT_CTX_IDLE_BY(vcpu),
				   HVT_CTX_RUNNING_BY(vcpu)) == HVT_CTX_IDLE_BY(vcpu)) &&
		   last->built && last->gpa == gpa && last->l1_asid == c12->asid &&
		   last->ncr3 == (np12 ? c12->nested_cr3 : ~0ull))) {
		hvt_nested_ctx_set_attached(vcpu, last);
		return 0;
	}
	return hvt_nested_ctx_get_slow(vcpu, gpa, c12, np12, can_sleep);
}

static inline void hvt_nested_ctx_put(struct hvt_vcpu *vcpu)
{
	struct hvt_nested *n = &vcpu->nested;

	if (!n->ctx)
		return;
	/* Back in L1: the cached context stays this vCPU's, idle, until taken over. */
	if (n->ctx != n->own)
		atomic_set_release(&n->ctx->state, HVT_CTX_IDLE_BY(vcpu));
	n->ctx = NULL;
	vcpu->vmcb02 = NULL;
}

int hvt_vm_create_vcpu(struct hvt_vm *vm, unsigned long id);
void hvt_vcpu_destroy(struct hvt_vcpu *vcpu);

#endif
