// SPDX-License-Identifier: GPL-2.0
/* Decoding untrusted ucall blocks from a plain buffer standing in for RAM. */
#include <stdlib.h>
#include <hvtvmm/ucall.h>
#include "check.h"

#define MEM_SIZE (1ull << 20)
#define BLOCK_GPA 0x8000ull
#define SAMPLES_GPA 0x9000ull

static uint8_t *mem;

static struct hvt_ucall *block(void)
{
	return (struct hvt_ucall *)(mem + BLOCK_GPA);
}

static void fresh_block(uint32_t cmd, const char *str)
{
	memset(mem, 0, MEM_SIZE);
	block()->magic = HVT_UCALL_MAGIC;
	block()->cmd = cmd;
	snprintf(block()->str, sizeof(block()->str), "%s", str);
}

static void expect_rejected(uint64_t gpa, const char *problem)
{
	struct vmm_ucall uc;
	struct vmm_err err = { "" };

	CHECK(vmm_ucall_decode(mem, MEM_SIZE, gpa, &uc, &err) == -1);
	CHECK_CONTAINS(err.msg, problem);
}

static void print_decodes(void)
{
	struct vmm_ucall uc;
	struct vmm_err err;

	fresh_block(HVT_UCALL_PRINT, "hello, world");
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
	CHECK_U64(uc.cmd, HVT_UCALL_PRINT);
	CHECK_STR(uc.str, "hello, world");
	CHECK_U64(uc.gpa, BLOCK_GPA);
}

static void value_and_fail_keep_args(void)
{
	struct vmm_ucall uc;
	struct vmm_err err;

	fresh_block(HVT_UCALL_FAIL, "guest.c:12: oops");
	block()->args[0] = 2;
	block()->args[1] = UINT64_MAX;
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
	CHECK_U64(uc.args[0], 2);
	CHECK_U64(uc.args[1], UINT64_MAX);
	CHECK_STR(vmm_ucall_cmd_name(uc.cmd), "FAIL");
}

static void control_characters_are_replaced(void)
{
	struct vmm_ucall uc;
	struct vmm_err err;

	fresh_block(HVT_UCALL_PRINT, "a\033[2Jb\r\n\x7f\xc3\xa9");
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
	CHECK_STR(uc.str, "a?[2Jb?????");
}

static void bad_magic(void)
{
	fresh_block(HVT_UCALL_DONE, "");
	block()->magic = 0x12345678;
	expect_rejected(BLOCK_GPA, "bad magic 0x12345678, want 0x55545648");
}

static void bad_command(void)
{
	fresh_block(0, "");
	expect_rejected(BLOCK_GPA, "unknown command 0");
	fresh_block(HVT_UCALL_MAX, "");
	expect_rejected(BLOCK_GPA, "unknown command 6");
	fresh_block(0xffffffffu, "");
	expect_rejected(BLOCK_GPA, "unknown command 4294967295");
}

static void unterminated_string(void)
{
	fresh_block(HVT_UCALL_PRINT, "");
	memset(block()->str, 'x', sizeof(block()->str));
	expect_rejected(BLOCK_GPA, "string not NUL-terminated within 216 bytes");
}

static void block_outside_ram(void)
{
	fresh_block(HVT_UCALL_DONE, "");
	expect_rejected(MEM_SIZE - 100, "ucall block at GPA 0xfff9c lies outside guest RAM");
	expect_rejected(MEM_SIZE, "lies outside guest RAM");
	expect_rejected(UINT64_MAX - 10, "lies outside guest RAM");
}

static void fresh_samples(uint64_t gpa, uint64_t count)
{
	fresh_block(HVT_UCALL_SAMPLES, "ticks");
	block()->args[0] = gpa;
	block()->args[1] = count;
}

static void samples_decode_and_copy(void)
{
	uint64_t want[3] = { 7, 8, UINT64_MAX }, *copy = NULL;
	struct vmm_ucall uc;
	struct vmm_err err;

	fresh_samples(SAMPLES_GPA, 3);
	memcpy(mem + SAMPLES_GPA, want, sizeof(want));
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
	CHECK_U64(uc.samples_gpa, SAMPLES_GPA);
	CHECK_U64(uc.nr_samples, 3);
	CHECK(vmm_ucall_copy_samples(mem, MEM_SIZE, &uc, &copy, &err) == 0);
	CHECK(copy && !memcmp(copy, want, sizeof(want)));
	free(copy);
	/* zero samples, and samples ending exactly at the end of RAM, are fine */
	fresh_samples(SAMPLES_GPA, 0);
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
	fresh_samples(MEM_SIZE - 16, 2);
	CHECK(vmm_ucall_decode(mem, MEM_SIZE, BLOCK_GPA, &uc, &err) == 0);
}

static void samples_outside_ram(void)
{
	fresh_samples(MEM_SIZE - 16, 3);
	expect_rejected(BLOCK_GPA, "ucall SAMPLES \"ticks\": 3 samples at GPA 0xffff0 lie outside guest RAM");
	fresh_samples(MEM_SIZE + 8, 0);
	expect_rejected(BLOCK_GPA, "lie outside guest RAM");
}

static void samples_count_overflow(void)
{
	/* count * 8 wraps to 8: must not pass as "8 bytes" */
	fresh_samples(SAMPLES_GPA, (1ull << 61) + 1);
	expect_rejected(BLOCK_GPA, "lie outside guest RAM");
	fresh_samples(SAMPLES_GPA, UINT64_MAX);
	expect_rejected(BLOCK_GPA, "lie outside guest RAM");
	/* gpa + size wraps */
	fresh_samples(UINT64_MAX - 7, 2);
	expect_rejected(BLOCK_GPA, "lie outside guest RAM");
}

int main(void)
{
	mem = malloc(MEM_SIZE);
	if (!mem)
		return 1;
	RUN_TEST(print_decodes);
	RUN_TEST(value_and_fail_keep_args);
	RUN_TEST(control_characters_are_replaced);
	RUN_TEST(bad_magic);
	RUN_TEST(bad_command);
	RUN_TEST(unterminated_string);
	RUN_TEST(block_outside_ram);
	RUN_TEST(samples_decode_and_copy);
	RUN_TEST(samples_outside_ram);
	RUN_TEST(samples_count_overflow);
	free(mem);
	return check_report();
}
