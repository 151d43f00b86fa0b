// SPDX-License-Identifier: GPL-2.0
/*
 * hv/core/x86_insn.c: the decoder of intercepted instructions. Each case is
 * machine code as GNU as emits it (objdump of `cpuid`, `rex.w wrmsr`,
 * `mov %r12,%cr4`, ...) with the length, opcode and registers the decoder
 * must find; then what it must refuse, and every truncation.
 */
#include "core/x86_insn.h"
#include "expect.h"

struct good {
	const char *what;
	enum hvt_cpu_mode mode;
	u8 bytes[15];
	unsigned int n;
	u8 len;
	u32 op;
	u8 reg, rm;
};

static const struct good goods[] = {
	{ "cpuid", HVT_MODE_LONG64, { 0x0f, 0xa2 }, 2, 2, HVT_OP_CPUID, 0, 0 },
	{ "data16 cpuid", HVT_MODE_LONG64, { 0x66, 0x0f, 0xa2 }, 3, 3, HVT_OP_CPUID, 0, 0 },
	{ "rex.W cpuid", HVT_MODE_LONG64, { 0x48, 0x0f, 0xa2 }, 3, 3, HVT_OP_CPUID, 0, 0 },
	{ "repz cs rex.W cpuid", HVT_MODE_LONG64, { 0xf3, 0x2e, 0x48, 0x0f, 0xa2 }, 5, 5,
	  HVT_OP_CPUID, 0, 0 },
	{ "cpuid in real mode", HVT_MODE_REAL, { 0x0f, 0xa2 }, 2, 2, HVT_OP_CPUID, 0, 0 },
	{ "rdmsr", HVT_MODE_LONG64, { 0x0f, 0x32 }, 2, 2, HVT_OP_RDMSR, 0, 0 },
	{ "rex.W wrmsr", HVT_MODE_LONG64, { 0x48, 0x0f, 0x30 }, 3, 3, HVT_OP_WRMSR, 0, 0 },
	{ "rdpmc", HVT_MODE_PROT32, { 0x0f, 0x33 }, 2, 2, HVT_OP_RDPMC, 0, 0 },
	{ "hlt", HVT_MODE_LONG64, { 0xf4 }, 1, 1, HVT_OP_HLT, 0, 0 },
	{ "wbinvd", HVT_MODE_LONG64, { 0x0f, 0x09 }, 2, 2, HVT_OP_WBINVD, 0, 0 },
	{ "invd", HVT_MODE_LONG64, { 0x0f, 0x08 }, 2, 2, HVT_OP_INVD, 0, 0 },
	{ "mov %rax,%db0", HVT_MODE_LONG64, { 0x0f, 0x23, 0xc0 }, 3, 3, HVT_OP_MOV_TO_DR, 0, 0 },
	{ "mov %db7,%r9", HVT_MODE_LONG64, { 0x41, 0x0f, 0x21, 0xf9 }, 4, 4, HVT_OP_MOV_FROM_DR,
	  7, 9 },
	{ "mov %r12,%cr4", HVT_MODE_LONG64, { 0x41, 0x0f, 0x22, 0xe4 }, 4, 4, HVT_OP_MOV_TO_CR,
	  4, 12 },
	{ "mov %cr8,%rcx", HVT_MODE_LONG64, { 0x44, 0x0f, 0x20, 0xc1 }, 4, 4, HVT_OP_MOV_FROM_CR,
	  8, 1 },
	/* The mod bits of MOV CR/DR are ignored: 00 is still a register, no displacement. */
	{ "mov %eax,%db3 (mod 00)", HVT_MODE_PROT32, { 0x0f, 0x23, 0x18 }, 3, 3,
	  HVT_OP_MOV_TO_DR, 3, 0 },
	{ "mov %eax,%db3", HVT_MODE_PROT32, { 0x0f, 0x23, 0xd8 }, 3, 3, HVT_OP_MOV_TO_DR, 3, 0 },
	{ "vmrun", HVT_MODE_LONG64, { 0x0f, 0x01, 0xd8 }, 3, 3, HVT_OP_VMRUN, 0, 0 },
	{ "addr32 vmrun", HVT_MODE_LONG64, { 0x67, 0x0f, 0x01, 0xd8 }, 4, 4, HVT_OP_VMRUN, 0, 0 },
	{ "vmmcall", HVT_MODE_LONG64, { 0x0f, 0x01, 0xd9 }, 3, 3, HVT_OP_VMMCALL, 0, 0 },
	{ "vmload", HVT_MODE_LONG64, { 0x0f, 0x01, 0xda }, 3, 3, HVT_OP_VMLOAD, 0, 0 },
	{ "vmsave", HVT_MODE_LONG64, { 0x0f, 0x01, 0xdb }, 3, 3, HVT_OP_VMSAVE, 0, 0 },
	{ "stgi", HVT_MODE_LONG64, { 0x0f, 0x01, 0xdc }, 3, 3, HVT_OP_STGI, 0, 0 },
	{ "clgi", HVT_MODE_LONG64, { 0x0f, 0x01, 0xdd }, 3, 3, HVT_OP_CLGI, 0, 0 },
	{ "invlpga", HVT_MODE_LONG64, { 0x0f, 0x01, 0xdf }, 3, 3, HVT_OP_INVLPGA, 0, 0 },
	{ "rdtscp", HVT_MODE_LONG64, { 0x0f, 0x01, 0xf9 }, 3, 3, HVT_OP_RDTSCP, 0, 0 },
	{ "xsetbv", HVT_MODE_LONG64, { 0x0f, 0x01, 0xd1 }, 3, 3, HVT_OP_XSETBV, 0, 0 },
	{ "monitor", HVT_MODE_LONG64, { 0x0f, 0x01, 0xc8 }, 3, 3, HVT_OP_MONITOR, 0, 0 },
	{ "mwait", HVT_MODE_LONG64, { 0x0f, 0x01, 0xc9 }, 3, 3, HVT_OP_MWAIT, 0, 0 },
	/* A REX before a legacy prefix is no REX: 48 66 0F 22 E0 is mov %rax,%cr4. */
	{ "rex.W data16 mov %rax,%cr4", HVT_MODE_LONG64, { 0x48, 0x66, 0x0f, 0x22, 0xe0 }, 5, 5,
	  HVT_OP_MOV_TO_CR, 4, 0 },
	/* 14 prefixes and a one-byte opcode: 15 bytes, the architectural maximum. */
	{ "14 prefixes + hlt", HVT_MODE_LONG64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0xf4 }, 15, 15, HVT_OP_HLT, 0, 0 },
};

