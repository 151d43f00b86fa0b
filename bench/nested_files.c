// SPDX-License-Identifier: GPL-2.0
/*
 * nested-cpuid's result files. LABEL.json has the members `compare` reads
 * (benchmark, label, unit, hypervisor, summary) in the same shape as
 * l1-cpuid's, so both go through one strict reader; LABEL.csv starts with
 * run,iteration,ticks like l1-cpuid's, so plot-results draws it.
 */
#include <errno.h>
#include <string.h>
#include <hvt/l1_scenarios.h>
#include <hvtvmm/csv.h>
#include <hvtvmm/json.h>
#include "env.h"
#include "nested_cpuid.h"
#include "outfile.h"

static void write_options(struct json_writer *w, const struct nested_opts *o)
{
	json_key(w, "options");
	json_object_begin(w);
	measure_json_options(w, &o->m);
	json_kv_string(w, "scenario", hvt_l1_scenario_name(HVT_L1_NESTED_CPUID));
	json_kv_u64(w, "vcpus", o->vcpus);
	json_object_end(w);
}

/* {name: value or null} of every nested counter. */
static void write_counters(struct json_writer *w, const char *key, const struct nested_counters *c)
{
	json_key(w, key);
	json_object_begin(w);
	for (int i = 0; i < NC_NR; i++) {
		json_key(w, nested_counter_names[i]);
		if (c->have[i])
			json_u64(w, c->value[i]);
		else
			json_null(w);
	}
	json_object_end(w);
}

static void write_split(struct json_writer *w, const struct nested_result *res)
{
	json_key(w, "split");
	json_object_begin(w);
	for (int s = NS_EXIT_TO_L1; s < NS_NR; s++) {
		json_key(w, nested_series_names[s]);
		json_object_begin(w);
		measure_json_stats(w, &res->pooled[s]);
		json_object_end(w);
	}
	json_object_end(w);
	json_kv_double(w, "l1_handler_share", res->handler_share);
}

static void write_vcpu(struct json_writer *w, const struct nested_vcpu *v, unsigned int i)
{
	json_object_begin(w);
	json_kv_u64(w, "vcpu", i);
	json_kv_u64(w, "l1_exits_cpuid", v->exits_cpuid);
	json_kv_u64(w, "l1_exits_total", v->exits_total);
	json_key(w, "l2_timer_overhead_ticks");
	if (v->have_overhead)
		json_u64(w, v->timer_overhead);
	else
		json_null(w);
	write_counters(w, "nested_counters", &v->counters);
	json_object_end(w);
}

static void write_runs(struct json_writer *w, const struct nested_result *res)
{
	json_key(w, "runs");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		json_object_begin(w);
		json_kv_u64(w, "run", r + 1);
		measure_json_stats(w, &res->runs[r].round_trip);
		json_key(w, "vcpus");
		json_array_begin(w);
		for (unsigned int i = 0; i < res->runs[r].nr_vcpus; i++)
			write_vcpu(w, &res->runs[r].vcpus[i], i);
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
}

static void write_header(struct json_writer *w, const struct nested_opts *o,
			 const struct nested_result *res)
{
	struct bench_env env;

	bench_env_collect(&env);
	json_kv_string(w, "benchmark", "nested-cpuid");
	json_kv_string(w, "label", o->m.label);
	json_kv_string(w, "unit", "tsc_ticks_per_l2_round_trip");
	json_kv_string(w, "percentiles", "nearest-rank; median = p50 (lower middle for even counts)");
	json_key(w, "hypervisor");
	json_object_begin(w);
	json_kv_string(w, "device", o->m.common.dev);
	json_kv_string(w, "kind", o->m.kind);
	json_object_end(w);
	bench_policies_write_json(w, &res->policies, &o->m.common);
	json_key(w, "environment");
	json_object_begin(w);
	bench_env_write_json(w, &env);
	json_object_end(w);
	write_options(w, o);
}

static void write_json(struct json_writer *w, const struct nested_opts *o,
		       const struct nested_result *res)
{
	json_object_begin(w);
	write_header(w, o, res);
	json_kv_u64(w, "round_trips", res->pooled[NS_ROUND_TRIP].count);
	json_kv_u64(w, "l1_exits", res->l1_exits);
	json_key(w, "summary");
	json_object_begin(w);
	measure_json_stats(w, &res->pooled[NS_ROUND_TRIP]);
	json_object_end(w);
	write_split(w, res);
	write_counters(w, "nested_counters", &res->totals);
	json_key(w, "run_medians");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++)
		json_u64(w, res->medians[r]);
	json_array_end(w);
	json_kv_double(w, "run_medians_max_rel_deviation", res->max_rel_dev);
	write_runs(w, res);
	json_object_end(w);
}

/* run,iteration,ticks,vcpu: iterations count per vCPU, from 0. */
static void write_csv(struct csv_writer *w, const struct nested_result *res)
{
	csv_field(w, "run");
	csv_field(w, "iteration");
	csv_field(w, "ticks");
	csv_field(w, "vcpu");
	csv_end_row(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		for (unsigned int i = 0; i < res->runs[r].nr_vcpus; i++) {
			const struct nested_vcpu *v = &res->runs[r].vcpus[i];

			for (uint64_t n = 0; n < v->count[NS_ROUND_TRIP]; n++) {
				csv_u64(w, r + 1);
				csv_u64(w, n);
				csv_u64(w, v->samples[NS_ROUND_TRIP][n]);
				csv_u64(w, i);
				csv_end_row(w);
			}
		}
	}
}

int nested_write_files(const struct nested_opts *o, const struct nested_result *res)
{
	char json_path[PATH_MAX], csv_path[PATH_MAX];
	struct json_writer jw;
	struct csv_writer cw;
	FILE *f;

	if (out_make_dirs(o->m.out_dir)) {
		cli_error("cannot create %s: %s", o->m.out_dir, strerror(errno));
		return -1;
	}
	f = out_open(o->m.out_dir, o->m.label, "json", json_path, sizeof(json_path));
	if (!f)
		return -1;
	json_init(&jw, f);
	write_json(&jw, o, res);
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
