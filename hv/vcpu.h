/* SPDX-License-Identifier: GPL-2.0 */
/* A vCPU and its file descriptor (the KVM vCPU ioctls hvt speaks). */
#ifndef HVT_VCPU_H
#define HVT_VCPU_H

#include <linux/kvm.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "core/counters.h"
#include "mmu/npt.h"
#include "svm/nested.h"
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
 * One VMCB and what the entry path must know of its last run: the CPU it
 * ran on and the VM TLB generation it saw. Each VMCB has its own ASID, so
 * switching between two of them needs no TLB flush (vmcb=split).
 */
struct hvt_vmcb_ref {
	struct hvt_vmcb *vmcb;
	u64 pa;
	u32 asid;
	int last_cpu;
	u64 tlb_gen;
};

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

struct hvt_vcpu {
	struct hvt_vm *vm;
	int id;
	struct mutex run_lock;
	struct kvm_run *run;
	void *pio_data;

	struct hvt_vmcb *vmcb;	/* the VMCB in use: cur->vmcb */
	struct hvt_vmcb_ref *cur;
	struct hvt_vmcb_ref vmcb01;	/* L1's (and L2's too under vmcb=single) */
	struct hvt_vmcb_ref vmcb02;	/* L2's under vmcb=split */
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

	struct hvt_npt_cache npt_cache;
	void *fpu;		/* guest FPU/SSE state across kernel_fpu sections */
	bool fpu_valid;

	enum hvt_pending pending;
	int pending_reg;	/* MMIO read: destination register */
	int pending_size;	/* bytes read from MMIO */
	int pending_dst_size;	/* register bytes written: 1/2 merge, 4/8 replace */
	bool pending_high_byte;	/* the destination is AH/CH/DH/BH */
	u64 pending_rip;	/* RIP after the instruction user space completes */

	struct hvt_vcpu_stats stats;
};

/* Where register @reg lives: RAX and RSP are in the VMCB, the rest in gprs[]. */
static inline u64 *hvt_vcpu_reg(struct hvt_vcpu *vcpu, int reg)
{
	if (reg == HVT_RAX)
		return &vcpu->vmcb->save.rax;
	if (reg == HVT_RSP)
		return &vcpu->vmcb->save.rsp;
	return &vcpu->gprs[reg];
}

int hvt_vm_create_vcpu(struct hvt_vm *vm, unsigned long id);
void hvt_vcpu_destroy(struct hvt_vcpu *vcpu);

#endif
