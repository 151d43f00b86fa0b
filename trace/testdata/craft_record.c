// SPDX-License-Identifier: GPL-2.0
/*
 * craft-record IN OUT KIND: a copy of an hvt-trace record file that ends
 * with one well-formed but lying block (its CRC is right), so the tests can
 * check that `hvt-trace report` refuses what a file claims instead of
 * reading past a record.
 *
 *   short-event  the first EVENT keeps only its record's 8-byte common
 *                header: its event's fields lie outside the record
 *   far-format   the first FORMAT puts its first "offset:0;" field at 70000
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "recfile.h"

static int put_block(FILE *out, uint32_t type, const uint8_t *payload, uint32_t len)
{
	struct rec_block b = { .type = type, .len = len };

	b.crc = crc32(crc32(0, Z_NULL, 0), payload, len);
	return fwrite(&b, sizeof(b), 1, out) != 1 || (len && fwrite(payload, len, 1, out) != 1);
}

/* The payload, changed as KIND says, in out (at most len + 8 bytes); its length, or -1. */
static long craft(const char *kind, const uint8_t *p, uint32_t len, uint8_t *out)
{
	if (!strcmp(kind, "short-event")) {
		struct rec_ev_hdr h;

		if (len < sizeof(h) + 8)
			return -1;
		memcpy(&h, p, sizeof(h));
		h.size = 8;
		memcpy(out, &h, sizeof(h));
		memcpy(out + sizeof(h), p + sizeof(h), 8);
		return sizeof(h) + 8;
	}
	const char *at = memmem(p, len, "offset:0;", 9);

	if (!at)
		return -1;
	size_t pre = (const uint8_t *)at - p;

	memcpy(out, p, pre);
	memcpy(out + pre, "offset:70000;", 13);
	memcpy(out + pre + 13, at + 9, len - pre - 9);
	return len + 4;
}

int main(int argc, char **argv)
{
	static uint8_t buf[RECFILE_MAX_BLOCK], crafted[RECFILE_MAX_BLOCK + 8], head[16];
	struct rec_block b;
	uint32_t want;
	FILE *in, *out;

	if (argc != 4 || (strcmp(argv[3], "short-event") && strcmp(argv[3], "far-format"))) {
		fprintf(stderr, "usage: craft-record IN OUT short-event|far-format\n");
		return 2;
	}
	want = !strcmp(argv[3], "short-event") ? BLK_EVENT : BLK_FORMAT;
	in = fopen(argv[1], "rb");
	out = fopen(argv[2], "wb");
	if (!in || !out || fread(head, sizeof(head), 1, in) != 1 ||
	    fwrite(head, sizeof(head), 1, out) != 1) {
		perror("craft-record");
		return 1;
	}
	while (fread(&b, sizeof(b), 1, in) == 1 && b.len <= sizeof(buf) &&
	       (!b.len || fread(buf, b.len, 1, in) == 1)) {
		long n;

		if (b.type != want) {
			if (put_block(out, b.type, buf, b.len))
				break;
			continue;
		}
		n = craft(argv[3], buf, b.len, crafted);
		if (n < 0 || put_block(out, b.type, crafted, n) || fclose(out)) {
			fprintf(stderr, "craft-record: cannot craft the %s block\n", argv[3]);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "craft-record: %s has no block to craft\n", argv[1]);
	return 1;
}
