// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace nested: L2 -> L1 -> L2 round trips, each split into
 *	l0-exit		L2 exit -> L1 entry		(L0 reflects the exit)
 *	l1-handler	L1 entry -> L1's VMRUN exit	(L1 handles it)
 *	l0-entry	VMRUN exit -> L2 entry		(L0 emulates VMRUN)
 * with log2 and linear histograms of each part and of the whole trip.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "exits.h"
#include "hist.h"
#include "nested.h"
#include "opts.h"
#include "nested.skel.h"	/* after opts.h: it uses struct tp_layout */

struct nested_opts {
	struct trace_opts t;
	long width;		/* linear bucket width; 0: automatic */
	const char *samples_path;
};

struct sample_set {
	struct nested_sample *s;
	size_t n, cap;
	int oom;
};

struct samples {
	struct sample_set trips;	/* NESTED_ROUND_TRIP */
	struct sample_set l0_only;	/* NESTED_L0_ONLY */
};

static const char *const part_names[NR_PARTS] = {
	[PART_L0_EXIT] = "l0-exit", [PART_L1] = "l1-handler",
	[PART_L0_ENTRY] = "l0-entry", [PART_TOTAL] = "round-trip",
};

static const char nested_doc[] =
	"Histogram L2 -> L1 -> L2 round trips: each L2 exit L0 reflects to L1, up to the\n"
	"next L2 entry of that vCPU, split into l0-exit (L2 exit -> L1 entry),\n"
	"l1-handler (L1 entry -> L1's VMRUN exit) and l0-entry (VMRUN exit -> L2 entry).\n"
	"L2 exits L0 handles itself are counted apart. Times: bpf_ktime_get_ns() (ns),\n"
	"or TSC ticks with -T.\n"
	"\v"
	"example:\n"
	"  hvt-trace nested -- hvt-bench run $HVT_WORKLOADS/l1-hv.elf --hv hvt";

static const struct argp_option nested_options[] = {
	OPTION_HV, OPTION_PID, OPTION_VCPU, OPTION_DURATION, OPTION_OUTPUT, OPTION_TSC,
	{ "width", 'w', "N", 0, "Linear bucket width (default: about 20 buckets from p1 to p99)", 0 },
	{ "samples", OPT_SAMPLES, "FILE", 0, "Also write every round trip to FILE as CSV", 0 },
	{ 0 },
};

static error_t nested_parse(int key, char *arg, struct argp_state *state)
{
	struct nested_opts *o = state->input;

	switch (key) {
	case 'w':
		if (parse_int(arg, 1, 1L << 40, &o->width))
			argp_error(state, "--width takes a positive integer, not '%s'", arg);
		return 0;
	case OPT_SAMPLES:
		o->samples_path = arg;
		return 0;
	default:
		return trace_opts_parse(key, arg, state, &o->t);
	}
}

static const struct argp nested_argp = {
	nested_options, nested_parse, "[-- COMMAND [ARGS...]]", nested_doc, NULL, NULL, NULL,
};

static void set_add(struct sample_set *set, const struct nested_sample *smp)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 4096;
		struct nested_sample *s = realloc(set->s, cap * sizeof(*s));

		if (!s) {
			set->oom = 1;
			return;
		}
		set->s = s;
		set->cap = cap;
	}
	set->s[set->n++] = *smp;
}

static int on_sample(void *ctx, void *data, size_t len)
{
	struct samples *all = ctx;
	const struct nested_sample *smp = data;

	if (len < sizeof(*smp))
		return 0;
	set_add(smp->kind == NESTED_L0_ONLY ? &all->l0_only : &all->trips, smp);
	return 0;
}

