// SPDX-License-Identifier: GPL-2.0
/*
 * L2 mem-touch: two passes over `pages` pages 4 KiB apart. Each pass reads
 * the first word of every page, checks it, and writes the next value, so
 * both do the same work; only the first meets pages L0 has not yet mapped
 * for L2 (nested/shadow page faults), the second re-touches them.
 */
#include "l2.h"

#define PAGE 4096u

/* Pass 0 expects zeroes and leaves l2_touch_value(i); pass 1 expects
 * those and leaves zeroes. Returns the ticks of the pass. */
static uint64_t touch_pass(struct l2_shared *sh, int pass)
{
	volatile uint8_t *base = sh->region;
	uint64_t t0 = rdtsc_ordered(), t1;

	for (uint64_t i = 0; i < sh->pages; i++) {
		volatile uint64_t *w = (volatile uint64_t *)(base + i * PAGE);
		uint64_t v = l2_touch_value(i);
		uint64_t want = pass ? v : 0;

		if (*w != want && !sh->bad_reads++)
			sh->first_bad_page = i;
		*w = pass ? 0 : v;
	}
	t1 = rdtsc_ordered();
	return t1 - t0;
}

void l2_mem_touch(struct l2_shared *sh)
{
	sh->first_touch_ticks = touch_pass(sh, 0);
	sh->retouch_ticks = touch_pass(sh, 1);
	sh->done = 1;
}
