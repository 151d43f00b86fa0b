// SPDX-License-Identifier: GPL-2.0
/*
 * hv/core/x86_decode.c: the MMIO MOV decoder. Each case is real machine
 * code (as an assembler emits it) with the length, direction, size,
 * register and immediate the decoder must find; then the forms it must
 * refuse, and every truncation of a valid instruction.
 */
#include <stdio.h>
#include <string.h>

#include "core/x86_decode.h"
#include "expect.h"

struct good {
	const char *what;
	u8 bytes[15];
	unsigned int n;
	struct hvt_mmio_insn want;
};

#define W(l, s, wr, r) { .len = l, .size = s, .write = wr, .reg = r, .dst_size = s }

static const struct good goods[] = {
	{ "mov %al,(%rdi)", { 0x88, 0x07 }, 2, W(2, 1, true, 0) },
	{ "mov %ah,(%rdi)", { 0x88, 0x27 }, 2,
	  { .len = 2, .size = 1, .write = true, .reg = 0, .high_byte = true, .dst_size = 1 } },
	{ "mov %sil,(%rdi)", { 0x40, 0x88, 0x37 }, 3, W(3, 1, true, 6) },
	{ "mov %cx,(%rdi)", { 0x66, 0x89, 0x0f }, 3, W(3, 2, true, 1) },
	{ "mov %edx,(%rdi)", { 0x89, 0x17 }, 2, W(2, 4, true, 2) },
	{ "mov %r9,(%r12)", { 0x4d, 0x89, 0x0c, 0x24 }, 4, W(4, 8, true, 9) },
	{ "mov 0x10(%rax),%rbx", { 0x48, 0x8b, 0x58, 0x10 }, 4, W(4, 8, false, 3) },
	{ "mov 0x1006(%rsi),%r10w", { 0x66, 0x44, 0x8b, 0x96, 0x06, 0x10, 0x00, 0x00 }, 8,
	  W(8, 2, false, 10) },
	{ "mov (%rdi,%rcx,8),%eax", { 0x8b, 0x04, 0xcf }, 3, W(3, 4, false, 0) },
	{ "mov 0x0(%rip),%eax", { 0x8b, 0x05, 0, 0, 0, 0 }, 6, W(6, 4, false, 0) },
	{ "mov %fs:(%rax),%ecx", { 0x64, 0x8b, 0x08 }, 3, W(3, 4, false, 1) },
	{ "movzbl (%rdi),%eax", { 0x0f, 0xb6, 0x07 }, 3,
	  { .len = 3, .size = 1, .zero_extend = true, .reg = 0, .dst_size = 4 } },
	{ "movzwq (%rdi),%r8", { 0x4c, 0x0f, 0xb7, 0x07 }, 4,
	  { .len = 4, .size = 2, .zero_extend = true, .reg = 8, .dst_size = 8 } },
	{ "movb $0xc6,(%rdi)", { 0xc6, 0x07, 0xc6 }, 3,
	  { .len = 3, .size = 1, .write = true, .has_imm = true, .imm = 0xc6, .dst_size = 1 } },
	{ "movw $0xc7c7,2(%rdi)", { 0x66, 0xc7, 0x47, 0x02, 0xc7, 0xc7 }, 6,
	  { .len = 6, .size = 2, .write = true, .has_imm = true, .imm = 0xc7c7, .dst_size = 2 } },
	{ "movl $0x89abcdef,4(%rdi)", { 0xc7, 0x47, 0x04, 0xef, 0xcd, 0xab, 0x89 }, 7,
	  { .len = 7, .size = 4, .write = true, .has_imm = true, .imm = 0x89abcdef,
	    .dst_size = 4 } },
	{ "movq $-2,(%rdi)", { 0x48, 0xc7, 0x07, 0xfe, 0xff, 0xff, 0xff }, 7,
	  { .len = 7, .size = 8, .write = true, .has_imm = true, .imm = ~1ull, .dst_size = 8 } },
};

static void check_good(const struct good *g)
{
	struct hvt_mmio_insn got;
	u8 buf[15];
	unsigned int cut;

	/* Followed by other bytes, as in memory: the length must stop at the insn. */
	memset(buf, 0x90, sizeof(buf));
	memcpy(buf, g->bytes, g->n);
	if (hvt_decode_mmio_insn(buf, sizeof(buf), &got)) {
		EXPECT_FAIL("%s: refused", g->what);
		return;
	}
	EXPECT_INT(got.len, g->want.len);
	EXPECT_INT(got.size, g->want.size);
	EXPECT_INT(got.write, g->want.write);
	EXPECT_INT(got.has_imm, g->want.has_imm);
	EXPECT_INT(got.zero_extend, g->want.zero_extend);
	EXPECT_INT(got.high_byte, g->want.high_byte);
	EXPECT_INT(got.dst_size, g->want.dst_size);
	if (!g->want.has_imm)
		EXPECT_INT(got.reg, g->want.reg);
	EXPECT(got.imm == g->want.imm);
	/* Every truncation is refused: the decoder never reads past n bytes. */
	for (cut = 0; cut < g->n; cut++)
		if (!hvt_decode_mmio_insn(g->bytes, cut, &got))
			EXPECT_FAIL("%s: accepted with only %u of %u bytes", g->what, cut, g->n);
}

static void check_refused(void)
{
	static const struct { const char *what; u8 b[15]; unsigned int n; } bad[] = {
		{ "add %eax,(%rdi)", { 0x01, 0x07 }, 2 },
		{ "mov %eax,%ebx (register, not memory)", { 0x89, 0xc3 }, 2 },
		{ "movs (string)", { 0xa5 }, 1 },
		{ "c7 /1 (undefined)", { 0xc7, 0x0f, 0, 0, 0, 0 }, 6 },
		{ "0f 05 (syscall)", { 0x0f, 0x05 }, 2 },
		{ "15 prefixes", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
				   0x66, 0x66, 0x66, 0x66, 0x66 }, 15 },
		{ "empty", { 0 }, 0 },
	};
	struct hvt_mmio_insn got;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!hvt_decode_mmio_insn(bad[i].b, bad[i].n, &got))
			EXPECT_FAIL("%s: accepted", bad[i].what);
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
		check_good(&goods[i]);
	check_refused();
	return expect_report("test_x86_decode");
}
