// SPDX-License-Identifier: GPL-2.0
/*
 * L2 nested-vmmcall: like the CPUID loop, with VMMCALL. RAX carries a
 * request to L1 and its answer back; RBX, RCX, RSI and RDI carry values
 * nobody may change, so a world switch that loses L2's GPRs fails the run.
 */
#include "l2.h"

struct vmmcall_result {
	uint64_t rax, rbx, rcx, rsi, rdi;
};

static uint64_t timed_vmmcall(volatile uint64_t *t_exit, uint64_t req,
			      struct vmmcall_result *r, uint64_t *t_end)
{
	uint64_t t0, t1, hi, ans;
	uint64_t b = ~req, c = req ^ 0x5555, s = req + 1, d = req - 1;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax\n\t"
		     "mov %%rax, %[t0]\n\tmov %%rax, %[texit]\n\t"
		     "mov %[req], %%rax\n\t"
		     "vmmcall\n\t"
		     "mov %%rax, %[ans]\n\t"
		     "lfence\n\trdtsc\n\tlfence\n\t"
		     "shl $32, %%rdx\n\tor %%rdx, %%rax"
		     : "=&a"(t1), "=&d"(hi), [t0] "=&r"(t0),
		       [texit] "=m"(*(uint64_t *)t_exit), [ans] "=&r"(ans),
		       "+b"(b), "+c"(c), "+S"(s), "+D"(d)
		     : [req] "r"(req)
		     : "memory");
	(void)hi;
	*r = (struct vmmcall_result){ ans, b, c, s, d };
	*t_end = t1;
	return t1 - t0;
}

static int check(struct l2_shared *sh, uint64_t n, uint64_t req,
		 const struct vmmcall_result *r)
{
	uint64_t want[5] = { l2_vmmcall_answer(n), ~req, req ^ 0x5555,
			     req + 1, req - 1 };
	uint64_t got[5] = { r->rax, r->rbx, r->rcx, r->rsi, r->rdi };
	int ok = 1;

	for (int i = 0; i < 5; i++)
		ok &= got[i] == want[i];
	if (ok)
		return 1;
	for (int i = 0; i < 5; i++) {
		sh->got[i] = got[i];
		sh->want[i] = want[i];
	}
	sh->fail_iter = n;
	sh->failed = 1;
	return 0;
}

void l2_vmmcall_loop(struct l2_shared *sh)
{
	uint64_t total = sh->warmup + sh->iterations;

	sh->timer_overhead = l2_timer_overhead(&sh->t_exit);
	for (uint64_t n = 0; n < total; n++) {
		struct vmmcall_result r;
		uint64_t req = l2_vmmcall_request(n), t1;
		uint64_t ticks = timed_vmmcall(&sh->t_exit, req, &r, &t1);

		if (!check(sh, n, req, &r))
			return;
		if (n >= sh->warmup) {
			sh->round_trip[n - sh->warmup] = ticks;
			sh->entry_leg[n - sh->warmup] = t1 - sh->t_resume;
		}
	}
	sh->done = 1;
}
