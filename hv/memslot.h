/* SPDX-License-Identifier: GPL-2.0 */
/* Memslots: guest-physical ranges backed by user memory (KVM_SET_USER_MEMORY_REGION). */
#ifndef HVT_MEMSLOT_H
#define HVT_MEMSLOT_H

#include <linux/kvm.h>
#include <linux/types.h>

struct hvt_vm;
struct hvt_memslot;

/* Copy the slot holding @gfn into @out; mmu_lock held. False if none. */
bool hvt_memslot_copy(struct hvt_vm *vm, u64 gfn, struct hvt_memslot *out);
int hvt_vm_set_memory_region(struct hvt_vm *vm, const struct kvm_userspace_memory_region *mr);
/* Read guest-physical memory into a kernel buffer (may sleep). */
int hvt_read_guest(struct hvt_vm *vm, u64 gpa, void *buf, size_t len);
int hvt_write_guest(struct hvt_vm *vm, u64 gpa, const void *buf, size_t len);

#endif
