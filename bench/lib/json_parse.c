// SPDX-License-Identifier: GPL-2.0
/* Strict recursive-descent JSON parser (see json_parse.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/json_parse.h>

#define NUMBER_MAX_LEN 320	/* longer than any double needs; bounds the copy */

struct parser {
	const char *start, *p, *end;
	int depth;
	struct vmm_err *err;
	bool failed;
};

/* Records the first error only, with the position of ps->p. */
static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct parser *ps, const char *fmt, ...)
{
	unsigned int line = 1, col = 1;
	char what[256];
	va_list ap;

	if (ps->failed)
		return -1;
	ps->failed = true;
	for (const char *q = ps->start; q < ps->p; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return vmm_errf(ps->err, "line %u, column %u: %s", line, col, what);
}

static int fail_unexpected(struct parser *ps, const char *wanted)
{
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input (truncated?), expected %s", wanted);
	if ((unsigned char)*ps->p >= 0x20 && (unsigned char)*ps->p < 0x7f)
		return fail(ps, "expected %s, found '%c'", wanted, *ps->p);
	return fail(ps, "expected %s, found byte 0x%02x", wanted, (unsigned char)*ps->p);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool take(struct parser *ps, char c)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == c) {
		ps->p++;
		return true;
	}
	return false;
}

static int parse_value(struct parser *ps, struct json_value *v);

static int parse_literal(struct parser *ps, struct json_value *v)
{
	static const struct { const char *word; enum json_type type; bool b; } lits[] = {
		{ "true", JSON_BOOL, true }, { "false", JSON_BOOL, false }, { "null", JSON_NULL, false },
	};

	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		size_t n = strlen(lits[i].word);

		if ((size_t)(ps->end - ps->p) >= n && !memcmp(ps->p, lits[i].word, n)) {
			ps->p += n;
			v->type = lits[i].type;
			v->boolean = lits[i].b;
			return 0;
		}
	}
	return fail_unexpected(ps, "a value");
}

static bool is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Advances over -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; false if malformed. */
static bool scan_number(struct parser *ps, bool *integer)
{
	const char *p = ps->p, *end = ps->end;

	*integer = true;
	if (p < end && *p == '-')
		p++;
	if (!is_digit(p, end))
		return false;
	if (*p++ == '0' && is_digit(p, end))
		return false;	/* leading zero */
	while (is_digit(p, end))
		p++;
	if (p < end && *p == '.') {
		*integer = false;
		if (!is_digit(++p, end))
			return false;
		while (is_digit(p, end))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*integer = false;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, end))
			return false;
		while (is_digit(p, end))
			p++;
	}
	ps->p = p;
	return true;
}

