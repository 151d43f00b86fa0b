// SPDX-License-Identifier: GPL-2.0
/*
 * l1-mem-touch: touches every 4 KiB page of a region of bp->args[0] MiB
 * (default 256), then verifies it.
 *
 * The first pass writes two words per page whose values depend on the
 * page index: the first store to each page is the guest's first access to
 * it, so under a hypervisor that maps memory on demand (NPT fault, host
 * page fault) each page costs one fault, and "first_touch_ticks" times
 * them all. The verify pass reads both words back: a page mapped to the
 * wrong host page, or mapped twice, shows up as a mismatch.
 *
 * The region is carved from the top of the free memory, bypassing the
 * runtime allocator, because alloc_pages() zeroes — and so touches — every
 * page it hands out. Only vCPU 0 runs the test; the others return.
 *
 * Reports VALUEs "region_mib", "pages", "first_touch_ticks", "verify_ticks".
 */
#include "guest.h"

#define DEFAULT_REGION_MIB 256
#define REGION_ALIGN (2ull << 20)
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(uint64_t))

static uint64_t page_pattern(uint64_t i)
{
	return (i + 1) * 0x9e3779b97f4a7c15ull;
}

static volatile uint64_t *region_base(const struct hvt_boot_params *bp, uint64_t bytes)
{
	uint64_t free = bp->free_end - bp->free_start, base;

	GUEST_ASSERT_MSG(bytes + REGION_ALIGN <= free,
			 "a region of %llu MiB does not fit in %llu MiB of free memory: give more --mem",
			 (unsigned long long)(bytes >> 20), (unsigned long long)(free >> 20));
	base = (bp->free_end - bytes) & ~(REGION_ALIGN - 1);
	return (volatile uint64_t *)(uintptr_t)base;
}

static uint64_t first_touch(volatile uint64_t *base, uint64_t pages)
{
	uint64_t t0 = rdtsc_ordered();

	for (uint64_t i = 0; i < pages; i++) {
		volatile uint64_t *p = base + i * WORDS_PER_PAGE;

		p[0] = page_pattern(i);
		p[WORDS_PER_PAGE - 1] = ~page_pattern(i);
	}
	return rdtsc_ordered() - t0;
}

static void check_page(volatile uint64_t *p, uint64_t i)
{
	uint64_t first = p[0], last = p[WORDS_PER_PAGE - 1];

	if (first == page_pattern(i) && last == ~page_pattern(i))
		return;
	guest_fail_values(__FILE__, __LINE__, first, last,
			  "page %llu at 0x%llx reads 0x%llx/0x%llx, wrote 0x%llx/0x%llx",
			  (unsigned long long)i, (unsigned long long)(uintptr_t)p,
			  (unsigned long long)first, (unsigned long long)last,
			  (unsigned long long)page_pattern(i),
			  (unsigned long long)~page_pattern(i));
}

static uint64_t verify(volatile uint64_t *base, uint64_t pages)
{
	uint64_t t0 = rdtsc_ordered();

	for (uint64_t i = 0; i < pages; i++)
		check_page(base + i * WORDS_PER_PAGE, i);
	return rdtsc_ordered() - t0;
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	uint64_t mib = bp->args[0] ? bp->args[0] : DEFAULT_REGION_MIB;
	uint64_t pages, touch_ticks, verify_ticks;
	volatile uint64_t *base;

	if (vcpu != 0)
		return;
	GUEST_ASSERT_MSG(mib <= (HVT_MAX_MEM >> 20), "args[0] = %llu MiB", (unsigned long long)mib);
	pages = (mib << 20) / PAGE_SIZE;
	base = region_base(bp, mib << 20);
	guest_print("l1-mem-touch: %llu MiB (%llu pages) at 0x%llx",
		    (unsigned long long)mib, (unsigned long long)pages,
		    (unsigned long long)(uintptr_t)base);
	touch_ticks = first_touch(base, pages);
	verify_ticks = verify(base, pages);
	guest_value("region_mib", mib);
	guest_value("pages", pages);
	guest_value("first_touch_ticks", touch_ticks);
	guest_value("verify_ticks", verify_ticks);
}
