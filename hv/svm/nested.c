// SPDX-License-Identifier: GPL-2.0
/*
 * Nested SVM: emulating L1's VMRUN and reflecting L2's exits (nested.h).
 *
 * The path of one L2 CPUID that L1 intercepts (docs/nested.md):
 *  L2 CPUID -> #VMEXIT to L0 (VMCB02) -> hvt_nested_handle_l2_exit: L1
 *  intercepts it -> hvt_nested_vmexit writes the exit and L2's state into
 *  VMCB12, switches to VMCB01 (vmcb policy) and L1's MMU context (l2_mmu
 *  policy) -> L1 runs its handler, VMRUN -> #VMEXIT to L0 (VMCB01) ->
 *  hvt_nested_vmrun reads VMCB12, checks it, builds VMCB02, loads L2's MMU
 *  context -> VMRUN of VMCB02 -> L2 continues.
 *
 * VMCB12 lives in L1's memory; hvt reads and writes it through the kernel
 * mapping of the host page that root_mmu maps there (a reference is held
 * meanwhile), each field read once into hvt's own copy before it is
 * checked, so L1 changing it underneath cannot bypass the checks. Writes
 * go only through pages root_mmu maps writable, whose leaves carry the
 * dirty bit: the page is marked dirty when the leaf goes.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/guest_mmu.h"
#include "mmu/root_mmu.h"
#include "svm/nested.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "trace.h"
#include "vcpu.h"

#define SVM_INSN_LEN 3	/* VMRUN, VMLOAD, VMSAVE, STGI, CLGI, INVLPGA: 0F 01 xx */

/* int_ctl bits hvt passes from L1 to L2: only the virtual TPR. */
#define INT_CTL_V_TPR 0xffu

bool hvt_nested_svm_offered(struct hvt_vcpu *vcpu)
{
	int i;

	for (i = 0; i < vcpu->nr_cpuid; i++)
		if (vcpu->cpuid[i].function == 0x80000001)
			return vcpu->cpuid[i].ecx & (1u << 2);
	return false;
}

int hvt_nested_init(struct hvt_vcpu *vcpu)
{
	vcpu->nested.vmcb12 = kzalloc(sizeof(struct hvt_vmcb), GFP_KERNEL_ACCOUNT);
	vcpu->nested.l1_copy = kzalloc(sizeof(struct hvt_vmcb), GFP_KERNEL_ACCOUNT);
	vcpu->nested.gif = true;
	return vcpu->nested.vmcb12 && vcpu->nested.l1_copy ? 0 : -ENOMEM;
}

void hvt_nested_free(struct hvt_vcpu *vcpu)
{
	struct hvt_nested *n = &vcpu->nested;

	hvt_nested_ctx_vcpu_free(vcpu);
	hvt_mmu_ctx_release(vcpu, &n->shared_mmu);
	kfree(n->vmcb12);
	kfree(n->l1_copy);
	n->vmcb12 = NULL;
	n->l1_copy = NULL;
}

static int inject(struct hvt_vcpu *vcpu, u8 vector, bool err)
{
	return hvt_svm_queue_exception(vcpu, vector, err, 0);
}

/* #UD unless L1 enabled SVM; #GP outside CPL 0 (APM: SVM instruction checks). */
static int svm_insn_check(struct hvt_vcpu *vcpu)
{
	if (!(vcpu->guest_efer & EFER_SVME))
		return inject(vcpu, 6, false);
	if (vcpu->vmcb->save.cpl)
		return inject(vcpu, 13, true);
	return -1;
}

/*
 * The host page behind L1's @gpa, referenced. Atomic context: only if
 * root_mmu maps it already; else NULL and *sleep = true. Process context:
 * faulted in. ERR_PTR(-EFAULT) when there is no RAM there.
 */
static struct page *l1_page(struct hvt_vcpu *vcpu, u64 gpa, bool write, bool can_sleep,
			    bool *sleep)
{
	struct page *page;

	*sleep = false;
	if (!can_sleep) {
		page = hvt_root_mmu_get_page(vcpu->vm, gpa, write);
		if (!page)
			*sleep = true;
		return page;
	}
	return hvt_root_mmu_get_page_slow(vcpu, gpa, write);
}

