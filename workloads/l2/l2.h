/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2 programs run by the l1-hv image (workloads/l1). They share the image
 * and L1's page tables but not its privileges towards the VMM: no ucall,
 * no port I/O. Each gets a struct l2_shared * in RDI, reports through it,
 * and ends with HLT (returning from the entry function executes l2_exit).
 */
#ifndef HVT_L2_H
#define HVT_L2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "x86.h"

/*
 * What L2's interrupt handlers saw (l2/events_asm.S writes it through RDI,
 * which holds the struct l2_shared * when L2 starts): the entry code sets
 * step to 1 first, so seen_step 0 means the event came before L2's first
 * instruction. Offsets are fixed: the handlers are assembly.
 */
struct l2_event_log {
	volatile uint64_t step;		/* 0x00: L2's entry code ran */
	volatile uint64_t vector;	/* 0x08 */
	volatile uint64_t error;	/* 0x10: error code (0 if none) */
	volatile uint64_t seen_step;	/* 0x18: step when the handler ran */
	volatile uint64_t count;	/* 0x20: handler runs */
};

/*
 * l2-switch: who this L2 is, its schedule, and its timestamps (raw, so L1
 * can pair one L2's exit with the next L2's resumption afterwards).
 */
struct l2_switch_shared {
	uint64_t index;			/* 0..K-1 */
	uint64_t turns, exits_per_turn;	/* S, E */
	volatile uint64_t *window;	/* the same L2 address in every L2 */
	uint64_t *t0, *t1, *tr;		/* [S * E]: TSC before and after each
					 * CPUID, and L1's TSC before the VMRUN
					 * that resumed it */
	uint64_t t_start, tr_start;	/* L2's first TSC read, L1's before that VMRUN */
	uint64_t fail_turn;		/* the turn of a failed check ... */
	uint64_t fail_after;		/* ... made after exit fail_iter returned (1) or before it (0) */
};

/* One page, set up by L1 before the first VMRUN, read by L1 after L2 ends. */
struct l2_shared {
	struct l2_event_log ev;		/* first: offset 0 (events_asm.S) */
	/* timestamps that cross the world switch (same TSC: tsc_offset 0) */
	volatile uint64_t t_exit;	/* L2: TSC just before its exiting insn */
	volatile uint64_t t_resume;	/* L1: TSC just before VMRUN */

	/* nested-cpuid / nested-vmmcall */
	uint64_t warmup, iterations;
	uint32_t leaf;			/* CPUID leaf asked for */
	uint64_t *round_trip;		/* [iterations] L2's rdtsc delta */
	uint64_t *entry_leg;		/* [iterations] L1's VMRUN to L2 */
	uint64_t timer_overhead;	/* the timed window without the exit */

	/* mem-touch */
	volatile uint8_t *region;
	uint64_t pages;
	uint64_t first_touch_ticks, retouch_ticks;
	uint64_t bad_reads, first_bad_page;

	/* hostile-npt-outside: the address L2 reads */
	uint64_t target;
	/* nested-npt12-*, nested-shadow-bound: a second address, a count, a value */
	uint64_t target2, count;
	volatile uint64_t value;

	struct l2_switch_shared sw;	/* l2-switch */

	/* L2's verdict: failed != 0 means a result was not what L1 put there */
	uint64_t failed;
	uint64_t fail_iter;
	uint64_t got[5], want[5];	/* registers, in the order L1 names them */
	volatile uint64_t done;		/* L2 reached the end of its program */
};

_Static_assert(offsetof(struct l2_shared, ev) == 0, "events_asm.S");
_Static_assert(offsetof(struct l2_event_log, count) == 0x20, "events_asm.S");

/*
 * What L1 answers to the n-th CPUID exit (n counts from 0, warmup
 * included): both sides compute it, so a lost, repeated or corrupted exit
 * shows up as a mismatch in L2.
 */
#define L2_CPUID_LEAF 0x4c320001u

static inline struct cpuid_regs l2_cpuid_answer(uint64_t n, uint32_t leaf)
{
	return (struct cpuid_regs){
		.eax = 0x4c314856u ^ (uint32_t)n,
		.ebx = 0x68767421u ^ (uint32_t)(n >> 32),
		.ecx = leaf,
		.edx = ~(uint32_t)n,
	};
}

/* VMMCALL: L2 passes a request in RAX, L1 returns the answer in RAX. */
static inline uint64_t l2_vmmcall_request(uint64_t n)
{
	return 0x564d4d0000000000ull | n;	/* "VMM" + counter */
}

static inline uint64_t l2_vmmcall_answer(uint64_t n)
{
	return ~n * 0x9e3779b97f4a7c15ull;
}

/*
 * RDMSR of an MSR in the MSRPM's third range that L1 intercepts (it means
 * nothing to a CPU; only L1 answers it), and IN from a port L1 intercepts
 * in its IOPM. L1 answers the n-th exit with l2_msr_io_answer(n).
 */
#define L2_MSR_INDEX 0xc0011fe0u
#define L2_IO_PORT   0x5a4u

static inline uint64_t l2_msr_io_answer(uint64_t n)
{
	return (n * 0x9e3779b97f4a7c15ull) ^ 0x6d73722f696f0000ull;
}

