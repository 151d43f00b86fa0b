/* SPDX-License-Identifier: GPL-2.0 */
/* Translate a guest-virtual address the way the guest's own paging would. */
#ifndef HVT_MMU_GUEST_WALK_H
#define HVT_MMU_GUEST_WALK_H

#include <linux/types.h>

struct hvt_vcpu;

/* 0 and *gpa on success; -EFAULT if not mapped; -EOPNOTSUPP for legacy 32-bit paging. */
int hvt_guest_virt_to_phys(struct hvt_vcpu *vcpu, u64 gva, u64 *gpa);
/* Read @len bytes at guest-virtual @gva (may cross a page). */
int hvt_read_guest_virt(struct hvt_vcpu *vcpu, u64 gva, void *buf, size_t len);

#endif
