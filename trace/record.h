/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace record: what record.bpf.c sends to record.c. */
#ifndef HVT_TRACE_RECORD_H
#define HVT_TRACE_RECORD_H

#include <linux/types.h>

/* The fixed part of the records we copy; recordable events fit in it. */
#define REC_MAX_DATA 256
/* Events one recording can take: record.bpf.c has a program for each. */
#define REC_MAX_EVENTS 32

/* A ring buffer entry: this header, then size bytes of the raw record. */
struct rec_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	__u16 size;		/* bytes of data */
	__u16 cpu;
	__u32 pad;
	__u8 data[];		/* the raw tracepoint record, common header first */
};

#endif
