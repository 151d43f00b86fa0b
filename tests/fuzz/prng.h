/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzer's only source of randomness: xoshiro256** seeded through
 * splitmix64. Same seed, same numbers, on every host and libc, so a seed
 * printed by a run reproduces its op sequence anywhere.
 */
#ifndef FZ_PRNG_H
#define FZ_PRNG_H

#include <stddef.h>
#include <stdint.h>

struct fz_rng {
	uint64_t s[4];
};

void fz_rng_seed(struct fz_rng *r, uint64_t seed);
uint64_t fz_rng_next(struct fz_rng *r);
/* Uniform in [0, n); n == 0 gives 0. */
uint64_t fz_rng_below(struct fz_rng *r, uint64_t n);
/* True with probability pct/100. */
int fz_rng_chance(struct fz_rng *r, unsigned int pct);
/* Seed of program @index of a run started with @seed (independent streams). */
uint64_t fz_prog_seed(uint64_t seed, uint64_t index);

#define FZ_PICK(r, arr) ((arr)[fz_rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

#endif
