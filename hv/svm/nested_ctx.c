// SPDX-License-Identifier: GPL-2.0
/* Nested contexts and the per-VM context cache (nested_ctx.h). */
#include <linux/slab.h>

#include "hvt.h"
#include "mmu/guest_mmu.h"
#include "svm/nested_ctx.h"
#include "svm/svm.h"
#include "trace.h"
#include "vcpu.h"

/* Whatever the ratio form asks, a VM caches at most this many contexts. */
#define CTX_CACHE_HARD_MAX 256

atomic_t hvt_live_nested_ctx = ATOMIC_INIT(0);

void hvt_nested_ctx_vm_init(struct hvt_vm *vm)
{
	spin_lock_init(&vm->nested.lock);
	hvt_ctx_cache_init(&vm->nested.cache, 0);
}

static struct hvt_nested_ctx *ctx_alloc(struct hvt_vm *vm)
{
	struct hvt_nested_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL_ACCOUNT);

	if (!ctx)
		return NULL;
	if (hvt_policy_vmcb(&vm->policies) == HVT_VMCB_SPLIT &&
	    hvt_svm_vmcb_ref_alloc(&ctx->vmcb02)) {
		kfree(ctx);
		return NULL;
	}
	atomic_inc(&hvt_live_nested_ctx);
	return ctx;
}

/*
 * Forget what @ctx was built from: its root goes, its VMCB02 gets a fresh
 * ASID, and L2's TLB is to be flushed before it runs (ctx->flush).
 */
static void ctx_reset(struct hvt_vcpu *vcpu, struct hvt_nested_ctx *ctx)
{
	hvt_mmu_ctx_release(vcpu, &ctx->mmu);
	ctx->vmcb02.asid_gen = 0;
	ctx->built = false;
	ctx->flush = true;
}

static void ctx_free(struct hvt_vcpu *vcpu, struct hvt_nested_ctx *ctx)
{
	hvt_mmu_ctx_release(vcpu, &ctx->mmu);
	hvt_svm_vmcb_ref_free(&ctx->vmcb02);
	kfree(ctx);
	atomic_dec(&hvt_live_nested_ctx);
}

void hvt_nested_ctx_vm_destroy(struct hvt_vm *vm)
{
	struct hvt_ctx *node;

	/* No vCPU is left; the shadow roots go with the VM right after (vm.c). */
	while ((node = hvt_ctx_cache_pop(&vm->nested.cache))) {
		struct hvt_nested_ctx *ctx = container_of(node, struct hvt_nested_ctx, node);

		hvt_svm_vmcb_ref_free(&ctx->vmcb02);
		kfree(ctx);
		atomic_dec(&hvt_live_nested_ctx);
	}
}

/* The cache's capacity, worked out once: "Nx" is N per vCPU that exists now. */
static void size_cache_locked(struct hvt_vm *vm)
{
	u32 v = hvt_policy_ctx_cache(&vm->policies);
	u32 cap = v & HVT_POLICY_PER_VCPU ? (v & ~HVT_POLICY_PER_VCPU) * vm->nr_vcpus : v;

	vm->nested.cache.capacity = min_t(u32, cap, CTX_CACHE_HARD_MAX);
	vm->nested.sized = true;
}

/* How a VMRUN got its context: the same as last time, or a load (trace.h's codes). */
enum load_result {
	LOAD_HIT = HVT_CTX_LOAD_HIT,
	LOAD_ALLOC = HVT_CTX_LOAD_ALLOCATED,
	LOAD_RECYCLE = HVT_CTX_LOAD_RECYCLED,
	LOAD_PRIVATE = HVT_CTX_LOAD_PRIVATE,
	LOAD_SAME,
};

/*
 * The vCPU's own context: ctx_cache=0, or when the cache cannot hand one
 * out (another vCPU runs L2 on that VMCB12 right now, or every cached
 * context is in use). Allocated at its first use, where sleeping is allowed.
 */
