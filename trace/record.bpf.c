// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace record: copies each raw tracepoint record into a ring buffer.
 *
 * A program cannot tell which event fired from its ctx: perf overwrites the
 * record's common header (common_type included) with a pt_regs pointer before
 * running it. So each event gets its own program, on_event_<slot>, which
 * knows its slot's event id and record size, and rebuilds the header.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "record.h"

const volatile __s32 targ_tgid = -1;
const volatile __u32 ev_id[REC_MAX_EVENTS];
const volatile __u32 ev_size[REC_MAX_EVENTS];

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 32 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

/* The common header as the format files describe it. */
struct common_header {
	__u16 type;
	__u8 flags;
	__u8 preempt_count;
	__s32 pid;
};

static __always_inline void count_drop(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&dropped, &zero);

	if (n)
		(*n)++;
}

static __always_inline int record(void *ctx, __u32 slot)
{
	__u64 now = bpf_ktime_get_ns(), id = bpf_get_current_pid_tgid();
	struct common_header *h;
	struct rec_event *e;
	__u32 n = ev_size[slot];

	if (targ_tgid >= 0 && (id >> 32) != (__u32)targ_tgid)
		return 0;
	if (n < sizeof(*h) || n > REC_MAX_DATA)
		return 0;
	/* n is a constant to the verifier (.rodata): entries just as big as the record. */
	e = bpf_ringbuf_reserve(&events, sizeof(*e) + n, 0);
	if (!e) {
		count_drop();
		return 0;
	}
	e->ts_ns = now;
	e->size = n;
	e->cpu = bpf_get_smp_processor_id();
	e->pad = 0;
	bpf_probe_read_kernel(e->data, n, ctx);
	/* flags and preempt_count are lost with the header: recorded as 0. */
	h = (struct common_header *)e->data;
	h->type = ev_id[slot];
	h->flags = 0;
	h->preempt_count = 0;
	h->pid = (__u32)id;
	/* Wakeups cost the traced workload; the reader drains every 100 ms. */
	bpf_ringbuf_submit(e, BPF_RB_NO_WAKEUP);
	return 0;
}

#define REC_PROG(slot)					\
	SEC("tracepoint")				\
	int on_event_##slot(void *ctx)			\
	{						\
		return record(ctx, slot);		\
	}

REC_PROG(0) REC_PROG(1) REC_PROG(2) REC_PROG(3) REC_PROG(4) REC_PROG(5) REC_PROG(6) REC_PROG(7)
REC_PROG(8) REC_PROG(9) REC_PROG(10) REC_PROG(11) REC_PROG(12) REC_PROG(13) REC_PROG(14) REC_PROG(15)
REC_PROG(16) REC_PROG(17) REC_PROG(18) REC_PROG(19) REC_PROG(20) REC_PROG(21) REC_PROG(22) REC_PROG(23)
REC_PROG(24) REC_PROG(25) REC_PROG(26) REC_PROG(27) REC_PROG(28) REC_PROG(29) REC_PROG(30) REC_PROG(31)

char LICENSE[] SEC("license") = "GPL";
