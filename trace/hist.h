/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: histograms and percentiles of a set of samples. */
#ifndef HVT_TRACE_HIST_H
#define HVT_TRACE_HIST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* v must be sorted (hist_sort). */
void hist_sort(uint64_t *v, size_t n);
uint64_t hist_percentile(const uint64_t *v, size_t n, double p);
double hist_mean(const uint64_t *v, size_t n);
/* A 1-2-5 bucket width giving about 20 buckets between p1 and p99. */
uint64_t hist_auto_width(const uint64_t *v, size_t n);
void hist_log2_print(FILE *f, const uint64_t *v, size_t n, const char *unit);
void hist_linear_print(FILE *f, const uint64_t *v, size_t n, uint64_t width, const char *unit);

#endif
