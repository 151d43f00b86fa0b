// SPDX-License-Identifier: GPL-2.0
/*
 * How a run ends early: a signal (VMM_KICK_SIGNAL) sent to a vCPU thread
 * by its timeout timer or by a failing peer. The handler only sets
 * kvm_run->immediate_exit, so KVM_RUN returns -EINTR now (or at its next
 * call, if the signal landed while the thread was in user space); the thread
 * then finds out why from the shared state.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <hvtvmm/run.h>
#include <hvtvmm/testdev.h>
#include <hvtvmm/ucall.h>
#include <hvtvmm/vcpu.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

#define VMM_KICK_SIGNAL SIGUSR1

typedef unsigned long long ull;

struct run_state {
	struct vmm_vm *vm;
	const struct vmm_run_ops *ops;
	unsigned int timeout_sec;
	struct timespec deadline;	/* CLOCK_MONOTONIC */
	pthread_mutex_t lock;		/* around callbacks and output */
	atomic_int stop;		/* a vCPU ended badly: the others stop */
	struct vcpu_thread *threads;
};

struct vcpu_thread {
	struct run_state *rs;
	struct vmm_vcpu *vcpu;
	struct vmm_vcpu_result *res;
	pthread_t tid;
	atomic_int started;	/* tid is valid */
	atomic_int running;
};

const char *vmm_run_status_name(enum vmm_run_status status)
{
	switch (status) {
	case VMM_RUN_DONE: return "done";
	case VMM_RUN_GUEST_FAIL: return "guest failure";
	case VMM_RUN_ABNORMAL: return "abnormal exit";
	case VMM_RUN_TIMEOUT: return "timeout";
	case VMM_RUN_STOPPED: return "stopped";
	case VMM_RUN_ERROR: return "host error";
	}
	return "?";
}

/* Async-signal-safe: one store into the kvm_run the sender named. */
static void kick_handler(int sig, siginfo_t *si, void *uctx)
{
	struct kvm_run *run = si->si_value.sival_ptr;

	(void)sig;
	(void)uctx;
	/* only our own timers and pthread_sigqueue() carry a kvm_run pointer */
	if (si->si_code == SI_TIMER || (si->si_code == SI_QUEUE && si->si_pid == getpid()))
		if (run)
			run->immediate_exit = 1;
}

static int install_kick_handler(struct vmm_err *err)
{
	struct sigaction sa = { 0 };

	sa.sa_sigaction = kick_handler;
	sa.sa_flags = SA_SIGINFO;	/* no SA_RESTART: KVM_RUN must see EINTR */
	sigemptyset(&sa.sa_mask);
	if (sigaction(VMM_KICK_SIGNAL, &sa, NULL))
		return vmm_errf(err, "cannot install the vCPU kick signal handler: %s",
				strerror(errno));
	return 0;
}

