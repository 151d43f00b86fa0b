// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-fuzz's host-side logic: the PRNG and program generation are
 * deterministic, recordings round-trip, the shrinker finds the known
 * minimum of synthetic failures, the kernel-log oracle knows its lines.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "../fuzz/diff.h"
#include "../fuzz/guest.h"
#include "../fuzz/op.h"
#include "../fuzz/oracle.h"
#include "../fuzz/prng.h"
#include "../fuzz/record.h"
#include "../fuzz/shrink.h"
#include "check.h"

static void prng_is_fixed(void)
{
	struct fz_rng a, b;
	uint64_t first[3];

	/* The same numbers on every host: a seed printed anywhere replays anywhere. */
	fz_rng_seed(&a, 1);
	for (int i = 0; i < 3; i++)
		first[i] = fz_rng_next(&a);
	CHECK_U64(first[0], 0xb3f2af6d0fc710c5ull);
	CHECK_U64(first[1], 0x853b559647364ceaull);
	CHECK_U64(first[2], 0x92f89756082a4514ull);
	fz_rng_seed(&a, 42);
	fz_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		CHECK_U64(fz_rng_next(&a), fz_rng_next(&b));
	for (int i = 0; i < 10000; i++)
		CHECK(fz_rng_below(&a, 7) < 7);
	CHECK_U64(fz_rng_below(&a, 0), 0);
	CHECK(fz_prog_seed(1, 0) != fz_prog_seed(1, 1));
	CHECK(fz_prog_seed(1, 0) != fz_prog_seed(2, 0));
}

static int same_prog(const struct fz_prog *a, const struct fz_prog *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->ops[i].kind != b->ops[i].kind)
			return 0;
		for (int j = 0; j < FZ_NARGS; j++)
			if (a->ops[i].a[j] != b->ops[i].a[j])
				return 0;
	}
	return 1;
}

static void generation_is_deterministic(void)
{
	struct fz_prog a, b, c;
	int fake = 0, kinds[64] = { 0 }, distinct = 0;

	fz_gen_prog(&a, 7, 300);
	fz_gen_prog(&b, 7, 300);
	fz_gen_prog(&c, 8, 300);
	CHECK_U64(a.n, 300);
	CHECK(same_prog(&a, &b));
	CHECK(!same_prog(&a, &c));
	fz_prog_free(&a);
	fz_prog_free(&b);
	fz_prog_free(&c);
	/* Over many programs: every generated kind is real, none is an oracle self-test. */
	for (uint64_t s = 0; s < 200; s++) {
		fz_gen_prog(&a, s, 200);
		for (size_t i = 0; i < a.n; i++) {
			CHECK(a.ops[i].kind < fz_nr_ops);
			fake += !!(fz_ops[a.ops[i].kind].flags & FZ_OP_FAKE);
			if (a.ops[i].kind < 64 && !kinds[a.ops[i].kind]++)
				distinct++;
		}
		fz_prog_free(&a);
	}
	CHECK_U64(fake, 0);
	/* Every op with a weight shows up. */
	for (size_t k = 0; k < fz_nr_ops; k++)
		if (fz_ops[k].weight && !kinds[k])
			CHECK_FAILED("op %s never generated", fz_ops[k].name);
}

static void guest_code_is_deterministic(void)
{
	uint8_t a[512], b[512];
	size_t n, m;

	for (int mode = 0; mode < FZ_NR_MODES; mode++) {
		n = fz_guest_code(99, mode, 0, a, sizeof(a));
		m = fz_guest_code(99, mode, 0, b, sizeof(b));
		CHECK(n > 0 && n <= sizeof(a));
		CHECK_U64(n, m);
		CHECK(!memcmp(a, b, n));
	}
	CHECK(fz_guest_code(1, FZ_MODE_LONG64, 0, a, 16) <= 16);
}

static void record_round_trips(void)
{
	char path[] = "/tmp/hvt-fuzz-unit-XXXXXX", err[256];
	struct fz_prog p, q, *progs;
	size_t n;
	FILE *f;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	f = fdopen(fd, "w");
	fz_gen_prog(&p, 11, 50);
	fz_gen_prog(&q, 12, 20);
	fprintf(f, FZ_RECORD_MAGIC "\n# a comment\n\n");
	fz_record_write(f, &p);
	fz_record_write(f, &q);
	fclose(f);
	CHECK(!fz_record_read(path, &progs, &n, err, sizeof(err)));
	CHECK_U64(n, 2);
	if (n == 2) {
		CHECK(same_prog(&progs[0], &p));
		CHECK(same_prog(&progs[1], &q));
		CHECK_U64(progs[0].seed, 11);
		fz_prog_free(&progs[0]);
		fz_prog_free(&progs[1]);
	}
	free(progs);
	/* A line that is not an op is refused with its line number. */
	f = fopen(path, "a");
	fprintf(f, "frobnicate 0x1\n");
	fclose(f);
	CHECK(fz_record_read(path, &progs, &n, err, sizeof(err)) == -1);
	CHECK_CONTAINS(err, ":76: not an op: frobnicate 0x1");
	unlink(path);
	fz_prog_free(&p);
	fz_prog_free(&q);
}

