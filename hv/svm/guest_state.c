// SPDX-License-Identifier: GPL-2.0
/* Switching what VMRUN does not (guest_state.h). */
#include <linux/sched.h>
#include <linux/thread_info.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/fpu/api.h>
#include <asm/msr.h>
#include <asm/special_insns.h>

#include "svm/guest_state.h"
#include "svm/vmcb.h"
#include "vcpu.h"

/* DR7 bits that enable a breakpoint (L0-L3, G0-G3). */
#define DR7_ENABLES 0xffu

int hvt_guest_state_init(struct hvt_vcpu *vcpu)
{
	/* The init state: x87 control word 0x37f, MXCSR 0x1f80, everything else 0. */
	return fpu_alloc_guest_fpstate(&vcpu->guest_fpu) ? 0 : -ENOMEM;
}

void hvt_guest_state_free(struct hvt_vcpu *vcpu)
{
	if (vcpu->guest_fpu.fpstate)
		fpu_free_guest_fpstate(&vcpu->guest_fpu);
}

/* What a reset gives the guest of this state (the FPU image is left as it is). */
void hvt_guest_state_reset(struct hvt_vcpu *vcpu)
{
	memset(vcpu->dr, 0, sizeof(vcpu->dr));
	vcpu->guest_pkru = 0;
}

void hvt_guest_state_load(struct hvt_vcpu *vcpu)
{
	fpu_swap_kvm_fpstate(&vcpu->guest_fpu, true);
	if (boot_cpu_has(X86_FEATURE_OSPKE))
		vcpu->host_pkru = rdpkru();
}

void hvt_guest_state_put(struct hvt_vcpu *vcpu)
{
	fpu_swap_kvm_fpstate(&vcpu->guest_fpu, false);
}

void hvt_guest_state_atomic_enter(struct hvt_vcpu *vcpu)
{
	if (!boot_cpu_has(X86_FEATURE_RDTSCP) && !boot_cpu_has(X86_FEATURE_RDPID))
		return;
	rdmsrl(MSR_TSC_AUX, vcpu->host_tsc_aux);
	if (vcpu->tsc_aux != vcpu->host_tsc_aux)
		wrmsrl(MSR_TSC_AUX, vcpu->tsc_aux);
}

void hvt_guest_state_atomic_leave(struct hvt_vcpu *vcpu)
{
	if (!boot_cpu_has(X86_FEATURE_RDTSCP) && !boot_cpu_has(X86_FEATURE_RDPID))
		return;
	if (vcpu->tsc_aux != vcpu->host_tsc_aux)
		wrmsrl(MSR_TSC_AUX, vcpu->host_tsc_aux);
}

/* Only a guest with CR4.PKE (WRPKRU) or CR4.OSXSAVE (XRSTOR) can touch PKRU. */
static bool guest_may_use_pkru(const struct hvt_vcpu *vcpu)
{
	return boot_cpu_has(X86_FEATURE_OSPKE) &&
	       (vcpu->vmcb->save.cr4 & (X86_CR4_PKE | X86_CR4_OSXSAVE));
}

void hvt_guest_state_before_vmrun(struct hvt_vcpu *vcpu)
{
	/* The scheduler or a kernel FPU user saved the guest's registers: reload them. */
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();
	if (guest_may_use_pkru(vcpu) && vcpu->guest_pkru != vcpu->host_pkru)
		wrpkru(vcpu->guest_pkru);
	if (unlikely(vcpu->vmcb->save.dr7 & DR7_ENABLES)) {
		set_debugreg(vcpu->dr[0], 0);
		set_debugreg(vcpu->dr[1], 1);
		set_debugreg(vcpu->dr[2], 2);
		set_debugreg(vcpu->dr[3], 3);
	}
}

void hvt_guest_state_after_vmrun(struct hvt_vcpu *vcpu)
{
	if (guest_may_use_pkru(vcpu)) {
		vcpu->guest_pkru = rdpkru();
		if (vcpu->guest_pkru != vcpu->host_pkru)
			wrpkru(vcpu->host_pkru);
	}
	/* #VMEXIT leaves DR7 at its reset value: give the host its breakpoints back. */
	if (hw_breakpoint_active())
		hw_breakpoint_restore();
}