/*
 * What VMRUN, VMLOAD and VMSAVE share: the SVM instruction checks, then the
 * VMCB at RAX, which must be a page-aligned address of L1's RAM (#GP
 * otherwise). Returns its page, referenced; or NULL and in *action what to
 * do instead (the exception injected, HVT_SLEEPABLE, or -errno).
 */
static struct page *vmcb_insn_page(struct hvt_vcpu *vcpu, bool write, bool can_sleep,
				   int *action)
{
	u64 gpa = vcpu->vmcb->save.rax;
	struct page *page;
	bool sleep;

	*action = svm_insn_check(vcpu);
	if (*action >= 0)
		return NULL;
	if (gpa & ~PAGE_MASK) {
		*action = inject(vcpu, 13, true);
		return NULL;
	}
	page = l1_page(vcpu, gpa, write, can_sleep, &sleep);
	if (sleep) {
		*action = HVT_SLEEPABLE;
		return NULL;
	}
	if (IS_ERR(page)) {
		*action = PTR_ERR(page) == -EFAULT ? inject(vcpu, 13, true) : PTR_ERR(page);
		return NULL;
	}
	return page;
}

static void seg_copy(struct hvt_vmcb_seg *d, const struct hvt_vmcb_seg *s)
{
	d->selector = READ_ONCE(s->selector);
	d->attrib = READ_ONCE(s->attrib);
	d->limit = READ_ONCE(s->limit);
	d->base = READ_ONCE(s->base);
}

/* Read what VMRUN consumes of VMCB12 into hvt's copy, each field once. */
static void read_vmcb12(struct hvt_vmcb *c, const struct hvt_vmcb *g)
{
	const struct hvt_vmcb_control *gc = &g->control;
	const struct hvt_vmcb_save *gs = &g->save;
	struct hvt_vmcb_control *cc = &c->control;
	struct hvt_vmcb_save *cs = &c->save;

	cc->intercept_cr = READ_ONCE(gc->intercept_cr);
	cc->intercept_dr = READ_ONCE(gc->intercept_dr);
	cc->intercept_exceptions = READ_ONCE(gc->intercept_exceptions);
	cc->intercept_misc1 = READ_ONCE(gc->intercept_misc1);
	cc->intercept_misc2 = READ_ONCE(gc->intercept_misc2);
	cc->intercept_misc3 = READ_ONCE(gc->intercept_misc3);
	cc->iopm_base_pa = READ_ONCE(gc->iopm_base_pa);
	cc->msrpm_base_pa = READ_ONCE(gc->msrpm_base_pa);
	cc->tsc_offset = READ_ONCE(gc->tsc_offset);
	cc->asid = READ_ONCE(gc->asid);
	cc->tlb_ctl = READ_ONCE(gc->tlb_ctl);
	cc->int_ctl = READ_ONCE(gc->int_ctl);
	cc->int_vector = READ_ONCE(gc->int_vector);
	cc->int_state = READ_ONCE(gc->int_state);
	cc->nested_ctl = READ_ONCE(gc->nested_ctl);
	cc->event_inj = READ_ONCE(gc->event_inj);
	cc->event_inj_err = READ_ONCE(gc->event_inj_err);
	cc->nested_cr3 = READ_ONCE(gc->nested_cr3);
	cc->virt_ext = READ_ONCE(gc->virt_ext);

	seg_copy(&cs->es, &gs->es);
	seg_copy(&cs->cs, &gs->cs);
	seg_copy(&cs->ss, &gs->ss);
	seg_copy(&cs->ds, &gs->ds);
	seg_copy(&cs->gdtr, &gs->gdtr);
	seg_copy(&cs->idtr, &gs->idtr);
	cs->cpl = READ_ONCE(gs->cpl);
	cs->efer = READ_ONCE(gs->efer);
	cs->cr4 = READ_ONCE(gs->cr4);
	cs->cr3 = READ_ONCE(gs->cr3);
	cs->cr0 = READ_ONCE(gs->cr0);
	cs->dr7 = READ_ONCE(gs->dr7);
	cs->dr6 = READ_ONCE(gs->dr6);
	cs->rflags = READ_ONCE(gs->rflags);
	cs->rip = READ_ONCE(gs->rip);
	cs->rsp = READ_ONCE(gs->rsp);
	cs->rax = READ_ONCE(gs->rax);
	cs->cr2 = READ_ONCE(gs->cr2);
	cs->g_pat = READ_ONCE(gs->g_pat);
}

