// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO exits. The CPU gives the address; the data and direction come from
 * the instruction: from the decode-assist bytes where the CPU has them,
 * else fetched through the guest's page tables. Only MOV forms are
 * emulated (core/x86_decode.c); anything else is KVM_EXIT_INTERNAL_ERROR
 * (emulation) with the instruction bytes in internal.data.
 */
#include <linux/kvm.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "core/x86_decode.h"
#include "hvt.h"
#include "mmu/guest_walk.h"
#include "svm/mmio.h"
#include "svm/svm.h"
#include "svm/vmcb.h"
#include "vcpu.h"

static int fetch_insn(struct hvt_vcpu *vcpu, u8 *bytes, unsigned int *n)
{
	struct hvt_vmcb *vmcb = vcpu->vmcb;
	u64 rip = vmcb->save.rip + vmcb->save.cs.base;
	size_t len = min_t(size_t, HVT_INSN_MAX, PAGE_SIZE - offset_in_page(rip));

	if (vmcb->control.insn_len) {
		*n = min_t(unsigned int, vmcb->control.insn_len, HVT_INSN_MAX);
		memcpy(bytes, vmcb->control.insn_bytes, *n);
		return 0;
	}
	/* Read up to the page end first; the rest only if the insn needs it. */
	if (hvt_read_guest_virt(vcpu, rip, bytes, len, false))
		return -EFAULT;
	if (len < HVT_INSN_MAX && !hvt_read_guest_virt(vcpu, rip + len, bytes + len,
						       HVT_INSN_MAX - len, false))
		len = HVT_INSN_MAX;
	*n = len;
	return 0;
}

/* The address, RIP and first 8 instruction bytes, for whoever debugs it. */
static int emulation_failure(struct hvt_vcpu *vcpu, const u8 *bytes, unsigned int n)
{
	u64 data[3] = { vcpu->vmcb->control.exit_info_2, vcpu->vmcb->save.rip, 0 };

	memcpy(&data[2], bytes, min(n, 8u));
	return hvt_exit_internal_error(vcpu, KVM_INTERNAL_ERROR_EMULATION, data, 3);
}

int hvt_mmio_exit(struct hvt_vcpu *vcpu, u64 gpa)
{
	struct kvm_run *run = vcpu->run;
	struct hvt_mmio_insn insn;
	u8 bytes[HVT_INSN_MAX];
	unsigned int n = 0;
	u64 val;

	if (fetch_insn(vcpu, bytes, &n) || hvt_decode_mmio_insn(bytes, n, &insn))
		return emulation_failure(vcpu, bytes, n);

	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = gpa;
	run->mmio.len = insn.size;
	run->mmio.is_write = insn.write;
	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (insn.write) {
		val = insn.has_imm ? insn.imm : *hvt_vcpu_reg(vcpu, insn.reg);
		if (insn.high_byte)
			val >>= 8;	/* AH, CH, DH, BH: bits 8-15 */
		memcpy(run->mmio.data, &val, insn.size);
		vcpu->pending = HVT_PENDING_MMIO_WRITE;
	} else {
		vcpu->pending = HVT_PENDING_MMIO_READ;
		vcpu->pending_reg = insn.reg;
		vcpu->pending_size = insn.size;
		vcpu->pending_dst_size = insn.dst_size;
		vcpu->pending_high_byte = insn.high_byte;
	}
	vcpu->pending_rip = vcpu->vmcb->save.rip + insn.len;
	return HVT_TO_USER;
}
