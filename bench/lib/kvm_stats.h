/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader of a KVM binary statistics fd (KVM_GET_STATS_FD), for KVM's and
 * hvt's alike. Self-contained: no other part of bench/lib is needed.
 *
 * The file is treated as untrusted: every size and offset in the header and
 * descriptors is checked against hard caps and against what can actually be
 * read, names must be NUL-terminated inside name_size, and nothing is
 * assumed about the order of the blocks beyond what the header says.
 *
 * Usage: kvmstats_open() once (reads header, id and descriptors, then the
 * values), kvmstats_refresh() for new values, kvmstats_free() at the end.
 * Functions return 0 or a negative errno: -EBADMSG for a malformed file,
 * -ENOMEM, or the errno of a failed pread.
 */
#ifndef HVT_BENCH_KVM_STATS_H
#define HVT_BENCH_KVM_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Sanity caps: far above KVM's and hvt's real sizes, far below harm. */
#define KVMSTATS_MAX_NAME_SIZE	4096
#define KVMSTATS_MAX_DESC	65536
#define KVMSTATS_MAX_DATA	(16u << 20)

struct kvmstats_item {
	const char *name;	/* NUL-terminated, points into the reader */
	uint32_t flags;		/* KVM_STATS_TYPE_* | _UNIT_* | _BASE_* */
	int16_t exponent;
	uint16_t size;		/* number of u64 values, >= 1 */
	uint32_t offset;	/* into the data block, as the file says */
	uint32_t bucket_size;	/* linear histograms only */
	const uint64_t *values;	/* size values, valid until the next refresh */
};

struct kvmstats {
	int fd;
	char *id;		/* NUL-terminated */
	uint32_t nr_items;
	struct kvmstats_item *items;
	/* private */
	uint32_t name_size;
	uint32_t data_offset;
	uint32_t data_size;	/* bytes of the data block the descriptors span */
	uint64_t nr_values;	/* sum of the items' sizes */
	char *raw;		/* the data block as read */
	uint64_t *values;	/* the items' values, aligned */
	char *names;
};

/* fd stays owned by the caller; the reader keeps using it for refreshes. */
int kvmstats_open(int fd, struct kvmstats **out);
int kvmstats_refresh(struct kvmstats *s);
void kvmstats_free(struct kvmstats *s);

/* The item called name, or NULL. */
const struct kvmstats_item *kvmstats_find(const struct kvmstats *s, const char *name);
/* The first value of name into *value: 0, or -ENOENT. */
int kvmstats_value(const struct kvmstats *s, const char *name, uint64_t *value);

/* "cumulative", "instant", "peak", "linear-hist", "log-hist" or "?". */
const char *kvmstats_type_name(uint32_t flags);
/* "-", "bytes", "seconds", "cycles", "boolean" or "?". */
const char *kvmstats_unit_name(uint32_t flags);

/* A table: id line, then name, value, type, unit (with its scale). */
void kvmstats_print(const struct kvmstats *s, FILE *f);

#endif