static int own_ctx(struct hvt_vcpu *vcpu, bool can_sleep, struct hvt_nested_ctx **out)
{
	struct hvt_nested *n = &vcpu->nested;

	if (!n->own) {
		if (!can_sleep)
			return -EAGAIN;
		n->own = ctx_alloc(vcpu->vm);
		if (!n->own)
			return -ENOMEM;
	}
	*out = n->own;
	return 0;
}

/*
 * Ownership of a cached context (ctx->state): FREE in the cache's free
 * list, or owned by a vCPU, RUNNING L2 on it or IDLE (the vCPU is back in
 * L1; it takes the context back without the lock if nobody else did).
 */
static int cache_load_locked(struct hvt_vcpu *vcpu, u64 gpa, struct hvt_nested_ctx **spare,
			     struct hvt_nested_ctx **out, enum load_result *how)
{
	struct hvt_nested_vm *nv = &vcpu->vm->nested;
	struct hvt_vm_stats *st = &vcpu->vm->stats;
	struct hvt_nested_ctx *ctx;
	struct hvt_ctx *node;
	int owner;

	if (!nv->sized)
		size_cache_locked(vcpu->vm);
	switch (hvt_ctx_cache_load(&nv->cache, gpa, &node)) {
	case HVT_CTX_HIT:
		*how = LOAD_HIT;
		break;
	case HVT_CTX_RECYCLE:
		st->nested_ctx_recycle++;
		*how = LOAD_RECYCLE;
		break;
	case HVT_CTX_NEED_ALLOC:
		if (!*spare)
			return -EAGAIN;
		node = &(*spare)->node;
		hvt_ctx_cache_insert(&nv->cache, node, gpa);
		*spare = NULL;
		st->nested_ctx_alloc++;
		*how = LOAD_ALLOC;
		break;
	case HVT_CTX_BUSY:
		/* Owned by another vCPU: taken over if it is back in L1 (a migrated L2). */
		ctx = container_of(node, struct hvt_nested_ctx, node);
		owner = atomic_read(&ctx->state);
		if (owner == HVT_CTX_FREE || (owner & HVT_CTX_RUNNING) ||
		    atomic_cmpxchg(&ctx->state, owner, HVT_CTX_RUNNING_BY(vcpu)) != owner) {
			*how = LOAD_PRIVATE;
			return 0;
		}
		st->nested_ctx_reuse++;
		*how = LOAD_HIT;
		*out = ctx;
		return 0;
	default:	/* FULL: every context is owned by a vCPU */
		*how = LOAD_PRIVATE;
		return 0;
	}
	if (*how == LOAD_HIT)
		st->nested_ctx_reuse++;
	ctx = container_of(node, struct hvt_nested_ctx, node);
	atomic_set(&ctx->state, HVT_CTX_RUNNING_BY(vcpu));
	*out = ctx;
	return 0;
}

/* The vCPU lets go of the cached context it ran on last, if it still owns it (lock held). */
static void drop_last_locked(struct hvt_vcpu *vcpu)
{
	struct hvt_nested_ctx *last = vcpu->nested.last;

	if (!last || last == vcpu->nested.own)
		return;
	if (atomic_cmpxchg(&last->state, HVT_CTX_IDLE_BY(vcpu), HVT_CTX_FREE) ==
	    HVT_CTX_IDLE_BY(vcpu))
		hvt_ctx_cache_release(&vcpu->vm->nested.cache, &last->node);
	vcpu->nested.last = NULL;
}

