/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's debug registers (MOV to/from DR0-DR7 exits). */
#ifndef HVT_SVM_DR_H
#define HVT_SVM_DR_H

#include <linux/types.h>

struct hvt_vcpu;

/*
 * Emulate MOV to (@write) or from DR@dr with general register @gpr, in
 * 64-bit mode or not. HVT_EMULATED (the caller steps over it), or the
 * vector of the exception the instruction raises instead.
 */
int hvt_dr_access(struct hvt_vcpu *vcpu, unsigned int dr, bool write, unsigned int gpr,
		  bool long_mode);

#endif
