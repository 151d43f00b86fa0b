// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "test_image.h"

Elf64_Ehdr *test_image_ehdr(uint8_t *buf)
{
	return (Elf64_Ehdr *)buf;
}

Elf64_Phdr *test_image_phdr(uint8_t *buf, unsigned int i)
{
	return (Elf64_Phdr *)(buf + sizeof(Elf64_Ehdr)) + i;
}

static void build_header(uint8_t *buf)
{
	Elf64_Ehdr *eh = test_image_ehdr(buf);

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEST_IMAGE_TEXT_GPA;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 2;
}

static void build_segment(uint8_t *buf, unsigned int i, uint32_t flags, uint64_t off,
			  uint64_t gpa, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr *ph = test_image_phdr(buf, i);

	ph->p_type = PT_LOAD;
	ph->p_flags = flags;
	ph->p_offset = off;
	ph->p_vaddr = ph->p_paddr = gpa;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = 0x1000;
}

size_t test_image_build(uint8_t *buf, const void *code, size_t code_len,
			const void *data, size_t data_len, uint64_t bss_len)
{
	if (code_len > TEST_IMAGE_MAX_CODE || data_len > TEST_IMAGE_MAX_DATA)
		return 0;
	memset(buf, 0, TEST_IMAGE_SIZE);
	build_header(buf);
	build_segment(buf, 0, PF_R | PF_X, TEST_IMAGE_TEXT_OFF, TEST_IMAGE_TEXT_GPA,
		      code_len, code_len);
	build_segment(buf, 1, PF_R | PF_W, TEST_IMAGE_DATA_OFF, TEST_IMAGE_DATA_GPA,
		      data_len, data_len + bss_len);
	memcpy(buf + TEST_IMAGE_TEXT_OFF, code, code_len);
	memcpy(buf + TEST_IMAGE_DATA_OFF, data, data_len);
	return TEST_IMAGE_SIZE;
}
