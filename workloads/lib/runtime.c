// SPDX-License-Identifier: GPL-2.0
#include "alloc.h"
#include "idt.h"
#include "runtime.h"
#include "ucall.h"

static struct hvt_boot_params *boot_params;

struct hvt_boot_params *guest_boot_params(void)
{
	return boot_params;
}

static void check_boot_params(const struct hvt_boot_params *bp)
{
	GUEST_ASSERT_EQ(bp->magic, HVT_BOOT_MAGIC);
	GUEST_ASSERT_EQ(bp->version, HVT_BOOT_VERSION);
	GUEST_ASSERT_MSG(bp->free_start <= bp->free_end &&
			 bp->free_end <= bp->mem_size,
			 "free 0x%llx-0x%llx, mem 0x%llx",
			 (unsigned long long)bp->free_start,
			 (unsigned long long)bp->free_end,
			 (unsigned long long)bp->mem_size);
}

void guest_runtime_start(struct hvt_boot_params *bp, unsigned int vcpu)
{
	/* The IDT first, so even a bad boot-params pointer reports a fault. */
	if (guest_runtime_install_idt)
		idt_install();
	check_boot_params(bp);
	boot_params = bp;	/* every vCPU stores the same value */
	alloc_init(bp);
	guest_main(bp, vcpu);
	guest_done();
}
