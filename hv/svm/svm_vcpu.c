// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's SVM state: the VMCB (intercepts, NPT root, ASID) and the
 * translation between KVM's register structs and the VMCB.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/tsc.h>

#include "hvt.h"
#include "svm/cr.h"
#include "svm/guest_state.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "vcpu.h"

#define IOPM_PAGES  3	/* 12 KiB: one bit per port, plus the wrap-around byte */
#define MSRPM_PAGES 2	/* 8 KiB: two bits per MSR in three ranges */
#define DEFAULT_PAT 0x0007040600070406ull

static struct page *iopm_pages, *msrpm_pages;

int hvt_svm_permission_maps_init(void)
{
	iopm_pages = alloc_pages(GFP_KERNEL, get_order(IOPM_PAGES * PAGE_SIZE));
	msrpm_pages = alloc_pages(GFP_KERNEL, get_order(MSRPM_PAGES * PAGE_SIZE));
	if (!iopm_pages || !msrpm_pages) {
		hvt_svm_permission_maps_free();
		return -ENOMEM;
	}
	/* Every port and every MSR access exits: hvt emulates what it knows. */
	memset(page_address(iopm_pages), 0xff, PAGE_SIZE << get_order(IOPM_PAGES * PAGE_SIZE));
	memset(page_address(msrpm_pages), 0xff, PAGE_SIZE << get_order(MSRPM_PAGES * PAGE_SIZE));
	return 0;
}

void hvt_svm_permission_maps_free(void)
{
	if (iopm_pages)
		__free_pages(iopm_pages, get_order(IOPM_PAGES * PAGE_SIZE));
	if (msrpm_pages)
		__free_pages(msrpm_pages, get_order(MSRPM_PAGES * PAGE_SIZE));
	iopm_pages = msrpm_pages = NULL;
}

static void init_seg(struct hvt_vmcb_seg *seg, u16 sel, u16 attrib, u32 limit, u64 base)
{
	seg->selector = sel;
	seg->attrib = attrib;
	seg->limit = limit;
	seg->base = base;
}

/*
 * What every L1 VMCB intercepts (and every VMCB02, merged with L1's):
 * what hvt emulates, and what keeps the host safe — #DB and #AC (a guest
 * cannot make the CPU loop delivering them), #MC (the host's), every debug
 * register access (the host's DR0-3 stay unseen), CR4 writes (only what the
 * CPUID offers), RDPMC (no host counters). Shown in debugfs "intercepts".
 */
const struct hvt_intercepts hvt_l1_intercepts = {
	.cr = HVT_INTERCEPT_CR_WRITE(4),
	.dr = 0xffffffff,
	.exceptions = (1u << HVT_VEC_DB) | (1u << HVT_VEC_AC) | (1u << HVT_VEC_MC),
	.misc1 = HVT_INTERCEPT_INTR | HVT_INTERCEPT_NMI | HVT_INTERCEPT_SMI |
		HVT_INTERCEPT_INIT | HVT_INTERCEPT_RDPMC | HVT_INTERCEPT_CPUID |
		HVT_INTERCEPT_INVD | HVT_INTERCEPT_HLT | HVT_INTERCEPT_INVLPGA |
		HVT_INTERCEPT_IOIO | HVT_INTERCEPT_MSR | HVT_INTERCEPT_TASK_SWITCH |
		HVT_INTERCEPT_SHUTDOWN,
	.misc2 = HVT_INTERCEPT_VMRUN | HVT_INTERCEPT_VMMCALL |
		HVT_INTERCEPT_VMLOAD | HVT_INTERCEPT_VMSAVE | HVT_INTERCEPT_STGI |
		HVT_INTERCEPT_CLGI | HVT_INTERCEPT_SKINIT | HVT_INTERCEPT_WBINVD |
		HVT_INTERCEPT_MONITOR | HVT_INTERCEPT_MWAIT | HVT_INTERCEPT_XSETBV,
};

static void init_control(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	const struct hvt_intercepts *i = &hvt_l1_intercepts;

	c->intercept_cr = i->cr;
	c->intercept_dr = i->dr;
	c->intercept_exceptions = i->exceptions;
	c->intercept_misc1 = i->misc1;
	c->intercept_misc2 = i->misc2;
	c->iopm_base_pa = page_to_phys(iopm_pages);
	c->msrpm_base_pa = page_to_phys(msrpm_pages);
	c->tlb_ctl = HVT_TLB_CONTROL_FLUSH_ALL;
	/* Host interrupts exit the guest whatever the guest's RFLAGS.IF says. */
	c->int_ctl = HVT_V_INTR_MASKING;
	c->nested_ctl = HVT_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = hvt_npt_root_pa(&vcpu->vm->root_mmu);
}

