// SPDX-License-Identifier: GPL-2.0
/*
 * What hvt does on each #VMEXIT of L1. Without NRIP save (the testbed's
 * SVM has none) the length of a trapped instruction is known from its
 * opcode: CPUID, RDMSR/WRMSR, WBINVD/INVD are two bytes, HLT one; IN/OUT
 * get the next RIP from EXITINFO2 (applied when user space completes the
 * access, as KVM does). Where the CPU provides next_rip, it is used.
 */
#include <linux/kvm.h>
#include <linux/smp.h>

#include "hvt.h"
#include "mmu/root_mmu.h"
#include "svm/mmio.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "trace.h"
#include "vcpu.h"

static void skip_insn(struct hvt_vcpu *vcpu, unsigned int len)
{
	struct hvt_vmcb *vmcb = vcpu->vmcb;

	if (boot_cpu_has(X86_FEATURE_NRIPS) && vmcb->control.next_rip)
		vmcb->save.rip = vmcb->control.next_rip;
	else
		vmcb->save.rip += len;
}

/*
 * An exception for the running guest. Injected events are not checked
 * against intercepts, so for L2 hvt checks them itself: an exception L1
 * intercepts becomes a #VMEXIT to L1, as the hardware would make it.
 */
int hvt_svm_queue_exception(struct hvt_vcpu *vcpu, u8 vector, bool has_error, u32 error)
{
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;

	if (vcpu->nested.in_l2 &&
	    (vcpu->nested.vmcb12->control.intercept_exceptions & (1u << vector)))
		return hvt_nested_vmexit(vcpu, HVT_EXIT_EXCP_BASE + vector,
					 has_error ? error : 0, 0, false);
	c->event_inj = vector | HVT_EVTINJ_TYPE_EXC | HVT_EVTINJ_VALID |
		(has_error ? HVT_EVTINJ_VALID_ERR : 0);
	c->event_inj_err = error;
	return HVT_CONTINUE;
}

static int inject_ud(struct hvt_vcpu *vcpu)
{
	return hvt_svm_queue_exception(vcpu, 6, false, 0);
}

static int exit_to_user(struct hvt_vcpu *vcpu, u32 reason)
{
	vcpu->run->exit_reason = reason;
	return HVT_TO_USER;
}

int hvt_exit_internal_error(struct hvt_vcpu *vcpu, u32 suberror, const u64 *data, u32 ndata)
{
	struct kvm_run *run = vcpu->run;
	u32 i;

	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = min_t(u32, ndata, ARRAY_SIZE(run->internal.data));
	for (i = 0; i < run->internal.ndata; i++)
		run->internal.data[i] = data[i];
	return HVT_TO_USER;
}

/* An exit hvt cannot handle: the exit code, its infos and RIP for user space. */
static int internal_error(struct hvt_vcpu *vcpu, u32 suberror)
{
	const struct hvt_vmcb *v = vcpu->vmcb;
	const u64 data[] = { v->control.exit_code, v->control.exit_info_1,
			     v->control.exit_info_2, v->save.rip };

	return hvt_exit_internal_error(vcpu, suberror, data, ARRAY_SIZE(data));
}

static int handle_cpuid(struct hvt_vcpu *vcpu)
{
	vcpu->stats.exits_cpuid++;
	hvt_cpuid_emulate(vcpu);
	skip_insn(vcpu, 2);
	return HVT_CONTINUE;
}

static int handle_msr(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb *vmcb = vcpu->vmcb;
	u32 index = vcpu->gprs[HVT_RCX];
	u64 data;

	vcpu->stats.exits_msr++;
	if (vmcb->control.exit_info_1) {
		data = (vcpu->gprs[HVT_RDX] << 32) | (u32)vmcb->save.rax;
		if (hvt_msr_write(vcpu, index, data, false))
			goto gp;
	} else {
		if (hvt_msr_read(vcpu, index, &data, false))
			goto gp;
		vmcb->save.rax = (u32)data;
		vcpu->gprs[HVT_RDX] = data >> 32;
	}
	skip_insn(vcpu, 2);
	return HVT_CONTINUE;
gp:
	return hvt_svm_queue_exception(vcpu, 13, true, 0);
}

