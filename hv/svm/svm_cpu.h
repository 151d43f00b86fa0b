/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU SVM enablement: EFER.SVME and the host save area (VM_HSAVE_PA). */
#ifndef HVT_SVM_CPU_H
#define HVT_SVM_CPU_H

int hvt_svm_check_support(void);
int hvt_svm_enable_all(void);
void hvt_svm_disable_all(void);

#endif
