/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest side of the ucall protocol (<hvt/ucall.h>): each call fills a block
 * on the caller's stack and hands its address to the VMM with one OUT.
 * Safe to call from several vCPUs at once. Text longer than the block's
 * string field (HVT_UCALL_STR_LEN - 1 characters) is truncated.
 */
#ifndef HVT_GUEST_UCALL_H
#define HVT_GUEST_UCALL_H

#include <stdint.h>
#include <hvt/ucall.h>

void guest_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_value(const char *name, uint64_t value);
/* count u64s at buf (a GPA, as memory is identity mapped). Assumes the VMM
 * copies them during this exit, so buf may be reused once this returns. */
void guest_samples(const char *name, const uint64_t *buf, uint64_t count);
__attribute__((noreturn)) void guest_done(void);
__attribute__((noreturn, format(printf, 3, 4)))
void guest_fail(const char *file, int line, const char *fmt, ...);
/* Like guest_fail, with two values for the VMM in args[0] and args[1]. */
__attribute__((noreturn, format(printf, 5, 6)))
void guest_fail_values(const char *file, int line, uint64_t a0, uint64_t a1,
		       const char *fmt, ...);

#define GUEST_FAIL(fmt, ...) guest_fail(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define GUEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			guest_fail(__FILE__, __LINE__,			\
				   "assertion failed: %s", #cond);	\
	} while (0)

/* fmt must be a string literal. */
#define GUEST_ASSERT_MSG(cond, fmt, ...)				\
	do {								\
		if (!(cond))						\
			guest_fail(__FILE__, __LINE__,			\
				   "assertion failed: %s: " fmt, #cond,	\
				   ##__VA_ARGS__);			\
	} while (0)

#define GUEST_ASSERT_EQ(a, b)						\
	do {								\
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);	\
		if (a_ != b_)						\
			guest_fail_values(__FILE__, __LINE__, a_, b_,	\
				"assertion failed: %s == %s (0x%llx != 0x%llx)", \
				#a, #b, (unsigned long long)a_,		\
				(unsigned long long)b_);		\
	} while (0)

#endif
