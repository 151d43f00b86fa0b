/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small strict JSON parser (RFC 8259) for reading our own result files
 * back. Strict on purpose: a file that is not exactly JSON — trailing
 * commas, comments, leading zeros, bad escapes, invalid UTF-8, duplicate
 * keys, anything after the value — is rejected with the line and column,
 * because a results reader that guesses produces wrong comparisons.
 * The input is untrusted: nesting depth, members per object and number
 * lengths are bounded.
 * Not supported (rejected): strings containing U+0000.
 */
#ifndef HVTVMM_JSON_PARSE_H
#define HVTVMM_JSON_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hvtvmm/err.h>

#define JSON_PARSE_MAX_DEPTH 64
#define JSON_PARSE_MAX_MEMBERS 4096	/* per object */

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_value {
	enum json_type type;
	bool boolean;		/* JSON_BOOL */
	double number;		/* JSON_NUMBER, as a double */
	bool is_u64;		/* JSON_NUMBER that is a non-negative integer fitting u64 */
	uint64_t u64;		/* ... and its exact value */
	char *string;		/* JSON_STRING, NUL-terminated UTF-8 */
	size_t n;		/* JSON_ARRAY, JSON_OBJECT: number of items */
	struct json_value *items;	/* n values */
	char **keys;		/* JSON_OBJECT: n keys, parallel to items */
};

/*
 * Parses text[0..len) into *out. On failure fills err with
 * "line L, column C: what" and returns -1; *out is then empty (JSON_NULL).
 */
int json_parse(const char *text, size_t len, struct json_value *out, struct vmm_err *err);

/* Frees what json_parse allocated; leaves v as JSON_NULL. */
void json_value_free(struct json_value *v);

/* The member key of object obj, or NULL (also if obj is not an object). */
const struct json_value *json_get(const struct json_value *obj, const char *key);

#endif
