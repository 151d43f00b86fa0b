// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include "format.h"
#include "libc.h"
#include "ucall.h"
#include "x86.h"

/*
 * The block lives on this vCPU's stack: identity mapped, so its address is
 * its GPA, and below 4 GiB (HVT_MAX_MEM) so it fits the 32-bit OUT.
 */
static void ucall(struct hvt_ucall *uc)
{
	uc->magic = HVT_UCALL_MAGIC;
	outl(HVT_UCALL_PORT, (uint32_t)(uintptr_t)uc);
}

static void ucall_init(struct hvt_ucall *uc, uint32_t cmd, const char *name)
{
	memset(uc, 0, sizeof(*uc));
	uc->cmd = cmd;
	if (name)
		guest_snprintf(uc->str, sizeof(uc->str), "%s", name);
}

void guest_print(const char *fmt, ...)
{
	struct hvt_ucall uc;
	va_list ap;

	ucall_init(&uc, HVT_UCALL_PRINT, NULL);
	va_start(ap, fmt);
	guest_vsnprintf(uc.str, sizeof(uc.str), fmt, ap);
	va_end(ap);
	ucall(&uc);
}

void guest_value(const char *name, uint64_t value)
{
	struct hvt_ucall uc;

	ucall_init(&uc, HVT_UCALL_VALUE, name);
	uc.args[0] = value;
	ucall(&uc);
}

void guest_samples(const char *name, const uint64_t *buf, uint64_t count)
{
	struct hvt_ucall uc;

	ucall_init(&uc, HVT_UCALL_SAMPLES, name);
	uc.args[0] = (uintptr_t)buf;
	uc.args[1] = count;
	ucall(&uc);
}

void guest_done(void)
{
	struct hvt_ucall uc;

	ucall_init(&uc, HVT_UCALL_DONE, NULL);
	ucall(&uc);
	halt_forever();		/* in case the VMM resumes us anyway */
}

static __attribute__((noreturn))
void fail(const char *file, int line, uint64_t a0, uint64_t a1,
	  const char *fmt, va_list ap)
{
	struct hvt_ucall uc;
	int n;

	ucall_init(&uc, HVT_UCALL_FAIL, NULL);
	uc.args[0] = a0;
	uc.args[1] = a1;
	n = guest_snprintf(uc.str, sizeof(uc.str), "%s:%d: ", file, line);
	if (n >= 0 && (size_t)n < sizeof(uc.str))
		guest_vsnprintf(uc.str + n, sizeof(uc.str) - n, fmt, ap);
	ucall(&uc);
	halt_forever();
}

void guest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail(file, line, 0, 0, fmt, ap);
}

void guest_fail_values(const char *file, int line, uint64_t a0, uint64_t a1,
		       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail(file, line, a0, a1, fmt, ap);
}
