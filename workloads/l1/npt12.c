// SPDX-License-Identifier: GPL-2.0
/*
 * L2 and L1's NPT12 beyond the simple cases:
 *  nested-npt12-self-write  L2 writes an NPT12 table that translates that
 *                           very write (KVM lets L2 go on).
 *  nested-asid              two L2s on ASIDs 1 and 2 see one L2 address
 *                           through one NPT12 entry that L1 points at a
 *                           different page for each, without TLB flushes:
 *                           each ASID must see its own page (APM 15.16).
 *  nested-npt12-bits        NX of an NPT12 leaf, NPT12 accessed and dirty
 *                           bits, the PAT bit of a 4 KiB leaf.
 *  nested-shadow-bound      many NPT12 roots swept by L2 (the L0's shadow
 *                           tables must stay bounded), and an MSRPM in a
 *                           page nobody has touched yet.
 */
#include "l1.h"

#define NPT_A  (1ull << 5)
#define NPT_D  (1ull << 6)
#define NPT_NX (1ull << 63)
#define NPF_FETCH_PRESENT (SVM_NPF_FETCH | SVM_NPF_PRESENT)

static unsigned int idx1(uint64_t gpa)
{
	return (gpa >> 12) & 511;
}

/*
 * A 4 KiB NPT12 table q for the 2 MiB region it lies in, identity mapped:
 * the walk of any L2 access to q goes through q itself. *a: another fresh
 * page of the same region.
 */
static uint64_t *self_mapped_table(struct l1_vcpu *v, uint64_t *a)
{
	for (int tries = 0; tries < 8; tries++) {
		uint64_t *q = l1_alloc(PAGE_SIZE, "self-mapped NPT12 table");
		uint64_t base = (uintptr_t)q & ~(NPT_2M - 1);

		*a = (uintptr_t)l1_alloc(PAGE_SIZE, "page next to it");
		if ((*a & ~(NPT_2M - 1)) != base)
			continue;
		for (unsigned int i = 0; i < 512; i++)
			q[i] = (base + i * PAGE_SIZE) | NPT_RWX;
		*npt_entry(&v->npt, base, 2) = (uintptr_t)q | NPT_RWX;
		return q;
	}
	GUEST_FAIL("no two pages in one 2 MiB region");
}

/* ---- L2 writes the NPT12 table that translates the write ---- */

static void self_write_prepare(struct l1_vcpu *v)
{
	uint64_t a, *q = self_mapped_table(v, &a);

	v->sh->target = (uintptr_t)&q[idx1((uintptr_t)q)];
	v->sh->count = 65;	/* odd: the ignored bit ends up set */
}

static bool self_write_check(struct l1_vcpu *v)
{
	uint64_t e = *(uint64_t *)(uintptr_t)v->sh->target;
	bool ok = v->vmcb->control.exit_code == SVM_EXIT_HLT && v->sh->done &&
		  (e & (1ull << 9));

	guest_print("vcpu %u: %s: NPT12 entry now 0x%llx", v->id, v->test->name,
		    (unsigned long long)e);
	return l1_report_exit(v, SVM_EXIT_HLT, ok);
}

#define VALID_AFTER {							\
	.name = "valid_after", .intercept1 = SVM_INTERCEPT1_HLT,	\
	.l2_entry = l2_hlt, .check = l1_expect_hlt }
#define GUARDS SVM_INTERCEPT1_HLT | SVM_INTERCEPT1_SHUTDOWN
#define EXC_GUARDS ((1u << 6) | (1u << 8) | (1u << 13) | (1u << 14))

static const struct l1_test self_write_tests[] = {
	{
		.name = "l2_writes_own_npt12_table", .intercept1 = GUARDS,
		.intercept_exc = EXC_GUARDS, .l2_entry = l2_toggle_target,
		.prepare = self_write_prepare, .check = self_write_check,
	},
	VALID_AFTER,
};

const struct l1_scenario l1_scn_npt12_self_write = {
	.id = HVT_L1_NPT12_SELF_WRITE, .needs_npt = true, .tests = self_write_tests,
	.nr_tests = sizeof(self_write_tests) / sizeof(self_write_tests[0]),
};

