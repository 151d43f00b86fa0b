/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry stubs for hooked vectors (idt_hook.c): the same frame as
 * idt_entry.S builds (struct exception_frame), but idt_hook_dispatch is
 * called and, when it returns, the saved GPRs are restored and IRET resumes
 * at the frame's (possibly changed) RIP.
 */
#include "idt_stub_table.h"

	IDT_STUB_TABLE idt_hook_stubs, idt_hook_dispatch

	.section .note.GNU-stack, "", @progbits
