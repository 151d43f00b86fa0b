// SPDX-License-Identifier: GPL-2.0
/*
 * nested-cpuid and nested-vmmcall: L2 loops an exiting instruction, L1
 * intercepts it and answers with values only the n-th exit should get.
 * L2 times each round trip (and the L1 -> L2 leg); L1 times its handler
 * (and the L2 -> L1 leg) and counts its exits.
 */
#include "l1.h"

static uint64_t *samples(uint64_t n, const char *what)
{
	GUEST_ASSERT_MSG(n <= UINT64_MAX / 8, "%llu iterations", (unsigned long long)n);
	return l1_alloc(n * 8, what);
}

void l1_loop_prepare(struct l1_vcpu *v)
{
	struct l2_shared *sh = v->sh;
	uint64_t n = v->bp->iterations;

	sh->warmup = v->bp->warmup;
	sh->iterations = n;
	sh->leaf = L2_CPUID_LEAF;
	/* allocated once: a scenario has one loop test */
	sh->round_trip = samples(n, "l2_round_trip_ticks");
	sh->entry_leg = samples(n, "l1_to_l2_entry_ticks");
	v->handler_ticks = samples(n, "l1_handler_ticks");
	v->exit_leg = samples(n, "l2_exit_to_l1_ticks");
	v->handler_total = 0;
	v->loop_count = 0;
}

/* Which iteration this exit belongs to; record its exit leg. */
static uint64_t loop_exit_begin(struct l1_vcpu *v)
{
	struct l2_shared *sh = v->sh;
	uint64_t n = v->loop_count++;

	if (n >= sh->warmup + sh->iterations)
		GUEST_FAIL("vcpu %u: exit %llu after L2's last iteration", v->id,
			   (unsigned long long)n);
	if (n >= sh->warmup) {
		v->sample_slot = (int64_t)(n - sh->warmup);
		v->exit_leg[v->sample_slot] = v->t_exit - sh->t_exit;
	}
	return n;
}

bool l1_loop_exit(struct l1_vcpu *v, uint64_t want, uint64_t *n)
{
	uint64_t code = v->vmcb->control.exit_code;

	if (code == SVM_EXIT_HLT) {
		v->done = true;
		return false;
	}
	if (code != want)
		l1_unexpected_exit(v);
	*n = loop_exit_begin(v);
	return true;
}

static void cpuid_handle_exit(struct l1_vcpu *v)
{
	struct vmcb *vmcb = v->vmcb;
	struct cpuid_regs a;
	uint64_t n;

	if (!l1_loop_exit(v, SVM_EXIT_CPUID, &n))
		return;
	if (vmcb->save.rax != L2_CPUID_LEAF || v->regs.rcx != 0)
		GUEST_FAIL("vcpu %u: CPUID exit %llu: L2 asked leaf 0x%llx/0x%llx, "
			   "not 0x%x/0", v->id, (unsigned long long)n,
			   (unsigned long long)vmcb->save.rax,
			   (unsigned long long)v->regs.rcx, L2_CPUID_LEAF);
	a = l2_cpuid_answer(n, L2_CPUID_LEAF);
	vmcb->save.rax = a.eax;
	v->regs.rbx = a.ebx;
	v->regs.rcx = a.ecx;
	v->regs.rdx = a.edx;
	l1_skip_insn(v, SVM_LEN_CPUID);
}

static void vmmcall_handle_exit(struct l1_vcpu *v)
{
	struct vmcb *vmcb = v->vmcb;
	uint64_t n;

	if (!l1_loop_exit(v, SVM_EXIT_VMMCALL, &n))
		return;
	if (vmcb->save.rax != l2_vmmcall_request(n))
		GUEST_FAIL("vcpu %u: VMMCALL exit %llu: request 0x%llx, want 0x%llx",
			   v->id, (unsigned long long)n,
			   (unsigned long long)vmcb->save.rax,
			   (unsigned long long)l2_vmmcall_request(n));
	vmcb->save.rax = l2_vmmcall_answer(n);
	l1_skip_insn(v, SVM_LEN_VMMCALL);
}

