/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AMD SVM for an L1 hypervisor image: the VMCB as laid out in the AMD64
 * APM vol. 2, appendix B (control area at 0x000, state save area at 0x400),
 * exit codes, intercept bits, CPUID feature bits, the SVM instructions, the
 * L1 world switch (svm_asm.S) and fault probes for the hostile tests.
 */
#ifndef HVT_GUEST_SVM_H
#define HVT_GUEST_SVM_H

#include <stddef.h>
#include <stdint.h>
#include "x86.h"

/* CPUID */
#define CPUID_EXT_FEATURES	0x80000001u
#define CPUID_EXT_ECX_SVM	(1u << 2)
#define CPUID_SVM_LEAF		0x8000000au
#define CPUID_ADDR_SIZES	0x80000008u	/* EAX[7:0] = MAXPHYADDR */
/* 0x8000000A EDX */
#define SVM_FEAT_NP		(1u << 0)
#define SVM_FEAT_LBRV		(1u << 1)
#define SVM_FEAT_NRIPS		(1u << 3)
#define SVM_FEAT_VMCB_CLEAN	(1u << 5)
#define SVM_FEAT_FLUSH_BY_ASID	(1u << 6)
#define SVM_FEAT_DECODE_ASSISTS	(1u << 7)
#define SVM_FEAT_V_VMSAVE	(1u << 15)
#define SVM_FEAT_VGIF		(1u << 16)

/* MSRs */
#define MSR_VM_CR		0xc0010114u
#define VM_CR_SVMDIS		(1ull << 4)
#define MSR_VM_HSAVE_PA		0xc0010117u
#define MSR_PAT			0x277u

/* CR0 bits the VMRUN consistency checks look at */
#define X86_CR0_NW		(1ull << 29)
#define X86_CR0_CD		(1ull << 30)

/* Segment in the state save area; attrib packs descriptor bits 40-47, 52-55. */
struct vmcb_seg {
	uint16_t selector;
	uint16_t attrib;
	uint32_t limit;
	uint64_t base;
} __attribute__((packed));

struct vmcb_control {
	uint32_t intercept_cr;		/* 0x000: reads 0-15, writes 16-31 */
	uint32_t intercept_dr;		/* 0x004 */
	uint32_t intercept_exc;		/* 0x008: one bit per vector */
	uint32_t intercept_misc1;	/* 0x00c: SVM_INTERCEPT1_* */
	uint32_t intercept_misc2;	/* 0x010: SVM_INTERCEPT2_* */
	uint32_t intercept_misc3;	/* 0x014 */
	uint8_t reserved_018[0x03c - 0x018];
	uint16_t pause_filter_thresh;	/* 0x03c */
	uint16_t pause_filter_count;	/* 0x03e */
	uint64_t iopm_base_pa;		/* 0x040 */
	uint64_t msrpm_base_pa;		/* 0x048 */
	uint64_t tsc_offset;		/* 0x050 */
	uint32_t asid;			/* 0x058 */
	uint8_t tlb_ctl;		/* 0x05c: SVM_TLB_* */
	uint8_t reserved_05d[3];
	uint64_t int_ctl;		/* 0x060 */
	uint64_t int_state;		/* 0x068 */
	uint64_t exit_code;		/* 0x070 */
	uint64_t exit_info_1;		/* 0x078 */
	uint64_t exit_info_2;		/* 0x080 */
	uint64_t exit_int_info;		/* 0x088 */
	uint64_t nested_ctl;		/* 0x090: SVM_NESTED_CTL_* */
	uint64_t avic_vapic_bar;	/* 0x098 */
	uint64_t ghcb_pa;		/* 0x0a0 */
	uint64_t event_inj;		/* 0x0a8 */
	uint64_t nested_cr3;		/* 0x0b0 */
	uint64_t virt_ext;		/* 0x0b8 */
	uint32_t clean;			/* 0x0c0 */
	uint32_t reserved_0c4;
	uint64_t next_rip;		/* 0x0c8 */
	uint8_t insn_len;		/* 0x0d0 */
	uint8_t insn_bytes[15];
	uint8_t reserved_0e0[0x400 - 0x0e0];
} __attribute__((packed));

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs;	/* 0x400 - 0x45f */
	struct vmcb_seg gdtr, ldtr, idtr, tr;	/* 0x460 - 0x49f */
	uint8_t reserved_4a0[0x4cb - 0x4a0];
	uint8_t cpl;			/* 0x4cb */
	uint32_t reserved_4cc;
	uint64_t efer;			/* 0x4d0 */
	uint8_t reserved_4d8[0x548 - 0x4d8];
	uint64_t cr4;			/* 0x548 */
	uint64_t cr3;			/* 0x550 */
	uint64_t cr0;			/* 0x558 */
	uint64_t dr7;			/* 0x560 */
	uint64_t dr6;			/* 0x568 */
	uint64_t rflags;		/* 0x570 */
	uint64_t rip;			/* 0x578 */
	uint8_t reserved_580[0x5d8 - 0x580];
	uint64_t rsp;			/* 0x5d8 */
	uint8_t reserved_5e0[0x5f8 - 0x5e0];
	uint64_t rax;			/* 0x5f8 */
	uint64_t star;			/* 0x600 */
	uint64_t lstar;			/* 0x608 */
	uint64_t cstar;			/* 0x610 */
	uint64_t sfmask;		/* 0x618 */
	uint64_t kernel_gs_base;	/* 0x620 */
	uint64_t sysenter_cs;		/* 0x628 */
	uint64_t sysenter_esp;		/* 0x630 */
	uint64_t sysenter_eip;		/* 0x638 */
	uint64_t cr2;			/* 0x640 */
	uint8_t reserved_648[0x668 - 0x648];
	uint64_t g_pat;			/* 0x668 */
	uint64_t dbgctl;		/* 0x670 */
	uint64_t br_from;		/* 0x678 */
	uint64_t br_to;			/* 0x680 */
	uint64_t last_excp_from;	/* 0x688 */
	uint64_t last_excp_to;		/* 0x690 */
} __attribute__((packed));

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
	uint8_t reserved_698[4096 - 0x698];
} __attribute__((packed));

