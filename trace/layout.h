/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What user space tells the BPF programs before loading them: where each
 * field they read sits in the tracepoint records, and the filters.
 *
 * Why offsets and not CO-RE: a tracepoint program receives the raw record
 * (common header + fields, laid out as the event's tracefs format file says).
 * CO-RE would relocate accesses against the record's BTF type
 * (trace_event_raw_<event>), but hvt.ko is built without BTF (the testbed's
 * headers package has no vmlinux to base module BTF on), and KVM's record
 * layout differs between kernels. The format file is always there and always
 * right, so user space reads it and passes the offsets in .rodata, where the
 * verifier sees them as constants (vcpu_events.bpf.h relies on that to read
 * the record directly). See docs/tracing.md.
 */
#ifndef HVT_TRACE_LAYOUT_H
#define HVT_TRACE_LAYOUT_H

#include <linux/types.h>

/* One field of a tracepoint record; size 0: the event has no such field. */
struct tp_field {
	__u16 off;
	__u16 size;
};

/*
 * The roles events play for stat and nested. hvt and KVM name them
 * differently (hv.c maps them); KVM has no level field, so it needs the
 * L2_EXIT mark (kvm_nested_vmexit) and VMENTER to know whether L1 or L2 ran.
 */
enum ev_role {
	EV_EXIT,	/* hvt_exit / kvm_exit: a guest exited to L0 */
	EV_ENTRY,	/* hvt_entry / kvm_entry: L0 enters a guest */
	EV_REFLECT,	/* hvt_nested_vmexit / kvm_nested_vmexit_inject: an exit goes to L1 */
	EV_L2_EXIT,	/* kvm_nested_vmexit: the exit just traced came from L2 */
	EV_VMENTER,	/* hvt_nested_vmenter / kvm_nested_vmenter|vmrun: L1's VMRUN done */
	EV_NROLES,
};

struct tp_layout {
	struct tp_field exit_vcpu, exit_level, exit_code;
	struct tp_field entry_vcpu, entry_level;
	struct tp_field reflect_code;
	__s32 tgid;	/* only this process; -1: all */
	__s32 vcpu;	/* only this vCPU id; -1: all */
};

#define SVM_EXIT_VMRUN 0x80
/*
 * vcpu_events.bpf.h reads fields past the 8-byte common header: 8- and 4-byte
 * ones in the first 128 bytes of a record, 2- and 1-byte ones in the first 64.
 */
#define TP_MIN_OFFSET 8
#define TP_MAX_OFFSET(size) ((size) >= 4 ? 128 : 64)

#endif
