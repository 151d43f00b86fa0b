// SPDX-License-Identifier: GPL-2.0
/*
 * The consistency checks VMRUN makes on the VMCB it is given (AMD64 APM
 * vol. 2, 15.5.1 "Basic Operation", "Canonicalization and Consistency
 * Checks"), with "supported" meaning what L1's CPUID offers: its
 * MAXPHYADDR, its CR4 and EFER features (hvt_nested_caps, rebuilt when the
 * VMM sets CPUID). hvt applies them to VMCB12 before building anything
 * from it; a VMCB12 that fails gets VMEXIT_INVALID, as on hardware.
 * Whatever these miss, the CPU's own checks on VMCB02 still catch (nested.c
 * turns that into VMEXIT_INVALID for L1 too): L1 cannot hurt the host
 * either way. docs/nested.md has the table of rules and their tests.
 */
#include <asm/processor-flags.h>
#include <asm/msr-index.h>

#include "svm/nested.h"
#include "svm/vmcb.h"
#include "vcpu.h"

#define MSRPM_BYTES (8 * 1024)
#define IOPM_BYTES  (12 * 1024)

/* CR4 bits that need no CPUID feature (PCE), then those that do. */
#define CR4_ALWAYS X86_CR4_PCE

struct feature_ctl {
	u32 leaf;
	u8 reg;		/* 0 EAX, 1 EBX, 2 ECX, 3 EDX */
	u8 bit;
	u64 ctl;	/* CR4 or EFER bits it makes legal */
};

static const struct feature_ctl cr4_features[] = {
	{ 1, 3, 1, X86_CR4_VME | X86_CR4_PVI }, { 1, 3, 2, X86_CR4_DE },
	{ 1, 3, 3, X86_CR4_PSE }, { 1, 3, 4, X86_CR4_TSD }, { 1, 3, 6, X86_CR4_PAE },
	{ 1, 3, 7, X86_CR4_MCE }, { 1, 3, 13, X86_CR4_PGE }, { 1, 3, 24, X86_CR4_OSFXSR },
	{ 1, 3, 25, X86_CR4_OSXMMEXCPT }, { 1, 2, 17, X86_CR4_PCIDE },
	{ 1, 2, 26, X86_CR4_OSXSAVE }, { 7, 1, 0, X86_CR4_FSGSBASE },
	{ 7, 1, 7, X86_CR4_SMEP }, { 7, 1, 20, X86_CR4_SMAP }, { 7, 2, 2, X86_CR4_UMIP },
	{ 7, 2, 3, X86_CR4_PKE }, { 7, 2, 16, X86_CR4_LA57 },
};

static const struct feature_ctl efer_features[] = {
	{ 0x80000001, 3, 11, EFER_SCE }, { 0x80000001, 3, 20, EFER_NX },
	{ 0x80000001, 3, 25, EFER_FFXSR }, { 0x80000001, 3, 29, EFER_LME | EFER_LMA },
	{ 0x80000001, 2, 17, 1ull << 15 /* TCE */ },
};

