// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-fuzz: a random-sequence ioctl fuzzer for /dev/hvt (and /dev/kvm).
 * See docs/fuzzing.md and --help.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"
#include "record.h"
#include "shrink.h"
#include "supervise.h"

struct opts {
	const char *dev, *record, *replay, *shrink, *out, *fail_dir, *results, *diff_a, *diff_b;
	uint64_t seed, steps, programs;
	double minutes;
	unsigned int prog_len, op_timeout, avoid;
	int have_seed, keep_going, leaks, print, verbose;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: hvt-fuzz [options]                  fuzz (default: 2000 steps)\n"
"       hvt-fuzz --replay FILE [options]    run a recording's programs\n"
"       hvt-fuzz --shrink FILE [-o OUT]     minimise a failing recording\n"
"       hvt-fuzz --print --seed N           print the programs a seed makes\n"
"       hvt-fuzz --diff A B                 where two --results files differ\n"
"       hvt-fuzz --list-ops                 the ops and their weights\n"
"\n"
"A random sequence of ioctls, mmaps, closes, forks, signals and guest code\n"
"against --dev, program by program, each in a forked executor watched by a\n"
"per-op watchdog; after each, the kernel log and hvt's object counters are\n"
"checked. Every run prints its seed; the same seed makes the same ops.\n"
"\n"
"options:\n"
"  --dev PATH         /dev/hvt (default) or /dev/kvm\n"
"  --seed N           master seed (default: from the clock; printed)\n"
"  --steps N          stop after N ops (default 2000 unless --minutes/--programs)\n"
"  --minutes M        stop after M minutes (fractions allowed)\n"
"  --programs N       stop after N programs\n"
"  --prog-len N       ops per program at most (default 200; part of the seed's meaning)\n"
"  --record FILE      write every executed op to FILE (each before it runs)\n"
"  --results FILE     write each op's ioctl results (values, -errno) for --diff:\n"
"                     the same seed on /dev/kvm and /dev/hvt, then --diff A B\n"
"  --fail-dir DIR     where failing programs are saved (default $HVT_OUT or .)\n"
"  --keep-going       go on after a failure\n"
"  --op-timeout SEC   an op running longer is a hang (default 10)\n"
"  --no-leak-check    skip the /sys/kernel/debug/hvt counter check\n"
"  --avoid LIST       keep known bugs out, comma-separated (default none):\n"
"                       iosize  never rewrite kvm_run.io.size (hvt trusted it\n"
"                               before its L0 hardening)\n"
"                       dbtrap  no TF/DR7/ICEBP/AC in guest code (exception\n"
"                               loops where #DB/#AC are not intercepted)\n"
"  --no-tcg-safety    let through the guest states that kill QEMU's TCG (a busy\n"
"                     16/32-bit TSS in TR; EFER.LME with CR0.PG and CR4.PAE clear):\n"
"                     for real hardware, or to reproduce the testbed crashes\n"
"  -o, --out FILE     --shrink: where the minimised program goes (default FILE.min)\n"
"  -v, --verbose      one line per program\n"
"\n"
"exit status: 0 nothing found, 1 a failure (saved and printed), 2 usage, 3 setup\n");
}

static unsigned int parse_avoid(const char *list)
{
	unsigned int avoid = 0;
	char *copy = strdup(list), *tok, *save = NULL;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "iosize"))
			avoid |= FZ_AVOID_IOSIZE;
		else if (!strcmp(tok, "dbtrap"))
			avoid |= FZ_AVOID_DBTRAP;
		else if (strcmp(tok, "none")) {
			fprintf(stderr, "hvt-fuzz: --avoid: unknown item '%s' (iosize, dbtrap)\n", tok);
			exit(2);
		}
	}
	free(copy);
	return avoid;
}

static uint64_t parse_u64(const char *opt, const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "hvt-fuzz: %s takes a number, not '%s'\n", opt, s);
		exit(2);
	}
	return v;
}