/* Synthetic failure: op "fake_arm" with a[0] == 7, later a "fake_hang". */
static int needs_arm_then_hang(const struct fz_prog *p, void *ctx)
{
	int arm = fz_op_lookup("fake_arm"), hang = fz_op_lookup("fake_hang"), armed = 0;

	(*(int *)ctx)++;
	for (size_t i = 0; i < p->n; i++) {
		if (p->ops[i].kind == arm && p->ops[i].a[0] == 7)
			armed = 1;
		if (p->ops[i].kind == hang && armed)
			return 1;
	}
	return 0;
}

/* Synthetic failure: at least three "sleep" ops. */
static int needs_three_sleeps(const struct fz_prog *p, void *ctx)
{
	int sleep = fz_op_lookup("sleep"), n = 0;

	(void)ctx;
	for (size_t i = 0; i < p->n; i++)
		n += p->ops[i].kind == sleep;
	return n >= 3;
}

static void shrinker_finds_minimum(void)
{
	struct fz_shrink_stats st;
	struct fz_prog p;
	struct fz_op arm = { .kind = fz_op_lookup("fake_arm"), .a = { 7, 1, 2, 3, 4, 5 } };
	struct fz_op hang = { .kind = fz_op_lookup("fake_hang"), .a = { 9, 9 } };
	int calls = 0;

	fz_gen_prog(&p, 5, 100);
	p.ops[17] = arm;
	p.ops[80] = hang;
	CHECK(needs_arm_then_hang(&p, &calls));
	CHECK(!fz_shrink(&p, needs_arm_then_hang, &calls, 1, &st));
	CHECK_U64(st.from, 100);
	CHECK_U64(st.to, 2);
	CHECK_U64(p.n, 2);
	if (p.n == 2) {
		/* The arguments the failure needs stay, the rest go to 0. */
		CHECK_U64(p.ops[0].kind, arm.kind);
		CHECK_U64(p.ops[0].a[0], 7);
		CHECK_U64(p.ops[0].a[1] | p.ops[0].a[5], 0);
		CHECK_U64(p.ops[1].kind, hang.kind);
		CHECK_U64(p.ops[1].a[0] | p.ops[1].a[1], 0);
	}
	CHECK(st.tests < 200);
	fz_prog_free(&p);

	fz_prog_init(&p);
	for (int i = 0; i < 64; i++) {
		struct fz_op op = { .kind = fz_op_lookup(i % 5 == 0 ? "sleep" : "open_sys") };

		fz_prog_push(&p, &op);
	}
	CHECK(!fz_shrink(&p, needs_three_sleeps, NULL, 0, &st));
	CHECK_U64(p.n, 3);
	for (size_t i = 0; i < p.n; i++)
		CHECK_U64(p.ops[i].kind, fz_op_lookup("sleep"));
	fz_prog_free(&p);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void diff_finds_differences(void)
{
	const char *a = "/tmp/hvt-fuzz-unit-a.res", *b = "/tmp/hvt-fuzz-unit-b.res";
	FILE *saved = stdout;

	/* Quiet: the report goes to stdout. */
	stdout = fopen("/dev/null", "w");
	write_file(a, "# hvt-fuzz recording 1\nprogram 0x1\n0 create_vm KVM_CREATE_VM=4\n"
		      "3 vcpu_ioctl KVM_GET_FPU=0\n");
	write_file(b, "# hvt-fuzz recording 1\nprogram 0x1\n0 create_vm KVM_CREATE_VM=4\n"
		      "3 vcpu_ioctl KVM_GET_FPU=-25\n");
	CHECK_U64(fz_results_diff(a, a, 0), 0);
	CHECK_U64(fz_results_diff(a, b, 0), 1);
	CHECK_U64(fz_results_diff(a, "/nonexistent", 0), 3);
	fclose(stdout);
	stdout = saved;
	unlink(a);
	unlink(b);
}

static void kmsg_lines(void)
{
	CHECK(fz_kmsg_is_problem("WARNING: CPU: 0 PID: 77 at hv/vcpu.c:12 hvt_vcpu_ioctl+0x1/0x2 [hvt]"));
	CHECK(fz_kmsg_is_problem("BUG: unable to handle page fault for address: ffff888000000000"));
	CHECK(fz_kmsg_is_problem("watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [hvt-fuzz:81]"));
	CHECK(fz_kmsg_is_problem("rcu: INFO: rcu_sched self-detected stall on CPU"));
	CHECK(fz_kmsg_is_problem("INFO: task hvt-fuzz:90 blocked for more than 120 seconds."));
	CHECK(fz_kmsg_is_problem("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: hvt_svm_vcpu_run"));
	CHECK(!fz_kmsg_is_problem("hvt: loaded, /dev/hvt ready"));
	CHECK(!fz_kmsg_is_problem("kvm: exiting hardware virtualization"));
}

int main(void)
{
	RUN_TEST(prng_is_fixed);
	RUN_TEST(generation_is_deterministic);
	RUN_TEST(guest_code_is_deterministic);
	RUN_TEST(record_round_trips);
	RUN_TEST(shrinker_finds_minimum);
	RUN_TEST(diff_finds_differences);
	RUN_TEST(kmsg_lines);
	return check_report();
}