/* Ends this vCPU's run; any end but DONE stops the other vCPUs too. */
static int finish(struct vcpu_thread *t, enum vmm_run_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int finish(struct vcpu_thread *t, enum vmm_run_status status, const char *fmt, ...)
{
	va_list ap;

	t->res->status = status;
	va_start(ap, fmt);
	vsnprintf(t->res->msg, sizeof(t->res->msg), fmt, ap);
	va_end(ap);
	if (status != VMM_RUN_DONE && status != VMM_RUN_STOPPED)
		atomic_store(&t->rs->stop, 1);
	return 1;
}

static void kick_others(struct run_state *rs, const struct vcpu_thread *self)
{
	for (unsigned int i = 0; i < rs->vm->nr_vcpus; i++) {
		struct vcpu_thread *t = &rs->threads[i];
		union sigval v = { .sival_ptr = t->vcpu->run };

		if (t != self && atomic_load(&t->started) && atomic_load(&t->running))
			pthread_sigqueue(t->tid, VMM_KICK_SIGNAL, v);
	}
}

/* A one-shot timer at the deadline that signals this thread only. */
static int arm_timeout(struct vcpu_thread *t, timer_t *timer)
{
	struct sigevent sev = { 0 };
	struct itimerspec its = { 0 };

	sev.sigev_notify = SIGEV_THREAD_ID;
	sev.sigev_signo = VMM_KICK_SIGNAL;
	sev.sigev_notify_thread_id = gettid();
	sev.sigev_value.sival_ptr = t->vcpu->run;
	if (timer_create(CLOCK_MONOTONIC, &sev, timer))
		return finish(t, VMM_RUN_ERROR, "vCPU %u: timer_create failed: %s",
			      t->vcpu->index, strerror(errno));
	its.it_value = t->rs->deadline;
	if (timer_settime(*timer, TIMER_ABSTIME, &its, NULL)) {
		timer_delete(*timer);
		return finish(t, VMM_RUN_ERROR, "vCPU %u: timer_settime failed: %s",
			      t->vcpu->index, strerror(errno));
	}
	return 0;
}

static int deadline_passed(const struct run_state *rs)
{
	struct timespec now;

	if (!rs->timeout_sec)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > rs->deadline.tv_sec ||
	       (now.tv_sec == rs->deadline.tv_sec && now.tv_nsec >= rs->deadline.tv_nsec);
}

/* KVM_RUN was interrupted: a stop, the timeout, or a stray signal. */
static int handle_interrupt(struct vcpu_thread *t)
{
	/* the deadline first: a vCPU still running at the timeout timed out */
	if (deadline_passed(t->rs))
		return finish(t, VMM_RUN_TIMEOUT, "vCPU %u: timed out after %u s",
			      t->vcpu->index, t->rs->timeout_sec);
	if (atomic_load(&t->rs->stop))
		return finish(t, VMM_RUN_STOPPED, "vCPU %u: stopped because another vCPU ended",
			      t->vcpu->index);
	t->vcpu->run->immediate_exit = 0;
	return 0;
}

static uint64_t guest_rip(const struct vmm_vcpu *vcpu)
{
	struct kvm_regs regs;

	return ioctl(vcpu->fd, KVM_GET_REGS, &regs) ? ~0ull : regs.rip;
}

static void deliver_print(struct vcpu_thread *t, const char *text)
{
	const struct vmm_run_ops *ops = t->rs->ops;

	if (ops && ops->print) {
		ops->print(ops->ctx, t->vcpu->index, text);
		return;
	}
	printf("guest: %s\n", text);
	fflush(stdout);
}

static int deliver_samples(struct vcpu_thread *t, const struct vmm_ucall *uc)
{
	const struct vmm_run_ops *ops = t->rs->ops;
	struct vmm_vm *vm = t->rs->vm;
	struct vmm_err err;
	uint64_t *samples;

	if (!ops || !ops->samples)
		return 0;
	if (vmm_ucall_copy_samples(vm->mem, vm->mem_size, uc, &samples, &err))
		return finish(t, VMM_RUN_ERROR, "vCPU %u: %s", t->vcpu->index, err.msg);
	ops->samples(ops->ctx, t->vcpu->index, uc->str, samples, uc->nr_samples);
	free(samples);
	return 0;
}

/* PRINT, VALUE and SAMPLES go to the caller, one at a time. */
static int deliver_ucall(struct vcpu_thread *t, const struct vmm_ucall *uc)
{
	const struct vmm_run_ops *ops = t->rs->ops;
	int end = 0;

	pthread_mutex_lock(&t->rs->lock);
	if (uc->cmd == HVT_UCALL_PRINT)
		deliver_print(t, uc->str);
	else if (uc->cmd == HVT_UCALL_VALUE && ops && ops->value)
		ops->value(ops->ctx, t->vcpu->index, uc->str, uc->args[0]);
	else if (uc->cmd == HVT_UCALL_SAMPLES)
		end = deliver_samples(t, uc);
	pthread_mutex_unlock(&t->rs->lock);
	return end;
}

static int handle_ucall(struct vcpu_thread *t, uint64_t gpa)
{
	struct vmm_vm *vm = t->rs->vm;
	unsigned int idx = t->vcpu->index;
	struct vmm_ucall uc;
	struct vmm_err err;

	if (vmm_ucall_decode(vm->mem, vm->mem_size, gpa, &uc, &err))
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: bad ucall: %s", idx, err.msg);
	switch (uc.cmd) {
	case HVT_UCALL_DONE:
		return finish(t, VMM_RUN_DONE, "vCPU %u: done", idx);
	case HVT_UCALL_FAIL:
		return finish(t, VMM_RUN_GUEST_FAIL, "guest failed on vCPU %u: %s (values 0x%llx, 0x%llx)",
			      idx, uc.str, (ull)uc.args[0], (ull)uc.args[1]);
	default:
		return deliver_ucall(t, &uc);
	}
}

static int handle_io(struct vcpu_thread *t)
{
	const struct kvm_run *run = t->vcpu->run;
	uint32_t data;

	if (run->io.port != HVT_UCALL_PORT || run->io.direction != KVM_EXIT_IO_OUT ||
	    run->io.size != 4 || run->io.count != 1)
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: unexpected I/O: %s port 0x%x, size %u, count %u, at rip 0x%llx",
			      t->vcpu->index, run->io.direction == KVM_EXIT_IO_OUT ? "out to" : "in from",
			      run->io.port, run->io.size, run->io.count, (ull)guest_rip(t->vcpu));
	/* the data offset comes from the hypervisor under test: check it too */
	if (run->io.data_offset > t->vcpu->run_size - sizeof(data))
		return finish(t, VMM_RUN_ERROR, "vCPU %u: I/O data offset 0x%llx lies outside kvm_run (%zu bytes)",
			      t->vcpu->index, (ull)run->io.data_offset, t->vcpu->run_size);
	memcpy(&data, (const uint8_t *)run + run->io.data_offset, sizeof(data));
	return handle_ucall(t, data);
}

