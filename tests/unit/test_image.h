/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Builds small guest ELF images in memory, for the loader tests and for
 * mk-test-elf. Layout: ELF header, program headers right after it, a text
 * segment at file offset 0x1000 loaded at HVT_IMAGE_BASE, a data segment
 * at 0x2000 loaded at HVT_IMAGE_BASE + 0x1000 with bss after its data.
 */
#ifndef HVT_UNIT_TEST_IMAGE_H
#define HVT_UNIT_TEST_IMAGE_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

#define TEST_IMAGE_SIZE 0x3000
#define TEST_IMAGE_TEXT_OFF 0x1000
#define TEST_IMAGE_DATA_OFF 0x2000
#define TEST_IMAGE_TEXT_GPA 0x100000ull
#define TEST_IMAGE_DATA_GPA 0x101000ull
#define TEST_IMAGE_MAX_CODE 0x1000
#define TEST_IMAGE_MAX_DATA 0x1000

/* buf must hold TEST_IMAGE_SIZE bytes and be 8-byte aligned. Returns the size. */
size_t test_image_build(uint8_t *buf, const void *code, size_t code_len,
			const void *data, size_t data_len, uint64_t bss_len);

Elf64_Ehdr *test_image_ehdr(uint8_t *buf);
Elf64_Phdr *test_image_phdr(uint8_t *buf, unsigned int i);

#endif
