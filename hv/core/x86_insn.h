/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instructions an intercept stops at, decoded far enough to step over
 * them or emulate them: length, opcode, and the ModRM register operands of
 * MOV to/from CR and DR. Without NRIP save (the testbed's CPU, and AMD CPUs
 * before 2010) the #VMEXIT does not say how long the instruction was, and a
 * guest may put prefixes in front of any of these (66 0F A2 is a CPUID).
 * Freestanding: compiled into hvt.ko and into the unit tests.
 */
#ifndef HVT_CORE_X86_INSN_H
#define HVT_CORE_X86_INSN_H

#include "core/types.h"

#define HVT_INSN_MAX_BYTES 15	/* the architectural limit */

enum hvt_cpu_mode {
	HVT_MODE_REAL,		/* and virtual-8086: 16-bit defaults */
	HVT_MODE_PROT16,	/* protected mode, CS.D = 0 */
	HVT_MODE_PROT32,	/* protected mode or compatibility mode, CS.D = 1 */
	HVT_MODE_LONG64,	/* 64-bit mode: REX prefixes exist */
};

/* Opcodes, as 0x0F-escaped values: 0x0fa2 is CPUID, 0x0f01d8 is VMRUN. */
enum hvt_insn_op {
	HVT_OP_HLT = 0xf4,
	HVT_OP_INVD = 0x0f08,
	HVT_OP_WBINVD = 0x0f09,
	HVT_OP_MOV_FROM_CR = 0x0f20,
	HVT_OP_MOV_FROM_DR = 0x0f21,
	HVT_OP_MOV_TO_CR = 0x0f22,
	HVT_OP_MOV_TO_DR = 0x0f23,
	HVT_OP_WRMSR = 0x0f30,
	HVT_OP_RDTSC = 0x0f31,
	HVT_OP_RDMSR = 0x0f32,
	HVT_OP_RDPMC = 0x0f33,
	HVT_OP_CPUID = 0x0fa2,
	HVT_OP_MONITOR = 0x0f01c8,
	HVT_OP_MWAIT = 0x0f01c9,
	HVT_OP_XSETBV = 0x0f01d1,
	HVT_OP_VMRUN = 0x0f01d8,
	HVT_OP_VMMCALL = 0x0f01d9,
	HVT_OP_VMLOAD = 0x0f01da,
	HVT_OP_VMSAVE = 0x0f01db,
	HVT_OP_STGI = 0x0f01dc,
	HVT_OP_CLGI = 0x0f01dd,
	HVT_OP_SKINIT = 0x0f01de,
	HVT_OP_INVLPGA = 0x0f01df,
	HVT_OP_RDTSCP = 0x0f01f9,
};

struct hvt_insn {
	u8 len;			/* bytes, prefixes included */
	u32 op;			/* enum hvt_insn_op */
	u8 reg;			/* MOV CR/DR: the CR or DR number (ModRM.reg, REX.R) */
	u8 rm;			/* MOV CR/DR: the GPR number (ModRM.rm, REX.B) */
	bool lock;		/* F0: MOV CR8 on AMD (LOCK MOV CR0 = CR8) */
};

/*
 * Decode the instruction at @bytes (@n of them readable). 0 on success;
 * -EINVAL if it is not one of enum hvt_insn_op, is longer than 15 bytes, or
 * needs more than @n bytes.
 */
int hvt_decode_insn(const u8 *bytes, unsigned int n, enum hvt_cpu_mode mode,
		    struct hvt_insn *out);

#endif
