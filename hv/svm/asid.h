/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest ASIDs, handed out per physical CPU in generations. A VMCB holds an
 * ASID only for the CPU and generation it got it in; anywhere else it gets a
 * fresh one at its next entry. When a CPU runs out, its generation moves on
 * and the entry that starts the new generation flushes every ASID's TLB
 * entries, so an ASID is never handed out while it may still tag another
 * VMCB's translations. vCPUs and VMs are therefore not limited by the
 * number of ASIDs the CPU has (CPUID 0x8000000A EBX).
 */
#ifndef HVT_SVM_ASID_H
#define HVT_SVM_ASID_H

#include <linux/types.h>

struct hvt_vmcb_ref;

/* Module load: every CPU starts with an exhausted generation (first entry flushes). */
void hvt_asid_init(void);

/*
 * Interrupts off, on the CPU about to VMRUN @ref: make ref->asid valid here.
 * Returns true if the whole TLB (every ASID) must be flushed by this entry.
 */
bool hvt_asid_assign(struct hvt_vmcb_ref *ref);

/*
 * Drop @ref's cached translations: TLB_CONTROL "flush this ASID" where the
 * CPU has it (FlushByAsid), else a fresh ASID at the next entry. Returns the
 * TLB_CONTROL value the next entry must use (0 when a new ASID does it).
 */
u8 hvt_asid_flush(struct hvt_vmcb_ref *ref);

#endif
