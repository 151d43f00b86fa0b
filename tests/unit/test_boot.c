// SPDX-License-Identifier: GPL-2.0
/* Boot structures written into a plain buffer: GDT, TSS, page tables, layout. */
#include <stdlib.h>
#include <hvt/boot.h>
#include <hvtvmm/longmode.h>
#include <hvtvmm/vmm.h>
#include "check.h"

/* The tables live below the image base whatever the RAM size. */
#define BUF_SIZE HVT_IMAGE_BASE
#define MIB (1ull << 20)

static uint8_t *buf;

static uint64_t u64_at(uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, buf + gpa, sizeof(v));
	return v;
}

static void gdt_holds_the_usual_descriptors(void)
{
	struct vmm_err err;

	CHECK(vmm_longmode_write_tables(buf, 64 * MIB, &err) == 0);
	CHECK_U64(u64_at(HVT_GDT_GPA), 0);
	CHECK_U64(u64_at(HVT_GDT_GPA + HVT_SEL_CODE), 0x00af9b000000ffffull);
	CHECK_U64(u64_at(HVT_GDT_GPA + HVT_SEL_DATA), 0x00cf93000000ffffull);
	CHECK_U64(u64_at(HVT_GDT_GPA + HVT_SEL_TSS), 0x00008b0030000067ull);
	CHECK_U64(u64_at(HVT_GDT_GPA + HVT_SEL_TSS + 8), 0);
	CHECK_U64(buf[HVT_TSS_GPA + 0x66], 0x68);	/* no I/O bitmap */
}

static void identity_map_with_2mib_pages(void)
{
	const uint64_t pml4 = HVT_PAGE_TABLE_GPA, pdpt = pml4 + 0x1000, pd = pdpt + 0x1000;
	struct vmm_err err;

	memset(buf, 0xff, BUF_SIZE);
	CHECK(vmm_longmode_write_tables(buf, 3 * 1024 * MIB + 4 * MIB, &err) == 0);
	CHECK_U64(u64_at(pml4), pdpt | 3);
	CHECK_U64(u64_at(pml4 + 8), 0);
	for (int i = 0; i < 4; i++)
		CHECK_U64(u64_at(pdpt + 8 * i), (pd + 0x1000 * i) | 3);
	CHECK_U64(u64_at(pdpt + 8 * 4), 0);
	CHECK_U64(u64_at(pd), 0x83);				/* GPA 0 */
	CHECK_U64(u64_at(pd + 8), 0x200000 | 0x83);
	CHECK_U64(u64_at(pd + 8 * 512), (1ull << 30) | 0x83);	/* second PD */
	CHECK_U64(u64_at(pd + 8 * 1537), (3ull << 30) + 2 * MIB + 0x83);	/* last page */
	CHECK_U64(u64_at(pd + 8 * 1538), 0);			/* past the end of RAM */
}

static void bad_ram_sizes(void)
{
	struct vmm_err err;

	CHECK(vmm_longmode_write_tables(buf, 0, &err) == -1);
	CHECK(vmm_longmode_write_tables(buf, 64 * MIB + 4096, &err) == -1);
	CHECK_CONTAINS(err.msg, "multiple of 2 MiB");
	CHECK(vmm_longmode_write_tables(buf, HVT_MAX_MEM + 2 * MIB, &err) == -1);
}

static void layout_puts_stacks_on_top(void)
{
	struct vmm_elf_image img = { .entry = HVT_IMAGE_BASE, .start = HVT_IMAGE_BASE,
				     .end = HVT_IMAGE_BASE + 0x5123, .nr_segments = 1 };
	struct hvt_boot_params bp = { 0 };
	struct vmm_err err;

	CHECK(vmm_boot_layout(64 * MIB, 2, &img, &bp, &err) == 0);
	CHECK_U64(bp.magic, HVT_BOOT_MAGIC);
	CHECK_U64(bp.version, HVT_BOOT_VERSION);
	CHECK_U64(bp.mem_size, 64 * MIB);
	CHECK_U64(bp.free_start, 2 * MIB);
	CHECK_U64(bp.free_end, 64 * MIB - 2 * HVT_STACK_SIZE);
	CHECK_U64(bp.nr_vcpus, 2);
	CHECK_U64(vmm_stack_top(64 * MIB, 0), 64 * MIB);
	CHECK_U64(vmm_stack_top(64 * MIB, 1), 64 * MIB - HVT_STACK_SIZE);
}

static void layout_that_does_not_fit(void)
{
	struct vmm_elf_image img = { .end = 4 * MIB - 0x1000 };
	struct hvt_boot_params bp;
	struct vmm_err err;

	CHECK(vmm_boot_layout(4 * MIB, 1, &img, &bp, &err) == -1);
	CHECK_CONTAINS(err.msg, "do not fit in 4 MiB");
	img.end = HVT_IMAGE_BASE + 1;
	CHECK(vmm_boot_layout(4 * MIB, 64, &img, &bp, &err) == -1);
}

int main(void)
{
	buf = calloc(1, BUF_SIZE);
	if (!buf)
		return 1;
	RUN_TEST(gdt_holds_the_usual_descriptors);
	RUN_TEST(identity_map_with_2mib_pages);
	RUN_TEST(bad_ram_sizes);
	RUN_TEST(layout_puts_stacks_on_top);
	RUN_TEST(layout_that_does_not_fit);
	free(buf);
	return check_report();
}
