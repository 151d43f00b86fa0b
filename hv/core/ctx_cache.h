/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cache of nested contexts keyed by the guest-physical address of the
 * control block L1 runs its L2 with (the VMCB12 on SVM): a hash for lookup,
 * and an LRU list of the contexts no vCPU has attached, so the least
 * recently used one is recycled when the cache is full (the nested context
 * cache proposal, ../shared/SEEDS.md idea 3).
 *
 * This is only the bookkeeping. The contexts themselves (what they hold,
 * how they are allocated and reset) are the caller's: it embeds a struct
 * hvt_ctx in each, holds its own lock around every call, and allocates
 * outside that lock. Freestanding: compiled into hvt.ko and the unit tests.
 *
 * A context is attached while a vCPU owns it. SVM has no VMCLEAR to say
 * when L1 is done with a control block: the caller releases a vCPU's
 * context when that vCPU loads a different one, and may hand an attached
 * context over to another vCPU (BUSY below) when its owner is not using it.
 *
 * A load of key K for a vCPU:
 *   HIT         K is cached and free: it is attached now (counted reuse)
 *   BUSY        K is attached to another vCPU: not handed out twice
 *   NEED_ALLOC  K is not cached and the cache is below capacity: the caller
 *               allocates a context and inserts it (counted alloc)
 *   RECYCLE     K is not cached, the cache is full: *out is the least
 *               recently used free context, already moved to K and
 *               attached; the caller resets it (counted recycle)
 *   FULL        K is not cached, the cache is full and every context is
 *               attached to a vCPU: nothing can be recycled
 */
#ifndef HVT_CORE_CTX_CACHE_H
#define HVT_CORE_CTX_CACHE_H

#include "types.h"

struct hvt_ctx_link {
	struct hvt_ctx_link *prev, *next;
};

struct hvt_ctx {
	u64 key;
	bool attached;
	struct hvt_ctx_link hash;	/* in its bucket's chain */
	struct hvt_ctx_link lru;	/* in the free list while not attached */
};

#define HVT_CTX_HASH_BITS 6
#define HVT_CTX_HASH_SIZE (1u << HVT_CTX_HASH_BITS)

struct hvt_ctx_cache {
	u32 capacity;
	u32 count;			/* contexts in the cache, attached or not */
	struct hvt_ctx_link buckets[HVT_CTX_HASH_SIZE];
	struct hvt_ctx_link free;	/* most recently released first */
};

enum hvt_ctx_load {
	HVT_CTX_HIT,
	HVT_CTX_BUSY,
	HVT_CTX_NEED_ALLOC,
	HVT_CTX_RECYCLE,
	HVT_CTX_FULL,
};

void hvt_ctx_cache_init(struct hvt_ctx_cache *c, u32 capacity);
enum hvt_ctx_load hvt_ctx_cache_load(struct hvt_ctx_cache *c, u64 key, struct hvt_ctx **out);
/* After NEED_ALLOC: @ctx becomes K's context, attached. Fails (false) if full meanwhile. */
bool hvt_ctx_cache_insert(struct hvt_ctx_cache *c, struct hvt_ctx *ctx, u64 key);
/* The vCPU is done with @ctx (it loads another): free, most recently used. */
void hvt_ctx_cache_release(struct hvt_ctx_cache *c, struct hvt_ctx *ctx);
/* Take any context out of the cache (attached or not), for teardown; NULL when empty. */
struct hvt_ctx *hvt_ctx_cache_pop(struct hvt_ctx_cache *c);

#endif
