/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How the VMM starts a freestanding guest (see bench/lib/vmm.c).
 *
 * Guest-physical layout, identity mapped with 2 MiB pages up to mem_size:
 *   0x1000  GDT (null, code64 0x08, data 0x10, TSS 0x18)
 *   0x3000  TSS
 *   0x7000  struct hvt_boot_params (RDI points here at entry)
 *   0x10000 page tables built by the VMM (PML4, PDPT, PDs)
 *   0x100000 the image (ELF PT_LOAD segments, linked there)
 *   ...      free memory from boot_params.free_start to free_end
 *   top      one HVT_STACK_SIZE stack per vCPU, vCPU 0 highest
 * At entry: 64-bit mode, CPL0, paging on, interrupts off, RDI = boot params
 * GPA, RSI = vCPU index, RSP = top of that vCPU's stack.
 */
#ifndef HVT_BOOT_H
#define HVT_BOOT_H

#include <stdint.h>

#define HVT_GDT_GPA         0x1000u
#define HVT_TSS_GPA         0x3000u
#define HVT_BOOT_PARAMS_GPA 0x7000u
#define HVT_PAGE_TABLE_GPA  0x10000u
#define HVT_IMAGE_BASE      0x100000u
#define HVT_STACK_SIZE      0x10000u
#define HVT_MAX_MEM         (4ull << 30)

#define HVT_SEL_CODE 0x08
#define HVT_SEL_DATA 0x10
#define HVT_SEL_TSS  0x18

#define HVT_BOOT_MAGIC   0x544f4f42u /* "BOOT" */
#define HVT_BOOT_VERSION 1u
#define HVT_BOOT_NARGS   8

struct hvt_boot_params {
	uint32_t magic;
	uint32_t version;
	uint64_t mem_size;    /* bytes of RAM at GPA 0 */
	uint64_t free_start;  /* first free byte after the image, 2 MiB aligned */
	uint64_t free_end;    /* first byte of the vCPU stacks */
	uint32_t nr_vcpus;
	uint32_t scenario;    /* workload-defined */
	uint64_t iterations;  /* measured iterations requested by the VMM */
	uint64_t warmup;      /* unmeasured iterations before them */
	uint64_t args[HVT_BOOT_NARGS]; /* workload-defined */
};

#endif
