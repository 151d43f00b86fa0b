// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace nested: follows each L2 exit to the next L2 entry on the same
 * vCPU and sends one sample per trip. Samples go to user space, not into
 * in-kernel histograms, so nested.c can give exact percentiles, split by
 * exit reason, and pick linear bucket widths after the fact.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "layout.h"
#include "nested.h"

/* Where a vCPU is on its way round. */
enum phase {
	PH_NONE,
	PH_L2_EXITED,		/* L2 exited; L0 has not reflected it (yet) */
	PH_REFLECTED,		/* handed to L1; L1 not entered yet */
	PH_IN_L1,		/* L1 runs its handler (its own exits included) */
	PH_VMRUN_EXITED,	/* L1 executed VMRUN; L0 emulates it */
};

struct tool_state {
	__u64 t_l2_exit, t_l1_entry, t_vmrun;
	__u32 code;
	__u8 phase;
};

#include "vcpu_events.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} samples SEC(".maps");

/* Samples the ring buffer had no room for. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

static __always_inline void emit(struct vcpu_thread *t, __u32 kind, __u64 now)
{
	struct tool_state *s = &t->tool;
	struct nested_sample smp = {
		.kind = kind,
		.code = s->code,
		.vcpu = t->vcpu,
		.tid = (__u32)bpf_get_current_pid_tgid(),
	};
	__u32 zero = 0;
	__u64 *n;

	smp.ns[PART_TOTAL] = now - s->t_l2_exit;
	if (kind == NESTED_ROUND_TRIP) {
		smp.ns[PART_L0_EXIT] = s->t_l1_entry - s->t_l2_exit;
		smp.ns[PART_L1] = s->t_vmrun - s->t_l1_entry;
		smp.ns[PART_L0_ENTRY] = now - s->t_vmrun;
	}
	/* No wakeup per sample: the reader drains every 100 ms instead. */
	if (bpf_ringbuf_output(&samples, &smp, sizeof(smp), BPF_RB_NO_WAKEUP) == 0)
		return;
	n = bpf_map_lookup_elem(&dropped, &zero);
	if (n)
		(*n)++;
}

static __always_inline void tool_exit(struct vcpu_thread *t, __u8 level, __u32 code, __u64 ts)
{
	struct tool_state *s = &t->tool;

	if (level == 2) {
		s->phase = PH_L2_EXITED;
		s->t_l2_exit = ts;
		s->code = code;
	} else if (s->phase == PH_IN_L1 && code == SVM_EXIT_VMRUN) {
		s->phase = PH_VMRUN_EXITED;
		s->t_vmrun = ts;
	}
}

static __always_inline void tool_reflect(struct vcpu_thread *t, __u32 code, __u64 ts)
{
	if (t->tool.phase == PH_L2_EXITED)
		t->tool.phase = PH_REFLECTED;
}

static __always_inline void tool_entry(struct vcpu_thread *t, __u8 level, __u64 ts)
{
	struct tool_state *s = &t->tool;

	if (level == 1) {
		if (s->phase == PH_REFLECTED)
			s->t_l1_entry = ts;
		/* From VMRUN_EXITED: the VMRUN failed; L1 runs on. */
		if (s->phase == PH_REFLECTED || s->phase == PH_VMRUN_EXITED)
			s->phase = PH_IN_L1;
		return;
	}
	if (level == 2 && s->phase == PH_VMRUN_EXITED)
		emit(t, NESTED_ROUND_TRIP, ts);
	else if (level == 2 && s->phase == PH_L2_EXITED)
		emit(t, NESTED_L0_ONLY, ts);
	s->phase = PH_NONE;
}
