// SPDX-License-Identifier: GPL-2.0
/*
 * guest_mmu: shadow NPT02 for L2 (see guest_mmu.h for the model).
 */
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/guest_mmu.h"
#include "mmu/root_mmu.h"
#include "svm/vmcb.h"
#include "trace.h"
#include "vcpu.h"

#define NPT12_P	   (1ull << 0)
#define NPT12_RW   (1ull << 1)
#define NPT12_US   (1ull << 2)
#define NPT12_A    (1ull << 5)
#define NPT12_D    (1ull << 6)
#define NPT12_PS   (1ull << 7)	/* levels 2 and 3; PAT in a 4 KiB leaf */
#define NPT12_NX   (1ull << 63)
#define NPT12_ADDR 0x000ffffffffff000ull
/* Bits of an NPF error code that say where the fault happened (copied through). */
#define NPF_WHERE  (3ull << 32)

/* Per VM: 16384 pages (64 MiB) of shadow tables, then unused roots are freed. */
static unsigned int shadow_pages_max = 16384;
module_param(shadow_pages_max, uint, 0644);
MODULE_PARM_DESC(shadow_pages_max,
		 "shadow NPT table pages per VM before unused shadow roots are freed");

atomic_long_t hvt_shadow_pages = ATOMIC_LONG_INIT(0);

/* mmu_lock held: vm->stats.shadow_pages (and the module-wide count) from the roots. */
static void shadow_pages_update_locked(struct hvt_vm *vm)
{
	struct hvt_shadow_root *r;
	u64 n = 0;

	list_for_each_entry(r, &vm->shadow_roots, link)
		n += r->npt.table_pages;
	atomic_long_add((long)(n - vm->stats.shadow_pages), &hvt_shadow_pages);
	vm->stats.shadow_pages = n;
	if (n > vm->stats.shadow_pages_peak)
		vm->stats.shadow_pages_peak = n;
}

/* mmu_lock held: free a root no context holds; its tables may be cached until the flush. */
static void free_root_locked(struct hvt_vm *vm, struct hvt_shadow_root *r)
{
	list_del(&r->link);
	vm->nr_shadow_roots--;
	hvt_npt_zap_range(&r->npt, 0, ~0ull);
	hvt_vm_flush_tlbs_locked(vm);
	hvt_npt_destroy(&r->npt);
	kfree(r);
	vm->stats.shadow_reclaims++;
}

/*
 * mmu_lock held: before a fill that may take @need more table pages, free
 * the least recently used roots no context holds until it fits the bound.
 * Roots in use stay: the bound can be exceeded only by their own tables.
 */
static void shadow_reclaim_locked(struct hvt_vm *vm, unsigned int need)
{
	struct hvt_shadow_root *r, *tmp;

	list_for_each_entry_safe_reverse(r, tmp, &vm->shadow_roots, link) {
		if (vm->stats.shadow_pages + need <= READ_ONCE(shadow_pages_max))
			break;
		if (r->users)
			continue;
		free_root_locked(vm, r);
		shadow_pages_update_locked(vm);
	}
}

void hvt_guest_mmu_vm_init(struct hvt_vm *vm)
{
	INIT_LIST_HEAD(&vm->shadow_roots);
	xa_init(&vm->npt12_protected);
}

void hvt_guest_mmu_vm_destroy(struct hvt_vm *vm)
{
	struct hvt_shadow_root *r, *tmp;

	list_for_each_entry_safe(r, tmp, &vm->shadow_roots, link) {
		atomic_long_sub(r->npt.table_pages, &hvt_shadow_pages);
		hvt_npt_destroy(&r->npt);
		kfree(r);
	}
	xa_destroy(&vm->npt12_protected);
}

/* mmu_lock held. Zap, flush, release: the two-pass protocol of npt.h. */
void hvt_guest_mmu_zap_all_locked(struct hvt_vm *vm)
{
	struct hvt_shadow_root *r;
	unsigned long n = 0;

	vm->shadow_gen++;
	list_for_each_entry(r, &vm->shadow_roots, link)
		n += hvt_npt_zap_range(&r->npt, 0, ~0ull);
	if (!n)
		return;
	hvt_vm_flush_tlbs_locked(vm);
	list_for_each_entry(r, &vm->shadow_roots, link)
		hvt_npt_release_zombies(&r->npt, 0, ~0ull);
}

/* vm->npt12_protected values: a protected table, or one L2 writes (unsynced). */
#define NPT12_PROTECTED 1
#define NPT12_UNSYNCED	2