bool l1_loop_finished(struct l1_vcpu *v)
{
	return v->done;
}

/* L2 stops at the first wrong result: name the first register that differs. */
void l1_check_l2_verdict(struct l1_vcpu *v, const char *what,
			 const char *const regs[5])
{
	struct l2_shared *sh = v->sh;
	unsigned int i = 0;

	if (sh->failed) {
		while (i < 4 && sh->got[i] == sh->want[i])
			i++;
		guest_fail_values(__FILE__, __LINE__, sh->got[i], sh->want[i],
				  "vcpu %u: L2 %s %llu (warmup counted): %s = 0x%llx, "
				  "expected 0x%llx", v->id, what,
				  (unsigned long long)sh->fail_iter, regs[i],
				  (unsigned long long)sh->got[i],
				  (unsigned long long)sh->want[i]);
	}
	if (!sh->done)
		GUEST_FAIL("vcpu %u: L2 halted before its last %s", v->id, what);
}

void l1_report_loop(struct l1_vcpu *v, const char *exits_name, uint64_t exits)
{
	struct l2_shared *sh = v->sh;
	uint64_t n = sh->iterations;

	GUEST_ASSERT_EQ(exits, sh->warmup + n);
	guest_value("l2_timer_overhead_ticks", sh->timer_overhead);
	guest_samples("l2_round_trip_ticks", sh->round_trip, n);
	guest_samples("l2_exit_to_l1_ticks", v->exit_leg, n);
	guest_samples("l1_handler_ticks", v->handler_ticks, n);
	guest_samples("l1_to_l2_entry_ticks", sh->entry_leg, n);
	guest_value("l1_handler_ticks_total", v->handler_total);
	guest_value("iterations", n);
	guest_value(exits_name, exits);
	guest_value("l1_exits_total", v->exits_total);
}

static bool cpuid_check(struct l1_vcpu *v)
{
	static const char *const regs[5] = { "EAX", "EBX", "ECX", "EDX", "-" };

	l1_check_l2_verdict(v, "CPUID", regs);
	l1_report_loop(v, "l1_exits_cpuid", v->exits_cpuid);
	return true;
}

static bool vmmcall_check(struct l1_vcpu *v)
{
	static const char *const regs[5] = { "RAX", "RBX", "RCX", "RSI", "RDI" };

	l1_check_l2_verdict(v, "VMMCALL", regs);
	l1_report_loop(v, "l1_exits_vmmcall", v->exits_vmmcall);
	return true;
}

static const struct l1_test cpuid_test = {
	.name = "cpuid_loop",
	.intercept1 = SVM_INTERCEPT1_CPUID | SVM_INTERCEPT1_HLT,
	.l2_entry = l2_cpuid_loop,
	.prepare = l1_loop_prepare,
	.handle_exit = cpuid_handle_exit,
	.finished = l1_loop_finished,
	.check = cpuid_check,
};

static const struct l1_test vmmcall_test = {
	.name = "vmmcall_loop",
	.intercept1 = SVM_INTERCEPT1_HLT,
	.intercept2 = SVM_INTERCEPT2_VMMCALL,
	.l2_entry = l2_vmmcall_loop,
	.prepare = l1_loop_prepare,
	.handle_exit = vmmcall_handle_exit,
	.finished = l1_loop_finished,
	.check = vmmcall_check,
};

const struct l1_scenario l1_scn_nested_cpuid = {
	.id = HVT_L1_NESTED_CPUID, .tests = &cpuid_test, .nr_tests = 1,
};

const struct l1_scenario l1_scn_nested_vmmcall = {
	.id = HVT_L1_NESTED_VMMCALL, .tests = &vmmcall_test, .nr_tests = 1,
};
