/* SPDX-License-Identifier: GPL-2.0 */
/* vCPUs: creation, the shared kvm_run page, CPUID. */
#ifndef HVTVMM_VCPU_H
#define HVTVMM_VCPU_H

#include <hvtvmm/err.h>
#include <hvtvmm/vm.h>

/*
 * Creates vCPU number vm->nr_vcpus, maps its kvm_run and gives it the
 * device's supported CPUID (with its own APIC ID). Returns it in *out.
 */
int vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu **out, struct vmm_err *err);

/* Unmaps kvm_run and closes the vCPU; safe to call twice. */
void vmm_vcpu_destroy(struct vmm_vcpu *vcpu);

/* Short name of a KVM_EXIT_* reason, "UNKNOWN" if not known. */
const char *vmm_exit_reason_name(unsigned int reason);

#endif
