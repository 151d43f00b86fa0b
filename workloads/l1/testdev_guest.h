/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest side of the VMM's MMIO test device and READONLY slot
 * (<hvt/testdev.h>), for l1-mmio and l1-readonly. Header-only (static
 * functions) so each image compiles its own copy: the workload build gives
 * every source file one object, shared by no two images.
 *
 * The VMM identity-maps RAM only, so both the device page and the slot
 * are mapped here, in the guest's own page tables, with 4 KiB pages.
 */
#ifndef HVT_L1_TESTDEV_GUEST_H
#define HVT_L1_TESTDEV_GUEST_H

#include <hvt/testdev.h>
#include "guest.h"

#define PTE_WRITE	(1ull << 1)
#define PTE_PWT		(1ull << 3)
#define PTE_PCD		(1ull << 4)

/* The next-level table under entry e of table t, created empty if absent. */
static uint64_t *next_table(volatile uint64_t *t, unsigned int idx, uint64_t va)
{
	uint64_t e = t[idx];
	void *page;

	if (!(e & X86_PTE_PRESENT)) {
		page = alloc_pages(1);	/* zeroed: no entry present */
		GUEST_ASSERT_MSG(page != NULL, "no free page for a page table mapping 0x%llx",
				 (unsigned long long)va);
		e = (uint64_t)(uintptr_t)page | X86_PTE_PRESENT | PTE_WRITE;
		t[idx] = e;
	}
	GUEST_ASSERT_MSG(!(e & X86_PTE_PS), "0x%llx is already mapped by a large page",
			 (unsigned long long)va);
	return (uint64_t *)(uintptr_t)(e & X86_PTE_ADDR);
}

/* Identity-map the 4 KiB page at pa, writable, with extra PTE flags. */
static void map_identity_page(uint64_t pa, uint64_t flags)
{
	unsigned int levels = (read_cr4() & X86_CR4_LA57) ? 5 : 4;
	volatile uint64_t *t = (uint64_t *)(uintptr_t)(read_cr3() & X86_PTE_ADDR);

	for (unsigned int level = levels; level > 1; level--)
		t = next_table(t, (pa >> (12 + 9 * (level - 1))) & 511, pa);
	t[(pa >> 12) & 511] = pa | X86_PTE_PRESENT | PTE_WRITE | flags;
	invlpg((void *)(uintptr_t)pa);
}

static void map_identity(uint64_t pa, uint64_t size, uint64_t flags)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		map_identity_page(pa + off, flags);
}

static volatile void *testdev_reg_ptr(unsigned int reg)
{
	return (volatile void *)(uintptr_t)(HVT_TESTDEV_GPA + reg);
}

/* One 8-byte MOV load: the one form every MMIO emulator handles. */
static uint64_t testdev_read(unsigned int reg)
{
	uint64_t v;

	asm volatile("movq (%1), %0" : "=r"(v) : "r"(testdev_reg_ptr(reg)) : "memory");
	return v;
}

/*
 * Maps the device page uncached and checks its magic. Without the device
 * (RAM above 3328 MiB shadows it) the read returns RAM, not the magic.
 */
static void testdev_map(const struct hvt_boot_params *bp)
{
	uint64_t magic;

	GUEST_ASSERT_MSG(bp->mem_size <= HVT_TESTDEV_GPA,
			 "RAM (0x%llx bytes) covers the test device at 0x%llx: use less --mem",
			 (unsigned long long)bp->mem_size, (unsigned long long)HVT_TESTDEV_GPA);
	map_identity(HVT_TESTDEV_GPA, HVT_TESTDEV_SIZE, PTE_PCD | PTE_PWT);
	magic = testdev_read(HVT_TESTDEV_MAGIC_REG);
	GUEST_ASSERT_MSG(magic == HVT_TESTDEV_MAGIC, "test device magic is 0x%llx, want 0x%llx",
			 (unsigned long long)magic, (unsigned long long)HVT_TESTDEV_MAGIC);
}

#endif
