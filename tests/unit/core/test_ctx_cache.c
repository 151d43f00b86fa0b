// SPDX-License-Identifier: GPL-2.0
/*
 * hv/core/ctx_cache.c: the nested context cache's bookkeeping. First the
 * proposal's counter arithmetic on the exact schedule of the l2-switch
 * workload (n L2s, four turns each, capacity 8; one L1 vCPU, or two taking
 * turns with every L2 changing vCPU each round); then each outcome of a
 * load on its own; then random operations against a simple model.
 */
#include <stdlib.h>

#include "core/ctx_cache.h"
#include "expect.h"

#define MAX_CTX 64

/*
 * The hypervisor's side (svm/nested_ctx.c), as a model: a vCPU owns the
 * context it loaded until it loads another control block; back in L1 it
 * may lose it to another vCPU that loads the same control block (BUSY, and
 * its owner is not running L2 on it); a VMRUN of the control block it ran
 * last, still owned, is no load at all.
 */
struct sim {
	struct hvt_ctx_cache cache;
	struct hvt_ctx pool[MAX_CTX];
	int owner[MAX_CTX];		/* which vCPU owns pool[i], -1 none */
	int used;
	struct hvt_ctx *last[2];	/* per L1 vCPU */
	u64 reuse, recycle, alloc, busy, full;
};

static int index_of(struct sim *s, struct hvt_ctx *ctx)
{
	return (int)(ctx - s->pool);
}

/* What the hypervisor does when a vCPU VMRUNs control block @key (its L2 is not running elsewhere). */
static void vmrun(struct sim *s, int vcpu, u64 key)
{
	struct hvt_ctx *ctx, *last = s->last[vcpu];

	if (last && last->key == key && s->owner[index_of(s, last)] == vcpu)
		return;		/* the same control block, still its own */
	if (last && s->owner[index_of(s, last)] == vcpu) {
		hvt_ctx_cache_release(&s->cache, last);
		s->owner[index_of(s, last)] = -1;
	}
	s->last[vcpu] = NULL;
	switch (hvt_ctx_cache_load(&s->cache, key, &ctx)) {
	case HVT_CTX_HIT:
		s->reuse++;
		break;
	case HVT_CTX_RECYCLE:
		s->recycle++;
		break;
	case HVT_CTX_NEED_ALLOC:
		ctx = &s->pool[s->used++];
		EXPECT(hvt_ctx_cache_insert(&s->cache, ctx, key));
		s->alloc++;
		break;
	case HVT_CTX_BUSY:
		/* Its owner is back in L1 (only one L2 runs at a time here): taken over. */
		s->reuse++;
		break;
	case HVT_CTX_FULL:
		s->full++;
		return;
	}
	EXPECT(ctx && ctx->key == key && ctx->attached);
	s->owner[index_of(s, ctx)] = vcpu;
	s->last[vcpu] = ctx;
}

static void vmexit(struct sim *s, int vcpu)
{
	(void)s;
	(void)vcpu;	/* the context stays the vCPU's */
}

/*
 * The l2-switch schedule: round r, L2 i in order, on vCPU 0 (stay) or on
 * vCPU (i + r) % 2 (migrate), three exits to L1 per turn.
 */
static void run_schedule(struct sim *s, u32 n, u32 turns, bool migrate)
{
	u32 r, i, e;

	for (r = 0; r < turns; r++) {
		for (i = 0; i < n; i++) {
			int v = migrate ? (int)((i + r) % 2) : 0;

			for (e = 0; e < 3; e++) {
				vmrun(s, v, 0x100000 + (u64)i * 0x1000);
				vmexit(s, v);
			}
		}
	}
}

static void test_proposal_arithmetic(void)
{
	static const u32 ns[] = { 2, 4, 8, 9, 16 };
	const u32 cap = 8, turns = 4;
	size_t k;
	int m;

	for (m = 0; m <= 1; m++) {
		for (k = 0; k < HVT_ARRAY_SIZE(ns); k++) {
			u32 n = ns[k];
			struct sim s = { 0 };

			memset(s.owner, -1, sizeof(s.owner));
			hvt_ctx_cache_init(&s.cache, cap);
			run_schedule(&s, n, turns, m);
			if (n <= cap) {
				EXPECT_INT(s.alloc, n);
				EXPECT_INT(s.reuse, n * (turns - 1));
				EXPECT_INT(s.recycle, 0);
			} else {
				EXPECT_INT(s.alloc, cap);
				EXPECT_INT(s.recycle, n * turns - cap);
				EXPECT_INT(s.reuse, 0);
			}
			EXPECT_INT(s.busy + s.full, 0);
			EXPECT(s.cache.count <= cap);
		}
	}
}

