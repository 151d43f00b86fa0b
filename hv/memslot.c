// SPDX-License-Identifier: GPL-2.0
/*
 * Memslots, with KVM_SET_USER_MEMORY_REGION's rules: create, delete
 * (size 0), move (new guest_phys_addr), nothing else changes in place.
 * Every argument is untrusted; a change bumps vm->slots_gen and zaps the
 * NPT range the old slot mapped before anything can use the new layout.
 */
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "hvt.h"
#include "memslot.h"
#include "mmu/root_mmu.h"

#define HVT_MAX_SLOT_PAGES ((1ull << 31) - 1)

static struct hvt_memslot *memslot_find(struct hvt_vm *vm, u64 gfn)
{
	int i;

	for (i = 0; i < HVT_MAX_MEMSLOTS; i++) {
		struct hvt_memslot *s = &vm->slots[i];

		if (s->used && gfn >= s->base_gfn && gfn - s->base_gfn < s->npages)
			return s;
	}
	return NULL;
}

bool hvt_memslot_copy(struct hvt_vm *vm, u64 gfn, struct hvt_memslot *out)
{
	struct hvt_memslot *s = memslot_find(vm, gfn);

	if (s)
		*out = *s;
	return s;
}

static int validate_region(const struct kvm_userspace_memory_region *mr)
{
	u64 size = mr->memory_size, gpa = mr->guest_phys_addr, hva = mr->userspace_addr;

	if ((mr->slot >> 16) != 0 || (mr->slot & 0xffff) >= HVT_MAX_MEMSLOTS)
		return -EINVAL;
	if (mr->flags & ~KVM_MEM_READONLY)
		return -EINVAL;
	if (!PAGE_ALIGNED(size) || !PAGE_ALIGNED(gpa) || !PAGE_ALIGNED(hva))
		return -EINVAL;
	if (!size)
		return 0;
	if ((size >> PAGE_SHIFT) > HVT_MAX_SLOT_PAGES)
		return -EINVAL;
	if (gpa + size < gpa || gpa + size > (1ull << HVT_MAX_GPA_BITS))
		return -EINVAL;
	if (hva + size < hva || !access_ok((void __user *)(unsigned long)hva, size))
		return -EINVAL;
	return 0;
}

static bool overlaps_other(struct hvt_vm *vm, int id, u64 base_gfn, u64 npages)
{
	int i;

	for (i = 0; i < HVT_MAX_MEMSLOTS; i++) {
		struct hvt_memslot *s = &vm->slots[i];

		if (i == id || !s->used)
			continue;
		if (base_gfn < s->base_gfn + s->npages && s->base_gfn < base_gfn + npages)
			return true;
	}
	return false;
}

/* Replace slot @id with @new (new->used false: delete); vm->lock held. */
static void memslot_commit(struct hvt_vm *vm, int id, const struct hvt_memslot *new)
{
	struct hvt_memslot *s = &vm->slots[id];

	spin_lock(&vm->mmu_lock);
	if (s->used)
		hvt_mmu_zap_gpa_range_locked(vm, s->base_gfn << PAGE_SHIFT,
					     (s->base_gfn + s->npages) << PAGE_SHIFT);
	*s = *new;
	vm->slots_gen++;
	vm->stats.memslot_generation = vm->slots_gen;
	spin_unlock(&vm->mmu_lock);
}

int hvt_vm_set_memory_region(struct hvt_vm *vm, const struct kvm_userspace_memory_region *mr)
{
	int id = mr->slot & 0xffff;
	struct hvt_memslot new = {
		.used = true,
		.flags = mr->flags,
		.base_gfn = mr->guest_phys_addr >> PAGE_SHIFT,
		.npages = mr->memory_size >> PAGE_SHIFT,
		.userspace_addr = mr->userspace_addr,
	};
	struct hvt_memslot *old;
	int ret;

	ret = validate_region(mr);
	if (ret)
		return ret;
	old = &vm->slots[id];
	if (!new.npages) {
		if (!old->used)
			return -EINVAL;
		new.used = false;
		memslot_commit(vm, id, &new);
		return 0;
	}
	if (old->used) {
		/* Only a move (new base) is allowed on an existing slot. */
		if (old->npages != new.npages || old->userspace_addr != new.userspace_addr ||
		    old->flags != new.flags)
			return -EINVAL;
		if (old->base_gfn == new.base_gfn)
			return 0;
	}
	if (overlaps_other(vm, id, new.base_gfn, new.npages))
		return -EEXIST;
	memslot_commit(vm, id, &new);
	return 0;
}

/* Guest memory through the slot's user mapping: callers run in the VM's mm. */
static int guest_copy(struct hvt_vm *vm, u64 gpa, void *buf, size_t len, bool write)
{
	while (len) {
		size_t chunk = min_t(size_t, len, PAGE_SIZE - offset_in_page(gpa));
		struct hvt_memslot slot;
		void __user *uaddr;
		bool ok;

		spin_lock(&vm->mmu_lock);
		ok = hvt_memslot_copy(vm, gpa >> PAGE_SHIFT, &slot);
		spin_unlock(&vm->mmu_lock);
		if (!ok || (write && (slot.flags & KVM_MEM_READONLY)))
			return -EFAULT;
		uaddr = (void __user *)(unsigned long)(slot.userspace_addr +
			((gpa >> PAGE_SHIFT) - slot.base_gfn) * PAGE_SIZE + offset_in_page(gpa));
		if (write ? copy_to_user(uaddr, buf, chunk) : copy_from_user(buf, uaddr, chunk))
			return -EFAULT;
		gpa += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int hvt_read_guest(struct hvt_vm *vm, u64 gpa, void *buf, size_t len)
{
	return guest_copy(vm, gpa, buf, len, false);
}

int hvt_write_guest(struct hvt_vm *vm, u64 gpa, const void *buf, size_t len)
{
	return guest_copy(vm, gpa, (void *)buf, len, true);
}
