// SPDX-License-Identifier: GPL-2.0
/*
 * hv/core/stats.c against KVM's documented binary stats layout, read back
 * through bench/lib/kvm_stats.c (the reader hvt-bench uses on KVM and hvt)
 * via a memfd; plus the reader's defences against malformed files.
 */
#define _GNU_SOURCE		/* memfd_create */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "core/counters.h"
#include "core/stats.h"
#include "kvm_stats.h"

#include "expect.h"

/* The restated flag encoding and records must be KVM's exactly. */
_Static_assert(HVT_STATS_TYPE_MASK == KVM_STATS_TYPE_MASK, "type mask");
_Static_assert(HVT_STATS_TYPE_CUMULATIVE == KVM_STATS_TYPE_CUMULATIVE, "cumulative");
_Static_assert(HVT_STATS_TYPE_INSTANT == KVM_STATS_TYPE_INSTANT, "instant");
_Static_assert(HVT_STATS_TYPE_PEAK == KVM_STATS_TYPE_PEAK, "peak");
_Static_assert(HVT_STATS_UNIT_MASK == KVM_STATS_UNIT_MASK, "unit mask");
_Static_assert(HVT_STATS_UNIT_NONE == KVM_STATS_UNIT_NONE, "unit none");
_Static_assert(HVT_STATS_UNIT_BYTES == KVM_STATS_UNIT_BYTES, "unit bytes");
_Static_assert(HVT_STATS_UNIT_SECONDS == KVM_STATS_UNIT_SECONDS, "unit seconds");
_Static_assert(HVT_STATS_UNIT_CYCLES == KVM_STATS_UNIT_CYCLES, "unit cycles");
_Static_assert(HVT_STATS_UNIT_BOOLEAN == KVM_STATS_UNIT_BOOLEAN, "unit boolean");
_Static_assert(HVT_STATS_BASE_MASK == KVM_STATS_BASE_MASK, "base mask");
_Static_assert(HVT_STATS_BASE_POW10 == KVM_STATS_BASE_POW10, "pow10");
_Static_assert(HVT_STATS_BASE_POW2 == KVM_STATS_BASE_POW2, "pow2");
_Static_assert(sizeof(struct hvt_stats_wire_header) == sizeof(struct kvm_stats_header), "hdr");
_Static_assert(sizeof(struct hvt_stats_wire_desc) == sizeof(struct kvm_stats_desc), "desc");
_Static_assert(offsetof(struct hvt_stats_wire_desc, offset) ==
	       offsetof(struct kvm_stats_desc, offset), "desc.offset");
_Static_assert(offsetof(struct hvt_stats_wire_desc, bucket_size) ==
	       offsetof(struct kvm_stats_desc, bucket_size), "desc.bucket_size");

/*
 * An odd name size (13) puts every descriptor at an unaligned file offset
 * and exercises units, bases and exponents hvt's own tables do not use.
 */
static const struct hvt_stat_desc odd_desc[] = {
	{ "a", HVT_STATS_TYPE_CUMULATIVE | HVT_STATS_UNIT_BYTES | HVT_STATS_BASE_POW2, 10, 16 },
	{ "twelve_chars", HVT_STATS_TYPE_INSTANT | HVT_STATS_UNIT_SECONDS, -9, 0 },
	{ "peak", HVT_STATS_TYPE_PEAK | HVT_STATS_UNIT_CYCLES, 0, 8 },
};

static const struct hvt_stats_layout odd_layout = {
	.desc = odd_desc, .nr_desc = 3, .nr_values = 3, .name_size = 13,
};

struct image {
	const struct hvt_stats_layout *l;
	const char *id;
	char want_id[HVT_STATS_NAME_SIZE_MAX];	/* id as the file holds it */
	uint64_t values[64];
	uint8_t *bytes;		/* the whole file, from one read */
	uint32_t size;
};

