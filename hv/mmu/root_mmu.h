/* SPDX-License-Identifier: GPL-2.0 */
/*
 * root_mmu: the NPT L1 runs on, built on demand from memslots on nested
 * page faults and kept coherent with the host mm by an mmu_notifier.
 */
#ifndef HVT_MMU_ROOT_MMU_H
#define HVT_MMU_ROOT_MMU_H

#include <linux/types.h>

struct hvt_vm;
struct hvt_vcpu;
struct page;

enum hvt_fault_result {
	HVT_FAULT_MAPPED = 0,	/* retry the access in the guest */
	HVT_FAULT_MMIO = 1,	/* no memslot, or a write to a READONLY slot */
};

int hvt_root_mmu_init(struct hvt_vm *vm);
void hvt_root_mmu_destroy(struct hvt_vm *vm);
/* Handle an L1 NPF at @gpa. Sleeps. Returns enum hvt_fault_result or -errno. */
int hvt_root_mmu_fault(struct hvt_vcpu *vcpu, u64 gpa, u64 error_code);
/* Unmap [start, end) of guest-physical space; mmu_lock held. */
void hvt_mmu_zap_gpa_range_locked(struct hvt_vm *vm, u64 start, u64 end);
/* Make every vCPU drop its TLB before its next guest instruction; mmu_lock held. */
void hvt_vm_flush_tlbs_locked(struct hvt_vm *vm);

/* The host page root_mmu maps at L1 @gpa (writable if @write), referenced; NULL if none. */
struct page *hvt_root_mmu_get_page(struct hvt_vm *vm, u64 gpa, bool write);
/* The same, faulting it in first (sleeps). ERR_PTR(-EFAULT): no RAM there, or read-only. */
struct page *hvt_root_mmu_get_page_slow(struct hvt_vcpu *vcpu, u64 gpa, bool write);

/* A few L1 pages' kernel addresses, for reads under mmu_lock (root_mmu.c). */
#define HVT_GPA_CACHE_BITS 4
#define HVT_GPA_CACHE_ENTRIES (1 << HVT_GPA_CACHE_BITS)
struct hvt_gpa_cache_entry {
	u64 gfn;
	void *va;		/* NULL: unused */
};

struct hvt_gpa_cache {
	u64 tlb_gen;		/* the VM's tlb_gen the entries were filled in */
	struct hvt_gpa_cache_entry e[HVT_GPA_CACHE_ENTRIES];	/* by hash of the gfn */
};

/*
 * mmu_lock held: the kernel address of L1's @gpa in the page root_mmu maps
 * there (valid to the end of that page, while the lock is held), or NULL if
 * nothing is mapped there yet. Never sleeps.
 */
void *hvt_root_mmu_gpa_va_locked(struct hvt_vm *vm, struct hvt_gpa_cache *cache, u64 gpa);

int hvt_mmu_notifier_register(struct hvt_vm *vm);
void hvt_mmu_notifier_unregister(struct hvt_vm *vm);

#endif
