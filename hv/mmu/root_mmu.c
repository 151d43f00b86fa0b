// SPDX-License-Identifier: GPL-2.0
/*
 * root_mmu: L1's NPT. A fault looks up the memslot, takes a reference on the
 * backing user page (breaking COW for writable slots), and maps it. The
 * page lookup sleeps, so it runs without the MMU lock; an invalidation that
 * raced with it is detected through vm->mmu_seq and the fault is retried.
 */
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/version.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/smp.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/guest_mmu.h"
#include "mmu/root_mmu.h"
#include "svm/vmcb.h"
#include "vcpu.h"

int hvt_root_mmu_init(struct hvt_vm *vm)
{
	return hvt_npt_init(&vm->root_mmu);
}

void hvt_root_mmu_destroy(struct hvt_vm *vm)
{
	hvt_npt_destroy(&vm->root_mmu);
}

static void hvt_kick_noop(void *info)
{
}

void hvt_vm_flush_tlbs_locked(struct hvt_vm *vm)
{
	int i;

	WRITE_ONCE(vm->tlb_gen, vm->tlb_gen + 1);
	/* Pairs with the barrier in the vCPU entry path (svm_run.c). */
	smp_mb();
	for (i = 0; i < vm->nr_vcpus; i++) {
		struct hvt_vcpu *v = vm->vcpus[i];

		/* An IPI forces a #VMEXIT; waiting means it has happened. */
		if (READ_ONCE(v->mode) == HVT_VCPU_IN_GUEST)
			smp_call_function_single(READ_ONCE(v->cpu), hvt_kick_noop, NULL, 1);
	}
	vm->stats.tlb_flushes++;
}

void hvt_mmu_zap_gpa_range_locked(struct hvt_vm *vm, u64 start, u64 end)
{
	unsigned long n = hvt_npt_zap_range(&vm->root_mmu, start, end);

	if (!n)
		return;
	/* Shadows hold their own references but would go stale: drop them too. */
	if (vm->nr_shadow_roots)
		hvt_guest_mmu_zap_all_locked(vm);
	hvt_vm_flush_tlbs_locked(vm);
	hvt_npt_release_zombies(&vm->root_mmu, start, end);
	vm->stats.pages_mapped -= n;
}

static void set_mapped(struct hvt_vm *vm)
{
	vm->stats.pages_mapped++;
	if (vm->stats.pages_mapped > vm->stats.pages_mapped_peak)
		vm->stats.pages_mapped_peak = vm->stats.pages_mapped;
}

/*
 * mmu_lock held: map @page at @gpa. A present read-only leaf meeting a write
 * (an NPT12 page L1 now writes, see guest_mmu.h) is replaced by a writable
 * one; an NPT12 page met by a read stays read-only. Returns 1 if mapped.
 */
static int map_locked(struct hvt_vcpu *vcpu, u64 gpa, struct page *page, bool write,
		      bool readonly)
{
	struct hvt_vm *vm = vcpu->vm;
	u64 gfn = gpa >> PAGE_SHIFT, leaf = hvt_npt_lookup(&vm->root_mmu, gpa & PAGE_MASK);
	bool writable = !readonly;

	if (write && writable)
		hvt_npt12_unprotect_locked(vm, gfn);
	else if (hvt_npt12_protected_locked(vm, gfn))
		writable = false;
	if (leaf & HVT_NPT_P) {
		if (!(write && writable && !(leaf & HVT_NPT_RW)))
			return 0;
		hvt_mmu_zap_gpa_range_locked(vm, gpa & PAGE_MASK, (gpa & PAGE_MASK) + PAGE_SIZE);
	}
	return hvt_npt_map(&vm->root_mmu, &vcpu->npt_cache, gpa & PAGE_MASK, page, writable);
}

