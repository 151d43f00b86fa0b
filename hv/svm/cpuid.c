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
	kfree(vcpu->cpuid);
	vcpu->cpuid = entries;
	vcpu->nr_cpuid = hdr.nent;
	hvt_nested_update_caps(vcpu);
	return 0;
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

void hvt_cpuid_emulate(struct hvt_vcpu *vcpu)
{
	u64 *rax = hvt_vcpu_reg(vcpu, HVT_RAX);
	const struct kvm_cpuid_entry2 *e = find_leaf(vcpu, (u32)*rax, (u32)vcpu->gprs[HVT_RCX]);

	*rax = e ? e->eax : 0;
	vcpu->gprs[HVT_RBX] = e ? e->ebx : 0;
	vcpu->gprs[HVT_RCX] = e ? e->ecx : 0;
	vcpu->gprs[HVT_RDX] = e ? e->edx : 0;
}
