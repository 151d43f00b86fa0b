// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetimes: closing, duplicating and re-mapping fds while other threads
 * use them, fork (the child must get EIO from every VM and vCPU ioctl),
 * and the oracle self-tests. Arguments, per op:
 *   close      a0 kind (system, VM, vCPU, stats, vCPU keeping its mapping), a1 which
 *   dup        a0 kind, a1 which, a2 dup / dup2 over another of the same kind
 *   munmap_run a0 vCPU
 *   mmap_run   a0 vCPU, a1 page offset, a2 pages (0: the mmap size), a3 shared RW /
 *              private / read-only / populate, a4 touch the pages
 *   fork       a0 what the child does, a1 seed
 *   sleep      a0 milliseconds
 *   fake_arm, fake_hang, fake_kmsg, fake_crash: a hang, a kernel-log line
 *              and a crash, each only after fake_arm (never generated)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "ops.h"

FZ_EXEC(close)
{
	struct fz_vcpu *v;
	struct fz_vm *vm;
	int *fd = NULL;

	switch (op->a[0] % 5) {
	case 0:
		fd = &x->sys[op->a[1] % FZ_MAX_SYS];
		break;
	case 1:
		/* The VM's host memory stays: its vCPUs may still run. */
		vm = fz_vm_at(x, op->a[1]);
		fd = vm ? &vm->fd : NULL;
		break;
	case 2:
	case 4:
		v = fz_vcpu_at(x, op->a[1]);
		if (!v)
			return;
		/* Without the mapping, the fd is the last reference to the file. */
		if (op->a[0] % 5 == 2 && v->run)
			munmap(v->run, v->run_len);
		v->run = NULL;
		fd = &v->fd;
		break;
	default:
		fd = &x->stats[op->a[1] % FZ_MAX_STATS];
		break;
	}
	if (fd && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

FZ_EXEC(dup)
{
	int other, fd;
	struct fz_vcpu *v, *nv = NULL;
	struct fz_vm *vm, *nvm = NULL;

	switch (op->a[0] % 4) {
	case 0:
		fd = fz_sys_at(x, op->a[1]);
		if (fd >= 0)
			fz_keep_fd(x->sys, FZ_MAX_SYS, fcntl(fd, F_DUPFD_CLOEXEC, 0));
		return;
	case 1:
		vm = fz_vm_at(x, op->a[1]);
		if (!vm)
			return;
		if (op->a[2] & 1) {
			/* dup2 over another VM's fd: that file is closed under its entry. */
			struct fz_vm *t = fz_vm_at(x, op->a[1] + 1);

			if (t && t != vm)
				dup3(vm->fd, t->fd, O_CLOEXEC);
			return;
		}
		for (int i = 0; i < FZ_MAX_VMS && !nvm; i++)
			if (x->vms[i].fd < 0)
				nvm = &x->vms[i];
		if (!nvm)
			return;
		fd = fcntl(vm->fd, F_DUPFD_CLOEXEC, 0);
		if (fd >= 0) {
			memset(nvm, 0, sizeof(*nvm));
			nvm->fd = fd;
		}
		return;
	case 2:
		v = fz_vcpu_at(x, op->a[1]);
		if (!v)
			return;
		if (op->a[2] & 1) {
			struct fz_vcpu *t = fz_vcpu_at(x, op->a[1] + 1);

			/* t's fd is now v's vCPU: so are its key and its kvm_run. */
			if (t && t != v && dup3(v->fd, t->fd, O_CLOEXEC) >= 0) {
				if (t->run)
					munmap(t->run, t->run_len);
				t->vm = v->vm;
				t->id = v->id;
				t->run = fz_map_run(x, t->fd, &t->run_len);
			}
			return;
		}
		for (int i = 0; i < FZ_MAX_VCPUS && !nv; i++)
			if (x->vcpus[i].fd < 0)
				nv = &x->vcpus[i];
		if (!nv)
			return;
		fd = fcntl(v->fd, F_DUPFD_CLOEXEC, 0);
		if (fd >= 0) {
			*nv = *v;
			nv->fd = fd;
			nv->run = fz_map_run(x, fd, &nv->run_len);
		}
		return;
	default:
		other = x->stats[op->a[1] % FZ_MAX_STATS];
		if (other >= 0)
			fz_keep_fd(x->stats, FZ_MAX_STATS, fcntl(other, F_DUPFD_CLOEXEC, 0));
		return;
	}
}

FZ_EXEC(munmap_run)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);

	if (v && v->run) {
		munmap(v->run, v->run_len);
		v->run = NULL;
	}
}

