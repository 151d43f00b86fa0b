// SPDX-License-Identifier: GPL-2.0
/* The ELF loader on images built in memory, loaded into a plain buffer. */
#include <stdlib.h>
#include <hvt/boot.h>
#include <hvtvmm/elf.h>
#include "check.h"
#include "test_image.h"

#define MEM_SIZE (4ull << 20)
#define FILL 0xaa

static uint8_t image[TEST_IMAGE_SIZE] __attribute__((aligned(8)));
static size_t image_size;
static uint8_t *mem;

static const uint8_t code[] = { 0x90, 0x90, 0xf4 };	/* nop; nop; hlt */
static const char data[] = "DATA";

static void fresh_image(void)
{
	image_size = test_image_build(image, code, sizeof(code), data, sizeof(data), 0x100);
	memset(mem, FILL, MEM_SIZE);
}

static int ram_untouched(void)
{
	for (size_t i = 0; i < MEM_SIZE; i++)
		if (mem[i] != FILL)
			return 0;
	return 1;
}

/* The load must fail with a message holding the file name and `problem`. */
static void expect_rejected(const char *problem)
{
	struct vmm_elf_image img;
	struct vmm_err err = { "" };

	CHECK(vmm_elf_load("test.elf", image, image_size, mem, MEM_SIZE, &img, &err) == -1);
	CHECK_CONTAINS(err.msg, "test.elf: ");
	CHECK_CONTAINS(err.msg, problem);
	CHECK(ram_untouched());
}

static void valid_image_loads(void)
{
	struct vmm_elf_image img;
	struct vmm_err err = { "" };

	fresh_image();
	CHECK(vmm_elf_load("test.elf", image, image_size, mem, MEM_SIZE, &img, &err) == 0);
	CHECK_STR(err.msg, "");
	CHECK_U64(img.entry, TEST_IMAGE_TEXT_GPA);
	CHECK_U64(img.start, TEST_IMAGE_TEXT_GPA);
	CHECK_U64(img.end, TEST_IMAGE_DATA_GPA + sizeof(data) + 0x100);
	CHECK_U64(img.nr_segments, 2);
	CHECK(!memcmp(mem + TEST_IMAGE_TEXT_GPA, code, sizeof(code)));
	CHECK(!memcmp(mem + TEST_IMAGE_DATA_GPA, data, sizeof(data)));
	/* bss zeroed, the byte after it untouched */
	for (size_t i = 0; i < 0x100; i++)
		CHECK(mem[TEST_IMAGE_DATA_GPA + sizeof(data) + i] == 0);
	CHECK(mem[img.end] == FILL);
	CHECK(mem[TEST_IMAGE_TEXT_GPA - 1] == FILL);
}

static void truncated_file(void)
{
	fresh_image();
	image_size = 40;	/* the magic is there, the header is not */
	expect_rejected("truncated");
	image_size = 0;
	expect_rejected("truncated");
}

static void wrong_magic(void)
{
	fresh_image();
	image[1] = 'X';
	expect_rejected("not an ELF file (bad magic)");
}

static void wrong_class_and_encoding(void)
{
	fresh_image();
	image[EI_CLASS] = ELFCLASS32;
	expect_rejected("not a 64-bit ELF file");
	fresh_image();
	image[EI_DATA] = ELFDATA2MSB;
	expect_rejected("not a little-endian");
}

static void wrong_machine(void)
{
	fresh_image();
	test_image_ehdr(image)->e_machine = EM_AARCH64;
	expect_rejected("wrong machine 183, want x86-64");
}

static void not_an_executable(void)
{
	fresh_image();
	test_image_ehdr(image)->e_type = ET_DYN;
	expect_rejected("not a static executable");
}

static void phdr_table_outside_file(void)
{
	fresh_image();
	test_image_ehdr(image)->e_phoff = image_size - sizeof(Elf64_Phdr);
	expect_rejected("program header table");
	fresh_image();
	test_image_ehdr(image)->e_phoff = UINT64_MAX - 8;	/* offset + size wraps */
	expect_rejected("lies outside the file");
	fresh_image();
	test_image_ehdr(image)->e_phnum = 0;
	expect_rejected("0 program headers");
	fresh_image();
	test_image_ehdr(image)->e_phentsize = 32;
	expect_rejected("program header entries of 32 bytes");
}

static void segment_outside_ram(void)
{
	fresh_image();
	test_image_phdr(image, 1)->p_paddr = MEM_SIZE - 2;
	test_image_phdr(image, 1)->p_vaddr = MEM_SIZE - 2;
	expect_rejected("segment 1: 0x3ffffe+0x105 lies outside guest RAM (4 MiB)");
	fresh_image();
	test_image_phdr(image, 1)->p_memsz = UINT64_MAX;	/* paddr + memsz wraps */
	expect_rejected("lies outside guest RAM");
}

