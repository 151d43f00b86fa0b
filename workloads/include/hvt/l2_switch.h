/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The l2-switch scenario of l1-hv (HVT_L1_L2_SWITCH): K L2 guests, each
 * with its own VMCB12, NPT12 and ASID, run one turn at a time in a fixed
 * global order; a turn is E CPUID exits of one L2, and every L2 gets S
 * turns. What follows is what L1 and the VMM both derive from K, S, E and
 * the mode, so the guest asserts its counts and the VMM checks them again.
 *
 * Shared by workloads/ (the L1) and bench/ (the VMM).
 */
#ifndef HVT_L2_SWITCH_H
#define HVT_L2_SWITCH_H

#include <stdint.h>

#define HVT_SW_MAX_L2S		16
#define HVT_SW_DEFAULT_L2S	2
#define HVT_SW_DEFAULT_TURNS	4
#define HVT_SW_DEFAULT_EXITS	4
/*
 * S * E per L2: L2 tags each request with its exit number in 24 bits, and
 * its final CPUID (the one that says it is done, never resumed) is S * E.
 */
#define HVT_SW_MAX_EXITS_PER_L2	((1ull << 24) - 1)

enum hvt_sw_mode {
	HVT_SW_MODE_STAY = 0,		/* L1 vCPU 0 runs every turn */
	HVT_SW_MODE_MIGRATE = 1,	/* L2 i's round r runs on L1 vCPU (i + r) % 2 */
};

/*
 * Debug: break one L2's context on purpose, from its second turn on (its
 * only turn if S = 1), to prove the checks fail. args[7] = code | j << 8.
 */
#define HVT_SW_WRONG_NPT12	1	/* L2 j runs on L2 (j+1)'s NPT12 */
#define HVT_SW_WRONG_ANSWER	2	/* L1 answers L2 j with L2 (j+1)'s values */
#define HVT_SW_WRONG_CODE(arg)	((unsigned int)((arg) & 0xff))
#define HVT_SW_WRONG_L2(arg)	((unsigned int)(((arg) >> 8) & 0xff))

/* The L1 vCPU that runs L2 i's turn in round r. */
static inline unsigned int hvt_sw_vcpu(uint32_t mode, uint64_t i, uint64_t r)
{
	return mode == HVT_SW_MODE_MIGRATE ? (unsigned int)((i + r) % 2) : 0;
}

/*
 * Loads: turns whose first VMRUN names a VMCB12 other than the one that
 * L1 vCPU ran last. With K >= 2 every turn is one, in both modes (in
 * migrate mode consecutive turns of one vCPU alternate the parity of the
 * L2 index). K = 1 has nothing to switch to: stay mode loads once; in
 * migrate mode the one L2 goes back and forth and each vCPU loads it once.
 */
static inline uint64_t hvt_sw_loads(uint64_t k, uint64_t s, uint32_t mode)
{
	if (k >= 2)
		return k * s;
	if (mode == HVT_SW_MODE_MIGRATE)
		return s < 2 ? s : 2;
	return 1;
}

/* Turns that run on another L1 vCPU than the same L2's previous turn. */
static inline uint64_t hvt_sw_migrations(uint64_t k, uint64_t s, uint32_t mode)
{
	return mode == HVT_SW_MODE_MIGRATE ? k * (s - 1) : 0;
}

/*
 * CPUID exits L1 sees: E per turn, and one more per L2 at the end of its
 * last turn, the one that says "done" and is never resumed. Every VMRUN
 * is inside a turn and ends in one of these exits.
 */
static inline uint64_t hvt_sw_cpuid_exits(uint64_t k, uint64_t s, uint64_t e)
{
	return k * (s * e + 1);
}

/*
 * Sample counts. Round 0 (every L2's first turn) warms up and is not
 * sampled, except its loads after the very first, as "first loads".
 * Switch: the round trip around each later turn's load. Plain: every
 * other round trip of rounds >= 1, i.e. E - 1 per turn plus the resume
 * that lets each L2 reach its final CPUID.
 */
static inline uint64_t hvt_sw_switch_samples(uint64_t k, uint64_t s)
{
	return k * (s - 1);
}

static inline uint64_t hvt_sw_plain_samples(uint64_t k, uint64_t s, uint64_t e)
{
	return s >= 2 ? k * ((s - 1) * (e - 1) + 1) : 0;
}

static inline uint64_t hvt_sw_first_load_samples(uint64_t k)
{
	return k - 1;
}

#endif
