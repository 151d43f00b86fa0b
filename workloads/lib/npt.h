/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested page tables (AMD NPT) built by an L1 hypervisor for its L2. They
 * use the long-mode page table format; every entry has U/S set because the
 * CPU treats all nested-walk accesses as user accesses. The walk has as many
 * levels as the L1's own paging (4, or 5 with CR4.LA57).
 * Tables come from the page allocator and are identity mapped in L1.
 */
#ifndef HVT_GUEST_NPT_H
#define HVT_GUEST_NPT_H

#include <stdint.h>

#define NPT_P	(1ull << 0)
#define NPT_W	(1ull << 1)
#define NPT_U	(1ull << 2)
#define NPT_PS	(1ull << 7)
#define NPT_RWX	(NPT_P | NPT_W | NPT_U)
#define NPT_ADDR 0x000ffffffffff000ull

#define NPT_2M	(2ull << 20)

struct npt {
	uint64_t *root;		/* PML4, or PML5 with 5 levels; pa == va */
	unsigned int levels;
};

/* Tables mapping [0, bytes) 1:1 with 2 MiB pages, RWX. */
void npt_build_identity(struct npt *n, unsigned int levels, uint64_t bytes);
/* The entry that maps gpa at level (1: 4 KiB PTE, 2: PDE, ...), creating
 * missing tables on the way; fails if a larger page already covers gpa. */
uint64_t *npt_entry(struct npt *n, uint64_t gpa, unsigned int level);
/* Turn the 2 MiB page around gpa into 512 4 KiB pages with the same
 * translation; no-op if already split. */
void npt_split_2m(struct npt *n, uint64_t gpa);

#endif
