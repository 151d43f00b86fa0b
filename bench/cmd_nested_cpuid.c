// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench nested-cpuid: the command line and the report. The runs and
 * their checks are in nested_measure.c, the files in nested_files.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>
#include <hvt/l1_scenarios.h>
#include <hvtvmm/device.h>
#include "cli.h"
#include "commands.h"
#include "nested_cpuid.h"

#define NESTED_DEFAULT_ITERATIONS 100000
#define NESTED_DEFAULT_WARMUP 1000
#define NESTED_DEFAULT_TIMEOUT 1800	/* KVM: ~160 s of TCG per 100,000 round trips */
#define NESTED_MIN_MEM_MIB 64
#define NESTED_MEM_SLACK_MIB 16		/* image, page tables, stacks, VMCBs, NPT12s */
#define NESTED_IMAGE_FILE "l1-hv.elf"

static void nested_usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " nested-cpuid [options]\n"
		"\n"
		"Runs " NESTED_IMAGE_FILE "'s scenario nested-cpuid: on every vCPU an L1 hypervisor\n"
		"runs an L2 that executes --warmup + --iterations CPUIDs; L1 intercepts and\n"
		"answers each one, L2 checks every answer and times each L2->L1->L2 round\n"
		"trip, L1 times its handler. Prints per configuration: round trips, median,\n"
		"p10 and p90 TSC ticks per round trip (nearest-rank, over all runs and\n"
		"vCPUs), the medians of its parts (L2 exit to L1, L1 handler, L1 to L2\n"
		"entry), the L1 handler share (median handler / median round trip), and\n"
		"hvt's nested counters from each vCPU's stats fd.\n"
		"\n"
		"Fails (status 1) unless every vCPU's L1 counted exactly warmup + iterations\n"
		"CPUID exits and, on hvt, nested_exits_reflected equals L1's exit count.\n"
		"\n"
		"options:\n"
		COMMON_OPTIONS_HELP
		"  --iterations N    measured round trips per vCPU and run (default %d)\n"
		"  --warmup N        unmeasured round trips before them (default %d)\n"
		"  --repeat R        runs, each in a fresh VM (default 1)\n"
		"  --vcpus N         vCPUs, each running its own L1 and L2 at once (default 1)\n"
		"  --out DIR         write DIR/LABEL.json (summary, split, counters, policies,\n"
		"                    environment, options) and DIR/LABEL.csv\n"
		"                    (run,iteration,ticks,vcpu of every round trip; run from 1)\n"
		"  --label NAME      file name for --out (default nested-cpuid-<kvm|hvt>, then\n"
		"                    -NAME-VALUE for each --policy)\n"
		"  --image PATH      the L1 image (default $HVT_WORKLOADS/" NESTED_IMAGE_FILE ",\n"
		"                    else the installed or the build-tree workloads)\n"
		MEASURE_TRACE_HELP
		"\n"
		"defaults: --hv kvm, --mem sized for the samples (at least %d), --timeout %d\n"
		"exit status: 0 ok; 1 the guest failed or ended abnormally, or an exit count\n"
		"is wrong; 2 usage; 3 setup (device, policy refused, image, output files)\n",
		NESTED_DEFAULT_ITERATIONS, NESTED_DEFAULT_WARMUP, NESTED_MIN_MEM_MIB,
		NESTED_DEFAULT_TIMEOUT);
}

static int nested_option(struct nested_opts *o, int opt, const char *arg)
{
	if (opt == OPT_VCPUS)
		return cli_parse_u64("--vcpus", arg, 1, VMM_MAX_VCPUS, &o->vcpus) ? -1 : 1;
	return measure_option(&o->m, opt, arg, UINT64_MAX / 64);
}

/*
 * Enough RAM for every vCPU's four sample buffers (8 bytes per iteration
 * each, allocated by L1 in guest RAM) when --mem is not given.
 */
static int size_memory(struct nested_opts *o)
{
	uint64_t max_mib = HVT_MAX_MEM >> 20;
	uint64_t per_vcpu_mib = o->m.iterations / ((1 << 20) / (NS_NR * sizeof(uint64_t))) + 1;
	uint64_t need;

	if (per_vcpu_mib > max_mib / o->vcpus) {
		cli_error("--iterations: %" PRIu64 " samples on %" PRIu64 " vCPUs do not fit in %"
			  PRIu64 " MiB of guest RAM", o->m.iterations, o->vcpus, max_mib);
		return -1;
	}
	need = per_vcpu_mib * o->vcpus + NESTED_MEM_SLACK_MIB;
	if (o->m.common.mem_given) {
		if (need > o->m.common.mem_mib)
			cli_error("warning: %" PRIu64 " iterations on %" PRIu64 " vCPUs need about %"
				  PRIu64 " MiB of guest RAM, --mem is %" PRIu64,
				  o->m.iterations, o->vcpus, need, o->m.common.mem_mib);
		return 0;
	}
	if (need > max_mib) {
		cli_error("--iterations: %" PRIu64 " samples on %" PRIu64 " vCPUs do not fit in %"
			  PRIu64 " MiB of guest RAM", o->m.iterations, o->vcpus, max_mib);
		return -1;
	}
	need += need % 2;
	o->m.common.mem_mib = need < NESTED_MIN_MEM_MIB ? NESTED_MIN_MEM_MIB : need;
	return 0;
}

