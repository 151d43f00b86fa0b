/* SPDX-License-Identifier: GPL-2.0 */
/* Overflow-safe range checks for guest-provided addresses and sizes. */
#ifndef HVTVMM_RANGE_H
#define HVTVMM_RANGE_H

#include <stdbool.h>
#include <stdint.h>

/* True if [start, start + len) lies inside [0, limit), without overflow. */
static inline bool vmm_range_ok(uint64_t start, uint64_t len, uint64_t limit)
{
	return start <= limit && len <= limit - start;
}

#endif
