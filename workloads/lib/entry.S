/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 64-bit entry point of every guest image (see <hvt/boot.h>):
 * RDI = boot params GPA, RSI = vCPU index, RSP = top of this vCPU's stack.
 */
	.section .text.entry, "ax"
	.globl _start
	.type _start, @function
_start:
	cli				/* the VMM promises IF=0; be sure */
	cld				/* the C ABI wants DF=0 */
	xor	%ebp, %ebp		/* terminate frame-pointer chains */
	and	$-16, %rsp		/* ABI: RSP 16-aligned at the call */
	/* RDI and RSI already hold the two arguments. */
	call	guest_runtime_start
	/* guest_runtime_start does not return; stop here if it ever does. */
1:	cli
	hlt
	jmp	1b
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
