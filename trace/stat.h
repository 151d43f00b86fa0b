/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace stat: the map layout stat.bpf.c and stat.c share. */
#ifndef HVT_TRACE_STAT_H
#define HVT_TRACE_STAT_H

#include <linux/types.h>

/*
 * The counters live in a per-CPU array (its lookups are inlined: a hash
 * lookup per event would cost more than the rest of the program), one slot
 * per (level, exit code). SVM codes are sparse: 0x0-0x2ff and 0x400-0x4fd
 * map one to one, VMEXIT_INVALID (-1) has its slot, anything else is "other".
 */
#define STAT_SLOTS_PER_LEVEL 1024
#define STAT_SLOT_INVALID 0x3fe
#define STAT_SLOT_OTHER 0x3ff
#define STAT_CODE_OTHER 0xfffffffe	/* what user space shows for the "other" slot */

static inline __u32 stat_slot(__u32 code)
{
	if (code < 0x300)
		return code;
	if (code >= 0x400 && code < 0x4fe)
		return 0x300 + (code - 0x400);
	return code == 0xffffffff ? STAT_SLOT_INVALID : STAT_SLOT_OTHER;
}

static inline __u32 stat_slot_code(__u32 slot)
{
	if (slot < 0x300)
		return slot;
	if (slot < STAT_SLOT_INVALID)
		return 0x400 + (slot - 0x300);
	return slot == STAT_SLOT_INVALID ? 0xffffffff : STAT_CODE_OTHER;
}

/* Levels 1 and 2. */
static inline __u32 stat_index(__u32 level, __u32 code)
{
	return (level - 1) * STAT_SLOTS_PER_LEVEL + stat_slot(code);
}

struct stat_key {
	__u32 level;	/* 1 or 2 */
	__u32 code;	/* SVM exit code (32 bits hold every code, -1 included) */
};

/*
 * Per CPU (the BPF side never races); user space sums the CPUs. count is
 * taken at the exit, the time at the next entry: an exit that never sees an
 * entry (the vCPU's last) is counted but not timed.
 */
struct stat_val {
	__u64 count;
	__u64 reflected;	/* of these, handed to L1 */
	__u64 timed;		/* exits that saw their entry */
	__u64 total_ns;
	__u64 min_ns;
	__u64 max_ns;
};

#endif