FZ_EXEC(mmap_run)
{
	static const int flags[] = { MAP_SHARED, MAP_PRIVATE, MAP_SHARED, MAP_SHARED | MAP_POPULATE };
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	size_t len = op->a[2] % 5 ? (op->a[2] % 5) * 4096 : (size_t)x->mmap_size;
	off_t off = (op->a[1] % 4) * 4096;
	int prot = op->a[3] % 4 == 2 ? PROT_READ : PROT_READ | PROT_WRITE;
	void *p;

	if (!v)
		return;
	p = mmap(NULL, len, prot, flags[op->a[3] % 4], v->fd, off);
	if (p == MAP_FAILED)
		return;
	/* The kernel touches the pages for us: a page past the end is EFAULT, not SIGBUS. */
	if (op->a[4] & 1)
		(void)!write(x->devnull, p, len);
	/* Only an exact mapping becomes the vCPU's: pages past the mmap size are SIGBUS. */
	if (off == 0 && len == (size_t)x->mmap_size && op->a[3] % 4 == 0) {
		if (v->run)
			munmap(v->run, v->run_len);
		v->run = p;
		v->run_len = len;
		return;
	}
	munmap(p, len);
}

/* In the forked child: every VM and vCPU ioctl must fail with EIO. */
static void child_expect_eio(struct fz_exec *x, const char *what, int fd, unsigned long req,
			     void *arg)
{
	long r;

	if (fd < 0)
		return;
	r = ioctl(fd, req, arg);
	if (r != -1 || errno != EIO)
		fz_fail(x, FZ_FAIL_ERRNO, "fork child: %s on an inherited fd returned %ld (%s), wanted EIO",
			what, r, r == -1 ? strerror(errno) : "success");
}

static void fork_child(struct fz_exec *x, uint64_t what, uint64_t seed)
{
	struct fz_vcpu *v = fz_vcpu_at(x, seed);
	struct fz_vm *vm = fz_vm_at(x, seed);
	struct kvm_userspace_memory_region mr = { 0 };
	struct kvm_regs regs;
	int sys = fz_sys_at(x, seed);

	/* A KVM_RUN that runs instead of failing must still end. */
	alarm(5);
	if ((what & 1) && v)
		child_expect_eio(x, "KVM_RUN", v->fd, KVM_RUN, NULL);
	if ((what & 2) && v)
		child_expect_eio(x, "KVM_GET_REGS", v->fd, KVM_GET_REGS, &regs);
	if ((what & 4) && vm)
		child_expect_eio(x, "KVM_SET_USER_MEMORY_REGION", vm->fd, KVM_SET_USER_MEMORY_REGION, &mr);
	if ((what & 8) && vm)
		child_expect_eio(x, "KVM_CREATE_VCPU", vm->fd, KVM_CREATE_VCPU, (void *)5);
	if ((what & 16) && sys >= 0) {
		/* The system fd works in the child: a VM of the child's own. */
		int fd = ioctl(sys, KVM_CREATE_VM, 0);

		if (fd >= 0)
			close(fd);
	}
	if ((what & 32) && v) {
		/* The child may map kvm_run and read it; nothing more. */
		void *p = mmap(NULL, x->mmap_size, PROT_READ, MAP_SHARED, v->fd, 0);

		if (p != MAP_FAILED) {
			(void)!write(x->devnull, p, x->mmap_size);
			munmap(p, x->mmap_size);
		}
	}
	if ((what & 64) && v && v->run)
		munmap(v->run, v->run_len);
	if (what & 128)
		for (int fd = 3; fd < 1024; fd++)
			if (fd != x->devnull)
				close(fd);
	_exit(0);
}

FZ_EXEC(fork)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return;
	if (pid == 0)
		fork_child(x, op->a[0], op->a[1]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (x->sh->fail_kind != FZ_OK)
		_exit(3);	/* the child reported through the shared page */
	if (WIFSIGNALED(status))
		fz_fail(x, FZ_FAIL_ERRNO, "fork child killed by signal %d (a KVM_RUN that did not fail with EIO?)",
			WTERMSIG(status));
}

FZ_EXEC(sleep)
{
	struct timespec ts = { 0, (long)(op->a[0] % 100) * 1000000 };

	(void)x;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

FZ_EXEC(fake_arm)
{
	(void)op;
	x->fake_armed = 1;
}

FZ_EXEC(fake_hang)
{
	(void)op;
	while (x->fake_armed)
		pause();
}

FZ_EXEC(fake_kmsg)
{
	static const char line[] = "<4>hvt-fuzz: HVT-FUZZ-FAKE-OOPS (an injected kernel-log failure)\n";
	int fd;

	(void)op;
	if (!x->fake_armed)
		return;
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, line, sizeof(line) - 1);
		close(fd);
	}
}

FZ_EXEC(fake_crash)
{
	(void)op;
	if (x->fake_armed)
		raise(SIGSEGV);
}
