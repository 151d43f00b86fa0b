// SPDX-License-Identifier: GPL-2.0
/* Decoding the instructions intercepts stop at (x86_insn.h). */
#include "core/x86_insn.h"

#define INSN_MAX HVT_INSN_MAX_BYTES

static bool is_legacy_prefix(u8 b)
{
	switch (b) {
	case 0x66: case 0x67:			/* operand, address size */
	case 0xf0: case 0xf2: case 0xf3:	/* lock, repne, rep */
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
		return true;
	default:
		return false;
	}
}

/* One-byte and 0F xx opcodes this decoder knows, without ModRM operands. */
static bool simple_op(u32 op)
{
	switch (op) {
	case HVT_OP_HLT: case HVT_OP_INVD: case HVT_OP_WBINVD: case HVT_OP_WRMSR:
	case HVT_OP_RDTSC: case HVT_OP_RDMSR: case HVT_OP_RDPMC: case HVT_OP_CPUID:
		return true;
	default:
		return false;
	}
}

/* 0F 01 with a register-form ModRM: the SVM instructions and their neighbours. */
static bool group7_op(u32 op)
{
	switch (op) {
	case HVT_OP_MONITOR: case HVT_OP_MWAIT: case HVT_OP_XSETBV:
	case HVT_OP_VMRUN: case HVT_OP_VMMCALL: case HVT_OP_VMLOAD: case HVT_OP_VMSAVE:
	case HVT_OP_STGI: case HVT_OP_CLGI: case HVT_OP_SKINIT: case HVT_OP_INVLPGA:
	case HVT_OP_RDTSCP:
		return true;
	default:
		return false;
	}
}

int hvt_decode_insn(const u8 *b, unsigned int n, enum hvt_cpu_mode mode, struct hvt_insn *out)
{
	unsigned int pos = 0, limit = n < INSN_MAX ? n : INSN_MAX;
	u8 rex = 0, modrm;
	bool lock = false;
	u32 op;

	/* Prefixes; a REX counts only right before the opcode. */
	for (;;) {
		if (pos >= limit)
			return -EINVAL;
		if (is_legacy_prefix(b[pos])) {
			lock |= b[pos] == 0xf0;
			rex = 0;
			pos++;
		} else if (mode == HVT_MODE_LONG64 && (b[pos] & 0xf0) == 0x40) {
			rex = b[pos++];
		} else {
			break;
		}
	}
	op = b[pos++];
	if (op == 0x0f) {
		if (pos >= limit)
			return -EINVAL;
		op = 0x0f00 | b[pos++];
	}
	if (simple_op(op))
		goto done;
	if (op == 0x0f01) {
		if (pos >= limit)
			return -EINVAL;
		op = 0x0f0100 | b[pos++];
		if (!group7_op(op))
			return -EINVAL;
		goto done;
	}
	if (op < HVT_OP_MOV_FROM_CR || op > HVT_OP_MOV_TO_DR)
		return -EINVAL;
	/* MOV CR/DR: ModRM always names two registers; mod is ignored, no displacement. */
	if (pos >= limit)
		return -EINVAL;
	modrm = b[pos++];
	out->reg = ((modrm >> 3) & 7) | ((rex & 4) ? 8 : 0);
	out->rm = (modrm & 7) | ((rex & 1) ? 8 : 0);
done:
	out->len = pos;
	out->op = op;
	out->lock = lock;
	return 0;
}
