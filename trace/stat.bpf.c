// SPDX-License-Identifier: GPL-2.0
/* hvt-trace stat: counts exits per (level, exit code) and times L0's share. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "stat.h"

struct tool_state {
	__u8 unused;
};

#include "vcpu_events.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * STAT_SLOTS_PER_LEVEL);
	__type(key, __u32);
	__type(value, struct stat_val);
} stats SEC(".maps");

static __always_inline struct stat_val *stat_get(__u8 level, __u32 code)
{
	__u32 i = stat_index(level, code);

	return bpf_map_lookup_elem(&stats, &i);
}

static __always_inline void tool_exit(struct vcpu_thread *t, __u8 level, __u32 code, __u64 ts)
{
	struct stat_val *v = stat_get(level, code);

	if (v)
		v->count++;
}

static __always_inline void tool_entry(struct vcpu_thread *t, __u8 level, __u64 ts)
{
	struct stat_val *v;
	__u64 d;

	if (!t->exit_open || !t->exit_level)
		return;
	v = stat_get(t->exit_level, t->exit_code);
	if (!v)
		return;
	d = ts - t->exit_ts;
	if (!v->timed || d < v->min_ns)
		v->min_ns = d;
	if (d > v->max_ns)
		v->max_ns = d;
	v->timed++;
	v->total_ns += d;
}

static __always_inline void tool_reflect(struct vcpu_thread *t, __u32 code, __u64 ts)
{
	struct stat_val *v = stat_get(2, code);

	if (v)
		v->reflected++;
}