static const struct kvm_cpuid_entry2 *leaf(const struct hvt_vcpu *vcpu, u32 fn)
{
	int i;

	for (i = 0; i < vcpu->nr_cpuid; i++)
		if (vcpu->cpuid[i].function == fn &&
		    (!(vcpu->cpuid[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || !vcpu->cpuid[i].index))
			return &vcpu->cpuid[i];
	return NULL;
}

static u64 allowed_by(const struct hvt_vcpu *vcpu, const struct feature_ctl *f, int n)
{
	u64 ok = 0;

	for (; n--; f++) {
		const struct kvm_cpuid_entry2 *e = leaf(vcpu, f->leaf);
		u32 r;

		if (!e)
			continue;
		r = f->reg == 0 ? e->eax : f->reg == 1 ? e->ebx : f->reg == 2 ? e->ecx : e->edx;
		if (r & (1u << f->bit))
			ok |= f->ctl;
	}
	return ok;
}

/* Called whenever L1's CPUID changes: what the checks (and NPT12 walks) use. */
void hvt_nested_update_caps(struct hvt_vcpu *vcpu)
{
	struct hvt_nested_caps *c = &vcpu->nested.caps;
	const struct kvm_cpuid_entry2 *e = leaf(vcpu, 0x80000008);

	/* Without leaf 0x80000008 the architectural MAXPHYADDR is 36. */
	c->maxphyaddr = e && (e->eax & 0xff) ? clamp(e->eax & 0xff, 32u, 52u) : 36;
	c->cr4_ok = CR4_ALWAYS | allowed_by(vcpu, cr4_features, ARRAY_SIZE(cr4_features));
	c->efer_ok = EFER_SVME | allowed_by(vcpu, efer_features, ARRAY_SIZE(efer_features));
}

/* [pa, pa + bytes) below 1 << MAXPHYADDR. */
static bool below_maxphy(const struct hvt_nested_caps *c, u64 pa, u64 bytes)
{
	return !((pa + bytes - 1) >> c->maxphyaddr) && pa + bytes > pa;
}

static bool cr3_valid(const struct hvt_nested_caps *c, const struct hvt_vmcb_save *s)
{
	if (!(s->cr0 & X86_CR0_PG))
		return true;
	if (s->efer & EFER_LME)
		return !(s->cr3 >> c->maxphyaddr);
	/* Legacy paging (PAE or not): CR3 is a 32-bit register. */
	return !(s->cr3 >> 32);
}

static bool cr_state_valid(const struct hvt_nested_caps *c, const struct hvt_vmcb_save *s)
{
	bool long_paging = (s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG);

	if (!(s->cr0 & X86_CR0_CD) && (s->cr0 & X86_CR0_NW))
		return false;
	if (s->cr0 >> 32)
		return false;
	if (s->cr4 & ~c->cr4_ok)
		return false;
	if (!cr3_valid(c, s))
		return false;
	if (long_paging && !(s->cr4 & X86_CR4_PAE))
		return false;
	if (long_paging && !(s->cr0 & X86_CR0_PE))
		return false;
	/* 64-bit code segments cannot also be 32-bit (L and D both set). */
	if (long_paging && (s->cs.attrib & HVT_SEG_ATTR_L) && (s->cs.attrib & HVT_SEG_ATTR_DB))
		return false;
	return true;
}

static bool save_valid(const struct hvt_nested_caps *c, const struct hvt_vmcb_save *s)
{
	if (!(s->efer & EFER_SVME) || (s->efer & ~c->efer_ok))
		return false;
	if ((s->dr6 >> 32) || (s->dr7 >> 32))
		return false;
	return cr_state_valid(c, s);
}

/* Event injection: a known type, and an exception vector that exists. NMI ignores the vector. */
static bool event_inj_valid(u32 ev)
{
	u32 type = ev & (7u << 8), vector = ev & 0xff;

	if (!(ev & HVT_EVTINJ_VALID))
		return true;
	switch (type) {
	case HVT_EVTINJ_TYPE_INTR:
	case HVT_EVTINJ_TYPE_SOFT:
	case HVT_EVTINJ_TYPE_NMI:
		return true;
	case HVT_EVTINJ_TYPE_EXC:
		return vector < 32 && vector != 2 && vector != 15 && vector != 9;
	default:
		return false;
	}
}

static bool control_valid(const struct hvt_nested_caps *caps, const struct hvt_vmcb_control *c)
{
	if (!(c->intercept_misc2 & HVT_INTERCEPT_VMRUN))
		return false;
	if (!c->asid)
		return false;
	/* The maps are checked whatever the intercept bits say (APM 15.5.1). */
	if (!below_maxphy(caps, c->msrpm_base_pa & PAGE_MASK, MSRPM_BYTES))
		return false;
	if (!below_maxphy(caps, c->iopm_base_pa & PAGE_MASK, IOPM_BYTES))
		return false;
	if ((c->nested_ctl & HVT_NESTED_CTL_NP_ENABLE) && (c->nested_cr3 >> caps->maxphyaddr))
		return false;
	return event_inj_valid(c->event_inj);
}

bool hvt_vmcb12_valid(const struct hvt_vcpu *vcpu, const struct hvt_vmcb *v)
{
	const struct hvt_nested_caps *c = &vcpu->nested.caps;

	return control_valid(c, &v->control) && save_valid(c, &v->save);
}