/* The state VMLOAD/VMSAVE move and VMRUN/#VMEXIT leave alone. */
static void copy_vmload_state(struct hvt_vmcb_save *d, const struct hvt_vmcb_save *s)
{
	d->fs = s->fs;
	d->gs = s->gs;
	d->tr = s->tr;
	d->ldtr = s->ldtr;
	d->kernel_gs_base = s->kernel_gs_base;
	d->star = s->star;
	d->lstar = s->lstar;
	d->cstar = s->cstar;
	d->sfmask = s->sfmask;
	d->sysenter_cs = s->sysenter_cs;
	d->sysenter_esp = s->sysenter_esp;
	d->sysenter_eip = s->sysenter_eip;
}

static void load_l2_save(struct hvt_vmcb_save *s, const struct hvt_vmcb_save *s12,
			 const struct hvt_vmcb_save *s01, bool np12)
{
	copy_vmload_state(s, s01);
	s->es = s12->es;
	s->cs = s12->cs;
	s->ss = s12->ss;
	s->ds = s12->ds;
	s->gdtr = s12->gdtr;
	s->idtr = s12->idtr;
	s->cpl = s12->cpl;
	s->efer = s12->efer | EFER_SVME;
	s->cr0 = s12->cr0;
	s->cr3 = s12->cr3;
	s->cr4 = s12->cr4;
	s->cr2 = s12->cr2;
	s->dr6 = s12->dr6;
	s->dr7 = s12->dr7;
	s->rflags = s12->rflags;
	s->rip = s12->rip;
	s->rsp = s12->rsp;
	s->rax = s12->rax;
	/* Without NPT12, L2's memory types are L1's. */
	s->g_pat = np12 ? s12->g_pat : s01->g_pat;
}

/* L0's intercepts stay; L1's are added (hvt_nested_handle_l2_exit sorts them out). */
static void load_l2_control(struct hvt_vmcb_control *c,
			    const struct hvt_vmcb_control *c12, const struct hvt_vmcb_control *c01,
			    u32 asid, u64 ncr3)
{
	c->intercept_cr = c01->intercept_cr | c12->intercept_cr;
	c->intercept_dr = c01->intercept_dr | c12->intercept_dr;
	c->intercept_exceptions = c01->intercept_exceptions | c12->intercept_exceptions;
	c->intercept_misc1 = c01->intercept_misc1 | c12->intercept_misc1;
	c->intercept_misc2 = c01->intercept_misc2 | c12->intercept_misc2;
	c->intercept_misc3 = c01->intercept_misc3;
	c->iopm_base_pa = c01->iopm_base_pa;
	c->msrpm_base_pa = c01->msrpm_base_pa;
	c->tsc_offset = c01->tsc_offset + c12->tsc_offset;
	c->asid = asid;
	c->int_ctl = HVT_V_INTR_MASKING | (c12->int_ctl & INT_CTL_V_TPR);
	c->int_vector = 0;
	c->int_state = c12->int_state & 1;
	c->exit_int_info = 0;
	c->event_inj = c12->event_inj;
	c->event_inj_err = c12->event_inj_err;
	c->nested_ctl = HVT_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = ncr3;
	c->virt_ext = 0;
	c->next_rip = 0;
}

/* vmcb=single saves and restores L1's VMCB: the parts of it that are in use. */
static void vmcb_copy_used(struct hvt_vmcb *d, const struct hvt_vmcb *s)
{
	memcpy(&d->control, &s->control, offsetof(struct hvt_vmcb_control, reserved_0e0));
	memcpy(&d->save, &s->save, offsetof(struct hvt_vmcb_save, reserved_678));
}

/* The MMU context L2 enters with, per the l2_mmu policy; its root's PA. */
static int load_l2_mmu(struct hvt_vcpu *vcpu, u64 ncr3, bool can_sleep, u64 *root_pa)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_mmu_ctx *ctx;

	if (!n->np12) {
		*root_pa = hvt_npt_root_pa(&vcpu->vm->root_mmu);
		return 0;
	}
	ctx = hvt_policy_l2_mmu(&vcpu->vm->policies) == HVT_L2_MMU_SEPARATE ?
	      &n->ctx->mmu : &n->shared_mmu;
	return hvt_mmu_ctx_load_l2(vcpu, ctx, ncr3 & HVT_NPT_ADDR, can_sleep, root_pa);
}

