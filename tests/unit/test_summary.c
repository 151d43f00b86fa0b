// SPDX-License-Identifier: GPL-2.0
/*
 * The strict JSON parser and the result-summary reader that
 * `hvt-bench compare` uses: good files, truncated ones, wrong types,
 * missing members, and JSON that is almost but not quite valid.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hvtvmm/json_parse.h>
#include <hvtvmm/summary.h>
#include "check.h"

/* The shape bench/l1_cpuid_files.c writes, abridged where compare does not look. */
static const char good[] =
	"{\n"
	"  \"benchmark\": \"l1-cpuid\",\n"
	"  \"label\": \"l1-cpuid-hvt\",\n"
	"  \"unit\": \"tsc_ticks_per_cpuid_exit\",\n"
	"  \"percentiles\": \"nearest-rank; median = p50 (lower middle for even counts)\",\n"
	"  \"hypervisor\": {\n    \"device\": \"/dev/hvt\",\n    \"kind\": \"hvt\"\n  },\n"
	"  \"environment\": {\n    \"kernel\": \"6.1.0-56-amd64\",\n    \"tsc_constant\": true\n  },\n"
	"  \"options\": {\n    \"hv\": null,\n    \"iterations\": 5000\n  },\n"
	"  \"summary\": {\n    \"count\": 5000,\n    \"median\": 180,\n    \"p10\": 178,\n"
	"    \"p90\": 190,\n    \"min\": 170,\n    \"max\": 9000,\n    \"mean\": 181.25,\n"
	"    \"stddev\": 3.5e1\n  },\n"
	"  \"run_medians\": [\n    180\n  ],\n"
	"  \"run_medians_max_rel_deviation\": 0,\n"
	"  \"runs\": [\n    {\n      \"run\": 1,\n      \"timer_overhead_ticks\": null\n    }\n  ]\n"
	"}\n";

