/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMCB (AMD64 APM vol. 2, appendix B): a 4 KiB page, control area at
 * 0x000, state-save area at 0x400. Layout and numbers are the manual's;
 * the offsets are checked at compile time.
 */
#ifndef HVT_SVM_VMCB_H
#define HVT_SVM_VMCB_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Intercept vector 3 (control offset 0x0c). */
#define HVT_INTERCEPT_INTR	  (1u << 0)
#define HVT_INTERCEPT_NMI	  (1u << 1)
#define HVT_INTERCEPT_SMI	  (1u << 2)
#define HVT_INTERCEPT_INIT	  (1u << 3)
#define HVT_INTERCEPT_RDPMC	  (1u << 15)
#define HVT_INTERCEPT_CPUID	  (1u << 18)
#define HVT_INTERCEPT_INVD	  (1u << 22)
#define HVT_INTERCEPT_HLT	  (1u << 24)
#define HVT_INTERCEPT_INVLPGA	  (1u << 26)
#define HVT_INTERCEPT_IOIO	  (1u << 27)
#define HVT_INTERCEPT_MSR	  (1u << 28)
#define HVT_INTERCEPT_TASK_SWITCH (1u << 29)
#define HVT_INTERCEPT_SHUTDOWN	  (1u << 31)
/* Intercept vector 4 (control offset 0x10). */
#define HVT_INTERCEPT_VMRUN	  (1u << 0)
#define HVT_INTERCEPT_VMMCALL	  (1u << 1)
#define HVT_INTERCEPT_VMLOAD	  (1u << 2)
#define HVT_INTERCEPT_VMSAVE	  (1u << 3)
#define HVT_INTERCEPT_STGI	  (1u << 4)
#define HVT_INTERCEPT_CLGI	  (1u << 5)
#define HVT_INTERCEPT_SKINIT	  (1u << 6)
#define HVT_INTERCEPT_RDTSCP_	  (1u << 7)
#define HVT_INTERCEPT_ICEBP	  (1u << 8)
#define HVT_INTERCEPT_WBINVD	  (1u << 9)
#define HVT_INTERCEPT_MONITOR	  (1u << 10)
#define HVT_INTERCEPT_MWAIT	  (1u << 11)
#define HVT_INTERCEPT_XSETBV	  (1u << 13)

/* Intercept vector 0 (control offset 0x00): CR reads in bits 0-15, writes in 16-31. */
#define HVT_INTERCEPT_CR_WRITE(n) (1u << (16 + (n)))

/* Exception vectors (intercept vector 2, EVENTINJ). */
#define HVT_VEC_DB 1
#define HVT_VEC_UD 6
#define HVT_VEC_GP 13
#define HVT_VEC_AC 17
#define HVT_VEC_MC 18

/* int_ctl */
#define HVT_V_INTR_MASKING (1u << 24)

/* nested_ctl */
#define HVT_NESTED_CTL_NP_ENABLE (1ull << 0)

/* tlb_ctl */
#define HVT_TLB_CONTROL_DO_NOTHING 0
#define HVT_TLB_CONTROL_FLUSH_ALL  1	/* every ASID */
#define HVT_TLB_CONTROL_FLUSH_ASID 3	/* this VMCB's ASID (FlushByAsid) */

/* event_inj / exit_int_info */
#define HVT_EVTINJ_VALID     (1u << 31)
#define HVT_EVTINJ_VALID_ERR (1u << 11)
#define HVT_EVTINJ_TYPE_INTR (0u << 8)
#define HVT_EVTINJ_TYPE_NMI  (2u << 8)
#define HVT_EVTINJ_TYPE_EXC  (3u << 8)
#define HVT_EVTINJ_TYPE_SOFT (4u << 8)