#define VMCB_OFF(f) offsetof(struct vmcb, f)
_Static_assert(sizeof(struct vmcb) == 4096, "a VMCB is one page");
_Static_assert(VMCB_OFF(control.intercept_cr) == 0x00, "intercept_cr");
_Static_assert(VMCB_OFF(control.intercept_misc3) == 0x14, "intercept_misc3");
_Static_assert(VMCB_OFF(control.iopm_base_pa) == 0x40, "iopm");
_Static_assert(VMCB_OFF(control.msrpm_base_pa) == 0x48, "msrpm");
_Static_assert(VMCB_OFF(control.tsc_offset) == 0x50, "tsc_offset");
_Static_assert(VMCB_OFF(control.asid) == 0x58, "asid");
_Static_assert(VMCB_OFF(control.tlb_ctl) == 0x5c, "tlb_ctl");
_Static_assert(VMCB_OFF(control.int_ctl) == 0x60, "int_ctl");
_Static_assert(VMCB_OFF(control.int_state) == 0x68, "int_state");
_Static_assert(VMCB_OFF(control.exit_code) == 0x70, "exit_code");
_Static_assert(VMCB_OFF(control.exit_info_1) == 0x78, "exit_info_1");
_Static_assert(VMCB_OFF(control.exit_info_2) == 0x80, "exit_info_2");
_Static_assert(VMCB_OFF(control.exit_int_info) == 0x88, "exit_int_info");
_Static_assert(VMCB_OFF(control.nested_ctl) == 0x90, "nested_ctl");
_Static_assert(VMCB_OFF(control.event_inj) == 0xa8, "event_inj");
_Static_assert(VMCB_OFF(control.nested_cr3) == 0xb0, "nested_cr3");
_Static_assert(VMCB_OFF(control.clean) == 0xc0, "clean");
_Static_assert(VMCB_OFF(control.next_rip) == 0xc8, "next_rip");
_Static_assert(VMCB_OFF(save) == 0x400, "save area");
_Static_assert(VMCB_OFF(save.es) == 0x400, "es");
_Static_assert(VMCB_OFF(save.cs) == 0x410, "cs");
_Static_assert(VMCB_OFF(save.gdtr) == 0x460, "gdtr");
_Static_assert(VMCB_OFF(save.idtr) == 0x480, "idtr");
_Static_assert(VMCB_OFF(save.tr) == 0x490, "tr");
_Static_assert(VMCB_OFF(save.cpl) == 0x4cb, "cpl");
_Static_assert(VMCB_OFF(save.efer) == 0x4d0, "efer");
_Static_assert(VMCB_OFF(save.cr4) == 0x548, "cr4");
_Static_assert(VMCB_OFF(save.cr3) == 0x550, "cr3");
_Static_assert(VMCB_OFF(save.cr0) == 0x558, "cr0");
_Static_assert(VMCB_OFF(save.dr7) == 0x560, "dr7");
_Static_assert(VMCB_OFF(save.dr6) == 0x568, "dr6");
_Static_assert(VMCB_OFF(save.rflags) == 0x570, "rflags");
_Static_assert(VMCB_OFF(save.rip) == 0x578, "rip");
_Static_assert(VMCB_OFF(save.rsp) == 0x5d8, "rsp");
_Static_assert(VMCB_OFF(save.rax) == 0x5f8, "rax");
_Static_assert(VMCB_OFF(save.star) == 0x600, "star");
_Static_assert(VMCB_OFF(save.sysenter_eip) == 0x638, "sysenter_eip");
_Static_assert(VMCB_OFF(save.cr2) == 0x640, "cr2");
_Static_assert(VMCB_OFF(save.g_pat) == 0x668, "g_pat");

