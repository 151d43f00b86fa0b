// SPDX-License-Identifier: GPL-2.0
#include "alloc.h"
#include "npt.h"
#include "ucall.h"

static uint64_t *new_table(void)
{
	uint64_t *t = alloc_pages(1);

	GUEST_ASSERT_MSG(t != NULL, "no memory for an NPT page");
	return t;
}

static unsigned int index_at(uint64_t gpa, unsigned int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & 511;
}

uint64_t *npt_entry(struct npt *n, uint64_t gpa, unsigned int level)
{
	uint64_t *table = n->root;

	for (unsigned int l = n->levels; l > level; l--) {
		uint64_t *e = &table[index_at(gpa, l)];

		if (!(*e & NPT_P))
			*e = (uintptr_t)new_table() | NPT_RWX;
		GUEST_ASSERT_MSG(!(*e & NPT_PS), "gpa 0x%llx: large page at level %u",
				 (unsigned long long)gpa, l);
		table = (uint64_t *)(uintptr_t)(*e & NPT_ADDR);
	}
	return &table[index_at(gpa, level)];
}

void npt_build_identity(struct npt *n, unsigned int levels, uint64_t bytes)
{
	GUEST_ASSERT(levels == 4 || levels == 5);
	n->levels = levels;
	n->root = new_table();
	for (uint64_t gpa = 0; gpa < bytes; gpa += NPT_2M)
		*npt_entry(n, gpa, 2) = gpa | NPT_RWX | NPT_PS;
}

void npt_split_2m(struct npt *n, uint64_t gpa)
{
	uint64_t *pde = npt_entry(n, gpa, 2), *pt;
	uint64_t base = *pde & NPT_ADDR & ~(NPT_2M - 1);

	if ((*pde & NPT_P) && !(*pde & NPT_PS))
		return;
	GUEST_ASSERT_MSG(*pde & NPT_P, "gpa 0x%llx not mapped", (unsigned long long)gpa);
	pt = new_table();
	for (unsigned int i = 0; i < 512; i++)
		pt[i] = (base + i * 4096ull) | (*pde & NPT_RWX);
	*pde = (uintptr_t)pt | NPT_RWX;
}
