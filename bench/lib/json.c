// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>
#include <hvtvmm/json.h>

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	uint32_t cp;
	int len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)	/* also stops at the NUL */
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

static void write_escaped_char(FILE *f, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", f); break;
	case '\\': fputs("\\\\", f); break;
	case '\b': fputs("\\b", f); break;
	case '\f': fputs("\\f", f); break;
	case '\n': fputs("\\n", f); break;
	case '\r': fputs("\\r", f); break;
	case '\t': fputs("\\t", f); break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

void json_write_escaped(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		int len = utf8_len(s);

		if (len == 1) {
			write_escaped_char(f, *s);
		} else if (len > 1) {
			fwrite(s, 1, len, f);
		} else {
			fputs("\\ufffd", f);
			len = 1;
		}
		s += len;
	}
	fputc('"', f);
}

void json_init(struct json_writer *w, FILE *f)
{
	*w = (struct json_writer){ .f = f };
}

static void indent(struct json_writer *w)
{
	fputc('\n', w->f);
	for (int i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Comma and line break before a value, unless it follows its key. */
static void before_value(struct json_writer *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (w->has_items[w->depth])
			fputc(',', w->f);
		indent(w);
	}
	w->has_items[w->depth] = true;
}

static void begin(struct json_writer *w, char open)
{
	before_value(w);
	fputc(open, w->f);
	if (w->depth == JSON_MAX_DEPTH) {
		w->misuse = true;
		return;
	}
	w->depth++;
	w->has_items[w->depth] = false;
}

static void end(struct json_writer *w, char close)
{
	if (w->depth == 0 || w->after_key) {
		w->misuse = true;
		return;
	}
	w->depth--;
	if (w->has_items[w->depth + 1])
		indent(w);
	fputc(close, w->f);
}

void json_object_begin(struct json_writer *w) { begin(w, '{'); }
void json_object_end(struct json_writer *w) { end(w, '}'); }
void json_array_begin(struct json_writer *w) { begin(w, '['); }
void json_array_end(struct json_writer *w) { end(w, ']'); }

void json_key(struct json_writer *w, const char *key)
{
	before_value(w);
	json_write_escaped(w->f, key);
	fputs(": ", w->f);
	w->after_key = true;
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s) {
		json_null(w);
		return;
	}
	before_value(w);
	json_write_escaped(w->f, s);
}

void json_u64(struct json_writer *w, uint64_t v)
{
	before_value(w);
	fprintf(w->f, "%" PRIu64, v);
}

void json_i64(struct json_writer *w, int64_t v)
{
	before_value(w);
	fprintf(w->f, "%" PRId64, v);
}

void json_double(struct json_writer *w, double v)
{
	if (!isfinite(v)) {	/* JSON has no NaN or Infinity */
		json_null(w);
		return;
	}
	before_value(w);
	fprintf(w->f, "%.15g", v);	/* 15 digits: exact enough, readable */
}

void json_bool(struct json_writer *w, bool v)
{
	before_value(w);
	fputs(v ? "true" : "false", w->f);
}

void json_null(struct json_writer *w)
{
	before_value(w);
	fputs("null", w->f);
}

void json_kv_string(struct json_writer *w, const char *key, const char *s)
{
	json_key(w, key);
	json_string(w, s);
}

void json_kv_u64(struct json_writer *w, const char *key, uint64_t v)
{
	json_key(w, key);
	json_u64(w, v);
}

void json_kv_double(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	json_double(w, v);
}

void json_kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

int json_finish(struct json_writer *w)
{
	fputc('\n', w->f);
	if (w->misuse || w->depth != 0 || w->after_key)
		return -1;
	return ferror(w->f) ? -1 : 0;
}
