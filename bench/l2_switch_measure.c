// SPDX-License-Identifier: GPL-2.0
/*
 * l2-switch's runs: each a fresh VM running l1-hv's scenario l2-switch;
 * what vCPU 0's L1 reports is checked against the counts K, S, E and the
 * mode imply (<hvt/l2_switch.h>), so a guest that stopped asserting them
 * cannot pass; the VM's nested_ctx_* counters are read while it is open.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <hvt/l1_scenarios.h>
#include "commands.h"
#include "l2_switch.h"

static const char *const series_names[L2S_NR_SERIES] = {
	[L2S_SWITCH] = "switch_round_trip_ticks",
	[L2S_SWITCH_ENTRY] = "switch_entry_ticks",
	[L2S_PLAIN] = "plain_round_trip_ticks",
	[L2S_PLAIN_ENTRY] = "plain_entry_ticks",
	[L2S_FIRST] = "first_load_round_trip_ticks",
	[L2S_FIRST_ENTRY] = "first_load_entry_ticks",
};

static const char *const value_names[L2SV_NR] = {
	[L2SV_LOADS] = "loads",
	[L2SV_MIGRATIONS] = "migrations",
	[L2SV_VMRUNS] = "l2_vmruns",
	[L2SV_ASID_FLUSHES] = "asid_flushes",
	[L2SV_SHARED_ASIDS] = "shared_asids",
	[L2SV_EXITS_CPUID] = "l1_exits_cpuid",
	[L2SV_EXITS_TOTAL] = "l1_exits_total",
	[L2SV_TIMER_OVERHEAD] = "l2_timer_overhead_ticks",
	"l2_exits_0", "l2_exits_1", "l2_exits_2", "l2_exits_3", "l2_exits_4", "l2_exits_5",
	"l2_exits_6", "l2_exits_7", "l2_exits_8", "l2_exits_9", "l2_exits_10", "l2_exits_11",
	"l2_exits_12", "l2_exits_13", "l2_exits_14", "l2_exits_15",
};

_Static_assert(L2SV_NR <= GS_MAX_VALUES && L2S_NR_SERIES <= GS_MAX_SERIES, "guest_series.h");

const struct gs_spec l2s_spec = {
	.series = series_names, .nr_series = L2S_NR_SERIES,
	.values = value_names, .nr_values = L2SV_NR,
};

const char *l2s_mode_name(uint32_t mode)
{
	return mode == HVT_SW_MODE_MIGRATE ? "migrate" : "stay";
}

uint64_t l2s_want_samples(const struct l2s_opts *o, enum l2s_series s)
{
	switch (s) {
	case L2S_SWITCH:
	case L2S_SWITCH_ENTRY:
		return hvt_sw_switch_samples(o->l2s, o->switches);
	case L2S_PLAIN:
	case L2S_PLAIN_ENTRY:
		return hvt_sw_plain_samples(o->l2s, o->switches, o->exits);
	default:
		return hvt_sw_first_load_samples(o->l2s);
	}
}

/* The counts the options imply: every VMRUN ends in a CPUID exit. */
static struct l2s_counts want_counts(const struct l2s_opts *o)
{
	uint64_t exits = hvt_sw_cpuid_exits(o->l2s, o->switches, o->exits);

	return (struct l2s_counts){
		.loads = hvt_sw_loads(o->l2s, o->switches, o->mode),
		.migrations = hvt_sw_migrations(o->l2s, o->switches, o->mode),
		.vmruns = exits,
		.exits_cpuid = exits,
		.exits_total = exits,
	};
}

static int read_counts(const struct gs_run *g, unsigned int r, struct l2s_counts *c)
{
	return gs_get_value(g, r, 0, L2SV_LOADS, &c->loads) ||
	       gs_get_value(g, r, 0, L2SV_MIGRATIONS, &c->migrations) ||
	       gs_get_value(g, r, 0, L2SV_VMRUNS, &c->vmruns) ||
	       gs_get_value(g, r, 0, L2SV_ASID_FLUSHES, &c->asid_flushes) ||
	       gs_get_value(g, r, 0, L2SV_SHARED_ASIDS, &c->shared_asids) ||
	       gs_get_value(g, r, 0, L2SV_EXITS_CPUID, &c->exits_cpuid) ||
	       gs_get_value(g, r, 0, L2SV_EXITS_TOTAL, &c->exits_total) ||
	       gs_get_value(g, r, 0, L2SV_TIMER_OVERHEAD, &c->timer_overhead) ? -1 : 0;
}

static int check_count(unsigned int r, const char *what, uint64_t got, uint64_t want)
{
	if (got == want)
		return 0;
	cli_error("run %u: L1 counted %" PRIu64 " %s, the options imply %" PRIu64, r, got, what,
		  want);
	return -1;
}

static int check_counts(const struct l2s_opts *o, const struct gs_run *g, unsigned int r,
			struct l2s_counts *c)
{
	struct l2s_counts want = want_counts(o);
	uint64_t exits;

	if (read_counts(g, r, c) || check_count(r, "loads", c->loads, want.loads) ||
	    check_count(r, "migrations", c->migrations, want.migrations) ||
	    check_count(r, "L2 VMRUNs", c->vmruns, want.vmruns) ||
	    check_count(r, "CPUID exits", c->exits_cpuid, want.exits_cpuid) ||
	    check_count(r, "exits", c->exits_total, want.exits_total))
		return -1;
	for (unsigned int i = 0; i < o->l2s; i++) {
		char what[32];

		snprintf(what, sizeof(what), "exits of L2 #%u", i);
		if (gs_get_value(g, r, 0, L2SV_L2_EXITS + i, &exits) ||
		    check_count(r, what, exits, o->switches * o->exits))
			return -1;
	}
	return 0;
}

