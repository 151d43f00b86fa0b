/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Summary statistics of u64 samples (TSC ticks).
 *
 * Percentiles use the nearest-rank definition on the sorted samples
 * x[1] <= ... <= x[n]: the p-th percentile (0 < p <= 100) is x[ceil(p/100 * n)],
 * and the 0th is x[1]. So every percentile is one of the samples, never an
 * interpolation. The median is the 50th percentile by this definition: for
 * an even n it is the lower of the two middle samples, x[n/2].
 * stddev is the sample standard deviation (divisor n - 1; 0 for n = 1).
 */
#ifndef HVTVMM_STATS_H
#define HVTVMM_STATS_H

#include <stddef.h>
#include <stdint.h>

struct stats {
	size_t count;
	uint64_t min, max;
	uint64_t median, p10, p90;
	double mean;
	double stddev;
};

/*
 * Summarises samples[0..n) (left unchanged). Returns 0, or -1 with errno
 * EINVAL for n == 0 and ENOMEM if the sorted copy cannot be allocated.
 */
int stats_compute(const uint64_t *samples, size_t n, struct stats *out);

/* Nearest-rank percentile pct (0..100) of n >= 1 sorted samples. */
uint64_t stats_percentile_sorted(const uint64_t *sorted, size_t n, unsigned int pct);

/* Largest |x - mean| / mean over values[0..n), as a fraction; 0 if mean is 0. */
double stats_max_rel_deviation(const uint64_t *values, size_t n);

#endif