static unsigned long npt12_state_locked(struct hvt_vm *vm, u64 gfn)
{
	void *e = xa_load(&vm->npt12_protected, gfn);

	return e ? xa_to_value(e) : 0;
}

bool hvt_npt12_protected_locked(struct hvt_vm *vm, u64 gfn)
{
	return npt12_state_locked(vm, gfn) == NPT12_PROTECTED;
}

void hvt_npt12_unprotect_locked(struct hvt_vm *vm, u64 gfn)
{
	if (!hvt_npt12_protected_locked(vm, gfn))
		return;		/* unsynced tables stay writable until a flush */
	xa_erase(&vm->npt12_protected, gfn);
	hvt_guest_mmu_zap_all_locked(vm);
}

/*
 * mmu_lock held: L2 writes @gfn through a walk that uses it as a table.
 * Protecting it would fault the write forever; it stays writable instead.
 */
static int npt12_unsync_locked(struct hvt_vm *vm, u64 gfn)
{
	int ret;

	if (npt12_state_locked(vm, gfn) == NPT12_UNSYNCED)
		return 0;
	ret = xa_err(xa_store(&vm->npt12_protected, gfn, xa_mk_value(NPT12_UNSYNCED),
			      GFP_ATOMIC));
	if (!ret)
		vm->nr_npt12_unsynced++;
	return ret;
}

void hvt_guest_mmu_resync(struct hvt_vm *vm)
{
	unsigned long gfn;
	void *e;

	if (!READ_ONCE(vm->nr_npt12_unsynced))
		return;
	spin_lock(&vm->mmu_lock);
	xa_for_each(&vm->npt12_protected, gfn, e)
		if (xa_to_value(e) == NPT12_UNSYNCED)
			xa_erase(&vm->npt12_protected, gfn);
	vm->nr_npt12_unsynced = 0;
	/* The next fill that walks them protects them again. */
	hvt_guest_mmu_zap_all_locked(vm);
	spin_unlock(&vm->mmu_lock);
}

/*
 * mmu_lock held: protect an NPT12 table page. A shadow built before may map
 * it writable (a hostile L1 can map its NPT12 into L2), and root_mmu may
 * map it writable for L1: both go, so every later write faults.
 */
static int npt12_protect_locked(struct hvt_vm *vm, u64 gfn)
{
	int ret;

	if (xa_load(&vm->npt12_protected, gfn))
		return 0;	/* protected already, or unsynced */
	ret = xa_err(xa_store(&vm->npt12_protected, gfn, xa_mk_value(NPT12_PROTECTED),
			      GFP_ATOMIC));
	if (ret)
		return ret;
	hvt_mmu_zap_gpa_range_locked(vm, gfn << PAGE_SHIFT, (gfn + 1) << PAGE_SHIFT);
	hvt_guest_mmu_zap_all_locked(vm);
	return 0;
}

/* Entry bits that must be zero at each level. */
static bool npt12_reserved(u64 pte, int level, u64 addr_rsvd)
{
	if (pte & addr_rsvd)
		return true;
	if (level == 1)
		return false;	/* bit 7 of a 4 KiB leaf is PAT */
	/*
	 * A large leaf's address must be aligned to its size: bits 13-20 of a
	 * 2 MiB leaf, 13-29 of a 1 GiB leaf are reserved (bit 12 is PAT).
	 */
	if (pte & NPT12_PS) {
		if (level > 3)
			return true;
		return pte & (((1ull << (9 * (level - 1) - 1)) - 1) << 13);
	}
	return false;
}

int hvt_npt12_walk(struct hvt_vcpu *vcpu, u64 ncr3, u64 gpa2, u64 npf_code,
		   struct hvt_npt12_walk *w)
{
	/* NPT12 is walked in L1's paging mode: 5 levels if L1 runs with LA57. */
	int levels = (vcpu->nested.l1_cr4 & X86_CR4_LA57) ? 5 : 4;
	bool write = npf_code & HVT_NPF_WRITE, fetch = npf_code & HVT_NPF_FETCH;
	/* Address bits at or above L1's MAXPHYADDR are reserved. */
	u64 addr_rsvd = NPT12_ADDR & ~((1ull << vcpu->caps.maxphyaddr) - 1);
	u64 table = ncr3 & NPT12_ADDR, pte = 0, code;
	int level;