/* ---- two ASIDs, one L2 address, two pages ---- */

#define ASID_ROUNDS 8
static uint64_t marker(unsigned int k) { return 0x4153494430000000ull + k; }

struct asid_setup {
	uint64_t *q, a, page[2];
};

/* Run L2 once more from its entry, on @asid, with @a mapped to @page. */
static uint64_t asid_round(struct l1_vcpu *v, struct asid_setup *s, unsigned int k,
			   bool invlpga_first)
{
	struct vmcb *vmcb = v->vmcb;

	s->q[idx1(s->a)] = s->page[k] | NPT_RWX;
	if (invlpga_first)
		invlpga(s->a, 1 + k);
	vmcb->control.asid = 1 + k;
	vmcb->save.rip = (uintptr_t)l2_write_then_read;
	vmcb->save.rsp = v->l2_stack_top - 8;
	v->regs.rdi = (uintptr_t)v->sh;
	v->sh->done = 0;
	l1_enter(v);
	if (vmcb->control.exit_code != SVM_EXIT_HLT || !v->sh->done)
		l1_unexpected_exit(v);
	return v->sh->value;
}

static void asid_enter(struct l1_vcpu *v)
{
	struct asid_setup s;

	s.q = self_mapped_table(v, &s.a);
	for (unsigned int k = 0; k < 2; k++) {
		s.page[k] = (uintptr_t)l1_alloc(PAGE_SIZE, "ASID page");
		*(uint64_t *)(uintptr_t)s.page[k] = marker(k);
	}
	v->sh->target = s.a;
	/* L2 writes its NPT12 table too: the L0 may then stop trapping it */
	v->sh->target2 = (uintptr_t)&s.q[idx1((uintptr_t)s.q)];
	v->probe = 0;
	for (unsigned int r = 0; r < ASID_ROUNDS; r++) {
		uint64_t got = asid_round(v, &s, r % 2, false);

		if (got != marker(r % 2) && !v->probe++)
			guest_print("vcpu %u: round %u, ASID %u: L2 read 0x%llx, want 0x%llx",
				    v->id, r, 1 + r % 2, (unsigned long long)got,
				    (unsigned long long)marker(r % 2));
	}
	/* ASID 1 again, its address moved to page 1, announced with INVLPGA */
	s.page[0] = s.page[1];
	if (asid_round(v, &s, 0, true) != marker(1) && !v->probe++)
		guest_print("vcpu %u: after INVLPGA, ASID 1 still reads the old page", v->id);
}

static bool asid_check(struct l1_vcpu *v)
{
	guest_print("vcpu %u: %s: %llu of %u reads saw another ASID's page", v->id,
		    v->test->name, (unsigned long long)v->probe, ASID_ROUNDS + 1);
	return l1_report_exit(v, SVM_EXIT_HLT, v->probe == 0);
}

static const struct l1_test asid_tests[] = {
	{
		.name = "two_asids_one_address", .intercept1 = GUARDS,
		.intercept_exc = EXC_GUARDS, .l2_entry = l2_write_then_read,
		.enter = asid_enter, .check = asid_check,
	},
	VALID_AFTER,
};

const struct l1_scenario l1_scn_asid = {
	.id = HVT_L1_ASID, .needs_npt = true, .tests = asid_tests,
	.nr_tests = sizeof(asid_tests) / sizeof(asid_tests[0]),
};

/* ---- NX, A/D and PAT bits of NPT12 ---- */

static uint64_t *leaf_4k(struct l1_vcpu *v, uint64_t gpa)
{
	npt_split_2m(&v->npt, gpa);
	return npt_entry(&v->npt, gpa, 1);
}

static void patch(struct l1_vcpu *v, uint64_t *e, uint64_t val)
{
	v->patched[0] = e;
	v->patched_old[0] = *e;
	*e = val;
}

static void unpatch(struct l1_vcpu *v)
{
	if (v->patched[0])
		*v->patched[0] = v->patched_old[0];
	v->patched[0] = NULL;
}

