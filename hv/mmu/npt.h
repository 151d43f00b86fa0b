/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested page tables (AMD NPT): x86-64 long-mode page tables walked by the
 * CPU with guest-physical input. 4 or 5 levels, following the host's paging
 * mode (an LA57 host walks NPT with 5 levels). Only 4 KiB leaves for now.
 * Every leaf holds a reference on the host page it maps. Zapping is two
 * passes under the MMU lock: hvt_npt_zap_range() turns leaves into
 * non-present "zombies" that keep their PFN, the caller flushes every TLB
 * that may hold them, then hvt_npt_release_zombies() drops the references.
 * A page is never released while a CPU may still translate to it.
 */
#ifndef HVT_MMU_NPT_H
#define HVT_MMU_NPT_H

#include <linux/types.h>

#define HVT_NPT_P	(1ull << 0)
#define HVT_NPT_RW	(1ull << 1)
#define HVT_NPT_US	(1ull << 2)	/* NPT walks are user accesses: always set */
#define HVT_NPT_A	(1ull << 5)
#define HVT_NPT_D	(1ull << 6)
#define HVT_NPT_NX	(1ull << 63)
#define HVT_NPT_ADDR	0x000ffffffffff000ull
#define HVT_NPT_ZOMBIE	(1ull << 9)	/* software bit: zapped, flush pending */

struct page;

/* Pages for tables, allocated before taking the MMU spinlock. */
#define HVT_NPT_CACHE_PAGES 5
struct hvt_npt_cache {
	int nr;
	void *pages[HVT_NPT_CACHE_PAGES];
};

struct hvt_npt {
	u64 *root;
	int levels;
	unsigned long table_pages;
	unsigned long leaves;
};

int hvt_npt_init(struct hvt_npt *npt);
/* Release every mapping and table; no CPU may be running on @npt. */
void hvt_npt_destroy(struct hvt_npt *npt);
u64 hvt_npt_root_pa(struct hvt_npt *npt);

int hvt_npt_cache_topup(struct hvt_npt_cache *cache);
void hvt_npt_cache_free(struct hvt_npt_cache *cache);

/* Map gpa → page (4 KiB). Returns 1 if mapped, 0 if a leaf was already there, <0 on error. */
int hvt_npt_map(struct hvt_npt *npt, struct hvt_npt_cache *cache, u64 gpa,
		struct page *page, bool writable);
/* The same, non-executable (NX) unless @exec. */
int hvt_npt_map_prot(struct hvt_npt *npt, struct hvt_npt_cache *cache, u64 gpa,
		     struct page *page, bool writable, bool exec);
/* The leaf for gpa, or 0. */
u64 hvt_npt_lookup(struct hvt_npt *npt, u64 gpa);
/* Pass 1: turn the leaves in [start, end) into zombies. Returns how many. */
unsigned long hvt_npt_zap_range(struct hvt_npt *npt, u64 start, u64 end);
/* Pass 2, after the TLB flush: drop the zombies' page references. */
void hvt_npt_release_zombies(struct hvt_npt *npt, u64 start, u64 end);

#endif
