// SPDX-License-Identifier: GPL-2.0
/* Freestanding string helpers for hv/core (see str.h). */
#include "str.h"

void hvt_memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
}

void hvt_memset(void *dst, int c, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = (u8)c;
}

size_t hvt_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

bool hvt_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

bool hvt_strneq_exact(const char *s, size_t len, const char *str)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (str[i] == '\0' || str[i] != s[i])
			return false;
	}
	return str[len] == '\0';
}

int hvt_parse_u32(const char *s, size_t len, u32 *out)
{
	u32 v = 0;
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		u32 digit;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		digit = (u32)(s[i] - '0');
		/* Check before multiplying: v * 10 + digit must not wrap. */
		if (v > (HVT_U32_MAX - digit) / 10)
			return -EINVAL;
		v = v * 10 + digit;
	}
	*out = v;
	return 0;
}

void hvt_strbuf_init(struct hvt_strbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	sb->overflow = size == 0;
	if (size)
		buf[0] = '\0';
}

static void strbuf_putc(struct hvt_strbuf *sb, char c)
{
	/* Keep one byte for the terminating NUL. */
	if (sb->overflow || sb->len + 1 >= sb->size) {
		sb->overflow = true;
		return;
	}
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void hvt_strbuf_puts(struct hvt_strbuf *sb, const char *s)
{
	while (*s)
		strbuf_putc(sb, *s++);
}

void hvt_strbuf_put_u32(struct hvt_strbuf *sb, u32 v)
{
	char digits[10];	/* 4294967295 has 10 digits */
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		strbuf_putc(sb, digits[--n]);
}

int hvt_strbuf_result(const struct hvt_strbuf *sb)
{
	return sb->overflow ? -ENOSPC : (int)sb->len;
}