/* The architectural reset state (APM vol. 2, "Initial processor state"). */
static void init_save(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;

	memset(s, 0, sizeof(*s));
	init_seg(&s->cs, 0xf000, 0x9b, 0xffff, 0xffff0000);
	init_seg(&s->ds, 0, 0x93, 0xffff, 0);
	init_seg(&s->es, 0, 0x93, 0xffff, 0);
	init_seg(&s->fs, 0, 0x93, 0xffff, 0);
	init_seg(&s->gs, 0, 0x93, 0xffff, 0);
	init_seg(&s->ss, 0, 0x93, 0xffff, 0);
	init_seg(&s->gdtr, 0, 0, 0xffff, 0);
	init_seg(&s->idtr, 0, 0, 0xffff, 0);
	init_seg(&s->ldtr, 0, 0x82, 0xffff, 0);
	init_seg(&s->tr, 0, 0x8b, 0xffff, 0);
	s->cr0 = X86_CR0_NW | X86_CR0_CD | X86_CR0_ET;
	s->rflags = X86_EFLAGS_FIXED;
	s->rip = 0xfff0;
	s->dr6 = 0xffff0ff0;
	s->dr7 = 0x400;
	s->g_pat = DEFAULT_PAT;
	/* VMRUN requires EFER.SVME in the VMCB; the guest's own view starts at 0. */
	s->efer = EFER_SVME;
	vcpu->guest_efer = 0;
}

void hvt_svm_switch_vmcb(struct hvt_vcpu *vcpu, struct hvt_vmcb_ref *ref)
{
	vcpu->cur = ref;
	vcpu->vmcb = ref->vmcb;
}

/*
 * Back to the architectural reset state, at L1 (a shutdown leaves nested
 * mode). The TSC goes on counting, as on KVM.
 */
void hvt_svm_vcpu_reset(struct hvt_vcpu *vcpu)
{
	u64 tsc_offset = vcpu->vmcb01.vmcb->control.tsc_offset;

	if (vcpu->nested.in_l2)
		hvt_nested_ctx_put(vcpu);
	vcpu->nested.in_l2 = false;
	vcpu->nested.pending_vmexit = false;
	vcpu->nested.gif = true;
	hvt_svm_switch_vmcb(vcpu, &vcpu->vmcb01);
	memset(vcpu->vmcb, 0, sizeof(*vcpu->vmcb));
	init_control(vcpu);
	vcpu->vmcb->control.tsc_offset = tsc_offset;
	init_save(vcpu);
	memset(vcpu->gprs, 0, sizeof(vcpu->gprs));
	vcpu->vmcb01.asid_gen = 0;	/* a fresh ASID at the next entry */
	hvt_guest_state_reset(vcpu);
	vcpu->pending = HVT_PENDING_NONE;
}

/* A VMCB page; its ASID comes at its first entry (svm/asid.h). */
int hvt_svm_vmcb_ref_alloc(struct hvt_vmcb_ref *ref)
{
	ref->vmcb = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!ref->vmcb)
		return -ENOMEM;
	atomic_long_inc(&hvt_live_pages);
	ref->pa = __pa(ref->vmcb);
	ref->asid = 0;
	ref->asid_cpu = -1;
	ref->asid_gen = 0;
	return 0;
}

void hvt_svm_vmcb_ref_free(struct hvt_vmcb_ref *ref)
{
	if (!ref->vmcb)
		return;
	free_page((unsigned long)ref->vmcb);
	atomic_long_dec(&hvt_live_pages);
	ref->vmcb = NULL;
}

int hvt_svm_vcpu_init(struct hvt_vcpu *vcpu)
{
	int ret = hvt_svm_vmcb_ref_alloc(&vcpu->vmcb01);

	if (ret)
		return ret;
	vcpu->host_save = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->entry_snapshot = kzalloc(sizeof(*vcpu->entry_snapshot), GFP_KERNEL_ACCOUNT);
	if (!vcpu->host_save || !vcpu->entry_snapshot || hvt_guest_state_init(vcpu) ||
	    hvt_nested_init(vcpu)) {
		hvt_svm_vcpu_free(vcpu);
		return -ENOMEM;
	}
	atomic_long_inc(&hvt_live_pages);
	vcpu->host_save_pa = __pa(vcpu->host_save);
	hvt_cpuid_update_caps(vcpu);
	hvt_svm_vcpu_reset(vcpu);
	/* A new vCPU's TSC starts at 0, as on KVM. */
	vcpu->vmcb->control.tsc_offset = -rdtsc();
	return 0;
}

