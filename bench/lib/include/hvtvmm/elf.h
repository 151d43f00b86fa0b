/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading an ELF64 x86-64 executable into guest RAM given as a plain buffer.
 * The file is untrusted: every offset and size is checked before use, and
 * each failure is one message "<name>: <problem>".
 */
#ifndef HVTVMM_ELF_H
#define HVTVMM_ELF_H

#include <stddef.h>
#include <stdint.h>
#include <hvtvmm/err.h>

struct vmm_elf_image {
	uint64_t entry;
	uint64_t start;		/* lowest GPA a segment loads at */
	uint64_t end;		/* first byte after the highest segment (bss included) */
	unsigned int nr_segments;	/* PT_LOAD segments with memory */
};

/* Validates file against a guest of mem_size bytes; writes nothing to RAM. */
int vmm_elf_check(const char *name, const void *file, size_t size,
		  uint64_t mem_size, struct vmm_elf_image *img, struct vmm_err *err);

/* Validates, then copies each PT_LOAD segment to mem and zeroes its bss. */
int vmm_elf_load(const char *name, const void *file, size_t size,
		 uint8_t *mem, uint64_t mem_size, struct vmm_elf_image *img,
		 struct vmm_err *err);

/* Reads a whole regular file (at most max_size bytes) into a malloc'd buffer. */
int vmm_elf_read_file(const char *path, size_t max_size, void **buf, size_t *size,
		      struct vmm_err *err);

#endif
