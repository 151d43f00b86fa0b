// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace stat: exits per level and exit code, with the time L0 spent on
 * each (exit -> next entry of that vCPU), live every -i seconds and as a
 * summary at the end (Ctrl-C, -d, or the traced command's end).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "exits.h"
#include "opts.h"
#include "stat.h"
#include "stat.skel.h"

struct stat_row {
	struct stat_key key;
	struct stat_val val;
	uint64_t prev_count;	/* at the last live print: for the rate */
};

struct stat_table {
	struct stat_row *rows;
	size_t n, cap;
};

static const char stat_doc[] =
	"Count guest exits per level (L1, L2) and exit code, and time L0's share of each.\n"
	"\n"
	"Time in L0 is from an exit to the next entry of the same vCPU, measured with\n"
	"bpf_ktime_get_ns() (CLOCK_MONOTONIC). -T converts it to TSC ticks with the TSC\n"
	"rate measured against CLOCK_MONOTONIC over the run. Tracing runs until Ctrl-C,\n"
	"-d SECS, or the end of COMMAND.\n"
	"\v"
	"examples:\n"
	"  hvt-trace stat --hv hvt -i 1                 live table every second\n"
	"  hvt-trace stat -- hvt-bench run l1-hv.elf     summary when the command ends";

static const struct argp_option stat_options[] = {
	OPTION_HV, OPTION_PID, OPTION_VCPU, OPTION_INTERVAL, OPTION_DURATION, OPTION_OUTPUT, OPTION_TSC,
	{ 0 },
};

static error_t stat_parse(int key, char *arg, struct argp_state *state)
{
	return trace_opts_parse(key, arg, state, state->input);
}

static const struct argp stat_argp = {
	stat_options, stat_parse, "[-- COMMAND [ARGS...]]", stat_doc, NULL, NULL, NULL,
};

static struct stat_row *table_row(struct stat_table *t, const struct stat_key *k)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->rows[i].key.level == k->level && t->rows[i].key.code == k->code)
			return &t->rows[i];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct stat_row *rows = realloc(t->rows, cap * sizeof(*rows));

		if (!rows)
			return NULL;
		t->rows = rows;
		t->cap = cap;
	}
	memset(&t->rows[t->n], 0, sizeof(t->rows[0]));
	t->rows[t->n].key = *k;
	return &t->rows[t->n++];
}

/* The map is per CPU: add the CPUs' counts, keep the extreme min and max. */
static void merge_cpus(struct stat_val *out, const struct stat_val *cpu, int ncpus)
{
	memset(out, 0, sizeof(*out));
	for (int c = 0; c < ncpus; c++) {
		out->count += cpu[c].count;
		out->reflected += cpu[c].reflected;
		out->total_ns += cpu[c].total_ns;
		if (cpu[c].timed && (!out->timed || cpu[c].min_ns < out->min_ns))
			out->min_ns = cpu[c].min_ns;
		if (cpu[c].max_ns > out->max_ns)
			out->max_ns = cpu[c].max_ns;
		out->timed += cpu[c].timed;
	}
}

static int table_read(struct stat_table *t, int map_fd)
{
	int ncpus = libbpf_num_possible_cpus();
	struct stat_val *cpu = calloc(ncpus > 0 ? ncpus : 1, sizeof(*cpu)), sum;
	struct stat_row *row;

	if (!cpu)
		return -1;
	for (__u32 i = 0; i < 2 * STAT_SLOTS_PER_LEVEL; i++) {
		struct stat_key key = { .level = 1 + i / STAT_SLOTS_PER_LEVEL,
					.code = stat_slot_code(i % STAT_SLOTS_PER_LEVEL) };

		if (bpf_map_lookup_elem(map_fd, &i, cpu))
			continue;
		merge_cpus(&sum, cpu, ncpus);
		if (!sum.count && !sum.reflected)
			continue;
		row = table_row(t, &key);
		if (row)
			row->val = sum;
	}
	free(cpu);
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct stat_row *x = a, *y = b;

	if (x->key.level != y->key.level)
		return x->key.level < y->key.level ? -1 : 1;
	if (x->val.count != y->val.count)
		return x->val.count > y->val.count ? -1 : 1;
	return x->key.code < y->key.code ? -1 : x->key.code > y->key.code;
}

struct stat_units {
	double scale;		/* display units per ns */
	const char *name;	/* "ns" or "tsc" */
};

static void print_time(double ns, const struct stat_units *u)
{
	printf(" %12.0f", ns * u->scale);
}

