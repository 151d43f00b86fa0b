// SPDX-License-Identifier: GPL-2.0
/*
 * The K L2s of l2-switch, built by L1 vCPU 0 before any turn: each its own
 * VMCB12, NPT12 (identity like L1's, 4 or 5 levels, but the window page
 * mapped to a page of its own), ASID, stack, shared page and timestamp
 * arrays. The window is one L2 address for all: whatever an L2 reads
 * there says whose page it is, so a wrong NPT12 or stale translation
 * shows. And the pages checked again once all turns are over.
 */
#include "l2_switch.h"

#define SW_STACK_PAGES 4
#define SW_EXC_GUARDS ((1u << 6) | (1u << 8) | (1u << 13) | (1u << 14)) /* #UD #DF #GP #PF */

/* "L2 #3's", "L1's own" or "nobody's": whose pattern or token a value is. */
const char *sw_owner_name(uint64_t value, char *buf, unsigned int len)
{
	unsigned int owner = l2_switch_owner(value);

	if (!l2_switch_is_ours(value))
		return "nobody's";
	if (owner == 0)
		return "L1's own";
	guest_snprintf(buf, len, "L2 #%u's", owner - 1);
	return buf;
}

static void fill_page(uint64_t *page, uint64_t owner_plus_1)
{
	for (unsigned int w = 0; w < L2_SW_PATTERN_WORDS; w++)
		page[w] = l2_switch_pattern(owner_plus_1, w);
	for (unsigned int w = L2_SW_PATTERN_WORDS; w < PAGE_SIZE / 8; w++)
		page[w] = 0;
}

/* Identity, like L1's own NPT12, except that the window is l2's page. */
static void build_npt12(struct l1_vcpu *v, struct sw_world *w, struct sw_l2 *l2)
{
	uint64_t bytes = (v->bp->mem_size + NPT_2M - 1) & ~(NPT_2M - 1);

	npt_build_identity(&l2->npt, v->paging_levels, bytes);
	npt_split_2m(&l2->npt, w->window);
	*npt_entry(&l2->npt, w->window, 1) = (uintptr_t)l2->page | NPT_RWX;
}

static void build_control(struct l1_vcpu *v, struct sw_l2 *l2)
{
	struct vmcb_control *c = &l2->vmcb->control;

	c->intercept_misc1 = SVM_INTERCEPT1_CPUID | SVM_INTERCEPT1_HLT |
			     SVM_INTERCEPT1_SHUTDOWN;
	c->intercept_misc2 = SVM_INTERCEPT2_VMRUN;
	c->intercept_exc = SW_EXC_GUARDS;
	/* all-zero maps, read-only for everyone: L2's MSRs and ports are not L1's business */
	c->iopm_base_pa = (uintptr_t)v->iopm;
	c->msrpm_base_pa = (uintptr_t)v->msrpm;
	c->asid = l2->asid;
	c->tlb_ctl = SVM_TLB_FLUSH_ALL;	/* a new NPT12 on this ASID */
	c->nested_ctl = SVM_NESTED_CTL_NP;
	c->nested_cr3 = (uintptr_t)l2->npt.root;
}

/* L2 starts in l2_switch_loop on L1's paging, GDT and IDT, IF=0, its own stack. */
static void build_vmcb(struct l1_vcpu *v, struct sw_l2 *l2)
{
	struct vmcb_save *s = &l2->vmcb->save;
	uint64_t rsp = l2->stack_hi - 8;

	svm_save_from_cpu(l2->vmcb);
	build_control(v, l2);
	/* ABI: entry with RSP = 8 mod 16; returning lands in l2_exit */
	*(uint64_t *)(uintptr_t)rsp = (uintptr_t)l2_exit;
	s->rsp = rsp;
	s->rip = (uintptr_t)l2_switch_loop;
	s->rflags = 0x2;
	s->rax = 0;
	l2->regs.rdi = (uintptr_t)l2->sh;
}

static uint64_t *timestamps(uint64_t n, const char *what)
{
	return l1_alloc(n * sizeof(uint64_t), what);
}

static void build_shared(struct sw_world *w, struct sw_l2 *l2)
{
	struct l2_switch_shared *sw = &l2->sh->sw;
	uint64_t n = w->p.turns * w->p.exits;

	sw->index = l2->index;
	sw->turns = w->p.turns;
	sw->exits_per_turn = w->p.exits;
	sw->window = (volatile uint64_t *)(uintptr_t)w->window;
	sw->t0 = timestamps(n, "L2 TSC before each exit");
	sw->t1 = timestamps(n, "L2 TSC after each exit");
	sw->tr = timestamps(n, "L1 TSC before each VMRUN");
}

