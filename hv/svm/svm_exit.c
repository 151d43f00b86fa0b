// SPDX-License-Identifier: GPL-2.0
/*
 * What hvt does on each #VMEXIT of L1 (and on the L2 exits L0 keeps).
 *
 * Handlers run first in the atomic loop (@can_sleep false) and may ask to
 * be run again in process context (HVT_SLEEPABLE) before they change
 * anything. An intercepted instruction is stepped over by its length: NRIP
 * save gives it where the CPU has it, else svm/insn.c decodes it (prefixes
 * included); IN/OUT get the next RIP from EXITINFO2, applied when user
 * space completes the access, as KVM does.
 */
#include <linux/kvm.h>
#include <linux/smp.h>

#include "hvt.h"
#include "mmu/root_mmu.h"
#include "svm/cr.h"
#include "svm/dr.h"
#include "svm/insn.h"
#include "svm/mmio.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "trace.h"
#include "vcpu.h"

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
	return hvt_svm_queue_exception(vcpu, HVT_VEC_UD, false, 0);
}

/* An emulator's verdict: an exception instead of the instruction (#GP has an error code). */
static int raise(struct hvt_vcpu *vcpu, int vector)
{
	return hvt_svm_queue_exception(vcpu, vector, vector == HVT_VEC_GP, 0);
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

/* EXITINFO1 of a MOV CR/DR intercept with decode assists: bit 63 valid, GPR in 3:0. */
#define DECODE_ASSIST_VALID (1ull << 63)

/*
 * The instruction this exit stopped at, @op. 0, or what the handler must
 * return instead: HVT_SLEEPABLE (the bytes need process context) or
 * HVT_CONTINUE (they are no longer @op: the guest runs them again).
 */
static int exit_insn(struct hvt_vcpu *vcpu, u32 op, bool can_sleep, struct hvt_insn *insn)
{
	const struct hvt_vmcb *v = vcpu->vmcb;
	bool mov_crdr = op >= HVT_OP_MOV_FROM_CR && op <= HVT_OP_MOV_TO_DR;
	int ret;

	if (boot_cpu_has(X86_FEATURE_NRIPS) && v->control.next_rip &&
	    (!mov_crdr || (v->control.exit_info_1 & DECODE_ASSIST_VALID))) {
		insn->len = v->control.next_rip - v->save.rip;
		insn->op = op;
		insn->rm = v->control.exit_info_1 & 0xf;
		return 0;
	}
	ret = hvt_insn_decode(vcpu, op, can_sleep, insn);
	if (ret == -EAGAIN)
		return HVT_SLEEPABLE;
	return ret ? HVT_CONTINUE : 0;
}

#define EXIT_INSN(vcpu, op, can_sleep, insn) do {			\
		int ret_ = exit_insn(vcpu, op, can_sleep, insn);	\
		if (ret_)						\
			return ret_;					\
	} while (0)

static bool in_long_mode64(const struct hvt_vmcb_save *s)
{
	return (s->efer & EFER_LMA) && (s->cs.attrib & HVT_SEG_ATTR_L);
}

static int handle_cpuid(struct hvt_vcpu *vcpu, bool can_sleep)
{
	struct hvt_insn insn;

	EXIT_INSN(vcpu, HVT_OP_CPUID, can_sleep, &insn);
	vcpu->stats.exits_cpuid++;
	hvt_cpuid_emulate(vcpu);
	hvt_insn_skip(vcpu, &insn);
	return HVT_CONTINUE;
}

static int handle_msr(struct hvt_vcpu *vcpu, bool can_sleep)
{
	struct hvt_vmcb *vmcb = vcpu->vmcb;
	bool write = vmcb->control.exit_info_1;
	u32 index = vcpu->gprs[HVT_RCX];
	struct hvt_insn insn;
	u64 data;

	EXIT_INSN(vcpu, write ? HVT_OP_WRMSR : HVT_OP_RDMSR, can_sleep, &insn);
	vcpu->stats.exits_msr++;
	if (write) {
		data = (vcpu->gprs[HVT_RDX] << 32) | (u32)vmcb->save.rax;
		if (hvt_msr_write(vcpu, index, data, false))
			return raise(vcpu, HVT_VEC_GP);
	} else {
		if (hvt_msr_read(vcpu, index, &data, false))
			return raise(vcpu, HVT_VEC_GP);
		vmcb->save.rax = (u32)data;
		vcpu->gprs[HVT_RDX] = data >> 32;
	}
	hvt_insn_skip(vcpu, &insn);
	return HVT_CONTINUE;
}