/*
 * The test device and the READONLY slot are the only MMIO there is; any
 * other address ends the run. The device state is shared by all vCPUs,
 * so it is touched under the run lock.
 */
static int handle_mmio(struct vcpu_thread *t)
{
	struct kvm_run *run = t->vcpu->run;
	enum vmm_mmio_outcome outcome;
	struct vmm_err err;

	pthread_mutex_lock(&t->rs->lock);
	outcome = vmm_testdev_mmio(&t->rs->vm->testdev, run->mmio.phys_addr, run->mmio.is_write,
				   run->mmio.len, run->mmio.data, &err);
	pthread_mutex_unlock(&t->rs->lock);
	if (outcome == VMM_MMIO_HANDLED)
		return 0;
	if (outcome == VMM_MMIO_BAD)
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: %s (rip 0x%llx)", t->vcpu->index,
			      err.msg, (ull)guest_rip(t->vcpu));
	return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: unexpected MMIO %s of %u bytes at GPA 0x%llx",
		      t->vcpu->index, run->mmio.is_write ? "write" : "read", run->mmio.len,
		      (ull)run->mmio.phys_addr);
}

static const char *internal_suberror_name(uint32_t suberror)
{
	switch (suberror) {
	case KVM_INTERNAL_ERROR_EMULATION: return "emulation failure";
	case KVM_INTERNAL_ERROR_SIMUL_EX: return "exception during exception delivery";
	case KVM_INTERNAL_ERROR_DELIVERY_EV: return "exit during event delivery";
	case KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON: return "unexpected hardware exit reason";
	}
	return "unknown suberror";
}

static int handle_internal_error(struct vcpu_thread *t)
{
	const struct kvm_run *run = t->vcpu->run;
	uint32_t n = run->internal.ndata;
	char data[128] = "";
	size_t used = 0;

	if (n > sizeof(run->internal.data) / sizeof(run->internal.data[0]))
		n = sizeof(run->internal.data) / sizeof(run->internal.data[0]);
	for (uint32_t i = 0; i < n && i < 4 && used < sizeof(data); i++)
		used += snprintf(data + used, sizeof(data) - used, " 0x%llx",
				 (ull)run->internal.data[i]);
	return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: hypervisor internal error (KVM_EXIT_INTERNAL_ERROR), suberror %u (%s)%s%s",
		      t->vcpu->index, run->internal.suberror,
		      internal_suberror_name(run->internal.suberror),
		      n ? ", data:" : "", data);
}

static int handle_exit(struct vcpu_thread *t)
{
	const struct kvm_run *run = t->vcpu->run;
	unsigned int idx = t->vcpu->index;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		return handle_io(t);
	case KVM_EXIT_INTR:
		return handle_interrupt(t);
	case KVM_EXIT_HLT:
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: guest executed HLT (rip 0x%llx) without reporting DONE",
			      idx, (ull)guest_rip(t->vcpu));
	case KVM_EXIT_SHUTDOWN:
		/* no RIP: KVM on AMD has already reset the vCPU at this point */
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: triple fault (KVM_EXIT_SHUTDOWN)", idx);
	case KVM_EXIT_FAIL_ENTRY:
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: VM entry failed (KVM_EXIT_FAIL_ENTRY), hardware_entry_failure_reason 0x%llx",
			      idx, (ull)run->fail_entry.hardware_entry_failure_reason);
	case KVM_EXIT_INTERNAL_ERROR:
		return handle_internal_error(t);
	case KVM_EXIT_MMIO:
		return handle_mmio(t);
	default:
		return finish(t, VMM_RUN_ABNORMAL, "vCPU %u: unexpected exit reason %u (KVM_EXIT_%s)",
			      idx, run->exit_reason, vmm_exit_reason_name(run->exit_reason));
	}
}

