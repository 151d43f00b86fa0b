/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a guest reported in one run, by name: a benchmark declares the
 * sample series and values it wants once (struct gs_spec); the collector
 * plugs into vmm_run_ops, keeps a private copy of each, notices a series
 * reported twice, and pools a series over runs and vCPUs for statistics.
 * Names the spec does not list are ignored.
 */
#ifndef HVT_BENCH_GUEST_SERIES_H
#define HVT_BENCH_GUEST_SERIES_H

#include <stdbool.h>
#include <stdint.h>
#include <hvtvmm/run.h>
#include <hvtvmm/stats.h>

#define GS_MAX_SERIES 8
#define GS_MAX_VALUES 32

struct gs_spec {
	const char *const *series;	/* SAMPLES names, at most GS_MAX_SERIES */
	unsigned int nr_series;
	const char *const *values;	/* VALUE names, at most GS_MAX_VALUES */
	unsigned int nr_values;
};

struct gs_vcpu {
	uint64_t *samples[GS_MAX_SERIES];
	uint64_t count[GS_MAX_SERIES];
	bool duplicate[GS_MAX_SERIES];
	uint64_t value[GS_MAX_VALUES];
	bool have[GS_MAX_VALUES];
};

struct gs_run {
	const struct gs_spec *spec;
	struct gs_vcpu *vcpus;
	unsigned int nr_vcpus;
	bool out_of_memory;
};

/* 0, or -1 (out of memory, said) */
int gs_run_init(struct gs_run *run, const struct gs_spec *spec, unsigned int nr_vcpus);
void gs_run_free(struct gs_run *run);

/* Points ops' ctx, value and samples at run (print stays as it is). */
void gs_run_ops(struct gs_run *run, struct vmm_run_ops *ops);

/*
 * Checks that vCPU vcpu reported series s exactly once with want samples;
 * says what is wrong ("run R, vCPU V: ...") and returns -1 if not.
 */
int gs_check_series(const struct gs_run *run, unsigned int r, unsigned int vcpu,
		    unsigned int s, uint64_t want);

/* Value v of vCPU vcpu into *out; says so and returns -1 if it was not reported. */
int gs_get_value(const struct gs_run *run, unsigned int r, unsigned int vcpu,
		 unsigned int v, uint64_t *out);

/*
 * Statistics of series s over every vCPU of the runs runs[0..nr_runs)
 * point to. No samples at all is not an error: *out is then all zero
 * (count 0). -1 only if memory runs out (said).
 */
int gs_pool(const struct gs_run *const *runs, unsigned int nr_runs, unsigned int s,
	    struct stats *out);

#endif
