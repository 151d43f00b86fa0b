// SPDX-License-Identifier: GPL-2.0
/*
 * L2 nested-cpuid: warmup + iterations CPUIDs, each intercepted by L1, each
 * timed alone from L2 (the L2 -> L0 -> L1 -> L0 -> L2 round trip) and each
 * result checked against what L1 must have answered.
 */
#include "l2.h"

/*
 * One asm block is the whole window, so nothing the compiler schedules
 * lands in it: "lfence; rdtsc; lfence", publish the start in t_exit (L1
 * reads it to time the exit leg), CPUID, "lfence; rdtsc; lfence".
 */
static uint64_t timed_cpuid(volatile uint64_t *t_exit, uint32_t leaf,
			    struct cpuid_regs *r, uint64_t *t_end)
{
	uint64_t t0, t1, hi;
	uint32_t a, b, c, d;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "mov %[leaf], %%eax\n\txor %%ecx, %%ecx\n\t"
		     "cpuid\n\t"
		     "mov %%eax, %[a]\n\tmov %%ebx, %[b]\n\t"
		     "mov %%ecx, %[c]\n\tmov %%edx, %[d]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(t1), "=&d"(hi), [t0] "=&r"(t0),
		       [texit] "=m"(*(uint64_t *)t_exit),
		       [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d)
		     : [leaf] "r"(leaf)
		     : "rbx", "rcx", "memory");
	(void)hi;
	*r = (struct cpuid_regs){ a, b, c, d };
	*t_end = t1;
	return t1 - t0;
}

static int same(const struct cpuid_regs *x, const struct cpuid_regs *y)
{
	return x->eax == y->eax && x->ebx == y->ebx &&
	       x->ecx == y->ecx && x->edx == y->edx;
}

static void record_failure(struct l2_shared *sh, uint64_t n,
			   const struct cpuid_regs *got,
			   const struct cpuid_regs *want)
{
	sh->fail_iter = n;
	sh->got[0] = got->eax, sh->got[1] = got->ebx;
	sh->got[2] = got->ecx, sh->got[3] = got->edx;
	sh->want[0] = want->eax, sh->want[1] = want->ebx;
	sh->want[2] = want->ecx, sh->want[3] = want->edx;
	sh->failed = 1;
}

void l2_cpuid_loop(struct l2_shared *sh)
{
	uint64_t total = sh->warmup + sh->iterations;

	sh->timer_overhead = l2_timer_overhead(&sh->t_exit);
	for (uint64_t n = 0; n < total; n++) {
		struct cpuid_regs r, want = l2_cpuid_answer(n, sh->leaf);
		uint64_t t1, ticks = timed_cpuid(&sh->t_exit, sh->leaf, &r, &t1);

		if (!same(&r, &want)) {
			record_failure(sh, n, &r, &want);
			return;		/* L1 sees the HLT and reports */
		}
		if (n >= sh->warmup) {
			sh->round_trip[n - sh->warmup] = ticks;
			sh->entry_leg[n - sh->warmup] = t1 - sh->t_resume;
		}
	}
	sh->done = 1;
}
