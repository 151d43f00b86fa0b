// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID for L1. KVM_GET_SUPPORTED_CPUID offers the host's values masked to
 * what hvt really provides (no XSAVE/AVX state switching, no x2APIC or
 * local APIC, no PMU) plus SVM with only what nested SVM emulates: nested
 * paging, no NRIP save, no VGIF, no decode assists, no clean bits, no
 * SKINIT. The VMM picks from that with KVM_SET_CPUID2, and CPUID exits
 * answer from the vCPU's table. A leaf not in the table reads as zeros.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#include "hvt.h"
#include "svm/svm.h"
#include "vcpu.h"

struct leaf_mask {
	u32 function, index;
	u32 eax, ebx, ecx, edx;	/* bits passed through from the host */
};

static const struct leaf_mask supported[] = {
	{ 0x0, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	/* 1: family/model; ECX: SSE3, PCLMUL, SSSE3, CX16, SSE4.1/4.2, MOVBE, POPCNT,
	 * AES, RDRAND; EDX: FPU..SSE2 less APIC, MTRR, MCE/MCA, HTT. */
	{ 0x1, 0, 0xffffffff, 0x0000ffff, 0x42d82203, 0x078ba97f },
	/* 7.0 EBX: FSGSBASE, BMI1, SMEP, BMI2, ERMS, RDSEED, ADX, SMAP, CLFLUSHOPT, SHA */
	{ 0x7, 0, 0x00000000, 0x209c0389, 0x00000000, 0x00000000 },
	{ 0x80000000, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	/* ECX: LAHF, SVM (added below), ABM, SSE4A, PREFETCHW; EDX: SYSCALL, NX, MMXEXT,
	 * PDPE1GB, RDTSCP, LM */
	{ 0x80000001, 0, 0xffffffff, 0x00000000, 0x00000161, 0x2dd3a97f },
	{ 0x80000002, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	{ 0x80000003, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	{ 0x80000004, 0, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff },
	/* Address sizes only. */
	{ 0x80000008, 0, 0x0000ffff, 0x00000000, 0x00000000, 0x00000000 },
	/* SVM features: synthesized in svm_leaf(), nothing from the host. */
	{ 0x8000000a, 0, 0x00000000, 0x00000000, 0x00000000, 0x00000000 },
};

#define SVM_REVISION	 1
#define SVM_L1_ASIDS	 64
#define SVM_FEATURE_NP	 (1u << 0)

/* What nested SVM gives L1: SVM itself and nested paging, nothing else. */
static void svm_leaf(struct kvm_cpuid_entry2 *e)
{
	if (e->function == 0x80000001)
		e->ecx |= 1u << 2;
	if (e->function == 0x8000000a) {
		e->eax = SVM_REVISION;
		e->ebx = SVM_L1_ASIDS;
		e->ecx = 0;
		e->edx = SVM_FEATURE_NP;
	}
}

/* Never more than what the table lists: clamp the max-leaf answers. */
static void clamp_max_leaf(struct kvm_cpuid_entry2 *e)
{
	if (e->function == 0x0)
		e->eax = min(e->eax, 0x7u);
	else if (e->function == 0x80000000)
		e->eax = min(e->eax, 0x8000000au);
}

int hvt_cpuid_get_supported(struct kvm_cpuid2 __user *arg)
{
	struct kvm_cpuid2 hdr;
	int i, n = ARRAY_SIZE(supported);

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent < n) {
		hdr.nent = n;
		return copy_to_user(arg, &hdr, sizeof(hdr)) ? -EFAULT : -E2BIG;
	}
	for (i = 0; i < n; i++) {
		const struct leaf_mask *m = &supported[i];
		struct kvm_cpuid_entry2 e = { .function = m->function, .index = m->index };

		cpuid_count(m->function, m->index, &e.eax, &e.ebx, &e.ecx, &e.edx);
		e.eax &= m->eax;
		e.ebx &= m->ebx;
		e.ecx &= m->ecx;
		e.edx &= m->edx;
		if (m->function == 0x7)
			e.flags = KVM_CPUID_FLAG_SIGNIFCANT_INDEX;
		if (m->function == 0x1)
			e.ecx |= 1u << 31;	/* "running under a hypervisor" */
		svm_leaf(&e);
		clamp_max_leaf(&e);
		if (copy_to_user(&arg->entries[i], &e, sizeof(e)))
			return -EFAULT;
	}
	hdr.nent = n;
	return copy_to_user(arg, &hdr, sizeof(hdr)) ? -EFAULT : 0;
}

static const struct kvm_cpuid_entry2 *find_leaf(struct hvt_vcpu *vcpu, u32 fn, u32 idx)
{
	int i;

	for (i = 0; i < vcpu->nr_cpuid; i++) {
		const struct kvm_cpuid_entry2 *e = &vcpu->cpuid[i];

		if (e->function == fn &&
		    (!(e->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e->index == idx))
			return e;
	}
	return NULL;
}

/* Bit @bit of register @reg (0 EAX .. 3 EDX) of leaf @fn.@idx, if the table has it. */
static bool has(struct hvt_vcpu *vcpu, u32 fn, u32 idx, int reg, int bit)
{
	const struct kvm_cpuid_entry2 *e = find_leaf(vcpu, fn, idx);
	u32 r;

	if (!e)
		return false;
	r = reg == 0 ? e->eax : reg == 1 ? e->ebx : reg == 2 ? e->ecx : e->edx;
	return r & (1u << bit);
}

enum { EAX, EBX, ECX, EDX };

/* CR4 bits any x86-64 guest may set; the others need a CPUID bit (and the host's). */
#define CR4_BASE (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | \
		  X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | X86_CR4_OSFXSR | \
		  X86_CR4_OSXMMEXCPT)

static u64 cr4_allowed(struct hvt_vcpu *vcpu)
{
	static const struct { u64 cr4; u32 fn; int reg, bit; u16 host; } gated[] = {
		{ X86_CR4_OSXSAVE, 1, ECX, 26, X86_FEATURE_XSAVE },
		{ X86_CR4_PCIDE, 1, ECX, 17, X86_FEATURE_PCID },
		{ X86_CR4_FSGSBASE, 7, EBX, 0, X86_FEATURE_FSGSBASE },
		{ X86_CR4_SMEP, 7, EBX, 7, X86_FEATURE_SMEP },
		{ X86_CR4_SMAP, 7, EBX, 20, X86_FEATURE_SMAP },
		{ X86_CR4_UMIP, 7, ECX, 2, X86_FEATURE_UMIP },
		{ X86_CR4_PKE, 7, ECX, 3, X86_FEATURE_PKU },
		{ X86_CR4_LA57, 7, ECX, 16, X86_FEATURE_LA57 },
	};
	u64 allowed = CR4_BASE;
	int i;

	for (i = 0; i < ARRAY_SIZE(gated); i++)
		if (has(vcpu, gated[i].fn, 0, gated[i].reg, gated[i].bit) &&
		    boot_cpu_has(gated[i].host))
			allowed |= gated[i].cr4;
	return allowed;
}

/* EFER bits the guest may set with WRMSR: each needs its CPUID bit. */
static u64 efer_allowed(struct hvt_vcpu *vcpu)
{
	u64 allowed = EFER_SCE;

	if (has(vcpu, 0x80000001, 0, EDX, 29))
		allowed |= EFER_LME | EFER_LMA;
	if (has(vcpu, 0x80000001, 0, EDX, 20))
		allowed |= EFER_NX;
	if (has(vcpu, 0x80000001, 0, ECX, 2))
		allowed |= EFER_SVME;
	if (has(vcpu, 0x80000001, 0, EDX, 25))
		allowed |= EFER_FFXSR;
	return allowed;
}

void hvt_cpuid_update_caps(struct hvt_vcpu *vcpu)
{
	const struct kvm_cpuid_entry2 *e = find_leaf(vcpu, 0x80000008, 0);
	struct hvt_guest_caps *c = &vcpu->caps;

	c->cr4_allowed = cr4_allowed(vcpu);
	c->efer_allowed = efer_allowed(vcpu);
	/* As KVM: 36 bits when CPUID does not say (no leaf, or 0 in it). */
	c->maxphyaddr = e && (e->eax & 0xff) ? clamp(e->eax & 0xff, 32u, 52u) : 36;
	c->svm = has(vcpu, 0x80000001, 0, ECX, 2);
	c->tsc_aux = has(vcpu, 0x80000001, 0, EDX, 27) || has(vcpu, 7, 0, ECX, 22);
}

int hvt_cpuid_set(struct hvt_vcpu *vcpu, struct kvm_cpuid2 __user *arg)
{
	struct kvm_cpuid_entry2 *entries;
	struct kvm_cpuid2 hdr;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nent > HVT_MAX_CPUID)
		return -E2BIG;
	entries = memdup_user(arg->entries, hdr.nent * sizeof(*entries));
	if (IS_ERR(entries))
		return PTR_ERR(entries);
	/* As KVM: once the vCPU has run, its CPUID may only be set to what it is. */
	if (vcpu->has_run && (hdr.nent != vcpu->nr_cpuid ||
			      memcmp(entries, vcpu->cpuid, hdr.nent * sizeof(*entries)))) {
		kfree(entries);
		return -EINVAL;
	}
	kfree(vcpu->cpuid);
	vcpu->cpuid = entries;
	vcpu->nr_cpuid = hdr.nent;
	hvt_cpuid_update_caps(vcpu);
	return 0;
}

void hvt_cpuid_emulate(struct hvt_vcpu *vcpu)
{
	u64 *rax = hvt_vcpu_reg(vcpu, HVT_RAX);
	const struct kvm_cpuid_entry2 *e = find_leaf(vcpu, (u32)*rax, (u32)vcpu->gprs[HVT_RCX]);

	*rax = e ? e->eax : 0;
	vcpu->gprs[HVT_RBX] = e ? e->ebx : 0;
	vcpu->gprs[HVT_RCX] = e ? e->ecx : 0;
	vcpu->gprs[HVT_RDX] = e ? e->edx : 0;
}
