/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's CR4 writes (MOV to CR4 exits; reads do not). */
#ifndef HVT_SVM_CR_H
#define HVT_SVM_CR_H

#include <linux/types.h>

struct hvt_vcpu;

/* Whether the vCPU's CPUID (vcpu->caps) allows every bit of @cr4 (SET_SREGS too). */
bool hvt_cr4_valid(struct hvt_vcpu *vcpu, u64 cr4);

/*
 * MOV to CR4 from general register @gpr: HVT_EMULATED (the caller steps over
 * it), or the vector of the exception it raises instead (#GP).
 */
int hvt_cr4_write(struct hvt_vcpu *vcpu, unsigned int gpr, bool long_mode);

#endif
