/* SPDX-License-Identifier: GPL-2.0 */
/* The few libc string functions guests use, and that gcc may emit calls to. */
#ifndef HVT_GUEST_LIBC_H
#define HVT_GUEST_LIBC_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);

/*
 * -ffreestanding turns off gcc's builtins; ask for them back so small fixed
 * copies are inlined (large ones still call the functions above).
 */
#ifndef HVT_STRING_IMPL
#define memset(d, c, n)		__builtin_memset(d, c, n)
#define memcpy(d, s, n)		__builtin_memcpy(d, s, n)
#define memmove(d, s, n)	__builtin_memmove(d, s, n)
#define memcmp(a, b, n)		__builtin_memcmp(a, b, n)
#define strlen(s)		__builtin_strlen(s)
#endif

#endif
