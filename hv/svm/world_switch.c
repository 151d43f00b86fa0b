// SPDX-License-Identifier: GPL-2.0
/*
 * The world switch as the kernel wants a hypervisor to do it: between
 * guest_state_enter_irqoff() and guest_state_exit_irqoff() the CPU is "in
 * the guest" for context tracking and RCU (an extended quiescent state, as
 * user mode is), so nothing there may be traced or instrumented: it lives
 * in .noinstr.text with vmenter.S. The kernel's own helpers for this are in
 * <linux/kvm_host.h>, which is why that header is included here and nowhere
 * else in hvt.
 */
#include <linux/kvm_host.h>
#include <asm/cpufeature.h>
#include <asm/nospec-branch.h>
#include <asm/processor.h>

#include "svm/svm.h"
#include "svm/world_switch.h"
#include "vcpu.h"

noinstr void hvt_svm_world_switch(struct hvt_vcpu *vcpu, u64 vmcb_pa)
{
	guest_state_enter_irqoff();
	/* AMD's DIV0 erratum: no quotient of the host's may reach the guest. */
	amd_clear_divider();
	hvt_svm_vmrun(vmcb_pa, vcpu->host_save_pa, vcpu->gprs);
	guest_state_exit_irqoff();
}

void hvt_svm_guest_timing_enter(void)
{
	guest_timing_enter_irqoff();
}

void hvt_svm_guest_timing_exit(void)
{
	guest_timing_exit_irqoff();
}

void hvt_svm_after_vmexit_barriers(void)
{
	/* retbleed=ibpb / SRSO ibpb-vmexit: the kernel asks for IBPB on every #VMEXIT. */
	if (cpu_feature_enabled(X86_FEATURE_IBPB_ON_VMEXIT) &&
	    !cpu_feature_enabled(X86_FEATURE_ENTRY_IBPB))
		indirect_branch_prediction_barrier();
	/* VMSCAPE: the VMM must not see what the guest trained: IBPB before user space. */
	if (cpu_feature_enabled(X86_FEATURE_IBPB_EXIT_TO_USER))
		this_cpu_write(x86_ibpb_exit_to_user, true);
}

struct mitigation {
	const char *name;
	bool on;
};

void hvt_svm_mitigations_show(struct seq_file *m)
{
	const struct mitigation list[] = {
		{ "rsb_fill_after_vmexit", boot_cpu_has(X86_FEATURE_RSB_VMEXIT) },
		{ "untrain_ret_after_vmexit", boot_cpu_has(X86_FEATURE_UNRET) ||
					      boot_cpu_has(X86_FEATURE_SRSO_ALIAS) },
		{ "ibpb_after_vmexit", boot_cpu_has(X86_FEATURE_ENTRY_IBPB) ||
				       boot_cpu_has(X86_FEATURE_IBPB_ON_VMEXIT) },
		{ "ibpb_before_user_space", boot_cpu_has(X86_FEATURE_IBPB_EXIT_TO_USER) },
		{ "clear_divider_before_vmrun", boot_cpu_has_bug(X86_BUG_DIV0) },
		{ "guest_context_tracking", true },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(list); i++)
		seq_printf(m, "%s %s\n", list[i].name, list[i].on ? "yes" : "no");
}
