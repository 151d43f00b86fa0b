/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception entry stubs for vectors 0-31 at idt_stubs (idt.c computes each
 * gate's target from that): each saves the GPRs as a struct exception_frame
 * and calls idt_dispatch(frame).
 */
#include "idt_stub_table.h"

	IDT_STUB_TABLE idt_stubs, idt_dispatch

	.section .note.GNU-stack, "", @progbits
