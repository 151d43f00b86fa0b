// SPDX-License-Identifier: GPL-2.0
/*
 * The op table: name, weight, flags, argument generator, executor. The
 * generators see only the PRNG, never the executor's state, so a seed
 * names the same program on /dev/hvt and /dev/kvm. Argument meanings are
 * documented at each executor (ops_*.c).
 */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "guest.h"
#include "ops.h"

#define R(n) fz_rng_below(r, (n))

static void gen_none(struct fz_rng *r, struct fz_op *op)
{
	(void)r;
	(void)op;
}

static void gen_sys_ioctl(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(9);
	op->a[2] = R(2) ? R(300) : fz_gen_u64(r);
	op->a[3] = fz_gen_ptr_class(r);
	op->a[4] = fz_gen_near(r, 10);
}

static void gen_create_vm(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = fz_rng_chance(r, 90) ? 0 : fz_gen_u64(r);
}

static void gen_create_vcpu(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = fz_rng_chance(r, 80) ? R(4) : fz_gen_near(r, 16);
}

static void gen_mem_map(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(FZ_MAX_REGIONS);
	op->a[2] = R(6);
	op->a[3] = R(8);
}

static void gen_mem_change(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(FZ_MAX_REGIONS);
	op->a[2] = R(7);
	op->a[3] = R(4) ? R(16) : R(1024);
	op->a[4] = 1 + R(16);
}

static void gen_set_region(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = fz_rng_chance(r, 85) ? R(6) : fz_gen_near(r, 32);
	op->a[2] = fz_rng_chance(r, 80) ? R(2) : fz_gen_u64(r);
	op->a[3] = fz_rng_chance(r, 85) ? R(16) : fz_gen_u64(r);
	op->a[4] = fz_rng_chance(r, 85) ? R(16) : fz_gen_u64(r);
	op->a[5] = fz_rng_chance(r, 85) ? R(64) : fz_gen_u64(r);
}

static void gen_vm_setup(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(FZ_NR_MODES);
	op->a[2] = fz_rng_next(r);
	op->a[3] = R(8);
}

static void gen_guest_code(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(4) ? 0 : R(FZ_MAX_REGIONS);
	op->a[2] = R(4) ? 0 : R(FZ_CODE_MAX);
	op->a[3] = R(FZ_NR_MODES);
	op->a[4] = fz_rng_next(r);
}

static void gen_vm_ioctl(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(24);
	op->a[2] = R(2) ? R(300) : fz_gen_u64(r);
	op->a[3] = fz_gen_ptr_class(r);
	op->a[4] = fz_rng_next(r);
}

static void gen_policy(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(4);
	op->a[2] = R(8);
	op->a[3] = R(10);
	op->a[4] = R(4) ? 0 : fz_rng_next(r);
	op->a[5] = fz_gen_ptr_class(r);
}

static void gen_stats_fd(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(2);
	op->a[1] = fz_gen_index(r);
}

static void gen_stats_read(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(FZ_MAX_STATS);
	op->a[1] = R(2) ? R(2048) : fz_gen_u64(r);
	op->a[2] = R(2) ? R(4096) : fz_gen_u64(r);
	op->a[3] = fz_gen_ptr_class(r);
	op->a[4] = R(3);
}

static void gen_vcpu_regs(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(3);
	op->a[2] = fz_rng_next(r);
	op->a[3] = fz_gen_ptr_class(r);
}

static void gen_vcpu_sregs(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(3);
	op->a[2] = fz_rng_next(r);
	op->a[3] = fz_gen_ptr_class(r);
	op->a[4] = R(FZ_NR_MODES);
}

static void gen_vcpu_setup(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(FZ_NR_MODES);
	op->a[2] = R(16);
	op->a[3] = fz_rng_next(r);
}

static void gen_set_cpuid(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(2) ? R(16) : fz_gen_near(r, 128);
	op->a[2] = R(4);
	op->a[3] = fz_gen_ptr_class(r);
	op->a[4] = fz_rng_next(r);
}

static void gen_msrs(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(2);
	op->a[2] = R(2) ? R(8) : fz_gen_near(r, 256);
	op->a[3] = fz_rng_next(r);
	op->a[4] = fz_gen_ptr_class(r);
}

static void gen_vcpu_ioctl(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(32);
	op->a[2] = fz_gen_ptr_class(r);
	op->a[3] = fz_rng_next(r);
}

static void gen_run(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = 1 + R(R(4) ? 8 : 64);
	op->a[2] = R(4) ? 5 + R(20) : R(200);
	op->a[3] = R(3) ? 0 : fz_rng_next(r) & 0xff;
	op->a[4] = fz_rng_next(r);
	op->a[5] = R(FZ_MAX_RUNNERS);
}

static void gen_run_stop(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(FZ_MAX_RUNNERS);
}

static void gen_signal(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(FZ_MAX_RUNNERS);
	op->a[1] = 1 + R(8);
}

static void gen_immediate_exit(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(2) ? 1 : fz_gen_u64(r);
}

static void gen_run_poke(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(2) ? R(64) * 4 : R(8192);
	op->a[2] = fz_gen_u64(r);
	op->a[3] = R(4);
}

static void gen_close(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(5);
	op->a[1] = fz_gen_index(r);
}

static void gen_dup(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(4);
	op->a[1] = fz_gen_index(r);
	op->a[2] = R(2);
}

static void gen_munmap_run(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
}

static void gen_mmap_run(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_gen_index(r);
	op->a[1] = R(4) ? 0 : R(4);
	op->a[2] = R(4) ? 0 : R(5);
	op->a[3] = R(4);
	op->a[4] = R(2);
}

static void gen_fork(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = fz_rng_next(r);
	op->a[1] = fz_rng_next(r);
}

