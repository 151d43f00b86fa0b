/* SPDX-License-Identifier: GPL-2.0 */
/* Read-only walks of the guest's own page tables (4- or 5-level). */
#ifndef HVT_GUEST_PAGING_H
#define HVT_GUEST_PAGING_H

#include <stdbool.h>
#include <stdint.h>

/* Whether the current CR3 maps va (any page size). Tables must be identity
 * mapped, as the VMM's are. */
bool paging_is_mapped(uint64_t va);

#endif
