/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by stat.bpf.c and nested.bpf.c: turns hvt's or KVM's tracepoints
 * into one stream per vCPU thread of
 *	tool_exit(level, code, ts)	a guest at level 1 or 2 exited to L0
 *	tool_entry(level, ts)		L0 enters the guest at level 1 or 2
 *	tool_reflect(code, ts)		L0 hands an L2 exit to L1
 * The including file defines struct tool_state and the three hooks first.
 *
 * hvt's events carry the level. KVM's do not: an exit is from L2 iff
 * kvm_nested_vmexit follows it (KVM traces that for every exit taken in
 * guest mode), and the level of an entry follows from the last
 * kvm_nested_vmenter (now L2) or kvm_nested_vmexit_inject (now L1). So a KVM
 * exit is classified at once when L1 ran, and otherwise when its mark (or,
 * missing one, the next entry) comes.
 */
#ifndef HVT_VCPU_EVENTS_BPF_H
#define HVT_VCPU_EVENTS_BPF_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "layout.h"

const volatile struct tp_layout layout = {
	.tgid = -1,
	.vcpu = -1,
};

struct vcpu_thread {
	__u64 exit_ts;		/* when the open exit happened */
	__u32 exit_code;
	__u32 vcpu;
	__u8 exit_open;		/* an exit awaits its entry */
	__u8 exit_level;	/* its level; 0: not classified yet (KVM) */
	__u8 level_now;		/* the level the vCPU runs next; 0: unknown */
	struct tool_state tool;
};

/*
 * Per thread (a vCPU is one thread, whatever VM it belongs to), in task-local
 * storage: a hash keyed by thread id costs a hash lookup per event, about a
 * quarter of what the program costs. Needs the kernel's BTF (util.c checks).
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct vcpu_thread);
} threads SEC(".maps");

static __always_inline void tool_exit(struct vcpu_thread *t, __u8 level, __u32 code, __u64 ts);
static __always_inline void tool_entry(struct vcpu_thread *t, __u8 level, __u64 ts);
static __always_inline void tool_reflect(struct vcpu_thread *t, __u32 code, __u64 ts);

/*
 * A tracepoint program may read its ctx directly (one instruction, against
 * ~100 for bpf_probe_read_kernel), but only at offsets fixed in the code, not
 * in the common header (the first 8 bytes: perf put a pt_regs pointer there),
 * and never past the record's last field (perf refuses to attach a program
 * that could: -EACCES). Hence one load per possible (offset, size): off and
 * size come from .rodata, so the verifier knows them and drops the other
 * branches.
 * The asm keeps clang from adding the offset to ctx first, which the verifier
 * refuses.
 */
#define OFFSETS_8(X) \
	X(8) X(16) X(24) X(32) X(40) X(48) X(56) X(64) X(72) X(80) X(88) X(96) X(104) \
	X(112) X(120)
#define OFFSETS_4(X) \
	X(8) X(12) X(16) X(20) X(24) X(28) X(32) X(36) X(40) X(44) X(48) X(52) X(56) \
	X(60) X(64) X(68) X(72) X(76) X(80) X(84) X(88) X(92) X(96) X(100) X(104) X(108) \
	X(112) X(116) X(120) X(124)
#define OFFSETS_2(X) \
	X(8) X(10) X(12) X(14) X(16) X(18) X(20) X(22) X(24) X(26) X(28) X(30) X(32) \
	X(34) X(36) X(38) X(40) X(42) X(44) X(46) X(48) X(50) X(52) X(54) X(56) X(58) \
	X(60) X(62)
#define OFFSETS_1(X) \
	X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) \
	X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31) X(32) X(33) \
	X(34) X(35) X(36) X(37) X(38) X(39) X(40) X(41) X(42) X(43) X(44) X(45) X(46) \
	X(47) X(48) X(49) X(50) X(51) X(52) X(53) X(54) X(55) X(56) X(57) X(58) X(59) \
	X(60) X(61) X(62) X(63)

