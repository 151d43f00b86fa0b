// SPDX-License-Identifier: GPL-2.0
/*
 * mem-touch: L2 touches args[0] pages of a region L1 allocated (and thereby
 * already touched itself, so L0 has backed it for L1): the first pass pays
 * for L0 building L2's mappings, the re-touch does not. L1 intercepts only
 * VMRUN and HLT. With HVT_L1_F_NPT_4K, NPT12 maps the region with 4 KiB
 * pages instead of 2 MiB ones.
 */
#include "l1.h"

static void mem_prepare(struct l1_vcpu *v)
{
	uint64_t pages = v->bp->args[HVT_L1_ARG_PAGES];
	struct l2_shared *sh = v->sh;

	if (!pages)
		pages = HVT_L1_DEFAULT_PAGES;
	GUEST_ASSERT_MSG(pages <= alloc_free_bytes() / PAGE_SIZE,
			 "%llu pages asked, %llu bytes free",
			 (unsigned long long)pages,
			 (unsigned long long)alloc_free_bytes());
	sh->pages = pages;
	sh->region = l1_alloc(pages * PAGE_SIZE, "mem-touch region");
	if (v->use_npt && (v->flags & HVT_L1_F_NPT_4K)) {
		uint64_t start = (uintptr_t)sh->region;
		uint64_t end = start + pages * PAGE_SIZE;

		for (uint64_t a = start & ~(NPT_2M - 1); a < end; a += NPT_2M)
			npt_split_2m(&v->npt, a);
	}
}

static void mem_handle_exit(struct l1_vcpu *v)
{
	if (v->vmcb->control.exit_code != SVM_EXIT_HLT)
		l1_unexpected_exit(v);
	v->done = true;
}

static bool mem_check(struct l1_vcpu *v)
{
	struct l2_shared *sh = v->sh;

	GUEST_ASSERT_MSG(sh->done, "vcpu %u: L2 halted before the end", v->id);
	if (sh->bad_reads)
		GUEST_FAIL("vcpu %u: %llu pages read back wrong, first page %llu",
			   v->id, (unsigned long long)sh->bad_reads,
			   (unsigned long long)sh->first_bad_page);
	guest_value("pages", sh->pages);
	guest_value("npt_4k", v->use_npt && (v->flags & HVT_L1_F_NPT_4K));
	guest_value("first_touch_ticks", sh->first_touch_ticks);
	guest_value("retouch_ticks", sh->retouch_ticks);
	guest_value("bad_reads", sh->bad_reads);
	guest_value("l1_exits_total", v->exits_total);
	return true;
}

static const struct l1_test mem_test = {
	.name = "mem_touch",
	.intercept1 = SVM_INTERCEPT1_HLT,
	.l2_entry = l2_mem_touch,
	.prepare = mem_prepare,
	.handle_exit = mem_handle_exit,
	.check = mem_check,
};

const struct l1_scenario l1_scn_mem_touch = {
	.id = HVT_L1_MEM_TOUCH, .tests = &mem_test, .nr_tests = 1,
};