	w->nr_tables = 0;
	w->fault_code = 0;
	w->writable = true;
	w->exec = true;
	for (level = levels; level >= 1; level--) {
		unsigned int shift = 12 + 9 * (level - 1);
		u64 idx = (gpa2 >> shift) & 511;

		w->table_gfns[w->nr_tables] = table >> PAGE_SHIFT;
		w->entry_gpa[w->nr_tables] = table + idx * 8;
		/* A table outside L1's memory: the walk itself faults. */
		if (hvt_read_guest(vcpu->vm, table + idx * 8, &pte, sizeof(pte)))
			goto fault_not_present;
		w->entry[w->nr_tables++] = pte;
		if (!(pte & NPT12_P))
			goto fault_not_present;
		if (npt12_reserved(pte, level, addr_rsvd)) {
			code = HVT_NPF_PRESENT | HVT_NPF_RSVD;
			goto fault;
		}
		/* Nested walks are user accesses: U/S must be set at every level. */
		if (!(pte & NPT12_US)) {
			code = HVT_NPF_PRESENT;
			goto fault;
		}
		if (!(pte & NPT12_RW))
			w->writable = false;
		if ((pte & NPT12_NX) && (vcpu->nested.l1_efer & EFER_NX))
			w->exec = false;
		if (fetch && !w->exec) {
			code = HVT_NPF_PRESENT;
			goto fault;
		}
		if (level == 1 || (pte & NPT12_PS)) {
			u64 mask = (1ull << shift) - 1;

			if (write && !w->writable) {
				code = HVT_NPF_PRESENT;
				goto fault;
			}
			w->gpa1 = ((pte & NPT12_ADDR) & ~mask) | (gpa2 & mask);
			w->dirty = pte & NPT12_D;
			return 0;
		}
		table = pte & NPT12_ADDR;
	}
fault_not_present:
	code = 0;
fault:
	w->fault_code = code | HVT_NPF_USER | (write ? HVT_NPF_WRITE : 0) |
			(fetch ? HVT_NPF_FETCH : 0) | (npf_code & NPF_WHERE);
	return 0;
}

/*
 * Compare-and-exchange one NPT12 entry in L1's memory, as the CPU's walker
 * writes it: atomically, and only if L1 did not change it meanwhile. The
 * page is the VMM's (looked up through its mapping, so a COW is broken
 * first) and written through the kernel's mapping of it.
 * 0 done, -EAGAIN changed, -EFAULT no writable RAM there.
 */
static int npt12_cmpxchg(struct hvt_vm *vm, u64 gpa, u64 old, u64 new)
{
	struct hvt_memslot slot;
	struct page *page;
	unsigned long hva;
	bool found;
	u64 *p;
	int ret;

	spin_lock(&vm->mmu_lock);
	found = hvt_memslot_copy(vm, gpa >> PAGE_SHIFT, &slot);
	spin_unlock(&vm->mmu_lock);
	if (!found || (slot.flags & KVM_MEM_READONLY))
		return -EFAULT;
	hva = slot.userspace_addr + ((gpa >> PAGE_SHIFT) - slot.base_gfn) * PAGE_SIZE;
	if (get_user_pages_fast(hva, 1, FOLL_WRITE, &page) != 1)
		return -EFAULT;
	p = page_address(page) + offset_in_page(gpa);
	ret = try_cmpxchg64(p, &old, new) ? 0 : -EAGAIN;
	if (!ret)
		set_page_dirty_lock(page);
	put_page(page);
	return ret;
}

/*
 * What the hardware walker does to a successful walk: A in every entry it
 * used, D in the leaf for a write. -EAGAIN: L1 changed an entry, walk again.
 * An entry hvt cannot write (a read-only slot) is left as it is in memory.
 */
static int npt12_set_accessed_dirty(struct hvt_vm *vm, struct hvt_npt12_walk *w, bool write)
{
	int i, ret;

	for (i = 0; i < w->nr_tables; i++) {
		u64 want = w->entry[i] | NPT12_A;

		if (write && i == w->nr_tables - 1)
			want |= NPT12_D;
		if (want == w->entry[i])
			continue;
		ret = npt12_cmpxchg(vm, w->entry_gpa[i], w->entry[i], want);
		if (ret == -EAGAIN)
			return ret;
		/* Unwritable: count it as set, or L2's writes would fault forever. */
		w->entry[i] = want;
	}
	w->dirty = w->entry[w->nr_tables - 1] & NPT12_D;
	return 0;
}

/* Protect the walked table pages; mmu_lock held. */
static int protect_tables_locked(struct hvt_vm *vm, const struct hvt_npt12_walk *w)
{
	int i, ret;

	for (i = 0; i < w->nr_tables; i++) {
		ret = npt12_protect_locked(vm, w->table_gfns[i]);
		if (ret)
			return ret;
	}
	return 0;
}

