// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_RUN for SVM. Two loops:
 *  - the inner one runs with preemption off inside a kernel FPU section
 *    (the guest's FPU state lives in the registers there) and handles the
 *    exits that need no sleeping: CPUID, MSRs, host interrupts;
 *  - the outer one, in process context, handles what sleeps (nested page
 *    faults), reschedules, and stops on signals or exits to user space.
 * A guest that never exits still meets the host timer interrupt, so
 * need_resched and signals are seen within a tick.
 */
#include <linux/kvm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <asm/debugreg.h>
#include <asm/fpu/api.h>
#include <asm/hw_breakpoint.h>

#include "hvt.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "trace.h"
#include "vcpu.h"

static inline void clgi(void)
{
	asm volatile("clgi" ::: "memory");
}

static inline void stgi(void)
{
	asm volatile("stgi" ::: "memory");
}

/* The guest's FPU/SSE/AVX state in the registers it was left in. */
static void guest_fpu_load(struct hvt_vcpu *vcpu)
{
	if (!vcpu->fpu_valid)
		return;
	if (boot_cpu_has(X86_FEATURE_XSAVE))
		asm volatile("xrstor64 %0" : : "m"(*(u8 *)vcpu->fpu), "a"(-1), "d"(-1) : "memory");
	else
		asm volatile("fxrstor64 %0" : : "m"(*(u8 *)vcpu->fpu) : "memory");
}

static void guest_fpu_save(struct hvt_vcpu *vcpu)
{
	if (boot_cpu_has(X86_FEATURE_XSAVE))
		asm volatile("xsave64 %0" : "=m"(*(u8 *)vcpu->fpu) : "a"(-1), "d"(-1) : "memory");
	else
		asm volatile("fxsave64 %0" : "=m"(*(u8 *)vcpu->fpu) : : "memory");
	vcpu->fpu_valid = true;
}

/* Enter the guest once; interrupts are off from here to the #VMEXIT. */
static void svm_enter_guest(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_ref *ref = vcpu->cur;
	struct hvt_vmcb *vmcb = ref->vmcb;
	struct hvt_vm *vm = vcpu->vm;
	bool flush = vcpu->force_flush;
	u64 gen;

	local_irq_disable();
	vcpu->cpu = smp_processor_id();
	/* Another CPU may hold stale translations of this VMCB's ASID. */
	if (vcpu->cpu != ref->last_cpu) {
		flush = true;
		ref->last_cpu = vcpu->cpu;
	}
	WRITE_ONCE(vcpu->mode, HVT_VCPU_IN_GUEST);
	/* Pairs with hvt_vm_flush_tlbs_locked(): see its tlb_gen or get its IPI. */
	smp_mb();
	gen = READ_ONCE(vm->tlb_gen);
	if (gen != ref->tlb_gen) {
		flush = true;
		ref->tlb_gen = gen;
	}
	vcpu->force_flush = false;
	vmcb->control.tlb_ctl = flush ? HVT_TLB_CONTROL_FLUSH_ALL : HVT_TLB_CONTROL_DO_NOTHING;
	/* hvt does not use VMCB clean bits: the CPU reloads everything. */
	vmcb->control.clean = 0;

	clgi();
	hvt_svm_vmrun(ref->pa, vcpu->host_save_pa, vcpu->gprs);
	stgi();

	WRITE_ONCE(vcpu->mode, HVT_VCPU_OUTSIDE);
	/* #VMEXIT leaves DR7 at its reset value: give the host its breakpoints back. */
	if (hw_breakpoint_active())
		hw_breakpoint_restore();
	local_irq_enable();
}

/* Run until an exit needs process context or user space. */
static int svm_run_atomic(struct hvt_vcpu *vcpu)
{
	int action = HVT_CONTINUE;

	kernel_fpu_begin();
	guest_fpu_load(vcpu);
	while (action == HVT_CONTINUE) {
		if (need_resched() || signal_pending(current) || vcpu->nested.pending_vmexit)
			break;
		/* The _enabled() guards keep even argument set-up off the path when off. */
		if (trace_hvt_entry_enabled())
			trace_hvt_entry(vcpu->id, vcpu->nested.in_l2 ? 2 : 1, vcpu->vmcb->save.rip);
		svm_enter_guest(vcpu);
		if (trace_hvt_exit_enabled())
			trace_hvt_exit(vcpu->id, vcpu->nested.in_l2 ? 2 : 1,
				       vcpu->vmcb->control.exit_code, vcpu->vmcb->control.exit_info_1,
				       vcpu->vmcb->control.exit_info_2, vcpu->vmcb->save.rip);
		action = hvt_svm_handle_exit(vcpu);
	}
	guest_fpu_save(vcpu);
	kernel_fpu_end();
	return action;
}

/* x86 register writes: 4 and 8 bytes replace the register, 1 and 2 merge. */
static void write_reg_sized(u64 *slot, u64 val, int bytes)
{
	u64 mask;

	if (bytes >= 4) {
		*slot = bytes == 4 ? (u32)val : val;
		return;
	}
	mask = (1ull << (bytes * 8)) - 1;
	*slot = (*slot & ~mask) | (val & mask);
}

/* Finish what the last exit to user space started (IN data, MMIO reads). */
static void complete_user_exit(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	u64 val = 0;

	if (vcpu->pending == HVT_PENDING_NONE)
		return;
	switch (vcpu->pending) {
	case HVT_PENDING_PIO_IN:
		memcpy(&val, vcpu->pio_data, run->io.size);
		write_reg_sized(hvt_vcpu_reg(vcpu, HVT_RAX), val, run->io.size);
		break;
	case HVT_PENDING_MMIO_READ:
		memcpy(&val, run->mmio.data, vcpu->pending_size);
		if (vcpu->pending_high_byte) {
			u64 *reg = hvt_vcpu_reg(vcpu, vcpu->pending_reg);

			*reg = (*reg & ~0xff00ull) | ((val & 0xff) << 8);
			break;
		}
		write_reg_sized(hvt_vcpu_reg(vcpu, vcpu->pending_reg), val, vcpu->pending_dst_size);
		break;
	default:
		break;
	}
	vcpu->vmcb->save.rip = vcpu->pending_rip;
	vcpu->pending = HVT_PENDING_NONE;
}

int hvt_svm_vcpu_run(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int action;

	complete_user_exit(vcpu);
	for (;;) {
		if (READ_ONCE(run->immediate_exit) || signal_pending(current)) {
			run->exit_reason = KVM_EXIT_INTR;
			return -EINTR;
		}
		cond_resched();
		action = svm_run_atomic(vcpu);
		/* In process context the handlers finish (a reflection they
		 * queue included): the loop ends after at most a second round. */
		while (action == HVT_SLEEPABLE) {
			action = hvt_svm_handle_sleepable_exit(vcpu);
			if (action < 0)
				return action;
		}
		if (action == HVT_TO_USER) {
			vcpu->stats.exits_to_user++;
			return 0;
		}
	}
}
