/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One world switch. VMRUN/#VMEXIT switch only RAX, RSP, RIP, RFLAGS and the
 * VMCB state-save area; the other GPRs are loaded from and stored to
 * gprs[] here. VMLOAD/VMSAVE move the state VMRUN leaves alone (FS, GS,
 * TR, LDTR, KernelGSBase, STAR/LSTAR/CSTAR/SFMASK, SYSENTER_*): the host's
 * goes to host_save_pa around the guest's. Caller: interrupts off, GIF=0;
 * back with interrupts off, GIF=0.
 *
 * After #VMEXIT and before this code's first RET, the branch predictors
 * are made safe for the host as the running kernel chose at boot (the
 * alternatives are patched to its choice, docs/architecture.md): the
 * return stack buffer is overwritten (X86_FEATURE_RSB_VMEXIT: the guest's
 * CALLs must not steer the host's RETs), and return predictions untrained
 * (retbleed/SRSO: UNTRAIN_RET, which also does the kernel's entry IBPB).
 *
 * void hvt_svm_vmrun(u64 vmcb_pa, u64 host_save_pa, u64 *gprs)
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>

#define GPR(n) ((n) * 8)

.section .noinstr.text, "ax"

SYM_FUNC_START(hvt_svm_vmrun)
	push %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx
	push %rdx		/* gprs */
	push %rsi		/* host save area */

	mov %rsi, %rax
	vmsave %rax
	mov %rdi, %rax		/* VMCB; #VMEXIT gives the host RAX back */

	mov GPR(1)(%rdx), %rcx
	mov GPR(3)(%rdx), %rbx
	mov GPR(5)(%rdx), %rbp
	mov GPR(6)(%rdx), %rsi
	mov GPR(7)(%rdx), %rdi
	mov GPR(8)(%rdx), %r8
	mov GPR(9)(%rdx), %r9
	mov GPR(10)(%rdx), %r10
	mov GPR(11)(%rdx), %r11
	mov GPR(12)(%rdx), %r12
	mov GPR(13)(%rdx), %r13
	mov GPR(14)(%rdx), %r14
	mov GPR(15)(%rdx), %r15
	mov GPR(2)(%rdx), %rdx	/* last: it held the pointer */

	/*
	 * With V_INTR_MASKING the host's RFLAGS.IF decides whether physical
	 * interrupts exit the guest: set it. GIF=0 keeps them from being
	 * taken here in the host, so the window before VMRUN is harmless.
	 * STI's one-instruction shadow ends on VMLOAD, not on VMRUN: the
	 * testbed's CPU carries a shadow across VMRUN into the guest's
	 * INT_STATE at #VMEXIT, which L1 would then see for L2.
	 */
	sti
	vmload %rax
	vmrun %rax
	cli
	vmsave %rax

	push %rdx		/* guest RDX; gprs is now at 16(%rsp) */
	mov 16(%rsp), %rdx
	mov %rcx, GPR(1)(%rdx)
	mov %rbx, GPR(3)(%rdx)
	mov %rbp, GPR(5)(%rdx)
	mov %rsi, GPR(6)(%rdx)
	mov %rdi, GPR(7)(%rdx)
	mov %r8, GPR(8)(%rdx)
	mov %r9, GPR(9)(%rdx)
	mov %r10, GPR(10)(%rdx)
	mov %r11, GPR(11)(%rdx)
	mov %r12, GPR(12)(%rdx)
	mov %r13, GPR(13)(%rdx)
	mov %r14, GPR(14)(%rdx)
	mov %r15, GPR(15)(%rdx)
	pop %rax
	mov %rax, GPR(2)(%rdx)

	pop %rax		/* host save area */
	vmload %rax

	/* Before any RET: no guest-planted return prediction may be used. */
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT
	UNTRAIN_RET

	add $8, %rsp		/* gprs */
	pop %rbx
	pop %r12
	pop %r13
	pop %r14
	pop %r15
	pop %rbp
	RET
SYM_FUNC_END(hvt_svm_vmrun)
