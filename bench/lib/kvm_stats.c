// SPDX-License-Identifier: GPL-2.0
/* Reader of a KVM binary statistics fd (see kvm_stats.h). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L	/* pread under a strict -std=c11 */
#endif
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/kvm.h>

#include "kvm_stats.h"

/*
 * Reads exactly len bytes at off. A short file is a malformed file
 * (-EBADMSG), not an I/O error: the header promised those bytes.
 */
static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EBADMSG;
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

/* Regular files (tests, saved dumps) have a size to check against; anon
 * inodes such as KVM's stats fd report 0 and are checked by reading. */
static int check_extent(int fd, uint64_t off, uint64_t len)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (S_ISREG(st.st_mode) && off + len > (uint64_t)st.st_size)
		return -EBADMSG;
	return 0;
}

static int read_extent(int fd, void *buf, uint64_t len, uint64_t off)
{
	int ret = check_extent(fd, off, len);

	return ret ? ret : pread_full(fd, buf, (size_t)len, off);
}

static int check_header(const struct kvm_stats_header *h)
{
	if (h->name_size < 1 || h->name_size > KVMSTATS_MAX_NAME_SIZE)
		return -EBADMSG;
	if (h->num_desc > KVMSTATS_MAX_DESC)
		return -EBADMSG;
	return 0;
}

static int read_id(struct kvmstats *s, const struct kvm_stats_header *h)
{
	int ret;

	s->id = malloc(h->name_size);
	if (!s->id)
		return -ENOMEM;
	ret = read_extent(s->fd, s->id, h->name_size, h->id_offset);
	if (ret)
		return ret;
	return memchr(s->id, '\0', h->name_size) ? 0 : -EBADMSG;
}

/*
 * Checks one raw descriptor and records it. raw may be misaligned (name_size
 * is arbitrary), so the fixed part is copied out before use. Extents are
 * computed in 64 bits so offset + size * 8 cannot wrap.
 */
static int take_desc(struct kvmstats *s, const char *raw, struct kvmstats_item *it,
		     char *name, uint64_t *nr_values)
{
	struct kvm_stats_desc d;
	const char *raw_name = raw + sizeof(d);
	uint64_t end;

	memcpy(&d, raw, sizeof(d));
	end = (uint64_t)d.offset + (uint64_t)d.size * sizeof(uint64_t);
	if (d.size == 0 || end > KVMSTATS_MAX_DATA)
		return -EBADMSG;
	if (!memchr(raw_name, '\0', s->name_size) || raw_name[0] == '\0')
		return -EBADMSG;
	/* Overlapping extents could multiply the values kept: cap the sum. */
	*nr_values += d.size;
	if (*nr_values > KVMSTATS_MAX_DATA / sizeof(uint64_t))
		return -EBADMSG;
	memcpy(name, raw_name, s->name_size);
	it->name = name;
	it->flags = d.flags;
	it->exponent = d.exponent;
	it->size = d.size;
	it->offset = d.offset;
	it->bucket_size = d.bucket_size;
	if (end > s->data_size)
		s->data_size = (uint32_t)end;
	return 0;
}

static int read_descs(struct kvmstats *s, const struct kvm_stats_header *h)
{
	size_t dsize = sizeof(struct kvm_stats_desc) + h->name_size;
	uint64_t total = (uint64_t)dsize * h->num_desc;	/* < 2^32 by the caps */
	uint32_t n = h->num_desc ? h->num_desc : 1;
	char *raw;
	uint32_t i;
	int ret;

	if (total > KVMSTATS_MAX_DATA)
		return -EBADMSG;
	s->items = calloc(n, sizeof(*s->items));
	s->names = calloc(n, h->name_size);
	raw = malloc(total ? (size_t)total : 1);
	ret = (!s->items || !s->names || !raw) ? -ENOMEM : 0;
	if (!ret)
		ret = read_extent(s->fd, raw, total, h->desc_offset);
	for (i = 0; !ret && i < h->num_desc; i++)
		ret = take_desc(s, raw + i * dsize, &s->items[i],
				s->names + (size_t)i * h->name_size, &s->nr_values);
	free(raw);
	if (!ret)
		s->nr_items = h->num_desc;
	return ret;
}

/* Gives each item its slice of the aligned values array. */
static int alloc_values(struct kvmstats *s)
{
	uint64_t next = 0;
	uint32_t i;

	s->raw = malloc(s->data_size ? s->data_size : 1);
	s->values = calloc(s->nr_values ? s->nr_values : 1, sizeof(uint64_t));
	if (!s->raw || !s->values)
		return -ENOMEM;
	for (i = 0; i < s->nr_items; i++) {
		s->items[i].values = s->values + next;
		next += s->items[i].size;
	}
	return 0;
}