/* Does the walk read L1 page @gfn as one of its tables? */
static bool walk_uses_table(const struct hvt_npt12_walk *w, u64 gfn)
{
	int i;

	for (i = 0; i < w->nr_tables; i++)
		if (w->table_gfns[i] == gfn)
			return true;
	return false;
}

/* A fill that keeps losing to zaps (e.g. L2 writing L1's NPT12) gives up. */
#define FILL_MAX_TRIES 16

/*
 * mmu_lock held: install gpa2 -> @page if nothing changed since the walk.
 * Returns 1 mapped (the leaf took @page's reference), 0 already mapped,
 * -EAGAIN to walk again, <0 error.
 */
static int install_locked(struct hvt_vm *vm, struct hvt_vcpu *vcpu, struct hvt_shadow_root *root,
			  u64 gpa2, const struct hvt_npt12_walk *w, struct page *page,
			  u64 gen, u64 seq)
{
	u64 leaf1, leaf2, start = gpa2 & PAGE_MASK;
	bool writable;
	int ret;

	ret = protect_tables_locked(vm, w);
	if (ret)
		return ret;
	if (vm->shadow_gen != gen || vm->mmu_seq != seq || vm->mmu_invalidate_in_progress)
		return -EAGAIN;
	leaf1 = hvt_npt_lookup(&vm->root_mmu, w->gpa1 & PAGE_MASK);
	if (!(leaf1 & HVT_NPT_P) || pfn_to_page((leaf1 & HVT_NPT_ADDR) >> PAGE_SHIFT) != page)
		return -EAGAIN;
	/* A clean NPT12 leaf stays read-only, so the first write comes back to set D. */
	writable = w->writable && w->dirty && (leaf1 & HVT_NPT_RW);
	/* A read-only shadow leaf that must now allow writes is replaced. */
	leaf2 = hvt_npt_lookup(&root->npt, start);
	if ((leaf2 & HVT_NPT_P) && writable && !(leaf2 & HVT_NPT_RW)) {
		hvt_npt_zap_range(&root->npt, start, start + PAGE_SIZE);
		hvt_vm_flush_tlbs_locked(vm);
		hvt_npt_release_zombies(&root->npt, start, start + PAGE_SIZE);
	}
	return hvt_npt_map_prot(&root->npt, &vcpu->npt_cache, start, page, writable, w->exec);
}

int hvt_guest_mmu_fault(struct hvt_vcpu *vcpu, struct hvt_shadow_root *root, u64 ncr3,
			u64 gpa2, u64 npf_code, struct hvt_npt12_walk *w)
{
	bool write = npf_code & HVT_NPF_WRITE;
	struct hvt_vm *vm = vcpu->vm;
	struct page *page;
	int tries, ret;
	u64 gen, seq;

	vcpu->stats.guest_mmu_faults++;
	for (tries = 0; tries < FILL_MAX_TRIES; tries++) {
		spin_lock(&vm->mmu_lock);
		gen = vm->shadow_gen;
		seq = vm->mmu_seq;
		spin_unlock(&vm->mmu_lock);

		ret = hvt_npt12_walk(vcpu, ncr3, gpa2, npf_code, w);
		if (ret)
			return ret;
		if (w->fault_code)
			return 1;
		ret = npt12_set_accessed_dirty(vm, w, write);
		if (ret == -EAGAIN)
			continue;
		if (write && walk_uses_table(w, w->gpa1 >> PAGE_SHIFT)) {
			spin_lock(&vm->mmu_lock);
			ret = npt12_unsync_locked(vm, w->gpa1 >> PAGE_SHIFT);
			spin_unlock(&vm->mmu_lock);
			if (ret)
				return ret;
		}
		/* The L1 page, mapped in root_mmu (faulted in if needed), referenced. */
		page = hvt_root_mmu_get_page_slow(vcpu, w->gpa1, write);
		if (PTR_ERR_OR_ZERO(page) == -EFAULT)
			/*
			 * No RAM behind L1's address (or a write to a read-only slot).
			 * A fetch there reads all ones, an invalid opcode: #UD, as on a
			 * PC. Data accesses would be L2 MMIO, which hvt does not emulate.
			 */
			return (npf_code & HVT_NPF_FETCH) ? HVT_GUEST_MMU_UD : -EOPNOTSUPP;
		if (IS_ERR(page))
			return PTR_ERR(page);
		ret = hvt_npt_cache_topup(&vcpu->npt_cache);
		if (!ret) {
			spin_lock(&vm->mmu_lock);
			shadow_reclaim_locked(vm, HVT_NPT_CACHE_PAGES);
			ret = install_locked(vm, vcpu, root, gpa2, w, page, gen, seq);
			shadow_pages_update_locked(vm);
			spin_unlock(&vm->mmu_lock);
		}
		if (ret != 1)
			put_page(page);
		if (ret != -EAGAIN)
			return ret < 0 ? ret : 0;
		cond_resched();
	}
	return -EOPNOTSUPP;
}

