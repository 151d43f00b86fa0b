// SPDX-License-Identifier: GPL-2.0
/*
 * NPT table operations: map, look up, zap, destroy. Callers hold the VM's
 * MMU spinlock; table pages come from a cache filled beforehand, so nothing
 * here sleeps or allocates.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/slab.h>

#include "hvt.h"
#include "mmu/npt.h"

#define NPT_ENTRIES 512
#define NPT_TABLE_FLAGS (HVT_NPT_P | HVT_NPT_RW | HVT_NPT_US | HVT_NPT_A)

static inline int npt_index(u64 gpa, int level)
{
	return (gpa >> (12 + 9 * (level - 1))) & (NPT_ENTRIES - 1);
}

static inline u64 *npt_table_of(u64 entry)
{
	return __va(entry & HVT_NPT_ADDR);
}

static u64 *npt_alloc_table(struct hvt_npt *npt, struct hvt_npt_cache *cache)
{
	if (!cache->nr)
		return NULL;
	npt->table_pages++;
	atomic_long_inc(&hvt_live_pages);
	return cache->pages[--cache->nr];
}

static void npt_free_table(struct hvt_npt *npt, u64 *table)
{
	npt->table_pages--;
	atomic_long_dec(&hvt_live_pages);
	free_page((unsigned long)table);
}

int hvt_npt_cache_topup(struct hvt_npt_cache *cache)
{
	while (cache->nr < HVT_NPT_CACHE_PAGES) {
		void *p = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);

		if (!p)
			return -ENOMEM;
		cache->pages[cache->nr++] = p;
	}
	return 0;
}

void hvt_npt_cache_free(struct hvt_npt_cache *cache)
{
	while (cache->nr)
		free_page((unsigned long)cache->pages[--cache->nr]);
}

int hvt_npt_init(struct hvt_npt *npt)
{
	npt->levels = pgtable_l5_enabled() ? 5 : 4;
	npt->root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!npt->root)
		return -ENOMEM;
	npt->table_pages = 1;
	npt->leaves = 0;
	atomic_long_inc(&hvt_live_pages);
	return 0;
}

u64 hvt_npt_root_pa(struct hvt_npt *npt)
{
	return __pa(npt->root);
}

/* The level-1 entry for gpa, creating tables on the way if @cache is given. */
static u64 *npt_walk(struct hvt_npt *npt, u64 gpa, struct hvt_npt_cache *cache)
{
	u64 *table = npt->root;
	int level;

	for (level = npt->levels; level > 1; level--) {
		u64 *entry = &table[npt_index(gpa, level)];

		if (!(*entry & HVT_NPT_P)) {
			u64 *next;

			if (!cache)
				return NULL;
			next = npt_alloc_table(npt, cache);
			if (!next)
				return ERR_PTR(-ENOMEM);
			WRITE_ONCE(*entry, __pa(next) | NPT_TABLE_FLAGS);
		}
		table = npt_table_of(*entry);
	}
	return &table[npt_index(gpa, 1)];
}

int hvt_npt_map(struct hvt_npt *npt, struct hvt_npt_cache *cache, u64 gpa,
		struct page *page, bool writable)
{
	return hvt_npt_map_prot(npt, cache, gpa, page, writable, true);
}

int hvt_npt_map_prot(struct hvt_npt *npt, struct hvt_npt_cache *cache, u64 gpa,
		     struct page *page, bool writable, bool exec)
{
	u64 *leaf = npt_walk(npt, gpa, cache);
	u64 val;

	if (IS_ERR(leaf))
		return PTR_ERR(leaf);
	if (*leaf & HVT_NPT_P)
		return 0;
	val = page_to_phys(page) | HVT_NPT_P | HVT_NPT_US | HVT_NPT_A;
	if (writable)
		val |= HVT_NPT_RW | HVT_NPT_D;
	if (!exec)
		val |= HVT_NPT_NX;
	WRITE_ONCE(*leaf, val);
	npt->leaves++;
	atomic_long_inc(&hvt_guest_page_refs);
	return 1;
}

u64 hvt_npt_lookup(struct hvt_npt *npt, u64 gpa)
{
	u64 *leaf = npt_walk(npt, gpa, NULL);

	return leaf ? READ_ONCE(*leaf) : 0;
}

typedef void (*npt_leaf_fn)(struct hvt_npt *npt, u64 *leaf);

/* Call @fn on every leaf entry (present or zombie) of [start, end). */
static void npt_for_each_leaf(struct hvt_npt *npt, u64 *table, int level, u64 base,
			      u64 start, u64 end, npt_leaf_fn fn)
{
	u64 span = 1ull << (12 + 9 * (level - 1));
	int i = npt_index(max(start, base), level);

	for (; i < NPT_ENTRIES; i++) {
		u64 addr = base + (u64)i * span;

		if (addr >= end)
			break;
		if (level == 1) {
			if (table[i])
				fn(npt, &table[i]);
		} else if (table[i] & HVT_NPT_P) {
			npt_for_each_leaf(npt, npt_table_of(table[i]), level - 1, addr,
					  start, end, fn);
		}
	}
}

static void zap_leaf(struct hvt_npt *npt, u64 *leaf)
{
	u64 old = *leaf;

	if (!(old & HVT_NPT_P))
		return;
	WRITE_ONCE(*leaf, (old & ~HVT_NPT_P) | HVT_NPT_ZOMBIE);
	npt->leaves--;
}

static void release_leaf(struct hvt_npt *npt, u64 *leaf)
{
	u64 old = *leaf;
	struct page *page;

	if (!(old & HVT_NPT_ZOMBIE))
		return;
	page = pfn_to_page((old & HVT_NPT_ADDR) >> PAGE_SHIFT);
	if (old & HVT_NPT_D)
		SetPageDirty(page);
	WRITE_ONCE(*leaf, 0);
	put_page(page);
	atomic_long_dec(&hvt_guest_page_refs);
}

unsigned long hvt_npt_zap_range(struct hvt_npt *npt, u64 start, u64 end)
{
	unsigned long before = npt->leaves;

	npt_for_each_leaf(npt, npt->root, npt->levels, 0, start, end, zap_leaf);
	return before - npt->leaves;
}

void hvt_npt_release_zombies(struct hvt_npt *npt, u64 start, u64 end)
{
	npt_for_each_leaf(npt, npt->root, npt->levels, 0, start, end, release_leaf);
}

static void npt_free_tables(struct hvt_npt *npt, u64 *table, int level)
{
	int i;

	if (level > 1)
		for (i = 0; i < NPT_ENTRIES; i++)
			if (table[i] & HVT_NPT_P)
				npt_free_tables(npt, npt_table_of(table[i]), level - 1);
	npt_free_table(npt, table);
}

void hvt_npt_destroy(struct hvt_npt *npt)
{
	if (!npt->root)
		return;
	hvt_npt_zap_range(npt, 0, ~0ull);
	hvt_npt_release_zombies(npt, 0, ~0ull);
	npt_free_tables(npt, npt->root, npt->levels);
	npt->root = NULL;
}
