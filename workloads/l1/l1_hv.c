// SPDX-License-Identifier: GPL-2.0
/*
 * l1-hv: a minimal L1 hypervisor (see l1.h and <hvt/l1_scenarios.h>).
 * Every vCPU runs its own L1 with its own VMCB12, NPT12 and L2, and runs
 * the scenario boot_params->scenario; returning reports DONE.
 */
#include "l1.h"

static const struct l1_scenario *const scenarios[HVT_L1_NR_SCENARIOS] = {
	[HVT_L1_NESTED_CPUID] = &l1_scn_nested_cpuid,
	[HVT_L1_NESTED_VMMCALL] = &l1_scn_nested_vmmcall,
	[HVT_L1_MEM_TOUCH] = &l1_scn_mem_touch,
	[HVT_L1_HOSTILE_INVALID_VMCB] = &l1_scn_invalid_vmcb,
	[HVT_L1_HOSTILE_NPT_OUTSIDE] = &l1_scn_npt_outside,
	[HVT_L1_HOSTILE_VMRUN_SVME_CLEAR] = &l1_scn_svme_clear,
	[HVT_L1_HOSTILE_VMCB_OUTSIDE] = &l1_scn_vmcb_outside,
	[HVT_L1_L2_TRIPLE_FAULT] = &l1_scn_triple_fault,
	[HVT_L1_NESTED_MSR] = &l1_scn_nested_msr,
	[HVT_L1_NESTED_IO] = &l1_scn_nested_io,
	[HVT_L1_VMRUN_INVALID_STATE] = &l1_scn_vmrun_invalid_state,
	[HVT_L1_VMRUN_CHECKS] = &l1_scn_vmrun_checks,
	[HVT_L1_EVENT_INJECT] = &l1_scn_event_inject,
	[HVT_L1_NPT12_SELF_WRITE] = &l1_scn_npt12_self_write,
	[HVT_L1_ASID] = &l1_scn_asid,
	[HVT_L1_NPT12_BITS] = &l1_scn_npt12_bits,
	[HVT_L1_SHADOW_BOUND] = &l1_scn_shadow_bound,
	[HVT_L1_L2_SWITCH] = &l1_scn_l2_switch,
};

static const struct l1_scenario *pick(uint32_t id)
{
	if (id >= HVT_L1_NR_SCENARIOS || !scenarios[id])
		GUEST_FAIL("unknown scenario %u (0..%u)", id, HVT_L1_NR_SCENARIOS - 1);
	return scenarios[id];
}

static void report_setup(const struct l1_vcpu *v, const char *name)
{
	const struct l1_features *f = &v->feat;

	guest_print("l1-hv vcpu %u: %s; SVM rev %u, %u ASIDs, 0x8000000A EDX=0x%x "
		    "(NP=%d NRIPS=%d), MAXPHYADDR %u, %u-level paging; "
		    "using NPT=%d NRIPS=%d flags=0x%x", v->id, name, f->svm_rev,
		    f->nr_asids, f->svm_edx, f->np, f->nrips, f->maxphyaddr,
		    v->paging_levels, v->use_npt, v->use_nrips, v->flags);
	guest_value("svm_features_edx", f->svm_edx);
	guest_value("npt", v->use_npt);
	guest_value("nrips", v->use_nrips);
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	const struct l1_scenario *s = pick(bp->scenario);
	const char *name = hvt_l1_scenario_name(s->id);
	struct l1_vcpu *v = l1_alloc(sizeof(*v), "L1 vCPU state");
	uint64_t mask = bp->args[HVT_L1_ARG_TESTS];
	unsigned int failed = 0, ran = 0;

	l1_vcpu_init(v, bp, vcpu);
	report_setup(v, name);
	if (s->needs_npt && !v->use_npt)
		GUEST_FAIL("%s needs nested paging: NP=%d, flags=0x%x", name,
			   v->feat.np, v->flags);
	for (unsigned int i = 0; i < s->nr_tests; i++) {
		if (mask && !(mask & (1ull << i)))
			continue;	/* one test alone, for debugging an L0 */
		failed += !l1_run_test(v, &s->tests[i]);
		ran++;
	}
	if (!ran)
		GUEST_FAIL("test mask 0x%llx selects none of %u tests",
			   (unsigned long long)mask, s->nr_tests);
	if (failed)
		GUEST_FAIL("vcpu %u: %s: %u of %u tests did not see the "
			   "architected result", vcpu, name, failed, ran);
	guest_print("l1-hv vcpu %u: %s passed (%llu exits)", vcpu, name,
		    (unsigned long long)v->exits_total);
}
