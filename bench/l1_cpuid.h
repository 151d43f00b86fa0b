/* SPDX-License-Identifier: GPL-2.0 */
/* The l1-cpuid command's options and results, shared with its file writer. */
#ifndef HVT_BENCH_L1_CPUID_H
#define HVT_BENCH_L1_CPUID_H

#include <stdbool.h>
#include <stdint.h>
#include <hvtvmm/stats.h>
#include "measure_opts.h"
#include "policy_report.h"

struct l1_opts {
	struct measure_opts m;
};

/* One run (one fresh VM). */
struct l1_run {
	uint64_t *ticks;		/* the "cpuid_ticks" samples */
	uint64_t count;
	bool duplicate, out_of_memory;
	uint64_t timer_overhead;
	bool have_overhead;
	struct stats stats;
};

struct l1_result {
	struct l1_run *runs;
	unsigned int nr_runs;
	uint64_t *all;			/* every run's samples, in order */
	struct stats pooled;
	uint64_t *medians;		/* per run */
	double max_rel_dev;		/* of the medians from their mean */
	struct bench_policies policies;	/* read back from the first run's VM */
};

/* Writes OUT/LABEL.json and OUT/LABEL.csv; prints why and returns -1 on failure. */
int l1_write_files(const struct l1_opts *o, const struct l1_result *res);

#endif
