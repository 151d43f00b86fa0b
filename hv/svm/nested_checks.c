// SPDX-License-Identifier: GPL-2.0
/*
 * The consistency checks VMRUN makes on the VMCB it is given (AMD64 APM
 * vol. 2, 15.5.1 "Basic Operation", "Canonicalization and Consistency
 * Checks"), with "supported" meaning what L1's CPUID offers: its
 * MAXPHYADDR, its CR4 and EFER features (vcpu->caps, worked out when the
 * VMM sets CPUID, by the same rules KVM_SET_SREGS and MOV to CR4 follow). hvt applies them to VMCB12 before building anything
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

/* [pa, pa + bytes) below 1 << MAXPHYADDR. */
static bool below_maxphy(const struct hvt_guest_caps *c, u64 pa, u64 bytes)
{
	return !((pa + bytes - 1) >> c->maxphyaddr) && pa + bytes > pa;
}

static bool cr3_valid(const struct hvt_guest_caps *c, const struct hvt_vmcb_save *s)
{
	if (!(s->cr0 & X86_CR0_PG))
		return true;
	if (s->efer & EFER_LME)
		return !(s->cr3 >> c->maxphyaddr);
	/* Legacy paging (PAE or not): CR3 is a 32-bit register. */
	return !(s->cr3 >> 32);
}

static bool cr_state_valid(const struct hvt_guest_caps *c, const struct hvt_vmcb_save *s)
{
	bool long_paging = (s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG);

	if (!(s->cr0 & X86_CR0_CD) && (s->cr0 & X86_CR0_NW))
		return false;
	if (s->cr0 >> 32)
		return false;
	if (s->cr4 & ~c->cr4_allowed)
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

static bool save_valid(const struct hvt_guest_caps *c, const struct hvt_vmcb_save *s)
{
	if (!(s->efer & EFER_SVME) || (s->efer & ~(c->efer_allowed | EFER_SVME)))
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

static bool control_valid(const struct hvt_guest_caps *caps, const struct hvt_vmcb_control *c)
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
	const struct hvt_guest_caps *c = &vcpu->caps;

	return control_valid(c, &v->control) && save_valid(c, &v->save);
}