/* IN/OUT become KVM_EXIT_IO; string and REP forms are not emulated yet. */
static int handle_ioio(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb *vmcb = vcpu->vmcb;
	u32 info = vmcb->control.exit_info_1;
	struct kvm_run *run = vcpu->run;
	u32 size = (info & HVT_IOIO_SIZE_MASK) >> HVT_IOIO_SIZE_SHIFT;

	vcpu->stats.exits_io++;
	if (info & (HVT_IOIO_STR | HVT_IOIO_REP))
		return internal_error(vcpu, KVM_INTERNAL_ERROR_EMULATION);
	/* SZ8/SZ16/SZ32 are one-hot bits 4..6: 1, 2 or 4 bytes. */
	size = size == 1 ? 1 : size == 2 ? 2 : 4;
	run->io.direction = (info & HVT_IOIO_TYPE_IN) ? KVM_EXIT_IO_IN : KVM_EXIT_IO_OUT;
	run->io.size = size;
	run->io.port = info >> HVT_IOIO_PORT_SHIFT;
	run->io.count = 1;
	run->io.data_offset = PAGE_SIZE;
	if (run->io.direction == KVM_EXIT_IO_OUT) {
		memcpy(vcpu->pio_data, &vmcb->save.rax, size);
		vcpu->pending = HVT_PENDING_PIO_OUT;
	} else {
		vcpu->pending = HVT_PENDING_PIO_IN;
	}
	vcpu->pending_rip = vmcb->control.exit_info_2;
	return exit_to_user(vcpu, KVM_EXIT_IO);
}

static int handle_shutdown(struct hvt_vcpu *vcpu)
{
	vcpu->stats.exits_shutdown++;
	/* The VMCB is undefined after a shutdown: start over from reset state. */
	hvt_svm_vcpu_reset(vcpu);
	return exit_to_user(vcpu, KVM_EXIT_SHUTDOWN);
}

static int handle_vmrun_failure(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;

	run->fail_entry.hardware_entry_failure_reason = vcpu->vmcb->control.exit_code;
	run->fail_entry.cpu = vcpu->cpu;
	return exit_to_user(vcpu, KVM_EXIT_FAIL_ENTRY);
}

/* L1's SVM instructions, or #UD for L2 (hvt runs no L3). */
static int handle_svm_insn(struct hvt_vcpu *vcpu, u64 code)
{
	vcpu->stats.exits_other++;
	if (vcpu->nested.in_l2)
		return inject_ud(vcpu);
	switch (code) {
	case HVT_EXIT_VMRUN:
		return hvt_nested_vmrun(vcpu, false);
	case HVT_EXIT_VMLOAD:
		return hvt_nested_vmload_vmsave(vcpu, true, false);
	case HVT_EXIT_VMSAVE:
		return hvt_nested_vmload_vmsave(vcpu, false, false);
	case HVT_EXIT_STGI:
		return hvt_nested_stgi_clgi(vcpu, true);
	case HVT_EXIT_CLGI:
		return hvt_nested_stgi_clgi(vcpu, false);
	case HVT_EXIT_INVLPGA:
		return hvt_nested_invlpga(vcpu);
	default:	/* SKINIT: not offered in CPUID, so #UD */
		return inject_ud(vcpu);
	}
}

