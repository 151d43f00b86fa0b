// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile-L1 scenarios for L0's nested SVM: each test does one illegal
 * thing and checks that L1 sees what the AMD APM says it should. A last
 * "valid_after" test shows L0 still runs a correct L2 afterwards.
 * Every outcome is PRINTed and reported as VALUEs "<test>_...".
 */
#include "l1.h"

#define VEC_UD 6
#define VEC_GP 13
#define PROBE_NONE 256	/* reported "vector" when nothing was raised */

uint64_t l1_ram_end(const struct l1_vcpu *v)
{
	return (v->bp->mem_size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

static void value(const struct l1_vcpu *v, const char *what, uint64_t x)
{
	char name[64];

	guest_snprintf(name, sizeof(name), "%s_%s", v->test->name, what);
	guest_value(name, x);
}

bool l1_report_exit(struct l1_vcpu *v, uint64_t want_code, bool ok)
{
	struct vmcb_control *c = &v->vmcb->control;

	guest_print("vcpu %u: %s: exit 0x%llx (%s) info1=0x%llx info2=0x%llx, "
		    "expected %s: %s", v->id, v->test->name,
		    (unsigned long long)c->exit_code, l1_exit_name(c->exit_code),
		    (unsigned long long)c->exit_info_1,
		    (unsigned long long)c->exit_info_2, l1_exit_name(want_code),
		    ok ? "ok" : "WRONG");
	value(v, "exit_code", c->exit_code);
	value(v, "exit_info_1", c->exit_info_1);
	value(v, "exit_info_2", c->exit_info_2);
	return ok;
}

/* ---- VMCB12 with illegal state: VMRUN must end in VMEXIT_INVALID ---- */

static void no_svme(struct l1_vcpu *v) { v->vmcb->save.efer &= ~EFER_SVME; }
static void nw_no_cd(struct l1_vcpu *v)
{
	v->vmcb->save.cr0 = (v->vmcb->save.cr0 & ~X86_CR0_CD) | X86_CR0_NW;
}
static void cr0_high(struct l1_vcpu *v) { v->vmcb->save.cr0 |= 1ull << 32; }
static void no_pae(struct l1_vcpu *v) { v->vmcb->save.cr4 &= ~X86_CR4_PAE; }
static void dr7_high(struct l1_vcpu *v) { v->vmcb->save.dr7 |= 1ull << 32; }
static void asid0(struct l1_vcpu *v) { v->vmcb->control.asid = 0; }
static void no_vmrun_icpt(struct l1_vcpu *v)
{
	v->vmcb->control.intercept_misc2 &= ~SVM_INTERCEPT2_VMRUN;
}

static bool expect_invalid(struct l1_vcpu *v)
{
	return l1_report_exit(v, SVM_EXIT_INVALID,
			      svm_exit_is_invalid(v->vmcb->control.exit_code));
}

bool l1_expect_hlt(struct l1_vcpu *v)
{
	return l1_report_exit(v, SVM_EXIT_HLT,
			      v->vmcb->control.exit_code == SVM_EXIT_HLT &&
			      v->sh->done);
}

#define INVALID_TEST(n, fn) {						\
	.name = n, .intercept1 = SVM_INTERCEPT1_HLT, .l2_entry = l2_hlt,\
	.prepare = fn, .check = expect_invalid }
#define VALID_AFTER {							\
	.name = "valid_after", .intercept1 = SVM_INTERCEPT1_HLT,	\
	.l2_entry = l2_hlt, .check = l1_expect_hlt }

static const struct l1_test invalid_tests[] = {
	INVALID_TEST("efer_svme_clear", no_svme),
	INVALID_TEST("cr0_nw_without_cd", nw_no_cd),
	INVALID_TEST("cr0_high_bits", cr0_high),
	INVALID_TEST("long_mode_without_pae", no_pae),
	INVALID_TEST("dr7_high_bits", dr7_high),
	INVALID_TEST("asid_zero", asid0),
	INVALID_TEST("no_vmrun_intercept", no_vmrun_icpt),
	VALID_AFTER,
};

const struct l1_scenario l1_scn_invalid_vmcb = {
	.id = HVT_L1_HOSTILE_INVALID_VMCB, .tests = invalid_tests,
	.nr_tests = sizeof(invalid_tests) / sizeof(invalid_tests[0]),
};

/* ---- SVM instructions that must fault (#UD or #GP) ---- */

enum probe_insn { P_VMRUN, P_VMLOAD, P_VMSAVE };
enum probe_addr { A_VMCB, A_HOST_SAVE, A_RAM_END, A_UNALIGNED, A_MAXPHYADDR };

struct probe_spec {
	enum probe_insn insn;
	enum probe_addr addr;
	bool clear_svme;
	unsigned int want_vector;
};

static uint64_t probe_address(const struct l1_vcpu *v, enum probe_addr a)
{
	switch (a) {
	case A_VMCB: return (uintptr_t)v->vmcb;
	case A_HOST_SAVE: return (uintptr_t)v->host_save;
	case A_RAM_END: return l1_ram_end(v);
	case A_UNALIGNED: return (uintptr_t)v->vmcb + 8;
	case A_MAXPHYADDR: return 1ull << v->feat.maxphyaddr;
	}
	return 0;
}