static void run_loop(struct vcpu_thread *t)
{
	for (;;) {
		int rc = ioctl(t->vcpu->fd, KVM_RUN, 0);

		t->res->exits++;
		if (rc < 0 && (errno == EINTR || errno == EAGAIN)) {
			if (handle_interrupt(t))
				return;
			continue;
		}
		if (rc < 0) {
			finish(t, VMM_RUN_ERROR, "vCPU %u: KVM_RUN failed: %s",
			       t->vcpu->index, strerror(errno));
			return;
		}
		if (handle_exit(t))
			return;
	}
}

static void *vcpu_thread_main(void *arg)
{
	struct vcpu_thread *t = arg;
	timer_t timer = 0;
	int timed = t->rs->timeout_sec > 0;

	if (timed && arm_timeout(t, &timer))
		goto out;
	/* a peer may have failed before this thread was ready to be kicked */
	if (!atomic_load(&t->rs->stop))
		run_loop(t);
	else
		finish(t, VMM_RUN_STOPPED, "vCPU %u: stopped because another vCPU ended",
		       t->vcpu->index);
	if (timed)
		timer_delete(timer);
out:
	atomic_store(&t->running, 0);
	if (t->res->status != VMM_RUN_DONE)
		kick_others(t->rs, t);
	return NULL;
}

static int start_threads(struct run_state *rs, struct vmm_vcpu_result *results)
{
	for (unsigned int i = 0; i < rs->vm->nr_vcpus; i++) {
		struct vcpu_thread *t = &rs->threads[i];
		int rc;

		t->rs = rs;
		t->vcpu = &rs->vm->vcpus[i];
		t->res = &results[i];
		atomic_store(&t->running, 1);
		rc = pthread_create(&t->tid, NULL, vcpu_thread_main, t);
		if (rc) {
			atomic_store(&t->running, 0);
			finish(t, VMM_RUN_ERROR, "vCPU %u: cannot start its thread: %s",
			       i, strerror(rc));
			kick_others(rs, t);
			return -1;
		}
		atomic_store(&t->started, 1);
	}
	/*
	 * A vCPU that ended badly while a peer was still being started could
	 * not kick that peer (not yet "started"): do it now.
	 */
	if (atomic_load(&rs->stop))
		kick_others(rs, NULL);
	return 0;
}

static void set_results(struct vmm_vcpu_result *results, unsigned int n,
			enum vmm_run_status status, const char *why)
{
	for (unsigned int i = 0; i < n; i++) {
		results[i].status = status;
		snprintf(results[i].msg, sizeof(results[i].msg), "vCPU %u: %.400s", i, why);
		results[i].exits = 0;
	}
}

int vmm_run(struct vmm_vm *vm, const struct vmm_run_ops *ops, unsigned int timeout_sec,
	    struct vmm_vcpu_result *results)
{
	struct run_state rs = { .vm = vm, .ops = ops, .timeout_sec = timeout_sec };
	struct vmm_err err;
	int all_done = 1;

	set_results(results, vm->nr_vcpus, VMM_RUN_STOPPED, "never started");
	if (install_kick_handler(&err)) {
		set_results(results, vm->nr_vcpus, VMM_RUN_ERROR, err.msg);
		return -1;
	}
	rs.threads = calloc(vm->nr_vcpus, sizeof(*rs.threads));
	if (!rs.threads) {
		set_results(results, vm->nr_vcpus, VMM_RUN_ERROR, "out of memory");
		return -1;
	}
	pthread_mutex_init(&rs.lock, NULL);
	clock_gettime(CLOCK_MONOTONIC, &rs.deadline);
	rs.deadline.tv_sec += timeout_sec;
	start_threads(&rs, results);
	for (unsigned int i = 0; i < vm->nr_vcpus; i++) {
		if (atomic_load(&rs.threads[i].started))
			pthread_join(rs.threads[i].tid, NULL);
		all_done &= results[i].status == VMM_RUN_DONE;
	}
	pthread_mutex_destroy(&rs.lock);
	free(rs.threads);
	return all_done ? 0 : -1;
}
