// SPDX-License-Identifier: GPL-2.0
/*
 * nested-cpuid's result files. LABEL.json has the members `compare` reads
 * (benchmark, label, unit, hypervisor, summary) in the same shape as
 * l1-cpuid's, so both go through one strict reader; LABEL.csv starts with
 * run,iteration,ticks like l1-cpuid's, so plot-results draws it.
 */
#include <hvt/l1_scenarios.h>
#include "measure_files.h"
#include "nested_cpuid.h"

/* What the writers need, behind measure_writers' one context pointer. */
struct nested_write {
	const struct nested_opts *o;
	const struct nested_result *res;
};

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

static void write_json(struct json_writer *w, const void *ctx)
{
	const struct nested_write *nw = ctx;
	const struct nested_result *res = nw->res;

	json_object_begin(w);
	measure_json_header(w, &nw->o->m, "nested-cpuid", "tsc_ticks_per_l2_round_trip",
			    &res->policies);
	write_options(w, nw->o);
	json_kv_u64(w, "round_trips", res->pooled[NS_ROUND_TRIP].count);
	json_kv_u64(w, "l1_exits", res->l1_exits);
	json_key(w, "summary");
	json_object_begin(w);
	measure_json_stats(w, &res->pooled[NS_ROUND_TRIP]);
	json_object_end(w);
	write_split(w, res);
	write_counters(w, "nested_counters", &res->totals);
	measure_json_run_medians(w, res->medians, res->nr_runs, res->max_rel_dev);
	write_runs(w, res);
	json_object_end(w);
}

/* run,iteration,ticks,vcpu: iterations count per vCPU, from 0. */
static void write_csv(struct csv_writer *w, const void *ctx)
{
	const struct nested_result *res = ((const struct nested_write *)ctx)->res;

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
	static const struct measure_writers writers = { .json = write_json, .csv = write_csv };
	struct nested_write nw = { .o = o, .res = res };

	return measure_write_files(&o->m, &writers, &nw);
}
