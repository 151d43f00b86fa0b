// SPDX-License-Identifier: GPL-2.0
/*
 * nested-cpuid's runs: each a fresh VM whose vCPUs each run l1-hv's
 * scenario nested-cpuid; what every vCPU reports is checked exactly, and
 * on hvt against the counters hvt kept for the same vCPU.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <hvt/l1_scenarios.h>
#include "commands.h"
#include "nested_cpuid.h"

const char *const nested_series_names[NS_NR] = {
	[NS_ROUND_TRIP] = "l2_round_trip_ticks",
	[NS_EXIT_TO_L1] = "l2_exit_to_l1_ticks",
	[NS_HANDLER] = "l1_handler_ticks",
	[NS_ENTRY] = "l1_to_l2_entry_ticks",
};

#define VALUE_EXITS_CPUID "l1_exits_cpuid"
#define VALUE_EXITS_TOTAL "l1_exits_total"
#define VALUE_OVERHEAD "l2_timer_overhead_ticks"

struct run_ctx {
	struct nested_run *run;
	struct bench_policies *policies;
};

static void collect_value(void *ctx, unsigned int vcpu, const char *name, uint64_t value)
{
	struct nested_run *run = ((struct run_ctx *)ctx)->run;
	struct nested_vcpu *v;

	if (vcpu >= run->nr_vcpus)
		return;
	v = &run->vcpus[vcpu];
	if (!strcmp(name, VALUE_EXITS_CPUID)) {
		v->exits_cpuid = value;
		v->have_exits_cpuid = true;
	} else if (!strcmp(name, VALUE_EXITS_TOTAL)) {
		v->exits_total = value;
		v->have_exits_total = true;
	} else if (!strcmp(name, VALUE_OVERHEAD)) {
		v->timer_overhead = value;
		v->have_overhead = true;
	}
}

static int series_of(const char *name)
{
	for (int s = 0; s < NS_NR; s++)
		if (!strcmp(name, nested_series_names[s]))
			return s;
	return -1;
}

static void collect_samples(void *ctx, unsigned int vcpu, const char *name,
			    const uint64_t *samples, uint64_t count)
{
	struct nested_run *run = ((struct run_ctx *)ctx)->run;
	int s = series_of(name);
	struct nested_vcpu *v;

	if (s < 0 || vcpu >= run->nr_vcpus)
		return;
	v = &run->vcpus[vcpu];
	if (v->samples[s]) {
		v->duplicate[s] = true;
		return;
	}
	v->samples[s] = malloc(count ? count * sizeof(*samples) : 1);
	if (!v->samples[s]) {
		run->out_of_memory = true;
		return;
	}
	memcpy(v->samples[s], samples, count * sizeof(*samples));
	v->count[s] = count;
}

/* Counters and policies, while the VM's fds are still open. */
static void inspect_vm(void *ctx, const struct vmm_vm *vm)
{
	struct run_ctx *rc = ctx;

	nested_read_counters(vm, rc->run);
	bench_policies_read(rc->policies, vm);
}

static int check_samples(const struct nested_opts *o, const struct nested_vcpu *v,
			 unsigned int r, unsigned int i)
{
	for (int s = 0; s < NS_NR; s++) {
		if (v->samples[s] && !v->duplicate[s] && v->count[s] == o->m.iterations)
			continue;
		cli_error("run %u, vCPU %u: the guest reported %s \"%s\" samples (%" PRIu64
			  " of %" PRIu64 ")", r, i, !v->samples[s] ? "no" : v->duplicate[s] ?
			  "twice" : "a wrong number of", nested_series_names[s], v->count[s],
			  o->m.iterations);
		return -1;
	}
	return 0;
}

/*
 * L1 asserts its CPUID count itself; checking it here too means a guest
 * that stopped asserting cannot pass. On hvt, every exit L1 saw must be
 * one hvt reflected, and no reflected exit may have gone missing.
 */
static int check_exits(const struct nested_opts *o, const struct nested_vcpu *v,
		       unsigned int r, unsigned int i, bool hvt)
{
	uint64_t want = o->m.warmup + o->m.iterations;

	if (!v->have_exits_cpuid || !v->have_exits_total) {
		cli_error("run %u, vCPU %u: the guest did not report " VALUE_EXITS_CPUID
			  " and " VALUE_EXITS_TOTAL, r, i);
		return -1;
	}
	if (v->exits_cpuid != want) {
		cli_error("run %u, vCPU %u: L1 counted %" PRIu64 " CPUID exits, want warmup + iterations = %"
			  PRIu64, r, i, v->exits_cpuid, want);
		return -1;
	}
	if (hvt && !v->counters.have[NC_REFLECTED]) {
		cli_error("run %u, vCPU %u: hvt's stats lack nested_exits_reflected%s%s", r, i,
			  v->counters_error[0] ? ": " : "", v->counters_error);
		return -1;
	}
	if (v->counters.have[NC_REFLECTED] && v->counters.value[NC_REFLECTED] != v->exits_total) {
		cli_error("run %u, vCPU %u: nested_exits_reflected = %" PRIu64 ", but L1 saw %"
			  PRIu64 " exits", r, i, v->counters.value[NC_REFLECTED], v->exits_total);
		return -1;
	}
	return 0;
}