static void nx_prepare(struct l1_vcpu *v)
{
	uint64_t t = (uintptr_t)l2_nx_target;

	if (!(rdmsr(MSR_EFER) & EFER_NXE)) {
		GUEST_ASSERT_MSG(cpuid(0x80000001u).edx & (1u << 20), "no NX in CPUID");
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		v->vmcb->save.efer |= EFER_NXE;
	}
	patch(v, leaf_4k(v, t), *leaf_4k(v, t) | NPT_NX);
	v->sh->target = t;
}

/* The VMMCALL between L2's read and its call: step over it. */
static void nx_exit(struct l1_vcpu *v)
{
	if (v->vmcb->control.exit_code == SVM_EXIT_VMMCALL) {
		l1_skip_insn(v, SVM_LEN_VMMCALL);
		return;
	}
	v->done = true;
}

static bool done_flag(struct l1_vcpu *v) { return v->done; }

static bool nx_check(struct l1_vcpu *v)
{
	struct vmcb_control *c = &v->vmcb->control;
	bool ok = c->exit_code == SVM_EXIT_NPF && !v->sh->ev.step &&
		  (c->exit_info_2 & ~(PAGE_SIZE - 1)) == v->sh->target &&
		  (c->exit_info_1 & NPF_FETCH_PRESENT) == NPF_FETCH_PRESENT;

	unpatch(v);
	return l1_report_exit(v, SVM_EXIT_NPF, ok);
}

/* The entries of the NPT12 walk for @gpa, top level first. */
static unsigned int walk_entries(struct l1_vcpu *v, uint64_t gpa, uint64_t **e)
{
	for (unsigned int l = v->npt.levels; l >= 1; l--)
		e[v->npt.levels - l] = npt_entry(&v->npt, gpa, l);
	return v->npt.levels;
}

static void ad_prepare(struct l1_vcpu *v)
{
	uint64_t d = (uintptr_t)l1_alloc(PAGE_SIZE, "A/D page"), *e[5];
	unsigned int n;

	leaf_4k(v, d);
	n = walk_entries(v, d, e);
	for (unsigned int i = 0; i < n; i++)
		*e[i] &= ~(NPT_A | NPT_D);
	v->sh->target = d;
	v->probe = 0;
}

/* probe bit 0: every level accessed after the read; 1: leaf clean after it; 2: dirty after the write */
static void ad_exit(struct l1_vcpu *v)
{
	uint64_t *e[5];
	unsigned int n = walk_entries(v, v->sh->target, e);
	bool all_a = true;

	for (unsigned int i = 0; i < n; i++)
		all_a &= !!(*e[i] & NPT_A);
	if (v->vmcb->control.exit_code == SVM_EXIT_VMMCALL) {
		v->probe |= all_a | (!(*e[n - 1] & NPT_D) << 1);
		guest_print("vcpu %u: after the read: leaf 0x%llx, every level accessed %d",
			    v->id, (unsigned long long)*e[n - 1], all_a);
		l1_skip_insn(v, SVM_LEN_VMMCALL);
		return;
	}
	if (v->vmcb->control.exit_code == SVM_EXIT_HLT)
		v->probe |= !!(*e[n - 1] & NPT_D) << 2;
	guest_print("vcpu %u: after the write: leaf 0x%llx", v->id,
		    (unsigned long long)*e[n - 1]);
	v->done = true;
}

static bool ad_check(struct l1_vcpu *v)
{
	return l1_report_exit(v, SVM_EXIT_HLT, v->probe == 7 && v->sh->done);
}

static void pat_prepare(struct l1_vcpu *v)
{
	uint64_t p = (uintptr_t)l1_alloc(PAGE_SIZE, "PAT page");

	*(uint64_t *)(uintptr_t)p = 0x706174ull;
	patch(v, leaf_4k(v, p), *leaf_4k(v, p) | (1ull << 7));
	v->sh->target = p;
}

static bool pat_check(struct l1_vcpu *v)
{
	bool ok = v->vmcb->control.exit_code == SVM_EXIT_HLT && v->sh->done &&
		  v->sh->value == 0x706174ull;

	unpatch(v);
	return l1_report_exit(v, SVM_EXIT_HLT, ok);
}