static void segment_below_image_base(void)
{
	fresh_image();
	test_image_phdr(image, 0)->p_paddr = 0x7000;	/* onto the boot params */
	test_image_phdr(image, 0)->p_vaddr = 0x7000;
	expect_rejected("segment 0: loads at 0x7000, below the image base 0x100000");
}

static void segment_outside_file(void)
{
	fresh_image();
	test_image_phdr(image, 0)->p_filesz = TEST_IMAGE_SIZE;
	test_image_phdr(image, 0)->p_memsz = TEST_IMAGE_SIZE;
	expect_rejected("segment 0: bytes 0x1000+0x3000 lie outside the file");
	fresh_image();
	test_image_phdr(image, 0)->p_offset = UINT64_MAX;
	expect_rejected("lie outside the file");
}

static void filesz_above_memsz(void)
{
	fresh_image();
	test_image_phdr(image, 1)->p_filesz = 0x200;
	test_image_phdr(image, 1)->p_memsz = 0x100;
	expect_rejected("segment 1: file size 0x200 exceeds memory size 0x100");
}

static void not_identity_mapped(void)
{
	fresh_image();
	test_image_phdr(image, 0)->p_vaddr = 0xffffffff80000000ull;
	expect_rejected("differs from physical");
}

static void entry_outside_segments(void)
{
	fresh_image();
	test_image_ehdr(image)->e_entry = 0x300000;
	expect_rejected("entry point 0x300000 is outside every loaded segment");
}

static void overlapping_segments(void)
{
	fresh_image();
	test_image_phdr(image, 1)->p_paddr = TEST_IMAGE_TEXT_GPA + 1;
	test_image_phdr(image, 1)->p_vaddr = TEST_IMAGE_TEXT_GPA + 1;
	expect_rejected("segments 0 and 1 overlap");
}

static void dynamic_and_empty(void)
{
	fresh_image();
	test_image_phdr(image, 1)->p_type = PT_INTERP;
	expect_rejected("dynamically linked");
	fresh_image();
	test_image_phdr(image, 0)->p_type = PT_NOTE;
	test_image_phdr(image, 1)->p_type = PT_NOTE;
	expect_rejected("no loadable segments");
}

static void check_alone_writes_nothing(void)
{
	struct vmm_elf_image img;
	struct vmm_err err;

	fresh_image();
	CHECK(vmm_elf_check("test.elf", image, image_size, MEM_SIZE, &img, &err) == 0);
	CHECK_U64(img.end, TEST_IMAGE_DATA_GPA + sizeof(data) + 0x100);
	/* a segment that fits 4 MiB does not fit 1 MiB */
	CHECK(vmm_elf_check("test.elf", image, image_size, 1 << 20, &img, &err) == -1);
	CHECK_CONTAINS(err.msg, "outside guest RAM");
	CHECK(ram_untouched());
}

static void reading_files(void)
{
	struct vmm_err err = { "" };
	void *buf = NULL;
	size_t size = 0;

	CHECK(vmm_elf_read_file("/nonexistent/image.elf", 1 << 20, &buf, &size, &err) == -1);
	CHECK_STR(err.msg, "cannot open image /nonexistent/image.elf: No such file or directory");
	CHECK(vmm_elf_read_file("/", 1 << 20, &buf, &size, &err) == -1);
	CHECK_CONTAINS(err.msg, "image / is not a regular file");
	CHECK(vmm_elf_read_file("/proc/self/exe", 16, &buf, &size, &err) == -1);
	CHECK_CONTAINS(err.msg, "is too large");
	CHECK(vmm_elf_read_file("/proc/self/exe", 1u << 30, &buf, &size, &err) == 0);
	CHECK(size > 4 && !memcmp(buf, ELFMAG, SELFMAG));
	free(buf);
}

int main(void)
{
	mem = malloc(MEM_SIZE);
	if (!mem)
		return 1;
	RUN_TEST(valid_image_loads);
	RUN_TEST(truncated_file);
	RUN_TEST(wrong_magic);
	RUN_TEST(wrong_class_and_encoding);
	RUN_TEST(wrong_machine);
	RUN_TEST(not_an_executable);
	RUN_TEST(phdr_table_outside_file);
	RUN_TEST(segment_outside_ram);
	RUN_TEST(segment_below_image_base);
	RUN_TEST(segment_outside_file);
	RUN_TEST(filesz_above_memsz);
	RUN_TEST(not_identity_mapped);
	RUN_TEST(entry_outside_segments);
	RUN_TEST(overlapping_segments);
	RUN_TEST(dynamic_and_empty);
	RUN_TEST(check_alone_writes_nothing);
	RUN_TEST(reading_files);
	free(mem);
	return check_report();
}