static void print_row(const struct stat_row *r, const struct stat_units *u, double interval)
{
	const struct stat_val *v = &r->val;
	char buf[32], refl[24] = "-";

	if (r->key.level == 2)
		snprintf(refl, sizeof(refl), "%llu", (unsigned long long)v->reflected);
	if (r->key.code == STAT_CODE_OTHER)
		printf("L%u     %-7s %-16s %10llu %10s", r->key.level, "-", "other",
		       (unsigned long long)v->count, refl);
	else
		printf("L%u     0x%-5x %-16s %10llu %10s", r->key.level, r->key.code,
		       svm_exit_name(r->key.code, buf, sizeof(buf)), (unsigned long long)v->count, refl);
	print_time(v->total_ns, u);
	print_time(v->timed ? (double)v->total_ns / v->timed : 0, u);
	print_time(v->min_ns, u);
	print_time(v->max_ns, u);
	if (interval > 0)
		printf(" %10.0f", (v->count - r->prev_count) / interval);
	printf("\n");
}

static void print_table(struct stat_table *t, const struct stat_units *u, double interval)
{
	uint64_t count = 0, total = 0;

	qsort(t->rows, t->n, sizeof(t->rows[0]), cmp_rows);
	printf("%-6s %-7s %-16s %10s %10s %12s %12s %12s %12s%s\n", "level", "code", "reason",
	       "count", "reflected", "total", "mean", "min", "max", interval > 0 ? "     rate/s" : "");
	for (size_t i = 0; i < t->n; i++) {
		print_row(&t->rows[i], u, interval);
		count += t->rows[i].val.count;
		total += t->rows[i].val.total_ns;
		t->rows[i].prev_count = t->rows[i].val.count;
	}
	printf("%-6s %-7s %-16s %10llu %10s", "all", "", "", (unsigned long long)count, "");
	print_time(total, u);
	printf("\n");
}

static void units_of(const struct trace_opts *o, const struct clock_pair *c, struct stat_units *u)
{
	double r = clock_tsc_per_ns(c);

	u->scale = o->tsc && r > 0 ? r : 1;
	u->name = o->tsc && r > 0 ? "TSC ticks" : "ns";
}

static void print_header(const char *what, const struct trace_opts *o, struct clock_pair *c,
			 const struct stat_units *u)
{
	double r = clock_tsc_per_ns(c);

	printf("%s: %s, %.2f s; time in L0 = exit -> next entry of that vCPU, in %s", what,
	       hv_name(o->hv), (c->ns1 - c->ns0) / 1e9, u->name);
	if (r > 0)
		printf(" (TSC %.3f MHz against CLOCK_MONOTONIC: 1 ns = %.4f ticks)", r * 1000, r);
	printf("\n");
}

static int stat_load(struct stat_bpf **skel, struct hv_events *ev, struct trace_opts *o)
{
	struct tp_layout l = { 0 };
	int err;

	if (hv_events_load(ev, o->hv, &l))
		return -1;
	l.tgid = o->pid;
	l.vcpu = o->vcpu;
	*skel = stat_bpf__open();
	if (!*skel) {
		err_msg("cannot open the BPF object: %s", strerror(errno));
		return -1;
	}
	(*skel)->rodata->layout = l;
	err = stat_bpf__load(*skel);
	if (err) {
		err_msg("cannot load the BPF programs: %s", strerror(-err));
		return -1;
	}
	return hv_events_attach(ev, (*skel)->obj);
}

static void stat_live(struct stat_bpf *skel, struct stat_table *t, const struct trace_opts *o,
		      struct clock_pair *c)
{
	struct stat_units u;

	clock_stop(c);
	units_of(o, c, &u);
	table_read(t, bpf_map__fd(skel->maps.stats));
	print_header("live", o, c, &u);
	print_table(t, &u, o->run.interval);
	printf("\n");
	fflush(stdout);
}

int cmd_stat(int argc, char **argv)
{
	struct trace_opts o;
	struct stat_bpf *skel = NULL;
	struct hv_events ev = { 0 };
	struct stat_table table = { 0 };
	struct clock_pair clk;
	struct run_state run;
	struct stat_units u;
	int rc = EXIT_SETUP;

	trace_opts_init(&o);
	trace_argp_parse(&stat_argp, argc, argv, &o);
	if (need_root() || need_btf() || hv_resolve(&o.hv) || stat_load(&skel, &ev, &o))
		goto out;
	clock_start(&clk);
	if (run_begin(&o.run, &run))
		goto out;
	while (run_wait(&o.run, &run, 100))
		if (run_tick(&o.run, &run))
			stat_live(skel, &table, &o, &clk);
	clock_stop(&clk);
	hv_events_free(&ev);	/* detach first: the summary is of a closed period */
	units_of(&o, &clk, &u);
	table_read(&table, bpf_map__fd(skel->maps.stats));
	print_header("summary", &o, &clk, &u);
	print_table(&table, &u, 0);
	fflush(stdout);
	rc = run_end(&run, EXIT_OK);
out:
	hv_events_free(&ev);
	stat_bpf__destroy(skel);
	free(table.rows);
	return rc;
}