/* Attach the context for @gpa: from the cache when there is one, else the vCPU's own. */
static int attach(struct hvt_vcpu *vcpu, u64 gpa, bool can_sleep, enum load_result *how)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_nested_vm *nv = &vcpu->vm->nested;
	struct hvt_nested_ctx *ctx = NULL, *spare = NULL;
	int ret;

	if (!hvt_policy_ctx_cache(&vcpu->vm->policies)) {
		*how = n->last_gpa == gpa && n->last == n->own ? LOAD_SAME : LOAD_PRIVATE;
		ret = own_ctx(vcpu, can_sleep, &ctx);
		goto out;
	}
	for (;;) {
		spin_lock(&nv->lock);
		if (n->last && n->last != n->own && n->last_gpa == gpa &&
		    atomic_read(&n->last->state) == HVT_CTX_RUNNING_BY(vcpu)) {
			/* The inline fast path took it back but found it changed. */
			ctx = n->last;
			*how = LOAD_SAME;
			ret = 0;
		} else {
			drop_last_locked(vcpu);
			ret = cache_load_locked(vcpu, gpa, &spare, &ctx, how);
		}
		spin_unlock(&nv->lock);
		if (ret != -EAGAIN || !can_sleep)
			break;
		/* Allocate outside the lock, then look again: another vCPU may have built it. */
		spare = ctx_alloc(vcpu->vm);
		if (!spare) {
			ret = -ENOMEM;
			break;
		}
	}
	if (spare)
		ctx_free(vcpu, spare);
	if (!ret && *how == LOAD_PRIVATE) {
		vcpu->stats.nested_ctx_private++;
		ret = own_ctx(vcpu, can_sleep, &ctx);
	}
out:
	if (!ret) {
		n->ctx = ctx;
		n->last = ctx;
		n->last_gpa = gpa;
	}
	return ret;
}

/*
 * What L2's TLB and root were built from, against this VMRUN's VMCB12: a
 * new context, another VMCB12 on the vCPU's own context, or a cached one
 * whose VMCB12 L1 changed (counted as an invalidation) is reset.
 */
static void validate(struct hvt_vcpu *vcpu, struct hvt_nested_ctx *ctx, enum load_result how,
		     u64 gpa, const struct hvt_vmcb_control *c12, bool np12)
{
	u64 ncr3 = np12 ? c12->nested_cr3 : ~0ull;
	bool same = ctx->built && ctx->gpa == gpa && ctx->l1_asid == c12->asid &&
		    ctx->ncr3 == ncr3;

	if (how == LOAD_ALLOC || how == LOAD_RECYCLE || (how == LOAD_PRIVATE && !same)) {
		ctx_reset(vcpu, ctx);
	} else if (!same) {
		/* A context used again for state it was not built from. */
		if (ctx != vcpu->nested.own) {
			spin_lock(&vcpu->vm->nested.lock);
			vcpu->vm->stats.nested_ctx_invalidate++;
			spin_unlock(&vcpu->vm->nested.lock);
			trace_hvt_nested_ctx_load(vcpu->id, gpa, HVT_CTX_LOAD_INVALIDATED);
		}
		ctx_reset(vcpu, ctx);
	}
	if (ctx->built)
		return;
	vcpu->stats.nested_ctx_rebuild++;
	ctx->built = true;
	ctx->gpa = gpa;
	ctx->l1_asid = c12->asid;
	ctx->ncr3 = ncr3;
}

int hvt_nested_ctx_get_slow(struct hvt_vcpu *vcpu, u64 gpa, const struct hvt_vmcb_control *c12,
			    bool np12, bool can_sleep)
{
	enum load_result how;
	int ret;

	ret = attach(vcpu, gpa, can_sleep, &how);
	if (ret)
		return ret;
	validate(vcpu, vcpu->nested.ctx, how, gpa, c12, np12);
	if (how != LOAD_SAME && trace_hvt_nested_ctx_load_enabled())
		trace_hvt_nested_ctx_load(vcpu->id, gpa, how);
	hvt_nested_ctx_set_attached(vcpu, vcpu->nested.ctx);
	return 0;
}



void hvt_nested_ctx_vcpu_free(struct hvt_vcpu *vcpu)
{
	struct hvt_nested *n = &vcpu->nested;

	hvt_nested_ctx_put(vcpu);
	spin_lock(&vcpu->vm->nested.lock);
	drop_last_locked(vcpu);
	spin_unlock(&vcpu->vm->nested.lock);
	if (n->own)
		ctx_free(vcpu, n->own);
	n->own = NULL;
	vcpu->vmcb02 = NULL;
}
