/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: names of SVM exit codes. */
#ifndef HVT_TRACE_EXITS_H
#define HVT_TRACE_EXITS_H

#include <stdint.h>

/* The name of an SVM exit code (e.g. "cpuid", "excp_pf"), written into buf if need be. */
const char *svm_exit_name(uint32_t code, char *buf, unsigned len);
/* KVM on Intel: codes are VMX exit reasons, shown as "vmx_<n>" rather than misnamed. */
void exit_names_vmx(void);

#endif
