// SPDX-License-Identifier: GPL-2.0
/* The l1-cpuid result files: LABEL.json (summary) and LABEL.csv (samples). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <hvtvmm/csv.h>
#include <hvtvmm/json.h>
#include "env.h"
#include "l1_cpuid.h"

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0777) && errno != EEXIST ? -1 : 0;
}

static void write_stats(struct json_writer *w, const struct stats *s)
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

static void write_options(struct json_writer *w, const struct l1_opts *o)
{
	json_key(w, "options");
	json_object_begin(w);
	json_kv_string(w, "dev", o->common.dev);
	json_kv_string(w, "hv", o->common.hv);
	json_kv_string(w, "image", o->image);
	json_kv_u64(w, "iterations", o->iterations);
	json_kv_u64(w, "warmup", o->warmup);
	json_kv_u64(w, "repeat", o->repeat);
	json_kv_u64(w, "mem_mib", o->common.mem_mib);
	json_kv_u64(w, "timeout_s", o->common.timeout_sec);
	json_kv_string(w, "out", o->out_dir);
	json_kv_string(w, "label", o->label);
	json_object_end(w);
}

static void write_runs(struct json_writer *w, const struct l1_result *res)
{
	json_key(w, "runs");
	json_array_begin(w);
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		json_object_begin(w);
		json_kv_u64(w, "run", r + 1);
		write_stats(w, &res->runs[r].stats);
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
	json_kv_string(w, "label", o->label);
	json_kv_string(w, "unit", "tsc_ticks_per_cpuid_exit");
	json_kv_string(w, "percentiles", "nearest-rank; median = p50 (lower middle for even counts)");
	json_key(w, "hypervisor");
	json_object_begin(w);
	json_kv_string(w, "device", o->common.dev);
	json_kv_string(w, "kind", o->kind);
	json_object_end(w);
	json_key(w, "environment");
	json_object_begin(w);
	bench_env_write_json(w, env);
	json_object_end(w);
	write_options(w, o);
	json_key(w, "summary");
	json_object_begin(w);
	write_stats(w, &res->pooled);
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

static FILE *open_output(const struct l1_opts *o, const char *ext, char *path, size_t len)
{
	FILE *f;

	if ((size_t)snprintf(path, len, "%s/%s.%s", o->out_dir, o->label, ext) >= len) {
		cli_error("output path %s/%s.%s is too long", o->out_dir, o->label, ext);
		return NULL;
	}
	f = fopen(path, "w");
	if (!f)
		cli_error("cannot write %s: %s", path, strerror(errno));
	return f;
}

/* fclose() that reports a failed write (e.g. a full disk). */
static int close_output(FILE *f, const char *path, int write_failed)
{
	if (fclose(f) || write_failed) {
		cli_error("cannot write %s: %s", path, errno ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}

int l1_write_files(const struct l1_opts *o, const struct l1_result *res)
{
	char json_path[PATH_MAX], csv_path[PATH_MAX];
	struct bench_env env;
	struct json_writer jw;
	struct csv_writer cw;
	FILE *f;

	if (make_dirs(o->out_dir)) {
		cli_error("cannot create %s: %s", o->out_dir, strerror(errno));
		return -1;
	}
	bench_env_collect(&env);
	f = open_output(o, "json", json_path, sizeof(json_path));
	if (!f)
		return -1;
	json_init(&jw, f);
	write_json(&jw, o, res, &env);
	errno = 0;
	if (close_output(f, json_path, json_finish(&jw)))
		return -1;
	f = open_output(o, "csv", csv_path, sizeof(csv_path));
	if (!f)
		return -1;
	csv_init(&cw, f);
	write_csv(&cw, res);
	errno = 0;
	if (close_output(f, csv_path, csv_finish(&cw)))
		return -1;
	printf("wrote %s and %s\n", json_path, csv_path);
	return 0;
}
