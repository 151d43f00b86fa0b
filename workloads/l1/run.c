// SPDX-License-Identifier: GPL-2.0
/* The L1 run loop: VMRUN, count and time exits, RIP advance. */
#include "l1.h"

const char *l1_exit_name(uint64_t code)
{
	if (svm_exit_is_invalid(code))
		return "VMEXIT_INVALID";
	if (code >= SVM_EXIT_EXCP_BASE && code < SVM_EXIT_EXCP_BASE + 32)
		return exception_name((unsigned int)(code - SVM_EXIT_EXCP_BASE));
	switch (code) {
	case SVM_EXIT_INTR: return "INTR";
	case SVM_EXIT_CPUID: return "CPUID";
	case SVM_EXIT_HLT: return "HLT";
	case SVM_EXIT_IOIO: return "IOIO";
	case SVM_EXIT_MSR: return "MSR";
	case SVM_EXIT_SHUTDOWN: return "SHUTDOWN";
	case SVM_EXIT_VMRUN: return "VMRUN";
	case SVM_EXIT_VMMCALL: return "VMMCALL";
	case SVM_EXIT_NPF: return "NPF";
	default: return "other";
	}
}

void l1_record_exit(struct l1_vcpu *v)
{
	uint64_t code = v->vmcb->control.exit_code;

	v->exits_total++;
	if (code == SVM_EXIT_CPUID)
		v->exits_cpuid++;
	else if (code == SVM_EXIT_VMMCALL)
		v->exits_vmmcall++;
	else if (code == SVM_EXIT_HLT)
		v->exits_hlt++;
	else if (code == SVM_EXIT_NPF)
		v->exits_npf++;
	else if (code == SVM_EXIT_MSR)
		v->exits_msr++;
	else if (code == SVM_EXIT_IOIO)
		v->exits_io++;
	else
		v->exits_other++;
}

/* The previous exit's handler ends now: store its time if it was measured. */
static void close_handler(struct l1_vcpu *v, uint64_t now)
{
	uint64_t ticks = now - v->t_exit;

	if (!v->handler_open)
		return;
	v->handler_open = false;
	if (v->sample_slot < 0)
		return;
	v->handler_ticks[v->sample_slot] = ticks;
	v->handler_total += ticks;
	v->sample_slot = -1;
}

/*
 * L1's callee-saved registers (v lives in one), its stack and memory must
 * come back from VMRUN as they were; name it if they did not, rather than
 * go on with a stray pointer.
 */
void l1_check_intact(const struct l1_vcpu *v)
{
	if (v->magic != L1_VCPU_MAGIC)
		GUEST_FAIL("L1 state lost across VMRUN: vCPU struct at %p reads "
			   "magic 0x%llx (RSP, callee-saved registers or L1 memory "
			   "changed by L0 or L2)", (const void *)v,
			   (unsigned long long)v->magic);
}

/*
 * One world switch. The handler window is from right after l1_vmrun
 * returns to right before it is called again, so the optional CLGI/STGI
 * and VMLOAD/VMSAVE (flags) count as L1 handler work.
 */
void l1_enter(struct l1_vcpu *v)
{
	uint64_t pa = (uintptr_t)v->vmcb, t;

	if (v->flags & HVT_L1_F_GIF)
		clgi();
	if (v->flags & HVT_L1_F_VMLOAD)
		vmload(pa);
	t = rdtsc_ordered();
	close_handler(v, t);
	v->sh->t_resume = t;
	l1_vmrun(pa, &v->regs);
	v->t_exit = rdtsc_ordered();
	l1_check_intact(v);
	v->handler_open = true;
	if (v->flags & HVT_L1_F_VMLOAD) {
		vmsave(pa);
		vmload((uintptr_t)v->host_save);
	}
	if (v->flags & HVT_L1_F_GIF)
		stgi();
	v->vmcb->control.tlb_ctl = SVM_TLB_NONE;
	l1_record_exit(v);
}

/*
 * Step L2 over the instruction that exited: NRIP save if CPUID offers it
 * (and the flags allow it), else the known length. A next_rip that
 * disagrees with the length is an L0 bug worth failing on.
 */
void l1_skip_insn(struct l1_vcpu *v, unsigned int len)
{
	struct vmcb *vmcb = v->vmcb;
	uint64_t rip = vmcb->save.rip;

	if (v->use_nrips) {
		GUEST_ASSERT_MSG(vmcb->control.next_rip == rip + len,
				 "exit %s: next_rip 0x%llx, rip 0x%llx + %u",
				 l1_exit_name(vmcb->control.exit_code),
				 (unsigned long long)vmcb->control.next_rip,
				 (unsigned long long)rip, len);
		vmcb->save.rip = vmcb->control.next_rip;
	} else {
		vmcb->save.rip = rip + len;
	}
}

/* IN/OUT: EXITINFO2 holds the next RIP whether or not NRIPS exists. */
void l1_skip_ioio(struct l1_vcpu *v)
{
	struct vmcb *vmcb = v->vmcb;

	if (v->use_nrips)
		GUEST_ASSERT_EQ(vmcb->control.next_rip, vmcb->control.exit_info_2);
	vmcb->save.rip = vmcb->control.exit_info_2;
}

__attribute__((noreturn)) void l1_unexpected_exit(struct l1_vcpu *v)
{
	struct vmcb_control *c = &v->vmcb->control;

	guest_fail_values(__FILE__, __LINE__, c->exit_code, c->exit_info_1,
			  "vcpu %u: unexpected exit 0x%llx (%s) info1=0x%llx "
			  "info2=0x%llx int_info=0x%llx L2 rip=0x%llx",
			  v->id, (unsigned long long)c->exit_code,
			  l1_exit_name(c->exit_code),
			  (unsigned long long)c->exit_info_1,
			  (unsigned long long)c->exit_info_2,
			  (unsigned long long)c->exit_int_info,
			  (unsigned long long)v->vmcb->save.rip);
}

bool l1_finished_after_one(struct l1_vcpu *v)
{
	(void)v;
	return true;
}

bool l1_run_test(struct l1_vcpu *v, const struct l1_test *t)
{
	bool (*finished)(struct l1_vcpu *) =
		t->finished ? t->finished : l1_finished_after_one;

	v->test = t;
	l1_vmcb_reset(v, t);
	if (t->prepare)
		t->prepare(v);
	do {
		if (t->enter)
			t->enter(v);
		else
			l1_enter(v);
		if (t->handle_exit)
			t->handle_exit(v);
	} while (!finished(v));
	return t->check(v);
}
