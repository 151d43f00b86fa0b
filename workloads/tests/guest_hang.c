// SPDX-License-Identifier: GPL-2.0
/*
 * guest-hang: spins forever with interrupts off and no exiting instruction
 * (no PAUSE, HLT, I/O), so only the VMM's timeout can end it.
 */
#include "guest.h"

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	(void)bp;
	guest_print("guest-hang: vcpu %u spinning with interrupts off", vcpu);
	cli();
	asm volatile("1: jmp 1b");
	__builtin_unreachable();
}
