/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bump page allocator over boot_params free_start..free_end. Nothing is ever
 * freed: guests allocate their buffers (and later L2 memory and NPT tables)
 * once, up front. Shared by all vCPUs, serialised by a spinlock.
 */
#ifndef HVT_GUEST_ALLOC_H
#define HVT_GUEST_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <hvt/boot.h>

#define PAGE_SIZE 4096ul

/* Idempotent: every vCPU may call it; the first call wins. */
void alloc_init(const struct hvt_boot_params *bp);
/* npages zeroed, page-aligned pages, or NULL when free memory is exhausted. */
void *alloc_pages(size_t npages);
/* alloc_pages for at least bytes bytes. */
void *alloc_bytes(size_t bytes);
/* Bytes still free. */
uint64_t alloc_free_bytes(void);

#endif
