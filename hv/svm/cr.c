// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's CR4. Writes exit so that the guest can set only what its
 * CPUID offers (as on KVM: a guest without PKU in CPUID cannot turn on
 * CR4.PKE, and so cannot load PKRU) and so that KVM_SET_SREGS and MOV to
 * CR4 follow the same rules. Reads do not exit: the VMCB's CR4 is the
 * guest's own.
 */
#include <asm/processor-flags.h>

#include "hvt.h"
#include "svm/cr.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "vcpu.h"

/* Changing these drops translations the guest may have cached. */
#define CR4_TLB_BITS (X86_CR4_PGE | X86_CR4_PAE | X86_CR4_PSE | X86_CR4_PCIDE | \
		      X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PKE | X86_CR4_LA57)

bool hvt_cr4_valid(struct hvt_vcpu *vcpu, u64 cr4)
{
	return !(cr4 & ~vcpu->caps.cr4_allowed);
}

/* What MOV to CR4 checks beyond the CPUID: the transitions paging forbids. */
static bool cr4_transition_ok(const struct hvt_vmcb_save *s, u64 cr4)
{
	if (s->efer & EFER_LMA) {
		/* Long mode needs PAE, and its paging depth is fixed while it runs. */
		if (!(cr4 & X86_CR4_PAE) || ((cr4 ^ s->cr4) & X86_CR4_LA57))
			return false;
	} else if (cr4 & X86_CR4_PCIDE) {
		return false;	/* PCIDs exist only in long mode */
	}
	/* Turning PCIDE on needs a CR3 without a PCID. */
	return !((cr4 & ~s->cr4 & X86_CR4_PCIDE) && (s->cr3 & 0xfff));
}

int hvt_cr4_write(struct hvt_vcpu *vcpu, unsigned int gpr, bool long_mode)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	u64 val = *hvt_vcpu_reg(vcpu, gpr);

	if (!long_mode)
		val = (u32)val;
	if (!hvt_cr4_valid(vcpu, val) || !cr4_transition_ok(s, val))
		return HVT_VEC_GP;
	if ((val ^ s->cr4) & CR4_TLB_BITS)
		vcpu->force_flush = true;
	s->cr4 = val;
	return HVT_EMULATED;
}