/* Exit codes. */
#define HVT_EXIT_READ_CR0   0x000
#define HVT_EXIT_WRITE_CR0  0x010
#define HVT_EXIT_READ_DR0   0x020
#define HVT_EXIT_WRITE_DR0  0x030
#define HVT_EXIT_EXCP_BASE 0x040
#define HVT_EXIT_INTR	   0x060
#define HVT_EXIT_NMI	   0x061
#define HVT_EXIT_SMI	   0x062
#define HVT_EXIT_INIT	   0x063
#define HVT_EXIT_RDPMC	   0x06f
#define HVT_EXIT_CPUID	   0x072
#define HVT_EXIT_INVD	   0x076
#define HVT_EXIT_HLT	   0x078
#define HVT_EXIT_INVLPGA   0x07a
#define HVT_EXIT_IOIO	   0x07b
#define HVT_EXIT_MSR	   0x07c
#define HVT_EXIT_TASK_SWITCH 0x07d
#define HVT_EXIT_SHUTDOWN  0x07f
#define HVT_EXIT_VMRUN	   0x080
#define HVT_EXIT_VMMCALL   0x081
#define HVT_EXIT_VMLOAD	   0x082
#define HVT_EXIT_VMSAVE	   0x083
#define HVT_EXIT_STGI	   0x084
#define HVT_EXIT_CLGI	   0x085
#define HVT_EXIT_SKINIT	   0x086
#define HVT_EXIT_ICEBP	   0x088
#define HVT_EXIT_WBINVD	   0x089
#define HVT_EXIT_MONITOR   0x08a
#define HVT_EXIT_MWAIT	   0x08b
#define HVT_EXIT_XSETBV	   0x08d
#define HVT_EXIT_NPF	   0x400
#define HVT_EXIT_INVALID   ((u64)-1)

/* IOIO exit_info_1 */
#define HVT_IOIO_TYPE_IN   (1u << 0)
#define HVT_IOIO_STR	   (1u << 2)
#define HVT_IOIO_REP	   (1u << 3)
#define HVT_IOIO_SIZE_SHIFT 4
#define HVT_IOIO_SIZE_MASK (7u << HVT_IOIO_SIZE_SHIFT)
#define HVT_IOIO_PORT_SHIFT 16

/* NPF exit_info_1 (error code) */
#define HVT_NPF_PRESENT (1ull << 0)
#define HVT_NPF_WRITE	(1ull << 1)
#define HVT_NPF_USER	(1ull << 2)
#define HVT_NPF_RSVD	(1ull << 3)
#define HVT_NPF_FETCH	(1ull << 4)

struct hvt_vmcb_control {
	u32 intercept_cr;		/* 0x000 */
	u32 intercept_dr;		/* 0x004 */
	u32 intercept_exceptions;	/* 0x008 */
	u32 intercept_misc1;		/* 0x00c */
	u32 intercept_misc2;		/* 0x010 */
	u32 intercept_misc3;		/* 0x014 */
	u8 reserved_018[0x03c - 0x018];
	u16 pause_filter_thresh;	/* 0x03c */
	u16 pause_filter_count;		/* 0x03e */
	u64 iopm_base_pa;		/* 0x040 */
	u64 msrpm_base_pa;		/* 0x048 */
	u64 tsc_offset;			/* 0x050 */
	u32 asid;			/* 0x058 */
	u8 tlb_ctl;			/* 0x05c */
	u8 reserved_05d[3];
	u32 int_ctl;			/* 0x060 */
	u32 int_vector;			/* 0x064 */
	u32 int_state;			/* 0x068 */
	u8 reserved_06c[4];
	u64 exit_code;			/* 0x070 */
	u64 exit_info_1;		/* 0x078 */
	u64 exit_info_2;		/* 0x080 */
	u32 exit_int_info;		/* 0x088 */
	u32 exit_int_info_err;		/* 0x08c */
	u64 nested_ctl;			/* 0x090 */
	u64 avic_vapic_bar;		/* 0x098 */
	u64 ghcb_gpa;			/* 0x0a0 */
	u32 event_inj;			/* 0x0a8 */
	u32 event_inj_err;		/* 0x0ac */
	u64 nested_cr3;			/* 0x0b0 */
	u64 virt_ext;			/* 0x0b8 */
	u32 clean;			/* 0x0c0 */
	u32 reserved_0c4;
	u64 next_rip;			/* 0x0c8 */
	u8 insn_len;			/* 0x0d0 */
	u8 insn_bytes[15];		/* 0x0d1 */
	u8 reserved_0e0[0x400 - 0x0e0];
} __packed;

