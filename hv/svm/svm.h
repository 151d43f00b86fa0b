/* SPDX-License-Identifier: GPL-2.0 */
/* The SVM backend's interface to the generic vCPU code. */
#ifndef HVT_SVM_SVM_H
#define HVT_SVM_SVM_H

#include <linux/kvm.h>
#include <linux/types.h>

struct hvt_vcpu;

/* What an exit handler asks the run loop to do next. */
enum hvt_exit_action {
	HVT_CONTINUE = 0,	/* re-enter the guest at once */
	HVT_TO_USER,		/* kvm_run is filled: return from KVM_RUN */
	HVT_SLEEPABLE,		/* needs process context (e.g. an NPF) */
};

/* What an instruction emulator returns when no exception is raised instead. */
#define HVT_EMULATED (-1)

/* Module-wide: the I/O and MSR permission maps, all intercepting. */
int hvt_svm_permission_maps_init(void);
void hvt_svm_permission_maps_free(void);

/* An intercept set: the five vectors of a VMCB's control area. */
struct hvt_intercepts {
	u32 cr, dr, exceptions, misc1, misc2;
};

/* What every L1 VMCB intercepts (svm_vcpu.c). */
extern const struct hvt_intercepts hvt_l1_intercepts;

struct hvt_vmcb_ref;
int hvt_svm_vmcb_ref_alloc(struct hvt_vmcb_ref *ref);
void hvt_svm_vmcb_ref_free(struct hvt_vmcb_ref *ref);
void hvt_svm_switch_vmcb(struct hvt_vcpu *vcpu, struct hvt_vmcb_ref *ref);

int hvt_svm_vcpu_init(struct hvt_vcpu *vcpu);
void hvt_svm_vcpu_free(struct hvt_vcpu *vcpu);
void hvt_svm_vcpu_reset(struct hvt_vcpu *vcpu);

void hvt_svm_get_regs(struct hvt_vcpu *vcpu, struct kvm_regs *regs);
void hvt_svm_set_regs(struct hvt_vcpu *vcpu, const struct kvm_regs *regs);
void hvt_svm_get_sregs(struct hvt_vcpu *vcpu, struct kvm_sregs *sregs);
int hvt_svm_set_sregs(struct hvt_vcpu *vcpu, const struct kvm_sregs *sregs);

int hvt_svm_vcpu_run(struct hvt_vcpu *vcpu);

/* Exit handling (svm_exit.c), msr.c, cpuid.c */
int hvt_svm_handle_exit(struct hvt_vcpu *vcpu);
int hvt_svm_handle_sleepable_exit(struct hvt_vcpu *vcpu);
/* Fill kvm_run for KVM_EXIT_INTERNAL_ERROR; returns HVT_TO_USER. */
int hvt_exit_internal_error(struct hvt_vcpu *vcpu, u32 suberror, const u64 *data, u32 ndata);
int hvt_svm_queue_exception(struct hvt_vcpu *vcpu, u8 vector, bool has_error, u32 error);
int hvt_msr_read(struct hvt_vcpu *vcpu, u32 index, u64 *data, bool host);
int hvt_msr_write(struct hvt_vcpu *vcpu, u32 index, u64 data, bool host);
void hvt_cpuid_emulate(struct hvt_vcpu *vcpu);
int hvt_cpuid_get_supported(struct kvm_cpuid2 __user *arg);
int hvt_cpuid_set(struct hvt_vcpu *vcpu, struct kvm_cpuid2 __user *arg);
/* Work out vcpu->caps from the vCPU's CPUID table (also for an empty one). */
void hvt_cpuid_update_caps(struct hvt_vcpu *vcpu);

extern void hvt_svm_vmrun(u64 vmcb_pa, u64 host_save_pa, u64 *gprs);

#endif
