// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench l2-switch: the command line and the report. The runs and their
 * checks are in l2_switch_measure.c, the files in l2_switch_files.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <hvt/l1_scenarios.h>
#include "cli.h"
#include "commands.h"
#include "l2_switch.h"

#define L2S_DEFAULT_L2S 4
#define L2S_DEFAULT_SWITCHES 10
#define L2S_DEFAULT_EXITS 4
#define L2S_DEFAULT_TIMEOUT 1800
#define L2S_MIN_MEM_MIB 64
#define L2S_MEM_SLACK_MIB 16	/* image, page tables, stacks, VMCBs, NPT12s */
#define L2S_PER_L2_KIB 128	/* an L2's VMCB12, NPT12, stack, pages */
#define L2S_IMAGE_FILE "l1-hv.elf"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " l2-switch [options]\n"
		"\n"
		"Runs " L2S_IMAGE_FILE "'s scenario l2-switch: an L1 hypervisor keeps --l2s L2 guests,\n"
		"each with its own VMCB12, NPT12 and ASID, and runs them round-robin, one turn\n"
		"at a time: L2 i's turn is --exits CPUID exits, and every L2 gets --switches\n"
		"turns. Each turn starts with a VMRUN of a VMCB12 other than the one that L1\n"
		"vCPU ran last (a load), which is what a nested context cache speeds up.\n"
		"Every L2 checks every answer and its own memory. In --mode migrate two L1\n"
		"vCPUs take the turns, L2 i's round r on vCPU (i + r) %% 2.\n"
		"\n"
		"Prints TSC ticks per round trip, over rounds 2.. (round 1 warms up):\n"
		"  switch  from the previous L2's last exit to the loaded L2's first TSC read\n"
		"  plain   an L2's round trip that L1 resumed directly\n"
		"the switch overhead (median switch - median plain), the same for the entry\n"
		"leg (L1's VMRUN to L2's first TSC read) and, with --stats, the VM's\n"
		L2S_CTX_PREFIX "* counters (n/a where the stats have none, as KVM's).\n"
		"In migrate mode switch round trips include the hand-over between the two\n"
		"L1 vCPUs (the time until the waiting one is scheduled): count, not time.\n"
		"\n"
		"Fails (status 1) unless L1's loads, migrations, exits and each series'\n"
		"sample count are exactly what K, S, E and the mode imply.\n"
		"\n"
		"options:\n"
		COMMON_OPTIONS_HELP
		"  --l2s K           L2 guests, 1..%d (default %d)\n"
		"  --switches S      turns per L2 (default %d); K = 1 has nothing to switch to:\n"
		"                    its turn boundaries resume the same VMCB12 (the baseline)\n"
		"  --exits E         CPUID exits per turn (default %d); S x E <= %llu\n"
		"  --mode stay|migrate\n"
		"                    one L1 vCPU, or two taking turns (default stay)\n"
		"  --repeat R        runs, each in a fresh VM (default 1)\n"
		"  --out DIR         write DIR/LABEL.json (summaries, counts, counters,\n"
		"                    policies, environment, options) and DIR/LABEL.csv\n"
		"                    (run,series,index,ticks of every sample)\n"
		"  --label NAME      file name for --out (default l2-switch-kK-MODE-<kvm|hvt>,\n"
		"                    then -NAME-VALUE for each --policy)\n"
		"  --image PATH      the L1 image (default $HVT_WORKLOADS/" L2S_IMAGE_FILE ",\n"
		"                    else the installed or the build-tree workloads)\n"
		"\n"
		"defaults: --hv kvm, --mem sized for the samples (at least %d), --timeout %d\n"
		"exit status: 0 ok; 1 the guest failed or ended abnormally, or a count is\n"
		"wrong; 2 usage; 3 setup (device, policy refused, image, output files)\n",
		HVT_SW_MAX_L2S, L2S_DEFAULT_L2S, L2S_DEFAULT_SWITCHES, L2S_DEFAULT_EXITS,
		HVT_SW_MAX_EXITS_PER_L2, L2S_MIN_MEM_MIB, L2S_DEFAULT_TIMEOUT);
}

static int parse_mode(struct l2s_opts *o, const char *arg)
{
	if (!strcmp(arg, "stay"))
		o->mode = HVT_SW_MODE_STAY;
	else if (!strcmp(arg, "migrate"))
		o->mode = HVT_SW_MODE_MIGRATE;
	else {
		cli_error("--mode: '%s' is neither stay nor migrate", arg);
		return -1;
	}
	return 1;
}

static int option(struct l2s_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_L2S:
		return cli_parse_u64("--l2s", arg, 1, HVT_SW_MAX_L2S, &o->l2s) ? -1 : 1;
	case OPT_SWITCHES:
		return cli_parse_u64("--switches", arg, 1, HVT_SW_MAX_EXITS_PER_L2,
				     &o->switches) ? -1 : 1;
	case OPT_EXITS:
		return cli_parse_u64("--exits", arg, 1, HVT_SW_MAX_EXITS_PER_L2, &o->exits) ? -1 : 1;
	case OPT_MODE:
		return parse_mode(o, arg);
	}
	return measure_option(&o->m, opt, arg, 0);
}

