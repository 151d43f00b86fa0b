// SPDX-License-Identifier: GPL-2.0
/*
 * The MSRs hvt emulates for the guest (every MSR access exits: the MSR
 * permission map is all ones). Anything not listed here is #GP for the guest
 * and ends a KVM_GET/SET_MSRS batch. Where KVM (on AMD) answers a guest or
 * the VMM in a particular way, hvt answers the same (docs/api.md).
 */
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/tsc.h>
#include <linux/mm.h>

#include "hvt.h"
#include "svm/svm.h"
#include "vcpu.h"

#define VM_CR_VALID  0x1full		/* DPD, R_INIT, DIS_A20M, LOCK, SVMDIS */
#define VM_CR_LOCK   (1ull << 3)
#define VM_CR_SVMDIS (1ull << 4)

/* Canonical for the guest's paging: 57 address bits with CR4.LA57, else 48. */
static bool is_canonical(struct hvt_vcpu *vcpu, u64 va)
{
	int shift = 64 - ((vcpu->vmcb->save.cr4 & X86_CR4_LA57) ? 57 : 48);

	return ((s64)va << shift >> shift) == (s64)va;
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
		*data = hvt_guest_efer(vcpu);
		return 0;
	case MSR_IA32_TSC:
		*data = rdtsc() + vcpu->vmcb->control.tsc_offset;
		return 0;
	case MSR_TSC_AUX:
		if (!host && !vcpu->caps.tsc_aux)
			return -EINVAL;
		*data = vcpu->tsc_aux;
		return 0;
	case MSR_VM_HSAVE_PA:
		if (!vcpu->caps.svm)
			return -EINVAL;
		*data = vcpu->nested.hsave_pa;
		return 0;
	case MSR_VM_CR:
		if (!vcpu->caps.svm)
			return -EINVAL;
		*data = vcpu->nested.vm_cr;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * EFER as KVM takes it: bits the CPUID does not offer are #GP; LMA is the
 * CPU's to set (a written LMA is ignored); LME cannot change while paging
 * is on; SVME not while VM_CR.SVMDIS is set. The VMM may do more.
 */
static int write_efer(struct hvt_vcpu *vcpu, u64 data, bool host)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	u64 old = hvt_guest_efer(vcpu);

	if (data & ~(vcpu->caps.efer_allowed | (host ? EFER_LMA : 0)))
		return -EINVAL;
	if (!host) {
		if ((s->cr0 & X86_CR0_PG) && ((data ^ old) & EFER_LME))
			return -EINVAL;
		if ((data & EFER_SVME) && (vcpu->nested.vm_cr & VM_CR_SVMDIS))
			return -EINVAL;
	}
	data = (data & ~EFER_LMA) | (old & EFER_LMA);
	vcpu->guest_efer = data;
	s->efer = data | EFER_SVME;
	return 0;
}

/* VM_CR: writable bits; LOCK and SVMDIS stay once SVMDIS is set. */
static int write_vm_cr(struct hvt_vcpu *vcpu, u64 data)
{
	u64 change = VM_CR_VALID;

	if (!vcpu->caps.svm || (data & ~VM_CR_VALID))
		return -EINVAL;
	if (vcpu->nested.vm_cr & VM_CR_SVMDIS)
		change &= ~(VM_CR_LOCK | VM_CR_SVMDIS);
	if ((data & change & VM_CR_SVMDIS) && (hvt_guest_efer(vcpu) & EFER_SVME))
		return -EINVAL;
	vcpu->nested.vm_cr = (vcpu->nested.vm_cr & ~change) | (data & change);
	return 0;
}

int hvt_msr_write(struct hvt_vcpu *vcpu, u32 index, u64 data, bool host)
{
	u64 *slot = save_area_msr(vcpu, index);

	switch (index) {
	case MSR_EFER:
		return write_efer(vcpu, data, host);
	case MSR_IA32_TSC:
		vcpu->vmcb->control.tsc_offset = data - rdtsc();
		return 0;
	case MSR_TSC_AUX:
		if (!host && !vcpu->caps.tsc_aux)
			return -EINVAL;
		/* AMD ignores bits 63:32 (KVM clears them for AMD guests). */
		vcpu->tsc_aux = (u32)data;
		return 0;
	case MSR_VM_HSAVE_PA:
		/* hvt keeps L1's host state itself; the address is only checked and kept. */
		if (!vcpu->caps.svm)
			return -EINVAL;
		if (!host && ((data & ~PAGE_MASK) || (data >> vcpu->caps.maxphyaddr)))
			return -EINVAL;
		vcpu->nested.hsave_pa = data & PAGE_MASK;
		return 0;
	case MSR_VM_CR:
		return write_vm_cr(vcpu, data);
	case MSR_IA32_CR_PAT:
		if (!pat_valid(data))
			return -EINVAL;
		break;
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_KERNEL_GS_BASE:
	case MSR_LSTAR:
	case MSR_CSTAR:
		if (!is_canonical(vcpu, data))
			return -EINVAL;
		break;
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
		/* AMD's SYSENTER is 32-bit and never uses the high half: any value is taken. */
		break;
	}
	if (!slot)
		return -EINVAL;
	*slot = data;
	return 0;
}
