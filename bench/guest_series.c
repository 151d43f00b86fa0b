// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "guest_series.h"

int gs_run_init(struct gs_run *run, const struct gs_spec *spec, unsigned int nr_vcpus)
{
	*run = (struct gs_run){ .spec = spec, .nr_vcpus = nr_vcpus };
	run->vcpus = calloc(nr_vcpus, sizeof(*run->vcpus));
	if (!run->vcpus) {
		cli_error("out of memory");
		return -1;
	}
	return 0;
}

void gs_run_free(struct gs_run *run)
{
	for (unsigned int i = 0; run->vcpus && i < run->nr_vcpus; i++)
		for (unsigned int s = 0; s < GS_MAX_SERIES; s++)
			free(run->vcpus[i].samples[s]);
	free(run->vcpus);
	run->vcpus = NULL;
}

static int index_of(const char *const *names, unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

static void collect_value(void *ctx, unsigned int vcpu, const char *name, uint64_t value)
{
	struct gs_run *run = ctx;
	int v = index_of(run->spec->values, run->spec->nr_values, name);

	if (v < 0 || vcpu >= run->nr_vcpus)
		return;
	run->vcpus[vcpu].value[v] = value;
	run->vcpus[vcpu].have[v] = true;
}

static void collect_samples(void *ctx, unsigned int vcpu, const char *name,
			    const uint64_t *samples, uint64_t count)
{
	struct gs_run *run = ctx;
	int s = index_of(run->spec->series, run->spec->nr_series, name);
	struct gs_vcpu *v;

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

void gs_run_ops(struct gs_run *run, struct vmm_run_ops *ops)
{
	ops->ctx = run;
	ops->value = collect_value;
	ops->samples = collect_samples;
}

int gs_check_series(const struct gs_run *run, unsigned int r, unsigned int vcpu,
		    unsigned int s, uint64_t want)
{
	const struct gs_vcpu *v = &run->vcpus[vcpu];

	if (v->samples[s] && !v->duplicate[s] && v->count[s] == want)
		return 0;
	cli_error("run %u, vCPU %u: the guest reported %s \"%s\" samples (%" PRIu64 " of %" PRIu64
		  ")", r, vcpu, !v->samples[s] ? "no" : v->duplicate[s] ? "twice" :
		  "a wrong number of", run->spec->series[s], v->count[s], want);
	return -1;
}

int gs_get_value(const struct gs_run *run, unsigned int r, unsigned int vcpu,
		 unsigned int v, uint64_t *out)
{
	if (!run->vcpus[vcpu].have[v]) {
		cli_error("run %u, vCPU %u: the guest did not report %s", r, vcpu,
			  run->spec->values[v]);
		return -1;
	}
	*out = run->vcpus[vcpu].value[v];
	return 0;
}

int gs_pool(const struct gs_run *const *runs, unsigned int nr_runs, unsigned int s,
	    struct stats *out)
{
	size_t total = 0, at = 0;
	uint64_t *all;
	int rc;

	*out = (struct stats){ 0 };
	for (unsigned int r = 0; r < nr_runs; r++)
		for (unsigned int i = 0; i < runs[r]->nr_vcpus; i++)
			total += runs[r]->vcpus[i].count[s];
	if (!total)
		return 0;
	all = malloc(total * sizeof(*all));
	if (!all) {
		cli_error("out of memory for %zu samples", total);
		return -1;
	}
	for (unsigned int r = 0; r < nr_runs; r++) {
		for (unsigned int i = 0; i < runs[r]->nr_vcpus; i++) {
			const struct gs_vcpu *v = &runs[r]->vcpus[i];

			memcpy(all + at, v->samples[s], v->count[s] * sizeof(*all));
			at += v->count[s];
		}
	}
	rc = stats_compute(all, total, out);
	free(all);
	if (rc)
		cli_error("out of memory for statistics of %zu samples", total);
	return rc;
}