/* Guest RAM for the L2s' timestamps (3 per exit) and the samples L1 classifies. */
static int size_memory(struct l2s_opts *o)
{
	uint64_t exits = o->l2s * o->switches * o->exits;
	uint64_t need = (exits * 8 * (3 + 4) + o->l2s * (L2S_PER_L2_KIB << 10)) / (1 << 20) +
			L2S_MEM_SLACK_MIB;

	if (need > HVT_MAX_MEM >> 20) {
		cli_error("%" PRIu64 " L2s x %" PRIu64 " turns x %" PRIu64 " exits need about %"
			  PRIu64 " MiB of guest RAM, more than %llu", o->l2s, o->switches, o->exits,
			  need, HVT_MAX_MEM >> 20);
		return -1;
	}
	if (o->m.common.mem_given) {
		if (need > o->m.common.mem_mib)
			cli_error("warning: about %" PRIu64 " MiB of guest RAM needed, --mem is %"
				  PRIu64, need, o->m.common.mem_mib);
		return 0;
	}
	need += need % 2;
	o->m.common.mem_mib = need < L2S_MIN_MEM_MIB ? L2S_MIN_MEM_MIB : need;
	return 0;
}

static int finish(struct l2s_opts *o)
{
	char prefix[48];

	if (o->switches * o->exits > HVT_SW_MAX_EXITS_PER_L2) {
		cli_error("--switches x --exits: %" PRIu64 " x %" PRIu64 " is more than %llu exits per L2",
			  o->switches, o->exits, HVT_SW_MAX_EXITS_PER_L2);
		return -1;
	}
	o->vcpus = o->mode == HVT_SW_MODE_MIGRATE ? 2 : 1;
	snprintf(prefix, sizeof(prefix), "l2-switch-k%" PRIu64 "-%s", o->l2s,
		 l2s_mode_name(o->mode));
	if (measure_finish(&o->m, L2S_IMAGE_FILE, prefix))
		return -1;
	return size_memory(o);
}

static int parse_options(int argc, char **argv, struct l2s_opts *o)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "l2s", required_argument, NULL, OPT_L2S },
		{ "switches", required_argument, NULL, OPT_SWITCHES },
		{ "exits", required_argument, NULL, OPT_EXITS },
		{ "mode", required_argument, NULL, OPT_MODE },
		{ "repeat", required_argument, NULL, OPT_REPEAT },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "image", required_argument, NULL, OPT_IMAGE },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = cli_getopt("l2-switch", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			usage(stdout);
			return EXIT_OK;
		}
		if (opt == '?' || option(o, opt, optarg) <= 0)
			goto usage;
	}
	if (optind != argc) {
		cli_error("l2-switch: unexpected argument '%s'", argv[optind]);
		goto usage;
	}
	if (finish(o))
		goto usage;
	return PARSE_GO;
usage:
	usage(stderr);
	return EXIT_USAGE;
}

static void print_header(const struct l2s_opts *o)
{
	printf("hypervisor:   %s (%s)\n", o->m.common.dev, o->m.kind);
	printf("image:        %s\n", o->m.image);
	printf("scenario:     %s (%u): %" PRIu64 " L2%s x %" PRIu64 " turns x %" PRIu64
	       " CPUID exits, %s mode, %u L1 vCPU%s\n", hvt_l1_scenario_name(HVT_L1_L2_SWITCH),
	       HVT_L1_L2_SWITCH, o->l2s, o->l2s > 1 ? "s" : "", o->switches, o->exits,
	       l2s_mode_name(o->mode), o->vcpus, o->vcpus > 1 ? "s" : "");
	printf("repeat:       %" PRIu64 "\n", o->m.repeat);
	fflush(stdout);
}

static void print_series(const char *name, const struct stats *s)
{
	if (!s->count) {
		printf("  %-12s %7s %8s %8s %8s\n", name, "0", "n/a", "n/a", "n/a");
		return;
	}
	printf("  %-12s %7zu %8" PRIu64 " %8" PRIu64 " %8" PRIu64 "\n", name, s->count, s->median,
	       s->p10, s->p90);
}

static void print_overheads(const struct l2s_result *res)
{
	const struct stats *p = res->pooled;

	if (!res->have_overhead) {
		printf("switch overhead: n/a (needs --switches >= 2)\n");
		return;
	}
	printf("switch overhead: %" PRId64 " ticks (median switch - median plain round trip)\n",
	       res->overhead);
	printf("entry leg (L1's VMRUN to L2's first TSC read, medians): switch %" PRIu64
	       ", plain %" PRIu64 ", overhead %" PRId64 "\n", p[L2S_SWITCH_ENTRY].median,
	       p[L2S_PLAIN_ENTRY].median, res->entry_overhead);
}

