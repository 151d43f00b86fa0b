// SPDX-License-Identifier: GPL-2.0
/* guest-fail: a GUEST_ASSERT that fails, with a message and two values. */
#include "guest.h"

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	/* volatile: keep the check a run-time one the compiler cannot fold */
	volatile uint64_t expected = 2, got = 3;

	(void)bp;
	guest_print("guest-fail: vcpu %u about to fail an assertion", vcpu);
	GUEST_ASSERT_MSG(got == expected, "guest-fail expected %llu, got %llu",
			 (unsigned long long)expected, (unsigned long long)got);
	guest_print("guest-fail: not reached");
}
