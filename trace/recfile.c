// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: the record file (recfile.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include "recfile.h"
#include "util.h"

struct file_header {
	char magic[8];
	uint32_t version;
	uint32_t reserved;
};

int recfile_create(struct recfile_writer *w, const char *path)
{
	struct file_header h = { .version = RECFILE_VERSION };

	memset(w, 0, sizeof(*w));
	w->path = path;
	w->f = fopen(path, "wb");
	if (!w->f) {
		err_msg("cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	memcpy(h.magic, RECFILE_MAGIC, sizeof(h.magic));
	if (fwrite(&h, sizeof(h), 1, w->f) != 1) {
		err_msg("cannot write %s: %s", path, strerror(errno));
		fclose(w->f);
		return -1;
	}
	return 0;
}

/* One block whose payload is a then b (either may be empty), in one write. */
int recfile_write(struct recfile_writer *w, uint32_t type, const void *a, uint32_t alen,
		  const void *b, uint32_t blen)
{
	struct rec_block blk = { .type = type, .len = alen + blen };
	uLong crc = crc32(0, Z_NULL, 0);
	uint8_t small[512], *buf = small;
	size_t total = sizeof(blk) + alen + blen;

	if (total > sizeof(small) && !(buf = malloc(total))) {
		w->failed = 1;
		return -1;
	}
	/* crc32() of a NULL buffer restarts the CRC: skip empty parts. */
	if (alen)
		crc = crc32(crc, a, alen);
	if (blen)
		crc = crc32(crc, b, blen);
	blk.crc = crc;
	memcpy(buf, &blk, sizeof(blk));
	if (alen)
		memcpy(buf + sizeof(blk), a, alen);
	if (blen)
		memcpy(buf + sizeof(blk) + alen, b, blen);
	if (fwrite(buf, total, 1, w->f) != 1) {
		if (!w->failed)
			err_msg("cannot write %s: %s", w->path, strerror(errno));
		w->failed = 1;
	} else if (type == BLK_EVENT) {
		w->events++;
	}
	if (buf != small)
		free(buf);
	return w->failed ? -1 : 0;
}

int recfile_close(struct recfile_writer *w)
{
	int rc = fclose(w->f);

	if (rc && !w->failed)
		err_msg("cannot write %s: %s", w->path, strerror(errno));
	return rc || w->failed ? -1 : 0;
}

static int check_header(struct recfile_reader *r)
{
	struct file_header h;

	if (fread(&h, 1, sizeof(h), r->f) != sizeof(h)) {
		snprintf(r->err, sizeof(r->err), "truncated: %llu bytes, shorter than the file header",
			 (unsigned long long)r->size);
		return -1;
	}
	if (memcmp(h.magic, RECFILE_MAGIC, sizeof(h.magic))) {
		snprintf(r->err, sizeof(r->err), "not an hvt-trace record file (bad magic)");
		return -1;
	}
	if (h.version != RECFILE_VERSION) {
		snprintf(r->err, sizeof(r->err), "record file version %u; this hvt-trace reads %u",
			 h.version, RECFILE_VERSION);
		return -1;
	}
	r->off = sizeof(h);
	return 0;
}

int recfile_open(struct recfile_reader *r, const char *path)
{
	struct stat st;

	memset(r, 0, sizeof(*r));
	r->f = fopen(path, "rb");
	if (!r->f || fstat(fileno(r->f), &st)) {
		snprintf(r->err, sizeof(r->err), "cannot open: %s", strerror(errno));
		return -1;
	}
	r->size = st.st_size;
	r->buf = malloc(RECFILE_MAX_BLOCK + 1);	/* + a NUL after any payload */
	if (!r->buf) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	return check_header(r);
}

static int damaged(struct recfile_reader *r, const char *what)
{
	snprintf(r->err, sizeof(r->err), "block %llu at offset %llu: %s",
		 (unsigned long long)r->nblock, (unsigned long long)r->off, what);
	return -1;
}

static int damaged_val(struct recfile_reader *r, const char *what, unsigned long long val)
{
	snprintf(r->err, sizeof(r->err), "block %llu at offset %llu: %s %llu",
		 (unsigned long long)r->nblock, (unsigned long long)r->off, what, val);
	return -1;
}

int recfile_next(struct recfile_reader *r, struct rec_block *b)
{
	uint64_t left = r->size - r->off;

	if (left == 0)
		return 0;
	if (left < sizeof(*b)) {
		snprintf(r->err, sizeof(r->err),
			 "truncated: block %llu at offset %llu has %llu of its %zu header bytes",
			 (unsigned long long)r->nblock, (unsigned long long)r->off,
			 (unsigned long long)left, sizeof(*b));
		return -1;
	}
	if (fread(b, sizeof(*b), 1, r->f) != 1)
		return damaged(r, "read error");
	if (b->type < BLK_META || b->type > BLK_END)
		return damaged_val(r, "unknown block type", b->type);
	if (b->len > RECFILE_MAX_BLOCK)
		return damaged_val(r, "implausible block length", b->len);
	if (b->len > left - sizeof(*b)) {
		snprintf(r->err, sizeof(r->err),
			 "truncated: block %llu at offset %llu needs %u payload bytes, the file has %llu",
			 (unsigned long long)r->nblock, (unsigned long long)r->off, b->len,
			 (unsigned long long)(left - sizeof(*b)));
		return -1;
	}
	if (b->len && fread(r->buf, b->len, 1, r->f) != 1)
		return damaged(r, "read error");
	r->buf[b->len] = '\0';	/* text payloads are then strings */
	if ((uint32_t)crc32(crc32(0, Z_NULL, 0), r->buf, b->len) != b->crc)
		return damaged(r, "checksum mismatch (the file is corrupt)");
	r->off += sizeof(*b) + b->len;
	r->nblock++;
	return 1;
}

void recfile_close_reader(struct recfile_reader *r)
{
	if (r->f)
		fclose(r->f);
	free(r->buf);
	r->f = NULL;
	r->buf = NULL;
}
