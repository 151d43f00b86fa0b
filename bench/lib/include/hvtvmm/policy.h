/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvt's per-VM policies (hv/include/uapi/hvt.h): setting them on a fresh
 * VM, listing them, and turning a refusal into one line that says what is
 * allowed. Stock KVM has no policies: KVM_CHECK_EXTENSION(HVT_CAP_POLICIES)
 * answers 0 there, and asking for one is an error, never silently ignored
 * (an A/B run that quietly measured the default twice would be worse).
 */
#ifndef HVTVMM_POLICY_H
#define HVTVMM_POLICY_H

#include <stdbool.h>
#include <uapi/hvt.h>
#include <hvtvmm/err.h>
#include <hvtvmm/vm.h>

/* More than hvt registers (5); only a sanity cap on what we read. */
#define VMM_MAX_POLICIES 64

/* One NAME=VALUE request; both NUL-terminated inside their uapi fields. */
struct vmm_policy {
	char name[HVT_POLICY_NAME_LEN];
	char value[HVT_POLICY_VALUE_LEN];
};

/*
 * Parses "NAME=VALUE" (both non-empty, printable, no blanks, short enough
 * for the uapi fields). Checks only the form: whether hvt knows the name
 * and value is for the device to say.
 */
int vmm_policy_parse(const char *arg, struct vmm_policy *p, struct vmm_err *err);

/* 1 if the device or VM fd answers HVT_CAP_POLICIES, else 0. */
int vmm_policy_supported(int fd);

/*
 * Every policy of the VM (HVT_ENUM_POLICY from index 0 until ENOENT) into a
 * malloc'd array the caller frees. Fails on a fd without policies.
 */
int vmm_policy_list(int vm_fd, struct hvt_policy_info **out, unsigned int *n,
		    struct vmm_err *err);

/*
 * Why HVT_SET_POLICY refused p with errnum, in one line naming the device
 * and listing what is allowed, from the VM's policy list infos[0..n).
 * Plain function of its arguments (unit-tested without a device).
 */
void vmm_policy_explain(const struct vmm_policy *p, int errnum, const char *dev,
			const struct hvt_policy_info *infos, unsigned int n,
			struct vmm_err *err);

/*
 * Sets p[0..n) on vm, which must not have vCPUs yet (hvt freezes policies
 * at the first vCPU). Fails on a device without policies with "policies
 * are hvt's; <dev> has none", and on a refusal with vmm_policy_explain().
 */
int vmm_policy_apply(struct vmm_vm *vm, const struct vmm_policy *p, unsigned int n,
		     struct vmm_err *err);

#endif
