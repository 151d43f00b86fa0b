// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench l1-cpuid: the cost of a CPUID exit from an L1 guest, in TSC
 * ticks as the guest measures them around each CPUID (workloads/l1/cpuid_loop.c).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hvtvmm/device.h>
#include <hvtvmm/stats.h>
#include "cli.h"
#include "commands.h"
#include "l1_cpuid.h"

#define L1_DEFAULT_ITERATIONS 100000
#define L1_DEFAULT_WARMUP 1000
#define L1_DEFAULT_TIMEOUT 600
#define L1_MIN_MEM_MIB 64
#define L1_MEM_SLACK_MIB 16	/* image, page tables, stack, allocator rounding */
#define L1_IMAGE_FILE "l1-cpuid.elf"
#define L1_SAMPLES_NAME "cpuid_ticks"
#define L1_OVERHEAD_NAME "timer_overhead_ticks"

static void l1_usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " l1-cpuid [options]\n"
		"\n"
		"Runs the L1 CPUID workload: the guest times each of --iterations CPUID(0)\n"
		"exits with RDTSC and reports them as the samples \"" L1_SAMPLES_NAME "\".\n"
		"Prints median, p10, p90, min, max and mean TSC ticks per exit (nearest-rank\n"
		"percentiles over all samples of all runs); with --repeat the per-run medians\n"
		"and their largest relative deviation from their mean.\n"
		"\n"
		"options:\n"
		COMMON_OPTIONS_HELP
		"  --iterations N    measured CPUID exits per run (default %d)\n"
		"  --warmup N        unmeasured CPUID exits before them (default %d)\n"
		"  --repeat R        runs, each in a fresh VM (default 1)\n"
		"  --out DIR         write DIR/LABEL.json (summary, environment, options)\n"
		"                    and DIR/LABEL.csv (run,iteration,ticks; run from 1)\n"
		"  --label NAME      file name for --out (default l1-cpuid-<kvm|hvt>, then\n"
		"                    -NAME-VALUE for each --policy)\n"
		"  --image PATH      the workload image (default $HVT_WORKLOADS/" L1_IMAGE_FILE ",\n"
		"                    else the installed or the build-tree workloads)\n"
		MEASURE_TRACE_HELP
		"\n"
		"defaults: --hv kvm, --mem sized for the samples (at least %d), --timeout %d\n"
		"exit status: 0 ok; 1 the guest failed or ended abnormally; 2 usage;\n"
		"3 setup (device, policy refused, image, output files)\n",
		L1_DEFAULT_ITERATIONS, L1_DEFAULT_WARMUP, L1_MIN_MEM_MIB, L1_DEFAULT_TIMEOUT);
}

/* Enough RAM for the samples buffer when --mem is not given. */
static int size_memory(struct l1_opts *o)
{
	uint64_t max_mib = HVT_MAX_MEM >> 20;
	uint64_t samples_mib = o->m.iterations / ((1 << 20) / sizeof(uint64_t)) + 1;

	if (o->m.common.mem_given) {
		if (samples_mib + L1_MEM_SLACK_MIB > o->m.common.mem_mib)
			cli_error("warning: %" PRIu64 " iterations need about %" PRIu64
				  " MiB of guest RAM, --mem is %" PRIu64,
				  o->m.iterations, samples_mib + L1_MEM_SLACK_MIB, o->m.common.mem_mib);
		return 0;
	}
	if (samples_mib > max_mib - L1_MEM_SLACK_MIB) {
		cli_error("--iterations: %" PRIu64 " samples do not fit in %" PRIu64 " MiB of guest RAM",
			  o->m.iterations, max_mib);
		return -1;
	}
	o->m.common.mem_mib = samples_mib + L1_MEM_SLACK_MIB;
	o->m.common.mem_mib += o->m.common.mem_mib % 2;
	if (o->m.common.mem_mib < L1_MIN_MEM_MIB)
		o->m.common.mem_mib = L1_MIN_MEM_MIB;
	return 0;
}