int hvt_root_mmu_fault(struct hvt_vcpu *vcpu, u64 gpa, u64 error_code)
{
	struct hvt_vm *vm = vcpu->vm;
	bool write = error_code & HVT_NPF_WRITE;
	struct hvt_memslot slot;
	struct page *page;
	u64 seq, gen, hva;
	bool readonly;
	int ret;

	spin_lock(&vm->mmu_lock);
	/* Per-VM counters are written under the MMU lock (core/counters.h). */
	vm->stats.npt_faults++;
	spin_unlock(&vm->mmu_lock);
retry:
	/* Invalidations may keep winning the race: a signal ends the wait (KVM_RUN: EINTR). */
	if (signal_pending(current))
		return -EINTR;
	spin_lock(&vm->mmu_lock);
	if (!hvt_memslot_copy(vm, gpa >> PAGE_SHIFT, &slot)) {
		spin_unlock(&vm->mmu_lock);
		return HVT_FAULT_MMIO;
	}
	seq = vm->mmu_seq;
	gen = vm->slots_gen;
	spin_unlock(&vm->mmu_lock);

	readonly = slot.flags & KVM_MEM_READONLY;
	if (write && readonly)
		return HVT_FAULT_MMIO;
	/* Present faults other than writes (e.g. reserved bits) would loop: refuse. */
	if ((error_code & HVT_NPF_PRESENT) && !write)
		return -EFAULT;

	ret = hvt_npt_cache_topup(&vcpu->npt_cache);
	if (ret)
		return ret;
	hva = slot.userspace_addr + (((gpa >> PAGE_SHIFT) - slot.base_gfn) << PAGE_SHIFT);
	if (get_user_pages_fast(hva, 1, readonly ? 0 : FOLL_WRITE, &page) != 1)
		return -EFAULT;

	spin_lock(&vm->mmu_lock);
	if (vm->mmu_invalidate_in_progress || vm->mmu_seq != seq || vm->slots_gen != gen) {
		spin_unlock(&vm->mmu_lock);
		put_page(page);
		cond_resched();
		goto retry;
	}
	ret = map_locked(vcpu, gpa, page, write, readonly);
	if (ret == 1)
		set_mapped(vm);
	spin_unlock(&vm->mmu_lock);
	if (ret != 1)
		put_page(page);	/* already mapped by another vCPU, or no memory */
	return ret < 0 ? ret : HVT_FAULT_MAPPED;
}

struct page *hvt_root_mmu_get_page(struct hvt_vm *vm, u64 gpa, bool write)
{
	struct page *page = NULL;
	u64 leaf;

	spin_lock(&vm->mmu_lock);
	leaf = hvt_npt_lookup(&vm->root_mmu, gpa & PAGE_MASK);
	if ((leaf & HVT_NPT_P) && (!write || (leaf & HVT_NPT_RW))) {
		page = pfn_to_page((leaf & HVT_NPT_ADDR) >> PAGE_SHIFT);
		get_page(page);
	}
	spin_unlock(&vm->mmu_lock);
	return page;
}

/*
 * The kernel address of the page root_mmu maps at @gfn, through @cache.
 * Entries hold no page reference: they are only used under mmu_lock, and
 * only while the VM's tlb_gen is the one they were filled in — any leaf
 * that went away since bumped it, so every cached leaf is still present
 * and still holds its page.
 */
static void *gfn_va_locked(struct hvt_vm *vm, struct hvt_gpa_cache *cache, u64 gfn)
{
	/*
	 * Direct-mapped by a multiplicative hash (page tables and code sit at
	 * round addresses that a plain modulo would pile into one slot): a
	 * walk's few pages rarely collide, and a hit is one compare.
	 */
	struct hvt_gpa_cache_entry *e = &cache->e[hash_64(gfn, HVT_GPA_CACHE_BITS)];
	u64 leaf;
	int i;

	if (unlikely(cache->tlb_gen != vm->tlb_gen)) {
		cache->tlb_gen = vm->tlb_gen;
		for (i = 0; i < HVT_GPA_CACHE_ENTRIES; i++)
			cache->e[i].va = NULL;
	}
	if (likely(e->va && e->gfn == gfn))
		return e->va;
	leaf = hvt_npt_lookup(&vm->root_mmu, gfn << PAGE_SHIFT);
	if (!(leaf & HVT_NPT_P))
		return NULL;
	e->gfn = gfn;
	e->va = __va(leaf & HVT_NPT_ADDR);
	return e->va;
}

