// SPDX-License-Identifier: GPL-2.0
/*
 * guest-triple-fault: an IDT with limit 0 makes every exception undeliverable:
 * ud2 -> #UD cannot be delivered -> #GP -> #DF -> triple fault, which the
 * VMM sees as a shutdown exit.
 */
#include "guest.h"

GUEST_RUNTIME_NO_IDT();	/* the runtime's IDT would catch the #UD */

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	struct desc_ptr empty = { .limit = 0, .base = 0 };

	(void)bp;
	guest_print("guest-triple-fault: vcpu %u loading an empty IDT", vcpu);
	lidt(&empty);
	ud2();
	GUEST_FAIL("survived ud2 with an empty IDT");
}
