// SPDX-License-Identifier: GPL-2.0
/*
 * KVM binary stats layout (see stats.h). Reads never build the whole file:
 * each record (header, id, one descriptor, one value) is materialised on
 * the stack when a read touches it, so a read at any offset and length
 * costs only the records it overlaps and needs no allocation.
 */
#include "stats.h"
#include "str.h"

_Static_assert(sizeof(struct hvt_stats_wire_header) == 24, "kvm_stats_header layout");
_Static_assert(sizeof(struct hvt_stats_wire_desc) == 16, "kvm_stats_desc layout");

#define REC_MAX (sizeof(struct hvt_stats_wire_desc) + HVT_STATS_NAME_SIZE_MAX)

static bool flags_valid(u32 flags)
{
	u32 type = flags & HVT_STATS_TYPE_MASK;
	u32 unit = flags & HVT_STATS_UNIT_MASK;
	u32 base = flags & HVT_STATS_BASE_MASK;
	u32 known = HVT_STATS_TYPE_MASK | HVT_STATS_UNIT_MASK | HVT_STATS_BASE_MASK;

	/* hvt counters are single u64s: histogram types are not allowed. */
	return !(flags & ~known) && type <= HVT_STATS_TYPE_PEAK &&
	       unit <= HVT_STATS_UNIT_BOOLEAN && base <= HVT_STATS_BASE_POW2;
}

int hvt_stats_layout_check(const struct hvt_stats_layout *l)
{
	u32 i;

	if (l->name_size < 2 || l->name_size > HVT_STATS_NAME_SIZE_MAX)
		return -EINVAL;
	if (l->nr_desc > HVT_STATS_MAX_DESC || l->nr_values > HVT_STATS_MAX_DESC)
		return -EINVAL;
	for (i = 0; i < l->nr_desc; i++) {
		const struct hvt_stat_desc *d = &l->desc[i];
		size_t n = hvt_strnlen(d->name, l->name_size);

		if (n == 0 || n == l->name_size || !flags_valid(d->flags))
			return -EINVAL;
		if (d->offset % sizeof(u64) || d->offset / sizeof(u64) >= l->nr_values)
			return -EINVAL;
	}
	return 0;
}

u32 hvt_stats_id_offset(const struct hvt_stats_layout *l)
{
	(void)l;
	return sizeof(struct hvt_stats_wire_header);
}

u32 hvt_stats_desc_offset(const struct hvt_stats_layout *l)
{
	return hvt_stats_id_offset(l) + l->name_size;
}

u32 hvt_stats_desc_size(const struct hvt_stats_layout *l)
{
	return sizeof(struct hvt_stats_wire_desc) + l->name_size;
}

u32 hvt_stats_data_offset(const struct hvt_stats_layout *l)
{
	return hvt_stats_desc_offset(l) + l->nr_desc * hvt_stats_desc_size(l);
}

u32 hvt_stats_total_size(const struct hvt_stats_layout *l)
{
	return hvt_stats_data_offset(l) + l->nr_values * (u32)sizeof(u64);
}

/* Each builder fills rec and returns the record's length. */
static u32 build_header(const struct hvt_stats_layout *l, u8 *rec)
{
	struct hvt_stats_wire_header h = {
		.flags = 0,
		.name_size = l->name_size,
		.num_desc = l->nr_desc,
		.id_offset = hvt_stats_id_offset(l),
		.desc_offset = hvt_stats_desc_offset(l),
		.data_offset = hvt_stats_data_offset(l),
	};

	hvt_memcpy(rec, &h, sizeof(h));
	return sizeof(h);
}

/* A NUL-padded string field of exactly size bytes, always terminated. */
static void put_padded(u8 *dst, const char *s, u32 size)
{
	size_t n = hvt_strnlen(s, size - 1);

	hvt_memset(dst, 0, size);
	hvt_memcpy(dst, s, n);
}

static u32 build_id(const struct hvt_stats_layout *l, const char *id, u8 *rec)
{
	put_padded(rec, id, l->name_size);
	return l->name_size;
}

