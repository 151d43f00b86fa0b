/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: names of SVM exit codes. */
#ifndef HVT_TRACE_EXITS_H
#define HVT_TRACE_EXITS_H

#include <stdint.h>

/* Writes the name of an SVM exit code (e.g. "cpuid", "excp_pf") into buf. */
const char *svm_exit_name(uint32_t code, char *buf, unsigned len);

#endif
