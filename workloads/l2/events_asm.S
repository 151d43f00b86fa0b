/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2's interrupt handlers for the event tests (struct l2_event_log in
 * l2.h). Every vector has a 16-byte stub that pushes a dummy error code
 * (unless the CPU pushed one) and the vector, then the common path records
 * them in sh->ev through RDI and halts: L1 intercepts HLT and reads the log.
 * RDI holds sh when L2 starts, and nothing in l2_event_entry changes it.
 */
	.set EV_STEP, 0x00
	.set EV_VECTOR, 0x08
	.set EV_ERROR, 0x10
	.set EV_SEEN_STEP, 0x18
	.set EV_COUNT, 0x20

	.text
	.globl l2_event_entry
l2_event_entry:
	movq	$1, EV_STEP(%rdi)
1:	hlt
	jmp	1b

	.altmacro
	.macro stub v
	.balign 16
	.if (\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || (\v == 21) || (\v == 29) || (\v == 30)
	pushq	$\v
	.else
	pushq	$0
	pushq	$\v
	.endif
	jmp	l2_event_common
	.endm

	.balign 16
	.globl l2_event_stubs
l2_event_stubs:
	.set vec, 0
	.rept 256
	stub %vec
	.set vec, vec + 1
	.endr

l2_event_common:
	movq	(%rsp), %rax
	movq	%rax, EV_VECTOR(%rdi)
	movq	8(%rsp), %rax
	movq	%rax, EV_ERROR(%rdi)
	movq	EV_STEP(%rdi), %rax
	movq	%rax, EV_SEEN_STEP(%rdi)
	incq	EV_COUNT(%rdi)
2:	hlt
	jmp	2b

/*
 * A page of its own, nothing else in it: L1 marks it NX in NPT12
 * (nested-npt12-bits). Marks ev.step if it ever runs.
 */
	.section .text.l2_nx_page, "ax"
	.balign 4096
	.globl l2_nx_target
l2_nx_target:
	movq	$1, EV_STEP(%rdi)
	ret
	.balign 4096
