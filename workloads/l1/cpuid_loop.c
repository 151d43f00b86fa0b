// SPDX-License-Identifier: GPL-2.0
/*
 * l1-cpuid: the cost of one CPUID exit as seen by the guest.
 *
 * bp->warmup unmeasured CPUID(0), then bp->iterations measured ones, each
 * timed on its own into a per-vCPU u64 buffer, reported as the samples
 * "cpuid_ticks". Every result must equal the first (max leaf and vendor):
 * a hypervisor that corrupts guest registers on this path fails the run.
 * Also reports "timer_overhead_ticks", the smallest reading of the same
 * timed window without the CPUID, so readers can subtract it.
 */
#include "guest.h"

#define OVERHEAD_ROUNDS 1000

/*
 * One asm block holds the whole timed window, so the compiler cannot move
 * anything (the result checks, the sample store) into it. The window is
 * "lfence; rdtsc; lfence" ... "lfence; rdtsc; lfence" (see rdtsc_ordered).
 */
static uint64_t timed_cpuid(uint32_t leaf, struct cpuid_regs *r)
{
	uint32_t lo0, hi0, lo1, hi1, a, b, c, d;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "mov %%eax, %[lo0]\n\tmov %%edx, %[hi0]\n\t"
		     "mov %[leaf], %%eax\n\txor %%ecx, %%ecx\n\t"
		     "cpuid\n\t"
		     "mov %%eax, %[a]\n\tmov %%ebx, %[b]\n\t"
		     "mov %%ecx, %[c]\n\tmov %%edx, %[d]\n\t"
		     "lfence\n\trdtsc\n\tlfence"
		     : "=&a"(lo1), "=&d"(hi1), [lo0] "=&r"(lo0), [hi0] "=&r"(hi0),
		       [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d)
		     : [leaf] "r"(leaf)
		     : "rbx", "rcx", "memory");
	*r = (struct cpuid_regs){ a, b, c, d };
	return (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
}

/* The same window with the CPUID left out. */
static uint64_t timed_nothing(void)
{
	uint32_t lo0, hi0, lo1, hi1;

	asm volatile("lfence\n\trdtsc\n\tlfence\n\t"
		     "mov %%eax, %[lo0]\n\tmov %%edx, %[hi0]\n\t"
		     "lfence\n\trdtsc\n\tlfence"
		     : "=&a"(lo1), "=&d"(hi1), [lo0] "=&r"(lo0), [hi0] "=&r"(hi0)
		     :: "memory");
	return (((uint64_t)hi1 << 32) | lo1) - (((uint64_t)hi0 << 32) | lo0);
}

static uint64_t timer_overhead(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < OVERHEAD_ROUNDS; i++) {
		uint64_t t = timed_nothing();

		if (t < best)
			best = t;
	}
	return best;
}

static void check_same(const struct cpuid_regs *got,
		       const struct cpuid_regs *want, uint64_t i)
{
	if (got->eax == want->eax && got->ebx == want->ebx &&
	    got->ecx == want->ecx && got->edx == want->edx)
		return;
	GUEST_FAIL("CPUID(0) changed at call %llu (warmup counted): "
		   "%x %x %x %x, first was %x %x %x %x",
		   (unsigned long long)i, got->eax, got->ebx, got->ecx, got->edx,
		   want->eax, want->ebx, want->ecx, want->edx);
}

static uint64_t *alloc_samples(uint64_t n)
{
	uint64_t bytes = n * sizeof(uint64_t);
	uint64_t *buf;

	GUEST_ASSERT_MSG(n <= UINT64_MAX / sizeof(uint64_t), "%llu iterations",
			 (unsigned long long)n);
	/* at least one page, so the samples address is valid even for n = 0 */
	buf = alloc_bytes(bytes ? bytes : 1);
	GUEST_ASSERT_MSG(buf != NULL, "%llu samples need %llu bytes, %llu free",
			 (unsigned long long)n, (unsigned long long)bytes,
			 (unsigned long long)alloc_free_bytes());
	return buf;
}

static void print_vendor(const struct cpuid_regs *r, unsigned int vcpu)
{
	char vendor[13];

	memcpy(vendor, &r->ebx, 4);
	memcpy(vendor + 4, &r->edx, 4);
	memcpy(vendor + 8, &r->ecx, 4);
	vendor[12] = '\0';
	guest_print("l1-cpuid vcpu %u: vendor \"%s\", max leaf 0x%x", vcpu,
		    vendor, r->eax);
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	uint64_t n = bp->iterations, *ticks = alloc_samples(n);
	struct cpuid_regs first, r;

	timed_cpuid(0, &first);
	print_vendor(&first, vcpu);
	for (uint64_t i = 0; i < bp->warmup; i++) {
		timed_cpuid(0, &r);
		check_same(&r, &first, i);
	}
	for (uint64_t i = 0; i < n; i++) {
		ticks[i] = timed_cpuid(0, &r);
		check_same(&r, &first, bp->warmup + i);
	}
	guest_value("timer_overhead_ticks", timer_overhead());
	guest_samples("cpuid_ticks", ticks, n);
	guest_value("iterations", n);
}