/*
 * A failed VMRUN, found by hvt's checks or by the CPU's on VMCB02: only the
 * exit fields change. VMCB12's save area stays as L1 wrote it (the CPU may
 * have written its own state into VMCB02's).
 */
static void vmrun_invalid(struct hvt_vcpu *vcpu, struct hvt_vmcb *g12)
{
	vcpu->stats.nested_vmrun_invalid++;
	trace_hvt_nested_vmexit(vcpu->id, HVT_EXIT_INVALID, 0, 0, 0);
	WRITE_ONCE(g12->control.exit_code, HVT_EXIT_INVALID);
	WRITE_ONCE(g12->control.exit_info_1, 0);
	WRITE_ONCE(g12->control.exit_info_2, 0);
	WRITE_ONCE(g12->control.exit_int_info, 0);
}

/*
 * L2's TLB is its context's (nested_ctx.h): a context (re)built for this
 * VMRUN starts with a fresh ASID, and one whose L1 ASID and nCR3 still hold
 * keeps its translations, as an L2 tagged with its own ASID would on
 * hardware. L1 asks for more with TLB_CONTROL != 0 (1, 3 and 7 all flush
 * everything, a superset) or INVLPGA; a flush, or an ASID/nCR3 change,
 * also drops stale shadows of unsynced NPT12 tables.
 */
static void flush_l2_tlb_if_needed(struct hvt_vcpu *vcpu, const struct hvt_vmcb_control *c12)
{
	struct hvt_nested *n = &vcpu->nested;

	if (!n->flush_l2 && !c12->tlb_ctl && !n->ctx->flush)
		return;
	vcpu->force_flush = true;
	hvt_guest_mmu_resync(vcpu->vm);
	n->flush_l2 = false;
	n->ctx->flush = false;
}

/* Switch the vCPU to L2 on the VMCB the vmcb policy gives it. */
static void enter_l2(struct hvt_vcpu *vcpu, u64 ncr3_root_pa)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_vmcb *v12 = n->vmcb12, *l1 = vcpu->vmcb01.vmcb;
	struct hvt_vmcb_ref *target;

	n->l1_efer = hvt_guest_efer(vcpu);
	n->l1_cr4 = l1->save.cr4;
	if (vcpu->vmcb02) {
		target = vcpu->vmcb02;	/* vmcb=split: the context's VMCB02 */
		vcpu->stats.nested_vmcb_switches++;
	} else {
		/* One VMCB: L1's state is saved aside and comes back at #VMEXIT. */
		vmcb_copy_used(n->l1_copy, l1);
		vcpu->stats.nested_vmcb_copies++;
		l1 = n->l1_copy;
		target = &vcpu->vmcb01;
		vcpu->force_flush = true;	/* L1 and L2 share the ASID */
	}
	load_l2_save(&target->vmcb->save, &v12->save, &l1->save, n->np12);
	load_l2_control(&target->vmcb->control, &v12->control, &l1->control, target->asid,
			ncr3_root_pa);
	flush_l2_tlb_if_needed(vcpu, &v12->control);
	vcpu->guest_efer = v12->save.efer;
	n->in_l2 = true;
	hvt_svm_switch_vmcb(vcpu, target);
	if (trace_hvt_vmcb_switch_enabled())
		trace_hvt_vmcb_switch(vcpu->id, 2, target == &vcpu->vmcb01);
	if (trace_hvt_nested_vmenter_enabled())
		trace_hvt_nested_vmenter(vcpu->id, n->vmcb12_gpa, v12->save.rip,
					 v12->control.nested_cr3, n->np12,
					 hvt_policy_l2_mmu(&vcpu->vm->policies),
					 hvt_policy_vmcb(&vcpu->vm->policies));
}