void hvt_svm_vcpu_free(struct hvt_vcpu *vcpu)
{
	hvt_nested_free(vcpu);
	hvt_guest_state_free(vcpu);
	hvt_svm_vmcb_ref_free(&vcpu->vmcb01);
	if (vcpu->host_save)
		atomic_long_dec(&hvt_live_pages);
	free_page((unsigned long)vcpu->host_save);
	kfree(vcpu->entry_snapshot);
	vcpu->entry_snapshot = NULL;
	vcpu->vmcb = NULL;
	vcpu->host_save = NULL;
}

void hvt_svm_get_regs(struct hvt_vcpu *vcpu, struct kvm_regs *r)
{
	const u64 *g = vcpu->gprs;

	r->rax = vcpu->vmcb->save.rax;
	r->rsp = vcpu->vmcb->save.rsp;
	r->rbx = g[HVT_RBX];
	r->rcx = g[HVT_RCX];
	r->rdx = g[HVT_RDX];
	r->rsi = g[HVT_RSI];
	r->rdi = g[HVT_RDI];
	r->rbp = g[HVT_RBP];
	r->r8 = g[HVT_R8];
	r->r9 = g[HVT_R9];
	r->r10 = g[HVT_R10];
	r->r11 = g[HVT_R11];
	r->r12 = g[HVT_R12];
	r->r13 = g[HVT_R13];
	r->r14 = g[HVT_R14];
	r->r15 = g[HVT_R15];
	r->rip = vcpu->vmcb->save.rip;
	r->rflags = vcpu->vmcb->save.rflags;
}

void hvt_svm_set_regs(struct hvt_vcpu *vcpu, const struct kvm_regs *r)
{
	u64 *g = vcpu->gprs;

	vcpu->vmcb->save.rax = r->rax;
	vcpu->vmcb->save.rsp = r->rsp;
	g[HVT_RBX] = r->rbx;
	g[HVT_RCX] = r->rcx;
	g[HVT_RDX] = r->rdx;
	g[HVT_RSI] = r->rsi;
	g[HVT_RDI] = r->rdi;
	g[HVT_RBP] = r->rbp;
	g[HVT_R8] = r->r8;
	g[HVT_R9] = r->r9;
	g[HVT_R10] = r->r10;
	g[HVT_R11] = r->r11;
	g[HVT_R12] = r->r12;
	g[HVT_R13] = r->r13;
	g[HVT_R14] = r->r14;
	g[HVT_R15] = r->r15;
	vcpu->vmcb->save.rip = r->rip;
	/* Bit 1 is always one; the CPU would refuse the entry otherwise. */
	vcpu->vmcb->save.rflags = r->rflags | X86_EFLAGS_FIXED;
}

static void seg_to_kvm(const struct hvt_vmcb_seg *s, struct kvm_segment *k)
{
	memset(k, 0, sizeof(*k));
	k->base = s->base;
	k->limit = s->limit;
	k->selector = s->selector;
	k->type = HVT_SEG_ATTR_TYPE(s->attrib);
	k->s = !!(s->attrib & HVT_SEG_ATTR_S);
	k->dpl = HVT_SEG_ATTR_DPL(s->attrib);
	k->present = !!(s->attrib & HVT_SEG_ATTR_P);
	k->avl = !!(s->attrib & HVT_SEG_ATTR_AVL);
	k->l = !!(s->attrib & HVT_SEG_ATTR_L);
	k->db = !!(s->attrib & HVT_SEG_ATTR_DB);
	k->g = !!(s->attrib & HVT_SEG_ATTR_G);
	k->unusable = !k->present;
}

static void seg_from_kvm(struct hvt_vmcb_seg *s, const struct kvm_segment *k)
{
	s->base = k->base;
	s->limit = k->limit;
	s->selector = k->selector;
	if (k->unusable) {
		s->attrib = 0;
		return;
	}
	s->attrib = (k->type & 0xf) | (k->s ? HVT_SEG_ATTR_S : 0) | ((k->dpl & 3) << 5) |
		(k->present ? HVT_SEG_ATTR_P : 0) | (k->avl ? HVT_SEG_ATTR_AVL : 0) |
		(k->l ? HVT_SEG_ATTR_L : 0) | (k->db ? HVT_SEG_ATTR_DB : 0) |
		(k->g ? HVT_SEG_ATTR_G : 0);
}

