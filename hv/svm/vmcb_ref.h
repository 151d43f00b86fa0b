/* SPDX-License-Identifier: GPL-2.0 */
/* A VMCB hvt runs a guest on, with its per-CPU ASID state (svm/asid.h). */
#ifndef HVT_SVM_VMCB_REF_H
#define HVT_SVM_VMCB_REF_H

#include <linux/types.h>

struct hvt_vmcb;

/*
 * One VMCB and what the entry path must know of its last run: its ASID (valid
 * on asid_cpu in generation asid_gen only, svm/asid.h) and the VM TLB
 * generation it saw. Each VMCB has its own ASID, so switching between two of
 * them needs no TLB flush (vmcb=split).
 */
struct hvt_vmcb_ref {
	struct hvt_vmcb *vmcb;
	u64 pa;
	u32 asid;
	int asid_cpu;
	u64 asid_gen;
	u64 tlb_gen;
};

#endif