/*
 * l2-switch. L2 i asks CPUID leaf L2_SWITCH_LEAF with ECX = its tag (who
 * and which exit), so L1 sees which L2's state it resumed; L1 answers
 * the n-th exit of L2 i with l2_switch_answer(i, n), so L2 sees whose
 * answer it got. Its window page holds l2_switch_pattern(i, w) in words
 * 0..L2_SW_PATTERN_WORDS-1 and, in the rest, the token of each turn, at
 * L2_SW_PATTERN_WORDS + turn % L2_SW_TOKEN_SLOTS. Each value names its L2
 * (index + 1 in bits 40-47, 0 = L1's own page, under a magic in bits
 * 48-63), so a mismatch says whose it was.
 */
#define L2_SWITCH_LEAF		0x4c320002u
#define L2_SW_PATTERN_WORDS	256
#define L2_SW_TOKEN_SLOTS	256

static inline uint32_t l2_switch_tag(uint64_t i, uint64_t n)
{
	return (uint32_t)((i + 1) << 24 | (n & 0xffffff));
}

static inline struct cpuid_regs l2_switch_answer(uint64_t i, uint64_t n)
{
	return (struct cpuid_regs){
		.eax = 0x53570000u | (uint32_t)(i + 1),		/* "SW" */
		.ebx = (uint32_t)n ^ 0xa5a5a5a5u,
		.ecx = l2_switch_tag(i, n),
		.edx = ~((uint32_t)n * 0x9e3779b1u + (uint32_t)i),
	};
}

#define L2_SW_PATTERN_MAGIC	0x5041ull	/* "PA", bits 48-63 */
#define L2_SW_TOKEN_MAGIC	0x544bull	/* "TK" */

static inline uint64_t l2_switch_pattern(uint64_t owner_plus_1, uint64_t w)
{
	return L2_SW_PATTERN_MAGIC << 48 | owner_plus_1 << 40 | w;
}

static inline uint64_t l2_switch_token(uint64_t i, uint64_t turn)
{
	return L2_SW_TOKEN_MAGIC << 48 | (i + 1) << 40 | (turn & 0xffffffffffull);
}

/* The owner + 1 a pattern or token names (0: L1's page). */
static inline unsigned int l2_switch_owner(uint64_t v)
{
	return (unsigned int)((v >> 40) & 0xff);
}

static inline bool l2_switch_is_ours(uint64_t v)
{
	return v >> 48 == L2_SW_PATTERN_MAGIC || v >> 48 == L2_SW_TOKEN_MAGIC;
}

/* What L2 found wrong (l2_shared.failed); got[0]/want[0] the values, got[1] the word or register. */
enum l2_switch_fail {
	L2_SW_BAD_ANSWER = 1,		/* a CPUID register (got[1] = 0..3: EAX..EDX) */
	L2_SW_BAD_PATTERN = 2,		/* a pattern word of the window page */
	L2_SW_BAD_TOKEN = 3,		/* the token L2 wrote in its previous turn */
};

/* mem-touch: the value pass 1 leaves in page i. */
static inline uint64_t l2_touch_value(uint64_t i)
{
	return 0x746f756368000000ull ^ (i * 0x100000001ull);
}

/* The timed window of the loops with nothing in it (minimum of many). */
uint64_t l2_timer_overhead(volatile uint64_t *t_exit);

/* Entry points (RDI = struct l2_shared *). */
void l2_cpuid_loop(struct l2_shared *sh);
void l2_vmmcall_loop(struct l2_shared *sh);
void l2_msr_loop(struct l2_shared *sh);
void l2_io_loop(struct l2_shared *sh);
void l2_mem_touch(struct l2_shared *sh);
void l2_hlt(struct l2_shared *sh);
void l2_read_target(struct l2_shared *sh);
void l2_npt_code_target(struct l2_shared *sh);
void l2_triple_fault(struct l2_shared *sh);
/* events_asm.S: step = 1, HLT (an event must come first: see l2_event_log) */
void l2_event_entry(struct l2_shared *sh);
/* 256 interrupt stubs 16 bytes apart: record in sh->ev (RDI), HLT */
extern const char l2_event_stubs[];
/* npt12.c */
void l2_toggle_target(struct l2_shared *sh);	/* *target ^= 1 << 9, count times */
void l2_read_then_call(struct l2_shared *sh);	/* read target's code, then call it */
void l2_nx_target(struct l2_shared *sh);	/* events_asm.S: alone in its page, sets ev.step */
void l2_ad_read_write(struct l2_shared *sh);	/* read, VMMCALL, write target */
void l2_read_value(struct l2_shared *sh);	/* value = *target */
void l2_write_then_read(struct l2_shared *sh);	/* *target2 ^= 1 << 9; value = *target */
void l2_sweep(struct l2_shared *sh);		/* read target + i * target2, i < count */
void l2_rdmsr_tsc(struct l2_shared *sh);	/* RDMSR 0x10 count times */
/* switch_loop.c: S * E tagged CPUIDs, window page checked every turn, then
 * done = 1 and a final CPUID (exit number S * E) that L1 does not resume */
void l2_switch_loop(struct l2_shared *sh);
/* Where an entry function returns to: HLT forever. */
void l2_exit(void);

#endif