#define CTX_LOAD(type, o) \
	case o: asm volatile("%0 = *(" #type " *)(%1 + " #o ")" : "=r"(v) : "r"(ctx)); return v;
#define LOAD_U64(o) CTX_LOAD(u64, o)
#define LOAD_U32(o) CTX_LOAD(u32, o)
#define LOAD_U16(o) CTX_LOAD(u16, o)
#define LOAD_U8(o) CTX_LOAD(u8, o)

static __always_inline __u64 ctx_load(void *ctx, __u32 off, __u32 size)
{
	__u64 v = 0;

	if (size == 8)
		switch (off) { OFFSETS_8(LOAD_U64) }
	if (size == 4)
		switch (off) { OFFSETS_4(LOAD_U32) }
	if (size == 2)
		switch (off) { OFFSETS_2(LOAD_U16) }
	if (size == 1)
		switch (off) { OFFSETS_1(LOAD_U8) }
	return v;
}

/*
 * A field of the record (hv.c checks ctx_load can read it). Member by member:
 * clang copies a volatile struct with a plain memcpy, which it then folds to
 * the initializer (all zeros) instead of reading .rodata.
 */
#define REC_FIELD(ctx, f) ctx_load(ctx, layout.f.off, layout.f.size)
#define HAS_FIELD(f) (layout.f.size != 0)

struct task_struct;
static __always_inline struct vcpu_thread *thread_get(void)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (layout.tgid >= 0 && (__u32)(id >> 32) != (__u32)layout.tgid)
		return NULL;
	return bpf_task_storage_get(&threads, bpf_get_current_task_btf(), NULL,
				    BPF_LOCAL_STORAGE_GET_F_CREATE);
}

static __always_inline int vcpu_unwanted(const struct vcpu_thread *t)
{
	return layout.vcpu >= 0 && t->vcpu != (__u32)layout.vcpu;
}

static __always_inline void classify(struct vcpu_thread *t, __u8 level)
{
	t->exit_level = level;
	t->level_now = level;
	tool_exit(t, level, t->exit_code, t->exit_ts);
}

/* A KVM exit no kvm_nested_vmexit claimed was L1's. */
static __always_inline void classify_leftover(struct vcpu_thread *t)
{
	if (t->exit_open && !t->exit_level)
		classify(t, 1);
}

SEC("tracepoint")
int on_exit(void *ctx)
{
	__u64 now = bpf_ktime_get_ns();
	struct vcpu_thread *t = thread_get();
	__u8 level;

	if (!t)
		return 0;
	t->vcpu = REC_FIELD(ctx, exit_vcpu);
	if (vcpu_unwanted(t))
		return 0;
	classify_leftover(t);
	t->exit_ts = now;
	t->exit_code = REC_FIELD(ctx, exit_code);
	t->exit_open = 1;
	t->exit_level = 0;
	level = HAS_FIELD(exit_level) ? REC_FIELD(ctx, exit_level) :
		t->level_now == 1 ? 1 : 0;
	if (level)
		classify(t, level);
	return 0;
}

SEC("tracepoint")
int on_l2_exit(void *ctx)
{
	struct vcpu_thread *t = thread_get();

	if (!t || vcpu_unwanted(t))
		return 0;
	if (t->exit_open && !t->exit_level)
		classify(t, 2);
	return 0;
}

SEC("tracepoint")
int on_entry(void *ctx)
{
	__u64 now = bpf_ktime_get_ns();
	struct vcpu_thread *t = thread_get();
	__u8 level;

	if (!t)
		return 0;
	t->vcpu = REC_FIELD(ctx, entry_vcpu);
	if (vcpu_unwanted(t))
		return 0;
	classify_leftover(t);
	level = HAS_FIELD(entry_level) ? REC_FIELD(ctx, entry_level) : t->level_now;
	t->level_now = level;
	tool_entry(t, level, now);
	t->exit_open = 0;
	return 0;
}

SEC("tracepoint")
int on_reflect(void *ctx)
{
	__u64 now = bpf_ktime_get_ns();
	struct vcpu_thread *t = thread_get();

	if (!t || vcpu_unwanted(t))
		return 0;
	/* Only an L2 exit can be reflected: an unclassified one was L2's. */
	if (t->exit_open && !t->exit_level)
		classify(t, 2);
	tool_reflect(t, REC_FIELD(ctx, reflect_code), now);
	t->level_now = 1;
	return 0;
}

SEC("tracepoint")
int on_vmenter(void *ctx)
{
	struct vcpu_thread *t = thread_get();

	if (!t || vcpu_unwanted(t))
		return 0;
	t->level_now = 2;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

#endif
