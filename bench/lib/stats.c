// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/stats.h>

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

uint64_t stats_percentile_sorted(const uint64_t *sorted, size_t n, unsigned int pct)
{
	size_t rank;

	if (pct > 100)
		pct = 100;
	/* rank = ceil(pct * n / 100), at least 1 */
	rank = ((unsigned __int128)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/* Welford's update: stable for large counts and large values. */
static void mean_and_stddev(const uint64_t *x, size_t n, double *mean, double *stddev)
{
	double m = 0, m2 = 0;

	for (size_t i = 0; i < n; i++) {
		double d = (double)x[i] - m;

		m += d / (double)(i + 1);
		m2 += d * ((double)x[i] - m);
	}
	*mean = m;
	*stddev = n > 1 ? sqrt(m2 / (double)(n - 1)) : 0.0;
}

int stats_compute(const uint64_t *samples, size_t n, struct stats *out)
{
	uint64_t *sorted;

	if (n == 0) {
		errno = EINVAL;
		return -1;
	}
	sorted = malloc(n * sizeof(*sorted));
	if (!sorted) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(sorted, samples, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_u64);
	out->count = n;
	out->min = sorted[0];
	out->max = sorted[n - 1];
	out->median = stats_percentile_sorted(sorted, n, 50);
	out->p10 = stats_percentile_sorted(sorted, n, 10);
	out->p90 = stats_percentile_sorted(sorted, n, 90);
	mean_and_stddev(samples, n, &out->mean, &out->stddev);
	free(sorted);
	return 0;
}

double stats_max_rel_deviation(const uint64_t *values, size_t n)
{
	double mean = 0, worst = 0;

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		mean += (double)values[i] / (double)n;
	if (mean == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		double dev = fabs((double)values[i] - mean) / mean;

		if (dev > worst)
			worst = dev;
	}
	return worst;
}
