/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L1 world switch and the SVM fault probes (see svm.h).
 *
 * VMRUN switches RAX, RSP, RIP, RFLAGS and the VMCB save area, nothing else:
 * the other GPRs are L2's from VMRUN to #VMEXIT, so L1 loads and stores
 * them itself, around the instruction, from struct l2_regs.
 */

/* struct l2_regs offsets */
	.set R_RBX, 0x00
	.set R_RCX, 0x08
	.set R_RDX, 0x10
	.set R_RSI, 0x18
	.set R_RDI, 0x20
	.set R_RBP, 0x28
	.set R_R8,  0x30
	.set R_R9,  0x38
	.set R_R10, 0x40
	.set R_R11, 0x48
	.set R_R12, 0x50
	.set R_R13, 0x58
	.set R_R14, 0x60
	.set R_R15, 0x68

	.macro push_callee_saved
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	.endm

	.macro pop_callee_saved
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	.endm

	.text

/* void l1_vmrun(uint64_t vmcb_pa (rdi), struct l2_regs *regs (rsi)) */
	.globl l1_vmrun
	.type l1_vmrun, @function
l1_vmrun:
	push_callee_saved
	push	%rsi			/* regs, found again after #VMEXIT */
	mov	%rdi, %rax		/* VMRUN takes the VMCB address in RAX */
	mov	R_RBX(%rsi), %rbx
	mov	R_RCX(%rsi), %rcx
	mov	R_RDX(%rsi), %rdx
	mov	R_RDI(%rsi), %rdi
	mov	R_RBP(%rsi), %rbp
	mov	R_R8(%rsi), %r8
	mov	R_R9(%rsi), %r9
	mov	R_R10(%rsi), %r10
	mov	R_R11(%rsi), %r11
	mov	R_R12(%rsi), %r12
	mov	R_R13(%rsi), %r13
	mov	R_R14(%rsi), %r14
	mov	R_R15(%rsi), %r15
	mov	R_RSI(%rsi), %rsi	/* last: it was the base */
	vmrun	%rax
	/* #VMEXIT: RAX and RSP are L1's again, every other GPR is L2's. */
	mov	(%rsp), %rax
	mov	%rbx, R_RBX(%rax)
	mov	%rcx, R_RCX(%rax)
	mov	%rdx, R_RDX(%rax)
	mov	%rsi, R_RSI(%rax)
	mov	%rdi, R_RDI(%rax)
	mov	%rbp, R_RBP(%rax)
	mov	%r8, R_R8(%rax)
	mov	%r9, R_R9(%rax)
	mov	%r10, R_R10(%rax)
	mov	%r11, R_R11(%rax)
	mov	%r12, R_R12(%rax)
	mov	%r13, R_R13(%rax)
	mov	%r14, R_R14(%rax)
	mov	%r15, R_R15(%rax)
	add	$8, %rsp
	pop_callee_saved
	ret
	.size l1_vmrun, . - l1_vmrun

/*
 * uint64_t svm_probe_<insn>(uint64_t pa): RAX = pa, then the instruction at
 * svm_probe_<insn>_insn. The #UD/#GP hook (svm.c) resumes a fault there at
 * svm_probe_out with RAX = vector + 1. Callee-saved registers are kept even
 * if a VMRUN unexpectedly enters a guest.
 */
	.macro svm_probe name
	.globl svm_probe_\name
	.type svm_probe_\name, @function
svm_probe_\name:
	push_callee_saved
	mov	%rdi, %rax
	.globl svm_probe_\name\()_insn
svm_probe_\name\()_insn:
	\name	%rax
	xor	%eax, %eax		/* completed: no fault */
	jmp	svm_probe_out
	.size svm_probe_\name, . - svm_probe_\name
	.endm

	svm_probe vmrun
	svm_probe vmload
	svm_probe vmsave

	.globl svm_probe_out
svm_probe_out:
	pop_callee_saved
	ret

	.section .note.GNU-stack, "", @progbits
