// SPDX-License-Identifier: GPL-2.0
/*
 * A software walk of the guest's page tables (guest_walk.h). Entries are
 * read from guest memory: a hostile table can only make the walk fail.
 */
#include <linux/mm.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/guest_mmu.h"
#include "mmu/guest_walk.h"
#include "mmu/root_mmu.h"
#include "svm/vmcb.h"
#include "vcpu.h"

#define PTE_P	     (1ull << 0)
#define PTE_PS	     (1ull << 7)
#define PTE_ADDR     0x000ffffffffff000ull
#define PDPTE_ADDR32 0xffffffe0u	/* PAE CR3: a 32-byte aligned table */

/* Guest-physical memory of the running level (L2's goes through NPT12). */
static int read_phys(struct hvt_vcpu *vcpu, u64 gpa, void *buf, size_t len, bool atomic)
{
	struct hvt_nested *n = &vcpu->nested;

	if (n->in_l2 && n->np12) {
		struct hvt_npt12_walk w;

		if (atomic)
			return -EAGAIN;
		if (hvt_npt12_walk(vcpu, n->vmcb12->control.nested_cr3, gpa, 0, &w) ||
		    w.fault_code)
			return -EFAULT;
		gpa = w.gpa1;
	}
	if (atomic) {
		const void *va = hvt_root_mmu_gpa_va_locked(vcpu->vm, &vcpu->gpa_cache, gpa);

		if (!va)
			return -EAGAIN;
		/* Table entries are read with one load, as the CPU's walker does. */
		if (len == 8)
			*(u64 *)buf = READ_ONCE(*(const u64 *)va);
		else if (len == 4)
			*(u32 *)buf = READ_ONCE(*(const u32 *)va);
		else
			memcpy(buf, va, len);
		return 0;
	}
	return hvt_read_guest(vcpu->vm, gpa, buf, len);
}

/* One 64-bit table entry; the atomic L1 case is the hot one (instruction fetch). */
static inline int read_pte64(struct hvt_vcpu *vcpu, u64 gpa, u64 *pte, bool atomic)
{
	if (atomic && !vcpu->nested.in_l2) {
		const u64 *va = hvt_root_mmu_gpa_va_locked(vcpu->vm, &vcpu->gpa_cache, gpa);

		if (!va)
			return -EAGAIN;
		*pte = READ_ONCE(*va);
		return 0;
	}
	return read_phys(vcpu, gpa, pte, 8, atomic);
}

/* 4- and 5-level paging (long mode), and PAE's lower 2 levels. */
static int walk64(struct hvt_vcpu *vcpu, u64 table, int level, u64 gva, u64 *gpa, bool atomic)
{
	u64 pte;
	int ret;

	for (; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);

		ret = read_pte64(vcpu, table + ((gva >> shift) & 511) * 8, &pte, atomic);
		if (ret)
			return ret;
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

/* PAE without long mode: four PDPTEs at CR3, then two 64-bit levels. */
static int walk_pae(struct hvt_vcpu *vcpu, u64 cr3, u32 gva, u64 *gpa, bool atomic)
{
	u64 pdpte;
	int ret;

	ret = read_phys(vcpu, (cr3 & PDPTE_ADDR32) + (gva >> 30) * 8, &pdpte, 8, atomic);
	if (ret)
		return ret;
	if (!(pdpte & PTE_P))
		return -EFAULT;
	return walk64(vcpu, pdpte & PTE_ADDR, 2, gva, gpa, atomic);
}

/* 32-bit paging: two levels of 4-byte entries, 4 MiB pages with CR4.PSE. */
static int walk32(struct hvt_vcpu *vcpu, u64 cr3, bool pse, u32 gva, u64 *gpa, bool atomic)
{
	u32 pde, pte;
	int ret;

	ret = read_phys(vcpu, (cr3 & 0xfffff000u) + (gva >> 22) * 4, &pde, 4, atomic);
	if (ret)
		return ret;
	if (!(pde & PTE_P))
		return -EFAULT;
	if (pse && (pde & PTE_PS)) {
		/* Bits 13-20 of a 4 MiB PDE are physical address bits 32-39. */
		*gpa = (pde & 0xffc00000u) | ((u64)((pde >> 13) & 0xff) << 32) | (gva & 0x3fffff);
		return 0;
	}
	ret = read_phys(vcpu, (pde & 0xfffff000u) + ((gva >> 12) & 1023) * 4, &pte, 4, atomic);
	if (ret)
		return ret;
	if (!(pte & PTE_P))
		return -EFAULT;
	*gpa = (pte & 0xfffff000u) | (gva & 0xfff);
	return 0;
}

int hvt_guest_virt_to_phys(struct hvt_vcpu *vcpu, u64 gva, u64 *gpa, bool atomic)
{
	const struct hvt_vmcb_save *s = &vcpu->vmcb->save;

	if (!(s->cr0 & X86_CR0_PG)) {
		*gpa = gva;
		return 0;
	}
	/* The VMCB's EFER.LMA is the CPU's: it follows CR0.PG and EFER.LME. */
	if (s->efer & EFER_LMA)
		return walk64(vcpu, s->cr3 & PTE_ADDR, (s->cr4 & X86_CR4_LA57) ? 5 : 4, gva, gpa,
			      atomic);
	if (s->cr4 & X86_CR4_PAE)
		return walk_pae(vcpu, s->cr3, gva, gpa, atomic);
	return walk32(vcpu, s->cr3, s->cr4 & X86_CR4_PSE, gva, gpa, atomic);
}

int hvt_read_guest_virt(struct hvt_vcpu *vcpu, u64 gva, void *buf, size_t len, bool atomic)
{
	while (len) {
		size_t chunk = min_t(size_t, len, PAGE_SIZE - offset_in_page(gva));
		u64 gpa;
		int ret;

		ret = hvt_guest_virt_to_phys(vcpu, gva, &gpa, atomic);
		if (ret)
			return ret;
		ret = read_phys(vcpu, gpa, buf, chunk, atomic);
		if (ret)
			return ret;
		gva += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}