int hvt_nested_vmrun(struct hvt_vcpu *vcpu, bool can_sleep)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_vmcb *v01 = vcpu->vmcb, *g12;
	u64 gpa = v01->save.rax, root_pa;
	struct page *page;
	int ret;

	page = vmcb_insn_page(vcpu, true, can_sleep, &ret);
	if (!page)
		return ret;
	g12 = page_address(page);
	read_vmcb12(n->vmcb12, g12);
	n->np12 = n->vmcb12->control.nested_ctl & HVT_NESTED_CTL_NP_ENABLE;

	/* L1 resumes after its VMRUN whenever L2 exits. */
	v01->save.rip += SVM_INSN_LEN;
	vcpu->stats.nested_vmrun++;
	if (!hvt_vmcb12_valid(vcpu, n->vmcb12)) {
		vmrun_invalid(vcpu, g12);
		goto out;
	}
	ret = hvt_nested_ctx_get(vcpu, gpa, &n->vmcb12->control, n->np12, can_sleep);
	if (!ret) {
		ret = load_l2_mmu(vcpu, n->vmcb12->control.nested_cr3, can_sleep, &root_pa);
		if (ret)
			hvt_nested_ctx_put(vcpu);	/* taken back, not counted, next time */
	}
	if (ret) {
		/*
		 * Undo: L1 stays on its VMRUN. -EAGAIN: do it all again where
		 * allocation may sleep; anything else fails KVM_RUN, and the
		 * VMRUN runs again if the VMM retries.
		 */
		v01->save.rip -= SVM_INSN_LEN;
		vcpu->stats.nested_vmrun--;
		put_page(page);
		return ret == -EAGAIN && !can_sleep ? HVT_SLEEPABLE : ret;
	}
	n->vmcb12_gpa = gpa;
	enter_l2(vcpu, root_pa);
out:
	put_page(page);
	return HVT_CONTINUE;
}

/* Write L2's state and the exit into VMCB12, as #VMEXIT would. */
static void write_vmcb12_exit(struct hvt_vmcb *g12, const struct hvt_vmcb *v02, u64 l2_efer,
			      u64 code, u64 info1, u64 info2)
{
	const struct hvt_vmcb_save *s = &v02->save;
	struct hvt_vmcb_save *gs = &g12->save;
	struct hvt_vmcb_control *gc = &g12->control;

	gs->es = s->es;
	gs->cs = s->cs;
	gs->ss = s->ss;
	gs->ds = s->ds;
	gs->gdtr = s->gdtr;
	gs->idtr = s->idtr;
	gs->cpl = s->cpl;
	gs->efer = l2_efer;
	gs->cr0 = s->cr0;
	gs->cr2 = s->cr2;
	gs->cr3 = s->cr3;
	gs->cr4 = s->cr4;
	gs->dr6 = s->dr6;
	gs->dr7 = s->dr7;
	gs->rflags = s->rflags;
	gs->rip = s->rip;
	gs->rsp = s->rsp;
	gs->rax = s->rax;
	gc->int_ctl = (READ_ONCE(gc->int_ctl) & ~INT_CTL_V_TPR) | (v02->control.int_ctl & INT_CTL_V_TPR);
	gc->int_state = v02->control.int_state;
	gc->exit_code = code;
	gc->exit_info_1 = info1;
	gc->exit_info_2 = info2;
	gc->exit_int_info = v02->control.exit_int_info;
	gc->exit_int_info_err = v02->control.exit_int_info_err;
	gc->event_inj = 0;
	gc->next_rip = 0;	/* hvt does not offer NRIPS to L1 */
}

/*
 * Back to L1 on VMCB01, with L1's MMU context. After a failed entry
 * (@l2_ran false) nothing of VMCB02 is kept: L2 never ran, and the CPU may
 * have stored the host's state there.
 */
static void leave_l2(struct hvt_vcpu *vcpu, bool l2_ran)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_vmcb *v01 = vcpu->vmcb01.vmcb;

	if (trace_hvt_vmcb_switch_enabled())
		trace_hvt_vmcb_switch(vcpu->id, 1, vcpu->cur != vcpu->vmcb02);
	if (vcpu->vmcb02 && vcpu->cur == vcpu->vmcb02) {
		if (l2_ran)
			copy_vmload_state(&v01->save, &vcpu->vmcb02->vmcb->save);
		vcpu->stats.nested_vmcb_switches++;
	} else {
		/* vmcb=single: L1's VMCB comes back from the copy, L2's loadable state stays. */
		if (l2_ran)
			copy_vmload_state(&n->l1_copy->save, &v01->save);
		vmcb_copy_used(v01, n->l1_copy);
		vcpu->stats.nested_vmcb_copies++;
		vcpu->force_flush = true;
	}
	v01->control.event_inj = 0;
	vcpu->guest_efer = n->l1_efer;
	n->in_l2 = false;
	n->gif = false;		/* #VMEXIT clears GIF; L1 sets it again with STGI */
	if (hvt_policy_l2_mmu(&vcpu->vm->policies) == HVT_L2_MMU_SHARED)
		hvt_mmu_ctx_reinit(vcpu, &n->shared_mmu, HVT_MMU_ROLE_L1);
	hvt_svm_switch_vmcb(vcpu, &vcpu->vmcb01);
	hvt_nested_ctx_put(vcpu);
}

