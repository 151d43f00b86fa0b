/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code and the fixed guest-memory layout the generated code assumes.
 * Code is generated from a seed, so an op stores only (mode, seed) and a
 * replay writes the same bytes.
 */
#ifndef FZ_GUEST_H
#define FZ_GUEST_H

#include <stddef.h>
#include <stdint.h>

enum fz_mode { FZ_MODE_REAL, FZ_MODE_PROT32, FZ_MODE_LONG64, FZ_NR_MODES };

/* Guest-physical layout of fz_guest_layout_write()'s 2 MiB at GPA 0. */
#define FZ_GUEST_MEM	  0x200000ull
#define FZ_GDT_GPA	  0x1000ull
#define FZ_PML4_GPA	  0x2000ull	/* then PDPT, PD for 0-1 GiB, PD for 3-4 GiB */
#define FZ_IDT_GPA	  0x6000ull
#define FZ_HANDLER_GPA	  0x7000ull
#define FZ_STACK_TOP	  0xf000ull
#define FZ_CODE_GPA	  0x10000ull
#define FZ_CODE_MAX	  0x10000ull
#define FZ_DATA_GPA	  0x20000ull

/* GDT selectors of the layout. */
#define FZ_SEL_CODE32 0x08
#define FZ_SEL_DATA	  0x10
#define FZ_SEL_CODE64 0x18
#define FZ_SEL_CODE16 0x20
#define FZ_SEL_TSS	  0x28

/* The I/O port the exception handlers report on, and the guest's "done" port. */
#define FZ_PORT_EXCEPTION 0x81

/* Tables, IVT/IDT, handlers for @mode into mem (FZ_GUEST_MEM bytes); idt: install one. */
void fz_guest_layout_write(uint8_t *mem, enum fz_mode mode, int idt);

/* Options that take classes of instructions out (fuzzer --avoid). */
#define FZ_GEN_NO_DEBUG_TRAPS (1u << 0)	/* no TF, DR7, ICEBP, AC: item (b) */
#define FZ_GEN_NO_TCG_SAFETY  (1u << 1)	/* let WRMSR set EFER.LME anywhere */

/*
 * Up to cap bytes of random instructions for @mode; returns the length.
 * Outside long mode, WRMSR to EFER never sets LME (unless FZ_GEN_NO_TCG_SAFETY): with paging and PAE off
 * that state kills QEMU's #VMEXIT (the host keeps the guest's CR0), which
 * would end the testbed, not find a bug (docs/fuzzing.md).
 */
size_t fz_guest_code(uint64_t seed, enum fz_mode mode, unsigned int flags, uint8_t *buf,
		     size_t cap);

#endif
