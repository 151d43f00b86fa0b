/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvt's core objects: a VM (memslots, the L1 MMU, vCPUs) and a vCPU (its
 * VMCB, registers, kvm_run page). Locking:
 *   vm->lock      mutex: vCPU creation, memslot updates, policies
 *   vm->mmu_lock  spinlock: NPT tables, memslot array reads on the fault
 *                 path, invalidation sequence
 * A vCPU is run only by the thread holding vcpu->run_lock.
 */
#ifndef HVT_HVT_H
#define HVT_HVT_H

#include <linux/kref.h>
#include <linux/kvm.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "core/counters.h"
#include "core/policy.h"

#include "mmu/npt.h"
#include "svm/nested_ctx.h"

#define HVT_MAX_VCPUS	   16
#define HVT_MAX_MEMSLOTS   32
#define HVT_MAX_CPUID	   128
/* Guest-physical addresses hvt maps: 48 bits with 4-level NPT. */
#define HVT_MAX_GPA_BITS   48

struct hvt_vcpu;

struct hvt_memslot {
	bool used;
	u32 flags;		/* KVM_MEM_READONLY */
	u64 base_gfn;
	u64 npages;
	u64 userspace_addr;
};

struct hvt_vm {
	struct kref ref;
	struct mutex lock;
	spinlock_t mmu_lock;
	struct mm_struct *mm;
	struct mmu_notifier mn;
	bool mn_registered;

	struct hvt_memslot slots[HVT_MAX_MEMSLOTS];
	u64 slots_gen;		/* bumped on every memslot change */

	/* Fault/invalidation race detection (see mmu/root_mmu.c). */
	u64 mmu_seq;
	long mmu_invalidate_in_progress;

	struct hvt_npt root_mmu;	/* NPT for L1 */
	u64 tlb_gen;			/* bumped when a mapping is removed */

	/* guest_mmu (mmu/guest_mmu.h): shadow NPT02 roots, NPT12 write protection. */
	struct list_head shadow_roots;
	int nr_shadow_roots;
	u64 shadow_gen;			/* bumped when every shadow is zapped */
	struct xarray npt12_protected;	/* L1 gfns of NPT12 table pages */
	int nr_npt12_unsynced;		/* of which L2 writes, not protected */

	struct hvt_policy_set policies;	/* fixed once the first vCPU exists */

	struct hvt_nested_vm nested;	/* nested contexts, cached by VMCB12 address */

	struct hvt_vcpu *vcpus[HVT_MAX_VCPUS];
	int nr_vcpus;

	struct hvt_vm_stats stats;
};

void hvt_vm_get(struct hvt_vm *vm);
void hvt_vm_put(struct hvt_vm *vm);

/* Module-wide object counters, checked by the create/destroy leak test. */
extern atomic_t hvt_live_vms;
extern atomic_t hvt_live_vcpus;
extern atomic_long_t hvt_live_pages;	/* tables, VMCBs, save areas */
extern atomic_long_t hvt_guest_page_refs;	/* user pages mapped in some NPT */

#endif
