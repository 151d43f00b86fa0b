// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/range.h>
#include <hvtvmm/ucall.h>

typedef unsigned long long ull;

const char *vmm_ucall_cmd_name(uint32_t cmd)
{
	static const char *const names[HVT_UCALL_MAX] = {
		[HVT_UCALL_PRINT] = "PRINT", [HVT_UCALL_DONE] = "DONE",
		[HVT_UCALL_FAIL] = "FAIL", [HVT_UCALL_VALUE] = "VALUE",
		[HVT_UCALL_SAMPLES] = "SAMPLES",
	};

	return cmd < HVT_UCALL_MAX && names[cmd] ? names[cmd] : "?";
}

/* Guest text goes to a terminal: no escape sequences or control bytes. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

static int decode_str(const struct hvt_ucall *block, struct vmm_ucall *uc,
		      struct vmm_err *err)
{
	if (!memchr(block->str, '\0', sizeof(block->str)))
		return vmm_errf(err, "ucall %s at GPA 0x%llx: string not NUL-terminated within %d bytes",
				vmm_ucall_cmd_name(uc->cmd), (ull)uc->gpa, HVT_UCALL_STR_LEN);
	memcpy(uc->str, block->str, sizeof(uc->str));
	sanitize(uc->str);
	return 0;
}

static int decode_samples(uint64_t mem_size, struct vmm_ucall *uc, struct vmm_err *err)
{
	uint64_t gpa = uc->args[0], count = uc->args[1];

	/* count * 8 must neither overflow nor leave RAM */
	if (count > UINT64_MAX / sizeof(uint64_t) ||
	    !vmm_range_ok(gpa, count * sizeof(uint64_t), mem_size))
		return vmm_errf(err, "ucall SAMPLES \"%s\": %llu samples at GPA 0x%llx lie outside guest RAM (%llu MiB)",
				uc->str, (ull)count, (ull)gpa, (ull)(mem_size >> 20));
	uc->samples_gpa = gpa;
	uc->nr_samples = count;
	return 0;
}

int vmm_ucall_decode(const uint8_t *mem, uint64_t mem_size, uint64_t gpa,
		     struct vmm_ucall *uc, struct vmm_err *err)
{
	struct hvt_ucall block;

	memset(uc, 0, sizeof(*uc));
	uc->gpa = gpa;
	if (!vmm_range_ok(gpa, sizeof(block), mem_size))
		return vmm_errf(err, "ucall block at GPA 0x%llx lies outside guest RAM (%llu MiB)",
				(ull)gpa, (ull)(mem_size >> 20));
	memcpy(&block, mem + gpa, sizeof(block));
	if (block.magic != HVT_UCALL_MAGIC)
		return vmm_errf(err, "ucall at GPA 0x%llx: bad magic 0x%08x, want 0x%08x",
				(ull)gpa, block.magic, HVT_UCALL_MAGIC);
	if (block.cmd == 0 || block.cmd >= HVT_UCALL_MAX)
		return vmm_errf(err, "ucall at GPA 0x%llx: unknown command %u",
				(ull)gpa, block.cmd);
	uc->cmd = block.cmd;
	memcpy(uc->args, block.args, sizeof(uc->args));
	if (decode_str(&block, uc, err))
		return -1;
	if (uc->cmd == HVT_UCALL_SAMPLES)
		return decode_samples(mem_size, uc, err);
	return 0;
}

int vmm_ucall_copy_samples(const uint8_t *mem, uint64_t mem_size,
			   const struct vmm_ucall *uc, uint64_t **samples,
			   struct vmm_err *err)
{
	uint64_t bytes = uc->nr_samples * sizeof(uint64_t);
	uint64_t *copy;

	if (uc->cmd != HVT_UCALL_SAMPLES || !vmm_range_ok(uc->samples_gpa, bytes, mem_size))
		return vmm_errf(err, "not a valid SAMPLES ucall");
	copy = malloc(bytes ? bytes : 1);
	if (!copy)
		return vmm_errf(err, "out of memory copying %llu samples \"%s\"",
				(ull)uc->nr_samples, uc->str);
	memcpy(copy, mem + uc->samples_gpa, bytes);
	*samples = copy;
	return 0;
}
