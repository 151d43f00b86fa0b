/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's binary statistics format (KVM_GET_STATS_FD), produced from a static
 * table of counter descriptors, so existing KVM stats readers work on hvt.
 *
 * The file is the concatenation
 *   [header][id: name_size bytes][descriptors][data]
 * with header and descriptor records laid out exactly as struct
 * kvm_stats_header / struct kvm_stats_desc in <linux/kvm.h> (native byte
 * order), each descriptor followed by its name NUL-padded to name_size.
 * Every hvt counter is one u64 (size 1) at a byte offset into the data
 * block; the data block is the caller's counter struct itself (a struct of
 * u64 fields, seen as an array of nr_values u64s), as in KVM.
 */
#ifndef HVT_CORE_STATS_H
#define HVT_CORE_STATS_H

#include "types.h"

/* KVM's KVM_STATS_NAME_SIZE (kernel-internal, not in the uapi header). */
#define HVT_STATS_NAME_SIZE	48
/* Upper bound the reader's record buffer is sized for. */
#define HVT_STATS_NAME_SIZE_MAX	64
/* Bound on descriptors per layout: keeps every offset well inside u32. */
#define HVT_STATS_MAX_DESC	1024

/* Flag encoding of <linux/kvm.h> KVM_STATS_*, restated (tests compare). */
#define HVT_STATS_TYPE_SHIFT		0
#define HVT_STATS_TYPE_MASK		(0xFu << HVT_STATS_TYPE_SHIFT)
#define HVT_STATS_TYPE_CUMULATIVE	(0x0u << HVT_STATS_TYPE_SHIFT)
#define HVT_STATS_TYPE_INSTANT		(0x1u << HVT_STATS_TYPE_SHIFT)
#define HVT_STATS_TYPE_PEAK		(0x2u << HVT_STATS_TYPE_SHIFT)
#define HVT_STATS_UNIT_SHIFT		4
#define HVT_STATS_UNIT_MASK		(0xFu << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_UNIT_NONE		(0x0u << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_UNIT_BYTES		(0x1u << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_UNIT_SECONDS		(0x2u << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_UNIT_CYCLES		(0x3u << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_UNIT_BOOLEAN		(0x4u << HVT_STATS_UNIT_SHIFT)
#define HVT_STATS_BASE_SHIFT		8
#define HVT_STATS_BASE_MASK		(0xFu << HVT_STATS_BASE_SHIFT)
#define HVT_STATS_BASE_POW10		(0x0u << HVT_STATS_BASE_SHIFT)
#define HVT_STATS_BASE_POW2		(0x1u << HVT_STATS_BASE_SHIFT)

/* Wire records, same layout as struct kvm_stats_header / kvm_stats_desc. */
struct hvt_stats_wire_header {
	u32 flags;
	u32 name_size;
	u32 num_desc;
	u32 id_offset;
	u32 desc_offset;
	u32 data_offset;
};

struct hvt_stats_wire_desc {
	u32 flags;
	s16 exponent;
	u16 size;
	u32 offset;
	u32 bucket_size;
	/* char name[name_size] follows */
};

/* One counter: always a single u64 (histograms are not used by hvt). */
struct hvt_stat_desc {
	const char *name;
	u32 flags;	/* HVT_STATS_TYPE_* | HVT_STATS_UNIT_* | HVT_STATS_BASE_* */
	s16 exponent;
	u32 offset;	/* bytes into the data block, a multiple of 8 */
};

struct hvt_stats_layout {
	const struct hvt_stat_desc *desc;
	u32 nr_desc;
	u32 nr_values;	/* u64 words in the data block */
	u32 name_size;	/* HVT_STATS_NAME_SIZE for KVM compatibility */
};

/*
 * 0 if the layout is well formed: name_size in [2, NAME_SIZE_MAX], every
 * name non-empty and shorter than name_size, known type/unit/base, every
 * offset 8-aligned inside the data block, at most HVT_STATS_MAX_DESC
 * descriptors and values. Call once at module init (or in a unit test):
 * the functions below assume a checked layout.
 */
int hvt_stats_layout_check(const struct hvt_stats_layout *l);

u32 hvt_stats_id_offset(const struct hvt_stats_layout *l);
u32 hvt_stats_desc_offset(const struct hvt_stats_layout *l);
u32 hvt_stats_desc_size(const struct hvt_stats_layout *l);
u32 hvt_stats_data_offset(const struct hvt_stats_layout *l);
/* Size of the whole file: header + id + descriptors + data. */
u32 hvt_stats_total_size(const struct hvt_stats_layout *l);

/*
 * Writes header + id + descriptor block (hvt_stats_data_offset() bytes).
 * id longer than name_size - 1 is truncated. Returns the byte count or
 * -ENOSPC if size is too small.
 */
int hvt_stats_serialize_meta(const struct hvt_stats_layout *l, const char *id,
			     void *buf, size_t size);

/*
 * read(2) over the whole file at byte offset pos into a kernel buffer:
 * copies min(len, total - pos) bytes and returns that count, 0 at or past
 * the end. values[] has nr_values entries and may be updated concurrently;
 * each is loaded once as a whole u64 so a reader never sees a torn value
 * (on 64-bit hosts). The caller does copy_to_user and advances the file
 * position.
 */
size_t hvt_stats_read(const struct hvt_stats_layout *l, const char *id,
		      const u64 *values, u64 pos, void *buf, size_t len);

/*
 * KVM-style id: "hvt-<pid>" for a VM, "hvt-<pid>/vcpu-<vcpu_id>" for a vCPU
 * (vcpu_id < 0 means VM). Returns the length or -ENOSPC.
 */
int hvt_stats_format_id(char *buf, size_t size, u32 pid, s32 vcpu_id);

#endif
