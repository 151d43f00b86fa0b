// SPDX-License-Identifier: GPL-2.0
/* Instructions at intercepts: length and operands (insn.h). */
#include <linux/mm.h>
#include <asm/cpufeature.h>

#include "hvt.h"
#include "mmu/guest_walk.h"
#include "mmu/root_mmu.h"
#include "svm/insn.h"
#include "svm/vmcb.h"
#include "vcpu.h"

static enum hvt_cpu_mode cpu_mode(const struct hvt_vmcb_save *s)
{
	if (!(s->cr0 & X86_CR0_PE) || (s->rflags & X86_EFLAGS_VM))
		return HVT_MODE_REAL;
	if ((s->efer & EFER_LMA) && (s->cs.attrib & HVT_SEG_ATTR_L))
		return HVT_MODE_LONG64;
	return (s->cs.attrib & HVT_SEG_ATTR_DB) ? HVT_MODE_PROT32 : HVT_MODE_PROT16;
}

/* CS:RIP as a linear address: CS's base does not apply in 64-bit mode. */
static u64 rip_linear(const struct hvt_vmcb_save *s, enum hvt_cpu_mode mode)
{
	if (mode == HVT_MODE_LONG64)
		return s->rip;
	return (u32)(s->cs.base + (u32)s->rip);
}

/* Up to 15 bytes at @la; the second page only if the first ends before 15. */
static int fetch(struct hvt_vcpu *vcpu, u64 la, u8 *bytes, unsigned int *n, bool atomic)
{
	unsigned int first = min_t(unsigned int, HVT_INSN_MAX_BYTES,
				   PAGE_SIZE - offset_in_page(la));
	int ret = hvt_read_guest_virt(vcpu, la, bytes, first, atomic);

	if (ret)
		return ret;
	*n = first;
	if (first < HVT_INSN_MAX_BYTES &&
	    !hvt_read_guest_virt(vcpu, la + first, bytes + first, HVT_INSN_MAX_BYTES - first,
				 atomic))
		*n = HVT_INSN_MAX_BYTES;
	return 0;
}

int hvt_insn_decode(struct hvt_vcpu *vcpu, u32 op, bool can_sleep, struct hvt_insn *insn)
{
	const struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	enum hvt_cpu_mode mode = cpu_mode(s);
	u8 bytes[HVT_INSN_MAX_BYTES];
	unsigned int n;
	int ret;

	if (can_sleep) {
		ret = fetch(vcpu, rip_linear(s, mode), bytes, &n, false);
	} else {
		spin_lock(&vcpu->vm->mmu_lock);
		ret = fetch(vcpu, rip_linear(s, mode), bytes, &n, true);
		spin_unlock(&vcpu->vm->mmu_lock);
	}
	if (ret)
		return ret == -EAGAIN ? ret : -EFAULT;
	if (hvt_decode_insn(bytes, n, mode, insn) || insn->op != op)
		return -EFAULT;
	return 0;
}

void hvt_insn_skip(struct hvt_vcpu *vcpu, const struct hvt_insn *insn)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;

	s->rip += insn->len;
	/* Outside 64-bit mode EIP wraps at 4 GiB (IP at 64 KiB is the guest's problem). */
	if (cpu_mode(s) != HVT_MODE_LONG64)
		s->rip = (u32)s->rip;
}