/* intercept_misc1 (VMCB 0x00c) */
#define SVM_INTERCEPT1_INTR	(1u << 0)
#define SVM_INTERCEPT1_NMI	(1u << 1)
#define SVM_INTERCEPT1_RDTSC	(1u << 14)
#define SVM_INTERCEPT1_CPUID	(1u << 18)
#define SVM_INTERCEPT1_HLT	(1u << 24)
#define SVM_INTERCEPT1_INVLPGA	(1u << 26)
#define SVM_INTERCEPT1_IOIO	(1u << 27)
#define SVM_INTERCEPT1_MSR	(1u << 28)
#define SVM_INTERCEPT1_SHUTDOWN	(1u << 31)
/* intercept_misc2 (VMCB 0x010) */
#define SVM_INTERCEPT2_VMRUN	(1u << 0)
#define SVM_INTERCEPT2_VMMCALL	(1u << 1)
#define SVM_INTERCEPT2_VMLOAD	(1u << 2)
#define SVM_INTERCEPT2_VMSAVE	(1u << 3)
#define SVM_INTERCEPT2_STGI	(1u << 4)
#define SVM_INTERCEPT2_CLGI	(1u << 5)

/* tlb_ctl */
#define SVM_TLB_NONE		0
#define SVM_TLB_FLUSH_ALL	1
/* nested_ctl */
#define SVM_NESTED_CTL_NP	(1ull << 0)

/* Exit codes (EXITCODE, VMCB 0x070) */
#define SVM_EXIT_EXCP_BASE	0x040ull	/* + vector */
#define SVM_EXIT_INTR		0x060ull
#define SVM_EXIT_CPUID		0x072ull
#define SVM_EXIT_HLT		0x078ull
#define SVM_EXIT_INVLPGA	0x07aull
#define SVM_EXIT_IOIO		0x07bull
#define SVM_EXIT_MSR		0x07cull
#define SVM_EXIT_SHUTDOWN	0x07full
#define SVM_EXIT_VMRUN		0x080ull
#define SVM_EXIT_VMMCALL	0x081ull
#define SVM_EXIT_VMLOAD		0x082ull
#define SVM_EXIT_VMSAVE		0x083ull
#define SVM_EXIT_STGI		0x084ull
#define SVM_EXIT_CLGI		0x085ull
#define SVM_EXIT_NPF		0x400ull
#define SVM_EXIT_INVALID	((uint64_t)-1)

/*
 * VMEXIT_INVALID is -1 in the APM's 64-bit EXITCODE, but some hypervisors
 * (Linux/KVM keeps exit_code as a u32) only write the low half: compare
 * that, report all 64 bits.
 */
