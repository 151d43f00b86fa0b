/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A decoder for the memory-operand MOV forms a guest uses for MMIO:
 *   88/89 mov r/m, reg     8A/8B mov reg, r/m     C6/C7 /0 mov r/m, imm
 *   0F B6/B7 movzx reg, r/m8/16
 * with legacy prefixes (66, 67, segment overrides) and REX. The faulting
 * address comes from the CPU (EXITINFO2), so only the instruction's length,
 * direction, size, register and immediate are needed. Freestanding: it is
 * compiled into hvt.ko and into the unit tests.
 */
#ifndef HVT_CORE_X86_DECODE_H
#define HVT_CORE_X86_DECODE_H

#include "core/types.h"

#define HVT_INSN_MAX 15

struct hvt_mmio_insn {
	u8 len;		/* instruction length in bytes */
	u8 size;	/* access size: 1, 2, 4 or 8 */
	bool write;	/* store to memory */
	bool has_imm;	/* store of an immediate (C6/C7) */
	bool zero_extend; /* movzx: the register gets the zero-extended value */
	u8 reg;		/* register number 0-15 (load destination or store source) */
	bool high_byte;	/* AH/CH/DH/BH (8-bit operand, no REX, reg 4-7) */
	u8 dst_size;	/* load: register bytes written (4 zero-extends to 8) */
	u64 imm;	/* the immediate, sign-extended to size for C7 with REX.W */
};

/* Decode @bytes (@n available, 64-bit mode). 0 on success, -EINVAL if unsupported. */
int hvt_decode_mmio_insn(const u8 *bytes, unsigned int n, struct hvt_mmio_insn *out);

#endif
