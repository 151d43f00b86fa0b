// SPDX-License-Identifier: GPL-2.0
/* guest-ok: the happy path. One PRINT, one VALUE, then DONE by returning. */
#include "guest.h"

#define GUEST_OK_VALUE 42

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	guest_print("guest-ok: hello from vcpu %u of %u, %llu MiB RAM", vcpu,
		    bp->nr_vcpus, (unsigned long long)(bp->mem_size >> 20));
	guest_value("answer", GUEST_OK_VALUE);
}
