/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace nested: the samples nested.bpf.c sends to nested.c. */
#ifndef HVT_TRACE_NESTED_H
#define HVT_TRACE_NESTED_H

#include <linux/types.h>

enum nested_kind {
	NESTED_ROUND_TRIP = 1,	/* L2 exit -> L1 -> L1's VMRUN -> L2 entry */
	NESTED_L0_ONLY = 2,	/* L2 exit handled by L0 -> L2 entry */
};

/* The parts of a round trip, in ns of bpf_ktime_get_ns(). */
enum nested_part {
	PART_L0_EXIT,		/* L2 exit -> L1 entry: L0 reflects the exit */
	PART_L1,		/* L1 entry -> L1's VMRUN exit: L1's handler */
	PART_L0_ENTRY,		/* VMRUN exit -> L2 entry: L0 emulates VMRUN */
	PART_TOTAL,		/* L2 exit -> L2 entry */
	NR_PARTS,
};

struct nested_sample {
	__u32 kind;
	__u32 code;		/* the L2 exit's code */
	__u32 vcpu;
	__u32 tid;
	__u64 ns[NR_PARTS];	/* NESTED_L0_ONLY: only PART_TOTAL */
};

#endif
