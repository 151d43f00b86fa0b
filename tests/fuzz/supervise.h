/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The supervisor: runs one program in a forked executor (its own process
 * group) and judges it. Per-op watchdog through the shared heartbeat; on a
 * hang, the kernel stacks of the executor's threads go into the verdict
 * before the group is killed. Then the kernel log, then the counters.
 */
#ifndef FZ_SUPERVISE_H
#define FZ_SUPERVISE_H

#include <stddef.h>

#include "exec.h"
#include "op.h"
#include "oracle.h"

struct fz_sup {
	const char *dev;
	unsigned int avoid;
	unsigned int op_timeout_s;
	int check_leaks;
	int record_fd;		/* -1: none */
	int results_fd;		/* --results: -1 none */
	struct fz_kmsg kmsg;
	int unkillable;		/* an executor survived SIGKILL: stop fuzzing */
};

struct fz_verdict {
	int kind;		/* FZ_OK or FZ_FAIL_* */
	size_t op_index;	/* the op running when it failed (if known) */
	int op_known;
	unsigned long long ioctls, ioctl_errors, runs, run_eintr;
	unsigned long long exits[FZ_NR_EXIT_COUNTS];
	char msg[16384];
};

void fz_sup_init(struct fz_sup *s, const char *dev, unsigned int avoid,
		 unsigned int op_timeout_s, int check_leaks, int record_fd);
/* Run @p once; fills @v. */
void fz_sup_run(struct fz_sup *s, const struct fz_prog *p, struct fz_verdict *v);

#endif
