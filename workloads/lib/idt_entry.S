/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception entry stubs for vectors 0-31, 16 bytes apart starting at
 * idt_stubs (idt.c computes each gate's target from that). Each stub makes
 * the stack look the same (a dummy error code where the CPU pushes none),
 * pushes its vector and joins exception_common, which saves the GPRs as a
 * struct exception_frame and calls idt_dispatch(frame).
 */

/* Vectors for which the CPU pushes an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX */
	.set ERRCODE_VECTORS, (1<<8)|(1<<10)|(1<<11)|(1<<12)|(1<<13)|(1<<14)|(1<<17)|(1<<21)|(1<<29)|(1<<30)

	.macro exception_stub vec
	.balign 16
	.if ((1 << \vec) & ERRCODE_VECTORS) == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exception_common
	.endm

	.text
	.balign 16
	.globl idt_stubs
idt_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exception_stub \v
	.endr

exception_common:
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
	call	idt_dispatch
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

	.section .note.GNU-stack, "", @progbits
