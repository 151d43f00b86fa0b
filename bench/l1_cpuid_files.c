// SPDX-License-Identifier: GPL-2.0
/* The l1-cpuid result files: LABEL.json (summary) and LABEL.csv (samples). */
#include "l1_cpuid.h"
#include "measure_files.h"

/* What the writers need, behind measure_writers' one context pointer. */
struct l1_write {
	const struct l1_opts *o;
	const struct l1_result *res;
};

static void write_options(struct json_writer *w, const struct l1_opts *o)
{
	json_key(w, "options");
	json_object_begin(w);
	measure_json_options(w, &o->m);
	json_object_end(w);
}

static void write_runs(struct json_writer *w, const struct l1_result *res)
{
	json_key(w, "runs");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		json_object_begin(w);
		json_kv_u64(w, "run", r + 1);
		measure_json_stats(w, &res->runs[r].stats);
		json_key(w, "timer_overhead_ticks");
		if (res->runs[r].have_overhead)
			json_u64(w, res->runs[r].timer_overhead);
		else
			json_null(w);
		json_object_end(w);
	}
	json_array_end(w);
}

static void write_json(struct json_writer *w, const void *ctx)
{
	const struct l1_write *lw = ctx;
	const struct l1_result *res = lw->res;

	json_object_begin(w);
	measure_json_header(w, &lw->o->m, "l1-cpuid", "tsc_ticks_per_cpuid_exit", &res->policies);
	write_options(w, lw->o);
	json_key(w, "summary");
	json_object_begin(w);
	measure_json_stats(w, &res->pooled);
	json_object_end(w);
	measure_json_run_medians(w, res->medians, res->nr_runs, res->max_rel_dev);
	write_runs(w, res);
	json_object_end(w);
}

static void write_csv(struct csv_writer *w, const void *ctx)
{
	const struct l1_result *res = ((const struct l1_write *)ctx)->res;

	csv_field(w, "run");
	csv_field(w, "iteration");
	csv_field(w, "ticks");
	csv_end_row(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		for (uint64_t i = 0; i < res->runs[r].count; i++) {
			csv_u64(w, r + 1);
			csv_u64(w, i);
			csv_u64(w, res->runs[r].ticks[i]);
			csv_end_row(w);
		}
	}
}

int l1_write_files(const struct l1_opts *o, const struct l1_result *res)
{
	static const struct measure_writers writers = { .json = write_json, .csv = write_csv };
	struct l1_write lw = { .o = o, .res = res };

	return measure_write_files(&o->m, &writers, &lw);
}