static void test_outcomes(void)
{
	struct hvt_ctx a, b, c, *out;
	struct hvt_ctx_cache cache;

	hvt_ctx_cache_init(&cache, 2);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 1, &out), HVT_CTX_NEED_ALLOC);
	EXPECT(hvt_ctx_cache_insert(&cache, &a, 1));
	EXPECT(!hvt_ctx_cache_insert(&cache, &c, 1));		/* key already there */
	/* Attached to one vCPU: never handed to another. */
	EXPECT_INT(hvt_ctx_cache_load(&cache, 1, &out), HVT_CTX_BUSY);
	EXPECT(out == &a);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 2, &out), HVT_CTX_NEED_ALLOC);
	EXPECT(hvt_ctx_cache_insert(&cache, &b, 2));
	EXPECT(!hvt_ctx_cache_insert(&cache, &c, 3));		/* full */
	/* Full and everything attached: nothing to recycle. */
	EXPECT_INT(hvt_ctx_cache_load(&cache, 3, &out), HVT_CTX_FULL);
	/* Released a, then b: a is the least recently used. */
	hvt_ctx_cache_release(&cache, &a);
	hvt_ctx_cache_release(&cache, &b);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 3, &out), HVT_CTX_RECYCLE);
	EXPECT(out == &a && a.key == 3 && a.attached);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 1, &out), HVT_CTX_RECYCLE);	/* 1 is gone */
	EXPECT(out == &b && b.key == 1);
	hvt_ctx_cache_release(&cache, &b);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 1, &out), HVT_CTX_HIT);
	EXPECT(out == &b);
	/* Teardown takes every context out, attached or not, and then none. */
	EXPECT(hvt_ctx_cache_pop(&cache) != NULL);
	EXPECT(hvt_ctx_cache_pop(&cache) != NULL);
	EXPECT(hvt_ctx_cache_pop(&cache) == NULL);
	EXPECT_INT(cache.count, 0);
	/* Capacity 0: nothing is ever cached. */
	hvt_ctx_cache_init(&cache, 0);
	EXPECT_INT(hvt_ctx_cache_load(&cache, 1, &out), HVT_CTX_FULL);
}

/* Keys that collide in the hash must still be told apart. */
static void test_collisions(void)
{
	struct hvt_ctx pool[MAX_CTX], *out;
	struct hvt_ctx_cache cache;
	int i;

	hvt_ctx_cache_init(&cache, MAX_CTX);
	for (i = 0; i < MAX_CTX; i++) {
		EXPECT_INT(hvt_ctx_cache_load(&cache, (u64)i << 40, &out), HVT_CTX_NEED_ALLOC);
		EXPECT(hvt_ctx_cache_insert(&cache, &pool[i], (u64)i << 40));
		hvt_ctx_cache_release(&cache, &pool[i]);
	}
	for (i = 0; i < MAX_CTX; i++) {
		EXPECT_INT(hvt_ctx_cache_load(&cache, (u64)i << 40, &out), HVT_CTX_HIT);
		EXPECT(out == &pool[i]);
	}
}

/*
 * Random loads by 3 vCPUs over 12 keys, capacity 5, against a model that
 * keeps the free contexts in release order: every outcome and every
 * recycled context must be the model's.
 */
static void test_against_model(void)
{
	struct hvt_ctx pool[8], *out, *running[3] = { 0 };
	u64 model_free[8];
	int nfree = 0, used = 0, step, v, j;
	struct hvt_ctx_cache cache;

	srand(7);
	hvt_ctx_cache_init(&cache, 5);
	for (step = 0; step < 20000; step++) {
		u64 key = (u64)(rand() % 12) << 12;
		enum hvt_ctx_load r;
		int in_free = -1, busy = 0;

		v = rand() % 3;
		if (running[v]) {
			/* This vCPU's L2 exits to L1: its context is free, newest first. */
			hvt_ctx_cache_release(&cache, running[v]);
			for (j = nfree; j > 0; j--)
				model_free[j] = model_free[j - 1];
			model_free[0] = running[v]->key;
			nfree++;
			running[v] = NULL;
			continue;
		}
		for (j = 0; j < nfree; j++)
			if (model_free[j] == key)
				in_free = j;
		for (j = 0; j < 3; j++)
			busy |= running[j] && running[j]->key == key;
		r = hvt_ctx_cache_load(&cache, key, &out);
		if (busy) {
			EXPECT_INT(r, HVT_CTX_BUSY);
			continue;
		}
		if (in_free >= 0) {
			EXPECT_INT(r, HVT_CTX_HIT);
			for (j = in_free; j < nfree - 1; j++)
				model_free[j] = model_free[j + 1];
			nfree--;
		} else if (used < 5) {
			EXPECT_INT(r, HVT_CTX_NEED_ALLOC);
			out = &pool[used++];
			EXPECT(hvt_ctx_cache_insert(&cache, out, key));
		} else if (nfree) {
			EXPECT_INT(r, HVT_CTX_RECYCLE);
			nfree--;	/* the oldest: the end of the model's list */
		} else {
			EXPECT_INT(r, HVT_CTX_FULL);
			continue;
		}
		if (expect_failures)
			return;
		EXPECT(out->key == key);
		running[v] = out;
	}
}

int main(void)
{
	test_proposal_arithmetic();
	test_outcomes();
	test_collisions();
	test_against_model();
	return expect_report("ctx_cache");
}
