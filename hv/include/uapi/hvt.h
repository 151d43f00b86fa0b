/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * hvt-specific ioctls, on top of the KVM API subset /dev/hvt speaks with the
 * structs and numbers of <linux/kvm.h>. Include this after (or instead of
 * nothing but) <linux/kvm.h>; it needs only <linux/types.h>/<linux/ioctl.h>.
 *
 * Discovery: KVM_CHECK_EXTENSION(HVT_CAP_POLICIES) on /dev/hvt or a VM fd
 * answers 1 on hvt. Real KVM answers 0 (unknown capability), so a VMM can
 * probe any fd safely.
 */
#ifndef _UAPI_HVT_H
#define _UAPI_HVT_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * ioctl type byte. KVM owns 0xAE. 0xB9 is not registered in the kernel's
 * Documentation/userspace-api/ioctl/ioctl-number.rst (0xB7 is the last used
 * code in the 0xB* row, 0xC0 the next one). A type byte of our own, rather
 * than KVMIO with unused numbers, means a future KVM ioctl can never alias
 * an hvt one, and an hvt ioctl sent to a real KVM fd fails with -ENOTTY
 * instead of doing something else.
 */
#define HVTIO 0xB9

/*
 * Capability number for KVM_CHECK_EXTENSION. KVM numbers its capabilities
 * densely from 0 (a few hundred so far); 0x48565400 is ASCII "HVT\0", far
 * above anything KVM will reach, and below 2^31 so it survives the int
 * argument of 32-bit and compat callers.
 */
#define HVT_CAP_POLICIES 0x48565401

/*
 * Field sizes, NUL included. Every string the kernel reads must have a NUL
 * inside its field (-EINVAL otherwise); every string it writes is
 * NUL-terminated and NUL-padded to the end of its field.
 */
#define HVT_POLICY_NAME_LEN	32
#define HVT_POLICY_VALUE_LEN	32
#define HVT_POLICY_ALLOWED_LEN	128
#define HVT_POLICY_DOC_LEN	160

/* HVT_SET_POLICY (in) and HVT_GET_POLICY (name in, value out). */
struct hvt_policy_value {
	__u32 flags;				/* must be 0 */
	__u32 pad;				/* must be 0 */
	char name[HVT_POLICY_NAME_LEN];		/* e.g. "l2_mmu" */
	char value[HVT_POLICY_VALUE_LEN];	/* e.g. "shared", "8" */
};

/* hvt_policy_info.flags */
#define HVT_POLICY_F_ACTIVE	(1u << 0)	/* implemented by this build */
#define HVT_POLICY_F_NUMERIC	(1u << 1)	/* value is a decimal number */

/* HVT_ENUM_POLICY: index in, the rest out. */
struct hvt_policy_info {
	__u32 index;				/* in: 0, 1, ... */
	__u32 flags;				/* out: HVT_POLICY_F_* */
	char name[HVT_POLICY_NAME_LEN];
	char value[HVT_POLICY_VALUE_LEN];	/* this VM's current value */
	char default_value[HVT_POLICY_VALUE_LEN]; /* module's default */
	char allowed[HVT_POLICY_ALLOWED_LEN];	/* "separate|shared", "0..64" */
	char doc[HVT_POLICY_DOC_LEN];		/* one line */
};

/*
 * VM ioctls. All three may fail with -EFAULT (bad user pointer).
 *
 * HVT_SET_POLICY: choose a policy value for this VM. Allowed only before
 *   the VM's first vCPU is created, so a vCPU never sees a policy change.
 *   -EBUSY      a vCPU already exists (checked first)
 *   -EINVAL     flags or pad not 0, a string without NUL in its field,
 *               unknown name, unknown value, a number out of range or not
 *               plain decimal (no sign, spaces, prefix or trailing bytes);
 *               HVT_ENUM_POLICY's "allowed" lists the valid values
 *   -EOPNOTSUPP the policy is registered but this build does not implement
 *               it yet (HVT_POLICY_F_ACTIVE clear) and the value is not its
 *               default: refusing beats an A/B run that silently compares
 *               two identical configurations (module parameter
 *               allow_inactive_policies=1 lifts this for developers)
 *   On any error the VM's policies are unchanged.
 *
 * HVT_GET_POLICY: fill value for name (any time).
 *   -EINVAL     flags or pad not 0, name without NUL, unknown name
 *
 * HVT_ENUM_POLICY: describe policy number index (any time). Indices are
 *   dense from 0; iterate until -ENOENT.
 *   -ENOENT     index past the last policy
 */
#define HVT_SET_POLICY	_IOW(HVTIO, 0x00, struct hvt_policy_value)
#define HVT_GET_POLICY	_IOWR(HVTIO, 0x01, struct hvt_policy_value)
#define HVT_ENUM_POLICY	_IOWR(HVTIO, 0x02, struct hvt_policy_info)

#endif
