// SPDX-License-Identifier: GPL-2.0
/* The result files l1-cpuid and nested-cpuid share: their shape and their writing. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "env.h"
#include "measure_files.h"
#include "outfile.h"

int measure_write_files(const struct measure_opts *m, const struct measure_writers *wr,
			const void *ctx)
{
	char json_path[PATH_MAX], csv_path[PATH_MAX];
	struct json_writer jw;
	struct csv_writer cw;
	FILE *f;

	if (out_make_dirs(m->out_dir)) {
		cli_error("cannot create %s: %s", m->out_dir, strerror(errno));
		return -1;
	}
	f = out_open(m->out_dir, m->label, "json", json_path, sizeof(json_path));
	if (!f)
		return -1;
	json_init(&jw, f);
	wr->json(&jw, ctx);
	errno = 0;
	if (out_close(f, json_path, json_finish(&jw)))
		return -1;
	f = out_open(m->out_dir, m->label, "csv", csv_path, sizeof(csv_path));
	if (!f)
		return -1;
	csv_init(&cw, f);
	wr->csv(&cw, ctx);
	errno = 0;
	if (out_close(f, csv_path, csv_finish(&cw)))
		return -1;
	printf("wrote %s and %s\n", json_path, csv_path);
	return 0;
}

void measure_json_header(struct json_writer *w, const struct measure_opts *m,
			 const char *benchmark, const char *unit,
			 const struct bench_policies *policies)
{
	struct bench_env env;

	bench_env_collect(&env);
	json_kv_string(w, "benchmark", benchmark);
	json_kv_string(w, "label", m->label);
	json_kv_string(w, "unit", unit);
	json_kv_string(w, "percentiles", "nearest-rank; median = p50 (lower middle for even counts)");
	json_key(w, "hypervisor");
	json_object_begin(w);
	json_kv_string(w, "device", m->common.dev);
	json_kv_string(w, "kind", m->kind);
	json_object_end(w);
	bench_policies_write_json(w, policies, &m->common);
	json_key(w, "environment");
	json_object_begin(w);
	bench_env_write_json(w, &env);
	json_object_end(w);
}

void measure_json_stats(struct json_writer *w, const struct stats *s)
{
	json_kv_u64(w, "count", s->count);
	json_kv_u64(w, "median", s->median);
	json_kv_u64(w, "p10", s->p10);
	json_kv_u64(w, "p90", s->p90);
	json_kv_u64(w, "min", s->min);
	json_kv_u64(w, "max", s->max);
	json_kv_double(w, "mean", s->mean);
	json_kv_double(w, "stddev", s->stddev);
}

void measure_json_run_medians(struct json_writer *w, const uint64_t *medians, unsigned int n,
			      double max_rel_dev)
{
	json_key(w, "run_medians");
	json_array_begin(w);
	for (unsigned int r = 0; r < n; r++)
		json_u64(w, medians[r]);
	json_array_end(w);
	json_kv_double(w, "run_medians_max_rel_deviation", max_rel_dev);
}

void measure_json_options(struct json_writer *w, const struct measure_opts *m)
{
	json_kv_string(w, "dev", m->common.dev);
	json_kv_string(w, "hv", m->common.hv);
	json_kv_string(w, "image", m->image);
	json_kv_u64(w, "iterations", m->iterations);
	json_kv_u64(w, "warmup", m->warmup);
	json_kv_u64(w, "repeat", m->repeat);
	json_kv_u64(w, "mem_mib", m->common.mem_mib);
	json_kv_u64(w, "timeout_s", m->common.timeout_sec);
	json_kv_string(w, "out", m->out_dir);
	json_kv_string(w, "label", m->label);
	json_kv_string(w, "trace", m->trace);
}
