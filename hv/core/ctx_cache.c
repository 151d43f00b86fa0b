// SPDX-License-Identifier: GPL-2.0
/* The nested context cache's bookkeeping (ctx_cache.h). */
#include "ctx_cache.h"

static void link_init(struct hvt_ctx_link *l)
{
	l->prev = l->next = l;
}

static bool link_empty(const struct hvt_ctx_link *l)
{
	return l->next == l;
}

static void link_add_head(struct hvt_ctx_link *head, struct hvt_ctx_link *l)
{
	l->next = head->next;
	l->prev = head;
	head->next->prev = l;
	head->next = l;
}

static void link_del(struct hvt_ctx_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	link_init(l);
}

#define ctx_of(link, field) \
	((struct hvt_ctx *)((char *)(link) - offsetof(struct hvt_ctx, field)))

/* Fibonacci hashing: control blocks sit at page-aligned, often regular addresses. */
static struct hvt_ctx_link *bucket(struct hvt_ctx_cache *c, u64 key)
{
	return &c->buckets[(key * 0x9e3779b97f4a7c15ull) >> (64 - HVT_CTX_HASH_BITS)];
}

void hvt_ctx_cache_init(struct hvt_ctx_cache *c, u32 capacity)
{
	u32 i;

	c->capacity = capacity;
	c->count = 0;
	for (i = 0; i < HVT_CTX_HASH_SIZE; i++)
		link_init(&c->buckets[i]);
	link_init(&c->free);
}

static struct hvt_ctx *find(struct hvt_ctx_cache *c, u64 key)
{
	struct hvt_ctx_link *head = bucket(c, key), *l;

	for (l = head->next; l != head; l = l->next)
		if (ctx_of(l, hash)->key == key)
			return ctx_of(l, hash);
	return NULL;
}

static void attach(struct hvt_ctx *ctx)
{
	link_del(&ctx->lru);
	ctx->attached = true;
}

enum hvt_ctx_load hvt_ctx_cache_load(struct hvt_ctx_cache *c, u64 key, struct hvt_ctx **out)
{
	struct hvt_ctx *ctx = find(c, key);

	*out = ctx;
	if (ctx) {
		if (ctx->attached)
			return HVT_CTX_BUSY;
		attach(ctx);
		return HVT_CTX_HIT;
	}
	if (c->count < c->capacity)
		return HVT_CTX_NEED_ALLOC;
	if (link_empty(&c->free))
		return HVT_CTX_FULL;
	/* The least recently used free context takes the new key. */
	ctx = ctx_of(c->free.prev, lru);
	link_del(&ctx->hash);
	ctx->key = key;
	link_add_head(bucket(c, key), &ctx->hash);
	attach(ctx);
	*out = ctx;
	return HVT_CTX_RECYCLE;
}

bool hvt_ctx_cache_insert(struct hvt_ctx_cache *c, struct hvt_ctx *ctx, u64 key)
{
	if (c->count >= c->capacity || find(c, key))
		return false;
	ctx->key = key;
	ctx->attached = true;
	link_init(&ctx->lru);
	link_add_head(bucket(c, key), &ctx->hash);
	c->count++;
	return true;
}

void hvt_ctx_cache_release(struct hvt_ctx_cache *c, struct hvt_ctx *ctx)
{
	ctx->attached = false;
	link_add_head(&c->free, &ctx->lru);
}

struct hvt_ctx *hvt_ctx_cache_pop(struct hvt_ctx_cache *c)
{
	struct hvt_ctx *ctx;
	u32 i;

	for (i = 0; i < HVT_CTX_HASH_SIZE; i++) {
		if (link_empty(&c->buckets[i]))
			continue;
		ctx = ctx_of(c->buckets[i].next, hash);
		link_del(&ctx->hash);
		if (!ctx->attached)
			link_del(&ctx->lru);
		c->count--;
		return ctx;
	}
	return NULL;
}