static const struct l1_test bits_tests[] = {
	{
		.name = "nx_blocks_fetch_after_read", .intercept1 = GUARDS,
		.intercept2 = SVM_INTERCEPT2_VMMCALL, .intercept_exc = EXC_GUARDS,
		.l2_entry = l2_read_then_call, .prepare = nx_prepare,
		.handle_exit = nx_exit, .finished = done_flag, .check = nx_check,
	},
	{
		.name = "accessed_dirty_set_by_walk", .intercept1 = GUARDS,
		.intercept2 = SVM_INTERCEPT2_VMMCALL, .intercept_exc = EXC_GUARDS,
		.l2_entry = l2_ad_read_write, .prepare = ad_prepare,
		.handle_exit = ad_exit, .finished = done_flag, .check = ad_check,
	},
	{
		.name = "pat_bit_of_4k_leaf_not_reserved", .intercept1 = GUARDS,
		.intercept_exc = EXC_GUARDS, .l2_entry = l2_read_value,
		.prepare = pat_prepare, .check = pat_check,
	},
	VALID_AFTER,
};

const struct l1_scenario l1_scn_npt12_bits = {
	.id = HVT_L1_NPT12_BITS, .needs_npt = true, .tests = bits_tests,
	.nr_tests = sizeof(bits_tests) / sizeof(bits_tests[0]),
};

/* ---- shadow tables stay bounded; permission maps nobody touched ---- */

#define SWEEP_ROOTS 24

static void sweep_enter(struct l1_vcpu *v)
{
	uint64_t bytes = (v->bp->mem_size + NPT_2M - 1) & ~(NPT_2M - 1);
	struct npt root;

	v->sh->target = 0;
	v->sh->target2 = NPT_2M;
	v->sh->count = v->bp->mem_size / NPT_2M;
	v->probe = 0;
	for (unsigned int r = 0; r < SWEEP_ROOTS; r++) {
		npt_build_identity(&root, v->paging_levels, bytes);
		v->vmcb->control.nested_cr3 = (uintptr_t)root.root;
		v->vmcb->control.tlb_ctl = SVM_TLB_FLUSH_ALL;
		v->vmcb->save.rip = (uintptr_t)l2_sweep;
		v->vmcb->save.rsp = v->l2_stack_top - 8;
		v->regs.rdi = (uintptr_t)v->sh;
		v->sh->done = 0;
		l1_enter(v);
		if (v->vmcb->control.exit_code != SVM_EXIT_HLT || !v->sh->done)
			l1_unexpected_exit(v);
		v->probe++;
	}
	guest_print("vcpu %u: %s: %llu NPT12 roots, %llu reads each", v->id, v->test->name,
		    (unsigned long long)v->probe, (unsigned long long)v->sh->count);
}

/* Two pages below the vCPU stacks the allocator has not reached: never touched. */
static void untouched_msrpm_prepare(struct l1_vcpu *v)
{
	uint64_t pa = (v->bp->free_end & ~(PAGE_SIZE - 1)) - 2 * PAGE_SIZE;

	GUEST_ASSERT_MSG(alloc_free_bytes() > 64 * PAGE_SIZE, "allocator near its end");
	v->vmcb->control.msrpm_base_pa = pa;
	v->sh->count = 4;
}

static const struct l1_test bound_tests[] = {
	{
		.name = "shadow_sweep_many_roots", .intercept1 = GUARDS,
		.intercept_exc = EXC_GUARDS, .l2_entry = l2_sweep,
		.enter = sweep_enter, .check = l1_expect_hlt,
	},
	{
		.name = "msrpm_in_untouched_page", .intercept1 = GUARDS | SVM_INTERCEPT1_MSR,
		.intercept_exc = EXC_GUARDS, .l2_entry = l2_rdmsr_tsc,
		.prepare = untouched_msrpm_prepare, .check = l1_expect_hlt,
	},
	VALID_AFTER,
};

const struct l1_scenario l1_scn_shadow_bound = {
	.id = HVT_L1_SHADOW_BOUND, .needs_npt = true, .tests = bound_tests,
	.nr_tests = sizeof(bound_tests) / sizeof(bound_tests[0]),
};
