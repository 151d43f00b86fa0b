/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel side of the policy framework: module parameters feeding the
 * defaults, and the HVT_*_POLICY VM ioctls (uapi/hvt.h). The registry and
 * all parsing live in core/policy.c.
 */
#ifndef HVT_POLICY_KMOD_H
#define HVT_POLICY_KMOD_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "core/policy.h"

/*
 * A new VM's policy set from the module defaults. Takes the module's
 * parameter lock so a concurrent write to /sys/module/hvt/parameters/ is
 * seen entirely or not at all.
 */
void hvt_policy_vm_init(struct hvt_policy_set *set);

/*
 * HVT_SET_POLICY, HVT_GET_POLICY, HVT_ENUM_POLICY on a VM fd; -ENOTTY for
 * any other ioctl. frozen: the VM has a vCPU (setting is then -EBUSY).
 * Call with the VM's lock held, the one CREATE_VCPU takes, so frozen
 * cannot change under a set.
 */
long hvt_policy_ioctl(struct hvt_policy_set *set, bool frozen,
		      unsigned int ioctl, void __user *argp);

#endif
