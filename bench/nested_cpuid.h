/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nested-cpuid command: l1-hv.elf's scenario nested-cpuid (an L2 CPUID
 * loop whose exits L1 intercepts, workloads/README.md), measured per L2 ->
 * L1 -> L2 round trip, checked against L1's and hvt's exit counts.
 */
#ifndef HVT_BENCH_NESTED_CPUID_H
#define HVT_BENCH_NESTED_CPUID_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <hvtvmm/stats.h>
#include <hvtvmm/vm.h>
#include "measure_opts.h"
#include "policy_report.h"

/* The four sample series l1-hv reports per vCPU; they add up to the round trip. */
enum nested_series { NS_ROUND_TRIP, NS_EXIT_TO_L1, NS_HANDLER, NS_ENTRY, NS_NR };
extern const char *const nested_series_names[NS_NR];

/* The nested counters read from each vCPU's stats fd after a run. */
enum nested_counter {
	NC_VMRUN, NC_REFLECTED, NC_L0, NC_VMCB_SWITCHES, NC_VMCB_COPIES,
	NC_ROOT_REUSE, NC_ROOT_LOOKUP, NC_ROOT_CREATE, NC_NR
};
extern const char *const nested_counter_names[NC_NR];

struct nested_counters {
	bool have[NC_NR];		/* the stats fd has the counter */
	uint64_t value[NC_NR];
};

struct nested_opts {
	struct measure_opts m;
	uint64_t vcpus;
};

/* What one vCPU's L1 reported in one run, and its counters after it. */
struct nested_vcpu {
	uint64_t *samples[NS_NR];
	uint64_t count[NS_NR];
	bool duplicate[NS_NR];
	uint64_t exits_cpuid, exits_total, timer_overhead;
	bool have_exits_cpuid, have_exits_total, have_overhead;
	struct nested_counters counters;
	char counters_error[128];	/* why counters are missing, or "" */
};

/* One run: one fresh VM with nr_vcpus L1s. */
struct nested_run {
	struct nested_vcpu *vcpus;
	unsigned int nr_vcpus;
	bool out_of_memory;
	struct stats round_trip;	/* over this run's vCPUs */
};

struct nested_result {
	struct nested_run *runs;
	unsigned int nr_runs, nr_vcpus;
	struct stats pooled[NS_NR];	/* over every run and vCPU */
	uint64_t *medians;		/* round-trip median per run */
	double max_rel_dev;		/* of those medians from their mean */
	double handler_share;		/* median handler / median round trip */
	struct nested_counters totals;	/* summed; have[] only if every vCPU had it */
	uint64_t l1_exits;		/* L1's exits, summed */
	struct bench_policies policies;	/* read back from the first run's VM */
};

/*
 * Runs o->repeat fresh VMs and checks every vCPU's report and counters;
 * fills res (free it with nested_free_result, also after a failure).
 * Returns EXIT_OK, EXIT_GUEST (the guest failed, or a count is wrong)
 * or EXIT_SETUP.
 */
int nested_measure(const struct nested_opts *o, struct nested_result *res);
void nested_free_result(struct nested_result *res);

/* Writes OUT/LABEL.json and OUT/LABEL.csv; prints why and returns -1 on failure. */
int nested_write_files(const struct nested_opts *o, const struct nested_result *res);

/* Reads every vCPU's nested counters from its stats fd into run. */
void nested_read_counters(const struct vmm_vm *vm, struct nested_run *run);

#endif
