/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvt's tracepoints (tracefs: events/hvt/). Static keys make them free when
 * disabled. trace/ (hvt-trace) reads them with BPF; docs/tracing.md lists
 * their fields. Levels: 1 = L1 running, 2 = L2 running.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hvt

#if !defined(HVT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define HVT_TRACE_H

#include <linux/tracepoint.h>

TRACE_EVENT(hvt_entry,
	TP_PROTO(u32 vcpu_id, u8 level, u64 rip),
	TP_ARGS(vcpu_id, level, rip),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u8, level)
		__field(u64, rip)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->level = level;
		__entry->rip = rip;
	),
	TP_printk("vcpu %u L%u rip 0x%llx", __entry->vcpu_id, __entry->level, __entry->rip)
);

TRACE_EVENT(hvt_exit,
	TP_PROTO(u32 vcpu_id, u8 level, u64 exit_code, u64 info1, u64 info2, u64 rip),
	TP_ARGS(vcpu_id, level, exit_code, info1, info2, rip),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u8, level)
		__field(u64, exit_code)
		__field(u64, info1)
		__field(u64, info2)
		__field(u64, rip)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->level = level;
		__entry->exit_code = exit_code;
		__entry->info1 = info1;
		__entry->info2 = info2;
		__entry->rip = rip;
	),
	TP_printk("vcpu %u L%u exit 0x%llx info1 0x%llx info2 0x%llx rip 0x%llx",
		  __entry->vcpu_id, __entry->level, __entry->exit_code, __entry->info1,
		  __entry->info2, __entry->rip)
);

/* L1's VMRUN succeeded: L2 is about to run. */
TRACE_EVENT(hvt_nested_vmenter,
	TP_PROTO(u32 vcpu_id, u64 vmcb12_gpa, u64 l2_rip, u64 nested_cr3, bool np12,
		 u8 l2_mmu, u8 vmcb),
	TP_ARGS(vcpu_id, vmcb12_gpa, l2_rip, nested_cr3, np12, l2_mmu, vmcb),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u64, vmcb12_gpa)
		__field(u64, l2_rip)
		__field(u64, nested_cr3)
		__field(u8, np12)
		__field(u8, l2_mmu)
		__field(u8, vmcb)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->vmcb12_gpa = vmcb12_gpa;
		__entry->l2_rip = l2_rip;
		__entry->nested_cr3 = nested_cr3;
		__entry->np12 = np12;
		__entry->l2_mmu = l2_mmu;
		__entry->vmcb = vmcb;
	),
	TP_printk("vcpu %u vmcb12 0x%llx l2 rip 0x%llx npt12 %u ncr3 0x%llx l2_mmu %s vmcb %s",
		  __entry->vcpu_id, __entry->vmcb12_gpa, __entry->l2_rip, __entry->np12,
		  __entry->nested_cr3, __entry->l2_mmu ? "shared" : "separate",
		  __entry->vmcb ? "single" : "split")
);

/* An L2 exit reflected to L1 (also VMEXIT_INVALID for a failed VMRUN). */
TRACE_EVENT(hvt_nested_vmexit,
	TP_PROTO(u32 vcpu_id, u64 exit_code, u64 info1, u64 info2, u64 l2_rip),
	TP_ARGS(vcpu_id, exit_code, info1, info2, l2_rip),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u64, exit_code)
		__field(u64, info1)
		__field(u64, info2)
		__field(u64, l2_rip)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->exit_code = exit_code;
		__entry->info1 = info1;
		__entry->info2 = info2;
		__entry->l2_rip = l2_rip;
	),
	TP_printk("vcpu %u exit 0x%llx info1 0x%llx info2 0x%llx l2 rip 0x%llx",
		  __entry->vcpu_id, __entry->exit_code, __entry->info1, __entry->info2,
		  __entry->l2_rip)
);

/* A nested page fault handled by an MMU: 0 root_mmu (L1), 1 guest_mmu (L2). */
TRACE_EVENT(hvt_mmu_fault,
	TP_PROTO(u32 vcpu_id, u8 mmu, u64 gpa, u64 error_code, int result),
	TP_ARGS(vcpu_id, mmu, gpa, error_code, result),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u8, mmu)
		__field(u64, gpa)
		__field(u64, error_code)
		__field(int, result)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->mmu = mmu;
		__entry->gpa = gpa;
		__entry->error_code = error_code;
		__entry->result = result;
	),
	TP_printk("vcpu %u %s gpa 0x%llx error 0x%llx result %d", __entry->vcpu_id,
		  __entry->mmu ? "guest_mmu" : "root_mmu", __entry->gpa, __entry->error_code,
		  __entry->result)
);

/* What the L2 MMU context did with its root: shows the l2_mmu policy at work. */
#define HVT_ROOT_REUSED	 0
#define HVT_ROOT_LOOKUP	 1
#define HVT_ROOT_CREATED 2
#define HVT_ROOT_DROPPED 3
TRACE_EVENT(hvt_mmu_root,
	TP_PROTO(u32 vcpu_id, u8 action, u64 nested_cr3),
	TP_ARGS(vcpu_id, action, nested_cr3),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u8, action)
		__field(u64, nested_cr3)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->action = action;
		__entry->nested_cr3 = nested_cr3;
	),
	TP_printk("vcpu %u root %s ncr3 0x%llx", __entry->vcpu_id,
		  __print_symbolic(__entry->action, { 0, "reused" }, { 1, "looked-up" },
				   { 2, "created" }, { 3, "dropped" }),
		  __entry->nested_cr3)
);

/*
 * A VMRUN of a VMCB12 other than the vCPU's last one (or one L1 changed):
 * where its nested context came from (svm/nested_ctx.h).
 */
#define HVT_CTX_LOAD_HIT	 0
#define HVT_CTX_LOAD_ALLOCATED	 1
#define HVT_CTX_LOAD_RECYCLED	 2
#define HVT_CTX_LOAD_PRIVATE	 3
#define HVT_CTX_LOAD_INVALIDATED 4
TRACE_EVENT(hvt_nested_ctx_load,
	TP_PROTO(u32 vcpu_id, u64 vmcb12_gpa, u8 result),
	TP_ARGS(vcpu_id, vmcb12_gpa, result),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u64, vmcb12_gpa)
		__field(u8, result)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->vmcb12_gpa = vmcb12_gpa;
		__entry->result = result;
	),
	TP_printk("vcpu %u vmcb12 0x%llx context %s", __entry->vcpu_id, __entry->vmcb12_gpa,
		  __print_symbolic(__entry->result, { 0, "hit" }, { 1, "allocated" },
				   { 2, "recycled" }, { 3, "private" }, { 4, "invalidated" }))
);

/* The vCPU changed VMCB: to 1 (VMCB01, L1) or 2 (VMCB02, or the one VMCB for L2). */
TRACE_EVENT(hvt_vmcb_switch,
	TP_PROTO(u32 vcpu_id, u8 to, bool copied),
	TP_ARGS(vcpu_id, to, copied),
	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u8, to)
		__field(u8, copied)
	),
	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->to = to;
		__entry->copied = copied;
	),
	TP_printk("vcpu %u to vmcb0%u%s", __entry->vcpu_id, __entry->to,
		  __entry->copied ? " (state copied: vmcb=single)" : "")
);

#endif /* HVT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
