// SPDX-License-Identifier: GPL-2.0
/*
 * The consistency checks VMRUN makes on the VMCB it is given (AMD64 APM
 * vol. 2, 15.5.1 "Basic Operation", "Canonicalization and Consistency
 * Checks"). hvt applies them to VMCB12 before building anything from it;
 * a VMCB12 that fails gets VMEXIT_INVALID, as on hardware. Whatever these
 * miss, the CPU's own checks on VMCB02 still catch (svm_exit.c turns that
 * into VMEXIT_INVALID for L1 too): L1 cannot hurt the host either way.
 */
#include <asm/processor-flags.h>
#include <asm/msr-index.h>

#include "svm/nested.h"
#include "svm/vmcb.h"

/* Guest-physical addresses hvt accepts for tables and maps. */
#define MAX_PHYS_BITS 48
#define PHYS_MBZ      (~0ull << MAX_PHYS_BITS)

#define EFER_VALID (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX | EFER_SVME | EFER_FFXSR)
#define CR4_VALID  (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | \
		    X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | X86_CR4_OSFXSR | \
		    X86_CR4_OSXMMEXCPT | X86_CR4_UMIP | X86_CR4_LA57 | X86_CR4_FSGSBASE | \
		    X86_CR4_PCIDE | X86_CR4_OSXSAVE | X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE)

static bool cr_state_valid(const struct hvt_vmcb_save *s)
{
	bool long_paging = (s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG);

	if (!(s->cr0 & X86_CR0_CD) && (s->cr0 & X86_CR0_NW))
		return false;
	if (s->cr0 >> 32)
		return false;
	if (s->cr4 & ~CR4_VALID)
		return false;
	if (long_paging && (s->cr3 & PHYS_MBZ))
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

static bool save_valid(const struct hvt_vmcb_save *s)
{
	if (!(s->efer & EFER_SVME) || (s->efer & ~EFER_VALID))
		return false;
	if ((s->dr6 >> 32) || (s->dr7 >> 32))
		return false;
	return cr_state_valid(s);
}

/* Event injection: a known type, and an exception vector that exists. */
static bool event_inj_valid(u32 ev)
{
	u32 type = ev & (7u << 8), vector = ev & 0xff;

	if (!(ev & HVT_EVTINJ_VALID))
		return true;
	switch (type) {
	case HVT_EVTINJ_TYPE_INTR:
	case HVT_EVTINJ_TYPE_SOFT:
		return true;
	case HVT_EVTINJ_TYPE_NMI:
		return vector == 2;
	case HVT_EVTINJ_TYPE_EXC:
		return vector < 32 && vector != 2 && vector != 15 && vector != 9;
	default:
		return false;
	}
}

static bool control_valid(const struct hvt_vmcb_control *c)
{
	if (!(c->intercept_misc2 & HVT_INTERCEPT_VMRUN))
		return false;
	if (!c->asid)
		return false;
	if ((c->intercept_misc1 & HVT_INTERCEPT_MSR) && (c->msrpm_base_pa & PHYS_MBZ))
		return false;
	if ((c->intercept_misc1 & HVT_INTERCEPT_IOIO) && (c->iopm_base_pa & PHYS_MBZ))
		return false;
	if ((c->nested_ctl & HVT_NESTED_CTL_NP_ENABLE) && (c->nested_cr3 & PHYS_MBZ))
		return false;
	return event_inj_valid(c->event_inj);
}

bool hvt_vmcb12_valid(const struct hvt_vmcb *v)
{
	return control_valid(&v->control) && save_valid(&v->save);
}
