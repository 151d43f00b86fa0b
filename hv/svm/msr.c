// SPDX-License-Identifier: GPL-2.0
/*
 * The MSRs hvt emulates for L1 (every MSR access exits: the MSR permission
 * map is all ones). Anything not listed here is #GP for the guest and
 * -EINVAL-equivalent (not counted) for KVM_GET/SET_MSRS.
 */
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/tsc.h>
#include <linux/mm.h>

#include "hvt.h"
#include "svm/svm.h"
#include "vcpu.h"

#define HVT_EFER_GUEST_BITS (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX | EFER_FFXSR)

static bool is_canonical(u64 va)
{
	/* 48-bit canonical: enough for what L1 may put in FS/GS/LSTAR. */
	return ((s64)va << 16 >> 16) == (s64)va;
}

static bool pat_valid(u64 pat)
{
	int i;

	/* Memory types 2 and 3 are reserved in every byte. */
	for (i = 0; i < 8; i++) {
		u8 t = pat >> (i * 8);

		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

static u64 *save_area_msr(struct hvt_vcpu *vcpu, u32 index)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;

	switch (index) {
	case MSR_STAR: return &s->star;
	case MSR_LSTAR: return &s->lstar;
	case MSR_CSTAR: return &s->cstar;
	case MSR_SYSCALL_MASK: return &s->sfmask;
	case MSR_KERNEL_GS_BASE: return &s->kernel_gs_base;
	case MSR_IA32_SYSENTER_CS: return &s->sysenter_cs;
	case MSR_IA32_SYSENTER_ESP: return &s->sysenter_esp;
	case MSR_IA32_SYSENTER_EIP: return &s->sysenter_eip;
	case MSR_FS_BASE: return &s->fs.base;
	case MSR_GS_BASE: return &s->gs.base;
	case MSR_IA32_CR_PAT: return &s->g_pat;
	default: return NULL;
	}
}

int hvt_msr_read(struct hvt_vcpu *vcpu, u32 index, u64 *data, bool host)
{
	u64 *slot = save_area_msr(vcpu, index);

	if (slot) {
		*data = *slot;
		return 0;
	}
	switch (index) {
	case MSR_EFER:
		*data = vcpu->guest_efer;
		return 0;
	case MSR_IA32_TSC:
		*data = rdtsc() + vcpu->vmcb->control.tsc_offset;
		return 0;
	case MSR_VM_HSAVE_PA:
		if (!hvt_nested_svm_offered(vcpu))
			return -EINVAL;
		*data = vcpu->nested.hsave_pa;
		return 0;
	case MSR_VM_CR:
		/* SVM is not locked or disabled for L1. */
		*data = 0;
		return hvt_nested_svm_offered(vcpu) ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

int hvt_msr_write(struct hvt_vcpu *vcpu, u32 index, u64 data, bool host)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	u64 *slot = save_area_msr(vcpu, index);

	switch (index) {
	case MSR_EFER:
		/* SVME only if SVM was offered in CPUID (nested SVM). */
		if (data & ~(HVT_EFER_GUEST_BITS | (hvt_nested_svm_offered(vcpu) ? EFER_SVME : 0)))
			return -EINVAL;
		vcpu->guest_efer = data;
		s->efer = data | EFER_SVME;
		return 0;
	case MSR_IA32_TSC:
		vcpu->vmcb->control.tsc_offset = data - rdtsc();
		return 0;
	case MSR_VM_HSAVE_PA:
		/* hvt keeps L1's host state itself; the address is only checked and kept. */
		if (!hvt_nested_svm_offered(vcpu) || (data & ~PAGE_MASK) || (data >> 48))
			return -EINVAL;
		vcpu->nested.hsave_pa = data;
		return 0;
	case MSR_IA32_CR_PAT:
		if (!pat_valid(data))
			return -EINVAL;
		break;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_KERNEL_GS_BASE:
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
		if (!is_canonical(data))
			return -EINVAL;
		break;
	}
	if (!slot)
		return -EINVAL;
	*slot = data;
	return 0;
}
