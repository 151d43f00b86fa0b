// SPDX-License-Identifier: GPL-2.0
/* The JSON and CSV writers, through in-memory streams. */
#include <math.h>
#include <stdlib.h>
#include <hvtvmm/csv.h>
#include <hvtvmm/json.h>
#include "check.h"

/* The escaped form of s, in a static buffer. */
static const char *escaped(const char *s)
{
	static char out[512];
	FILE *f = fmemopen(out, sizeof(out), "w");

	json_write_escaped(f, s);
	fclose(f);
	return out;
}

static void escapes_specials(void)
{
	CHECK_STR(escaped(""), "\"\"");
	CHECK_STR(escaped("plain text"), "\"plain text\"");
	CHECK_STR(escaped("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
	CHECK_STR(escaped("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
	CHECK_STR(escaped("\x01\x1f\x7f"), "\"\\u0001\\u001f\\u007f\"");
}

static void utf8_passes_invalid_is_replaced(void)
{
	CHECK_STR(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	CHECK_STR(escaped("\xff"), "\"\\ufffd\"");
	CHECK_STR(escaped("x\xc3"), "\"x\\ufffd\"");		/* cut short by the end */
	CHECK_STR(escaped("\xc0\xaf"), "\"\\ufffd\\ufffd\"");	/* overlong '/' */
	CHECK_STR(escaped("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	CHECK_STR(escaped("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");	/* > U+10FFFF */
}

static void document_structure(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	json_kv_string(&w, "name", "l1\n");
	json_kv_u64(&w, "n", UINT64_MAX);
	json_kv_double(&w, "mean", 2.5);
	json_kv_double(&w, "nan", NAN);
	json_kv_bool(&w, "ok", true);
	json_kv_string(&w, "none", NULL);
	json_key(&w, "list");
	json_array_begin(&w);
	json_i64(&w, -3);
	json_object_begin(&w);
	json_object_end(&w);
	json_array_end(&w);
	json_key(&w, "empty");
	json_array_begin(&w);
	json_array_end(&w);
	json_object_end(&w);
	CHECK(json_finish(&w) == 0);
	fclose(f);
	CHECK_STR(out,
		  "{\n"
		  "  \"name\": \"l1\\n\",\n"
		  "  \"n\": 18446744073709551615,\n"
		  "  \"mean\": 2.5,\n"
		  "  \"nan\": null,\n"
		  "  \"ok\": true,\n"
		  "  \"none\": null,\n"
		  "  \"list\": [\n"
		  "    -3,\n"
		  "    {}\n"
		  "  ],\n"
		  "  \"empty\": []\n"
		  "}\n");
	free(out);
}

static void misuse_is_reported(void)
{
	FILE *f = fopen("/dev/null", "w");
	struct json_writer w;

	json_init(&w, f);
	json_object_begin(&w);
	CHECK(json_finish(&w) == -1);	/* unclosed */
	json_init(&w, f);
	json_array_end(&w);
	CHECK(json_finish(&w) == -1);	/* closed too often */
	json_init(&w, f);
	json_object_begin(&w);
	json_key(&w, "dangling");
	CHECK(json_finish(&w) == -1);
	fclose(f);
}

static void csv_quoting(void)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct csv_writer w;

	csv_init(&w, f);
	csv_field(&w, "run");
	csv_field(&w, "a,b");
	csv_field(&w, "say \"hi\"");
	csv_field(&w, "two\nlines");
	csv_end_row(&w);
	csv_u64(&w, 1);
	csv_u64(&w, 0);
	csv_u64(&w, 2586);
	csv_end_row(&w);
	CHECK(csv_finish(&w) == 0);
	fclose(f);
	CHECK_STR(out, "run,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,0,2586\n");
	free(out);
}

int main(void)
{
	RUN_TEST(escapes_specials);
	RUN_TEST(utf8_passes_invalid_is_replaced);
	RUN_TEST(document_structure);
	RUN_TEST(misuse_is_reported);
	RUN_TEST(csv_quoting);
	return check_report();
}
