// SPDX-License-Identifier: GPL-2.0
/* Short L2 programs for the hostile scenarios, and the shared helpers. */
#include "l2.h"

/* The loops' timed window with no exiting instruction in it. */
static uint64_t timed_nothing(volatile uint64_t *t_exit)
{
	uint64_t t0, t1, hi;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(t1), "=&d"(hi), [t0] "=&r"(t0),
		       [texit] "=m"(*(uint64_t *)t_exit)
		     :: "memory");
	(void)hi;
	return t1 - t0;
}

uint64_t l2_timer_overhead(volatile uint64_t *t_exit)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < 1000; i++) {
		uint64_t t = timed_nothing(t_exit);

		if (t < best)
			best = t;
	}
	return best;
}

void l2_exit(void)
{
	for (;;)
		hlt();
}

void l2_hlt(struct l2_shared *sh)
{
	sh->done = 1;
	hlt();
}

/* NPT12 makes sh->target fault: L1 should get an NPF for it. */
void l2_read_target(struct l2_shared *sh)
{
	(void)*(volatile uint64_t *)(uintptr_t)sh->target;
	sh->done = 1;
}

/*
 * Alone at the start of its page, so L1 can remap exactly the page L2
 * starts executing in: the very first fetch must fault.
 */
__attribute__((aligned(4096), section(".text.l2_npt_code_target")))
void l2_npt_code_target(struct l2_shared *sh)
{
	sh->done = 1;
}

/* An IDT with limit 0: ud2 -> #UD -> #GP -> #DF -> shutdown. */
void l2_triple_fault(struct l2_shared *sh)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 };

	(void)sh;
	lidt(&empty);
	ud2();
	sh->done = 1;	/* never: L1 intercepts SHUTDOWN */
}
