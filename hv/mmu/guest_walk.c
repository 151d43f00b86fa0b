// SPDX-License-Identifier: GPL-2.0
/*
 * A software walk of the guest's page tables (CR3), used to fetch the
 * instruction an MMIO exit stopped at. Unpaged guests translate 1:1;
 * long mode walks 4 or 5 levels with 1 GiB and 2 MiB leaves. Entries are
 * read from guest memory: a hostile table can only make the walk fail.
 */
#include <linux/mm.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/guest_walk.h"
#include "svm/vmcb.h"
#include "vcpu.h"

#define PTE_P	 (1ull << 0)
#define PTE_PS	 (1ull << 7)
#define PTE_ADDR 0x000ffffffffff000ull

int hvt_guest_virt_to_phys(struct hvt_vcpu *vcpu, u64 gva, u64 *gpa)
{
	const struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	int level, levels;
	u64 table, pte;

	if (!(s->cr0 & X86_CR0_PG)) {
		*gpa = gva;
		return 0;
	}
	if (!(vcpu->guest_efer & EFER_LMA))
		return -EOPNOTSUPP;
	levels = (s->cr4 & X86_CR4_LA57) ? 5 : 4;
	table = s->cr3 & PTE_ADDR;
	for (level = levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 idx = (gva >> shift) & 511;

		if (hvt_read_guest(vcpu->vm, table + idx * 8, &pte, sizeof(pte)))
			return -EFAULT;
		if (!(pte & PTE_P))
			return -EFAULT;
		if (level == 1 || ((level == 2 || level == 3) && (pte & PTE_PS))) {
			u64 mask = (1ull << shift) - 1;

			*gpa = ((pte & PTE_ADDR) & ~mask) | (gva & mask);
			return 0;
		}
		table = pte & PTE_ADDR;
	}
	return -EFAULT;
}

int hvt_read_guest_virt(struct hvt_vcpu *vcpu, u64 gva, void *buf, size_t len)
{
	while (len) {
		size_t chunk = min_t(size_t, len, PAGE_SIZE - offset_in_page(gva));
		u64 gpa;
		int ret;

		ret = hvt_guest_virt_to_phys(vcpu, gva, &gpa);
		if (ret)
			return ret;
		ret = hvt_read_guest(vcpu->vm, gpa, buf, chunk);
		if (ret)
			return ret;
		gva += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}