static void image_build(struct image *im, const struct hvt_stats_layout *l, const char *id)
{
	uint32_t i;

	im->l = l;
	im->id = id;
	/* Longer ids are cut to name_size - 1 bytes, keeping the NUL. */
	snprintf(im->want_id, sizeof(im->want_id), "%.*s", (int)l->name_size - 1, id);
	for (i = 0; i < 64; i++)
		im->values[i] = 0x0102030405060708ull * (i + 1) ^ i;
	im->size = hvt_stats_total_size(l);
	/* Exact size, so ASan catches any write past what read() returns. */
	im->bytes = malloc(im->size);
	EXPECT_INT(hvt_stats_read(l, id, im->values, 0, im->bytes, im->size), im->size);
}

static int memfd_with(const void *bytes, size_t size)
{
	int fd = memfd_create("hvt-stats", 0);

	EXPECT(fd >= 0);
	EXPECT_INT(write(fd, bytes, size), size);
	return fd;
}

static void check_zero_padded(const uint8_t *field, const char *s, uint32_t size)
{
	uint32_t i, n = (uint32_t)strlen(s);

	EXPECT_MEM(field, s, n);
	for (i = n; i < size; i++)
		EXPECT_INT(field[i], 0);
}

/* Header and descriptors, checked byte-wise against <linux/kvm.h>. */
static void check_layout_bytes(const struct image *im)
{
	const struct hvt_stats_layout *l = im->l;
	struct kvm_stats_header h;
	uint32_t dsize = (uint32_t)sizeof(struct kvm_stats_desc) + l->name_size;
	uint32_t i;

	memcpy(&h, im->bytes, sizeof(h));
	EXPECT_INT(h.flags, 0);
	EXPECT_INT(h.name_size, l->name_size);
	EXPECT_INT(h.num_desc, l->nr_desc);
	EXPECT_INT(h.id_offset, sizeof(struct kvm_stats_header));
	EXPECT_INT(h.desc_offset, h.id_offset + l->name_size);
	EXPECT_INT(h.data_offset, h.desc_offset + l->nr_desc * dsize);
	EXPECT_INT(im->size, h.data_offset + l->nr_values * 8);
	check_zero_padded(im->bytes + h.id_offset, im->want_id, l->name_size);
	for (i = 0; i < l->nr_desc; i++) {
		const uint8_t *raw = im->bytes + h.desc_offset + i * dsize;
		struct kvm_stats_desc d;

		memcpy(&d, raw, sizeof(d));
		EXPECT_INT(d.flags, l->desc[i].flags);
		EXPECT_INT(d.exponent, l->desc[i].exponent);
		EXPECT_INT(d.size, 1);
		EXPECT_INT(d.offset, l->desc[i].offset);
		EXPECT_INT(d.bucket_size, 0);
		check_zero_padded(raw + sizeof(d), l->desc[i].name, l->name_size);
		EXPECT_MEM(im->bytes + h.data_offset + d.offset,
			   &im->values[d.offset / 8], 8);
	}
}

static void check_meta(const struct image *im)
{
	uint32_t meta = hvt_stats_data_offset(im->l);
	uint8_t *buf = malloc(meta);

	EXPECT_INT(hvt_stats_serialize_meta(im->l, im->id, buf, meta), meta);
	EXPECT_MEM(buf, im->bytes, meta);
	EXPECT_INT(hvt_stats_serialize_meta(im->l, im->id, buf, meta - 1), -ENOSPC);
	free(buf);
}