static int parse_l1_options(int argc, char **argv, struct l1_opts *o)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		MEASURE_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = cli_getopt("l1-cpuid", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			l1_usage(stdout);
			return EXIT_OK;
		}
		if (opt == '?' || measure_option(&o->m, opt, optarg, UINT64_MAX) <= 0)
			goto usage;
	}
	if (optind != argc) {
		cli_error("l1-cpuid: unexpected argument '%s'", argv[optind]);
		goto usage;
	}
	if (measure_finish(&o->m, L1_IMAGE_FILE, "l1-cpuid") || size_memory(o))
		goto usage;
	return PARSE_GO;
usage:
	l1_usage(stderr);
	return EXIT_USAGE;
}

static void collect_value(void *ctx, unsigned int vcpu, const char *name, uint64_t value)
{
	struct l1_run *run = ctx;

	(void)vcpu;
	if (!strcmp(name, L1_OVERHEAD_NAME)) {
		run->timer_overhead = value;
		run->have_overhead = true;
	}
}

static void collect_samples(void *ctx, unsigned int vcpu, const char *name,
			    const uint64_t *samples, uint64_t count)
{
	struct l1_run *run = ctx;

	(void)vcpu;
	if (strcmp(name, L1_SAMPLES_NAME))
		return;
	if (run->ticks) {
		run->duplicate = true;
		return;
	}
	run->ticks = malloc(count ? count * sizeof(*samples) : 1);
	if (!run->ticks) {
		run->out_of_memory = true;
		return;
	}
	memcpy(run->ticks, samples, count * sizeof(*samples));
	run->count = count;
}

/* What the guest reported must be exactly one full set of samples. */
static int check_run(const struct l1_opts *o, struct l1_run *run, unsigned int r)
{
	if (run->out_of_memory) {
		cli_error("run %u: out of memory for the samples", r);
		return EXIT_SETUP;
	}
	if (!run->ticks || run->duplicate || run->count != o->m.iterations) {
		cli_error("run %u: the guest reported %s \"" L1_SAMPLES_NAME "\" samples (%" PRIu64
			  " of %" PRIu64 ")", r, !run->ticks ? "no" : run->duplicate ? "twice" :
			  "a wrong number of", run->count, o->m.iterations);
		return EXIT_GUEST;
	}
	stats_compute(run->ticks, run->count, &run->stats);
	return EXIT_OK;
}

/* The policies the VM ran with, for the report (the first run's VM). */
static void inspect_policies(void *ctx, const struct vmm_vm *vm)
{
	bench_policies_read(ctx, vm);
}

static int run_once(const struct l1_opts *o, struct l1_result *res, unsigned int r)
{
	struct l1_run *run = &res->runs[r - 1];
	struct vmm_run_ops ops = { .ctx = run, .value = collect_value,
				   .samples = collect_samples };
	struct bench_inspect inspect = { .ctx = &res->policies, .fn = inspect_policies };
	struct vmm_guest_config cfg = {
		.dev_path = o->m.common.dev, .image_path = o->m.image,
		.mem_size = o->m.common.mem_mib << 20, .nr_vcpus = 1,
		.iterations = o->m.iterations, .warmup = o->m.warmup,
		.policies = o->m.common.policies, .nr_policies = o->m.common.nr_policies,
	};
	int rc = bench_run_guest(&cfg, &ops, o->m.common.timeout_sec, o->m.common.stats, &inspect);

	return rc != EXIT_OK ? rc : check_run(o, run, r);
}

static void print_header(const struct l1_opts *o)
{
	printf("hypervisor:   %s (%s)\n", o->m.common.dev, o->m.kind);
	printf("image:        %s\n", o->m.image);
	printf("iterations:   %" PRIu64 " (warmup %" PRIu64 ", repeat %" PRIu64 ")\n",
	       o->m.iterations, o->m.warmup, o->m.repeat);
	fflush(stdout);
}