static int nested_load(struct nested_bpf **skel, struct hv_events *ev, struct trace_opts *o)
{
	struct tp_layout l = { 0 };
	int err;

	if (hv_events_load(ev, o->hv, &l))
		return -1;
	l.tgid = o->pid;
	l.vcpu = o->vcpu;
	*skel = nested_bpf__open();
	if (!*skel) {
		err_msg("cannot open the BPF object: %s", strerror(errno));
		return -1;
	}
	(*skel)->rodata->layout = l;
	err = nested_bpf__load(*skel);
	if (err) {
		err_msg("cannot load the BPF programs: %s", strerror(-err));
		return -1;
	}
	return hv_events_attach(ev, (*skel)->obj);
}

/* One part of every sample, in display units, sorted. */
static uint64_t *part_values(const struct sample_set *set, int part, double scale)
{
	uint64_t *v = malloc((set->n ? set->n : 1) * sizeof(*v));

	if (!v)
		return NULL;
	for (size_t i = 0; i < set->n; i++)
		v[i] = (uint64_t)(set->s[i].ns[part] * scale + 0.5);
	hist_sort(v, set->n);
	return v;
}

static void print_part_stats(const struct sample_set *set, double scale)
{
	uint64_t *tot = part_values(set, PART_TOTAL, scale);
	double tmean = tot ? hist_mean(tot, set->n) : 0;

	printf("%-12s %10s %10s %10s %10s %10s %10s %10s\n", "part", "mean", "min", "p50", "p90",
	       "p99", "max", "share");
	for (int p = 0; p < NR_PARTS; p++) {
		uint64_t *v = part_values(set, p, scale);
		double mean = v ? hist_mean(v, set->n) : 0;

		if (v && set->n)
			printf("%-12s %10.1f %10llu %10llu %10llu %10llu %10llu %9.1f%%\n",
			       part_names[p], mean, (unsigned long long)v[0],
			       (unsigned long long)hist_percentile(v, set->n, 50),
			       (unsigned long long)hist_percentile(v, set->n, 90),
			       (unsigned long long)hist_percentile(v, set->n, 99),
			       (unsigned long long)v[set->n - 1], tmean ? 100 * mean / tmean : 0);
		free(v);
	}
	free(tot);
}

static int cmp_code(const void *a, const void *b)
{
	const struct nested_sample *x = a, *y = b;

	return x->code < y->code ? -1 : x->code > y->code;
}

/* Trips per L2 exit reason, with the mean of each part (or of the total only). */
static void print_reasons(struct sample_set *set, double scale, bool parts)
{
	int first = parts ? 0 : PART_TOTAL;
	char buf[32];

	qsort(set->s, set->n, sizeof(set->s[0]), cmp_code);
	printf("%-16s %10s", "L2 exit", "trips");
	for (int p = first; p < NR_PARTS; p++)
		printf(" %12s", part_names[p]);
	printf("\n");
	for (size_t i = 0, j; i < set->n; i = j) {
		double sum[NR_PARTS] = { 0 };

		for (j = i; j < set->n && set->s[j].code == set->s[i].code; j++)
			for (int p = 0; p < NR_PARTS; p++)
				sum[p] += set->s[j].ns[p];
		printf("%-16s %10zu", svm_exit_name(set->s[i].code, buf, sizeof(buf)), j - i);
		for (int p = first; p < NR_PARTS; p++)
			printf(" %12.1f", sum[p] * scale / (j - i));
		printf("\n");
	}
}

static void print_histograms(const struct sample_set *set, double scale, const char *unit,
			     long width)
{
	static const int order[NR_PARTS] = { PART_TOTAL, PART_L0_EXIT, PART_L1, PART_L0_ENTRY };

	for (int i = 0; i < NR_PARTS; i++) {
		int p = order[i];
		uint64_t *v = part_values(set, p, scale), w;

		if (!v || !set->n) {
			free(v);
			continue;
		}
		w = width > 0 ? (uint64_t)width : hist_auto_width(v, set->n);
		printf("\n%s (%zu samples), log2 buckets:\n", part_names[p], set->n);
		hist_log2_print(stdout, v, set->n, unit);
		printf("\n%s, linear buckets of %llu %s:\n", part_names[p], (unsigned long long)w, unit);
		hist_linear_print(stdout, v, set->n, w, unit);
		free(v);
	}
}

