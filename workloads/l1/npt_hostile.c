// SPDX-License-Identifier: GPL-2.0
/*
 * hostile-npt-outside: NPT12 entries that lead nowhere. With nested paging
 * on, every fault of the NPT12 walk is an NPF exit to L1 (there is no NPF
 * intercept bit), with EXITINFO2 = the L2 physical address. L0 must reflect
 * it, not take it for one of its own faults, and stay healthy.
 * L1 also intercepts the exceptions L2 could take instead, so a wrong
 * outcome is reported by L1 rather than by L2 running into L1's IDT.
 *
 * One case is no NPF: a valid NPT12 leaf that maps L2's code page to an L1
 * address past the end of RAM. The walk succeeds; the fetch then reads
 * memory that does not exist, which on a PC returns all ones, and FF FF is
 * an invalid opcode: L2 takes #UD (L1 sees the #UD intercept). KVM gets
 * there by failing to emulate the fetch and injecting #UD into L2.
 */
#include "l1.h"

enum npt_break {
	NOT_PRESENT,		/* data page: PTE cleared */
	LEAF_BEYOND_MAXPHY,	/* code page: PTE -> 1 << MAXPHYADDR (reserved bits) */
	TABLE_BEYOND_RAM,	/* data: PDE -> a page table past the end of RAM */
	LEAF_BEYOND_RAM,	/* code page: PTE -> past the end of RAM */
};

struct npt_spec {
	enum npt_break how;
	bool code;		/* the fault is L2's first instruction fetch */
	uint64_t want_exit;
};

static uint64_t chunk(struct l1_vcpu *v)
{
	/* a whole 2 MiB of L2 data that nothing else lives in */
	if (!v->chunk) {
		uint64_t p = (uintptr_t)l1_alloc(2 * NPT_2M, "NPT test chunk");

		v->chunk = (p + NPT_2M - 1) & ~(NPT_2M - 1);
	}
	return v->chunk;
}

static void patch(struct l1_vcpu *v, unsigned int i, uint64_t *e, uint64_t val)
{
	v->patched[i] = e;
	v->patched_old[i] = *e;
	*e = val;
}

static void unpatch(struct l1_vcpu *v)
{
	for (unsigned int i = 0; i < 2; i++) {
		if (v->patched[i])
			*v->patched[i] = v->patched_old[i];
		v->patched[i] = NULL;
	}
}

/*
 * Break the NPT12 leaf of L2's code page, and make the next page a guard
 * (not present): an L0 that lets L2 execute something there (zeroes, say)
 * ends in an NPF L1 can report, not in L2 running on into L1's code.
 */
static uint64_t break_code_page(struct l1_vcpu *v, uint64_t leaf)
{
	uint64_t code = (uintptr_t)l2_npt_code_target;

	npt_split_2m(&v->npt, code);
	npt_split_2m(&v->npt, code + PAGE_SIZE);
	patch(v, 0, npt_entry(&v->npt, code, 1), leaf);
	patch(v, 1, npt_entry(&v->npt, code + PAGE_SIZE, 1), 0);
	return code;
}

/* The L2 address that must fault, with NPT12 broken for it. */
static uint64_t break_npt(struct l1_vcpu *v, const struct npt_spec *p)
{
	uint64_t data = chunk(v) + 0x3000 + 0x28;	/* odd offset: exact info2 */

	switch (p->how) {
	case NOT_PRESENT:
		npt_split_2m(&v->npt, data);
		patch(v, 0, npt_entry(&v->npt, data, 1), 0);
		return data;
	case LEAF_BEYOND_MAXPHY:
		return break_code_page(v, (1ull << v->feat.maxphyaddr) | NPT_RWX);
	case TABLE_BEYOND_RAM:
		patch(v, 0, npt_entry(&v->npt, data, 2), l1_ram_end(v) | NPT_RWX);
		return data;
	case LEAF_BEYOND_RAM:
		return break_code_page(v, (l1_ram_end(v) + NPT_2M) | NPT_RWX);
	}
	return 0;
}

static void npt_prepare(struct l1_vcpu *v)
{
	const struct npt_spec *p = v->test->param;

	GUEST_ASSERT_MSG(v->feat.maxphyaddr < 52, "MAXPHYADDR %u",
			 v->feat.maxphyaddr);
	v->sh->target = break_npt(v, p);
	if (p->code)
		v->vmcb->save.rip = v->sh->target;
}

static bool npt_check(struct l1_vcpu *v)
{
	const struct npt_spec *p = v->test->param;
	struct vmcb_control *c = &v->vmcb->control;
	uint64_t want = v->sh->target;
	/* a fetch fault may report the page or the byte */
	uint64_t mask = p->code ? ~(PAGE_SIZE - 1) : ~0ull;
	bool ok = c->exit_code == p->want_exit && !v->sh->done;

	/* L2 was in no interrupt shadow (VMCB12 INT_STATE 0, no STI/MOV SS ran) */
	ok &= !(c->int_state & 1);
	if (p->want_exit == SVM_EXIT_NPF)
		ok &= (c->exit_info_2 & mask) == (want & mask);
	else	/* an exception: L2 must not have got past the page */
		ok &= (v->vmcb->save.rip & mask) == (want & mask);
	unpatch(v);	/* the next VMRUN flushes the TLB */
	if (!ok)
		guest_print("vcpu %u: %s: wanted %s at 0x%llx", v->id,
			    v->test->name, l1_exit_name(p->want_exit),
			    (unsigned long long)want);
	return l1_report_exit(v, p->want_exit, ok);
}

/* The address that faulted before now reads fine. */
static void valid_prepare(struct l1_vcpu *v)
{
	v->sh->target = chunk(v) + 0x3000 + 0x28;
}

#define X(v) (1u << (v))
#define EXIT_UD (SVM_EXIT_EXCP_BASE + 6)
#define NPT_TEST(n, entry, how, code, exit) {					\
	.name = n, .intercept1 = SVM_INTERCEPT1_HLT,			\
	.intercept_exc = X(6) | X(8) | X(13) | X(14),			\
	.l2_entry = entry, .prepare = npt_prepare, .check = npt_check,	\
	.param = &(const struct npt_spec){ how, code, exit } }

static const struct l1_test npt_tests[] = {
	NPT_TEST("npt_not_present", l2_read_target, NOT_PRESENT, false,
		 SVM_EXIT_NPF),
	NPT_TEST("npt_leaf_beyond_maxphyaddr", l2_npt_code_target,
		 LEAF_BEYOND_MAXPHY, true, SVM_EXIT_NPF),
	NPT_TEST("npt_table_beyond_ram", l2_read_target, TABLE_BEYOND_RAM,
		 false, SVM_EXIT_NPF),
	NPT_TEST("npt_leaf_beyond_ram", l2_npt_code_target, LEAF_BEYOND_RAM,
		 true, EXIT_UD),
	{
		.name = "valid_after", .intercept1 = SVM_INTERCEPT1_HLT,
		.l2_entry = l2_read_target, .prepare = valid_prepare,
		.check = l1_expect_hlt,
	},
};

const struct l1_scenario l1_scn_npt_outside = {
	.id = HVT_L1_HOSTILE_NPT_OUTSIDE, .needs_npt = true, .tests = npt_tests,
	.nr_tests = sizeof(npt_tests) / sizeof(npt_tests[0]),
};
