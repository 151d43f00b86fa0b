/* SPDX-License-Identifier: GPL-2.0 */
/* Everything a guest image usually needs. */
#ifndef HVT_GUEST_H
#define HVT_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hvt/boot.h>
#include <hvt/ucall.h>
#include "alloc.h"
#include "format.h"
#include "idt.h"
#include "paging.h"
#include "runtime.h"
#include "libc.h"
#include "ucall.h"
#include "x86.h"

#endif