static int write_samples(const struct sample_set *set, const char *path)
{
	FILE *f = fopen(path, "w");
	char buf[32];

	if (!f) {
		err_msg("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "vcpu,tid,exit,l0_exit_ns,l1_handler_ns,l0_entry_ns,round_trip_ns\n");
	for (size_t i = 0; i < set->n; i++) {
		const struct nested_sample *s = &set->s[i];

		fprintf(f, "%u,%u,%s,%llu,%llu,%llu,%llu\n", s->vcpu, s->tid,
			svm_exit_name(s->code, buf, sizeof(buf)), (unsigned long long)s->ns[0],
			(unsigned long long)s->ns[1], (unsigned long long)s->ns[2],
			(unsigned long long)s->ns[3]);
	}
	if (fclose(f)) {
		err_msg("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_report(struct samples *all, const struct nested_opts *o,
			 const struct clock_pair *c, uint64_t dropped)
{
	double r = clock_tsc_per_ns(c), scale = o->t.tsc && r > 0 ? r : 1;
	const char *unit = o->t.tsc && r > 0 ? "tsc" : "ns";
	struct sample_set *set = &all->trips;

	printf("nested: %s, %.2f s; %zu L2->L1->L2 round trips, %zu L2 exits handled in L0; "
	       "times in %s", hv_name(o->t.hv), (c->ns1 - c->ns0) / 1e9, set->n, all->l0_only.n,
	       o->t.tsc && r > 0 ? "TSC ticks" : "ns");
	if (r > 0)
		printf(" (TSC %.3f MHz against CLOCK_MONOTONIC)", r * 1000);
	printf("\n");
	if (dropped || set->oom || all->l0_only.oom)
		printf("WARNING: %llu samples lost (ring buffer full%s)\n",
		       (unsigned long long)dropped, set->oom ? ", out of memory" : "");
	if (set->n) {
		printf("\n");
		print_part_stats(set, scale);
		print_histograms(set, scale, unit, o->width);
		printf("\nround trips by L2 exit reason (mean %s):\n", unit);
		print_reasons(set, scale, true);
	}
	if (all->l0_only.n) {
		printf("\nL2 exits L0 handled itself, L2 exit -> L2 entry (mean %s):\n", unit);
		print_reasons(&all->l0_only, scale, false);
	}
}

int cmd_nested(int argc, char **argv)
{
	struct nested_opts o = { 0 };
	struct nested_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct hv_events ev = { 0 };
	struct samples all = { 0 };
	struct clock_pair clk;
	struct run_state run;
	int rc = EXIT_SETUP;

	trace_opts_init(&o.t);
	trace_argp_parse(&nested_argp, argc, argv, &o);
	if (need_root() || need_btf() || hv_resolve(&o.t.hv) || nested_load(&skel, &ev, &o.t))
		goto out;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.samples), on_sample, &all, NULL);
	if (!rb) {
		err_msg("cannot open the ring buffer: %s", strerror(errno));
		goto out;
	}
	clock_start(&clk);
	if (run_begin(&o.t.run, &run))
		goto out;
	while (run_wait(&o.t.run, &run, 100))
		ring_buffer__consume(rb);
	clock_stop(&clk);
	hv_events_free(&ev);
	ring_buffer__consume(rb);
	rc = EXIT_OK;
	/* Before the report, which sorts the samples by exit reason. */
	if (o.samples_path && write_samples(&all.trips, o.samples_path))
		rc = EXIT_FAIL;
	print_report(&all, &o, &clk, percpu_u64_sum(bpf_map__fd(skel->maps.dropped), 0));
	fflush(stdout);
	rc = run_end(&run, rc);
out:
	ring_buffer__free(rb);
	hv_events_free(&ev);
	nested_bpf__destroy(skel);
	free(all.trips.s);
	free(all.l0_only.s);
	return rc;
}
