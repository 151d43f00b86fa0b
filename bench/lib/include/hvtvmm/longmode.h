/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The 64-bit entry state of <hvt/boot.h>: GDT, TSS and identity-mapped
 * page tables in guest RAM, and the vCPU registers that use them.
 */
#ifndef HVTVMM_LONGMODE_H
#define HVTVMM_LONGMODE_H

#include <stdint.h>
#include <hvtvmm/err.h>
#include <hvtvmm/vm.h>

#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_PG (1ull << 31)
#define X86_CR4_PAE (1ull << 5)
#define X86_CR4_OSFXSR (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_EFER_SCE (1ull << 0)
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)

#define VMM_PAGE_PRESENT (1ull << 0)
#define VMM_PAGE_WRITE (1ull << 1)
#define VMM_PAGE_LARGE (1ull << 7)
#define VMM_LARGE_PAGE_SIZE (2ull << 20)

/*
 * Writes the GDT, the TSS and page tables identity-mapping [0, mem_size)
 * with 2 MiB pages into the plain buffer mem (guest RAM seen from the host).
 * mem_size must be a multiple of 2 MiB, at most HVT_MAX_MEM.
 */
int vmm_longmode_write_tables(uint8_t *mem, uint64_t mem_size, struct vmm_err *err);

/* Puts the vCPU in 64-bit mode at entry with the boot.h register contract. */
int vmm_longmode_enter(struct vmm_vcpu *vcpu, uint64_t entry, uint64_t stack_top,
		       uint64_t boot_params_gpa, struct vmm_err *err);

#endif