/* Any offset and length gives the same bytes as the full read. */
static void check_partial_reads(const struct image *im)
{
	static const size_t lens[] = { 1, 2, 3, 5, 7, 8, 13, 23, 24, 25, 64, 100, 4096 };
	uint8_t buf[4096 + 1];
	uint64_t pos;
	size_t i;

	for (pos = 0; pos <= im->size + 8; pos++) {
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			size_t want = pos >= im->size ? 0 :
				      (lens[i] < im->size - pos ? lens[i] : im->size - pos);
			size_t got;

			buf[want] = 0xA5;	/* sentinel just past the copy */
			got = hvt_stats_read(im->l, im->id, im->values, pos, buf, lens[i]);
			if (got != want || memcmp(buf, im->bytes + (want ? pos : 0), want) ||
			    buf[want] != 0xA5)
				EXPECT_FAIL("read at %llu len %zu: got %zu bytes, want %zu",
					    (unsigned long long)pos, lens[i], got, want);
		}
	}
	EXPECT_INT(hvt_stats_read(im->l, im->id, im->values, 0, buf, 0), 0);
	EXPECT_INT(hvt_stats_read(im->l, im->id, im->values, UINT64_MAX, buf, 1), 0);
	EXPECT_INT(hvt_stats_read(im->l, im->id, im->values, (uint64_t)1 << 32, buf, 1), 0);
	EXPECT_INT(hvt_stats_read(im->l, im->id, im->values, 5, buf, SIZE_MAX), im->size - 5);
}

/* Byte-at-a-time reads, the way a naive reader loops, rebuild the file. */
static void check_bytewise_reassembly(const struct image *im)
{
	uint8_t *buf = malloc(im->size);
	uint32_t pos;

	for (pos = 0; pos < im->size; pos++)
		EXPECT_INT(hvt_stats_read(im->l, im->id, im->values, pos, buf + pos, 1), 1);
	EXPECT_MEM(buf, im->bytes, im->size);
	free(buf);
}

static void check_reader(const struct image *im)
{
	int fd = memfd_with(im->bytes, im->size);
	struct kvmstats *s = NULL;
	uint64_t v = 0;
	uint32_t i;

	EXPECT_INT(kvmstats_open(fd, &s), 0);
	if (!s)
		return;
	EXPECT_STR(s->id, im->want_id);
	EXPECT_INT(s->nr_items, im->l->nr_desc);
	for (i = 0; i < s->nr_items && i < im->l->nr_desc; i++) {
		const struct hvt_stat_desc *d = &im->l->desc[i];

		EXPECT_STR(s->items[i].name, d->name);
		EXPECT_INT(s->items[i].flags, d->flags);
		EXPECT_INT(s->items[i].exponent, d->exponent);
		EXPECT_INT(s->items[i].size, 1);
		EXPECT_INT(s->items[i].values[0], im->values[d->offset / 8]);
		EXPECT(kvmstats_find(s, d->name) == &s->items[i]);
	}
	EXPECT(kvmstats_find(s, "no_such_counter") == NULL);
	EXPECT_INT(kvmstats_value(s, "no_such_counter", &v), -ENOENT);

	/* New values in the data block show up after a refresh. */
	{
		uint64_t nv = 777;
		off_t at = (off_t)hvt_stats_data_offset(im->l) + im->l->desc[0].offset;

		EXPECT_INT(pwrite(fd, &nv, sizeof(nv), at), sizeof(nv));
		EXPECT_INT(kvmstats_refresh(s), 0);
		EXPECT_INT(kvmstats_value(s, im->l->desc[0].name, &v), 0);
		EXPECT_INT(v, 777);
	}
	kvmstats_free(s);
	close(fd);
}

static void check_print(const struct image *im, const char *must_contain)
{
	int fd = memfd_with(im->bytes, im->size);
	struct kvmstats *s = NULL;
	char out[8192] = "";
	FILE *f = fmemopen(out, sizeof(out) - 1, "w");

	EXPECT_INT(kvmstats_open(fd, &s), 0);
	if (s && f)
		kvmstats_print(s, f);
	if (f)
		fclose(f);
	EXPECT(strstr(out, im->want_id) != NULL);
	if (!strstr(out, must_contain))
		EXPECT_FAIL("table lacks \"%s\":\n%s", must_contain, out);
	kvmstats_free(s);
	close(fd);
}

static void check_image(const struct hvt_stats_layout *l, const char *id)
{
	struct image im;

	EXPECT_INT(hvt_stats_layout_check(l), 0);
	image_build(&im, l, id);
	check_layout_bytes(&im);
	check_meta(&im);
	check_partial_reads(&im);
	check_bytewise_reassembly(&im);
	check_reader(&im);
	free(im.bytes);
}

