/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument generators: values at and past their limits, and pointer
 * classes. A pointer is stored in an op as a class (plus the struct size
 * the executor knows), so a replay in another process gets an equivalent
 * pointer: a valid buffer, NULL, an unmapped page, a kernel address, a
 * read-only page, a buffer cut short by a guard page, an unaligned one.
 */
#ifndef FZ_ARGS_H
#define FZ_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "prng.h"

enum fz_ptr_class {
	FZ_PTR_VALID,		/* a zeroed scratch buffer */
	FZ_PTR_NULL,
	FZ_PTR_UNMAPPED,
	FZ_PTR_KERNEL,
	FZ_PTR_READONLY,	/* readable, every write faults */
	FZ_PTR_SHORT,		/* the struct's second half is on a guard page */
	FZ_PTR_UNALIGNED,	/* valid, odd address */
	FZ_PTR_NONCANONICAL,
	FZ_NR_PTR_CLASSES
};

/* Mostly valid: a bad pointer is one test, a valid one reaches the code behind it. */
uint64_t fz_gen_ptr_class(struct fz_rng *r);

/* Interesting 64-bit values: 0, 1, powers of two and their neighbours, type limits. */
uint64_t fz_gen_u64(struct fz_rng *r);
/* Around a limit: limit-1, limit, limit+1, 0, huge, or random below 2*limit. */
uint64_t fz_gen_near(struct fz_rng *r, uint64_t limit);
/* A small index (into the executor's tables), sometimes far out of range. */
uint64_t fz_gen_index(struct fz_rng *r);

/*
 * The pointer for @class, for a struct of @size bytes (at most
 * FZ_SCRATCH_SIZE). Valid classes point into the executor's scratch area,
 * zeroed first unless @keep.
 */
#define FZ_SCRATCH_SIZE (64 * 1024)
int fz_scratch_init(void);
void *fz_ptr(uint64_t class, size_t size, int keep);
/* The valid scratch buffer itself (for building arguments). */
void *fz_scratch(void);

#endif