int hvt_nested_vmexit(struct hvt_vcpu *vcpu, u64 code, u64 info1, u64 info2, bool can_sleep)
{
	struct hvt_nested *n = &vcpu->nested;
	struct page *page;
	bool sleep;

	page = l1_page(vcpu, n->vmcb12_gpa, true, can_sleep, &sleep);
	if (sleep) {
		n->pending_vmexit = true;
		n->pending_code = code;
		n->pending_info1 = info1;
		n->pending_info2 = info2;
		return HVT_SLEEPABLE;
	}
	n->pending_vmexit = false;
	if (IS_ERR(page) && PTR_ERR(page) != -EFAULT)
		/*
		 * -EAGAIN (invalidations kept winning) or -ENOMEM: KVM_RUN fails,
		 * L2 stays as it is and its exit comes again when it runs on.
		 */
		return PTR_ERR(page);
	if (IS_ERR(page)) {
		/* L1 took its VMCB12's memory away (memslot deleted): L1 cannot go on. */
		leave_l2(vcpu, false);
		hvt_svm_vcpu_reset(vcpu);
		vcpu->run->exit_reason = KVM_EXIT_SHUTDOWN;
		return HVT_TO_USER;
	}
	if (code == HVT_EXIT_INVALID) {
		/* The CPU refused VMCB02: L1's VMRUN fails, VMCB02's state is not L2's. */
		vmrun_invalid(vcpu, page_address(page));
		put_page(page);
		leave_l2(vcpu, false);
		return HVT_CONTINUE;
	}
	if (trace_hvt_nested_vmexit_enabled())
		trace_hvt_nested_vmexit(vcpu->id, code, info1, info2, vcpu->vmcb->save.rip);
	write_vmcb12_exit(page_address(page), vcpu->vmcb, hvt_guest_efer(vcpu), code, info1, info2);
	put_page(page);
	vcpu->stats.nested_exits_reflected++;
	leave_l2(vcpu, true);
	return HVT_CONTINUE;
}

/*
 * L1's permission-map bit for an L2 access (IOPM: one bit a port; MSRPM:
 * two an MSR): 1 set, 0 clear, -1 its page is not mapped in root_mmu yet
 * (nested.map_gpa says which; the exit loop runs atomically and may not
 * fault it in). Read through the kernel mapping of L1's page, like VMCB12.
 */
static int l1_map_bit(struct hvt_vcpu *vcpu, u64 base, u64 bit)
{
	u64 gpa = (base & PAGE_MASK) + bit / 8;
	struct page *page = hvt_root_mmu_get_page(vcpu->vm, gpa, false);
	u8 byte;

	if (!page) {
		vcpu->nested.map_gpa = gpa;
		return -1;
	}
	byte = *((u8 *)page_address(page) + offset_in_page(gpa));
	put_page(page);
	return !!(byte & (1u << (bit % 8)));
}

static int l1_intercepts_io(struct hvt_vcpu *vcpu, const struct hvt_vmcb_control *c12, u64 info1)
{
	u32 port = info1 >> HVT_IOIO_PORT_SHIFT;
	u32 size = (info1 & HVT_IOIO_SIZE_MASK) >> HVT_IOIO_SIZE_SHIFT;
	u32 i, bytes = size == 1 ? 1 : size == 2 ? 2 : 4;
	int bit;

	if (!(c12->intercept_misc1 & HVT_INTERCEPT_IOIO))
		return 0;
	for (i = 0; i < bytes; i++) {
		bit = l1_map_bit(vcpu, c12->iopm_base_pa, (port + i) & 0xffff);
		if (bit)
			return bit;
	}
	return 0;
}