static void gen_sleep(struct fz_rng *r, struct fz_op *op)
{
	op->a[0] = R(30);
}

#define OP(name, weight, flags, gen) { #name, weight, flags, gen, fz_exec_##name }

const struct fz_op_desc fz_ops[] = {
	OP(open_sys, 1, 0, gen_none),
	OP(sys_ioctl, 3, 0, gen_sys_ioctl),
	OP(create_vm, 4, 0, gen_create_vm),
	OP(create_vcpu, 5, 0, gen_create_vcpu),
	OP(mem_map, 3, 0, gen_mem_map),
	OP(mem_change, 3, 0, gen_mem_change),
	OP(set_region, 8, 0, gen_set_region),
	OP(vm_setup, 5, 0, gen_vm_setup),
	OP(guest_code, 8, 0, gen_guest_code),
	OP(guest_poke, 0, 0, gen_none),
	OP(vm_ioctl, 3, 0, gen_vm_ioctl),
	OP(policy, 2, 0, gen_policy),
	OP(stats_fd, 2, 0, gen_stats_fd),
	OP(stats_read, 2, 0, gen_stats_read),
	OP(vcpu_regs, 4, 0, gen_vcpu_regs),
	OP(vcpu_sregs, 4, 0, gen_vcpu_sregs),
	OP(vcpu_setup, 6, 0, gen_vcpu_setup),
	OP(set_cpuid, 3, 0, gen_set_cpuid),
	OP(msrs, 3, 0, gen_msrs),
	OP(vcpu_ioctl, 3, 0, gen_vcpu_ioctl),
	OP(run, 16, 0, gen_run),
	OP(run_async, 6, 0, gen_run),
	OP(run_stop, 3, 0, gen_run_stop),
	OP(signal, 3, 0, gen_signal),
	OP(immediate_exit, 2, 0, gen_immediate_exit),
	OP(run_poke, 2, 0, gen_run_poke),
	OP(close, 4, 0, gen_close),
	OP(dup, 1, 0, gen_dup),
	OP(munmap_run, 2, 0, gen_munmap_run),
	OP(mmap_run, 2, 0, gen_mmap_run),
	OP(fork, 1, 0, gen_fork),
	OP(sleep, 2, 0, gen_sleep),
	OP(fake_arm, 0, FZ_OP_FAKE, gen_none),
	OP(fake_hang, 0, FZ_OP_FAKE, gen_none),
	OP(fake_kmsg, 0, FZ_OP_FAKE, gen_none),
	OP(fake_crash, 0, FZ_OP_FAKE, gen_none),
};

const size_t fz_nr_ops = sizeof(fz_ops) / sizeof(fz_ops[0]);

int fz_op_lookup(const char *name)
{
	for (size_t i = 0; i < fz_nr_ops; i++)
		if (!strcmp(fz_ops[i].name, name))
			return i;
	return -1;
}

void fz_prog_init(struct fz_prog *p)
{
	memset(p, 0, sizeof(*p));
}

void fz_prog_free(struct fz_prog *p)
{
	free(p->ops);
	fz_prog_init(p);
}

int fz_prog_push(struct fz_prog *p, const struct fz_op *op)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 64;
		struct fz_op *ops = realloc(p->ops, cap * sizeof(*ops));

		if (!ops)
			return -1;
		p->ops = ops;
		p->cap = cap;
	}
	p->ops[p->n++] = *op;
	return 0;
}

int fz_prog_copy(struct fz_prog *dst, const struct fz_prog *src)
{
	dst->n = 0;
	dst->seed = src->seed;
	for (size_t i = 0; i < src->n; i++)
		if (fz_prog_push(dst, &src->ops[i]))
			return -1;
	return 0;
}

static void gen_op(struct fz_rng *r, struct fz_op *op, int kind)
{
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	fz_ops[kind].gen(r, op);
}

static int pick_kind(struct fz_rng *r)
{
	unsigned int total = 0, pick;
	size_t i;

	for (i = 0; i < fz_nr_ops; i++)
		total += fz_ops[i].weight;
	pick = fz_rng_below(r, total);
	for (i = 0; pick >= fz_ops[i].weight; i++)
		pick -= fz_ops[i].weight;
	return i;
}

/*
 * Most programs open with a runnable VM (VM, memory and code, a vCPU in a
 * mode), so the rest reaches KVM_RUN's exits instead of dying on ENOENT-like
 * paths; the prologue is ops like any other and the shrinker may drop them.
 */
static void gen_prologue(struct fz_rng *r, struct fz_prog *p)
{
	static const char *const prologue[] = { "create_vm", "vm_setup", "create_vcpu",
						"vcpu_setup", "run" };
	uint64_t mode = fz_rng_below(r, FZ_NR_MODES);
	struct fz_op op;

	for (size_t i = 0; i < sizeof(prologue) / sizeof(prologue[0]); i++) {
		gen_op(r, &op, fz_op_lookup(prologue[i]));
		op.a[0] = 0;
		if (!strcmp(prologue[i], "vm_setup") || !strcmp(prologue[i], "vcpu_setup"))
			op.a[1] = mode;	/* the layout's IDT format is the vCPU's mode */
		fz_prog_push(p, &op);
	}
}

void fz_gen_prog(struct fz_prog *p, uint64_t seed, size_t len)
{
	struct fz_rng r;
	struct fz_op op;

	fz_prog_init(p);
	p->seed = seed;
	fz_rng_seed(&r, seed);
	if (fz_rng_chance(&r, 85))
		gen_prologue(&r, p);
	while (p->n < len) {
		gen_op(&r, &op, pick_kind(&r));
		fz_prog_push(p, &op);
	}
}
