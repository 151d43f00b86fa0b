/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hvt-conform (conform.c) and its guest programs (guests.S) share: the
 * guest's memory layout, its ports, and the result area's offsets.
 */
#ifndef HVT_CONFORM_H
#define HVT_CONFORM_H

#define GUEST_MEM_SIZE	0x10000		/* one memslot at GPA 0 */
#define GUEST_LOAD	0x1000		/* programs start here, real mode, CS = 0 */
#define STACK_TOP	0x7000
#define RESULTS_GPA	0x8000		/* struct conform_results */
#define PARAMS_GPA	0x9000		/* inputs the VMM writes */
#define MMIO_GPA	0x20000		/* no memslot: MMIO */

/* long_mode's tables (below GUEST_MEM_SIZE, page-aligned where it matters) */
#define LM_PML4		0xa000
#define LM_PDPT		0xb000
#define LM_PD		0xc000
#define LM_GDT		0xd000
#define LM_GDTR		0xd100
#define LM_IDTR		0xd110
#define LM_IDT		0xe000

#define PORT_DONE	0x10		/* OUT: the program is done (HLT follows) */
#define PORT_CHECK	0x11		/* OUT: a checkpoint, then it goes on */
#define PORT_DATA	0x12		/* IN: the VMM answers */

/* Offsets in the result area */
#define RES_VEC_COUNT	0x000		/* u16 [32]: exceptions seen per vector */
#define RES_LAST_VECTOR	0x040		/* u16 */
#define RES_SKIP	0x042		/* u16: bytes a handler steps over */
#define RES_FCW		0x044		/* u16: x87 control word */
#define RES_MXCSR	0x048		/* u32 */
#define RES_R		0x050		/* u64 [16]: what a program saw */
#define RES_XMM		0x100		/* 8 x 16 bytes */
#define RES_MSR		0x200		/* struct conform_msr_result [] */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct conform_results {
	uint16_t vec_count[32];
	uint16_t last_vector;
	uint16_t skip;
	uint16_t fcw;
	uint16_t pad;
	uint32_t mxcsr;
	uint32_t pad2;
	uint64_t r[16];
	uint8_t pad3[RES_XMM - RES_R - 16 * 8];
	uint8_t xmm[8][16];
};

/* One MSR operation of guest_msr_ops (the table ends with index 0). */
struct conform_msr_op {
	uint32_t index;
	uint32_t write;
	uint64_t value;
};

struct conform_msr_result {
	uint64_t value;		/* what RDMSR returned */
	uint32_t faulted;	/* 1: #GP */
	uint32_t pad;
};

_Static_assert(__builtin_offsetof(struct conform_results, last_vector) == RES_LAST_VECTOR, "");
_Static_assert(__builtin_offsetof(struct conform_results, skip) == RES_SKIP, "");
_Static_assert(__builtin_offsetof(struct conform_results, fcw) == RES_FCW, "");
_Static_assert(__builtin_offsetof(struct conform_results, mxcsr) == RES_MXCSR, "");
_Static_assert(__builtin_offsetof(struct conform_results, r) == RES_R, "");
_Static_assert(__builtin_offsetof(struct conform_results, xmm) == RES_XMM, "");
_Static_assert(sizeof(struct conform_msr_op) == 16, "");
_Static_assert(sizeof(struct conform_msr_result) == 16, "");
#endif

#endif