static uint64_t run_probe(enum probe_insn insn, uint64_t pa)
{
	switch (insn) {
	case P_VMRUN: return svm_probe_vmrun(pa);
	case P_VMLOAD: return svm_probe_vmload(pa);
	case P_VMSAVE: return svm_probe_vmsave(pa);
	}
	return 0;
}

static void probe_enter(struct l1_vcpu *v)
{
	const struct probe_spec *p = v->test->param;
	uint64_t efer = rdmsr(MSR_EFER);

	svm_probes_install();
	v->vmcb->control.exit_code = 0;
	if (p->clear_svme)
		wrmsr(MSR_EFER, efer & ~EFER_SVME);
	v->probe = run_probe(p->insn, probe_address(v, p->addr));
	if (p->clear_svme)
		l1_svm_on(v);	/* SVME back, and VM_HSAVE_PA with it */
	if (!v->probe && p->insn == P_VMRUN)
		l1_record_exit(v);	/* it ran: an L0 bug, reported below */
}

static bool probe_check(struct l1_vcpu *v)
{
	const struct probe_spec *p = v->test->param;
	unsigned int got = v->probe ? (unsigned int)v->probe - 1 : PROBE_NONE;
	bool ok = got == p->want_vector;

	guest_print("vcpu %u: %s: RAX=0x%llx: %s%s, expected %s: %s", v->id,
		    v->test->name,
		    (unsigned long long)probe_address(v, p->addr),
		    got == PROBE_NONE ? "no exception" : exception_name(got),
		    got == PROBE_NONE && p->insn == P_VMRUN ? " (L2 ran)" : "",
		    exception_name(p->want_vector), ok ? "ok" : "WRONG");
	value(v, "vector", got);
	return ok;
}

#define PROBE_TEST(n, i, a, clear, vec) {				\
	.name = n, .intercept1 = SVM_INTERCEPT1_HLT, .l2_entry = l2_hlt,\
	.enter = probe_enter, .check = probe_check,			\
	.param = &(const struct probe_spec){ i, a, clear, vec } }

static const struct l1_test svme_clear_tests[] = {
	PROBE_TEST("vmrun_svme_clear", P_VMRUN, A_VMCB, true, VEC_UD),
	PROBE_TEST("vmload_svme_clear", P_VMLOAD, A_HOST_SAVE, true, VEC_UD),
	PROBE_TEST("vmsave_svme_clear", P_VMSAVE, A_HOST_SAVE, true, VEC_UD),
	VALID_AFTER,
};

const struct l1_scenario l1_scn_svme_clear = {
	.id = HVT_L1_HOSTILE_VMRUN_SVME_CLEAR, .tests = svme_clear_tests,
	.nr_tests = sizeof(svme_clear_tests) / sizeof(svme_clear_tests[0]),
};

static const struct l1_test vmcb_outside_tests[] = {
	PROBE_TEST("vmrun_beyond_ram", P_VMRUN, A_RAM_END, false, VEC_GP),
	PROBE_TEST("vmrun_unaligned", P_VMRUN, A_UNALIGNED, false, VEC_GP),
	PROBE_TEST("vmrun_beyond_maxphyaddr", P_VMRUN, A_MAXPHYADDR, false, VEC_GP),
	PROBE_TEST("vmload_beyond_ram", P_VMLOAD, A_RAM_END, false, VEC_GP),
	PROBE_TEST("vmsave_beyond_ram", P_VMSAVE, A_RAM_END, false, VEC_GP),
	VALID_AFTER,
};

const struct l1_scenario l1_scn_vmcb_outside = {
	.id = HVT_L1_HOSTILE_VMCB_OUTSIDE, .tests = vmcb_outside_tests,
	.nr_tests = sizeof(vmcb_outside_tests) / sizeof(vmcb_outside_tests[0]),
};

/* ---- L2 triple fault: a SHUTDOWN exit for L1, L1 lives on ---- */

static bool expect_shutdown(struct l1_vcpu *v)
{
	return l1_report_exit(v, SVM_EXIT_SHUTDOWN,
			      v->vmcb->control.exit_code == SVM_EXIT_SHUTDOWN);
}

static const struct l1_test triple_fault_tests[] = {
	{
		.name = "l2_triple_fault",
		.intercept1 = SVM_INTERCEPT1_SHUTDOWN | SVM_INTERCEPT1_HLT,
		.l2_entry = l2_triple_fault,
		.check = expect_shutdown,
	},
	VALID_AFTER,	/* a fresh VMCB12: the old one is undefined now */
};

const struct l1_scenario l1_scn_triple_fault = {
	.id = HVT_L1_L2_TRIPLE_FAULT, .tests = triple_fault_tests,
	.nr_tests = sizeof(triple_fault_tests) / sizeof(triple_fault_tests[0]),
};
