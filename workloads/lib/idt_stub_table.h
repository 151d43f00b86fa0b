/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For assembly (.S) files: IDT_STUB_TABLE table, dispatch emits 32 entry
 * stubs for vectors 0-31, 16 bytes apart starting at the global `table`.
 * Each stub makes the stack look the same (a dummy error code where the CPU
 * pushes none), pushes its vector and joins the table's common path, which
 * saves the GPRs as a struct exception_frame, calls dispatch(frame), then
 * restores the GPRs (possibly changed) and IRETs to the frame's RIP.
 */
#ifndef HVT_WORKLOADS_IDT_STUB_TABLE_H
#define HVT_WORKLOADS_IDT_STUB_TABLE_H

/* Vectors for which the CPU pushes an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX */
	.set ERRCODE_VECTORS, (1<<8)|(1<<10)|(1<<11)|(1<<12)|(1<<13)|(1<<14)|(1<<17)|(1<<21)|(1<<29)|(1<<30)

	.macro IDT_STUB_TABLE table, dispatch
	.text
	.balign 16
	.globl \table
\table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.balign 16
	.if ((1 << \v) & ERRCODE_VECTORS) == 0
	pushq	$0
	.endif
	pushq	$\v
	jmp	\table\()_common
	.endr

\table\()_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	/* CPU frame (aligned) + 2 + 15 pushes = 176 bytes: RSP is 16-aligned. */
	mov	%rsp, %rdi
	cld
	call	\dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	add	$16, %rsp		/* vector and error code */
	iretq
	.endm

#endif
