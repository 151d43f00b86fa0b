// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <sys/mman.h>

#include "args.h"

static uint8_t *scratch;	/* scratch area, then a read-only page, then a guard page */
static uint8_t *ro_page, *guard_page, *hole;

uint64_t fz_gen_ptr_class(struct fz_rng *r)
{
	if (fz_rng_chance(r, 80))
		return fz_rng_chance(r, 90) ? FZ_PTR_VALID : FZ_PTR_UNALIGNED;
	return fz_rng_below(r, FZ_NR_PTR_CLASSES);
}

uint64_t fz_gen_u64(struct fz_rng *r)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0x7fff, 0x8000, 0xffff,
		0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, 0xffffffffffffffffull, 0xfffffffffffffffeull,
		0xffff800000000000ull, 0x0000800000000000ull, 0x00007ffffffff000ull,
	};
	uint64_t x;

	switch (fz_rng_below(r, 4)) {
	case 0:
		return fz_rng_next(r);
	case 1:	/* 2^k - 1, 2^k, 2^k + 1 */
		x = 1ull << fz_rng_below(r, 64);
		return x + fz_rng_below(r, 3) - 1;
	default:
		return FZ_PICK(r, v);
	}
}

uint64_t fz_gen_near(struct fz_rng *r, uint64_t limit)
{
	switch (fz_rng_below(r, 8)) {
	case 0: return limit - 1;
	case 1: return limit;
	case 2: return limit + 1;
	case 3: return 0;
	case 4: return fz_gen_u64(r);
	default: return fz_rng_below(r, limit ? limit : 1);
	}
}

uint64_t fz_gen_index(struct fz_rng *r)
{
	if (fz_rng_chance(r, 3))
		return fz_gen_u64(r);
	return fz_rng_below(r, 16);
}

int fz_scratch_init(void)
{
	uint8_t *p;

	if (scratch)
		return 0;
	/* scratch | read-only page | guard | hole (unmapped) */
	p = mmap(NULL, FZ_SCRATCH_SIZE + 3 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	scratch = p;
	ro_page = p + FZ_SCRATCH_SIZE;
	guard_page = ro_page + 4096;
	hole = guard_page + 4096;
	if (mprotect(ro_page, 4096, PROT_READ) || mprotect(guard_page, 4096, PROT_NONE) ||
	    munmap(hole, 4096))
		return -1;
	return 0;
}

void *fz_scratch(void)
{
	return scratch;
}

void *fz_ptr(uint64_t class, size_t size, int keep)
{
	/* Room for the unaligned class's one-byte offset. */
	if (size > FZ_SCRATCH_SIZE - 64)
		size = FZ_SCRATCH_SIZE - 64;
	switch (class % FZ_NR_PTR_CLASSES) {
	case FZ_PTR_NULL:
		return NULL;
	case FZ_PTR_UNMAPPED:
		return hole;
	case FZ_PTR_KERNEL:
		return (void *)0xffffffff81000000ull;
	case FZ_PTR_READONLY:
		return ro_page;
	case FZ_PTR_SHORT:
		/* The second half of the struct is on the guard page. */
		return guard_page - (size + 1) / 2;
	case FZ_PTR_UNALIGNED:
		if (!keep)
			memset(scratch + 1, 0, size);
		return scratch + 1;
	case FZ_PTR_NONCANONICAL:
		return (void *)0x8000000000000000ull;
	default:
		if (!keep)
			memset(scratch, 0, size);
		return scratch;
	}
}