void *hvt_root_mmu_gpa_va_locked(struct hvt_vm *vm, struct hvt_gpa_cache *cache, u64 gpa)
{
	void *va;

	lockdep_assert_held(&vm->mmu_lock);
	va = gfn_va_locked(vm, cache, gpa >> PAGE_SHIFT);
	return va ? (u8 *)va + offset_in_page(gpa) : NULL;
}

struct page *hvt_root_mmu_get_page_slow(struct hvt_vcpu *vcpu, u64 gpa, bool write)
{
	int tries, ret;

	for (tries = 0; tries < 8; tries++) {
		struct page *page = hvt_root_mmu_get_page(vcpu->vm, gpa, write);

		if (page)
			return page;
		ret = hvt_root_mmu_fault(vcpu, gpa, write ? HVT_NPF_WRITE : 0);
		if (ret == HVT_FAULT_MMIO)
			return ERR_PTR(-EFAULT);
		if (ret < 0)
			return ERR_PTR(ret);
	}
	/* Invalidations keep winning the race: let the caller retry later. */
	return ERR_PTR(-EAGAIN);
}

/* Zap whatever guest-physical range maps host-virtual [start, end). */
static void zap_hva_range_locked(struct hvt_vm *vm, unsigned long start, unsigned long end)
{
	int i;

	for (i = 0; i < HVT_MAX_MEMSLOTS; i++) {
		struct hvt_memslot *s = &vm->slots[i];
		u64 s_start, s_end, lo, hi;

		if (!s->used)
			continue;
		s_start = s->userspace_addr;
		s_end = s_start + (s->npages << PAGE_SHIFT);
		lo = max_t(u64, start, s_start);
		hi = min_t(u64, end, s_end);
		if (lo >= hi)
			continue;
		hvt_mmu_zap_gpa_range_locked(vm,
			(s->base_gfn << PAGE_SHIFT) + (lo - s_start),
			(s->base_gfn << PAGE_SHIFT) + (PAGE_ALIGN(hi) - s_start));
	}
}

static struct hvt_vm *mn_to_vm(struct mmu_notifier *mn)
{
	return container_of(mn, struct hvt_vm, mn);
}

static int hvt_mn_invalidate_range_start(struct mmu_notifier *mn,
					 const struct mmu_notifier_range *range)
{
	struct hvt_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	vm->mmu_invalidate_in_progress++;
	vm->stats.invalidations++;
	zap_hva_range_locked(vm, range->start, range->end);
	spin_unlock(&vm->mmu_lock);
	return 0;
}

static void hvt_mn_invalidate_range_end(struct mmu_notifier *mn,
					const struct mmu_notifier_range *range)
{
	struct hvt_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	/* A fault that looked up its page before this point must retry. */
	vm->mmu_seq++;
	vm->mmu_invalidate_in_progress--;
	spin_unlock(&vm->mmu_lock);
}

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
/* The host replaced the PTE of @address (e.g. COW, KSM): drop our mapping of it. */
static void hvt_mn_change_pte(struct mmu_notifier *mn, struct mm_struct *mm,
			      unsigned long address, pte_t pte)
{
	struct hvt_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	zap_hva_range_locked(vm, address & PAGE_MASK, (address & PAGE_MASK) + PAGE_SIZE);
	spin_unlock(&vm->mmu_lock);
}
#endif

/* The address space is going away: nothing may stay mapped. */
static void hvt_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct hvt_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	hvt_mmu_zap_gpa_range_locked(vm, 0, ~0ull);
	spin_unlock(&vm->mmu_lock);
}

static const struct mmu_notifier_ops hvt_mmu_notifier_ops = {
	.invalidate_range_start = hvt_mn_invalidate_range_start,
	.invalidate_range_end = hvt_mn_invalidate_range_end,
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
	.change_pte = hvt_mn_change_pte,
#endif
	.release = hvt_mn_release,
};

int hvt_mmu_notifier_register(struct hvt_vm *vm)
{
	int ret;

	vm->mn.ops = &hvt_mmu_notifier_ops;
	ret = mmu_notifier_register(&vm->mn, vm->mm);
	vm->mn_registered = !ret;
	return ret;
}

void hvt_mmu_notifier_unregister(struct hvt_vm *vm)
{
	if (vm->mn_registered)
		mmu_notifier_unregister(&vm->mn, vm->mm);
	vm->mn_registered = false;
}
