/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Assertions for the hv/core unit tests. A failed EXPECT prints the
 * expression, the values and the line, and the test goes on so one run
 * shows every failure; main() returns expect_report(), non-zero on failure.
 */
#ifndef HVT_UNIT_CORE_EXPECT_H
#define HVT_UNIT_CORE_EXPECT_H

#include <stdio.h>
#include <string.h>

static int expect_failures;

#define EXPECT_FAIL(...) do {						\
		fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);		\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		expect_failures++;					\
	} while (0)

#define EXPECT(cond) do {						\
		if (!(cond))						\
			EXPECT_FAIL("EXPECT(%s) failed", #cond);	\
	} while (0)

/* Integers of any signedness up to 64 bits, compared as long long. */
#define EXPECT_INT(got, want) do {					\
		long long g_ = (long long)(got), w_ = (long long)(want); \
		if (g_ != w_)						\
			EXPECT_FAIL("%s is %lld, want %lld", #got, g_, w_); \
	} while (0)

#define EXPECT_STR(got, want) do {					\
		const char *g_ = (got), *w_ = (want);			\
		if (strcmp(g_, w_))					\
			EXPECT_FAIL("%s is \"%s\", want \"%s\"", #got, g_, w_); \
	} while (0)

#define EXPECT_MEM(got, want, n) do {					\
		if (memcmp((got), (want), (n)))				\
			EXPECT_FAIL("%s differs from %s in its %zu bytes", \
				    #got, #want, (size_t)(n));		\
	} while (0)

static inline int expect_report(const char *name)
{
	if (expect_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, expect_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif
