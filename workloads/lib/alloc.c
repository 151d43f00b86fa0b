// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include "alloc.h"
#include "spinlock.h"
#include "libc.h"

static struct spinlock alloc_lock;
static bool alloc_ready;
static uint64_t alloc_next, alloc_end;

void alloc_init(const struct hvt_boot_params *bp)
{
	spin_lock(&alloc_lock);
	if (!alloc_ready) {
		/* round inward so every page handed out is whole and free */
		alloc_next = (bp->free_start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		alloc_end = bp->free_end & ~(PAGE_SIZE - 1);
		if (alloc_end < alloc_next)
			alloc_end = alloc_next;
		alloc_ready = true;
	}
	spin_unlock(&alloc_lock);
}

void *alloc_pages(size_t npages)
{
	uint64_t base = 0;

	spin_lock(&alloc_lock);
	if (alloc_ready && npages <= (alloc_end - alloc_next) / PAGE_SIZE) {
		base = alloc_next;
		alloc_next += npages * PAGE_SIZE;
	}
	spin_unlock(&alloc_lock);
	if (!base)
		return NULL;
	/*
	 * Zeroing also touches every page now, so a benchmark's first store
	 * to a fresh page does not take an L0 nested page fault mid-run.
	 */
	memset((void *)(uintptr_t)base, 0, npages * PAGE_SIZE);
	return (void *)(uintptr_t)base;
}

void *alloc_bytes(size_t bytes)
{
	if (bytes > SIZE_MAX - PAGE_SIZE)
		return NULL;
	return alloc_pages((bytes + PAGE_SIZE - 1) / PAGE_SIZE);
}

uint64_t alloc_free_bytes(void)
{
	uint64_t n;

	spin_lock(&alloc_lock);
	n = alloc_end - alloc_next;
	spin_unlock(&alloc_lock);
	return n;
}