static struct hvt_shadow_root *find_root_locked(struct hvt_vm *vm, u64 ncr3)
{
	struct hvt_shadow_root *r;

	list_for_each_entry(r, &vm->shadow_roots, link)
		if (r->ncr3 == ncr3)
			return r;
	return NULL;
}

/* The least recently used root no context holds, for reuse; mmu_lock held. */
static struct hvt_shadow_root *recycle_root_locked(struct hvt_vm *vm, u64 ncr3)
{
	struct hvt_shadow_root *r;

	list_for_each_entry_reverse(r, &vm->shadow_roots, link) {
		if (r->users)
			continue;
		if (hvt_npt_zap_range(&r->npt, 0, ~0ull)) {
			hvt_vm_flush_tlbs_locked(vm);
			hvt_npt_release_zombies(&r->npt, 0, ~0ull);
		}
		r->ncr3 = ncr3;
		return r;
	}
	return NULL;
}

static struct hvt_shadow_root *get_root(struct hvt_vcpu *vcpu, u64 ncr3, bool can_sleep)
{
	struct hvt_vm *vm = vcpu->vm;
	struct hvt_shadow_root *r, *fresh = NULL;

	vcpu->stats.guest_mmu_root_lookup++;
	trace_hvt_mmu_root(vcpu->id, HVT_ROOT_LOOKUP, ncr3);
	for (;;) {
		spin_lock(&vm->mmu_lock);
		r = find_root_locked(vm, ncr3);
		if (!r && vm->nr_shadow_roots >= HVT_MAX_SHADOW_ROOTS)
			r = recycle_root_locked(vm, ncr3);
		if (!r && fresh) {
			r = fresh;
			fresh = NULL;
			r->ncr3 = ncr3;
			list_add(&r->link, &vm->shadow_roots);
			vm->nr_shadow_roots++;
			shadow_pages_update_locked(vm);
			vcpu->stats.guest_mmu_root_create++;
			trace_hvt_mmu_root(vcpu->id, HVT_ROOT_CREATED, ncr3);
		}
		if (r) {
			r->users++;
			list_move(&r->link, &vm->shadow_roots);
		}
		spin_unlock(&vm->mmu_lock);
		if (r)
			break;
		if (!can_sleep)
			return ERR_PTR(-EAGAIN);
		/* Allocate outside the lock, then look again. */
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL_ACCOUNT);
		if (!fresh || hvt_npt_init(&fresh->npt)) {
			kfree(fresh);
			return ERR_PTR(-ENOMEM);
		}
	}
	if (fresh) {
		hvt_npt_destroy(&fresh->npt);
		kfree(fresh);
	}
	return r;
}

static void put_root(struct hvt_vcpu *vcpu, struct hvt_shadow_root *r)
{
	spin_lock(&vcpu->vm->mmu_lock);
	r->users--;
	spin_unlock(&vcpu->vm->mmu_lock);
}

int hvt_mmu_ctx_load_l2(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx, u64 ncr3,
			bool can_sleep, u64 *root_pa)
{
	struct hvt_shadow_root *r;

	if (ctx->role == HVT_MMU_ROLE_L2 && ctx->root && ctx->root->ncr3 == ncr3) {
		vcpu->stats.guest_mmu_root_reuse++;
		if (trace_hvt_mmu_root_enabled())
			trace_hvt_mmu_root(vcpu->id, HVT_ROOT_REUSED, ncr3);
		*root_pa = hvt_npt_root_pa(&ctx->root->npt);
		return 0;
	}
	r = get_root(vcpu, ncr3, can_sleep);
	if (IS_ERR(r))
		return PTR_ERR(r);
	hvt_mmu_ctx_reinit(vcpu, ctx, HVT_MMU_ROLE_L2);
	ctx->root = r;
	*root_pa = hvt_npt_root_pa(&r->npt);
	return 0;
}

void hvt_mmu_ctx_reinit(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx, enum hvt_mmu_role role)
{
	if (ctx->root) {
		trace_hvt_mmu_root(vcpu->id, HVT_ROOT_DROPPED, ctx->root->ncr3);
		put_root(vcpu, ctx->root);
	}
	ctx->root = NULL;
	ctx->role = role;
}

void hvt_mmu_ctx_release(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx)
{
	hvt_mmu_ctx_reinit(vcpu, ctx, HVT_MMU_ROLE_NONE);
}