struct bad {
	const char *what;
	enum hvt_cpu_mode mode;
	u8 bytes[15];
	unsigned int n;
};

static const struct bad bads[] = {
	{ "nop", HVT_MODE_LONG64, { 0x90 }, 1 },
	{ "ud2", HVT_MODE_LONG64, { 0x0f, 0x0b }, 2 },
	{ "lgdt (group 7 memory form)", HVT_MODE_LONG64, { 0x0f, 0x01, 0x10 }, 3 },
	{ "0f 01 d2 (unknown)", HVT_MODE_LONG64, { 0x0f, 0x01, 0xd2 }, 3 },
	/* 0x48 is DEC EAX outside 64-bit mode, not a prefix. */
	{ "dec eax; cpuid in 32-bit mode", HVT_MODE_PROT32, { 0x48, 0x0f, 0xa2 }, 3 },
	{ "15 prefixes, no room for the opcode", HVT_MODE_LONG64,
	  { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	    0x66 }, 15 },
	{ "nothing readable", HVT_MODE_LONG64, { 0x0f, 0xa2 }, 0 },
};

static void check_good(const struct good *g)
{
	struct hvt_insn in;
	unsigned int k;

	memset(&in, 0xaa, sizeof(in));
	if (hvt_decode_insn(g->bytes, g->n, g->mode, &in)) {
		EXPECT_FAIL("%s: refused", g->what);
		return;
	}
	if (in.len != g->len || in.op != g->op)
		EXPECT_FAIL("%s: len %u op %#x, want len %u op %#x", g->what, in.len, in.op,
			    g->len, g->op);
	if ((g->op >= HVT_OP_MOV_FROM_CR && g->op <= HVT_OP_MOV_TO_DR) &&
	    (in.reg != g->reg || in.rm != g->rm))
		EXPECT_FAIL("%s: reg %u rm %u, want %u %u", g->what, in.reg, in.rm, g->reg, g->rm);
	/* Every truncation must be refused, never read past n. */
	for (k = 0; k < g->len; k++)
		if (!hvt_decode_insn(g->bytes, k, g->mode, &in))
			EXPECT_FAIL("%s: accepted with %u of %u bytes", g->what, k, g->len);
	/* Bytes after the instruction do not change it. */
	{
		u8 more[30];

		memset(more, 0x90, sizeof(more));
		memcpy(more, g->bytes, g->len);
		if (hvt_decode_insn(more, sizeof(more), g->mode, &in) || in.len != g->len)
			EXPECT_FAIL("%s: trailing bytes changed the length", g->what);
	}
}

int main(void)
{
	struct hvt_insn in;
	size_t i;

	for (i = 0; i < HVT_ARRAY_SIZE(goods); i++)
		check_good(&goods[i]);
	for (i = 0; i < HVT_ARRAY_SIZE(bads); i++)
		if (!hvt_decode_insn(bads[i].bytes, bads[i].n, bads[i].mode, &in))
			EXPECT_FAIL("%s: accepted (len %u op %#x)", bads[i].what, in.len, in.op);
	/* LOCK is reported (AMD's alternative encoding of CR8 accesses). */
	{
		static const u8 lock_cr0[] = { 0xf0, 0x0f, 0x22, 0xc0 };

		EXPECT_INT(hvt_decode_insn(lock_cr0, 4, HVT_MODE_PROT32, &in), 0);
		EXPECT(in.lock);
		EXPECT_INT(in.len, 4);
	}
	return expect_report("x86_insn");
}