static int l1_intercepts_msr(struct hvt_vcpu *vcpu, const struct hvt_vmcb_control *c12,
			     u32 msr, bool write)
{
	u64 base;

	if (!(c12->intercept_misc1 & HVT_INTERCEPT_MSR))
		return 0;
	if (msr <= 0x1fff)
		base = 0;
	else if (msr >= 0xc0000000 && msr <= 0xc0001fff)
		base = 0x800 * 8;
	else if (msr >= 0xc0010000 && msr <= 0xc0011fff)
		base = 0x1000 * 8;
	else
		return 1;	/* outside the map: always intercepted */
	return l1_map_bit(vcpu, c12->msrpm_base_pa, base + (msr & 0x1fff) * 2 + write);
}

/* Whether L1 asked for this L2 exit: 1 yes, 0 no, -1 a map page to fault in first. */
static int l1_intercepts(struct hvt_vcpu *vcpu, u64 code, u64 info1)
{
	const struct hvt_vmcb_control *c12 = &vcpu->nested.vmcb12->control;

	if (code < 0x20)
		return !!(c12->intercept_cr & (1u << code));
	if (code < 0x40)
		return !!(c12->intercept_dr & (1u << (code - 0x20)));
	if (code < 0x60)
		return !!(c12->intercept_exceptions & (1u << (code - 0x40)));
	if (code == HVT_EXIT_IOIO)
		return l1_intercepts_io(vcpu, c12, info1);
	if (code == HVT_EXIT_MSR)
		return l1_intercepts_msr(vcpu, c12, vcpu->gprs[HVT_RCX], info1);
	if (code < 0x80)
		return !!(c12->intercept_misc1 & (1u << (code - 0x60)));
	if (code < 0xa0)
		return !!(c12->intercept_misc2 & (1u << (code - 0x80)));
	if (code < 0xc0)
		return !!(c12->intercept_misc3 & (1u << (code - 0xa0)));
	/* NPF is L1's only with NPT12; anything else unknown goes to L1. */
	return code != HVT_EXIT_NPF;
}

/*
 * An event whose delivery the exit interrupted goes into L2 again when L0
 * resumes L2 itself (on hardware the exit would not have happened). When
 * the exit goes to L1 instead, the event travels in VMCB12's EXITINTINFO
 * and VMCB02's EVENTINJ is rebuilt from VMCB12 at the next VMRUN.
 */
static void requeue_interrupted_event(struct hvt_vmcb_control *c)
{
	if (c->exit_int_info & HVT_EVTINJ_VALID) {
		c->event_inj = c->exit_int_info;
		c->event_inj_err = c->exit_int_info_err;
	} else {
		c->event_inj = 0;
	}
}

int hvt_nested_handle_l2_exit(struct hvt_vcpu *vcpu)
{
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	u64 code = c->exit_code;

	/* VMCB02 built from L1's state failed the CPU's checks: L1's VMRUN fails. */
	if (unlikely(hvt_nested_entry_failed(code)))
		return hvt_nested_vmexit(vcpu, HVT_EXIT_INVALID, 0, 0, false);
	switch (code) {
	case HVT_EXIT_INTR:
	case HVT_EXIT_NMI:
	case HVT_EXIT_SMI:
	case HVT_EXIT_INIT:
	case HVT_EXIT_EXCP_BASE + HVT_VEC_MC:	/* svm_run.c gave it to the host */
		return -1;	/* the host's own events */
	case HVT_EXIT_NPF:
		/* With NPT12 the fault is resolved (or reflected) in process context. */
		if (!vcpu->nested.np12)
			return -1;
		requeue_interrupted_event(c);
		return HVT_SLEEPABLE;
	}
	switch (l1_intercepts(vcpu, code, c->exit_info_1)) {
	case 0:
		return -1;
	case 1:
		return hvt_nested_vmexit(vcpu, code, c->exit_info_1, c->exit_info_2, false);
	default:
		/* L1's map is not mapped yet: fault it in where sleeping is allowed. */
		vcpu->nested.map_pending = true;
		return HVT_SLEEPABLE;
	}
}