static void parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "dev", 1, NULL, 'd' }, { "seed", 1, NULL, 's' }, { "steps", 1, NULL, 'n' },
		{ "minutes", 1, NULL, 'm' }, { "programs", 1, NULL, 'P' },
		{ "prog-len", 1, NULL, 'L' }, { "record", 1, NULL, 'r' }, { "replay", 1, NULL, 'R' },
		{ "shrink", 1, NULL, 'S' }, { "out", 1, NULL, 'o' }, { "fail-dir", 1, NULL, 'F' },
		{ "keep-going", 0, NULL, 'k' }, { "op-timeout", 1, NULL, 'T' },
		{ "no-leak-check", 0, NULL, 'N' }, { "avoid", 1, NULL, 'A' },
		{ "no-tcg-safety", 0, NULL, 'U' }, { "results", 1, NULL, 'W' }, { "diff", 1, NULL, 'D' }, { "print", 0, NULL, 'p' }, { "list-ops", 0, NULL, 'l' }, { "verbose", 0, NULL, 'v' },
		{ "help", 0, NULL, 'h' }, { 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "o:vh", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->dev = optarg; break;
		case 's': o->seed = parse_u64("--seed", optarg); o->have_seed = 1; break;
		case 'n': o->steps = parse_u64("--steps", optarg); break;
		case 'm': o->minutes = atof(optarg); break;
		case 'P': o->programs = parse_u64("--programs", optarg); break;
		case 'L': o->prog_len = parse_u64("--prog-len", optarg); break;
		case 'r': o->record = optarg; break;
		case 'R': o->replay = optarg; break;
		case 'S': o->shrink = optarg; break;
		case 'o': o->out = optarg; break;
		case 'F': o->fail_dir = optarg; break;
		case 'k': o->keep_going = 1; break;
		case 'T': o->op_timeout = parse_u64("--op-timeout", optarg); break;
		case 'N': o->leaks = 0; break;
		case 'A': o->avoid = (o->avoid & FZ_NO_TCG_SAFETY) | parse_avoid(optarg); break;
		case 'U': o->avoid |= FZ_NO_TCG_SAFETY; break;
		case 'W': o->results = optarg; break;
		case 'D': o->diff_a = optarg; break;
		case 'p': o->print = 1; break;
		case 'l':
			for (size_t i = 0; i < fz_nr_ops; i++)
				printf("%-16s %3u%s\n", fz_ops[i].name, fz_ops[i].weight,
				       fz_ops[i].flags & FZ_OP_FAKE ? "  (oracle self-test, never generated)" : "");
			exit(0);
		case 'v': o->verbose = 1; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(2);
		}
	}
	if (o->diff_a && optind < argc)
		o->diff_b = argv[optind++];
	if (o->diff_a && !o->diff_b) {
		fprintf(stderr, "hvt-fuzz: --diff takes two files\n");
		exit(2);
	}
	if (optind < argc) {
		fprintf(stderr, "hvt-fuzz: unexpected argument '%s'\n", argv[optind]);
		exit(2);
	}
	if (o->prog_len < 1 || o->op_timeout < 1) {
		fprintf(stderr, "hvt-fuzz: --prog-len and --op-timeout must be at least 1\n");
		exit(2);
	}
}

static void print_prog(FILE *f, const struct fz_prog *p, size_t upto)
{
	struct fz_prog head = *p;

	if (upto < head.n)
		head.n = upto;
	fz_record_write(f, &head);
}

static void report(const struct fz_verdict *v, const struct fz_prog *p, const char *what)
{
	printf("hvt-fuzz: FAIL (%s) %s", fz_fail_name(v->kind), what);
	if (v->op_known && v->op_index < p->n) {
		printf(", op %zu of %zu: ", v->op_index, p->n);
		fflush(stdout);
		fz_record_op(STDOUT_FILENO, &p->ops[v->op_index]);
		fflush(stdout);
	} else if (v->op_known) {
		printf(", in the teardown after op %zu\n", p->n - 1);
	} else {
		printf("\n");
	}
	printf("%s%s", v->msg, v->msg[0] && v->msg[strlen(v->msg) - 1] != '\n' ? "\n" : "");
	fflush(stdout);
}

