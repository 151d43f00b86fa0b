/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The file `hvt-trace record` writes and `hvt-trace report` reads:
 *
 *	"HVTTRACE" u32 version u32 0			16-byte file header
 *	block*						each: struct rec_block + payload
 *
 * Blocks: META (key=value lines: hypervisor, kernel, clock), one FORMAT per
 * event (system name, NUL, the tracefs format file: what libtraceevent needs
 * to decode the records anywhere), EVENT (struct rec_ev_hdr + the raw
 * tracepoint record), and END (struct rec_end) last. Every block carries the
 * CRC-32 of its payload, so damage is found at the block it hit; a file
 * without END was cut short. Little-endian, as the machines it runs on.
 */
#ifndef HVT_TRACE_RECFILE_H
#define HVT_TRACE_RECFILE_H

#include <stdint.h>
#include <stdio.h>

#define RECFILE_MAGIC "HVTTRACE"
#define RECFILE_VERSION 1
#define RECFILE_MAX_BLOCK (1u << 20)

enum rec_block_type {
	BLK_META = 1,
	BLK_FORMAT = 2,
	BLK_EVENT = 3,
	BLK_END = 4,
};

struct rec_block {
	uint32_t type;
	uint32_t len;		/* payload bytes */
	uint32_t crc;		/* crc32 of the payload */
	uint32_t reserved;
};

struct rec_ev_hdr {
	uint64_t ts_ns;		/* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	uint16_t cpu;
	uint16_t size;		/* bytes of record that follow */
	uint32_t reserved;
};

struct rec_end {
	uint64_t events;	/* EVENT blocks written */
	uint64_t dropped;	/* events the ring buffer had no room for */
	double tsc_per_ns;	/* TSC ticks per ns over the recording; 0: unknown */
};

struct recfile_writer {
	FILE *f;
	const char *path;
	uint64_t events;
	int failed;		/* a write failed: reported once */
};

int recfile_create(struct recfile_writer *w, const char *path);
int recfile_write(struct recfile_writer *w, uint32_t type, const void *a, uint32_t alen,
		  const void *b, uint32_t blen);
int recfile_close(struct recfile_writer *w);

struct recfile_reader {
	FILE *f;
	uint64_t off;		/* where the next block starts */
	uint64_t size;		/* of the file */
	uint64_t nblock;
	uint8_t *buf;		/* payload of the last block, NUL after it */
	char err[256];		/* why the last recfile_next failed */
};

int recfile_open(struct recfile_reader *r, const char *path);
/* 1: a block (payload in r->buf), 0: end of file, -1: damage (r->err says what). */
int recfile_next(struct recfile_reader *r, struct rec_block *b);
void recfile_close_reader(struct recfile_reader *r);

#endif