int kvmstats_refresh(struct kvmstats *s)
{
	uint64_t next = 0;
	uint32_t i;
	int ret;

	ret = read_extent(s->fd, s->raw, s->data_size, s->data_offset);
	if (ret)
		return ret;
	/* File offsets need not be 8-aligned: copy into the aligned array,
	 * in the same order alloc_values() handed out the slices. */
	for (i = 0; i < s->nr_items; i++) {
		const struct kvmstats_item *it = &s->items[i];

		memcpy(s->values + next, s->raw + it->offset,
		       (size_t)it->size * sizeof(uint64_t));
		next += it->size;
	}
	return 0;
}

static int open_stats(struct kvmstats *s)
{
	struct kvm_stats_header h;
	int ret;

	ret = read_extent(s->fd, &h, sizeof(h), 0);
	if (!ret)
		ret = check_header(&h);
	if (ret)
		return ret;
	s->name_size = h.name_size;
	s->data_offset = h.data_offset;
	ret = read_id(s, &h);
	if (!ret)
		ret = read_descs(s, &h);
	if (ret)
		return ret;
	ret = alloc_values(s);
	return ret ? ret : kvmstats_refresh(s);
}

int kvmstats_open(int fd, struct kvmstats **out)
{
	struct kvmstats *s = calloc(1, sizeof(*s));
	int ret;

	*out = NULL;
	if (!s)
		return -ENOMEM;
	s->fd = fd;
	ret = open_stats(s);
	if (ret) {
		kvmstats_free(s);
		return ret;
	}
	*out = s;
	return 0;
}

void kvmstats_free(struct kvmstats *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->items);
	free(s->names);
	free(s->raw);
	free(s->values);
	free(s);
}

const struct kvmstats_item *kvmstats_find(const struct kvmstats *s, const char *name)
{
	uint32_t i;

	for (i = 0; i < s->nr_items; i++) {
		if (!strcmp(s->items[i].name, name))
			return &s->items[i];
	}
	return NULL;
}

int kvmstats_value(const struct kvmstats *s, const char *name, uint64_t *value)
{
	const struct kvmstats_item *it = kvmstats_find(s, name);

	if (!it)
		return -ENOENT;
	memcpy(value, it->values, sizeof(*value));
	return 0;
}

const char *kvmstats_type_name(uint32_t flags)
{
	static const char *const names[] = {
		[KVM_STATS_TYPE_CUMULATIVE] = "cumulative",
		[KVM_STATS_TYPE_INSTANT] = "instant",
		[KVM_STATS_TYPE_PEAK] = "peak",
		[KVM_STATS_TYPE_LINEAR_HIST] = "linear-hist",
		[KVM_STATS_TYPE_LOG_HIST] = "log-hist",
	};
	uint32_t t = (flags & KVM_STATS_TYPE_MASK) >> KVM_STATS_TYPE_SHIFT;

	return t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}

const char *kvmstats_unit_name(uint32_t flags)
{
	static const char *const names[] = { "-", "bytes", "seconds", "cycles", "boolean" };
	uint32_t u = (flags & KVM_STATS_UNIT_MASK) >> KVM_STATS_UNIT_SHIFT;

	return u < sizeof(names) / sizeof(names[0]) ? names[u] : "?";
}

/* "-", "bytes", "seconds x10^-9", "bytes x2^10", ... */
static void format_unit(char *buf, size_t size, const struct kvmstats_item *it)
{
	unsigned int base = (it->flags & KVM_STATS_BASE_MASK) == KVM_STATS_BASE_POW2 ? 2 : 10;

	if (it->exponent == 0)
		snprintf(buf, size, "%s", kvmstats_unit_name(it->flags));
	else
		snprintf(buf, size, "%s x%u^%d", kvmstats_unit_name(it->flags), base,
			 it->exponent);
}

/* Histograms print their first buckets; the rest is elided. */
static void print_values(const struct kvmstats_item *it, FILE *f)
{
	const unsigned int shown = 8;
	unsigned int i;

	if (it->size == 1) {
		fprintf(f, "%20llu", (unsigned long long)it->values[0]);
		return;
	}
	fputc('[', f);
	for (i = 0; i < it->size && i < shown; i++)
		fprintf(f, "%s%llu", i ? " " : "", (unsigned long long)it->values[i]);
	fprintf(f, "%s]", it->size > shown ? " ..." : "");
}

void kvmstats_print(const struct kvmstats *s, FILE *f)
{
	int width = 4;
	uint32_t i;

	for (i = 0; i < s->nr_items; i++) {
		int n = (int)strlen(s->items[i].name);

		width = n > width ? n : width;
	}
	fprintf(f, "%s\n", s->id);
	fprintf(f, "  %-*s %20s  %-11s %s\n", width, "name", "value", "type", "unit");
	for (i = 0; i < s->nr_items; i++) {
		const struct kvmstats_item *it = &s->items[i];
		char unit[48];

		format_unit(unit, sizeof(unit), it);
		fprintf(f, "  %-*s ", width, it->name);
		print_values(it, f);
		fprintf(f, "  %-11s %s\n", kvmstats_type_name(it->flags), unit);
	}
}
