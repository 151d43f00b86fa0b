// SPDX-License-Identifier: GPL-2.0
/* Statistics: nearest-rank percentiles, mean, stddev, edge cases. */
#include <errno.h>
#include <stdlib.h>
#include <hvtvmm/stats.h>
#include "check.h"

static void odd_count(void)
{
	const uint64_t x[] = { 50, 10, 40, 20, 30 };
	struct stats s;

	CHECK(stats_compute(x, 5, &s) == 0);
	CHECK_U64(s.count, 5);
	CHECK_U64(s.min, 10);
	CHECK_U64(s.max, 50);
	CHECK_U64(s.median, 30);	/* rank ceil(2.5) = 3 */
	CHECK_U64(s.p10, 10);		/* rank ceil(0.5) = 1 */
	CHECK_U64(s.p90, 50);		/* rank ceil(4.5) = 5 */
	CHECK_NEAR(s.mean, 30.0, 1e-12);
	CHECK_NEAR(s.stddev, 15.811388300841896, 1e-9);	/* sqrt(250) */
	CHECK_U64(x[0], 50);	/* the input is not sorted in place */
}

static void even_count(void)
{
	const uint64_t x[] = { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	struct stats s;

	CHECK(stats_compute(x, 10, &s) == 0);
	CHECK_U64(s.median, 5);		/* rank 5: the lower middle, not 5.5 */
	CHECK_U64(s.p10, 1);		/* rank 1 */
	CHECK_U64(s.p90, 9);		/* rank 9 */
	CHECK_NEAR(s.mean, 5.5, 1e-12);
	CHECK_NEAR(s.stddev, 3.0276503540974917, 1e-9);
}

static void hundred_samples(void)
{
	uint64_t x[100];
	struct stats s;

	for (int i = 0; i < 100; i++)
		x[i] = (uint64_t)((i * 37) % 100) + 1;	/* 1..100, shuffled */
	CHECK(stats_compute(x, 100, &s) == 0);
	CHECK_U64(s.p10, 10);
	CHECK_U64(s.median, 50);
	CHECK_U64(s.p90, 90);
	CHECK_U64(s.min, 1);
	CHECK_U64(s.max, 100);
}

static void single_sample(void)
{
	const uint64_t x[] = { 2586 };
	struct stats s;

	CHECK(stats_compute(x, 1, &s) == 0);
	CHECK_U64(s.min, 2586);
	CHECK_U64(s.max, 2586);
	CHECK_U64(s.median, 2586);
	CHECK_U64(s.p10, 2586);
	CHECK_U64(s.p90, 2586);
	CHECK_NEAR(s.mean, 2586.0, 0);
	CHECK_NEAR(s.stddev, 0.0, 0);
}

static void empty_input_is_an_error(void)
{
	struct stats s;

	errno = 0;
	CHECK(stats_compute(NULL, 0, &s) == -1);
	CHECK(errno == EINVAL);
}

static void huge_values_do_not_overflow(void)
{
	const uint64_t x[] = { UINT64_MAX, UINT64_MAX, UINT64_MAX - 2 };
	struct stats s;

	CHECK(stats_compute(x, 3, &s) == 0);
	CHECK_U64(s.median, UINT64_MAX);
	CHECK_U64(s.min, UINT64_MAX - 2);
	CHECK_NEAR(s.mean / 1.8446744073709552e19, 1.0, 1e-12);
}

static void percentile_edges(void)
{
	const uint64_t sorted[] = { 1, 2, 3, 4 };

	CHECK_U64(stats_percentile_sorted(sorted, 4, 0), 1);
	CHECK_U64(stats_percentile_sorted(sorted, 4, 25), 1);
	CHECK_U64(stats_percentile_sorted(sorted, 4, 26), 2);
	CHECK_U64(stats_percentile_sorted(sorted, 4, 75), 3);
	CHECK_U64(stats_percentile_sorted(sorted, 4, 100), 4);
	CHECK_U64(stats_percentile_sorted(sorted, 4, 200), 4);
}

static void relative_deviation(void)
{
	const uint64_t m[] = { 90, 100, 110 };
	const uint64_t same[] = { 7, 7 };

	CHECK_NEAR(stats_max_rel_deviation(m, 3), 0.1, 1e-12);
	CHECK_NEAR(stats_max_rel_deviation(same, 2), 0.0, 0);
	CHECK_NEAR(stats_max_rel_deviation(m, 0), 0.0, 0);
}

int main(void)
{
	RUN_TEST(odd_count);
	RUN_TEST(even_count);
	RUN_TEST(hundred_samples);
	RUN_TEST(single_sample);
	RUN_TEST(empty_input_is_an_error);
	RUN_TEST(huge_values_do_not_overflow);
	RUN_TEST(percentile_edges);
	RUN_TEST(relative_deviation);
	return check_report();
}
