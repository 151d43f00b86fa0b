// SPDX-License-Identifier: GPL-2.0
/* The l1-cpuid result files: LABEL.json (summary) and LABEL.csv (samples). */
#include <errno.h>
#include <string.h>
#include <hvtvmm/csv.h>
#include <hvtvmm/json.h>
#include "env.h"
#include "l1_cpuid.h"
#include "outfile.h"

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

static void write_json(struct json_writer *w, const struct l1_opts *o,
		       const struct l1_result *res, const struct bench_env *env)
{
	json_object_begin(w);
	json_kv_string(w, "benchmark", "l1-cpuid");
	json_kv_string(w, "label", o->m.label);
	json_kv_string(w, "unit", "tsc_ticks_per_cpuid_exit");
	json_kv_string(w, "percentiles", "nearest-rank; median = p50 (lower middle for even counts)");
	json_key(w, "hypervisor");
	json_object_begin(w);
	json_kv_string(w, "device", o->m.common.dev);
	json_kv_string(w, "kind", o->m.kind);
	json_object_end(w);
	json_key(w, "environment");
	json_object_begin(w);
	bench_env_write_json(w, env);
	json_object_end(w);
	write_options(w, o);
	bench_policies_write_json(w, &res->policies, &o->m.common);
	json_key(w, "summary");
	json_object_begin(w);
	measure_json_stats(w, &res->pooled);
	json_object_end(w);
	json_key(w, "run_medians");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++)
		json_u64(w, res->medians[r]);
	json_array_end(w);
	json_kv_double(w, "run_medians_max_rel_deviation", res->max_rel_dev);
	write_runs(w, res);
	json_object_end(w);
}

static void write_csv(struct csv_writer *w, const struct l1_result *res)
{
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
	char json_path[PATH_MAX], csv_path[PATH_MAX];
	struct bench_env env;
	struct json_writer jw;
	struct csv_writer cw;
	FILE *f;

	if (out_make_dirs(o->m.out_dir)) {
		cli_error("cannot create %s: %s", o->m.out_dir, strerror(errno));
		return -1;
	}
	bench_env_collect(&env);
	f = out_open(o->m.out_dir, o->m.label, "json", json_path, sizeof(json_path));
	if (!f)
		return -1;
	json_init(&jw, f);
	write_json(&jw, o, res, &env);
	errno = 0;
	if (out_close(f, json_path, json_finish(&jw)))
		return -1;
	f = out_open(o->m.out_dir, o->m.label, "csv", csv_path, sizeof(csv_path));
	if (!f)
		return -1;
	csv_init(&cw, f);
	write_csv(&cw, res);
	errno = 0;
	if (out_close(f, csv_path, csv_finish(&cw)))
		return -1;
	printf("wrote %s and %s\n", json_path, csv_path);
	return 0;
}
