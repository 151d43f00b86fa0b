// SPDX-License-Identifier: GPL-2.0
/*
 * Executor core: tables, the ioctl and exit oracles, the vCPU run loop,
 * and running a program op by op with a heartbeat for the supervisor's
 * watchdog.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "exec.h"
#include "diff.h"
#include "ops.h"
#include "record.h"

#define FZ_SIG_TIMER (SIGRTMIN + 1)

static const char *const fail_names[FZ_NR_FAIL_KINDS] = {
	[FZ_OK] = "ok", [FZ_FAIL_ERRNO] = "errno", [FZ_FAIL_EXIT] = "exit",
	[FZ_FAIL_KMSG] = "kmsg", [FZ_FAIL_HANG] = "hang", [FZ_FAIL_LEAK] = "leak",
	[FZ_FAIL_CRASH] = "crash", [FZ_FAIL_FAKE] = "fake",
};

const char *fz_fail_name(int kind)
{
	return kind >= 0 && kind < FZ_NR_FAIL_KINDS ? fail_names[kind] : "?";
}

uint64_t fz_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void fz_fail(struct fz_exec *x, int kind, const char *fmt, ...)
{
	va_list ap;

	/* Runner threads may fail at the same time: the first report wins. */
	if (!__sync_lock_test_and_set(&x->sh->claimed, 1)) {
		va_start(ap, fmt);
		vsnprintf(x->sh->fail_msg, sizeof(x->sh->fail_msg), fmt, ap);
		va_end(ap);
		__sync_synchronize();
		x->sh->fail_kind = kind;
	}
	_exit(3);
}

/*
 * Errors an ioctl of either device may give: argument errors, faults,
 * resource limits, "not this fd", "not this process", interruption. A
 * result outside this set (or a positive value where 0/-1 is the contract)
 * is a finding.
 */
static int errno_allowed(int err)
{
	switch (err) {
	case EINVAL: case EFAULT: case ENOTTY: case E2BIG: case EEXIST: case ENOMEM:
	case EBUSY: case EINTR: case EIO: case EBADF: case ENOENT: case EOPNOTSUPP:
	case ENOSPC: case ENXIO: case EPERM: case EAGAIN: case EMFILE: case ENFILE:
	case ENODEV: case EACCES:
		return 1;
	default:
		return 0;
	}
}

long fz_ioctl(struct fz_exec *x, const char *what, int fd, unsigned long req, void *arg,
	      enum fz_ret cls, long max)
{
	long r = ioctl(fd, req, arg);
	int err = errno;

	__sync_fetch_and_add(&x->sh->ioctls, 1);
	if (x->results_fd >= 0)	/* fd numbers differ between runs: only "an fd" is compared */
		fz_results_note(x, what, r == -1 ? -err : cls == FZ_RET_FD ? FZ_RESULT_FD : r);
	if (r == -1) {
		__sync_fetch_and_add(&x->sh->ioctl_errors, 1);
		if (!errno_allowed(err))
			fz_fail(x, FZ_FAIL_ERRNO, "%s (fd %d, ioctl 0x%lx): errno %d (%s) is not a documented result",
				what, fd, req, err, strerror(err));
		errno = err;
		return r;
	}
	if (r < -1 || (cls == FZ_RET_ZERO && r != 0) || (cls == FZ_RET_NONNEG && max >= 0 && r > max))
		fz_fail(x, FZ_FAIL_ERRNO, "%s (fd %d, ioctl 0x%lx): returned %ld, wanted %s", what, fd,
			req, r, cls == FZ_RET_ZERO ? "0 or -1" : "0..max or -1");
	return r;
}