int hvt_svm_handle_exit(struct hvt_vcpu *vcpu)
{
	u64 code = vcpu->vmcb->control.exit_code;
	int ret;

	vcpu->stats.exits++;
	if (vcpu->nested.in_l2) {
		ret = hvt_nested_handle_l2_exit(vcpu);
		if (ret >= 0)
			return ret;
		vcpu->stats.nested_exits_l0++;
	}
	/* An event the exit interrupted is delivered again on the next entry. */
	if (vcpu->vmcb->control.exit_int_info & HVT_EVTINJ_VALID) {
		vcpu->vmcb->control.event_inj = vcpu->vmcb->control.exit_int_info;
		vcpu->vmcb->control.event_inj_err = vcpu->vmcb->control.exit_int_info_err;
	} else {
		vcpu->vmcb->control.event_inj = 0;
	}

	switch (code) {
	case HVT_EXIT_INTR:
		vcpu->stats.exits_intr++;
		return HVT_CONTINUE;
	case HVT_EXIT_NMI:
		vcpu->stats.exits_nmi++;
		return HVT_CONTINUE;
	case HVT_EXIT_SMI:
	case HVT_EXIT_INIT:
		return HVT_CONTINUE;
	case HVT_EXIT_CPUID:
		return handle_cpuid(vcpu);
	case HVT_EXIT_MSR:
		return handle_msr(vcpu);
	case HVT_EXIT_IOIO:
		return handle_ioio(vcpu);
	case HVT_EXIT_HLT:
		vcpu->stats.exits_hlt++;
		skip_insn(vcpu, 1);
		return exit_to_user(vcpu, KVM_EXIT_HLT);
	case HVT_EXIT_NPF:
		vcpu->stats.exits_npf++;
		return HVT_SLEEPABLE;
	case HVT_EXIT_SHUTDOWN:
		return handle_shutdown(vcpu);
	case HVT_EXIT_INVD:
	case HVT_EXIT_WBINVD:
		vcpu->stats.exits_other++;
		skip_insn(vcpu, 2);
		return HVT_CONTINUE;
	case HVT_EXIT_VMMCALL:
		vcpu->stats.exits_vmmcall++;
		return inject_ud(vcpu);
	case HVT_EXIT_VMRUN:
	case HVT_EXIT_VMLOAD:
	case HVT_EXIT_VMSAVE:
	case HVT_EXIT_STGI:
	case HVT_EXIT_CLGI:
	case HVT_EXIT_SKINIT:
	case HVT_EXIT_INVLPGA:
		return handle_svm_insn(vcpu, code);
	case HVT_EXIT_MONITOR:
	case HVT_EXIT_MWAIT:
	case HVT_EXIT_XSETBV:
		vcpu->stats.exits_other++;
		return inject_ud(vcpu);
	case HVT_EXIT_INVALID:
		return handle_vmrun_failure(vcpu);
	default:
		vcpu->stats.exits_other++;
		return internal_error(vcpu, KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
	}
}

/*
 * Exits handled in process context: nested page faults, and the L1 SVM
 * instructions whose fast path found a page to fault in or a shadow root
 * to allocate.
 */
int hvt_svm_handle_sleepable_exit(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	int ret;

	if (vcpu->nested.in_l2 && (vcpu->nested.pending_vmexit || vcpu->nested.map_pending ||
				   (c->exit_code == HVT_EXIT_NPF && vcpu->nested.np12)))
		return hvt_nested_sleepable_exit(vcpu);
	switch (c->exit_code) {
	case HVT_EXIT_VMRUN:
		return hvt_nested_vmrun(vcpu, true);
	case HVT_EXIT_VMLOAD:
		return hvt_nested_vmload_vmsave(vcpu, true, true);
	case HVT_EXIT_VMSAVE:
		return hvt_nested_vmload_vmsave(vcpu, false, true);
	}
	ret = hvt_root_mmu_fault(vcpu, c->exit_info_2, c->exit_info_1);
	trace_hvt_mmu_fault(vcpu->id, 0, c->exit_info_2, c->exit_info_1, ret);
	if (ret == HVT_FAULT_MAPPED)
		return HVT_CONTINUE;
	if (ret == HVT_FAULT_MMIO)
		return hvt_mmio_exit(vcpu, c->exit_info_2);
	return ret;
}
