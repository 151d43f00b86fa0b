// SPDX-License-Identifier: GPL-2.0
/*
 * nested-msr and nested-io: the loop of loop.c with an RDMSR that L1
 * intercepts through its MSR permission map and an IN that it intercepts
 * through its I/O permission map, so L0 must consult L1's bitmaps before
 * it reflects an exit. RIP advance: RDMSR by length (or NRIP save), IN by
 * EXITINFO2.
 */
#include "l1.h"

static void msr_prepare(struct l1_vcpu *v)
{
	l1_loop_prepare(v);
	GUEST_ASSERT(svm_msrpm_intercept(v->msrpm, L2_MSR_INDEX, 1, 1));
}

static void io_prepare(struct l1_vcpu *v)
{
	l1_loop_prepare(v);
	svm_iopm_intercept(v->iopm, L2_IO_PORT);
}

static void msr_handle_exit(struct l1_vcpu *v)
{
	struct vmcb *vmcb = v->vmcb;
	uint64_t n, a;

	if (!l1_loop_exit(v, SVM_EXIT_MSR, &n))
		return;
	/* EXITINFO1 0: RDMSR */
	if (vmcb->control.exit_info_1 != 0 || v->regs.rcx != L2_MSR_INDEX)
		GUEST_FAIL("vcpu %u: MSR exit %llu: info1 %llu, ECX 0x%llx, "
			   "not RDMSR 0x%x", v->id, (unsigned long long)n,
			   (unsigned long long)vmcb->control.exit_info_1,
			   (unsigned long long)v->regs.rcx, L2_MSR_INDEX);
	a = l2_msr_io_answer(n);
	vmcb->save.rax = (uint32_t)a;
	v->regs.rdx = a >> 32;
	l1_skip_insn(v, SVM_LEN_MSR);
}

static void io_handle_exit(struct l1_vcpu *v)
{
	struct vmcb *vmcb = v->vmcb;
	uint64_t want = SVM_IOIO_IN | SVM_IOIO_SZ32 |
			((uint64_t)L2_IO_PORT << SVM_IOIO_PORT_SHIFT);
	uint64_t n, info;

	if (!l1_loop_exit(v, SVM_EXIT_IOIO, &n))
		return;
	/* port, IN, 32-bit; ignore the address-size and segment fields */
	info = vmcb->control.exit_info_1;
	if ((info & (0xffff0000ull | 0x7dull)) != want)
		GUEST_FAIL("vcpu %u: IOIO exit %llu: info1 0x%llx, want IN 32-bit "
			   "port 0x%x", v->id, (unsigned long long)n,
			   (unsigned long long)info, L2_IO_PORT);
	vmcb->save.rax = (uint32_t)l2_msr_io_answer(n);
	l1_skip_ioio(v);
}

static bool msr_check(struct l1_vcpu *v)
{
	static const char *const regs[5] = { "EDX:EAX", "RCX", "RDX", "-", "-" };

	l1_check_l2_verdict(v, "RDMSR", regs);
	l1_report_loop(v, "l1_exits_msr", v->exits_msr);
	return true;
}

static bool io_check(struct l1_vcpu *v)
{
	static const char *const regs[5] = { "RAX", "RCX", "RDX", "-", "-" };

	l1_check_l2_verdict(v, "IN", regs);
	l1_report_loop(v, "l1_exits_io", v->exits_io);
	return true;
}

static const struct l1_test msr_test = {
	.name = "msr_loop",
	.intercept1 = SVM_INTERCEPT1_MSR | SVM_INTERCEPT1_HLT,
	.l2_entry = l2_msr_loop,
	.prepare = msr_prepare,
	.handle_exit = msr_handle_exit,
	.finished = l1_loop_finished,
	.check = msr_check,
};

static const struct l1_test io_test = {
	.name = "io_loop",
	.intercept1 = SVM_INTERCEPT1_IOIO | SVM_INTERCEPT1_HLT,
	.l2_entry = l2_io_loop,
	.prepare = io_prepare,
	.handle_exit = io_handle_exit,
	.finished = l1_loop_finished,
	.check = io_check,
};

const struct l1_scenario l1_scn_nested_msr = {
	.id = HVT_L1_NESTED_MSR, .tests = &msr_test, .nr_tests = 1,
};

const struct l1_scenario l1_scn_nested_io = {
	.id = HVT_L1_NESTED_IO, .tests = &io_test, .nr_tests = 1,
};
