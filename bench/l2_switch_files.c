// SPDX-License-Identifier: GPL-2.0
/*
 * l2-switch's result files. LABEL.json has the members `compare` reads
 * (benchmark, label, unit, hypervisor, summary: the switch round trips),
 * then the plain round trips, the overheads, the counts and the VM's
 * nested_ctx_* counters. LABEL.csv has one row per sample of every series:
 * run,series,index,ticks (bench/plot/plot-l2-switch reads it).
 */
#include <hvt/l1_scenarios.h>
#include "l2_switch.h"
#include "measure_files.h"

struct l2s_write {
	const struct l2s_opts *o;
	const struct l2s_result *res;
};

/* CSV and JSON names of the series, shorter than the guest's. */
static const char *const series_keys[L2S_NR_SERIES] = {
	[L2S_SWITCH] = "switch", [L2S_SWITCH_ENTRY] = "switch_entry",
	[L2S_PLAIN] = "plain", [L2S_PLAIN_ENTRY] = "plain_entry",
	[L2S_FIRST] = "first_load", [L2S_FIRST_ENTRY] = "first_load_entry",
};

static void write_options(struct json_writer *w, const struct l2s_opts *o)
{
	json_key(w, "options");
	json_object_begin(w);
	json_kv_string(w, "dev", o->m.common.dev);
	json_kv_string(w, "hv", o->m.common.hv);
	json_kv_string(w, "image", o->m.image);
	json_kv_string(w, "scenario", hvt_l1_scenario_name(HVT_L1_L2_SWITCH));
	json_kv_u64(w, "l2s", o->l2s);
	json_kv_u64(w, "switches", o->switches);
	json_kv_u64(w, "exits", o->exits);
	json_kv_string(w, "mode", l2s_mode_name(o->mode));
	json_kv_u64(w, "vcpus", o->vcpus);
	json_kv_u64(w, "repeat", o->m.repeat);
	json_kv_u64(w, "mem_mib", o->m.common.mem_mib);
	json_kv_u64(w, "timeout_s", o->m.common.timeout_sec);
	json_kv_string(w, "out", o->m.out_dir);
	json_kv_string(w, "label", o->m.label);
	json_object_end(w);
}

/* key: {statistics}, or null without samples */
static void write_stats(struct json_writer *w, const char *key, const struct stats *s)
{
	json_key(w, key);
	if (!s->count) {
		json_null(w);
		return;
	}
	json_object_begin(w);
	measure_json_stats(w, s);
	json_object_end(w);
}

static void write_overhead(struct json_writer *w, const char *key, bool have, int64_t v)
{
	json_key(w, key);
	if (have)
		json_i64(w, v);
	else
		json_null(w);
}

static void write_counts(struct json_writer *w, const struct l2s_counts *c)
{
	json_kv_u64(w, "loads", c->loads);
	json_kv_u64(w, "migrations", c->migrations);
	json_kv_u64(w, "l2_vmruns", c->vmruns);
	json_kv_u64(w, "l1_exits", c->exits_total);
	json_kv_u64(w, "asid_flushes", c->asid_flushes);
	json_kv_bool(w, "shared_asids", c->shared_asids);
	json_kv_u64(w, "l2_timer_overhead_ticks", c->timer_overhead);
}

/* {name: value} of the nested_ctx_* counters, or null where the stats have none. */
static void write_ctx(struct json_writer *w, const struct vm_counters *c)
{
	json_key(w, "vm_counters");
	if (!c->n) {
		json_null(w);
		return;
	}
	json_object_begin(w);
	for (unsigned int i = 0; i < c->n; i++)
		json_kv_u64(w, c->name[i], c->value[i]);
	json_object_end(w);
}

static void write_entry(struct json_writer *w, const struct l2s_result *res)
{
	json_key(w, "entry");
	json_object_begin(w);
	write_stats(w, "switch", &res->pooled[L2S_SWITCH_ENTRY]);
	write_stats(w, "plain", &res->pooled[L2S_PLAIN_ENTRY]);
	write_overhead(w, "overhead_ticks", res->have_overhead, res->entry_overhead);
	json_object_end(w);
}

static void write_runs(struct json_writer *w, const struct l2s_result *res)
{
	json_key(w, "runs");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		const struct l2s_run *run = &res->runs[r];

		json_object_begin(w);
		json_kv_u64(w, "run", r + 1);
		write_stats(w, "switch", &run->sw);
		write_stats(w, "plain", &run->plain);
		write_ctx(w, &run->ctx);
		json_object_end(w);
	}
	json_array_end(w);
}

static void write_json(struct json_writer *w, const void *ctx)
{
	const struct l2s_write *lw = ctx;
	const struct l2s_result *res = lw->res;

	json_object_begin(w);
	measure_json_header(w, &lw->o->m, "l2-switch", "tsc_ticks_per_switch_round_trip",
			    &res->policies);
	write_options(w, lw->o);
	write_counts(w, &res->counts);
	write_stats(w, "summary", &res->pooled[L2S_SWITCH]);
	write_stats(w, "plain", &res->pooled[L2S_PLAIN]);
	write_stats(w, "first_load", &res->pooled[L2S_FIRST]);
	write_overhead(w, "switch_overhead_ticks", res->have_overhead, res->overhead);
	write_entry(w, res);
	write_ctx(w, &res->ctx_total);
	measure_json_run_medians(w, res->switch_medians, res->nr_runs, res->max_rel_dev);
	write_runs(w, res);
	json_object_end(w);
}

/* run,series,index,ticks: vCPU 0's samples (the only vCPU that reports them). */
static void write_csv(struct csv_writer *w, const void *ctx)
{
	const struct l2s_result *res = ((const struct l2s_write *)ctx)->res;

	csv_field(w, "run");
	csv_field(w, "series");
	csv_field(w, "index");
	csv_field(w, "ticks");
	csv_end_row(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		const struct gs_vcpu *v = &res->runs[r].report.vcpus[0];

		for (unsigned int s = 0; s < L2S_NR_SERIES; s++) {
			for (uint64_t n = 0; n < v->count[s]; n++) {
				csv_u64(w, r + 1);
				csv_field(w, series_keys[s]);
				csv_u64(w, n);
				csv_u64(w, v->samples[s][n]);
				csv_end_row(w);
			}
		}
	}
}

int l2s_write_files(const struct l2s_opts *o, const struct l2s_result *res)
{
	static const struct measure_writers writers = { .json = write_json, .csv = write_csv };
	struct l2s_write lw = { .o = o, .res = res };

	return measure_write_files(&o->m, &writers, &lw);
}
