// SPDX-License-Identifier: GPL-2.0
#include "paging.h"
#include "x86.h"

static unsigned int paging_levels(void)
{
	return (read_cr4() & X86_CR4_LA57) ? 5 : 4;
}

bool paging_is_mapped(uint64_t va)
{
	uint64_t table = read_cr3() & X86_PTE_ADDR;

	for (unsigned int level = paging_levels(); level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		uint64_t e = ((const volatile uint64_t *)(uintptr_t)table)
				[(va >> shift) & 511];

		if (!(e & X86_PTE_PRESENT))
			return false;
		/* PS in a PDPTE or PDE: a 1 GiB or 2 MiB leaf */
		if (level == 1 || ((level == 2 || level == 3) && (e & X86_PTE_PS)))
			return true;
		table = e & X86_PTE_ADDR;
	}
	return true;
}
