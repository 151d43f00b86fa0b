// SPDX-License-Identifier: GPL-2.0
/* L2 programs for the NPT12, ASID and shadow-bound scenarios (l1/npt12*.c). */
#include "l2.h"

/* Write an NPT12 entry (sh->target): flip an ignored bit, count times. */
void l2_toggle_target(struct l2_shared *sh)
{
	volatile uint64_t *e = (volatile uint64_t *)(uintptr_t)sh->target;

	for (uint64_t i = 0; i < sh->count; i++)
		*e ^= 1ull << 9;
	sh->done = 1;
}

/* A data read fills L0's mapping of the page first; the fetch must still fault. */
void l2_read_then_call(struct l2_shared *sh)
{
	void (*fn)(struct l2_shared *) = (void (*)(struct l2_shared *))(uintptr_t)sh->target;

	sh->value = *(volatile uint8_t *)(uintptr_t)sh->target;
	asm volatile("vmmcall" ::: "memory");	/* L1 looks, nothing else moves */
	fn(sh);
}

/* Read (A must be set, D not), VMMCALL so L1 looks, then write (D set). */
void l2_ad_read_write(struct l2_shared *sh)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)sh->target;

	sh->value = *p;
	asm volatile("vmmcall" ::: "memory");
	*p = 0x6469727479ull;	/* "dirty" */
	sh->done = 1;
}

/* Write the NPT12 entry at target2 (if any), then read target. */
void l2_write_then_read(struct l2_shared *sh)
{
	if (sh->target2)
		*(volatile uint64_t *)(uintptr_t)sh->target2 ^= 1ull << 9;
	sh->value = *(volatile uint64_t *)(uintptr_t)sh->target;
	sh->done = 1;
}

void l2_read_value(struct l2_shared *sh)
{
	sh->value = *(volatile uint64_t *)(uintptr_t)sh->target;
	sh->done = 1;
}

/* One read every target2 bytes from target on: a new shadow table each time. */
void l2_sweep(struct l2_shared *sh)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < sh->count; i++)
		sum += *(volatile uint64_t *)(uintptr_t)(sh->target + i * sh->target2);
	sh->value = sum;
	sh->done = 1;
}

void l2_rdmsr_tsc(struct l2_shared *sh)
{
	for (uint64_t i = 0; i < sh->count; i++)
		sh->value = rdmsr(0x10);
	sh->done = 1;
}
