// SPDX-License-Identifier: GPL-2.0
/*
 * L2 of l2-switch: one of K L2s that L1 runs in turns of E exits. It
 * cannot tell when it was switched out; it only checks, at each turn's
 * start and after each exit, that everything it reads is its own: L1's
 * answers (made for this L2 and this exit) and the window page (the same
 * address in every L2, which only this L2's NPT12 maps to its own page).
 * It stores raw TSC values; L1 classifies them once all turns are over.
 * It ends with a CPUID that L1 never resumes, not with a HLT: a HLT means
 * it found something wrong.
 */
#include "l2.h"

/*
 * The timed window, as nested-cpuid's (cpuid_loop.c): one asm block from
 * "lfence; rdtsc; lfence" to the same after the CPUID, the start published
 * in t_exit inside it. The subleaf is the tag, so one `mov` replaces
 * nested-cpuid's `xor`: the same instruction count.
 */
static void timed_cpuid(volatile uint64_t *t_exit, uint32_t tag, struct cpuid_regs *r,
			uint64_t *t0, uint64_t *t1)
{
	uint64_t start, end, hi;
	uint32_t a, b, c, d;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "mov %[leaf], %%eax\n\tmov %[tag], %%ecx\n\t"
		     "cpuid\n\t"
		     "mov %%eax, %[a]\n\tmov %%ebx, %[b]\n\t"
		     "mov %%ecx, %[c]\n\tmov %%edx, %[d]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(end), "=&d"(hi), [t0] "=&r"(start),
		       [texit] "=m"(*(uint64_t *)t_exit),
		       [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d)
		     : [leaf] "r"(L2_SWITCH_LEAF), [tag] "r"(tag)
		     : "rbx", "rcx", "memory");
	(void)hi;
	*r = (struct cpuid_regs){ a, b, c, d };
	*t0 = start;
	*t1 = end;
}

/*
 * The turn L2 is in when exit n has returned: the next one if n ended a
 * turn (L1 switched away and has just loaded this L2 again), except after
 * the very last exit, which L1 resumes within the last turn.
 */
static uint64_t turn_after(const struct l2_switch_shared *sw, uint64_t n)
{
	uint64_t e = sw->exits_per_turn;

	return n % e == e - 1 && n + 1 < sw->turns * e ? n / e + 1 : n / e;
}

/* A failed check before exit n (after = false, at a turn's start) or after it. */
static void record(struct l2_shared *sh, enum l2_switch_fail what, uint64_t n, bool after,
		   uint64_t where, uint64_t got, uint64_t want)
{
	sh->fail_iter = n;
	sh->sw.fail_after = after;
	sh->sw.fail_turn = after ? turn_after(&sh->sw, n) : n / sh->sw.exits_per_turn;
	sh->got[0] = got;
	sh->want[0] = want;
	sh->got[1] = where;
	sh->failed = what;
}

static bool answer_ok(struct l2_shared *sh, uint64_t n, const struct cpuid_regs *r)
{
	struct cpuid_regs want = l2_switch_answer(sh->sw.index, n);
	const uint32_t got_r[4] = { r->eax, r->ebx, r->ecx, r->edx };
	const uint32_t want_r[4] = { want.eax, want.ebx, want.ecx, want.edx };

	for (unsigned int i = 0; i < 4; i++) {
		if (got_r[i] != want_r[i]) {
			record(sh, L2_SW_BAD_ANSWER, n, true, i, got_r[i], want_r[i]);
			return false;
		}
	}
	return true;
}

static bool word_ok(struct l2_shared *sh, uint64_t n, bool after, unsigned int w)
{
	uint64_t got = sh->sw.window[w];
	uint64_t want = l2_switch_pattern(sh->sw.index + 1, w);

	if (got == want)
		return true;
	record(sh, L2_SW_BAD_PATTERN, n, after, w, got, want);
	return false;
}

/*
 * A turn starts: the whole pattern, and the token of the previous turn
 * still where this L2 wrote it; then this turn's token. n is the turn's
 * first exit.
 */
static bool turn_start_ok(struct l2_shared *sh, uint64_t turn, uint64_t n)
{
	struct l2_switch_shared *sw = &sh->sw;
	unsigned int slot;

	for (unsigned int w = 0; w < L2_SW_PATTERN_WORDS; w++)
		if (!word_ok(sh, n, false, w))
			return false;
	if (turn > 0) {
		slot = L2_SW_PATTERN_WORDS + (turn - 1) % L2_SW_TOKEN_SLOTS;
		if (sw->window[slot] != l2_switch_token(sw->index, turn - 1)) {
			record(sh, L2_SW_BAD_TOKEN, n, false, slot, sw->window[slot],
			       l2_switch_token(sw->index, turn - 1));
			return false;
		}
	}
	sw->window[L2_SW_PATTERN_WORDS + turn % L2_SW_TOKEN_SLOTS] =
		l2_switch_token(sw->index, turn);
	return true;
}

void l2_switch_loop(struct l2_shared *sh)
{
	struct l2_switch_shared *sw = &sh->sw;
	uint64_t total = sw->turns * sw->exits_per_turn, t_unused;
	struct cpuid_regs r;

	/* for the first load: this is as close to L2's first instruction as C gets */
	sw->t_start = rdtsc_ordered();
	sw->tr_start = sh->t_resume;
	sh->timer_overhead = l2_timer_overhead(&sh->t_exit);
	for (uint64_t n = 0; n < total; n++) {
		if (n % sw->exits_per_turn == 0 &&
		    !turn_start_ok(sh, n / sw->exits_per_turn, n))
			return;		/* L1 sees the HLT and reports */
		timed_cpuid(&sh->t_exit, l2_switch_tag(sw->index, n), &r, &sw->t0[n],
			    &sw->t1[n]);
		sw->tr[n] = sh->t_resume;
		if (!answer_ok(sh, n, &r) || !word_ok(sh, n, true, n % L2_SW_PATTERN_WORDS))
			return;
	}
	sh->done = 1;
	/*
	 * The end, as an exit like the others (not a HLT): the switch round
	 * trip to the next L2 then starts the same way as every other one,
	 * at the TSC published in t_exit. L1 never resumes this one.
	 */
	timed_cpuid(&sh->t_exit, l2_switch_tag(sw->index, total), &r, &t_unused, &t_unused);
}