void hvt_svm_get_sregs(struct hvt_vcpu *vcpu, struct kvm_sregs *sr)
{
	const struct hvt_vmcb_save *s = &vcpu->vmcb->save;

	memset(sr, 0, sizeof(*sr));
	seg_to_kvm(&s->cs, &sr->cs);
	seg_to_kvm(&s->ds, &sr->ds);
	seg_to_kvm(&s->es, &sr->es);
	seg_to_kvm(&s->fs, &sr->fs);
	seg_to_kvm(&s->gs, &sr->gs);
	seg_to_kvm(&s->ss, &sr->ss);
	seg_to_kvm(&s->tr, &sr->tr);
	seg_to_kvm(&s->ldtr, &sr->ldt);
	sr->gdt.base = s->gdtr.base;
	sr->gdt.limit = s->gdtr.limit;
	sr->idt.base = s->idtr.base;
	sr->idt.limit = s->idtr.limit;
	sr->cr0 = s->cr0;
	sr->cr2 = s->cr2;
	sr->cr3 = s->cr3;
	sr->cr4 = s->cr4;
	sr->efer = hvt_guest_efer(vcpu);
}

#define HVT_EFER_ALLOWED (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX | EFER_FFXSR)

/*
 * What KVM_SET_SREGS refuses (EINVAL), as KVM does: CR4 bits the vCPU's
 * CPUID does not offer, CR0 with PG but not PE or NW but not CD or high
 * bits, long mode (LME with PG) without PAE or LMA or with a CR3 beyond
 * MAXPHYADDR, LMA or a 64-bit CS without it. Beyond KVM, what would make
 * VMRUN itself fail (APM "VMRUN" consistency checks): a CS with both L
 * and D in long mode, CR3 bits 63:32 outside it or beyond the host's
 * MAXPHYADDR in it (the vCPU's CPUID may claim more). A refused VMRUN is not
 * harmless: QEMU's #VMEXIT then writes the host's state into the VMCB,
 * which KVM_GET_REGS would hand to user space and the next KVM_RUN run.
 */
static bool sregs_valid(struct hvt_vcpu *vcpu, const struct kvm_sregs *sr)
{
	if (!hvt_cr4_valid(vcpu, sr->cr4))
		return false;
	if ((sr->cr0 >> 32) || ((sr->cr0 & X86_CR0_PG) && !(sr->cr0 & X86_CR0_PE)) ||
	    ((sr->cr0 & X86_CR0_NW) && !(sr->cr0 & X86_CR0_CD)))
		return false;
	if ((sr->efer & EFER_LME) && (sr->cr0 & X86_CR0_PG))
		return (sr->cr4 & X86_CR4_PAE) && (sr->efer & EFER_LMA) &&
		       !(sr->cr3 >> min_t(unsigned int, vcpu->caps.maxphyaddr,
					  boot_cpu_data.x86_phys_bits)) &&
		       !(sr->cs.l && sr->cs.db);
	return !(sr->efer & EFER_LMA) && !sr->cs.l && !(sr->cr3 >> 32);
}

int hvt_svm_set_sregs(struct hvt_vcpu *vcpu, const struct kvm_sregs *sr)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	int i;

	if (sr->efer & ~HVT_EFER_ALLOWED)
		return -EINVAL;
	if (!sregs_valid(vcpu, sr))
		return -EINVAL;
	/* hvt has no interrupt controller: nothing can be pending. */
	for (i = 0; i < ARRAY_SIZE(sr->interrupt_bitmap); i++)
		if (sr->interrupt_bitmap[i])
			return -EINVAL;
	seg_from_kvm(&s->cs, &sr->cs);
	seg_from_kvm(&s->ds, &sr->ds);
	seg_from_kvm(&s->es, &sr->es);
	seg_from_kvm(&s->fs, &sr->fs);
	seg_from_kvm(&s->gs, &sr->gs);
	seg_from_kvm(&s->ss, &sr->ss);
	seg_from_kvm(&s->tr, &sr->tr);
	seg_from_kvm(&s->ldtr, &sr->ldt);
	s->gdtr.base = sr->gdt.base;
	s->gdtr.limit = sr->gdt.limit;
	s->idtr.base = sr->idt.base;
	s->idtr.limit = sr->idt.limit;
	s->cpl = sr->ss.dpl & 3;
	s->cr0 = sr->cr0;
	s->cr2 = sr->cr2;
	s->cr3 = sr->cr3;
	s->cr4 = sr->cr4;
	vcpu->guest_efer = sr->efer;
	s->efer = sr->efer | EFER_SVME;
	vcpu->force_flush = true;	/* new paging state: no stale translations */
	return 0;
}