struct hvt_vmcb_seg {
	u16 selector;
	u16 attrib;
	u32 limit;
	u64 base;
} __packed;

struct hvt_vmcb_save {
	struct hvt_vmcb_seg es;		/* 0x400 */
	struct hvt_vmcb_seg cs;		/* 0x410 */
	struct hvt_vmcb_seg ss;		/* 0x420 */
	struct hvt_vmcb_seg ds;		/* 0x430 */
	struct hvt_vmcb_seg fs;		/* 0x440 */
	struct hvt_vmcb_seg gs;		/* 0x450 */
	struct hvt_vmcb_seg gdtr;	/* 0x460 */
	struct hvt_vmcb_seg ldtr;	/* 0x470 */
	struct hvt_vmcb_seg idtr;	/* 0x480 */
	struct hvt_vmcb_seg tr;		/* 0x490 */
	u8 reserved_4a0[0x4cb - 0x4a0];
	u8 cpl;				/* 0x4cb */
	u32 reserved_4cc;
	u64 efer;			/* 0x4d0 */
	u8 reserved_4d8[0x548 - 0x4d8];
	u64 cr4;			/* 0x548 */
	u64 cr3;			/* 0x550 */
	u64 cr0;			/* 0x558 */
	u64 dr7;			/* 0x560 */
	u64 dr6;			/* 0x568 */
	u64 rflags;			/* 0x570 */
	u64 rip;			/* 0x578 */
	u8 reserved_580[0x5d8 - 0x580];
	u64 rsp;			/* 0x5d8 */
	u64 s_cet;			/* 0x5e0 */
	u64 ssp;			/* 0x5e8 */
	u64 isst_addr;			/* 0x5f0 */
	u64 rax;			/* 0x5f8 */
	u64 star;			/* 0x600 */
	u64 lstar;			/* 0x608 */
	u64 cstar;			/* 0x610 */
	u64 sfmask;			/* 0x618 */
	u64 kernel_gs_base;		/* 0x620 */
	u64 sysenter_cs;		/* 0x628 */
	u64 sysenter_esp;		/* 0x630 */
	u64 sysenter_eip;		/* 0x638 */
	u64 cr2;			/* 0x640 */
	u8 reserved_648[0x668 - 0x648];
	u64 g_pat;			/* 0x668 */
	u64 dbgctl;			/* 0x670 */
	u8 reserved_678[0x1000 - 0x678];
} __packed;

struct hvt_vmcb {
	struct hvt_vmcb_control control;
	struct hvt_vmcb_save save;
} __packed;

static_assert(offsetof(struct hvt_vmcb_control, exit_code) == 0x070);
static_assert(offsetof(struct hvt_vmcb_control, nested_cr3) == 0x0b0);
static_assert(offsetof(struct hvt_vmcb_control, next_rip) == 0x0c8);
static_assert(offsetof(struct hvt_vmcb, save.efer) == 0x4d0);
static_assert(offsetof(struct hvt_vmcb, save.cr4) == 0x548);
static_assert(offsetof(struct hvt_vmcb, save.rsp) == 0x5d8);
static_assert(offsetof(struct hvt_vmcb, save.rax) == 0x5f8);
static_assert(offsetof(struct hvt_vmcb, save.cr2) == 0x640);
static_assert(offsetof(struct hvt_vmcb, save.g_pat) == 0x668);
static_assert(sizeof(struct hvt_vmcb) == 4096);

/* Segment attributes: the VMCB packs descriptor bits 40-47 and 52-55 in 12 bits. */
#define HVT_SEG_ATTR_TYPE(a) ((a) & 0xf)
#define HVT_SEG_ATTR_S	     (1u << 4)
#define HVT_SEG_ATTR_DPL(a)  (((a) >> 5) & 3)
#define HVT_SEG_ATTR_P	     (1u << 7)
#define HVT_SEG_ATTR_AVL     (1u << 8)
#define HVT_SEG_ATTR_L	     (1u << 9)
#define HVT_SEG_ATTR_DB	     (1u << 10)
#define HVT_SEG_ATTR_G	     (1u << 11)

#endif
