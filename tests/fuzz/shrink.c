// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "shrink.h"

/* @p without ops [from, to). */
static int without(struct fz_prog *out, const struct fz_prog *p, size_t from, size_t to)
{
	out->n = 0;
	out->seed = p->seed;
	for (size_t i = 0; i < p->n; i++)
		if ((i < from || i >= to) && fz_prog_push(out, &p->ops[i]))
			return -1;
	return 0;
}

static int test(fz_shrink_pred pred, void *ctx, const struct fz_prog *cand,
		struct fz_shrink_stats *st)
{
	st->tests++;
	return pred(cand, ctx);
}

/* ddmin on complements: drop one of n chunks at a time, refine n when none can go. */
static int ddmin(struct fz_prog *p, fz_shrink_pred pred, void *ctx, struct fz_shrink_stats *st)
{
	struct fz_prog cand;
	size_t n = 2;

	fz_prog_init(&cand);
	while (p->n >= 2) {
		size_t chunk = (p->n + n - 1) / n, from;
		int reduced = 0;

		for (from = 0; from < p->n; from += chunk) {
			if (without(&cand, p, from, from + chunk))
				goto oom;
			if (cand.n && test(pred, ctx, &cand, st)) {
				if (fz_prog_copy(p, &cand))
					goto oom;
				n = n > 2 ? n - 1 : 2;
				reduced = 1;
				break;
			}
		}
		if (reduced)
			continue;
		if (n >= p->n)
			break;
		n = n * 2 < p->n ? n * 2 : p->n;
	}
	fz_prog_free(&cand);
	return 0;
oom:
	fz_prog_free(&cand);
	return -1;
}

/* Until no single op can be removed. */
static int one_minimal(struct fz_prog *p, fz_shrink_pred pred, void *ctx,
		       struct fz_shrink_stats *st)
{
	struct fz_prog cand;
	int changed = 1;

	fz_prog_init(&cand);
	while (changed && p->n > 1) {
		changed = 0;
		for (size_t i = p->n; i-- > 0;) {
			if (without(&cand, p, i, i + 1))
				goto oom;
			if (test(pred, ctx, &cand, st)) {
				if (fz_prog_copy(p, &cand))
					goto oom;
				changed = 1;
			}
		}
	}
	fz_prog_free(&cand);
	return 0;
oom:
	fz_prog_free(&cand);
	return -1;
}

static int simplify_args(struct fz_prog *p, fz_shrink_pred pred, void *ctx,
			 struct fz_shrink_stats *st)
{
	for (size_t i = 0; i < p->n; i++) {
		for (int a = 0; a < FZ_NARGS; a++) {
			uint64_t old = p->ops[i].a[a];

			if (!old)
				continue;
			p->ops[i].a[a] = 0;
			if (!test(pred, ctx, p, st))
				p->ops[i].a[a] = old;
		}
	}
	return 0;
}

int fz_shrink(struct fz_prog *p, fz_shrink_pred pred, void *ctx, int simplify,
	      struct fz_shrink_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->from = p->n;
	if (ddmin(p, pred, ctx, st) || one_minimal(p, pred, ctx, st))
		return -1;
	if (simplify)
		simplify_args(p, pred, ctx, st);
	st->to = p->n;
	return 0;
}