int fz_exec_init(struct fz_exec *x, const char *dev, unsigned int avoid, struct fz_shared *sh,
		 int record_fd, int results_fd)
{
	int i, sys;

	memset(x, 0, sizeof(*x));
	x->dev = dev;
	x->avoid = avoid;
	x->sh = sh;
	x->record_fd = record_fd;
	x->results_fd = results_fd;
	x->main_tid = syscall(SYS_gettid);
	for (i = 0; i < FZ_MAX_SYS; i++)
		x->sys[i] = -1;
	for (i = 0; i < FZ_MAX_VMS; i++)
		x->vms[i].fd = -1;
	for (i = 0; i < FZ_MAX_VCPUS; i++)
		x->vcpus[i].fd = -1;
	for (i = 0; i < FZ_MAX_STATS; i++)
		x->stats[i] = -1;
	x->devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	fz_kmsg_open(&x->kmsg);
	if (fz_scratch_init())
		return -1;
	sys = open(dev, O_RDWR | O_CLOEXEC);
	if (sys < 0)
		return -1;
	x->sys[0] = sys;
	x->is_hvt = ioctl(sys, KVM_CHECK_EXTENSION, 0x48565401 /* HVT_CAP_POLICIES */) == 1;
	x->mmap_size = ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (x->mmap_size <= 0)
		x->mmap_size = 4096;
	return 0;
}

struct fz_vm *fz_vm_at(struct fz_exec *x, uint64_t idx)
{
	for (int i = 0; i < FZ_MAX_VMS; i++) {
		struct fz_vm *vm = &x->vms[(idx + i) % FZ_MAX_VMS];

		if (vm->fd >= 0)
			return vm;
	}
	return NULL;
}

struct fz_vcpu *fz_vcpu_at(struct fz_exec *x, uint64_t idx)
{
	for (int i = 0; i < FZ_MAX_VCPUS; i++) {
		struct fz_vcpu *v = &x->vcpus[(idx + i) % FZ_MAX_VCPUS];

		if (v->fd >= 0)
			return v;
	}
	return NULL;
}

int fz_sys_at(struct fz_exec *x, uint64_t idx)
{
	for (int i = 0; i < FZ_MAX_SYS; i++) {
		int fd = x->sys[(idx + i) % FZ_MAX_SYS];

		if (fd >= 0)
			return fd;
	}
	return -1;
}

int fz_any_fd(struct fz_exec *x, uint64_t sel)
{
	struct fz_vcpu *v;
	struct fz_vm *vm;

	switch (sel % 6) {
	case 0: return fz_sys_at(x, sel / 6);
	case 1: vm = fz_vm_at(x, sel / 6); return vm ? vm->fd : -1;
	case 2: v = fz_vcpu_at(x, sel / 6); return v ? v->fd : -1;
	case 3: return x->stats[(sel / 6) % FZ_MAX_STATS];
	case 4: return 1000;	/* never opened */
	default: return x->devnull;
	}
}

void fz_keep_fd(int *slots, int n, int fd)
{
	if (fd < 0)
		return;
	for (int i = 0; i < n; i++) {
		if (slots[i] < 0) {
			slots[i] = fd;
			return;
		}
	}
	close(fd);
}

