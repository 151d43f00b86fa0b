/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding string helpers for hv/core: no libc in the module, no kernel
 * string.h in the unit tests, so the core carries the few it needs.
 * Strings from user space reach these functions only after the caller has
 * checked that they are NUL-terminated inside their fixed-size buffer.
 */
#ifndef HVT_CORE_STR_H
#define HVT_CORE_STR_H

#include "types.h"

void hvt_memcpy(void *dst, const void *src, size_t n);
void hvt_memset(void *dst, int c, size_t n);
size_t hvt_strnlen(const char *s, size_t max);
bool hvt_streq(const char *a, const char *b);
/* True if the first len bytes of s are exactly the NUL-terminated str. */
bool hvt_strneq_exact(const char *s, size_t len, const char *str);

/*
 * Strict decimal: digits only, no sign, no spaces, no base prefix, no
 * trailing characters, at least one digit, value <= HVT_U32_MAX.
 * Returns 0 or -EINVAL (also on overflow: user-facing callers all map a
 * number they cannot use to -EINVAL).
 */
int hvt_parse_u32(const char *s, size_t len, u32 *out);

/*
 * Bounded string builder. Appends never write past size and keep buf
 * NUL-terminated; overflow is sticky so a caller checks once at the end.
 */
struct hvt_strbuf {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

void hvt_strbuf_init(struct hvt_strbuf *sb, char *buf, size_t size);
void hvt_strbuf_puts(struct hvt_strbuf *sb, const char *s);
void hvt_strbuf_put_u32(struct hvt_strbuf *sb, u32 v);
/* Length written (without NUL), or -ENOSPC if anything was cut off. */
int hvt_strbuf_result(const struct hvt_strbuf *sb);

#endif
