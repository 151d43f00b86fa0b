/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-vector exception callbacks on top of the runtime's IDT (idt.c).
 *
 * idt_hook_install(vector, fn) points that vector's gate in the loaded IDT
 * at a stub that calls fn(frame). fn returns true when it dealt with the
 * exception: the saved GPRs and RIP in the frame, possibly changed, are
 * restored by IRET. false falls back to the runtime's FAIL report. The IDT
 * is one table for all vCPUs, so a hook applies to every vCPU; fn must
 * decide from the frame alone (e.g. the faulting RIP) whether it applies.
 * Images that never call idt_hook_install keep idt.c's behaviour unchanged.
 */
#ifndef HVT_GUEST_IDT_HOOK_H
#define HVT_GUEST_IDT_HOOK_H

#include <stdbool.h>
#include "idt.h"

typedef bool (*idt_hook_fn)(struct exception_frame *f);

/* vector < IDT_NR_EXCEPTIONS; call after the runtime loaded its IDT. */
void idt_hook_install(unsigned int vector, idt_hook_fn fn);

#endif
