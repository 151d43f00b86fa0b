// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench compare BASE.json OTHER.json...: the medians of result files
 * side by side, each as a ratio to the first one's.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/json.h>
#include <hvtvmm/summary.h>
#include "cli.h"
#include "commands.h"
#include "env.h"

#define RATIO_NAME_LEN 300

struct compare_entry {
	const char *path;
	struct bench_summary s;
	bool have_ratio;	/* false if BASE's median is 0 */
	double ratio;		/* median / BASE's median */
	char ratio_name[RATIO_NAME_LEN];	/* "hvt/kvm" */
};

static void compare_usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " compare BASE.json OTHER.json [MORE.json...] [--out FILE.json]\n"
		"\n"
		"Reads the summaries of result files written by `" PROG " l1-cpuid --out`\n"
		"and prints, for each: label, hypervisor kind, sample count, median, p10,\n"
		"p90 and the ratio of its median to BASE's median (e.g. \"hvt/kvm = 0.063\";\n"
		"named by hypervisor kinds when they differ, else by labels). All files\n"
		"must be of the same benchmark and unit.\n"
		"\n"
		"options:\n"
		"  --out FILE.json   also write the comparison as JSON\n"
		"  --help            this text\n"
		"\n"
		"exit status: 0 ok; 2 usage; 3 a file is missing, unreadable or not a valid\n"
		"result file (the message says which member is wrong), or --out failed\n");
}

/* PARSE_GO to compare, else the exit status. */
static int parse_compare_options(int argc, char **argv, const char **out)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = cli_getopt("compare", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			compare_usage(stdout);
			return EXIT_OK;
		}
		if (opt != OPT_OUT)
			goto usage;
		*out = optarg;
	}
	if (argc - optind < 2) {
		cli_error("compare: want BASE.json and at least one more file, got %d", argc - optind);
		goto usage;
	}
	return PARSE_GO;
usage:
	compare_usage(stderr);
	return EXIT_USAGE;
}

static void set_ratio(struct compare_entry *e, const struct compare_entry *base)
{
	bool by_kind = strcmp(e->s.kind, base->s.kind) != 0;

	if (e == base)
		snprintf(e->ratio_name, sizeof(e->ratio_name), "base");
	else
		snprintf(e->ratio_name, sizeof(e->ratio_name), "%s/%s",
			 by_kind ? e->s.kind : e->s.label, by_kind ? base->s.kind : base->s.label);
	e->have_ratio = base->s.median != 0;
	e->ratio = e->have_ratio ? (double)e->s.median / (double)base->s.median : 0;
}

/* Every file after BASE must measure the same thing in the same unit. */
static int check_comparable(const struct compare_entry *e, const struct compare_entry *base)
{
	if (strcmp(e->s.benchmark, base->s.benchmark)) {
		cli_error("%s: benchmark \"%s\" differs from %s's \"%s\"", e->path,
			  e->s.benchmark, base->path, base->s.benchmark);
		return -1;
	}
	if (strcmp(e->s.unit, base->s.unit)) {
		cli_error("%s: unit \"%s\" differs from %s's \"%s\"", e->path, e->s.unit,
			  base->path, base->s.unit);
		return -1;
	}
	return 0;
}

static int read_entries(struct compare_entry *e, size_t n, char **paths)
{
	struct vmm_err err;

	for (size_t i = 0; i < n; i++) {
		e[i].path = paths[i];
		if (summary_read_file(paths[i], &e[i].s, &err)) {
			cli_error("%s", err.msg);
			return -1;
		}
		if (check_comparable(&e[i], &e[0]))
			return -1;
		set_ratio(&e[i], &e[0]);
	}
	return 0;
}

static void print_table(const struct compare_entry *e, size_t n)
{
	int w = (int)strlen("label");

	for (size_t i = 0; i < n; i++)
		if ((int)strlen(e[i].s.label) > w)
			w = strlen(e[i].s.label);
	printf("benchmark: %s, unit: %s, base: %s (%s)\n", e[0].s.benchmark, e[0].s.unit,
	       e[0].s.label, e[0].path);
	printf("%-*s  %-10s %10s %12s %12s %12s  %s\n", w, "label", "hypervisor", "count",
	       "median", "p10", "p90", "median ratio");
	for (size_t i = 0; i < n; i++) {
		printf("%-*s  %-10s %10" PRIu64 " %12" PRIu64 " %12" PRIu64 " %12" PRIu64 "  ",
		       w, e[i].s.label, e[i].s.kind, e[i].s.count, e[i].s.median, e[i].s.p10,
		       e[i].s.p90);
		if (i == 0)
			printf("1 (base)\n");
		else if (e[i].have_ratio)
			printf("%s = %.3f\n", e[i].ratio_name, e[i].ratio);
		else
			printf("%s = n/a (base median is 0)\n", e[i].ratio_name);
	}
	fflush(stdout);
}

static void write_entry(struct json_writer *w, const struct compare_entry *e)
{
	json_object_begin(w);
	json_kv_string(w, "file", e->path);
	json_kv_string(w, "label", e->s.label);
	json_key(w, "hypervisor");
	json_object_begin(w);
	json_kv_string(w, "device", e->s.device);
	json_kv_string(w, "kind", e->s.kind);
	json_object_end(w);
	json_kv_u64(w, "count", e->s.count);
	json_kv_u64(w, "median", e->s.median);
	json_kv_u64(w, "p10", e->s.p10);
	json_kv_u64(w, "p90", e->s.p90);
	json_kv_string(w, "ratio_name", e->ratio_name);
	json_key(w, "median_ratio_to_base");
	if (e->have_ratio)
		json_double(w, e->ratio);
	else
		json_null(w);
	json_object_end(w);
}

static int write_comparison(const char *path, const struct compare_entry *e, size_t n)
{
	FILE *f = fopen(path, "w");
	struct json_writer w;
	int failed;

	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	json_init(&w, f);
	json_object_begin(&w);
	json_kv_string(&w, "comparison", "median_ratio_to_base");
	json_kv_string(&w, "benchmark", e[0].s.benchmark);
	json_kv_string(&w, "unit", e[0].s.unit);
	json_kv_string(&w, "base", e[0].s.label);
	json_kv_string(&w, "hvt_bench_version", bench_version());
	json_key(&w, "entries");
	json_array_begin(&w);
	for (size_t i = 0; i < n; i++)
		write_entry(&w, &e[i]);
	json_array_end(&w);
	json_object_end(&w);
	errno = 0;
	failed = json_finish(&w);
	if (fclose(f) || failed) {
		cli_error("cannot write %s: %s", path, errno ? strerror(errno) : "write error");
		return -1;
	}
	printf("wrote %s\n", path);
	return 0;
}

int cmd_compare(int argc, char **argv)
{
	const char *out = NULL;
	struct compare_entry *e;
	size_t n;
	int rc;

	rc = parse_compare_options(argc, argv, &out);
	if (rc != PARSE_GO)
		return rc;
	n = argc - optind;
	e = calloc(n, sizeof(*e));
	if (!e) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	rc = EXIT_SETUP;
	if (!read_entries(e, n, argv + optind)) {
		print_table(e, n);
		if (!out || !write_comparison(out, e, n))
			rc = EXIT_OK;
	}
	free(e);
	return rc;
}