static void print_timing(const struct l2s_opts *o, const struct l2s_result *res)
{
	const struct l2s_counts *c = &res->counts;

	printf("turns:        %" PRIu64 " per run: %" PRIu64 " loads, %" PRIu64 " migrations; L1 exits %"
	       PRIu64 "%s; every L2 value checked\n", o->l2s * o->switches, c->loads,
	       c->migrations, c->exits_total,
	       c->shared_asids ? "; ASIDs shared (TLB flushed when one changes L2)" : "");
	printf("TSC ticks per round trip (rounds 2..%" PRIu64 "; round 1 warms up), over %u run%s:\n",
	       o->switches, res->nr_runs, res->nr_runs > 1 ? "s" : "");
	printf("  %-12s %7s %8s %8s %8s\n", "", "count", "median", "p10", "p90");
	print_series("switch", &res->pooled[L2S_SWITCH]);
	print_series("plain", &res->pooled[L2S_PLAIN]);
	print_series("first load", &res->pooled[L2S_FIRST]);
	print_overheads(res);
}

/* This VM's ctx_cache capacity, if the policy is active and set; else 0. */
static uint64_t ctx_capacity(const struct bench_policies *bp)
{
	for (unsigned int i = 0; bp->infos && i < bp->n; i++)
		if (!strcmp(bp->infos[i].name, "ctx_cache") &&
		    (bp->infos[i].flags & HVT_POLICY_F_ACTIVE))
			return strtoull(bp->infos[i].value, NULL, 10);
	return 0;
}

/*
 * What the proposal's arithmetic predicts for loads that each switch to
 * another L2 (K >= 2): a context per L2 while they fit, else every load
 * recycles the least recently used one. 0 if there is no prediction.
 */
static int ctx_predict(const struct l2s_opts *o, uint64_t cap, uint64_t loads,
		       const char *name, uint64_t *want)
{
	uint64_t k = o->l2s, alloc = k <= cap ? k : cap;

	if (!cap || k < 2)
		return 0;
	if (!strcmp(name, L2S_CTX_PREFIX "alloc"))
		*want = alloc;
	else if (!strcmp(name, L2S_CTX_PREFIX "reuse"))
		*want = k <= cap ? loads - alloc : 0;
	else if (!strcmp(name, L2S_CTX_PREFIX "recycle"))
		*want = k <= cap ? 0 : loads - alloc;
	else
		return 0;
	return 1;
}

static void print_ctx_counters(const struct l2s_opts *o, const struct l2s_result *res)
{
	const struct vm_counters *t = &res->ctx_total;
	uint64_t cap = ctx_capacity(&res->policies), want;

	if (!t->n) {
		printf(L2S_CTX_PREFIX "* counters: n/a (not in %s's VM stats%s%s)\n",
		       o->m.common.dev, t->error[0] ? ": " : "", t->error);
		return;
	}
	printf(L2S_CTX_PREFIX "* counters (VM stats fd, summed over %u run%s):\n", res->nr_runs,
	       res->nr_runs > 1 ? "s" : "");
	for (unsigned int i = 0; i < t->n; i++) {
		printf("  %-24s %10" PRIu64, t->name[i], t->value[i]);
		/* each run is a fresh VM with a cache of its own */
		if (ctx_predict(o, cap, res->counts.loads, t->name[i], &want))
			printf("   (arithmetic for ctx_cache=%" PRIu64 ": %" PRIu64 ")", cap,
			       want * res->nr_runs);
		printf("\n");
	}
}

static void print_summary(const struct l2s_opts *o, const struct l2s_result *res)
{
	bench_policies_print(&res->policies);
	print_timing(o, res);
	if (o->m.common.stats)
		print_ctx_counters(o, res);
	if (res->nr_runs > 1) {
		printf("per-run switch medians:");
		for (unsigned int r = 0; r < res->nr_runs; r++)
			printf(" %" PRIu64, res->switch_medians[r]);
		printf("\nmax relative deviation of run medians from their mean: %.2f%%\n",
		       res->max_rel_dev * 100);
	}
	fflush(stdout);
}

int cmd_l2_switch(int argc, char **argv)
{
	struct l2s_opts o = { .l2s = L2S_DEFAULT_L2S, .switches = L2S_DEFAULT_SWITCHES,
			      .exits = L2S_DEFAULT_EXITS };
	struct l2s_result res = { 0 };
	int rc;

	measure_init(&o.m, 0, 0, L2S_DEFAULT_TIMEOUT, L2S_MIN_MEM_MIB);
	rc = parse_options(argc, argv, &o);
	if (rc != PARSE_GO)
		return rc;
	rc = measure_check_image(&o.m, L2S_IMAGE_FILE);
	if (rc != EXIT_OK)
		return rc;
	print_header(&o);
	rc = l2s_measure(&o, &res);
	if (rc == EXIT_OK) {
		print_summary(&o, &res);
		if (o.m.out_dir && l2s_write_files(&o, &res))
			rc = EXIT_SETUP;
	}
	l2s_free_result(&res);
	return rc;
}
