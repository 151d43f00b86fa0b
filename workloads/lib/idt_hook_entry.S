/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry stubs for hooked vectors (idt_hook.c): the same frame as
 * idt_entry.S builds (struct exception_frame), but idt_hook_dispatch is
 * called and, when it returns, the saved GPRs are restored and IRET resumes
 * at the frame's (possibly changed) RIP.
 */
	.set ERRCODE_VECTORS, (1<<8)|(1<<10)|(1<<11)|(1<<12)|(1<<13)|(1<<14)|(1<<17)|(1<<21)|(1<<29)|(1<<30)

	.macro hook_stub vec
	.balign 16
	.if ((1 << \vec) & ERRCODE_VECTORS) == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	hook_common
	.endm

	.text
	.balign 16
	.globl idt_hook_stubs
idt_hook_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	hook_stub \v
	.endr

hook_common:
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
	mov	%rsp, %rdi
	cld
	call	idt_hook_dispatch
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
