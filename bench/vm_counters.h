/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A VM's own counters (not its vCPUs'), read from KVM_GET_STATS_FD on the
 * VM fd by name prefix: e.g. every "nested_ctx_" counter hvt keeps. A
 * device whose stats have none (stock KVM) gives an empty set, shown as
 * n/a; the set is a view on the run, never part of its status.
 */
#ifndef HVT_BENCH_VM_COUNTERS_H
#define HVT_BENCH_VM_COUNTERS_H

#include <stdint.h>

#define VMC_MAX 16
#define VMC_NAME_LEN 64

struct vm_counters {
	unsigned int n;
	char name[VMC_MAX][VMC_NAME_LEN];
	uint64_t value[VMC_MAX];
	char error[128];	/* why the stats could not be read, or "" */
};

/* The first value of every VM counter whose name starts with prefix (at most VMC_MAX). */
void vm_counters_read(int vm_fd, const char *prefix, struct vm_counters *out);

/* The counter called name in c, or NULL. */
const uint64_t *vm_counters_find(const struct vm_counters *c, const char *name);

#endif
