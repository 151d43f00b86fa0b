/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nested contexts: what hvt builds for one L2 and keeps between VMRUNs, so
 * switching back to that L2 does not build it again (docs/nested.md):
 *  - VMCB02 (vmcb=split): its page, and its ASID on each CPU, so L2's TLB
 *    entries stay valid across switches to other L2s and back;
 *  - L2's MMU context (l2_mmu=separate): the shadow NPT02 root it holds;
 *  - what those were built from: L1's ASID, nCR3, NPT12 on or off. A VMRUN
 *    that finds them changed (SVM has no VMCLEAR: L1 may reuse an address
 *    or change a VMCB12 in place) rebuilds the context first.
 * The VMCB12 fields themselves are read at every VMRUN either way.
 *
 * ctx_cache=0: each vCPU has one context, rebuilt whenever L1 runs a
 * different VMCB12 on it. ctx_cache=N (or Nx: N per vCPU): the VM's
 * contexts are cached by VMCB12 address (core/ctx_cache.h), and any vCPU
 * reuses the context another vCPU built; a full cache recycles the least
 * recently used one. A vCPU owns a cached context from the VMRUN that
 * loads it until it loads another VMCB12; while that vCPU is back in L1,
 * another vCPU may take the context over (an L2 migrating between L1's
 * vCPUs is a hit), and the owner takes it back without a lock if not.
 */
#ifndef HVT_SVM_NESTED_CTX_H
#define HVT_SVM_NESTED_CTX_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "core/ctx_cache.h"
#include "mmu/guest_mmu.h"
#include "svm/vmcb.h"
#include "svm/vmcb_ref.h"

struct hvt_vcpu;
struct hvt_vm;

/* ctx->state of a cached context: free, or owned by vCPU id, running L2 on it or idle. */
#define HVT_CTX_FREE		0
#define HVT_CTX_RUNNING		1
#define HVT_CTX_IDLE_BY(v)	(((v)->id + 1) << 1)
#define HVT_CTX_RUNNING_BY(v)	(HVT_CTX_IDLE_BY(v) | HVT_CTX_RUNNING)

struct hvt_nested_ctx {
	struct hvt_ctx node;		/* the cache's bookkeeping (ctx_cache > 0) */
	atomic_t state;			/* cached contexts: HVT_CTX_* */
	struct hvt_vmcb_ref vmcb02;	/* vmcb=split: L2's own VMCB (.vmcb NULL otherwise) */
	struct hvt_mmu_ctx mmu;		/* l2_mmu=separate: L2's root */
	bool flush;			/* rebuilt: flush L2's TLB before it runs */
	bool built;			/* the fields below hold */
	u64 gpa;			/* the VMCB12 it was built for */
	u32 l1_asid;
	u64 ncr3;			/* VMCB12 nCR3, ~0 without NPT12 */
};

/* Per VM: the cache and its lock (taken for every load and release). */
struct hvt_nested_vm {
	spinlock_t lock;
	struct hvt_ctx_cache cache;
	bool sized;			/* capacity worked out (at the first VMRUN) */
};

void hvt_nested_ctx_vm_init(struct hvt_vm *vm);
/* After every vCPU is gone: frees the cached contexts. */
void hvt_nested_ctx_vm_destroy(struct hvt_vm *vm);

int hvt_nested_ctx_get_slow(struct hvt_vcpu *vcpu, u64 gpa, const struct hvt_vmcb_control *c12,
			    bool np12, bool can_sleep);

/*
 * On every nested round trip, so inline, in vcpu.h (they need the vCPU):
 *
 * hvt_nested_ctx_get(vcpu, gpa, c12, np12, can_sleep): VMRUN of the VMCB12
 * at @gpa: attach its context to the vCPU (nested.ctx, and vcpu->vmcb02)
 * and rebuild what no longer matches @c12 (ctx->flush then asks for L2's
 * TLB to be flushed). 0, or -EAGAIN when a context must be allocated and
 * @can_sleep is false, or -ENOMEM.
 *
 * hvt_nested_ctx_put(vcpu): #VMEXIT to L1: the vCPU no longer runs L2 on
 * its context.
 */
/* The vCPU goes away (or is reset): its contexts go back or are freed. */
void hvt_nested_ctx_vcpu_free(struct hvt_vcpu *vcpu);

/* Module-wide count of contexts, for the leak check (debugfs). */
extern atomic_t hvt_live_nested_ctx;

#endif