/*
 * Process context: L1's permission map page, faulted into root_mmu. Then
 * L2 executes its IN/OUT/RDMSR/WRMSR again and the decision is made in the
 * exit loop; a map outside L1's RAM intercepts everything.
 */
static int fault_in_l1_map(struct hvt_vcpu *vcpu)
{
	const struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	struct page *page;

	vcpu->nested.map_pending = false;
	page = hvt_root_mmu_get_page_slow(vcpu, vcpu->nested.map_gpa, false);
	if (PTR_ERR_OR_ZERO(page) == -EFAULT)
		return hvt_nested_vmexit(vcpu, c->exit_code, c->exit_info_1, c->exit_info_2, true);
	if (IS_ERR(page))
		return PTR_ERR(page) == -EAGAIN ? HVT_CONTINUE : PTR_ERR(page);
	put_page(page);
	return HVT_CONTINUE;
}

static struct hvt_shadow_root *l2_root(struct hvt_vcpu *vcpu)
{
	struct hvt_nested *n = &vcpu->nested;

	return hvt_policy_l2_mmu(&vcpu->vm->policies) == HVT_L2_MMU_SEPARATE ?
	       n->ctx->mmu.root : n->shared_mmu.root;
}

int hvt_nested_sleepable_exit(struct hvt_vcpu *vcpu)
{
	struct hvt_nested *n = &vcpu->nested;
	struct hvt_vmcb_control *c = &vcpu->vmcb->control;
	struct hvt_npt12_walk w;
	int ret;

	if (n->pending_vmexit)
		return hvt_nested_vmexit(vcpu, n->pending_code, n->pending_info1,
					 n->pending_info2, true);
	if (n->map_pending)
		return fault_in_l1_map(vcpu);
	ret = hvt_guest_mmu_fault(vcpu, l2_root(vcpu), n->vmcb12->control.nested_cr3,
				  c->exit_info_2, c->exit_info_1, &w);
	trace_hvt_mmu_fault(vcpu->id, 1, c->exit_info_2, c->exit_info_1, ret);
	if (ret == 1)
		return hvt_nested_vmexit(vcpu, HVT_EXIT_NPF, w.fault_code, c->exit_info_2, true);
	if (ret == HVT_GUEST_MMU_UD)
		return inject(vcpu, 6, false);
	if (ret == -EOPNOTSUPP) {
		/* L2 touched L1 MMIO: hvt does not emulate it (docs/nested.md). */
		const u64 data[] = { HVT_EXIT_NPF, c->exit_info_2 };

		return hvt_exit_internal_error(vcpu, KVM_INTERNAL_ERROR_EMULATION, data, 2);
	}
	return ret < 0 ? ret : HVT_CONTINUE;
}

int hvt_nested_vmload_vmsave(struct hvt_vcpu *vcpu, bool load, bool can_sleep)
{
	struct hvt_vmcb_save *s = &vcpu->vmcb->save;
	struct page *page;
	int ret;

	page = vmcb_insn_page(vcpu, !load, can_sleep, &ret);
	if (!page)
		return ret;
	if (load)
		copy_vmload_state(s, &((struct hvt_vmcb *)page_address(page))->save);
	else
		copy_vmload_state(&((struct hvt_vmcb *)page_address(page))->save, s);
	put_page(page);
	s->rip += SVM_INSN_LEN;
	return HVT_CONTINUE;
}

int hvt_nested_stgi_clgi(struct hvt_vcpu *vcpu, bool set)
{
	int ret = svm_insn_check(vcpu);

	if (ret >= 0)
		return ret;
	vcpu->nested.gif = set;
	vcpu->vmcb->save.rip += SVM_INSN_LEN;
	return HVT_CONTINUE;
}

int hvt_nested_invlpga(struct hvt_vcpu *vcpu)
{
	int ret = svm_insn_check(vcpu);

	if (ret >= 0)
		return ret;
	/*
	 * ECX is the ASID: 0 is L1's own TLB, flushed at its next entry; any
	 * other is L2's, all flushed before L2 next runs (a superset of one
	 * page of one ASID).
	 */
	if ((u32)vcpu->gprs[HVT_RCX] == 0)
		vcpu->force_flush = true;
	else
		vcpu->nested.flush_l2 = true;
	vcpu->vmcb->save.rip += SVM_INSN_LEN;
	return HVT_CONTINUE;
}
