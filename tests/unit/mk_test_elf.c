// SPDX-License-Identifier: GPL-2.0
/*
 * mk-test-elf MODE FILE: writes a tiny guest image that needs no compiler
 * or guest runtime, for the CLI tests and for trying the VMM by hand in the
 * testbed. The code is a few hand-assembled instructions, each ucall a
 * "mov $block, %eax; out %eax, $0xe8" with its block in the data segment.
 *
 * MODE: done (PRINT, VALUE, SAMPLES, DONE), fail (PRINT, FAIL), hlt (HLT
 * without DONE), triple (ud2 with the VMM's empty IDT), badmagic (a block
 * with a wrong magic), port (an OUT to port 0x80).
 */
#include <stdio.h>
#include <string.h>
#include <hvt/ucall.h>
#include "test_image.h"

#define NR_BLOCKS 4
#define SAMPLES_OFF (NR_BLOCKS * sizeof(struct hvt_ucall))
#define MAX_CODE 64

struct image_builder {
	uint8_t code[MAX_CODE];
	size_t code_len;
	uint8_t data[SAMPLES_OFF + 4 * sizeof(uint64_t)];
	unsigned int nr_blocks;
};

static void emit(struct image_builder *b, const uint8_t *bytes, size_t n)
{
	memcpy(b->code + b->code_len, bytes, n);
	b->code_len += n;
}

static void emit_out_eax(struct image_builder *b, uint32_t eax, uint8_t port)
{
	uint8_t insn[7] = { 0xb8 };	/* mov $imm32, %eax */

	memcpy(insn + 1, &eax, 4);
	insn[5] = 0xe7;			/* out %eax, $imm8 */
	insn[6] = port;
	emit(b, insn, sizeof(insn));
}

static void emit_ucall(struct image_builder *b, uint32_t magic, uint32_t cmd,
		       const char *str, uint64_t a0, uint64_t a1)
{
	struct hvt_ucall uc = { .magic = magic, .cmd = cmd, .args = { a0, a1 } };
	size_t off = b->nr_blocks++ * sizeof(uc);

	snprintf(uc.str, sizeof(uc.str), "%s", str);
	memcpy(b->data + off, &uc, sizeof(uc));
	emit_out_eax(b, TEST_IMAGE_DATA_GPA + off, HVT_UCALL_PORT);
}

static int build_mode(struct image_builder *b, const char *mode)
{
	static const uint8_t hlt[] = { 0xf4 }, ud2[] = { 0x0f, 0x0b };
	const uint64_t samples[4] = { 30, 10, 40, 20 };

	if (strcmp(mode, "badmagic"))
		emit_ucall(b, HVT_UCALL_MAGIC, HVT_UCALL_PRINT, "test image: mode ok", 0, 0);
	if (!strcmp(mode, "done")) {
		memcpy(b->data + SAMPLES_OFF, samples, sizeof(samples));
		emit_ucall(b, HVT_UCALL_MAGIC, HVT_UCALL_VALUE, "answer", 42, 0);
		emit_ucall(b, HVT_UCALL_MAGIC, HVT_UCALL_SAMPLES, "ticks",
			   TEST_IMAGE_DATA_GPA + SAMPLES_OFF, 4);
		emit_ucall(b, HVT_UCALL_MAGIC, HVT_UCALL_DONE, "", 0, 0);
	} else if (!strcmp(mode, "fail")) {
		emit_ucall(b, HVT_UCALL_MAGIC, HVT_UCALL_FAIL, "mk_test_elf.c:1: failing on purpose", 2, 3);
	} else if (!strcmp(mode, "triple")) {
		emit(b, ud2, sizeof(ud2));
	} else if (!strcmp(mode, "badmagic")) {
		emit_ucall(b, 0xdeadbeef, HVT_UCALL_DONE, "", 0, 0);
	} else if (!strcmp(mode, "port")) {
		emit_out_eax(b, 0, 0x80);
	} else if (strcmp(mode, "hlt")) {
		return -1;
	}
	emit(b, hlt, sizeof(hlt));	/* every mode ends in a HLT if it gets there */
	return 0;
}

int main(int argc, char **argv)
{
	static uint8_t image[TEST_IMAGE_SIZE] __attribute__((aligned(8)));
	struct image_builder b = { 0 };
	size_t size;
	FILE *f;

	if (argc != 3 || build_mode(&b, argv[1])) {
		fprintf(stderr, "usage: mk-test-elf done|fail|hlt|triple|badmagic|port FILE\n");
		return 2;
	}
	size = test_image_build(image, b.code, b.code_len, b.data, sizeof(b.data), 0);
	f = fopen(argv[2], "wb");
	if (!f || fwrite(image, 1, size, f) != size || fclose(f)) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