static void print_summary(const struct l1_opts *o, const struct l1_result *res)
{
	const struct stats *s = &res->pooled;

	bench_policies_print(&res->policies);
	printf("TSC ticks per CPUID exit (%zu samples%s):\n", s->count,
	       o->m.repeat > 1 ? ", all runs" : "");
	printf("  median  %" PRIu64 "\n  p10     %" PRIu64 "\n  p90     %" PRIu64 "\n",
	       s->median, s->p10, s->p90);
	printf("  min     %" PRIu64 "\n  max     %" PRIu64 "\n  mean    %.1f\n  stddev  %.1f\n",
	       s->min, s->max, s->mean, s->stddev);
	if (res->runs[0].have_overhead)
		printf("timer overhead: %" PRIu64 " ticks (empty timed window, not subtracted)\n",
		       res->runs[0].timer_overhead);
	if (o->m.repeat > 1) {
		printf("per-run medians:");
		for (unsigned int r = 0; r < res->nr_runs; r++)
			printf(" %" PRIu64, res->medians[r]);
		printf("\nmax relative deviation of run medians from their mean: %.2f%%\n",
		       res->max_rel_dev * 100);
	}
	fflush(stdout);
}

static int pool_runs(struct l1_result *res)
{
	size_t total = 0, at = 0;

	for (unsigned int r = 0; r < res->nr_runs; r++)
		total += res->runs[r].count;
	res->all = malloc(total * sizeof(*res->all));
	res->medians = malloc(res->nr_runs * sizeof(*res->medians));
	if (!res->all || !res->medians) {
		cli_error("out of memory for %zu samples", total);
		return -1;
	}
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		memcpy(res->all + at, res->runs[r].ticks, res->runs[r].count * sizeof(*res->all));
		at += res->runs[r].count;
		res->medians[r] = res->runs[r].stats.median;
	}
	stats_compute(res->all, total, &res->pooled);
	res->max_rel_dev = stats_max_rel_deviation(res->medians, res->nr_runs);
	return 0;
}

static void free_result(struct l1_result *res)
{
	for (unsigned int r = 0; r < res->nr_runs; r++)
		free(res->runs[r].ticks);
	free(res->runs);
	free(res->all);
	free(res->medians);
	bench_policies_free(&res->policies);
}

static int measure(const struct l1_opts *o, struct l1_result *res)
{
	int rc;

	res->runs = calloc(o->m.repeat, sizeof(*res->runs));
	if (!res->runs) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	for (unsigned int r = 0; r < o->m.repeat; r++) {
		res->nr_runs = r + 1;
		if (o->m.repeat > 1)
			printf("run %u of %" PRIu64 "\n", r + 1, o->m.repeat);
		rc = run_once(o, res, r + 1);
		if (rc != EXIT_OK)
			return rc;
	}
	return pool_runs(res) ? EXIT_SETUP : EXIT_OK;
}

int cmd_l1_cpuid(int argc, char **argv)
{
	struct l1_opts o;
	struct l1_result res = { 0 };
	int rc;

	measure_init(&o.m, L1_DEFAULT_ITERATIONS, L1_DEFAULT_WARMUP, L1_DEFAULT_TIMEOUT,
		     L1_MIN_MEM_MIB);
	rc = parse_l1_options(argc, argv, &o);
	if (rc != PARSE_GO)
		return rc;
	rc = measure_check_image(&o.m, L1_IMAGE_FILE);
	if (rc != EXIT_OK)
		return rc;
	if (o.m.trace && !measure_under_trace())
		return measure_run_traced(&o.m, argc, argv);
	print_header(&o);
	rc = measure(&o, &res);
	if (rc == EXIT_OK) {
		print_summary(&o, &res);
		if (o.m.out_dir && l1_write_files(&o, &res))
			rc = EXIT_SETUP;
	}
	free_result(&res);
	return rc;
}