/* Exact u64 of a non-negative integer literal; false if it overflows. */
static bool digits_to_u64(const char *p, const char *end, uint64_t *out)
{
	uint64_t v = 0;

	for (; p < end; p++) {
		unsigned int d = *p - '0';

		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static int parse_number(struct parser *ps, struct json_value *v)
{
	const char *begin = ps->p;
	char buf[NUMBER_MAX_LEN + 1];
	bool integer;
	size_t n;

	if (!scan_number(ps, &integer))
		return fail(ps, "malformed number");
	n = ps->p - begin;
	if (n > NUMBER_MAX_LEN)
		return fail(ps, "number of %zu characters is too long", n);
	memcpy(buf, begin, n);
	buf[n] = '\0';
	v->type = JSON_NUMBER;
	v->number = strtod(buf, NULL);	/* the grammar is checked: strtod cannot stop early */
	v->is_u64 = integer && *begin != '-' && digits_to_u64(begin, ps->p, &v->u64);
	return 0;
}

static int hex4(struct parser *ps, unsigned int *out)
{
	unsigned int v = 0;

	for (int i = 0; i < 4; i++, ps->p++) {
		char c = ps->p < ps->end ? *ps->p : 0;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return fail(ps, "bad \\u escape: want 4 hex digits");
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *dst, unsigned int cp)
{
	if (cp < 0x80) {
		dst[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		dst[0] = 0xc0 | cp >> 6;
		dst[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		dst[0] = 0xe0 | cp >> 12;
		dst[1] = 0x80 | ((cp >> 6) & 0x3f);
		dst[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	dst[0] = 0xf0 | cp >> 18;
	dst[1] = 0x80 | ((cp >> 12) & 0x3f);
	dst[2] = 0x80 | ((cp >> 6) & 0x3f);
	dst[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* \uXXXX, or a surrogate pair \uD8xx\uDCxx; ps->p is just after "\u". */
static int unicode_escape(struct parser *ps, unsigned int *cp)
{
	unsigned int lo;

	if (hex4(ps, cp))
		return -1;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return fail(ps, "lone low surrogate \\u%04x", *cp);
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u')
			return fail(ps, "high surrogate \\u%04x without its low half", *cp);
		ps->p += 2;
		if (hex4(ps, &lo))
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, "high surrogate \\u%04x followed by \\u%04x", *cp, lo);
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	if (*cp == 0)
		return fail(ps, "\\u0000 in a string is not supported");
	return 0;
}

/* One escape after the backslash; appends its UTF-8 to dst, returns bytes. */
static int escape(struct parser *ps, char *dst)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit;
	unsigned int cp;

	if (ps->p >= ps->end)
		return fail_unexpected(ps, "an escape character");
	if (*ps->p == 'u') {
		ps->p++;
		return unicode_escape(ps, &cp) ? -1 : (int)put_utf8(dst, cp);
	}
	hit = *ps->p ? strchr(from, *ps->p) : NULL;
	if (!hit)
		return fail(ps, "bad escape: '\\' then byte 0x%02x", (unsigned char)*ps->p);
	ps->p++;
	*dst = to[hit - from];
	return 1;
}

/* Length of the valid UTF-8 sequence at p (not ASCII), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned int cp, n, min;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (unsigned int i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* One raw character of a string; appends it to dst, returns bytes. */
static int raw_char(struct parser *ps, char *dst)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	size_t n = 1;

	if (*p < 0x20)
		return fail(ps, "control character 0x%02x in a string (must be escaped)", *p);
	if (*p >= 0x80 && !(n = utf8_len(p, (const unsigned char *)ps->end)))
		return fail(ps, "invalid UTF-8 in a string");
	memcpy(dst, p, n);
	ps->p += n;
	return n;
}

/* Source bytes from the opening quote at ps->p to the closing one (or the end). */
static size_t string_source_len(const struct parser *ps)
{
	const char *q = ps->p + 1;

	while (q < ps->end && *q != '"')
		q += *q == '\\' ? 2 : 1;
	return (q < ps->end ? q : ps->end) - ps->p;
}

/* A string; ps->p is at the opening quote. *out is malloc'd. */
static int parse_string(struct parser *ps, char **out)
{
	/* the decoded form is never longer than its source */
	char *buf = malloc(string_source_len(ps) + 1);
	size_t at = 0;
	int n;

	if (!buf)
		return fail(ps, "out of memory");
	ps->p++;
	for (;;) {
		if (ps->p >= ps->end) {
			free(buf);
			return fail_unexpected(ps, "'\"' to end the string");
		}
		if (*ps->p == '"')
			break;
		n = *ps->p == '\\' ? (ps->p++, escape(ps, buf + at)) : raw_char(ps, buf + at);
		if (n < 0) {
			free(buf);
			return -1;
		}
		at += n;
	}
	ps->p++;
	buf[at] = '\0';
	*out = buf;
	return 0;
}

/* Room for one more item (and key) in v. */
static int grow(struct parser *ps, struct json_value *v, size_t *cap)
{
	struct json_value *items;
	char **keys;
	size_t ncap;

	if (v->n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	items = realloc(v->items, ncap * sizeof(*items));
	if (!items)
		return fail(ps, "out of memory");
	v->items = items;
	if (v->type == JSON_OBJECT) {
		keys = realloc(v->keys, ncap * sizeof(*keys));
		if (!keys)
			return fail(ps, "out of memory");
		v->keys = keys;
	}
	*cap = ncap;
	return 0;
}

static int parse_array(struct parser *ps, struct json_value *v)
{
	size_t cap = 0;

	v->type = JSON_ARRAY;
	ps->p++;
	if (take(ps, ']'))
		return 0;
	do {
		if (grow(ps, v, &cap))
			return -1;
		v->items[v->n] = (struct json_value){ 0 };
		v->n++;	/* counted before parsing, so a failure frees it */
		if (parse_value(ps, &v->items[v->n - 1]))
			return -1;
	} while (take(ps, ','));
	return take(ps, ']') ? 0 : fail_unexpected(ps, "',' or ']'");
}

static int parse_member(struct parser *ps, struct json_value *v)
{
	const char *key_at;
	char *key;

	skip_ws(ps);
	key_at = ps->p;
	if (ps->p >= ps->end || *ps->p != '"')
		return fail_unexpected(ps, "a string key");
	if (parse_string(ps, &key))
		return -1;
	/* the duplicate check is quadratic: bound the members */
	if (v->n >= JSON_PARSE_MAX_MEMBERS) {
		free(key);
		return fail(ps, "more than %d members in an object", JSON_PARSE_MAX_MEMBERS);
	}
	if (json_get(v, key)) {
		ps->p = key_at;
		free(key);
		return fail(ps, "duplicate key");
	}
	v->keys[v->n] = key;
	v->items[v->n] = (struct json_value){ 0 };
	v->n++;
	if (!take(ps, ':'))
		return fail_unexpected(ps, "':'");
	return parse_value(ps, &v->items[v->n - 1]);
}

static int parse_object(struct parser *ps, struct json_value *v)
{
	size_t cap = 0;

	v->type = JSON_OBJECT;
	ps->p++;
	if (take(ps, '}'))
		return 0;
	do {
		if (grow(ps, v, &cap) || parse_member(ps, v))
			return -1;
	} while (take(ps, ','));
	return take(ps, '}') ? 0 : fail_unexpected(ps, "',' or '}'");
}

static int parse_container(struct parser *ps, struct json_value *v)
{
	int rc;

	if (++ps->depth > JSON_PARSE_MAX_DEPTH)
		return fail(ps, "nested deeper than %d levels", JSON_PARSE_MAX_DEPTH);
	rc = *ps->p == '[' ? parse_array(ps, v) : parse_object(ps, v);
	ps->depth--;
	return rc;
}

static int parse_value(struct parser *ps, struct json_value *v)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail_unexpected(ps, "a value");
	if (*ps->p == '[' || *ps->p == '{')
		return parse_container(ps, v);
	if (*ps->p == '"') {
		v->type = JSON_STRING;
		return parse_string(ps, &v->string);
	}
	if (*ps->p == '-' || is_digit(ps->p, ps->end))
		return parse_number(ps, v);
	return parse_literal(ps, v);
}

int json_parse(const char *text, size_t len, struct json_value *out, struct vmm_err *err)
{
	struct parser ps = { .start = text, .p = text, .end = text + len, .err = err };

	*out = (struct json_value){ 0 };
	if (!parse_value(&ps, out)) {
		skip_ws(&ps);
		if (ps.p == ps.end)
			return 0;
		fail(&ps, "unexpected data after the JSON value");
	}
	json_value_free(out);
	return -1;
}

void json_value_free(struct json_value *v)
{
	for (size_t i = 0; i < v->n; i++) {
		json_value_free(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	*v = (struct json_value){ 0 };
}

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
	if (obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return &obj->items[i];
	return NULL;
}
