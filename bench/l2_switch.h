/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The l2-switch command: l1-hv.elf's scenario l2-switch (K L2s taking turns
 * on one or two L1 vCPUs, <hvt/l2_switch.h>, workloads/README.md), measured
 * per round trip that switches to a different L2 and per plain one,
 * checked against the counts K, S, E and the mode imply.
 */
#ifndef HVT_BENCH_L2_SWITCH_H
#define HVT_BENCH_L2_SWITCH_H

#include <stdbool.h>
#include <stdint.h>
#include <hvt/l2_switch.h>
#include <hvtvmm/stats.h>
#include "guest_series.h"
#include "measure_opts.h"
#include "policy_report.h"
#include "vm_counters.h"

/* The sample series vCPU 0's L1 reports. */
enum l2s_series {
	L2S_SWITCH, L2S_SWITCH_ENTRY, L2S_PLAIN, L2S_PLAIN_ENTRY, L2S_FIRST, L2S_FIRST_ENTRY,
	L2S_NR_SERIES
};

/* Its values; then l2_exits_<i> for i < K. */
enum l2s_value {
	L2SV_LOADS, L2SV_MIGRATIONS, L2SV_VMRUNS, L2SV_ASID_FLUSHES, L2SV_SHARED_ASIDS,
	L2SV_EXITS_CPUID, L2SV_EXITS_TOTAL, L2SV_TIMER_OVERHEAD, L2SV_L2_EXITS,
	L2SV_NR = L2SV_L2_EXITS + HVT_SW_MAX_L2S
};

extern const struct gs_spec l2s_spec;

/* The VM counters printed and stored: hvt's nested context cache. */
#define L2S_CTX_PREFIX "nested_ctx_"

struct l2s_opts {
	struct measure_opts m;		/* --repeat, --out, --label, --image, common */
	uint64_t l2s, switches, exits;	/* K, S, E */
	uint32_t mode;			/* HVT_SW_MODE_* */
	unsigned int vcpus;		/* 1 (stay) or 2 (migrate) */
};

/* What one run (one fresh VM) gave. */
struct l2s_run {
	struct gs_run report;
	struct vm_counters ctx;		/* its VM's nested_ctx_* */
	struct stats sw, plain;		/* its round trips */
};

/* What every run must agree on, from vCPU 0's values. */
struct l2s_counts {
	uint64_t loads, migrations, vmruns, asid_flushes, shared_asids;
	uint64_t exits_cpuid, exits_total, timer_overhead;
};

struct l2s_result {
	struct l2s_run *runs;
	unsigned int nr_runs;
	struct l2s_counts counts;
	struct stats pooled[L2S_NR_SERIES];	/* over every run */
	bool have_overhead;		/* both switch and plain samples exist */
	int64_t overhead, entry_overhead;	/* switch - plain medians */
	uint64_t *switch_medians;	/* per run */
	double max_rel_dev;		/* of those medians from their mean */
	struct vm_counters ctx_total;	/* summed over runs; names as run 1's */
	struct bench_policies policies;	/* read back from the first run's VM */
};

/* Sample counts the options imply (the guest asserts the same). */
uint64_t l2s_want_samples(const struct l2s_opts *o, enum l2s_series s);

/*
 * Runs o->m.repeat fresh VMs, checks each against the counts the options
 * imply, pools the samples. Fills res (free it with l2s_free_result, also
 * after a failure). Returns EXIT_OK, EXIT_GUEST or EXIT_SETUP.
 */
int l2s_measure(const struct l2s_opts *o, struct l2s_result *res);
void l2s_free_result(struct l2s_result *res);

/* OUT/LABEL.json and OUT/LABEL.csv; prints why and returns -1 on failure. */
int l2s_write_files(const struct l2s_opts *o, const struct l2s_result *res);

const char *l2s_mode_name(uint32_t mode);

#endif