struct kvm_run *fz_map_run(struct fz_exec *x, int fd, size_t *len)
{
	void *p = mmap(NULL, x->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	*len = p == MAP_FAILED ? 0 : x->mmap_size;
	return p == MAP_FAILED ? NULL : p;
}

/* Each thread arms its own timer so a KVM_RUN always ends (EINTR). */
static __thread timer_t run_timer;
static __thread int run_timer_ok;

/*
 * Periodic, not one-shot: if the thread is preempted between arming and
 * KVM_RUN for longer than the timeout (easy under TCG), a one-shot signal
 * lands before the ioctl and the KVM_RUN of a guest that never exits would
 * never end. The next period ends it.
 */
static void arm_timer(uint64_t ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
	struct itimerspec its = { .it_value = t, .it_interval = t };

	if (!run_timer_ok) {
		struct sigevent sev = { .sigev_notify = SIGEV_THREAD_ID, .sigev_signo = FZ_SIG_TIMER };

		sev._sigev_un._tid = syscall(SYS_gettid);
		if (timer_create(CLOCK_MONOTONIC, &sev, &run_timer))
			return;
		run_timer_ok = 1;
	}
	timer_settime(run_timer, 0, &its, NULL);
}

static void disarm_timer(void)
{
	struct itimerspec its = { 0 };

	if (run_timer_ok)
		timer_settime(run_timer, 0, &its, NULL);
}

static int exit_reason_ok(struct fz_exec *x, uint32_t reason)
{
	if (!x->is_hvt)
		return reason < 64;
	switch (reason) {
	case KVM_EXIT_IO: case KVM_EXIT_MMIO: case KVM_EXIT_HLT: case KVM_EXIT_SHUTDOWN:
	case KVM_EXIT_FAIL_ENTRY: case KVM_EXIT_INTERNAL_ERROR:
		return 1;
	default:
		return 0;
	}
}

/* The exit oracle: what KVM_RUN returned 0 with must be self-consistent. */
static void check_exit(struct fz_exec *x, struct kvm_run *run, size_t run_len)
{
	uint32_t reason = run->exit_reason;

	if (!exit_reason_ok(x, reason))
		fz_fail(x, FZ_FAIL_EXIT, "KVM_RUN returned 0 with exit_reason %u", reason);
	if (reason == KVM_EXIT_IO) {
		uint64_t end = run->io.data_offset + (uint64_t)run->io.size * run->io.count;

		if ((run->io.size != 1 && run->io.size != 2 && run->io.size != 4) ||
		    run->io.direction > 1 || run->io.count == 0 ||
		    run->io.data_offset < sizeof(*run) || end > run_len)
			fz_fail(x, FZ_FAIL_EXIT, "KVM_EXIT_IO with size %u count %u direction %u data_offset %llu (mmap size %zu)",
				run->io.size, run->io.count, run->io.direction,
				(unsigned long long)run->io.data_offset, run_len);
	}
	if (reason == KVM_EXIT_MMIO && (run->mmio.len == 0 || run->mmio.len > 8 || run->mmio.is_write > 1))
		fz_fail(x, FZ_FAIL_EXIT, "KVM_EXIT_MMIO with len %u is_write %u", run->mmio.len,
			run->mmio.is_write);
	if (reason == KVM_EXIT_INTERNAL_ERROR && run->internal.ndata > 16)
		fz_fail(x, FZ_FAIL_EXIT, "KVM_EXIT_INTERNAL_ERROR with ndata %u", run->internal.ndata);
}

/*
 * A VMRUN the CPU refuses runs nothing. On QEMU it writes the host's state
 * into the VMCB, which hvt must never let user space or the guest see: a
 * RIP or RSP that jumped into the kernel half is the host's. (Not "equal":
 * completing the last IN/MMIO access moves RIP legitimately.)
 */
#define KERNEL_HALF(a) ((a) >= 0xffff800000000000ull)

/* FAIL_ENTRY, or the internal error hvt gives for QEMU's 32-bit VMEXIT_INVALID. */
static int vmrun_refused(const struct kvm_run *run)
{
	return run->exit_reason == KVM_EXIT_FAIL_ENTRY ||
	       (run->exit_reason == KVM_EXIT_INTERNAL_ERROR &&
		run->internal.suberror == KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON &&
		run->internal.ndata >= 1 && (uint32_t)run->internal.data[0] == 0xffffffffu);
}

static void check_failed_entry(struct fz_exec *x, int fd, const struct kvm_regs *before)
{
	struct kvm_regs after;

	if (ioctl(fd, KVM_GET_REGS, &after))
		return;
	if ((KERNEL_HALF(after.rip) && !KERNEL_HALF(before->rip)) ||
	    (KERNEL_HALF(after.rsp) && !KERNEL_HALF(before->rsp)))
		fz_fail(x, FZ_FAIL_EXIT, "a refused VMRUN changed RIP %#llx -> %#llx, RSP %#llx -> %#llx: host state in the guest",
			(unsigned long long)before->rip, (unsigned long long)after.rip,
			(unsigned long long)before->rsp, (unsigned long long)after.rsp);
}

/* What a VMM does before re-entering: data for an IN or an MMIO read. */
static void complete_exit(struct kvm_run *run, size_t run_len, struct fz_rng *r)
{
	if (run->exit_reason == KVM_EXIT_IO && run->io.direction == KVM_EXIT_IO_IN) {
		uint64_t n = (uint64_t)run->io.size * run->io.count;

		if (run->io.data_offset < run_len && n <= run_len - run->io.data_offset)
			for (uint64_t i = 0; i < n; i++)
				((uint8_t *)run)[run->io.data_offset + i] = fz_rng_next(r);
	}
	if (run->exit_reason == KVM_EXIT_MMIO && !run->mmio.is_write)
		for (int i = 0; i < 8; i++)
			run->mmio.data[i] = fz_rng_next(r);
}

/* Tamper bits (op argument): what a hostile VMM rewrites between exit and entry. */
#define TAMPER_IO_SIZE	 (1u << 0)
#define TAMPER_IO_OTHER	 (1u << 1)
#define TAMPER_MMIO	 (1u << 2)
#define TAMPER_REASON	 (1u << 3)
#define TAMPER_IMMEDIATE (1u << 4)
#define TAMPER_GARBAGE	 (1u << 5)
#define TAMPER_DATA_PAGE (1u << 6)
#define TAMPER_SYNC	 (1u << 7)

static void tamper_run(struct fz_exec *x, struct kvm_run *run, size_t run_len,
		       struct fz_rng *r, uint64_t tamper)
{
	uint8_t io_size = run->io.size;

