/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only header hv/core/ includes from outside itself. hv/core is compiled
 * twice: into hvt.ko (__KERNEL__) and into the user-space unit tests. Both
 * worlds provide the same small vocabulary, so the core code never needs to
 * know which one it is in.
 */
#ifndef HVT_CORE_TYPES_H
#define HVT_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/stddef.h>
#include <linux/types.h>
#else
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

/* Own names: the kernel's U32_MAX lives in a header the core does not pull. */
#define HVT_U32_MAX 0xffffffffu

#define HVT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
