// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdint.h>
#include "format.h"

struct out {
	char *buf;
	size_t size;
	size_t len;	/* characters produced so far, stored or not */
};

struct spec {
	bool zero_pad;
	bool left;
	unsigned int width;
	int longs;	/* number of 'l' (a 'z' counts as one) */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, unsigned int n, char c)
{
	while (n--)
		put(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	unsigned int n = 0;

	if (!s)
		s = "(null)";
	while (s[n])
		n++;
	if (!sp->left && sp->width > n)
		pad(o, sp->width - n, ' ');
	for (unsigned int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left && sp->width > n)
		pad(o, sp->width - n, ' ');
}

/* Digits of v in base, most significant first, with sign and padding. */
static void put_num(struct out *o, const struct spec *sp, uint64_t v,
		    unsigned int base, bool upper, bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned int n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + negative;
	if (!sp->left && !sp->zero_pad && sp->width > len)
		pad(o, sp->width - len, ' ');
	if (negative)
		put(o, '-');
	if (!sp->left && sp->zero_pad && sp->width > len)
		pad(o, sp->width - len, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left && sp->width > len)
		pad(o, sp->width - len, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ 0 };
	for (;; f++) {
		if (*f == '0')
			sp->zero_pad = true;
		else if (*f == '-')
			sp->left = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned int)(*f++ - '0');
	for (;; f++) {
		if (*f == 'l')
			sp->longs++;
		else if (*f == 'z')
			sp->longs = 1;	/* size_t is unsigned long here */
		else
			break;
	}
	return f;
}

static uint64_t arg_unsigned(const struct spec *sp, va_list *ap)
{
	if (sp->longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (sp->longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t arg_signed(const struct spec *sp, va_list *ap)
{
	if (sp->longs >= 2)
		return va_arg(*ap, long long);
	if (sp->longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void convert(struct out *o, struct spec *sp, char c, va_list *ap)
{
	int64_t s;

	switch (c) {
	case 'd':
	case 'i':
		s = arg_signed(sp, ap);
		/* negate as unsigned: INT64_MIN has no positive counterpart */
		put_num(o, sp, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, false, s < 0);
		break;
	case 'u':
		put_num(o, sp, arg_unsigned(sp, ap), 10, false, false);
		break;
	case 'x':
	case 'X':
		put_num(o, sp, arg_unsigned(sp, ap), 16, c == 'X', false);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false, false);
		break;
	case 's':
		put_str(o, sp, va_arg(*ap, const char *));
		break;
	case 'c':
		put(o, (char)va_arg(*ap, int));
		break;
	default:	/* '%' and unknown conversions print themselves */
		put(o, c);
		break;
	}
}

int guest_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp);
		if (!*fmt)
			break;
		convert(&o, &sp, *fmt++, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int guest_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
