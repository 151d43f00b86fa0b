/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM's MMIO test device and its READONLY memory slot, as guests see
 * them. Shared by workloads/ (guest side) and bench/lib/testdev.c (VMM).
 *
 * The device is one 4 KiB page of 64-bit registers at HVT_TESTDEV_GPA,
 * emulated by the VMM on KVM_EXIT_MMIO. It is there whenever guest RAM
 * ends below it (RAM up to 3328 MiB). An access of 1, 2, 4 or 8 bytes must
 * be naturally aligned, so it falls inside one register: it reads or writes
 * that register's bytes at its offset (little-endian), e.g. a 2-byte read at
 * SCRATCH + 2 returns bits 16..31 of SCRATCH. Anything else — a misaligned
 * access, an offset with no register, a write to a read-only register —
 * ends the run as an error: the device is strict so that a hypervisor that
 * reports a wrong address, size or direction is caught.
 *
 * The READONLY slot (`hvt-bench run --readonly-slot GPA:SIZE_KIB`) is
 * memory the VMM fills with hvt_ro_pattern() and registers with
 * KVM_MEM_READONLY: reads are plain memory reads, each write exits to the
 * VMM as KVM_EXIT_MMIO (is_write = 1) and is recorded in the RO_* registers,
 * never stored. Guests find the slot through RO_SLOT_GPA and RO_SLOT_SIZE.
 */
#ifndef HVT_TESTDEV_H
#define HVT_TESTDEV_H

#include <stdint.h>

#define HVT_TESTDEV_GPA   0xd0000000ull
#define HVT_TESTDEV_SIZE  0x1000u
#define HVT_TESTDEV_MAGIC 0x3156454454545648ull	/* "HVTTDEV1" */

/* Register offsets; RO = writes are an error. */
enum hvt_testdev_reg {
	HVT_TESTDEV_MAGIC_REG = 0x00,	/* RO: HVT_TESTDEV_MAGIC */
	HVT_TESTDEV_SCRATCH = 0x08,	/* RW: what was last written (bytes merged); 0 at start */
	HVT_TESTDEV_ACCESSES = 0x10,	/* RO: device accesses so far, not counting this read */
	HVT_TESTDEV_LAST_WRITE = 0x18,	/* RO: (offset << 8) | len of the last device write */
	HVT_TESTDEV_RO_SLOT_GPA = 0x20,	/* RO: GPA of the READONLY slot, 0 if none */
	HVT_TESTDEV_RO_SLOT_SIZE = 0x28, /* RO: its size in bytes, 0 if none */
	HVT_TESTDEV_RO_WRITES = 0x30,	/* RO: writes to the READONLY slot seen so far */
	HVT_TESTDEV_RO_LAST_GPA = 0x38,	/* RO: GPA of the last of them */
	HVT_TESTDEV_RO_LAST_DATA = 0x40, /* RO: its data, zero-extended */
	HVT_TESTDEV_RO_LAST_LEN = 0x48,	/* RO: its length in bytes */
	HVT_TESTDEV_NR_REGS = 10,
};

/* The READONLY slot's content: the u64 at GPA gpa (8-byte aligned). */
static inline uint64_t hvt_ro_pattern(uint64_t gpa)
{
	return (gpa * 0x9e3779b97f4a7c15ull) ^ 0x524f2d534c4f5421ull;	/* "RO-SLOT!" */
}

#endif
