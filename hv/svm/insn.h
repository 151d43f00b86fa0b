/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The instruction an intercept stopped at: its length (to step over it)
 * and, for MOV CR/DR, its registers. NRIP save and decode assists give them
 * where the CPU has those features; otherwise hvt fetches the bytes at
 * CS:RIP through the guest's paging and decodes them (core/x86_insn.h).
 */
#ifndef HVT_SVM_INSN_H
#define HVT_SVM_INSN_H

#include <linux/types.h>

#include "core/x86_insn.h"

struct hvt_vcpu;

/*
 * Decode the instruction at the guest's RIP and check it is @op. 0 on
 * success; -EAGAIN if the bytes cannot be read without sleeping (only when
 * !@can_sleep: come back in process context); -EFAULT if they cannot be
 * read at all or are not @op (the guest changed its code meanwhile: let it
 * run the instruction again).
 */
int hvt_insn_decode(struct hvt_vcpu *vcpu, u32 op, bool can_sleep, struct hvt_insn *insn);

/* RIP after the intercepted instruction, given its decoded length. */
void hvt_insn_skip(struct hvt_vcpu *vcpu, const struct hvt_insn *insn);

#endif
