/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shrinker: delta debugging (ddmin) over a failing program's ops, then
 * single-op removal until no op can go (1-minimal), then argument
 * simplification (each argument to 0 where the failure stays). The
 * predicate runs a candidate and says whether it still fails the same way;
 * the supervisor's predicate runs it in a child process, so a hang or crash
 * of the candidate is an answer, not the end of the shrinker.
 */
#ifndef FZ_SHRINK_H
#define FZ_SHRINK_H

#include "op.h"

/* 1: @cand still fails as the original did; 0: it passes. */
typedef int (*fz_shrink_pred)(const struct fz_prog *cand, void *ctx);

struct fz_shrink_stats {
	unsigned long tests;	/* predicate calls */
	size_t from, to;	/* ops before and after */
};

/* Shrink @p in place (it must fail). 0, or -1 if out of memory. */
int fz_shrink(struct fz_prog *p, fz_shrink_pred pred, void *ctx, int simplify_args,
	      struct fz_shrink_stats *st);

#endif