/* Every field of a counter struct has exactly one descriptor, names unique. */
static void check_table_covers_struct(const struct hvt_stats_layout *l, size_t struct_size)
{
	uint8_t seen[256] = { 0 };
	uint32_t i, j;

	EXPECT_INT(l->nr_values * 8, struct_size);
	EXPECT_INT(l->nr_desc, l->nr_values);
	EXPECT_INT(l->name_size, 48);	/* KVM_STATS_NAME_SIZE */
	for (i = 0; i < l->nr_desc && l->desc[i].offset / 8 < 256; i++) {
		EXPECT_INT(seen[l->desc[i].offset / 8]++, 0);
		for (j = 0; j < i; j++)
			EXPECT(strcmp(l->desc[i].name, l->desc[j].name) != 0);
	}
}

static void test_hvt_tables(void)
{
	EXPECT_INT(hvt_counters_check(), 0);
	check_table_covers_struct(&hvt_vcpu_stats_layout, sizeof(struct hvt_vcpu_stats));
	check_table_covers_struct(&hvt_vm_stats_layout, sizeof(struct hvt_vm_stats));
	EXPECT_STR(hvt_vcpu_stats_layout.desc[0].name, "exits");
}

static void test_layouts_round_trip(void)
{
	char vm_id[48], vcpu_id[48];
	struct image im;

	EXPECT_INT(hvt_stats_format_id(vm_id, sizeof(vm_id), 4242, -1), 8);
	EXPECT_STR(vm_id, "hvt-4242");
	EXPECT_INT(hvt_stats_format_id(vcpu_id, sizeof(vcpu_id), 4242, 3), 15);
	EXPECT_STR(vcpu_id, "hvt-4242/vcpu-3");
	EXPECT_INT(hvt_stats_format_id(vcpu_id, 8, 4242, 3), -ENOSPC);
	EXPECT_INT(hvt_stats_format_id(vcpu_id, sizeof(vcpu_id), 4242, 3), 15);

	check_image(&hvt_vcpu_stats_layout, vcpu_id);
	check_image(&hvt_vm_stats_layout, vm_id);
	check_image(&odd_layout, "an-id-far-too-long-for-13");	/* truncated, still NUL */

	image_build(&im, &hvt_vcpu_stats_layout, vcpu_id);
	check_print(&im, "exits_cpuid");
	free(im.bytes);
	image_build(&im, &odd_layout, "x");
	check_print(&im, "seconds x10^-9");
	free(im.bytes);
}

static void test_layout_check_rejects(void)
{
	struct hvt_stat_desc d = { "ok", 0, 0, 0 };
	struct hvt_stats_layout l = { &d, 1, 1, 48 };

	EXPECT_INT(hvt_stats_layout_check(&l), 0);
	l.name_size = 2;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);	/* "ok" needs 3 */
	l.name_size = HVT_STATS_NAME_SIZE_MAX + 1;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);
	l.name_size = 48;
	d.offset = 4;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);	/* unaligned */
	d.offset = 8;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);	/* past the data */
	d.offset = 0;
	d.flags = KVM_STATS_TYPE_LOG_HIST;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);	/* not a single u64 */
	d.flags = 1u << 12;
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);	/* unknown bits */
	d.flags = 0;
	d.name = "";
	EXPECT_INT(hvt_stats_layout_check(&l), -EINVAL);
}

/* ---- the reader against malformed files ---- */

static int open_bytes(const void *bytes, size_t size)
{
	int fd = memfd_with(bytes, size);
	struct kvmstats *s = NULL;
	int ret = kvmstats_open(fd, &s);

	EXPECT((ret == 0) == (s != NULL));
	kvmstats_free(s);
	close(fd);
	return ret;
}

static void test_reader_truncated(const struct image *im)
{
	uint32_t len;

	for (len = 0; len < im->size; len++) {
		int ret = open_bytes(im->bytes, len);

		if (ret != -EBADMSG)
			EXPECT_FAIL("file cut at %u of %u: %d, want -EBADMSG", len, im->size, ret);
	}
	EXPECT_INT(open_bytes(im->bytes, im->size), 0);
}

