// SPDX-License-Identifier: GPL-2.0
/*
 * L2 nested-msr and nested-io: like the CPUID loop, with an RDMSR that L1
 * intercepts through its MSRPM and an IN that L1 intercepts through its
 * IOPM. L0 must look at L1's bitmaps to reflect them. RCX (the MSR) and
 * RDX (the port) must come back unchanged.
 */
#include "l2.h"

struct result {
	uint64_t rax, rcx, rdx;
};

static uint64_t timed_rdmsr(volatile uint64_t *t_exit, struct result *r,
			    uint64_t *t_end)
{
	uint64_t t0, t1, hi, lo, c = L2_MSR_INDEX, d;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "rdmsr\n\t"
		     "mov %%eax, %k[lo]\n\tmov %%edx, %k[d]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(t1), "=&d"(hi), [t0] "=&r"(t0),
		       [texit] "=m"(*(uint64_t *)t_exit), [lo] "=&r"(lo),
		       [d] "=&r"(d), "+c"(c)
		     :: "memory");
	(void)hi;
	*r = (struct result){ (d << 32) | lo, c, 0 };
	*t_end = t1;
	return t1 - t0;
}

static uint64_t timed_in(volatile uint64_t *t_exit, struct result *r,
			 uint64_t *t_end)
{
	uint64_t t0, t1, hi, val, port;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "mov %[p], %%edx\n\t"
		     "in %%dx, %%eax\n\t"
		     "mov %%rax, %[val]\n\tmov %%rdx, %[port]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(t1), "=&d"(hi), [t0] "=&r"(t0),
		       [texit] "=m"(*(uint64_t *)t_exit), [val] "=&r"(val),
		       [port] "=&r"(port)
		     : [p] "i"(L2_IO_PORT)
		     : "memory");
	(void)hi;
	*r = (struct result){ val, 0, port };
	*t_end = t1;
	return t1 - t0;
}

static int check(struct l2_shared *sh, uint64_t n, const struct result *got,
		 const struct result *want)
{
	if (got->rax == want->rax && got->rcx == want->rcx &&
	    got->rdx == want->rdx)
		return 1;
	sh->got[0] = got->rax, sh->got[1] = got->rcx, sh->got[2] = got->rdx;
	sh->want[0] = want->rax, sh->want[1] = want->rcx, sh->want[2] = want->rdx;
	sh->fail_iter = n;
	sh->failed = 1;
	return 0;
}

typedef uint64_t (*timed_fn)(volatile uint64_t *, struct result *, uint64_t *);

static void loop(struct l2_shared *sh, timed_fn op, int is_msr)
{
	uint64_t total = sh->warmup + sh->iterations;

	sh->timer_overhead = l2_timer_overhead(&sh->t_exit);
	for (uint64_t n = 0; n < total; n++) {
		uint64_t a = l2_msr_io_answer(n), t1;
		/* RDMSR gives EDX:EAX; a 32-bit IN zero-extends into RAX */
		struct result want = is_msr ?
			(struct result){ a, L2_MSR_INDEX, 0 } :
			(struct result){ (uint32_t)a, 0, L2_IO_PORT };
		struct result r;
		uint64_t ticks = op(&sh->t_exit, &r, &t1);

		if (!check(sh, n, &r, &want))
			return;
		if (n >= sh->warmup) {
			sh->round_trip[n - sh->warmup] = ticks;
			sh->entry_leg[n - sh->warmup] = t1 - sh->t_resume;
		}
	}
	sh->done = 1;
}

void l2_msr_loop(struct l2_shared *sh)
{
	loop(sh, timed_rdmsr, 1);
}

void l2_io_loop(struct l2_shared *sh)
{
	loop(sh, timed_in, 0);
}
