/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result files of the measuring commands: OUT/LABEL.json, whose first
 * members (benchmark, label, unit, hypervisor, policies, environment) and
 * "summary" have one shape for every benchmark so `compare` reads them all,
 * and OUT/LABEL.csv, which starts with run,iteration,ticks for plot-results.
 */
#ifndef HVT_BENCH_MEASURE_FILES_H
#define HVT_BENCH_MEASURE_FILES_H

#include <hvtvmm/csv.h>
#include <hvtvmm/json.h>
#include <hvtvmm/stats.h>
#include "measure_opts.h"
#include "policy_report.h"

/* Writes the JSON object into a json_writer, the CSV rows into a csv_writer. */
struct measure_writers {
	void (*json)(struct json_writer *w, const void *ctx);
	void (*csv)(struct csv_writer *w, const void *ctx);
};

/*
 * Creates OUT (mkdir -p), writes OUT/LABEL.json and OUT/LABEL.csv with the
 * writers, says where; prints why and returns -1 on failure.
 */
int measure_write_files(const struct measure_opts *m, const struct measure_writers *wr,
			const void *ctx);

/* The first members of the JSON object (the caller has opened it). */
void measure_json_header(struct json_writer *w, const struct measure_opts *m,
			 const char *benchmark, const char *unit,
			 const struct bench_policies *policies);

/* The members of a statistics object ("summary", a run's). */
void measure_json_stats(struct json_writer *w, const struct stats *s);

/* "run_medians": [...] and "run_medians_max_rel_deviation". */
void measure_json_run_medians(struct json_writer *w, const uint64_t *medians, unsigned int n,
			      double max_rel_dev);

/* The shared members of the "options" object (the caller opens and closes it). */
void measure_json_options(struct json_writer *w, const struct measure_opts *m);

#endif