/* The failing program up to the failing op (later ops never ran). */
static void save_failure(const struct opts *o, const struct fz_prog *p,
			 const struct fz_verdict *v, char *path, size_t len)
{
	const char *dir = o->fail_dir ? o->fail_dir : getenv("HVT_OUT") ? getenv("HVT_OUT") : ".";
	size_t upto = v->op_known && v->op_index < p->n ? v->op_index + 1 : p->n;
	FILE *f;

	snprintf(path, len, "%s/hvt-fuzz-fail-%016" PRIx64 ".rec", dir, p->seed);
	f = fopen(path, "w");
	if (!f) {
		snprintf(path, len, "(not saved: %s)", strerror(errno));
		return;
	}
	fprintf(f, FZ_RECORD_MAGIC "\n# dev %s, failure: %s\n", o->dev, fz_fail_name(v->kind));
	print_prog(f, p, upto);
	fclose(f);
}

static int open_out(const char *path)
{
	int fd;

	if (!path)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "hvt-fuzz: cannot write %s: %s\n", path, strerror(errno));
		exit(3);
	}
	fz_record_header(fd);
	return fd;
}

static int check_device(const char *dev)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "hvt-fuzz: cannot open %s: %s\n", dev, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* What the run reached: ioctls, errors, KVM_RUNs and their exits. */
struct totals {
	unsigned long long ioctls, ioctl_errors, runs, run_eintr, exits[FZ_NR_EXIT_COUNTS];
};

static void add_totals(struct totals *t, const struct fz_verdict *v)
{
	t->ioctls += v->ioctls;
	t->ioctl_errors += v->ioctl_errors;
	t->runs += v->runs;
	t->run_eintr += v->run_eintr;
	for (int i = 0; i < FZ_NR_EXIT_COUNTS; i++)
		t->exits[i] += v->exits[i];
}

static void print_totals(const struct totals *t)
{
	static const char *const names[FZ_NR_EXIT_COUNTS] = {
		[KVM_EXIT_UNKNOWN] = "unknown", [KVM_EXIT_IO] = "io", [KVM_EXIT_HLT] = "hlt",
		[KVM_EXIT_MMIO] = "mmio", [KVM_EXIT_SHUTDOWN] = "shutdown",
		[KVM_EXIT_FAIL_ENTRY] = "fail_entry", [KVM_EXIT_INTR] = "intr",
		[KVM_EXIT_INTERNAL_ERROR] = "internal_error", [KVM_EXIT_DEBUG] = "debug",
		[KVM_EXIT_SYSTEM_EVENT] = "system_event", [FZ_NR_EXIT_COUNTS - 1] = "other",
	};

	printf("hvt-fuzz: %llu ioctls (%llu failed as documented), %llu KVM_RUNs (%llu EINTR); exits:",
	       t->ioctls, t->ioctl_errors, t->runs, t->run_eintr);
	for (int i = 0; i < FZ_NR_EXIT_COUNTS; i++) {
		if (t->exits[i] && names[i])
			printf(" %s %llu", names[i], t->exits[i]);
		else if (t->exits[i])
			printf(" #%d %llu", i, t->exits[i]);
	}
	printf("\n");
}