static int check_run(const struct l2s_opts *o, struct l2s_result *res, unsigned int r)
{
	const struct gs_run *g = &res->runs[r - 1].report;

	if (g->out_of_memory) {
		cli_error("run %u: out of memory for the samples", r);
		return EXIT_SETUP;
	}
	for (unsigned int s = 0; s < L2S_NR_SERIES; s++)
		if (gs_check_series(g, r, 0, s, l2s_want_samples(o, s)))
			return EXIT_GUEST;
	return check_counts(o, g, r, &res->counts) ? EXIT_GUEST : EXIT_OK;
}

struct inspect_ctx {
	struct l2s_run *run;
	struct bench_policies *policies;
};

/* Counters and policies, while the VM's fds are still open. */
static void inspect_vm(void *ctx, const struct vmm_vm *vm)
{
	struct inspect_ctx *ic = ctx;

	vm_counters_read(vm->vm_fd, L2S_CTX_PREFIX, &ic->run->ctx);
	bench_policies_read(ic->policies, vm);
}

static int run_once(const struct l2s_opts *o, struct l2s_result *res, unsigned int r)
{
	struct l2s_run *run = &res->runs[r - 1];
	struct inspect_ctx ic = { .run = run, .policies = &res->policies };
	struct bench_inspect inspect = { .ctx = &ic, .fn = inspect_vm };
	struct vmm_run_ops ops = { 0 };
	struct vmm_guest_config cfg = {
		.dev_path = o->m.common.dev, .image_path = o->m.image,
		.mem_size = o->m.common.mem_mib << 20, .nr_vcpus = o->vcpus,
		.scenario = HVT_L1_L2_SWITCH,
		.policies = o->m.common.policies, .nr_policies = o->m.common.nr_policies,
	};
	int rc;

	cfg.args[HVT_L1_ARG_SW_L2S] = o->l2s;
	cfg.args[HVT_L1_ARG_SW_TURNS] = o->switches;
	cfg.args[HVT_L1_ARG_SW_EXITS] = o->exits;
	cfg.args[HVT_L1_ARG_SW_MODE] = o->mode;
	if (gs_run_init(&run->report, &l2s_spec, o->vcpus))
		return EXIT_SETUP;
	gs_run_ops(&run->report, &ops);
	rc = bench_run_guest(&cfg, &ops, o->m.common.timeout_sec, o->m.common.stats, &inspect);
	return rc != EXIT_OK ? rc : check_run(o, res, r);
}

static void sum_ctx_counters(struct l2s_result *res)
{
	struct vm_counters *t = &res->ctx_total;

	*t = res->runs[0].ctx;
	for (unsigned int r = 1; r < res->nr_runs; r++) {
		for (unsigned int i = 0; i < t->n; i++) {
			const uint64_t *v = vm_counters_find(&res->runs[r].ctx, t->name[i]);

			t->value[i] += v ? *v : 0;
		}
	}
}

static int64_t median_diff(const struct stats *a, const struct stats *b)
{
	return (int64_t)a->median - (int64_t)b->median;
}

/* Series s of one run, or of all runs. */
static int pool(const struct l2s_result *res, int run, unsigned int s, struct stats *out)
{
	const struct gs_run *runs[res->nr_runs];
	unsigned int n = 0;

	for (unsigned int r = 0; r < res->nr_runs; r++)
		if (run < 0 || (unsigned int)run == r)
			runs[n++] = &res->runs[r].report;
	return gs_pool(runs, n, s, out);
}

static int pool_runs(struct l2s_result *res)
{
	res->switch_medians = calloc(res->nr_runs, sizeof(*res->switch_medians));
	if (!res->switch_medians) {
		cli_error("out of memory");
		return -1;
	}
	for (unsigned int r = 0; r < res->nr_runs; r++) {
		if (pool(res, (int)r, L2S_SWITCH, &res->runs[r].sw) ||
		    pool(res, (int)r, L2S_PLAIN, &res->runs[r].plain))
			return -1;
		res->switch_medians[r] = res->runs[r].sw.median;
	}
	for (unsigned int s = 0; s < L2S_NR_SERIES; s++)
		if (pool(res, -1, s, &res->pooled[s]))
			return -1;
	res->have_overhead = res->pooled[L2S_SWITCH].count && res->pooled[L2S_PLAIN].count;
	res->overhead = median_diff(&res->pooled[L2S_SWITCH], &res->pooled[L2S_PLAIN]);
	res->entry_overhead = median_diff(&res->pooled[L2S_SWITCH_ENTRY],
					  &res->pooled[L2S_PLAIN_ENTRY]);
	res->max_rel_dev = stats_max_rel_deviation(res->switch_medians, res->nr_runs);
	sum_ctx_counters(res);
	return 0;
}

int l2s_measure(const struct l2s_opts *o, struct l2s_result *res)
{
	int rc;

	res->runs = calloc(o->m.repeat, sizeof(*res->runs));
	if (!res->runs) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	for (unsigned int r = 1; r <= o->m.repeat; r++) {
		res->nr_runs = r;
		if (o->m.repeat > 1) {
			printf("run %u of %" PRIu64 "\n", r, o->m.repeat);
			fflush(stdout);
		}
		rc = run_once(o, res, r);
		if (rc != EXIT_OK)
			return rc;
	}
	return pool_runs(res) ? EXIT_SETUP : EXIT_OK;
}

void l2s_free_result(struct l2s_result *res)
{
	for (unsigned int r = 0; r < res->nr_runs; r++)
		gs_run_free(&res->runs[r].report);
	free(res->runs);
	free(res->switch_medians);
	bench_policies_free(&res->policies);
}
