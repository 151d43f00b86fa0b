/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The executor: runs one program's ops in a child process of the
 * supervisor. It owns the tables ops name objects by (system fds, VMs with
 * their host memory, vCPUs with their kvm_run mappings, stats fds, runner
 * threads in KVM_RUN), checks every ioctl result (errno sanity, exit
 * sanity) and reports a failure through the page it shares with the
 * supervisor, then exits.
 */
#ifndef FZ_EXEC_H
#define FZ_EXEC_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>

#include "op.h"
#include "oracle.h"

#define FZ_MAX_SYS	4
#define FZ_MAX_VMS	6
#define FZ_MAX_REGIONS	6
#define FZ_MAX_VCPUS	24
#define FZ_MAX_STATS	8
#define FZ_MAX_RUNNERS	6

/* What the supervisor reads: heartbeat of the op in progress, the failure. */
enum fz_fail_kind {
	FZ_OK,
	FZ_FAIL_ERRNO,		/* an ioctl result outside its documented set */
	FZ_FAIL_EXIT,		/* a kvm_run exit with impossible contents */
	FZ_FAIL_KMSG,		/* WARN/BUG/Oops/... in the kernel log */
	FZ_FAIL_HANG,		/* an op did not finish within the watchdog time */
	FZ_FAIL_LEAK,		/* hvt's object counters did not come back */
	FZ_FAIL_CRASH,		/* the executor died of a signal */
	FZ_FAIL_FAKE,		/* an injected failure (oracle self-test) */
	FZ_NR_FAIL_KINDS
};

const char *fz_fail_name(int kind);

/* KVM_EXIT_* 0..30 counted one by one, anything else in the last slot. */
#define FZ_NR_EXIT_COUNTS 32

struct fz_shared {
	volatile uint64_t op_index;	/* op being run (valid while in_op) */
	volatile uint64_t op_start_ns;
	volatile int in_op;
	volatile int fail_kind;
	char fail_msg[1024];
	volatile int claimed;
	/* What the program reached, for the run's summary. */
	volatile uint64_t ioctls, ioctl_errors, runs, run_eintr;
	volatile uint64_t exits[FZ_NR_EXIT_COUNTS];
};

struct fz_region {
	uint8_t *p;
	size_t len;
	int writable;
};

struct fz_vm {
	int fd;			/* -1: free */
	struct fz_region reg[FZ_MAX_REGIONS];
	int nr_vcpus;		/* created through this fd (they live as long as the VM) */
};

struct fz_vcpu {
	int fd;			/* -1: free */
	int vm;			/* index into vms[] at creation */
	uint32_t id;
	struct kvm_run *run;	/* main mapping (may be unmapped by an op) */
	size_t run_len;
};

struct fz_exec;

struct fz_runner {
	int used;
	pthread_t th;
	volatile int stop;
	volatile int done;
	int fd;			/* the runner's own dup: a close by another op leaves it */
	unsigned int key;
	uint64_t iters, timeout_ms, tamper, seed;
	struct fz_exec *x;
};

/*
 * The kvm_run page is shared by every thread that runs the vCPU: its
 * contents belong to the KVM_RUN that just returned only while no other
 * thread runs or writes that vCPU. Per vCPU (by VM slot and id, hashed:
 * a collision only skips checks) the number of run loops in progress and
 * an epoch bumped by every loop start and every write from another op.
 */
#define FZ_VCPU_KEYS (FZ_MAX_VMS * 64)

struct fz_exec {
	const char *dev;
	int is_hvt;
	unsigned int avoid;	/* FZ_AVOID_*, FZ_NO_TCG_SAFETY */
	long mmap_size;
	int sys[FZ_MAX_SYS];
	struct fz_vm vms[FZ_MAX_VMS];
	struct fz_vcpu vcpus[FZ_MAX_VCPUS];
	int stats[FZ_MAX_STATS];
	struct fz_runner runners[FZ_MAX_RUNNERS];
	int devnull;
	int fake_armed;
	volatile int key_active[FZ_VCPU_KEYS];
	volatile unsigned int key_epoch[FZ_VCPU_KEYS];
	struct fz_shared *sh;
	int record_fd;		/* -1: none; ops are appended before they run */
	struct fz_kmsg kmsg;	/* read after every op: a WARN is pinned to its op */
	/* --results: the main thread's ioctl results of the op in progress (diff.h). */
	int results_fd;
	pid_t main_tid;
	char res[1024];
	size_t res_len;
};

/* Set up the tables (nothing open yet). */
int fz_exec_init(struct fz_exec *x, const char *dev, unsigned int avoid, struct fz_shared *sh,
		 int record_fd, int results_fd);
/* Run the program from op 0; returns only if nothing failed. */
void fz_exec_prog(struct fz_exec *x, const struct fz_prog *p);
/* Stop runner threads, unmap, close everything. */
void fz_exec_teardown(struct fz_exec *x);

/* Report a failure and end the executor (the first report wins). */
__attribute__((format(printf, 3, 4), noreturn))
void fz_fail(struct fz_exec *x, int kind, const char *fmt, ...);

/* ioctl with the errno-sanity oracle. */
enum fz_ret {
	FZ_RET_ZERO,	/* 0 or -1 */
	FZ_RET_FD,	/* a new fd or -1 */
	FZ_RET_NONNEG,	/* 0..max or -1 */
};
long fz_ioctl(struct fz_exec *x, const char *what, int fd, unsigned long req, void *arg,
	      enum fz_ret cls, long max);

/* Lookups by op argument: an existing object, or NULL / -1. */
struct fz_vm *fz_vm_at(struct fz_exec *x, uint64_t idx);
struct fz_vcpu *fz_vcpu_at(struct fz_exec *x, uint64_t idx);
int fz_sys_at(struct fz_exec *x, uint64_t idx);
/* An fd for "wrong kind" tests: any open fd of ours, a closed number, /dev/null. */
int fz_any_fd(struct fz_exec *x, uint64_t sel);
/* Remember a new fd in @slots (n of them); closes it if there is no room. */
void fz_keep_fd(int *slots, int n, int fd);
/* Map the kvm_run area of a vCPU fd (offset 0, the size the device gives). */
struct kvm_run *fz_map_run(struct fz_exec *x, int fd, size_t *len);

/* The ownership key of a vCPU entry; bump its epoch before writing its kvm_run. */
unsigned int fz_vcpu_key(const struct fz_vcpu *v);
void fz_vcpu_touch(struct fz_exec *x, unsigned int key);

/* One vCPU run loop (sync op and runner threads share it). */
void fz_run_loop(struct fz_exec *x, int fd, unsigned int key, struct kvm_run *run,
		 size_t run_len, uint64_t iters, uint64_t timeout_ms, uint64_t tamper,
		 uint64_t seed, volatile int *stop);
/* The run op's loop ends after this long: well inside the per-op watchdog. */
#define FZ_RUN_OP_MAX_NS (2 * 1000000000ull)

uint64_t fz_now_ns(void);

#endif