static int fuzz(struct opts *o)
{
	struct totals tot = { 0 };
	uint64_t start = fz_now_ns(), last_progress = start, steps = 0, prog_i;
	struct fz_counters c0, c1;
	int failures = 0, record_fd = open_out(o->record);
	struct fz_sup sup;
	char path[512], msg[256];

	if (!o->steps && !o->minutes && !o->programs)
		o->steps = 2000;
	fz_sup_init(&sup, o->dev, o->avoid, o->op_timeout, o->leaks, record_fd);
	sup.results_fd = open_out(o->results);
	fz_counters_read(&c0);
	printf("hvt-fuzz: seed %" PRIu64 " on %s (reproduce: hvt-fuzz --dev %s --seed %" PRIu64
	       " --prog-len %u)\n", o->seed, o->dev, o->dev, o->seed, o->prog_len);
	fflush(stdout);
	for (prog_i = 0;; prog_i++) {
		uint64_t pseed = fz_prog_seed(o->seed, prog_i), now = fz_now_ns();
		struct fz_verdict v;
		struct fz_prog p;
		struct fz_rng r;

		if ((o->steps && steps >= o->steps) || (o->programs && prog_i >= o->programs) ||
		    (o->minutes && (now - start) / 1e9 >= o->minutes * 60))
			break;
		fz_rng_seed(&r, pseed);
		fz_gen_prog(&p, pseed, 1 + fz_rng_below(&r, o->prog_len));
		fz_sup_run(&sup, &p, &v);
		add_totals(&tot, &v);
		steps += v.kind == FZ_OK || !v.op_known ? p.n : v.op_index + 1;
		if (o->verbose)
			printf("hvt-fuzz: program %" PRIu64 " (seed 0x%" PRIx64 "): %zu ops, %s\n",
			       prog_i, pseed, p.n, fz_fail_name(v.kind));
		if (v.kind != FZ_OK) {
			snprintf(msg, sizeof(msg), "in program %" PRIu64 " (seed 0x%" PRIx64 ")", prog_i, pseed);
			report(&v, &p, msg);
			save_failure(o, &p, &v, path, sizeof(path));
			printf("hvt-fuzz: saved %s (replay: hvt-fuzz --dev %s --replay FILE; shrink: --shrink FILE)\n",
			       path, o->dev);
			failures++;
		}
		fz_prog_free(&p);
		if ((failures && !o->keep_going) || sup.unkillable)
			break;
		if (fz_now_ns() - last_progress > 30e9) {
			last_progress = fz_now_ns();
			printf("hvt-fuzz: %" PRIu64 " programs, %" PRIu64 " steps, %.0fs, %d failure(s)\n",
			       prog_i + 1, steps, (last_progress - start) / 1e9, failures);
		}
		fflush(stdout);
	}
	fz_counters_read(&c1);
	if (!sup.unkillable && fz_counters_diff(&c0, &c1, msg, sizeof(msg))) {
		printf("hvt-fuzz: FAIL (leak) over the whole run: %s\n", msg);
		failures++;
	}
	print_totals(&tot);
	printf("hvt-fuzz: seed %" PRIu64 ": %" PRIu64 " programs, %" PRIu64 " steps in %.0fs, %d failure(s)%s\n",
	       o->seed, prog_i, steps, (fz_now_ns() - start) / 1e9, failures,
	       c0.valid ? ", counters checked" : "");
	return failures ? 1 : 0;
}

static int load(const char *path, struct fz_prog **progs, size_t *n)
{
	char err[512];

	if (fz_record_read(path, progs, n, err, sizeof(err))) {
		fprintf(stderr, "hvt-fuzz: %s\n", err);
		return -1;
	}
	return 0;
}

static int replay(struct opts *o)
{
	int failures = 0, record_fd = open_out(o->record);
	struct fz_prog *progs;
	struct fz_sup sup;
	char what[64];
	size_t n;

	if (load(o->replay, &progs, &n))
		return 3;
	fz_sup_init(&sup, o->dev, o->avoid, o->op_timeout, o->leaks, record_fd);
	sup.results_fd = open_out(o->results);
	for (size_t i = 0; i < n && !sup.unkillable; i++) {
		struct fz_verdict v;

		fz_sup_run(&sup, &progs[i], &v);
		snprintf(what, sizeof(what), "in program %zu of %s", i, o->replay);
		if (v.kind != FZ_OK) {
			report(&v, &progs[i], what);
			failures++;
		} else {
			printf("hvt-fuzz: program %zu of %s: %zu ops, ok\n", i, o->replay, progs[i].n);
		}
	}
	printf("hvt-fuzz: replayed %zu program(s) on %s: %d failure(s)\n", n, o->dev, failures);
	return failures ? 1 : 0;
}

