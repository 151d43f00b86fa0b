/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting for libhvtvmm: a failing function fills a struct vmm_err
 * with one human-readable line (no prefix, no newline) and returns -1. The
 * caller decides how to print it; the unit tests compare it.
 */
#ifndef HVTVMM_ERR_H
#define HVTVMM_ERR_H

#define VMM_ERR_LEN 512

struct vmm_err {
	char msg[VMM_ERR_LEN];
};

/* Formats the message into err (if not NULL) and returns -1. */
int vmm_errf(struct vmm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
