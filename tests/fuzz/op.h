/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ops: one step of a fuzz program. An op is a kind and six 64-bit
 * arguments, nothing else: objects are named by index into the executor's
 * tables (resolved modulo what exists when the op runs), pointers by class
 * (args.h), guest code by seed. So a program is independent of the run
 * that made it, survives the shrinker deleting ops around it, and replays
 * from a text file.
 */
#ifndef FZ_OP_H
#define FZ_OP_H

#include <stddef.h>
#include <stdint.h>

#include "prng.h"

#define FZ_NARGS 6

struct fz_op {
	uint16_t kind;
	uint64_t a[FZ_NARGS];
};

struct fz_prog {
	struct fz_op *ops;
	size_t n, cap;
	uint64_t seed;		/* the program's own seed (0: hand-written/replayed) */
};

struct fz_exec;

/* Op flags. */
#define FZ_OP_FAKE	(1u << 0)	/* oracle self-test: never generated */

struct fz_op_desc {
	const char *name;
	unsigned int weight;	/* relative frequency in generated programs */
	unsigned int flags;
	void (*gen)(struct fz_rng *r, struct fz_op *op);
	void (*exec)(struct fz_exec *x, const struct fz_op *op);
};

extern const struct fz_op_desc fz_ops[];
extern const size_t fz_nr_ops;

/* Index of the op called @name, or -1. */
int fz_op_lookup(const char *name);

/* Program buffer helpers. */
void fz_prog_init(struct fz_prog *p);
void fz_prog_free(struct fz_prog *p);
int fz_prog_push(struct fz_prog *p, const struct fz_op *op);
int fz_prog_copy(struct fz_prog *dst, const struct fz_prog *src);

/* Avoid options (--avoid): knobs that keep known, owned bugs out. */
#define FZ_AVOID_IOSIZE	 (1u << 0)	/* (a) never rewrite kvm_run.io.size */
#define FZ_AVOID_DBTRAP	 (1u << 1)	/* (b) no TF/DR7/ICEBP/AC in guest code */
/* Let states through that kill QEMU's TCG (busy TSS, EFER.LME without PG/PAE). */
#define FZ_NO_TCG_SAFETY (1u << 8)

/* A program of @len ops generated from @seed. */
void fz_gen_prog(struct fz_prog *p, uint64_t seed, size_t len);

#endif