static int check_run(const struct nested_opts *o, const struct nested_run *run, unsigned int r,
		     bool hvt)
{
	if (run->out_of_memory) {
		cli_error("run %u: out of memory for the samples", r);
		return EXIT_SETUP;
	}
	for (unsigned int i = 0; i < run->nr_vcpus; i++)
		if (check_samples(o, &run->vcpus[i], r, i) ||
		    check_exits(o, &run->vcpus[i], r, i, hvt))
			return EXIT_GUEST;
	return EXIT_OK;
}

/* Statistics of series s over every vCPU of runs[0..nr_runs). */
static int stats_of(const struct nested_run *runs, unsigned int nr_runs, int s,
		    struct stats *out)
{
	size_t total = 0, at = 0;
	uint64_t *all;
	int rc;

	for (unsigned int r = 0; r < nr_runs; r++)
		for (unsigned int i = 0; i < runs[r].nr_vcpus; i++)
			total += runs[r].vcpus[i].count[s];
	all = malloc(total ? total * sizeof(*all) : 1);
	if (!all) {
		cli_error("out of memory for %zu samples", total);
		return -1;
	}
	for (unsigned int r = 0; r < nr_runs; r++) {
		for (unsigned int i = 0; i < runs[r].nr_vcpus; i++) {
			const struct nested_vcpu *v = &runs[r].vcpus[i];

			memcpy(all + at, v->samples[s], v->count[s] * sizeof(*all));
			at += v->count[s];
		}
	}
	rc = stats_compute(all, total, out);
	free(all);
	if (rc)
		cli_error("no \"%s\" samples to summarise", nested_series_names[s]);
	return rc;
}

static void sum_counters(struct nested_result *res)
{
	for (int c = 0; c < NC_NR; c++)
		res->totals.have[c] = true;
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		for (unsigned int i = 0; i < res->runs[r].nr_vcpus; i++) {
			const struct nested_vcpu *v = &res->runs[r].vcpus[i];

			res->l1_exits += v->exits_total;
			for (int c = 0; c < NC_NR; c++) {
				res->totals.have[c] &= v->counters.have[c];
				res->totals.value[c] += v->counters.value[c];
			}
		}
	}
}

static int pool_runs(struct nested_result *res)
{
	res->medians = malloc(res->nr_runs * sizeof(*res->medians));
	if (!res->medians) {
		cli_error("out of memory");
		return -1;
	}
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		if (stats_of(&res->runs[r], 1, NS_ROUND_TRIP, &res->runs[r].round_trip))
			return -1;
		res->medians[r] = res->runs[r].round_trip.median;
	}
	for (int s = 0; s < NS_NR; s++)
		if (stats_of(res->runs, res->nr_runs, s, &res->pooled[s]))
			return -1;
	res->max_rel_dev = stats_max_rel_deviation(res->medians, res->nr_runs);
	res->handler_share = res->pooled[NS_ROUND_TRIP].median ?
		(double)res->pooled[NS_HANDLER].median / (double)res->pooled[NS_ROUND_TRIP].median : 0;
	sum_counters(res);
	return 0;
}

static int run_once(const struct nested_opts *o, struct nested_result *res, unsigned int r)
{
	struct nested_run *run = &res->runs[r - 1];
	struct run_ctx ctx = { .run = run, .policies = &res->policies };
	struct vmm_run_ops ops = { .ctx = &ctx, .value = collect_value,
				   .samples = collect_samples };
	struct bench_inspect inspect = { .ctx = &ctx, .fn = inspect_vm };
	struct vmm_guest_config cfg = {
		.dev_path = o->m.common.dev, .image_path = o->m.image,
		.mem_size = o->m.common.mem_mib << 20, .nr_vcpus = o->vcpus,
		.scenario = HVT_L1_NESTED_CPUID,
		.iterations = o->m.iterations, .warmup = o->m.warmup,
		.policies = o->m.common.policies, .nr_policies = o->m.common.nr_policies,
	};
	int rc;

	run->nr_vcpus = o->vcpus;
	run->vcpus = calloc(o->vcpus, sizeof(*run->vcpus));
	if (!run->vcpus) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	rc = bench_run_guest(&cfg, &ops, o->m.common.timeout_sec, o->m.common.stats, &inspect);
	return rc != EXIT_OK ? rc : check_run(o, run, r, res->policies.supported);
}

int nested_measure(const struct nested_opts *o, struct nested_result *res)
{
	int rc;

	res->nr_vcpus = o->vcpus;
	res->runs = calloc(o->m.repeat, sizeof(*res->runs));
	if (!res->runs) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	for (unsigned int r = 0; r < o->m.repeat; r++) {
		res->nr_runs = r + 1;
		if (o->m.repeat > 1) {
			printf("run %u of %" PRIu64 "\n", r + 1, o->m.repeat);
			fflush(stdout);
		}
		rc = run_once(o, res, r + 1);
		if (rc != EXIT_OK)
			return rc;
	}
	return pool_runs(res) ? EXIT_SETUP : EXIT_OK;
}

void nested_free_result(struct nested_result *res)
{
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		for (unsigned int i = 0; res->runs[r].vcpus && i < res->runs[r].nr_vcpus; i++)
			for (int s = 0; s < NS_NR; s++)
				free(res->runs[r].vcpus[i].samples[s]);
		free(res->runs[r].vcpus);
	}
	free(res->runs);
	free(res->medians);
	bench_policies_free(&res->policies);
}
