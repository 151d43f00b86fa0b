// SPDX-License-Identifier: GPL-2.0
/*
 * guest-exception: reads an address above RAM that the VMM's page tables
 * leave unmapped. The runtime's #PF handler must report it via FAIL with
 * cr2 = that address. The address is sent first as the value
 * "fault_address" so a test can compare it with the reported cr2.
 */
#include "guest.h"

#define SZ_2M (2ull << 20)
#define SZ_1G (1ull << 30)
#define SZ_512G (512ull << 30)

static uint64_t round_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

/*
 * Just above RAM is the interesting case; should the VMM map more than RAM
 * (whole 1 GiB directories), fall back to addresses further up.
 */
static uint64_t unmapped_above_ram(const struct hvt_boot_params *bp)
{
	const uint64_t candidates[] = {
		round_up(bp->mem_size, SZ_2M),
		round_up(bp->mem_size, SZ_1G),
		SZ_512G,	/* the second top-level entry */
	};

	for (unsigned int i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (!paging_is_mapped(candidates[i]))
			return candidates[i];
	GUEST_FAIL("no unmapped address found above RAM end 0x%llx",
		   (unsigned long long)bp->mem_size);
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	/* +0x40: a cr2 that is not page aligned proves it is the exact address */
	uint64_t addr = unmapped_above_ram(bp) + 0x40;

	guest_print("guest-exception: vcpu %u reading 0x%llx (RAM ends at 0x%llx)",
		    vcpu, (unsigned long long)addr,
		    (unsigned long long)bp->mem_size);
	guest_value("fault_address", addr);
	(void)*(volatile uint64_t *)(uintptr_t)addr;
	GUEST_FAIL("read of 0x%llx above RAM did not fault",
		   (unsigned long long)addr);
}