/* good with the first occurrence of from replaced by to. */
static char *edited(const char *from, const char *to)
{
	const char *at = strstr(good, from);
	size_t n = strlen(good) - strlen(from) + strlen(to) + 1;
	char *s = malloc(n);

	if (!at || !s) {
		CHECK_FAILED("cannot edit '%s'", from);
		free(s);
		return NULL;
	}
	snprintf(s, n, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
	return s;
}

/* Parses text as a summary; returns the error message ("" if it parsed). */
static const char *summary_error(const char *text, struct bench_summary *s)
{
	static struct vmm_err err;

	err.msg[0] = '\0';
	if (!summary_parse(text, strlen(text), s, &err) && err.msg[0])
		CHECK_FAILED("success with an error message '%s'", err.msg);
	return err.msg;
}

/* The edit must make the reader fail with a message containing want. */
static void expect_edit_fails(const char *from, const char *to, const char *want)
{
	struct bench_summary s;
	char *text = edited(from, to);

	if (!text)
		return;
	CHECK_CONTAINS(summary_error(text, &s), want);
	free(text);
}

static void reads_a_good_file(void)
{
	struct bench_summary s;

	CHECK_STR(summary_error(good, &s), "");
	CHECK_STR(s.benchmark, "l1-cpuid");
	CHECK_STR(s.label, "l1-cpuid-hvt");
	CHECK_STR(s.unit, "tsc_ticks_per_cpuid_exit");
	CHECK_STR(s.kind, "hvt");
	CHECK_STR(s.device, "/dev/hvt");
	CHECK_U64(s.count, 5000);
	CHECK_U64(s.median, 180);
	CHECK_U64(s.p10, 178);
	CHECK_U64(s.p90, 190);
}

/* Every proper prefix of a good file is an error, never a half-read summary. */
static void every_truncation_fails(void)
{
	size_t n = strlen(good);
	struct bench_summary s;
	struct vmm_err err;
	int failures = 0;

	/* the trailing newline is whitespace: dropping it still leaves valid JSON */
	for (size_t len = 0; len < n - 1; len++) {
		char *copy = malloc(len ? len : 1);	/* exact size: ASan sees any overread */

		memcpy(copy, good, len);
		if (!summary_parse(copy, len, &s, &err))
			failures++;
		free(copy);
	}
	CHECK_U64(failures, 0);
	CHECK_CONTAINS(summary_error("{\"benchmark\": \"l1-cp", &s), "truncated");
	CHECK_CONTAINS(summary_error("", &s), "empty file");
}

static void wrong_types_are_named(void)
{
	expect_edit_fails("\"median\": 180", "\"median\": \"180\"",
			  "\"summary.median\" is a string, want a non-negative integer");
	expect_edit_fails("\"median\": 180", "\"median\": -180",
			  "\"summary.median\" is a number out of range or fractional");
	expect_edit_fails("\"median\": 180", "\"median\": 180.5", "summary.median");
	expect_edit_fails("\"median\": 180", "\"median\": 1.8e2", "summary.median");
	expect_edit_fails("\"p10\": 178", "\"p10\": 18446744073709551616", "summary.p10");
	expect_edit_fails("\"count\": 5000", "\"count\": null", "\"summary.count\" is null");
	expect_edit_fails("\"p90\": 190", "\"p90\": [190]", "\"summary.p90\" is an array");
	expect_edit_fails("\"label\": \"l1-cpuid-hvt\"", "\"label\": 7",
			  "\"label\" is a number, want a string");
	expect_edit_fails("\"kind\": \"hvt\"", "\"kind\": true", "\"hypervisor.kind\" is a boolean");
	expect_edit_fails("\"hypervisor\": {", "\"hypervisor\": \"x\", \"h2\": {",
			  "missing member \"hypervisor.kind\"");
}

static void exact_u64_limits(void)
{
	struct bench_summary s;
	char *text = edited("\"p90\": 190", "\"p90\": 18446744073709551615");

	if (!text)
		return;
	CHECK_STR(summary_error(text, &s), "");
	CHECK_U64(s.p90, UINT64_MAX);
	free(text);
}

static void missing_members_are_named(void)
{
	expect_edit_fails("\"median\": 180,", "", "missing member \"summary.median\"");
	expect_edit_fails("\"count\": 5000,", "", "missing member \"summary.count\"");
	expect_edit_fails("\"p10\": 178,", "", "missing member \"summary.p10\"");
	expect_edit_fails("\"p90\": 190,", "", "missing member \"summary.p90\"");
	expect_edit_fails("\"benchmark\": \"l1-cpuid\",", "", "missing member \"benchmark\"");
	expect_edit_fails("\"unit\": \"tsc_ticks_per_cpuid_exit\",", "", "missing member \"unit\"");
	expect_edit_fails("\"device\": \"/dev/hvt\",", "", "missing member \"hypervisor.device\"");
	expect_edit_fails("\"summary\"", "\"summery\"", "missing member \"summary.count\"");
}

static void bad_values_are_rejected(void)
{
	expect_edit_fails("\"count\": 5000", "\"count\": 0", "no samples");
	expect_edit_fails("\"p10\": 178", "\"p10\": 181", "want p10 <= median <= p90");
	expect_edit_fails("\"p90\": 190", "\"p90\": 179", "want p10 <= median <= p90");
	expect_edit_fails("\"label\": \"l1-cpuid-hvt\"", "\"label\": \"a/b\"", "outside [A-Za-z0-9._-]");
	expect_edit_fails("\"label\": \"l1-cpuid-hvt\"", "\"label\": \"\"", "want 1 to");
	expect_edit_fails("\"device\": \"/dev/hvt\"", "\"device\": \"\\u001b[31m\"",
			  "outside printable ASCII");
}

static void whole_document_must_be_an_object(void)
{
	struct bench_summary s;

	CHECK_CONTAINS(summary_error("[1, 2]", &s), "the document is an array");
	CHECK_CONTAINS(summary_error("42", &s), "the document is a number");
}

/* Parse text; return its error message or "" if it parsed. */
static const char *parse_error(const char *text)
{
	static struct vmm_err err;
	struct json_value v;

	err.msg[0] = '\0';
	if (!json_parse(text, strlen(text), &v, &err))
		json_value_free(&v);
	return err.msg;
}

static void strict_json(void)
{
	CHECK_STR(parse_error(" {\"a\": [1, -0.5e+3, true, false, null, \"x\"]} "), "");
	CHECK_CONTAINS(parse_error("{\"a\": 1,}"), "line 1, column 9: expected a string key");
	CHECK_CONTAINS(parse_error("[1, 2,]"), "expected a value");
	CHECK_CONTAINS(parse_error("{\"a\": 01}"), "line 1, column 7: malformed number");
	CHECK_CONTAINS(parse_error("[-]"), "malformed number");
	CHECK_CONTAINS(parse_error("[1.]"), "malformed number");
	CHECK_CONTAINS(parse_error("[.5]"), "expected a value");
	CHECK_CONTAINS(parse_error("[+1]"), "expected a value");
	CHECK_CONTAINS(parse_error("// c\n{}"), "line 1, column 1");
	CHECK_CONTAINS(parse_error("{\"a\": 1}\n{\"b\": 2}"), "line 2, column 1: unexpected data after");
	CHECK_CONTAINS(parse_error("{\"a\": 1, \"a\": 2}"), "line 1, column 10: duplicate key");
	CHECK_CONTAINS(parse_error("{'a': 1}"), "expected a string key, found '''");
	CHECK_CONTAINS(parse_error("[tru]"), "expected a value");
	CHECK_CONTAINS(parse_error("[NaN]"), "expected a value");
	CHECK_CONTAINS(parse_error("[\"a\tb\"]"), "control character 0x09");
	CHECK_CONTAINS(parse_error("[\"\\x\"]"), "bad escape");
	CHECK_CONTAINS(parse_error("[\"\\u12\"]"), "4 hex digits");
	CHECK_CONTAINS(parse_error("[\"\\u0000\"]"), "not supported");
	CHECK_CONTAINS(parse_error("[\"\\ud800\"]"), "without its low half");
	CHECK_CONTAINS(parse_error("[\"\\udc00\"]"), "lone low surrogate");
	CHECK_CONTAINS(parse_error("[\"\xc3\"]"), "invalid UTF-8");
	CHECK_CONTAINS(parse_error("[\"\xc0\xaf\"]"), "invalid UTF-8");
	CHECK_CONTAINS(parse_error("[\"\xed\xa0\x80\"]"), "invalid UTF-8");
	CHECK_CONTAINS(parse_error("\xef\xbb\xbf{}"), "found byte 0xef");
	CHECK_CONTAINS(parse_error(""), "unexpected end of input");
}

static void strings_are_decoded(void)
{
	const char *text = "{\"s\": \"a\\\"b\\\\c\\/d\\n\\u00e9\\u20ac\\ud83d\\ude00\xc3\xa9\"}";
	struct json_value v;
	struct vmm_err err;

	if (json_parse(text, strlen(text), &v, &err)) {
		CHECK_FAILED("parse failed: %s", err.msg);
		return;
	}
	CHECK(json_get(&v, "s") && json_get(&v, "s")->type == JSON_STRING);
	if (json_get(&v, "s"))
		CHECK_STR(json_get(&v, "s")->string,
			  "a\"b\\c/d\n\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9");
	CHECK(json_get(&v, "t") == NULL);
	json_value_free(&v);
}

static void nesting_is_bounded(void)
{
	char deep[2 * JSON_PARSE_MAX_DEPTH + 8];
	size_t d = JSON_PARSE_MAX_DEPTH;

	memset(deep, '[', d);
	memset(deep + d, ']', d);
	deep[2 * d] = '\0';
	CHECK_STR(parse_error(deep), "");
	memset(deep, '[', d + 1);
	memset(deep + d + 1, ']', d + 1);
	deep[2 * d + 2] = '\0';
	CHECK_CONTAINS(parse_error(deep), "nested deeper than");
}

static void reads_files(void)
{
	char dir[] = "/tmp/hvt-unit-summary-XXXXXX", path[256];
	struct bench_summary s;
	struct vmm_err err;
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK_FAILED("mkdtemp failed");
		return;
	}
	snprintf(path, sizeof(path), "%s/ok.json", dir);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs(good, f);
	fclose(f);
	CHECK(summary_read_file(path, &s, &err) == 0);
	CHECK_U64(s.median, 180);
	CHECK(summary_read_file(dir, &s, &err) == -1);
	CHECK_CONTAINS(err.msg, "not a regular file");
	unlink(path);
	CHECK(summary_read_file(path, &s, &err) == -1);
	CHECK_CONTAINS(err.msg, "cannot open");
	CHECK_CONTAINS(err.msg, "No such file");
	f = fopen(path, "w");
	if (f) {
		fputs("{\"benchmark\": 1", f);
		fclose(f);
	}
	CHECK(summary_read_file(path, &s, &err) == -1);
	CHECK_CONTAINS(err.msg, "/ok.json: not valid JSON: line 1, column 16");
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	RUN_TEST(reads_a_good_file);
	RUN_TEST(every_truncation_fails);
	RUN_TEST(wrong_types_are_named);
	RUN_TEST(exact_u64_limits);
	RUN_TEST(missing_members_are_named);
	RUN_TEST(bad_values_are_rejected);
	RUN_TEST(whole_document_must_be_an_object);
	RUN_TEST(strict_json);
	RUN_TEST(strings_are_decoded);
	RUN_TEST(nesting_is_bounded);
	RUN_TEST(reads_files);
	return check_report();
}