/*
 * ASIDs 1..K while the CPU has that many; otherwise L2s share them
 * round-robin, and switch_run.c flushes the TLB whenever an ASID passes
 * from one L2 to another on a vCPU.
 */
static uint32_t pick_asid(struct sw_world *w, const struct l1_vcpu *v, unsigned int i)
{
	uint32_t usable = v->feat.nr_asids - 1;	/* ASID 0 is the host's */

	if (w->p.k <= usable)
		return 1 + i;
	w->shared_asids = true;
	return 1 + i % usable;
}

static void build_l2(struct l1_vcpu *v, struct sw_world *w, unsigned int i)
{
	struct sw_l2 *l2 = &w->l2[i];

	l2->index = i;
	l2->last_vcpu = -1;
	l2->asid = pick_asid(w, v, i);
	l2->vmcb = l1_alloc(PAGE_SIZE, "VMCB12");
	l2->sh = l1_alloc(sizeof(*l2->sh), "L2 shared page");
	l2->page = l1_alloc(PAGE_SIZE, "L2 window page");
	l2->stack_lo = (uintptr_t)l1_alloc(SW_STACK_PAGES * PAGE_SIZE, "L2 stack");
	l2->stack_hi = l2->stack_lo + SW_STACK_PAGES * PAGE_SIZE;
	fill_page(l2->page, i + 1);
	build_npt12(v, w, l2);
	build_vmcb(v, l2);
	build_shared(w, l2);
}

struct sw_world *sw_world_build(struct l1_vcpu *v, const struct sw_params *p)
{
	struct sw_world *w = l1_alloc(sizeof(*w), "l2-switch state");

	w->p = *p;
	/* L1's own page at the window: an L2 that sees it runs without its NPT12 */
	w->window = (uintptr_t)l1_alloc(PAGE_SIZE, "window page");
	fill_page((uint64_t *)(uintptr_t)w->window, 0);
	for (unsigned int c = 0; c < SW_VCPUS; c++)
		w->cpu[c].last_l2 = -1;
	for (unsigned int i = 0; i < p->k; i++)
		build_l2(v, w, i);
	sw_samples_alloc(w);
	return w;
}

static void check_word(const struct sw_l2 *l2, unsigned int word, uint64_t want,
		       const char *what)
{
	uint64_t got = l2->page[word];
	char buf[16];

	if (got == want)
		return;
	guest_fail_values(__FILE__, __LINE__, got, want,
			  "l2-switch: L2 #%u's window page, word %u (%s): 0x%llx, expected 0x%llx "
			  "(%s): a write went through another L2's NPT12", l2->index, word, what,
			  (unsigned long long)got, (unsigned long long)want,
			  sw_owner_name(got, buf, sizeof(buf)));
}

/*
 * Every write an L2 made must be in its own page: the pattern intact and,
 * in each token slot, that L2's token of the last turn that used it.
 */
void sw_check_pages(const struct sw_world *w)
{
	uint64_t s = w->p.turns;

	for (unsigned int i = 0; i < w->p.k; i++) {
		const struct sw_l2 *l2 = &w->l2[i];

		for (unsigned int word = 0; word < L2_SW_PATTERN_WORDS; word++)
			check_word(l2, word, l2_switch_pattern(i + 1, word), "pattern");
		for (uint64_t t = s > L2_SW_TOKEN_SLOTS ? s - L2_SW_TOKEN_SLOTS : 0; t < s; t++)
			check_word(l2, L2_SW_PATTERN_WORDS + t % L2_SW_TOKEN_SLOTS,
				   l2_switch_token(i, t), "token");
	}
	for (unsigned int word = 0; word < PAGE_SIZE / 8; word++) {
		uint64_t got = ((const uint64_t *)(uintptr_t)w->window)[word];
		uint64_t want = word < L2_SW_PATTERN_WORDS ? l2_switch_pattern(0, word) : 0;

		GUEST_ASSERT_MSG(got == want, "L1's page at the window, word %u: 0x%llx, expected "
				 "0x%llx: an L2 wrote through L1's identity mapping", word,
				 (unsigned long long)got, (unsigned long long)want);
	}
}
