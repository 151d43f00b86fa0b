// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_RUN and what races with it. Arguments, per op:
 *   run          a0 vCPU, a1 iterations, a2 timeout ms per KVM_RUN, a3 tamper
 *                bits (exec.c), a4 seed (IN/MMIO data, tampering)
 *   run_async    as run, a5 runner slot: the same loop in a thread, while the
 *                ops after it close, unmap, move memslots and signal
 *   run_stop     a0 runner: stop and join it
 *   signal       a0 runner, a1 count: SIGUSR1 into its KVM_RUN
 *   immediate_exit a0 vCPU, a1 value
 *   run_poke     a0 vCPU, a1 byte offset into the kvm_run mapping, a2 value,
 *                a3 width (1, 2, 4, 8 bytes)
 * A runner maps kvm_run for itself, so munmap_run of the vCPU's main mapping
 * does not pull it from under the runner; the kernel's side is the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "ops.h"

FZ_EXEC(run)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);

	if (v)
		fz_run_loop(x, v->fd, fz_vcpu_key(v), v->run, v->run_len, op->a[1] % 65,
			    1 + op->a[2] % 200, op->a[3], op->a[4], NULL);
}

static void *runner_main(void *arg)
{
	struct fz_runner *rn = arg;
	size_t len = 0;
	struct kvm_run *run = fz_map_run(rn->x, rn->fd, &len);

	fz_run_loop(rn->x, rn->fd, rn->key, run, len, rn->iters, rn->timeout_ms, rn->tamper,
		    rn->seed, &rn->stop);
	if (run)
		munmap(run, len);
	close(rn->fd);
	rn->done = 1;
	return NULL;
}

void fz_runner_stop(struct fz_exec *x, struct fz_runner *rn)
{
	(void)x;
	if (!rn->used)
		return;
	rn->stop = 1;
	/* A signal ends the KVM_RUN in progress; repeat until the loop has seen stop. */
	while (!rn->done) {
		pthread_kill(rn->th, SIGUSR1);
		usleep(1000);
	}
	pthread_join(rn->th, NULL);
	rn->used = 0;
}

FZ_EXEC(run_async)
{
	struct fz_runner *rn = &x->runners[op->a[5] % FZ_MAX_RUNNERS];
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);

	if (!v)
		return;
	fz_runner_stop(x, rn);
	memset(rn, 0, sizeof(*rn));
	rn->x = x;
	rn->fd = fcntl(v->fd, F_DUPFD_CLOEXEC, 0);
	rn->key = fz_vcpu_key(v);
	if (rn->fd < 0)
		return;
	rn->iters = 1 + op->a[1] % 64 * 8;
	rn->timeout_ms = 1 + op->a[2] % 200;
	rn->tamper = op->a[3];
	rn->seed = op->a[4];
	if (pthread_create(&rn->th, NULL, runner_main, rn) == 0)
		rn->used = 1;
}

FZ_EXEC(run_stop)
{
	fz_runner_stop(x, &x->runners[op->a[0] % FZ_MAX_RUNNERS]);
}

FZ_EXEC(signal)
{
	struct fz_runner *rn = &x->runners[op->a[0] % FZ_MAX_RUNNERS];
	struct timespec ts = { 0, 200000 };

	for (uint64_t i = 0; rn->used && !rn->done && i < op->a[1] % 16; i++) {
		pthread_kill(rn->th, SIGUSR1);
		nanosleep(&ts, NULL);
	}
}

FZ_EXEC(immediate_exit)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);

	if (v && v->run) {
		fz_vcpu_touch(x, fz_vcpu_key(v));
		v->run->immediate_exit = op->a[1];
	}
}

FZ_EXEC(run_poke)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	size_t width = 1u << (op->a[3] % 4), off;
	uint8_t io_size;

	if (!v || !v->run || v->run_len < width)
		return;
	off = op->a[1] % (v->run_len - width + 1);
	fz_vcpu_touch(x, fz_vcpu_key(v));
	io_size = v->run->io.size;
	memcpy((uint8_t *)v->run + off, &op->a[2], width);
	if (x->avoid & FZ_AVOID_IOSIZE)
		v->run->io.size = io_size;	/* item (a) */
}
