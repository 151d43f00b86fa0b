/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translate a guest-virtual address the way the running guest's own paging
 * would (none, 32-bit, PAE, 4- or 5-level), and read guest memory by it.
 * Used to fetch the instruction an exit stopped at.
 *
 * @atomic: the caller holds the VM's mmu_lock; reads go through the root
 * NPT's mapping of each page (root_mmu.h) and never sleep; a page that is
 * not mapped (or an L2 whose physical addresses need L1's NPT12) gives
 * -EAGAIN, and the caller comes back in process context with @atomic false,
 * where pages are faulted in.
 */
#ifndef HVT_MMU_GUEST_WALK_H
#define HVT_MMU_GUEST_WALK_H

#include <linux/types.h>

struct hvt_vcpu;

/* 0 and *gpa on success; -EFAULT if not mapped; -EAGAIN (atomic only). */
int hvt_guest_virt_to_phys(struct hvt_vcpu *vcpu, u64 gva, u64 *gpa, bool atomic);
/* Read @len bytes at guest-virtual @gva (may cross a page). */
int hvt_read_guest_virt(struct hvt_vcpu *vcpu, u64 gva, void *buf, size_t len, bool atomic);

#endif
