/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Oracles the supervisor applies around each program: the kernel log
 * (/dev/kmsg: WARN, BUG, Oops, lockups, stalls, hung tasks, stack
 * corruption) and hvt's module-wide object counters, which must come back
 * to their values before the program once all its fds are gone.
 */
#ifndef FZ_ORACLE_H
#define FZ_ORACLE_H

#include <stddef.h>

struct fz_kmsg {
	int fd;		/* -1: not readable (not root, no /dev/kmsg) */
};

/* Open /dev/kmsg and skip what is already there. */
void fz_kmsg_open(struct fz_kmsg *k);
/*
 * Read what the kernel logged since the last call. Returns 1 and the
 * first problem line (with the lines after it, up to @len bytes) in @out,
 * else 0.
 */
int fz_kmsg_scan(struct fz_kmsg *k, char *out, size_t len);
/* Is this kernel-log message a problem? (exposed for the unit test) */
int fz_kmsg_is_problem(const char *msg);

#define FZ_NR_COUNTERS 4
struct fz_counters {
	long v[FZ_NR_COUNTERS];
	int valid;
};

extern const char *const fz_counter_names[FZ_NR_COUNTERS];
/* /sys/kernel/debug/hvt/: valid = 0 where hvt is not loaded (KVM). */
void fz_counters_read(struct fz_counters *c);
/* Describe the first difference into @out; 0 if equal (or not valid). */
int fz_counters_diff(const struct fz_counters *a, const struct fz_counters *b, char *out,
		     size_t len);

#endif