static inline int svm_exit_is_invalid(uint64_t exit_code)
{
	return (uint32_t)exit_code == (uint32_t)SVM_EXIT_INVALID;
}

/* NPF EXITINFO1: a #PF error code plus where the fault hit. */
#define SVM_NPF_PRESENT		(1ull << 0)
#define SVM_NPF_WRITE		(1ull << 1)
#define SVM_NPF_USER		(1ull << 2)
#define SVM_NPF_RSVD		(1ull << 3)
#define SVM_NPF_FETCH		(1ull << 4)
#define SVM_NPF_FINAL		(1ull << 32)	/* translating the final GPA */
#define SVM_NPF_TABLE		(1ull << 33)	/* translating a guest table */

/* Instruction lengths, for RIP advance without NRIP save. */
#define SVM_LEN_CPUID	2
#define SVM_LEN_VMMCALL	3
#define SVM_LEN_HLT	1
#define SVM_LEN_MSR	2

/* MSRPM and IOPM sizes (pages). */
#define SVM_MSRPM_PAGES	2
#define SVM_IOPM_PAGES	3

static inline void vmload(uint64_t pa)
{
	asm volatile("vmload %%rax" :: "a"(pa) : "memory");
}

static inline void vmsave(uint64_t pa)
{
	asm volatile("vmsave %%rax" :: "a"(pa) : "memory");
}

/* A bare VMRUN: only for guests that leave every GPR but RAX/RSP alone. */
static inline void vmrun(uint64_t pa)
{
	asm volatile("vmrun %%rax" :: "a"(pa) : "memory");
}

static inline void stgi(void) { asm volatile("stgi" ::: "memory"); }
static inline void clgi(void) { asm volatile("clgi" ::: "memory"); }

static inline void invlpga(uint64_t va, uint32_t asid)
{
	asm volatile("invlpga %%rax, %%ecx" :: "a"(va), "c"(asid) : "memory");
}

/*
 * L2's GPRs that VMRUN/#VMEXIT leave to the hypervisor (all but RAX and
 * RSP, which live in the VMCB). Offsets are used by svm_asm.S.
 */
struct l2_regs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

_Static_assert(offsetof(struct l2_regs, rbx) == 0x00, "svm_asm.S");
_Static_assert(offsetof(struct l2_regs, rbp) == 0x28, "svm_asm.S");
_Static_assert(offsetof(struct l2_regs, r15) == 0x68, "svm_asm.S");

/*
 * World switch: load regs into the GPRs, VMRUN the VMCB at vmcb_pa, and on
 * #VMEXIT store L2's GPRs back into regs. L1's callee-saved registers are
 * preserved; everything else is as after a normal call.
 */
void l1_vmrun(uint64_t vmcb_pa, struct l2_regs *regs);

/*
 * Fault probes: execute VMRUN/VMLOAD/VMSAVE with RAX = pa and return 0 if
 * it completed (for VMRUN: after a #VMEXIT, the GPRs of a guest that leaves
 * them alone) or vector + 1 if it raised an exception. svm_probes_install()
 * hooks #UD and #GP once, on every vCPU.
 */
uint64_t svm_probe_vmrun(uint64_t pa);
uint64_t svm_probe_vmload(uint64_t pa);
uint64_t svm_probe_vmsave(uint64_t pa);
void svm_probes_install(void);

/* Set the MSRPM bits for msr (reads and/or writes); false if the MSR is
 * outside the three ranges the map covers (always intercepted then). */
int svm_msrpm_intercept(void *msrpm, uint32_t msr, int read, int write);
/* Set the IOPM bit for port. */
void svm_iopm_intercept(void *iopm, uint16_t port);

/* IOIO EXITINFO1 */
#define SVM_IOIO_IN		(1ull << 0)
#define SVM_IOIO_SZ32		(1ull << 6)
#define SVM_IOIO_PORT_SHIFT	16

/* Fill the VMCB state save area from the running CPU: VMSAVE (FS, GS, TR,
 * LDTR, syscall MSRs) plus segments, descriptor tables, CRs, EFER, PAT. */
void svm_save_from_cpu(struct vmcb *vmcb);

#endif
