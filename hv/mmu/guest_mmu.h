/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_mmu: the shadow NPT ("NPT02") L2 runs on when L1 uses nested paging
 * for it. L2's guest-physical addresses go through L1's NPT12 (tables in
 * L1's memory) and then through root_mmu; the shadow maps the composition
 * directly to host pages, filled on L2's nested page faults.
 *
 * Coherence: every NPT12 table page a fill walked is write-protected in
 * root_mmu; L1's next write to it faults, un-protects the page and zaps
 * every shadow. An invalidation of root_mmu zaps the shadows too. A table
 * that L2 writes through a walk that uses that very table cannot be
 * protected (the write would never complete): it is "unsynced" instead,
 * left writable, and its shadows may go stale -- as the hardware TLB may --
 * until L1 asks for a flush (TLB_CONTROL, INVLPGA, a change of ASID), when
 * hvt_guest_mmu_resync() zaps the shadows and protects it again.
 *
 * Roots: one shadow per NPT12 root address, kept in a per-VM cache (up to
 * HVT_MAX_SHADOW_ROOTS, the least recently used one recycled). A VM's
 * shadow table pages are bounded (module parameter shadow_pages_max): past
 * it, whole roots no context holds are freed, after a TLB flush, before a
 * fill may allocate more. A root a context holds is never freed, so no
 * VMCB a vCPU runs points at freed tables. An MMU context (struct hvt_mmu_ctx) is what
 * a vCPU enters with; l2_mmu=separate keeps L2's context (and its root)
 * across L1 runs, l2_mmu=shared re-initialises one context at every switch,
 * dropping the root and looking it up again on the next L2 entry.
 */
#ifndef HVT_MMU_GUEST_MMU_H
#define HVT_MMU_GUEST_MMU_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/types.h>

#include "mmu/npt.h"

struct hvt_vm;
struct hvt_vcpu;

#define HVT_MAX_SHADOW_ROOTS 16

/* Shadow table pages of all VMs (debugfs shadow_pages; the leak test). */
extern atomic_long_t hvt_shadow_pages;

struct hvt_shadow_root {
	struct list_head link;	/* vm->shadow_roots, most recently used first */
	u64 ncr3;		/* L1's nested_cr3 (NPT12 root) */
	int users;		/* contexts pointing here */
	struct hvt_npt npt;	/* L2 gpa -> host page */
};

enum hvt_mmu_role { HVT_MMU_ROLE_NONE, HVT_MMU_ROLE_L1, HVT_MMU_ROLE_L2 };

struct hvt_mmu_ctx {
	enum hvt_mmu_role role;
	struct hvt_shadow_root *root;	/* L2 role; NULL: look it up on entry */
};

/* Result of walking NPT12 for an L2 gpa. */
struct hvt_npt12_walk {
	u64 gpa1;		/* the L1 gpa */
	bool writable;
	bool exec;		/* no NX on the way (with L1's EFER.NX) */
	bool dirty;		/* the leaf's D bit, after this walk */
	u64 fault_code;		/* non-zero: reflect NPF to L1 with this error code */
	int nr_tables;
	u64 table_gfns[5];	/* NPT12 table pages the walk read */
	u64 entry_gpa[5];	/* ... the entries it used, and their values */
	u64 entry[5];
};

void hvt_guest_mmu_vm_init(struct hvt_vm *vm);
void hvt_guest_mmu_vm_destroy(struct hvt_vm *vm);

/*
 * Point @ctx at the shadow for @ncr3 and give its root's PA. A new root is
 * allocated only if @can_sleep; otherwise -EAGAIN asks to come back where
 * sleeping is allowed.
 */
int hvt_mmu_ctx_load_l2(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx, u64 ncr3,
			bool can_sleep, u64 *root_pa);
/* Re-initialise @ctx for @role: drops the root it held (l2_mmu=shared). */
void hvt_mmu_ctx_reinit(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx, enum hvt_mmu_role role);
void hvt_mmu_ctx_release(struct hvt_vcpu *vcpu, struct hvt_mmu_ctx *ctx);

/* Walk L1's NPT12 (sleeps: reads L1 memory). */
int hvt_npt12_walk(struct hvt_vcpu *vcpu, u64 ncr3, u64 gpa2, u64 npf_code,
		   struct hvt_npt12_walk *w);
/*
 * Fill the shadow for an L2 NPF. 0: filled; 1: reflect an NPF to L1
 * (w->fault_code); HVT_GUEST_MMU_UD: L2 fetched from where L1 has no RAM;
 * -EOPNOTSUPP: L2 data access to L1 MMIO (not emulated); other <0: error.
 */
#define HVT_GUEST_MMU_UD 2
int hvt_guest_mmu_fault(struct hvt_vcpu *vcpu, struct hvt_shadow_root *root, u64 ncr3,
			u64 gpa2, u64 npf_code, struct hvt_npt12_walk *w);

/* mmu_lock held: drop every shadow mapping (NPT12 changed, or host memory did). */
void hvt_guest_mmu_zap_all_locked(struct hvt_vm *vm);
/* L1 asked for L2's TLB to be flushed: shadows of unsynced tables go. */
void hvt_guest_mmu_resync(struct hvt_vm *vm);
/* mmu_lock held: is L1's page @gfn a write-protected NPT12 table page? */
bool hvt_npt12_protected_locked(struct hvt_vm *vm, u64 gfn);
/* mmu_lock held: L1 writes @gfn: stop protecting it, zap the shadows. */
void hvt_npt12_unprotect_locked(struct hvt_vm *vm, u64 gfn);

#endif