static u32 build_desc(const struct hvt_stats_layout *l, u32 i, u8 *rec)
{
	struct hvt_stats_wire_desc w = {
		.flags = l->desc[i].flags,
		.exponent = l->desc[i].exponent,
		.size = 1,
		.offset = l->desc[i].offset,
		.bucket_size = 0,
	};

	hvt_memcpy(rec, &w, sizeof(w));
	put_padded(rec + sizeof(w), l->desc[i].name, l->name_size);
	return hvt_stats_desc_size(l);
}

static u32 build_value(const u64 *values, u32 i, u8 *rec)
{
	/* One whole-word load: the counter may be bumped while we read. */
	u64 v = *(const volatile u64 *)&values[i];

	hvt_memcpy(rec, &v, sizeof(v));
	return sizeof(v);
}

/*
 * Materialise the record containing file offset pos (< total size) into rec
 * and return its start offset; *rec_len gets its length.
 */
static u32 build_record_at(const struct hvt_stats_layout *l, const char *id,
			   const u64 *values, u32 pos, u8 *rec, u32 *rec_len)
{
	u32 desc_off = hvt_stats_desc_offset(l);
	u32 data_off = hvt_stats_data_offset(l);
	u32 i;

	if (pos < hvt_stats_id_offset(l)) {
		*rec_len = build_header(l, rec);
		return 0;
	}
	if (pos < desc_off) {
		*rec_len = build_id(l, id, rec);
		return hvt_stats_id_offset(l);
	}
	if (pos < data_off) {
		i = (pos - desc_off) / hvt_stats_desc_size(l);
		*rec_len = build_desc(l, i, rec);
		return desc_off + i * hvt_stats_desc_size(l);
	}
	i = (pos - data_off) / (u32)sizeof(u64);
	*rec_len = build_value(values, i, rec);
	return data_off + i * (u32)sizeof(u64);
}

/* Copies file bytes [pos, end) into buf; end must be <= total size. */
static void copy_range(const struct hvt_stats_layout *l, const char *id,
		       const u64 *values, u32 pos, u32 end, u8 *buf)
{
	u8 rec[REC_MAX];

	while (pos < end) {
		u32 rec_len, start, skip, n;

		start = build_record_at(l, id, values, pos, rec, &rec_len);
		skip = pos - start;
		n = rec_len - skip;
		if (n > end - pos)
			n = end - pos;
		hvt_memcpy(buf, rec + skip, n);
		buf += n;
		pos += n;
	}
}

int hvt_stats_serialize_meta(const struct hvt_stats_layout *l, const char *id,
			     void *buf, size_t size)
{
	u32 meta = hvt_stats_data_offset(l);

	if (size < meta)
		return -ENOSPC;
	/* The data block is never reached, so no values are needed. */
	copy_range(l, id, NULL, 0, meta, buf);
	return (int)meta;
}

size_t hvt_stats_read(const struct hvt_stats_layout *l, const char *id,
		      const u64 *values, u64 pos, void *buf, size_t len)
{
	u32 total = hvt_stats_total_size(l);
	u32 end;

	if (pos >= total || len == 0)
		return 0;
	/* Compare in u64: pos and len come from user space unclamped. */
	end = len >= total - pos ? total : (u32)(pos + len);
	copy_range(l, id, values, (u32)pos, end, buf);
	return end - (u32)pos;
}

int hvt_stats_format_id(char *buf, size_t size, u32 pid, s32 vcpu_id)
{
	struct hvt_strbuf sb;

	hvt_strbuf_init(&sb, buf, size);
	hvt_strbuf_puts(&sb, "hvt-");
	hvt_strbuf_put_u32(&sb, pid);
	if (vcpu_id >= 0) {
		hvt_strbuf_puts(&sb, "/vcpu-");
		hvt_strbuf_put_u32(&sb, (u32)vcpu_id);
	}
	return hvt_strbuf_result(&sb);
}