static int parse_nested_options(int argc, char **argv, struct nested_opts *o)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		MEASURE_LONG_OPTIONS,
		{ "vcpus", required_argument, NULL, OPT_VCPUS },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = cli_getopt("nested-cpuid", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			nested_usage(stdout);
			return EXIT_OK;
		}
		if (opt == '?' || nested_option(o, opt, optarg) <= 0)
			goto usage;
	}
	if (optind != argc) {
		cli_error("nested-cpuid: unexpected argument '%s'", argv[optind]);
		goto usage;
	}
	if (measure_finish(&o->m, NESTED_IMAGE_FILE, "nested-cpuid") || size_memory(o))
		goto usage;
	return PARSE_GO;
usage:
	nested_usage(stderr);
	return EXIT_USAGE;
}

static void print_header(const struct nested_opts *o)
{
	printf("hypervisor:   %s (%s)\n", o->m.common.dev, o->m.kind);
	printf("image:        %s\n", o->m.image);
	printf("scenario:     %s (%u), %" PRIu64 " vCPU%s\n",
	       hvt_l1_scenario_name(HVT_L1_NESTED_CPUID), HVT_L1_NESTED_CPUID, o->vcpus,
	       o->vcpus > 1 ? "s" : "");
	printf("iterations:   %" PRIu64 " per vCPU (warmup %" PRIu64 ", repeat %" PRIu64 ")\n",
	       o->m.iterations, o->m.warmup, o->m.repeat);
	fflush(stdout);
}

static void print_round_trip(const struct nested_opts *o, const struct nested_result *res)
{
	const struct stats *s = &res->pooled[NS_ROUND_TRIP];

	printf("round trips:  %zu measured (%u run%s x %u vCPU%s x %" PRIu64
	       "), every L2 result checked; L1 exits %" PRIu64 "\n",
	       s->count, res->nr_runs, res->nr_runs > 1 ? "s" : "", res->nr_vcpus,
	       res->nr_vcpus > 1 ? "s" : "", o->m.iterations, res->l1_exits);
	printf("TSC ticks per L2->L1->L2 round trip:\n");
	printf("  median  %" PRIu64 "\n  p10     %" PRIu64 "\n  p90     %" PRIu64 "\n",
	       s->median, s->p10, s->p90);
	printf("  min     %" PRIu64 "\n  max     %" PRIu64 "\n  mean    %.1f\n  stddev  %.1f\n",
	       s->min, s->max, s->mean, s->stddev);
}

static void print_split(const struct nested_result *res)
{
	printf("split (medians): L2 exit to L1 %" PRIu64 ", L1 handler %" PRIu64
	       ", L1 to L2 entry %" PRIu64 "\n", res->pooled[NS_EXIT_TO_L1].median,
	       res->pooled[NS_HANDLER].median, res->pooled[NS_ENTRY].median);
	printf("L1 handler share: %.2f%% (median handler / median round trip)\n",
	       res->handler_share * 100);
}

static void print_counters(const struct nested_opts *o, const struct nested_result *res)
{
	const struct nested_counters *t = &res->totals;
	bool any = false;

	for (int c = 0; c < NC_NR; c++)
		any |= t->have[c];
	if (!any) {
		printf("nested counters: n/a (not in %s's stats)\n", o->m.common.dev);
		return;
	}
	printf("nested counters (stats fd, summed over runs and vCPUs; per L1 exit):\n");
	for (int c = 0; c < NC_NR; c++) {
		if (!t->have[c]) {
			printf("  %-24s n/a\n", nested_counter_names[c]);
			continue;
		}
		printf("  %-24s %12" PRIu64 "  %.3f\n", nested_counter_names[c], t->value[c],
		       res->l1_exits ? (double)t->value[c] / (double)res->l1_exits : 0.0);
	}
}

static void print_summary(const struct nested_opts *o, const struct nested_result *res)
{
	bench_policies_print(&res->policies);
	print_round_trip(o, res);
	print_split(res);
	print_counters(o, res);
	if (res->nr_runs > 1) {
		printf("per-run medians:");
		for (unsigned int r = 0; r < res->nr_runs; r++)
			printf(" %" PRIu64, res->medians[r]);
		printf("\nmax relative deviation of run medians from their mean: %.2f%%\n",
		       res->max_rel_dev * 100);
	}
	fflush(stdout);
}

int cmd_nested_cpuid(int argc, char **argv)
{
	struct nested_opts o = { .vcpus = 1 };
	struct nested_result res = { 0 };
	int rc;

	measure_init(&o.m, NESTED_DEFAULT_ITERATIONS, NESTED_DEFAULT_WARMUP,
		     NESTED_DEFAULT_TIMEOUT, NESTED_MIN_MEM_MIB);
	rc = parse_nested_options(argc, argv, &o);
	if (rc != PARSE_GO)
		return rc;
	rc = measure_check_image(&o.m, NESTED_IMAGE_FILE);
	if (rc != EXIT_OK)
		return rc;
	if (o.m.trace && !measure_under_trace())
		return measure_run_traced(&o.m, argc, argv);
	print_header(&o);
	rc = nested_measure(&o, &res);
	if (rc == EXIT_OK) {
		print_summary(&o, &res);
		if (o.m.out_dir && nested_write_files(&o, &res))
			rc = EXIT_SETUP;
	}
	nested_free_result(&res);
	return rc;
}