struct shrink_ctx {
	struct fz_sup *sup;
	int kind;
};

static int still_fails(const struct fz_prog *cand, void *arg)
{
	struct shrink_ctx *c = arg;
	struct fz_verdict v;

	if (c->sup->unkillable)
		return 0;
	fz_sup_run(c->sup, cand, &v);
	return v.kind == c->kind;
}

static int shrink(struct opts *o)
{
	struct fz_shrink_stats st;
	struct fz_prog *progs, *p = NULL;
	struct shrink_ctx ctx;
	struct fz_verdict v;
	struct fz_sup sup;
	char out[512];
	size_t n, i;
	FILE *f;

	if (load(o->shrink, &progs, &n))
		return 3;
	fz_sup_init(&sup, o->dev, o->avoid, o->op_timeout, o->leaks, -1);
	for (i = 0; i < n && !p; i++) {
		fz_sup_run(&sup, &progs[i], &v);
		if (v.kind != FZ_OK)
			p = &progs[i];
	}
	if (!p) {
		printf("hvt-fuzz: %s does not fail on %s: nothing to shrink\n", o->shrink, o->dev);
		return 1;
	}
	printf("hvt-fuzz: program %zu of %s fails (%s); shrinking %zu ops\n", i - 1, o->shrink,
	       fz_fail_name(v.kind), p->n);
	fflush(stdout);
	ctx.sup = &sup;
	ctx.kind = v.kind;
	if (fz_shrink(p, still_fails, &ctx, 1, &st)) {
		fprintf(stderr, "hvt-fuzz: out of memory while shrinking\n");
		return 3;
	}
	snprintf(out, sizeof(out), "%s%s", o->out ? o->out : o->shrink, o->out ? "" : ".min");
	f = fopen(out, "w");
	if (!f) {
		fprintf(stderr, "hvt-fuzz: cannot write %s: %s\n", out, strerror(errno));
		return 3;
	}
	fprintf(f, FZ_RECORD_MAGIC "\n# shrunk from %s on %s: failure %s\n", o->shrink, o->dev,
		fz_fail_name(ctx.kind));
	fz_record_write(f, p);
	fclose(f);
	printf("hvt-fuzz: shrunk %zu ops to %zu in %lu runs (failure: %s); wrote %s:\n", st.from,
	       st.to, st.tests, fz_fail_name(ctx.kind), out);
	fz_record_write(stdout, p);
	return 0;
}

static int print_programs(struct opts *o)
{
	uint64_t steps = 0, prog_i;

	if (!o->steps && !o->programs)
		o->programs = 1;
	for (prog_i = 0; (!o->programs || prog_i < o->programs) && (!o->steps || steps < o->steps);
	     prog_i++) {
		uint64_t pseed = fz_prog_seed(o->seed, prog_i);
		struct fz_prog p;
		struct fz_rng r;

		fz_rng_seed(&r, pseed);
		fz_gen_prog(&p, pseed, 1 + fz_rng_below(&r, o->prog_len));
		fz_record_write(stdout, &p);
		steps += p.n;
		fz_prog_free(&p);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .dev = "/dev/hvt", .prog_len = 200, .op_timeout = 10, .leaks = 1 };

	parse(argc, argv, &o);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!o.have_seed)
		o.seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	if (o.print)
		return print_programs(&o);
	if (o.diff_a)
		return fz_results_diff(o.diff_a, o.diff_b, 40);
	if (check_device(o.dev))
		return 3;
	if (o.replay)
		return replay(&o);
	if (o.shrink)
		return shrink(&o);
	return fuzz(&o);
}
