// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: log2 and linear histograms, percentiles. */
#include <stdlib.h>
#include <string.h>
#include "hist.h"

#define BAR_WIDTH 40
#define LINEAR_MAX_ROWS 60

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void hist_sort(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
}

/* Nearest rank. */
uint64_t hist_percentile(const uint64_t *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(p / 100.0 * (double)n + 0.5);
	if (i > 0)
		i--;
	return v[i < n ? i : n - 1];
}

double hist_mean(const uint64_t *v, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += (double)v[i];
	return n ? sum / (double)n : 0;
}

static uint64_t nice_width(uint64_t w)
{
	uint64_t step = 1;

	while (step * 10 <= w)
		step *= 10;
	if (w <= step)
		return step;
	if (w <= 2 * step)
		return 2 * step;
	if (w <= 5 * step)
		return 5 * step;
	return 10 * step;
}

/* Never finer than 1% of the median: a constant series gets a few buckets, not one per tick. */
uint64_t hist_auto_width(const uint64_t *v, size_t n)
{
	uint64_t spread = hist_percentile(v, n, 99) - hist_percentile(v, n, 1);
	uint64_t w = spread / 20, floor_w = hist_percentile(v, n, 50) / 100;

	return nice_width(w > floor_w ? w : floor_w ? floor_w : 1);
}

static void bar(FILE *f, uint64_t count, uint64_t max)
{
	int len = max ? (int)((count * BAR_WIDTH + max - 1) / max) : 0;

	fprintf(f, "|%.*s%*s|\n", len, "****************************************", BAR_WIDTH - len, "");
}

static void row(FILE *f, const char *range, uint64_t count, uint64_t max)
{
	fprintf(f, "  %-27s : %-8llu ", range, (unsigned long long)count);
	bar(f, count, max);
}

static void header(FILE *f, const char *unit)
{
	fprintf(f, "  %-27s : %-8s %s\n", unit, "count", "distribution");
}

void hist_log2_print(FILE *f, const uint64_t *v, size_t n, const char *unit)
{
	uint64_t slots[65] = { 0 }, max = 0;
	int lo = 64, hi = 0;
	char range[64];

	for (size_t i = 0; i < n; i++) {
		int s = v[i] ? 64 - __builtin_clzll(v[i]) : 0;	/* slot s: [2^(s-1), 2^s) */

		slots[s]++;
		lo = s < lo ? s : lo;
		hi = s > hi ? s : hi;
	}
	for (int s = lo; s <= hi; s++)
		max = slots[s] > max ? slots[s] : max;
	header(f, unit);
	for (int s = lo; s <= hi && n; s++) {
		uint64_t from = s ? 1ull << (s - 1) : 0, to = s ? (1ull << (s - 1)) * 2 - 1 : 0;

		snprintf(range, sizeof(range), "%llu -> %llu", (unsigned long long)from,
			 (unsigned long long)to);
		row(f, range, slots[s], max);
	}
}

/* Rows from p1 to p99 (or min to max when they fit), outliers in two extra rows. */
void hist_linear_print(FILE *f, const uint64_t *v, size_t n, uint64_t width, const char *unit)
{
	uint64_t lo, hi, rows, *counts, under = 0, over = 0, max = 0;
	char range[64];

	if (!n)
		return;
	lo = v[0] / width * width;
	hi = v[n - 1] / width * width;
	if ((hi - lo) / width + 1 > LINEAR_MAX_ROWS) {
		lo = hist_percentile(v, n, 1) / width * width;
		hi = hist_percentile(v, n, 99) / width * width;
		if ((hi - lo) / width + 1 > LINEAR_MAX_ROWS)
			hi = lo + (LINEAR_MAX_ROWS - 1) * width;
	}
	rows = (hi - lo) / width + 1;
	counts = calloc(rows, sizeof(*counts));
	if (!counts)
		return;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < lo)
			under++;
		else if (v[i] >= hi + width)
			over++;
		else
			counts[(v[i] - lo) / width]++;
	}
	for (uint64_t r = 0; r < rows; r++)
		max = counts[r] > max ? counts[r] : max;
	max = under > max ? under : max;
	max = over > max ? over : max;
	header(f, unit);
	if (under) {
		snprintf(range, sizeof(range), "< %llu", (unsigned long long)lo);
		row(f, range, under, max);
	}
	for (uint64_t r = 0; r < rows; r++) {
		snprintf(range, sizeof(range), "%llu -> %llu", (unsigned long long)(lo + r * width),
			 (unsigned long long)(lo + (r + 1) * width - 1));
		row(f, range, counts[r], max);
	}
	if (over) {
		snprintf(range, sizeof(range), ">= %llu", (unsigned long long)(hi + width));
		row(f, range, over, max);
	}
	free(counts);
}