/* Patches a u32/u16 at off in a copy of the file and opens it. */
static int open_patched(const struct image *im, uint32_t off, const void *val, size_t n)
{
	uint8_t *copy = malloc(im->size);
	int ret;

	memcpy(copy, im->bytes, im->size);
	memcpy(copy + off, val, n);
	ret = open_bytes(copy, im->size);
	free(copy);
	return ret;
}

static void test_reader_hostile_fields(const struct image *im)
{
	const uint32_t d0 = hvt_stats_desc_offset(im->l);
	const uint32_t name0 = d0 + sizeof(struct kvm_stats_desc);
	uint32_t u32v;
	uint16_t u16v;
	uint8_t fill[64];

	u32v = 0;		/* name_size 0 */
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, name_size), &u32v, 4), -EBADMSG);
	u32v = 1u << 30;	/* huge name_size */
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, name_size), &u32v, 4), -EBADMSG);
	u32v = UINT32_MAX;	/* huge num_desc */
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, num_desc), &u32v, 4), -EBADMSG);
	u32v = UINT32_MAX - 2;	/* offsets beyond the file, near wrap */
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, id_offset), &u32v, 4), -EBADMSG);
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, desc_offset), &u32v, 4), -EBADMSG);
	EXPECT_INT(open_patched(im, offsetof(struct kvm_stats_header, data_offset), &u32v, 4), -EBADMSG);
	u32v = UINT32_MAX;	/* a descriptor whose data would wrap */
	EXPECT_INT(open_patched(im, d0 + offsetof(struct kvm_stats_desc, offset), &u32v, 4), -EBADMSG);
	u16v = 0;		/* zero values */
	EXPECT_INT(open_patched(im, d0 + offsetof(struct kvm_stats_desc, size), &u16v, 2), -EBADMSG);
	u16v = UINT16_MAX;	/* more values than the file has */
	EXPECT_INT(open_patched(im, d0 + offsetof(struct kvm_stats_desc, size), &u16v, 2), -EBADMSG);
	memset(fill, 'x', sizeof(fill));	/* name without NUL */
	EXPECT_INT(open_patched(im, name0, fill, im->l->name_size), -EBADMSG);
	EXPECT_INT(open_patched(im, hvt_stats_id_offset(im->l), fill, im->l->name_size), -EBADMSG);
	fill[0] = 0;		/* empty name */
	EXPECT_INT(open_patched(im, name0, fill, 1), -EBADMSG);
}

/* Every byte of header and descriptors set to hostile values: no crash. */
static void test_reader_fuzz_bytes(const struct image *im)
{
	static const uint8_t vals[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };
	uint32_t off, meta = hvt_stats_data_offset(im->l);
	size_t v;

	for (off = 0; off < meta; off++)
		for (v = 0; v < sizeof(vals); v++)
			(void)open_patched(im, off, &vals[v], 1);
}

static void test_reader_unreadable_fds(void)
{
	struct kvmstats *s = NULL;
	int p[2];

	EXPECT_INT(pipe(p), 0);
	EXPECT_INT(kvmstats_open(p[0], &s), -ESPIPE);	/* pread on a pipe */
	EXPECT(s == NULL);
	close(p[0]);
	close(p[1]);
	EXPECT_INT(kvmstats_open(-1, &s), -EBADF);
}

static void test_reader_defences(void)
{
	struct image im;

	image_build(&im, &odd_layout, "odd");
	test_reader_truncated(&im);
	test_reader_hostile_fields(&im);
	test_reader_fuzz_bytes(&im);
	free(im.bytes);
	image_build(&im, &hvt_vm_stats_layout, "hvt-1");
	test_reader_truncated(&im);
	test_reader_hostile_fields(&im);
	free(im.bytes);
	test_reader_unreadable_fds();
}

int main(void)
{
	test_hvt_tables();
	test_layout_check_rejects();
	test_layouts_round_trip();
	test_reader_defences();
	return expect_report("test_stats");
}
