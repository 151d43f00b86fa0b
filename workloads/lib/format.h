/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small vsnprintf. Conversions: %d %i %u %x %X %p %s %c %%, with length
 * modifiers l, ll, z, flags '0' and '-', and a decimal field width.
 * Output is always NUL terminated and truncated to fit; the return value is
 * the length the full output would have had.
 */
#ifndef HVT_GUEST_FORMAT_H
#define HVT_GUEST_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