/* Instructions hvt completes by stepping over them: INVD, WBINVD, HLT (to user space). */
static int handle_skip(struct hvt_vcpu *vcpu, u32 op, bool can_sleep)
{
	struct hvt_insn insn;

	EXIT_INSN(vcpu, op, can_sleep, &insn);
	hvt_insn_skip(vcpu, &insn);
	if (op == HVT_OP_HLT) {
		vcpu->stats.exits_hlt++;
		return exit_to_user(vcpu, KVM_EXIT_HLT);
	}
	vcpu->stats.exits_other++;
	return HVT_CONTINUE;
}

/*
 * RDPMC: the guest's counters, never the host's. AMD's four legacy counters
 * exist on every AMD CPU (six with PerfCtrExtCore, which hvt does not
 * offer); hvt emulates no PERF_CTL MSRs, so its counters never count and
 * read 0. Any other counter is #GP.
 */
#define AMD_LEGACY_COUNTERS 4

static int handle_rdpmc(struct hvt_vcpu *vcpu, bool can_sleep)
{
	struct hvt_insn insn;

	if ((u32)vcpu->gprs[HVT_RCX] >= AMD_LEGACY_COUNTERS)
		return raise(vcpu, HVT_VEC_GP);
	EXIT_INSN(vcpu, HVT_OP_RDPMC, can_sleep, &insn);
	vcpu->stats.exits_other++;
	vcpu->vmcb->save.rax = 0;
	vcpu->gprs[HVT_RDX] = 0;
	hvt_insn_skip(vcpu, &insn);
	return HVT_CONTINUE;
}

/* MOV to/from DR0-DR7 (svm/dr.c). */
static int handle_dr(struct hvt_vcpu *vcpu, u64 code, bool can_sleep)
{
	bool write = code >= HVT_EXIT_WRITE_DR0;
	struct hvt_insn insn;
	int vector;

	EXIT_INSN(vcpu, write ? HVT_OP_MOV_TO_DR : HVT_OP_MOV_FROM_DR, can_sleep, &insn);
	vcpu->stats.exits_dr++;
	vector = hvt_dr_access(vcpu, code & 0xf, write, insn.rm, in_long_mode64(&vcpu->vmcb->save));
	if (vector != HVT_EMULATED)
		return raise(vcpu, vector);
	hvt_insn_skip(vcpu, &insn);
	return HVT_CONTINUE;
}

/* MOV to CR4 (svm/cr.c); the only CR access hvt intercepts. */
static int handle_cr4_write(struct hvt_vcpu *vcpu, bool can_sleep)
{
	struct hvt_insn insn;
	int vector;

	EXIT_INSN(vcpu, HVT_OP_MOV_TO_CR, can_sleep, &insn);
	if (insn.reg != 4)
		return HVT_CONTINUE;	/* not what exited: run it again */
	vcpu->stats.exits_cr++;
	vector = hvt_cr4_write(vcpu, insn.rm, in_long_mode64(&vcpu->vmcb->save));
	if (vector != HVT_EMULATED)
		return raise(vcpu, vector);
	hvt_insn_skip(vcpu, &insn);
	return HVT_CONTINUE;
}

/*
 * Exceptions hvt intercepts for the host's sake. #DB and #AC go back to the
 * guest: intercepting them means the CPU cannot loop delivering one while
 * delivering another (CVE-2015-5307, CVE-2015-8104); a guest that does so
 * now loops through hvt, where the host's interrupts and signals get in.
 * #MC belongs to the host: svm_run.c gave it to the host's handler already.
 */
