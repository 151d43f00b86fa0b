/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny streaming JSON writer: indented output, commas and nesting kept
 * track of, strings escaped per RFC 8259 (", \ and control characters;
 * bytes that are not valid UTF-8 become U+FFFD), non-finite numbers as null.
 */
#ifndef HVTVMM_JSON_H
#define HVTVMM_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *f;
	int depth;
	bool has_items[JSON_MAX_DEPTH + 1];	/* per level: a value already written */
	bool after_key;		/* the next value belongs to a key just written */
	bool misuse;		/* unbalanced or too deep */
};

void json_init(struct json_writer *w, FILE *f);
void json_object_begin(struct json_writer *w);
void json_object_end(struct json_writer *w);
void json_array_begin(struct json_writer *w);
void json_array_end(struct json_writer *w);
void json_key(struct json_writer *w, const char *key);
void json_string(struct json_writer *w, const char *s);	/* NULL writes null */
void json_u64(struct json_writer *w, uint64_t v);
void json_i64(struct json_writer *w, int64_t v);
void json_double(struct json_writer *w, double v);
void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* key: value shorthands for objects */
void json_kv_string(struct json_writer *w, const char *key, const char *s);
void json_kv_u64(struct json_writer *w, const char *key, uint64_t v);
void json_kv_double(struct json_writer *w, const char *key, double v);
void json_kv_bool(struct json_writer *w, const char *key, bool v);

/* Ends the document with a newline; 0 if balanced and every write worked. */
int json_finish(struct json_writer *w);

/* Writes s as a quoted, escaped JSON string. */
void json_write_escaped(FILE *f, const char *s);

#endif
