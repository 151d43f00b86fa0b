/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differential mode. --results FILE writes, per op, what each of the main
 * thread's ioctls returned (the value, or -errno); KVM_RUN is left out (its
 * EINTRs follow the clock). The same seed run on /dev/kvm and /dev/hvt
 * gives two such files; --diff A B prints the ops where they answer
 * differently and counts the differences per ioctl.
 *
 *   program 0x...
 *   17 set_region KVM_SET_USER_MEMORY_REGION=-22
 */
#ifndef FZ_DIFF_H
#define FZ_DIFF_H

#include <stddef.h>

#include "exec.h"

/* What a new fd is recorded as (fd numbers differ from run to run). */
#define FZ_RESULT_FD 1000000

/* From fz_ioctl: one result of the op in progress (main thread only). */
void fz_results_note(struct fz_exec *x, const char *what, long result);
/* After op @index: its line, then the buffer is empty again. */
void fz_results_op(struct fz_exec *x, size_t index, const struct fz_op *op);
/* --diff: 0 if the files agree, 1 if they differ, 3 if one cannot be read. */
int fz_results_diff(const char *a, const char *b, unsigned int show);

#endif