static int handle_exception(struct hvt_vcpu *vcpu, unsigned int vector)
{
	vcpu->stats.exits_exception++;
	switch (vector) {
	case HVT_VEC_DB:
		/* DR6 in the VMCB already says why; the guest's handler reads it. */
		return hvt_svm_queue_exception(vcpu, HVT_VEC_DB, false, 0);
	case HVT_VEC_AC:
		return hvt_svm_queue_exception(vcpu, HVT_VEC_AC, true, 0);
	case HVT_VEC_MC:
		return HVT_CONTINUE;
	default:
		return internal_error(vcpu, KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
	}
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
		vcpu->pending_size = size;
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

/*
 * The CPU refused to enter L1. Its #VMEXIT may have written its own state
 * (the host's: hvt.ko's RIP, the host's stack, CR3, descriptor tables) into
 * the VMCB, and none of it may reach user space or the next entry: the
 * state user space set is put back if this was the first entry since, else
 * the vCPU goes back to its reset state (no entry hvt builds itself should
 * ever be refused: that would be hvt's bug, and says so in the log).
 */
static int handle_vmrun_failure(struct hvt_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	u64 code = vcpu->vmcb->control.exit_code;

	if (vcpu->entry_unproven) {
		memcpy(&vcpu->vmcb01.vmcb->save, vcpu->entry_snapshot,
		       sizeof(*vcpu->entry_snapshot));
	} else {
		pr_warn_ratelimited("hvt: vcpu %d: entry refused (0x%llx) after earlier entries: reset\n",
				    vcpu->id, code);
		hvt_svm_vcpu_reset(vcpu);
	}
	vcpu->entry_unproven = false;
	run->fail_entry.hardware_entry_failure_reason = code;
	run->fail_entry.cpu = vcpu->cpu;
	return exit_to_user(vcpu, KVM_EXIT_FAIL_ENTRY);
}

/* L1's SVM instructions, or #UD for L2 (hvt runs no L3). */
static int handle_svm_insn(struct hvt_vcpu *vcpu, u64 code, bool can_sleep)
{
	if (!can_sleep)
		vcpu->stats.exits_other++;
	if (vcpu->nested.in_l2)
		return inject_ud(vcpu);
	switch (code) {
	case HVT_EXIT_VMRUN:
		return hvt_nested_vmrun(vcpu, can_sleep);
	case HVT_EXIT_VMLOAD:
		return hvt_nested_vmload_vmsave(vcpu, true, can_sleep);
	case HVT_EXIT_VMSAVE:
		return hvt_nested_vmload_vmsave(vcpu, false, can_sleep);
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

/* The exits both loops dispatch: @can_sleep tells which one calls. */
static int dispatch(struct hvt_vcpu *vcpu, u64 code, bool can_sleep)
{
	/* A refused VMRUN; CPUs that keep EXITCODE 32-bit wide write 0xffffffff. */
	if (unlikely(hvt_nested_entry_failed(code)))
		return handle_vmrun_failure(vcpu);
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
		return handle_cpuid(vcpu, can_sleep);
	case HVT_EXIT_MSR:
		return handle_msr(vcpu, can_sleep);
	case HVT_EXIT_IOIO:
		return handle_ioio(vcpu);
	case HVT_EXIT_HLT:
		return handle_skip(vcpu, HVT_OP_HLT, can_sleep);
	case HVT_EXIT_INVD:
		return handle_skip(vcpu, HVT_OP_INVD, can_sleep);
	case HVT_EXIT_WBINVD:
		return handle_skip(vcpu, HVT_OP_WBINVD, can_sleep);
	case HVT_EXIT_NPF:
		vcpu->stats.exits_npf++;
		return HVT_SLEEPABLE;
	case HVT_EXIT_SHUTDOWN:
		return handle_shutdown(vcpu);
	case HVT_EXIT_WRITE_CR0 + 4:
		return handle_cr4_write(vcpu, can_sleep);
	case HVT_EXIT_READ_DR0 ... HVT_EXIT_WRITE_DR0 + 15:
		return handle_dr(vcpu, code, can_sleep);
	case HVT_EXIT_EXCP_BASE ... HVT_EXIT_EXCP_BASE + 31:
		return handle_exception(vcpu, code - HVT_EXIT_EXCP_BASE);
	case HVT_EXIT_RDPMC:
		return handle_rdpmc(vcpu, can_sleep);
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
		return handle_svm_insn(vcpu, code, can_sleep);
	case HVT_EXIT_MONITOR:
	case HVT_EXIT_MWAIT:
	case HVT_EXIT_XSETBV:
		vcpu->stats.exits_other++;
		return inject_ud(vcpu);
	default:
		vcpu->stats.exits_other++;
		return internal_error(vcpu, KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
	}
}

int hvt_svm_handle_exit(struct hvt_vcpu *vcpu)
{
	u64 code = vcpu->vmcb->control.exit_code;
	int ret;

	vcpu->stats.exits++;
	if (likely(!hvt_nested_entry_failed(code)))
		vcpu->entry_unproven = false;
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
	return dispatch(vcpu, code, false);
}

/*
 * Exits handled in process context: nested page faults, the L1 SVM
 * instructions whose fast path found a page to fault in or a shadow root to
 * allocate, and instructions whose bytes had to be fetched where that sleeps.
 */
int hvt_svm_handle_sleepable_exit(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	int ret;

	if (vcpu->nested.in_l2 && (vcpu->nested.pending_vmexit || vcpu->nested.map_pending ||
				   (c->exit_code == HVT_EXIT_NPF && vcpu->nested.np12)))
		return hvt_nested_sleepable_exit(vcpu);
	if (c->exit_code != HVT_EXIT_NPF)
		return dispatch(vcpu, c->exit_code, true);
	ret = hvt_root_mmu_fault(vcpu, c->exit_info_2, c->exit_info_1);
	trace_hvt_mmu_fault(vcpu->id, 0, c->exit_info_2, c->exit_info_1, ret);
	if (ret == HVT_FAULT_MAPPED)
		return HVT_CONTINUE;
	if (ret == HVT_FAULT_MMIO)
		return hvt_mmio_exit(vcpu, c->exit_info_2);
	return ret;
}