	if (!fz_rng_chance(r, 50))
		return;
	if (tamper & TAMPER_GARBAGE)
		for (size_t i = 0; i < 256 && i < run_len; i++)
			if (fz_rng_chance(r, 10))
				((uint8_t *)run)[i] = fz_rng_next(r);
	if (tamper & TAMPER_IO_SIZE)
		run->io.size = fz_gen_u64(r);
	if (tamper & TAMPER_IO_OTHER) {
		run->io.data_offset = fz_gen_u64(r);
		run->io.count = fz_gen_u64(r);
		run->io.direction = fz_rng_next(r);
	}
	if (tamper & TAMPER_MMIO) {
		run->mmio.len = fz_gen_u64(r);
		run->mmio.is_write = fz_rng_next(r);
		run->mmio.phys_addr = fz_gen_u64(r);
	}
	if (tamper & TAMPER_REASON)
		run->exit_reason = fz_gen_u64(r);
	if (tamper & TAMPER_IMMEDIATE)
		run->immediate_exit = fz_rng_below(r, 3);
	if ((tamper & TAMPER_DATA_PAGE) && run_len > 4096)
		for (size_t i = 4096; i < run_len; i += 1 + fz_rng_below(r, 64))
			((uint8_t *)run)[i] = fz_rng_next(r);
	if (tamper & TAMPER_SYNC) {
		run->request_interrupt_window = fz_rng_next(r);
		run->kvm_valid_regs = 0;
		run->kvm_dirty_regs = 0;
	}
	/* Item (a): hvt trusts io.size on the next entry. --avoid iosize keeps it. */
	if (x->avoid & FZ_AVOID_IOSIZE)
		run->io.size = io_size;
}

unsigned int fz_vcpu_key(const struct fz_vcpu *v)
{
	return ((unsigned int)v->vm * 64 + v->id % 64) % FZ_VCPU_KEYS;
}

void fz_vcpu_touch(struct fz_exec *x, unsigned int key)
{
	__sync_fetch_and_add(&x->key_epoch[key], 1);
}

void fz_run_loop(struct fz_exec *x, int fd, unsigned int key, struct kvm_run *run,
		 size_t run_len, uint64_t iters, uint64_t timeout_ms, uint64_t tamper,
		 uint64_t seed, volatile int *stop)
{
	struct kvm_regs before;
	struct kvm_run snap;
	int have_before = 0;
	unsigned int epoch;
	struct fz_rng r;
	int alone;
	long ret;

	uint64_t start = fz_now_ns();

	fz_rng_seed(&r, seed);
	__sync_fetch_and_add(&x->key_active[key], 1);
	fz_vcpu_touch(x, key);
	for (uint64_t i = 0; i < iters && !(stop && *stop); i++) {
		/* Without a stop flag (the run op, in the main thread): a time limit. */
		if (!stop && fz_now_ns() - start > FZ_RUN_OP_MAX_NS)
			break;
		uint32_t reason = run ? run->exit_reason : 0;
		int immediate = run && run->immediate_exit;

		epoch = x->key_epoch[key];
		alone = x->key_active[key] == 1;
		have_before = x->is_hvt && alone && !ioctl(fd, KVM_GET_REGS, &before);
		arm_timer(timeout_ms);
		ret = fz_ioctl(x, "KVM_RUN", fd, KVM_RUN, NULL, FZ_RET_ZERO, 0);
		disarm_timer();
		__sync_fetch_and_add(&x->sh->runs, 1);
		if (ret < 0) {
			if (errno == EINTR)
				__sync_fetch_and_add(&x->sh->run_eintr, 1);
			/* KVM's contract, hvt's since item (c): immediate_exit leaves exit_reason. */
			if (errno == EINTR && immediate && alone && x->key_active[key] == 1 &&
			    x->key_epoch[key] == epoch && run->exit_reason != reason)
				fz_fail(x, FZ_FAIL_EXIT, "KVM_RUN with immediate_exit changed exit_reason from %u to %u",
					reason, run->exit_reason);
			if (errno == EINTR || errno == EAGAIN)
				continue;
			break;
		}
		if (!run)
			continue;
		memcpy(&snap, run, sizeof(snap));
		__sync_fetch_and_add(&x->sh->exits[snap.exit_reason < FZ_NR_EXIT_COUNTS - 1 ?
						   snap.exit_reason : FZ_NR_EXIT_COUNTS - 1], 1);
		__sync_synchronize();
		/* Only an exit nobody else can have touched is judged. */
		if (alone && x->key_active[key] == 1 && x->key_epoch[key] == epoch) {
			check_exit(x, &snap, run_len);
			if (have_before && vmrun_refused(&snap))
				check_failed_entry(x, fd, &before);
		}
		complete_exit(run, run_len, &r);
		if (tamper)
			tamper_run(x, run, run_len, &r, tamper);
	}
	__sync_fetch_and_sub(&x->key_active[key], 1);
}

static void nop_handler(int sig)
{
	(void)sig;
}

static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = nop_handler };

	/* No SA_RESTART: a signal must end KVM_RUN with EINTR. */
	sigaction(FZ_SIG_TIMER, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

void fz_exec_prog(struct fz_exec *x, const struct fz_prog *p)
{
	static char klog[sizeof(x->sh->fail_msg)];

	install_signals();
	for (size_t i = 0; i < p->n; i++) {
		const struct fz_op *op = &p->ops[i];

		if (op->kind >= fz_nr_ops)
			continue;
		if (x->record_fd >= 0)
			fz_record_op(x->record_fd, op);
		x->sh->op_index = i;
		x->sh->op_start_ns = fz_now_ns();
		__sync_synchronize();
		x->sh->in_op = 1;
		fz_ops[op->kind].exec(x, op);
		x->sh->in_op = 0;
		if (fz_kmsg_scan(&x->kmsg, klog, sizeof(klog)))
			fz_fail(x, FZ_FAIL_KMSG, "%s", klog);
		if (x->results_fd >= 0)
			fz_results_op(x, i, op);
	}
}

void fz_exec_teardown(struct fz_exec *x)
{
	int i, r;

	for (i = 0; i < FZ_MAX_RUNNERS; i++)
		fz_runner_stop(x, &x->runners[i]);
	for (i = 0; i < FZ_MAX_VCPUS; i++) {
		if (x->vcpus[i].run)
			munmap(x->vcpus[i].run, x->vcpus[i].run_len);
		if (x->vcpus[i].fd >= 0)
			close(x->vcpus[i].fd);
	}
	for (i = 0; i < FZ_MAX_VMS; i++) {
		if (x->vms[i].fd >= 0)
			close(x->vms[i].fd);
		for (r = 0; r < FZ_MAX_REGIONS; r++)
			if (x->vms[i].reg[r].p)
				munmap(x->vms[i].reg[r].p, x->vms[i].reg[r].len);
	}
	for (i = 0; i < FZ_MAX_STATS; i++)
		if (x->stats[i] >= 0)
			close(x->stats[i]);
	for (i = 0; i < FZ_MAX_SYS; i++)
		if (x->sys[i] >= 0)
			close(x->sys[i]);
}
