// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_RUN for SVM. The guest's FPU state is the task's for the whole call
 * (svm/guest_state.c): it lives in the registers, and the scheduler saves
 * it like any task's when the call sleeps. Two loops:
 *  - the inner one runs with preemption off and handles the exits that
 *    need no sleeping: CPUID, MSRs, host interrupts;
 *  - the outer one, in process context, handles what sleeps (nested page
 *    faults), reschedules, and stops on signals or exits to user space.
 * A guest that never exits still meets the host timer interrupt, so
 * need_resched and signals are seen within a tick.
 */
#include <linux/kvm.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/stringify.h>

#include "hvt.h"
#include "svm/asid.h"
#include "svm/guest_state.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "svm/world_switch.h"
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

/*
 * The TLB_CONTROL of this entry: a VM-wide flush (hvt_vm_flush_tlbs_locked)
 * or a requested one drops this VMCB's ASID's translations; a new ASID
 * generation on this CPU flushes them all.
 */
static u8 entry_tlb_control(struct hvt_vcpu *vcpu, struct hvt_vmcb_ref *ref)
{
	u64 gen = READ_ONCE(vcpu->vm->tlb_gen);
	u8 ctl = HVT_TLB_CONTROL_DO_NOTHING;

	if (gen != ref->tlb_gen || vcpu->force_flush) {
		ref->tlb_gen = gen;
		vcpu->force_flush = false;
		ctl = hvt_asid_flush(ref);
	}
	if (hvt_asid_assign(ref))
		ctl = HVT_TLB_CONTROL_FLUSH_ALL;
	return ctl;
}

/*
 * Enter the guest once. Interrupts are off from here to the #VMEXIT, and
 * GIF is clear while the state VMRUN does not switch is the guest's (so no
 * NMI runs with the guest's PKRU or debug registers).
 */
static void svm_enter_guest(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_ref *ref = vcpu->cur;
	struct hvt_vmcb *vmcb = ref->vmcb;

	local_irq_disable();
	vcpu->cpu = smp_processor_id();
	WRITE_ONCE(vcpu->mode, HVT_VCPU_IN_GUEST);
	/* Pairs with hvt_vm_flush_tlbs_locked(): see its tlb_gen or get its IPI. */
	smp_mb();
	vmcb->control.tlb_ctl = entry_tlb_control(vcpu, ref);
	vmcb->control.asid = ref->asid;
	/* hvt does not use VMCB clean bits: the CPU reloads everything. */
	vmcb->control.clean = 0;

	clgi();
	hvt_guest_state_before_vmrun(vcpu);
	hvt_svm_guest_timing_enter();
	hvt_svm_world_switch(vcpu, ref->pa);
	WRITE_ONCE(vcpu->mode, HVT_VCPU_OUTSIDE);
	hvt_guest_state_after_vmrun(vcpu);
	hvt_svm_after_vmexit_barriers();
	stgi();

	/* A machine check while the guest ran is the host's: its handler, now. */
	if (unlikely(vmcb->control.exit_code == HVT_EXIT_EXCP_BASE + HVT_VEC_MC))
		asm volatile("int $" __stringify(HVT_VEC_MC));
	/*
	 * Interrupts that stopped the guest (the timer tick among them) are
	 * taken while the time is still the guest's, so tick-based accounting
	 * charges it to the guest, as it does for KVM's guests.
	 */
	local_irq_enable();
	local_irq_disable();
	hvt_svm_guest_timing_exit();
	local_irq_enable();
}

/*
 * Run until an exit needs process context or user space. Preemption is off
 * so that what is per CPU (TSC_AUX, the ASID) stays valid across exits.
 */
static int svm_run_atomic(struct hvt_vcpu *vcpu)
{
	int action = HVT_CONTINUE;

	preempt_disable();
	hvt_guest_state_atomic_enter(vcpu);
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
	hvt_guest_state_atomic_leave(vcpu);
	preempt_enable();
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

/*
 * Finish what the last exit to user space started (IN data, MMIO reads).
 * Only the data comes from kvm_run; how much of it, and where it goes, is
 * what hvt kept in the vCPU at the exit.
 */
static void complete_user_exit(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	u64 val = 0;

	if (vcpu->pending == HVT_PENDING_NONE)
		return;
	switch (vcpu->pending) {
	case HVT_PENDING_PIO_IN:
		/* The size is hvt's own copy: kvm_run is user memory and may have changed. */
		memcpy(&val, vcpu->pio_data, vcpu->pending_size);
		write_reg_sized(hvt_vcpu_reg(vcpu, HVT_RAX), val, vcpu->pending_size);
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

static int run_loop(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	int action;

	for (;;) {
		if (signal_pending(current)) {
			run->exit_reason = KVM_EXIT_INTR;
			return -EINTR;
		}
		cond_resched();
		action = svm_run_atomic(vcpu);
		/* In process context the handlers finish (a reflection they
		 * queue included): the loop ends after at most a second round. */
		while (action == HVT_SLEEPABLE) {
			action = hvt_svm_handle_sleepable_exit(vcpu);
			if (action == -EINTR)
				run->exit_reason = KVM_EXIT_INTR;
			if (action < 0)
				return action;
		}
		if (action == HVT_TO_USER) {
			vcpu->stats.exits_to_user++;
			return 0;
		}
	}
}

int hvt_svm_vcpu_run(struct hvt_vcpu *vcpu)
{
	int ret;

	complete_user_exit(vcpu);
	/* As KVM: immediate_exit returns at once and leaves kvm_run as it was. */
	if (READ_ONCE(vcpu->run->immediate_exit))
		return -EINTR;
	vcpu->has_run = true;
	/* What user space set is the state a refused first entry falls back to. */
	if (vcpu->user_state_set && !vcpu->nested.in_l2) {
		memcpy(vcpu->entry_snapshot, &vcpu->vmcb01.vmcb->save, sizeof(*vcpu->entry_snapshot));
		vcpu->user_state_set = false;
		vcpu->entry_unproven = true;
	}
	hvt_guest_state_load(vcpu);
	ret = run_loop(vcpu);
	hvt_guest_state_put(vcpu);
	return ret;
}
