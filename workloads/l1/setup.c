// SPDX-License-Identifier: GPL-2.0
/* Per-vCPU set-up of the L1 hypervisor: features, SVM, VMCB12, NPT12, L2. */
#include "l1.h"

void *l1_alloc(uint64_t bytes, const char *what)
{
	void *p = alloc_bytes(bytes ? bytes : 1);

	GUEST_ASSERT_MSG(p != NULL, "no memory for %s: %llu bytes, %llu free",
			 what, (unsigned long long)bytes,
			 (unsigned long long)alloc_free_bytes());
	return p;
}

static void read_features(struct l1_vcpu *v)
{
	struct l1_features *f = &v->feat;
	struct cpuid_regs r = cpuid(CPUID_EXT_FEATURES);

	if (!(r.ecx & CPUID_EXT_ECX_SVM))
		GUEST_FAIL("no SVM: CPUID 0x80000001 ECX=0x%x", r.ecx);
	GUEST_ASSERT_MSG(cpuid(0x80000000u).eax >= CPUID_ADDR_SIZES,
			 "max extended leaf below 0x%x", CPUID_ADDR_SIZES);
	r = cpuid(CPUID_SVM_LEAF);
	f->svm_rev = r.eax & 0xff;
	f->nr_asids = r.ebx;
	f->svm_edx = r.edx;
	f->np = r.edx & SVM_FEAT_NP;
	f->nrips = r.edx & SVM_FEAT_NRIPS;
	f->maxphyaddr = cpuid(CPUID_ADDR_SIZES).eax & 0xff;
	GUEST_ASSERT_MSG(f->nr_asids > L1_ASID, "%u ASIDs", f->nr_asids);
}

/* EFER.SVME and the host save area, as any SVM hypervisor starts. */
void l1_svm_on(struct l1_vcpu *v)
{
	uint64_t vm_cr = rdmsr(MSR_VM_CR);

	GUEST_ASSERT_MSG(!(vm_cr & VM_CR_SVMDIS), "SVM disabled: VM_CR=0x%llx",
			 (unsigned long long)vm_cr);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	wrmsr(MSR_VM_HSAVE_PA, (uintptr_t)v->hsave);
}

static void build_npt(struct l1_vcpu *v)
{
	uint64_t bytes = (v->bp->mem_size + NPT_2M - 1) & ~(NPT_2M - 1);

	/* the nested walk uses L1's own paging mode (LA57 or not) */
	npt_build_identity(&v->npt, v->paging_levels, bytes);
}

void l1_vcpu_init(struct l1_vcpu *v, struct hvt_boot_params *bp, unsigned int id)
{
	v->magic = L1_VCPU_MAGIC;
	v->bp = bp;
	v->id = id;
	v->flags = (uint32_t)bp->args[HVT_L1_ARG_FLAGS];
	read_features(v);
	v->use_npt = v->feat.np && !(v->flags & HVT_L1_F_NO_NPT);
	v->use_nrips = v->feat.nrips && !(v->flags & HVT_L1_F_NO_NRIPS);
	v->paging_levels = (read_cr4() & X86_CR4_LA57) ? 5 : 4;

	v->hsave = l1_alloc(PAGE_SIZE, "VM_HSAVE_PA");
	v->vmcb = l1_alloc(PAGE_SIZE, "VMCB12");
	v->host_save = l1_alloc(PAGE_SIZE, "host VMSAVE area");
	v->iopm = l1_alloc(SVM_IOPM_PAGES * PAGE_SIZE, "IOPM");
	v->msrpm = l1_alloc(SVM_MSRPM_PAGES * PAGE_SIZE, "MSRPM");
	v->sh = l1_alloc(sizeof(*v->sh), "L2 shared page");
	v->l2_stack_top = (uintptr_t)l1_alloc(L1_L2_STACK_PAGES * PAGE_SIZE,
					      "L2 stack") +
			  L1_L2_STACK_PAGES * PAGE_SIZE;
	l1_svm_on(v);
	vmsave((uintptr_t)v->host_save);
	if (v->use_npt)
		build_npt(v);
}

static void reset_control(struct l1_vcpu *v, const struct l1_test *t)
{
	struct vmcb_control *c = &v->vmcb->control;

	c->intercept_misc1 = t->intercept1;
	c->intercept_misc2 = SVM_INTERCEPT2_VMRUN | t->intercept2;
	c->intercept_exc = t->intercept_exc;
	/* all-zero maps: whatever MSR/IO L2 does is not L1's business */
	c->iopm_base_pa = (uintptr_t)v->iopm;
	c->msrpm_base_pa = (uintptr_t)v->msrpm;
	c->asid = L1_ASID;
	c->tlb_ctl = SVM_TLB_FLUSH_ALL;	/* NPT12 may have changed */
	if (v->use_npt) {
		c->nested_ctl = SVM_NESTED_CTL_NP;
		c->nested_cr3 = (uintptr_t)v->npt.root;
	}
}

/*
 * A fresh VMCB12 for test t: L1's own state (L2 runs on L1's page tables,
 * GDT and IDT), L2's entry and stack, IF=0, the test's intercepts.
 */
void l1_vmcb_reset(struct l1_vcpu *v, const struct l1_test *t)
{
	struct vmcb_save *s = &v->vmcb->save;
	uint64_t rsp = v->l2_stack_top - 8;

	memset(v->vmcb, 0, sizeof(*v->vmcb));
	svm_save_from_cpu(v->vmcb);
	reset_control(v, t);
	/* ABI: entry with RSP = 8 mod 16; returning lands in l2_exit */
	*(uint64_t *)(uintptr_t)rsp = (uintptr_t)l2_exit;
	s->rsp = rsp;
	s->rip = (uintptr_t)t->l2_entry;
	s->rflags = 0x2;
	s->rax = 0;
	memset(&v->regs, 0, sizeof(v->regs));
	v->regs.rdi = (uintptr_t)v->sh;
	memset(v->sh, 0, sizeof(*v->sh));
	v->done = false;
	v->probe = 0;
	v->handler_open = false;
	v->sample_slot = -1;
}
