/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny assertion kit for the unit tests. A failed CHECK prints what and
 * where and the test goes on; main() returns check_report(), non-zero if
 * anything failed.
 */
#ifndef HVT_UNIT_CHECK_H
#define HVT_UNIT_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK_FAILED(...) do { \
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		check_failures++; \
	} while (0)

#define CHECK(cond) do { \
		if (!(cond)) \
			CHECK_FAILED("CHECK(%s) failed", #cond); \
	} while (0)

#define CHECK_U64(got, want) do { \
		unsigned long long g_ = (got), w_ = (want); \
		if (g_ != w_) \
			CHECK_FAILED("%s is %llu (0x%llx), want %llu (0x%llx)", #got, g_, g_, w_, w_); \
	} while (0)

#define CHECK_NEAR(got, want, eps) do { \
		double g_ = (got), w_ = (want); \
		if (!(fabs(g_ - w_) <= (eps))) \
			CHECK_FAILED("%s is %.17g, want %.17g", #got, g_, w_); \
	} while (0)

#define CHECK_STR(got, want) do { \
		const char *g_ = (got), *w_ = (want); \
		if (strcmp(g_, w_)) \
			CHECK_FAILED("%s is\n  \"%s\"\nwant\n  \"%s\"", #got, g_, w_); \
	} while (0)

#define CHECK_CONTAINS(got, part) do { \
		const char *g_ = (got), *p_ = (part); \
		if (!strstr(g_, p_)) \
			CHECK_FAILED("%s is \"%s\", which lacks \"%s\"", #got, g_, p_); \
	} while (0)

/* Runs one test function and says whether it passed. */
#define RUN_TEST(fn) do { \
		int before_ = check_failures; \
		fn(); \
		printf("%s %s\n", check_failures == before_ ? "ok  " : "FAIL", #fn); \
	} while (0)

static inline int check_report(void)
{
	if (check_failures)
		fprintf(stderr, "%d check(s) failed\n", check_failures);
	return check_failures != 0;
}

#endif
