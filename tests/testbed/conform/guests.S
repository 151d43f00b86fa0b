/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest programs of hvt-conform (conform.c), each a few instructions that
 * look at one piece of CPU state the hypervisor must switch or emulate.
 * They start in real mode at GUEST_LOAD (CS = 0, IP = GUEST_LOAD), write
 * what they see into the result area (struct conform_results, conform.h),
 * and end with OUT to PORT_DONE and HLT. OUT to PORT_CHECK is a checkpoint:
 * the VMM looks at its own state, then resumes the guest.
 *
 * Each program is copied to GUEST_LOAD, so an absolute address inside it is
 * written A(label): its offset from the program's start, plus GUEST_LOAD.
 * Exceptions the programs provoke on purpose (#DB, #UD, #GP) are counted in
 * results.vec_count[] by handlers that step over the faulting instruction by
 * results.skip bytes.
 */
#include "conform.h"

#define PROG none

/* PROG is the program being assembled; every label in it is unique to it. */
#define A(x) ((x) - PROG + GUEST_LOAD)
#define R(field) (RESULTS_GPA + field)

/* Per-program prologue: real mode, flat segments, a stack, the IVT handlers. */
.macro PROLOGUE p
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $STACK_TOP, %sp
	movw $(\p\()_exc_db - \p + GUEST_LOAD), 1 * 4
	movw $0, 1 * 4 + 2
	movw $(\p\()_exc_ud - \p + GUEST_LOAD), 6 * 4
	movw $0, 6 * 4 + 2
	movw $(\p\()_exc_gp - \p + GUEST_LOAD), 13 * 4
	movw $0, 13 * 4 + 2
	movw $0, R(RES_SKIP)
.endm

/* Real-mode handlers: count the vector, step over results.skip bytes, IRET. */
.macro HANDLERS p
\p\()_exc_db:
	push %bx
	mov $1, %bx
	jmp \p\()_exc_common
\p\()_exc_ud:
	push %bx
	mov $6, %bx
	jmp \p\()_exc_common
\p\()_exc_gp:
	push %bx
	mov $13, %bx
\p\()_exc_common:
	push %ax
	push %bp
	mov %bx, R(RES_LAST_VECTOR)
	shl $1, %bx
	incw R(RES_VEC_COUNT)(%bx)
	mov %sp, %bp
	mov R(RES_SKIP), %ax
	add %ax, 6(%bp)		/* the saved IP, above bp, ax, bx */
	pop %bp
	pop %ax
	pop %bx
	iret
.endm

.macro DONE
	outb %al, $PORT_DONE
	hlt
.endm

/* Store %eax in result slot n (u64 r[n], upper half cleared). */
.macro SAVE n
	mov %eax, R(RES_R + 8 * \n)
	movl $0, R(RES_R + 8 * \n + 4)
.endm

	.section .rodata, "a"
	.code16

/*
 * fpu_init: the FPU/SSE state a new vCPU starts with, before the guest
 * touched it: x87 control word, MXCSR, XMM0-7. Then it loads its own
 * pattern (params p[0..1]) into XMM0-7, for the VMM to check that its own
 * registers were not touched.
 */
	.globl guest_fpu_init, guest_fpu_init_end
#undef PROG
#define PROG guest_fpu_init
guest_fpu_init:
	PROLOGUE guest_fpu_init
	mov %cr0, %eax
	and $~0x4, %eax			/* EM off */
	or $0x2, %eax			/* MP on */
	mov %eax, %cr0
	mov %cr4, %eax
	or $0x600, %eax			/* OSFXSR, OSXMMEXCPT */
	mov %eax, %cr4
	fnstcw R(RES_FCW)
	stmxcsr R(RES_MXCSR)
	movdqu %xmm0, R(RES_XMM + 0 * 16)
	movdqu %xmm1, R(RES_XMM + 1 * 16)
	movdqu %xmm2, R(RES_XMM + 2 * 16)
	movdqu %xmm3, R(RES_XMM + 3 * 16)
	movdqu %xmm4, R(RES_XMM + 4 * 16)
	movdqu %xmm5, R(RES_XMM + 5 * 16)
	movdqu %xmm6, R(RES_XMM + 6 * 16)
	movdqu %xmm7, R(RES_XMM + 7 * 16)
	movdqu PARAMS_GPA, %xmm0
	movdqa %xmm0, %xmm1
	movdqa %xmm0, %xmm2
	movdqa %xmm0, %xmm3
	movdqa %xmm0, %xmm4
	movdqa %xmm0, %xmm5
	movdqa %xmm0, %xmm6
	movdqa %xmm0, %xmm7
	DONE
	HANDLERS guest_fpu_init
guest_fpu_init_end:

/*
 * pkru: turn on CR4.PKE (#GP unless the CPUID offers PKU), read CR4 back
 * (r0); if PKE is on: RDPKRU (r1), WRPKRU p[0], RDPKRU (r2), checkpoint,
 * RDPKRU again (r3): the guest's own value must survive its exits.
 */
	.globl guest_pkru, guest_pkru_end
#undef PROG
#define PROG guest_pkru
guest_pkru:
	PROLOGUE guest_pkru
	movw $3, R(RES_SKIP)		/* mov %eax,%cr4 is 3 bytes */
	mov %cr4, %eax
	or $0x400000, %eax
	mov %eax, %cr4
	mov %cr4, %eax
	SAVE 0
	test $0x400000, %eax
	jz 1f
	xor %ecx, %ecx
	rdpkru
	SAVE 1
	mov PARAMS_GPA, %eax
	xor %ecx, %ecx
	xor %edx, %edx
	wrpkru
	rdpkru
	SAVE 2
	outb %al, $PORT_CHECK
	xor %ecx, %ecx
	rdpkru
	SAVE 3
1:	DONE
	HANDLERS guest_pkru
guest_pkru_end:

/*
 * debugregs: DR0-3, DR6, DR7 as the guest finds them (r0-r5); DR0 = p[0]
 * (a guest address), DR1-3 = p[1..3], DR7 = p[4] (a write breakpoint on
 * DR0); read back (r6-r10); checkpoint; write to p[0] (a #DB if the
 * breakpoint fires, counted, DR6 read in the handler: r11); DR7 = 0 again.
 */
	.globl guest_debugregs, guest_debugregs_end
#undef PROG
#define PROG guest_debugregs
guest_debugregs:
	PROLOGUE guest_debugregs
	mov %dr0, %eax
	SAVE 0
	mov %dr1, %eax
	SAVE 1
	mov %dr2, %eax
	SAVE 2
	mov %dr3, %eax
	SAVE 3
	mov %dr6, %eax
	SAVE 4
	mov %dr7, %eax
	SAVE 5
	mov PARAMS_GPA + 0 * 8, %eax
	mov %eax, %dr0
	mov PARAMS_GPA + 1 * 8, %eax
	mov %eax, %dr1
	mov PARAMS_GPA + 2 * 8, %eax
	mov %eax, %dr2
	mov PARAMS_GPA + 3 * 8, %eax
	mov %eax, %dr3
	mov PARAMS_GPA + 4 * 8, %eax
	mov %eax, %dr7
	mov %dr0, %eax
	SAVE 6
	mov %dr1, %eax
	SAVE 7
	mov %dr2, %eax
	SAVE 8
	mov %dr3, %eax
	SAVE 9
	mov %dr7, %eax
	SAVE 10
	outb %al, $PORT_CHECK		/* an exit with the breakpoint armed */
	movw $A(dbg_db_dr6), 1 * 4		/* this #DB handler also reads DR6 */
	mov PARAMS_GPA + 0 * 8, %bx
	movl $0x5a5a5a5a, (%bx)		/* hits DR0: #DB after the write */
	xor %eax, %eax
	mov %eax, %dr7
	DONE
dbg_db_dr6:
	push %eax
	mov %dr6, %eax
	SAVE 11
	incw R(RES_VEC_COUNT + 2 * 1)
	pop %eax
	iret
	HANDLERS guest_debugregs
guest_debugregs_end:

/* spin: a guest that never exits by itself (the host's interrupts stop it). */
	.globl guest_spin, guest_spin_end
guest_spin:
1:	jmp 1b
guest_spin_end:

/* rdpmc: RDPMC of counter 0; no PMU is offered, so #GP (counted). */
	.globl guest_rdpmc, guest_rdpmc_end
#undef PROG
#define PROG guest_rdpmc
guest_rdpmc:
	PROLOGUE guest_rdpmc
	movw $2, R(RES_SKIP)
	xor %ecx, %ecx
	mov $0x5a5a5a5a, %eax
	mov %eax, %edx
	rdpmc
	mov %eax, R(RES_R)
	mov %edx, R(RES_R + 4)
	mov $0x40, %ecx
	rdpmc
	DONE
	HANDLERS guest_rdpmc
guest_rdpmc_end:

/*
 * tsc_aux: RDTSCP's ECX as set by the VMM (r0); WRMSR TSC_AUX = p[0];
 * checkpoint (the VMM's own RDTSCP must read its own value); RDTSCP (r1).
 */
	.globl guest_tsc_aux, guest_tsc_aux_end
#undef PROG
#define PROG guest_tsc_aux
guest_tsc_aux:
	PROLOGUE guest_tsc_aux
	movw $2, R(RES_SKIP)
	rdtscp
	mov %ecx, %eax
	SAVE 0
	mov $0xc0000103, %ecx
	mov PARAMS_GPA, %eax
	xor %edx, %edx
	wrmsr
	outb %al, $PORT_CHECK
	rdtscp
	mov %ecx, %eax
	SAVE 1
	DONE
	HANDLERS guest_tsc_aux
guest_tsc_aux_end:

/*
 * msr_ops: the MSR operations of the params table (struct conform_msr_op),
 * each RDMSR or WRMSR with results.skip = 2; per op, whether it faulted and
 * what it read (struct conform_msr_result).
 */
	.globl guest_msr_ops, guest_msr_ops_end
#undef PROG
#define PROG guest_msr_ops
guest_msr_ops:
	PROLOGUE guest_msr_ops
	movw $2, R(RES_SKIP)
	mov $PARAMS_GPA, %si
	mov $(RESULTS_GPA + RES_MSR), %di
1:	mov 0(%si), %ecx		/* index; 0 ends the table */
	test %ecx, %ecx
	jz 3f
	mov R(RES_VEC_COUNT + 2 * 13), %bx
	mov 8(%si), %eax
	mov 12(%si), %edx
	cmpl $0, 4(%si)
	je 2f
	wrmsr
	jmp 4f
2:	xor %eax, %eax
	xor %edx, %edx
	rdmsr
4:	mov %eax, 0(%di)
	mov %edx, 4(%di)
	sub R(RES_VEC_COUNT + 2 * 13), %bx	/* -1 if it faulted */
	movsx %bx, %ebx
	neg %ebx
	mov %ebx, 8(%di)
	add $16, %si
	add $16, %di
	jmp 1b
3:	DONE
	HANDLERS guest_msr_ops
guest_msr_ops_end:

/*
 * single_step: 10 instructions with RFLAGS.TF; each #DB (a trap) is counted.
 * The handler clears TF in the saved flags after the tenth.
 */
	.globl guest_single_step, guest_single_step_end
#undef PROG
#define PROG guest_single_step
guest_single_step:
	PROLOGUE guest_single_step
	movw $A(ss_db_step), 1 * 4
	pushf
	pop %ax
	or $0x100, %ax
	push %ax
	popf
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	nop
	DONE
ss_db_step:
	push %bp
	mov %sp, %bp
	incw R(RES_VEC_COUNT + 2 * 1)
	cmpw $10, R(RES_VEC_COUNT + 2 * 1)
	jb 1f
	andw $~0x100, 6(%bp)		/* saved FLAGS: above bp, IP, CS */
1:	pop %bp
	iret
	HANDLERS guest_single_step
guest_single_step_end:

/*
 * io_mmio: IN from PORT_DATA into AL with EAX = 0x11223300 (r0 = EAX
 * after), then a byte read from GPA MMIO_GPA, which no memslot covers
 * (r1 = EAX after). The VMM answers both, and rewrites kvm_run between.
 */
	.globl guest_io_mmio, guest_io_mmio_end
#undef PROG
#define PROG guest_io_mmio
guest_io_mmio:
	PROLOGUE guest_io_mmio
	mov $0x11223300, %eax
	inb $PORT_DATA, %al
	SAVE 0
	mov $(MMIO_GPA >> 4), %bx
	mov %bx, %fs
	mov $0x44556600, %eax
	xor %bx, %bx
	mov %fs:(%bx), %al		/* 64 8a 07: the same length in every mode */
	SAVE 1
	DONE
	HANDLERS guest_io_mmio
guest_io_mmio_end:

/*
 * long_mode: the guest enables long mode itself. Protected mode with PAE
 * paging; WRMSR EFER.LME with paging on must #GP (r0 = EFER after, fault
 * counted); then paging off, LME on, paging on: compatibility mode. RDMSR
 * EFER (r1: LMA must be set); WRMSR EFER without LMA (r2: LMA still set,
 * the write's LMA is ignored); prefixed CPUID and RDMSR must be stepped
 * over by their whole length (r3 = EAX of `66 cpuid` leaf 0, r4 = a marker
 * after `f3 rdmsr`). Everything after protected mode counts #GP through a
 * 32-bit IDT into the same vec_count.
 */
	.globl guest_long_mode, guest_long_mode_end
#undef PROG
#define PROG guest_long_mode
guest_long_mode:
	PROLOGUE guest_long_mode
	/* GDT: null, 32-bit code 0x08, data 0x10. IDT: #GP gate to lm_gp32. */
	movl $0, LM_GDT
	movl $0, LM_GDT + 4
	movl $0x0000ffff, LM_GDT + 8
	movl $0x00cf9a00, LM_GDT + 12
	movl $0x0000ffff, LM_GDT + 16
	movl $0x00cf9200, LM_GDT + 20
	movw $23, LM_GDTR
	movl $LM_GDT, LM_GDTR + 2
	movw $A(lm_gp32), LM_IDT + 13 * 8
	movw $0x08, LM_IDT + 13 * 8 + 2
	movw $0x8e00, LM_IDT + 13 * 8 + 4
	movw $0, LM_IDT + 13 * 8 + 6
	movw $(32 * 8 - 1), LM_IDTR
	movl $LM_IDT, LM_IDTR + 2
	/* Page tables: PML4 -> PDPT -> PD with one 2 MiB page at 0 (PAE uses PDPT+PD). */
	movl $(LM_PDPT | 3), LM_PML4
	movl $0, LM_PML4 + 4
	movl $(LM_PD | 1), LM_PDPT	/* PAE PDPTEs have no R/W bit */
	movl $0, LM_PDPT + 4
	movl $0x83, LM_PD		/* 2 MiB, present, writable */
	movl $0, LM_PD + 4
	lgdtl LM_GDTR
	lidtl LM_IDTR
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $A(lm_pm32)
	.code32
lm_pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov %cr4, %eax
	or $0x20, %eax			/* PAE */
	mov %eax, %cr4
	mov $LM_PDPT, %eax		/* legacy PAE paging first */
	mov %eax, %cr3
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	/* LME cannot change while paging is on: #GP, EFER unchanged. */
	movw $2, R(RES_SKIP)
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	rdmsr
	SAVE 0
	/* Now the architected way: paging off, CR3 = PML4, LME, paging on. */
	mov %cr0, %eax
	and $0x7fffffff, %eax
	mov %eax, %cr0
	mov $LM_PML4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000000, %eax
	mov %eax, %cr0
	jmp 1f				/* compatibility mode from here */
1:	mov $0xc0000080, %ecx
	rdmsr
	SAVE 1
	and $~0x400, %eax		/* a write that clears LMA: ignored */
	wrmsr
	rdmsr
	SAVE 2
	xor %eax, %eax
	.byte 0x66			/* one prefix: 3 bytes, stepping 2 would land in it */
	cpuid
	SAVE 3
	mov $0xc0000080, %ecx
	.byte 0xf3
	rdmsr
	mov $0x600d, %eax
	SAVE 4
	outb %al, $PORT_DONE
	hlt
lm_gp32:
	add $4, %esp			/* error code */
	push %eax
	incw R(RES_VEC_COUNT + 2 * 13)
	movzwl R(RES_SKIP), %eax
	add %eax, 4(%esp)		/* the saved EIP, above eax */
	pop %eax
	iret
	.code16
	HANDLERS guest_long_mode
guest_long_mode_end:
