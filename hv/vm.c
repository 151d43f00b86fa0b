// SPDX-License-Identifier: GPL-2.0
/*
 * VM file descriptors. A VM lives while its fd or any vCPU fd is open
 * (vCPU fds hold a reference); the last put unregisters the mmu_notifier,
 * frees the vCPUs, and releases every mapped page and table.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvt.h"
#include "memslot.h"
#include "policy/policy_kmod.h"
#include "stats_fd.h"
#include "uapi/hvt.h"
#include "mmu/guest_mmu.h"
#include "mmu/root_mmu.h"
#include "vcpu.h"
#include "vm.h"

atomic_t hvt_live_vms = ATOMIC_INIT(0);
atomic_t hvt_live_vcpus = ATOMIC_INIT(0);
atomic_long_t hvt_live_pages = ATOMIC_LONG_INIT(0);
atomic_long_t hvt_guest_page_refs = ATOMIC_LONG_INIT(0);

long hvt_check_extension(long ext)
{
	switch (ext) {
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_DESTROY_MEMORY_REGION_WORKS:
	case KVM_CAP_JOIN_MEMORY_REGIONS_WORKS:
	case KVM_CAP_EXT_CPUID:
	case KVM_CAP_READONLY_MEM:
	case KVM_CAP_IMMEDIATE_EXIT:
	case KVM_CAP_SET_TSS_ADDR:
	case KVM_CAP_BINARY_STATS_FD:
	case HVT_CAP_POLICIES:
		return 1;
	case KVM_CAP_NR_MEMSLOTS:
		return HVT_MAX_MEMSLOTS;
	case KVM_CAP_NR_VCPUS:
	case KVM_CAP_MAX_VCPUS:
		return HVT_MAX_VCPUS;
	case KVM_CAP_MAX_VCPU_ID:
		return HVT_MAX_VCPUS;
	default:
		return 0;
	}
}

static void hvt_vm_destroy(struct kref *ref)
{
	struct hvt_vm *vm = container_of(ref, struct hvt_vm, ref);
	int i;

	hvt_mmu_notifier_unregister(vm);
	for (i = 0; i < vm->nr_vcpus; i++)
		hvt_vcpu_destroy(vm->vcpus[i]);
	hvt_nested_ctx_vm_destroy(vm);
	hvt_guest_mmu_vm_destroy(vm);
	hvt_root_mmu_destroy(vm);
	mmdrop(vm->mm);
	kfree(vm);
	atomic_dec(&hvt_live_vms);
}

void hvt_vm_get(struct hvt_vm *vm)
{
	kref_get(&vm->ref);
}

void hvt_vm_put(struct hvt_vm *vm)
{
	kref_put(&vm->ref, hvt_vm_destroy);
}

static long hvt_vm_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct hvt_vm *vm = filp->private_data;
	void __user *argp = (void __user *)arg;
	struct kvm_userspace_memory_region mr;
	long ret;

	if (vm->mm != current->mm)
		return -EIO;
	switch (ioctl) {
	case KVM_CREATE_VCPU:
		return hvt_vm_create_vcpu(vm, arg);
	case KVM_SET_USER_MEMORY_REGION:
		if (copy_from_user(&mr, argp, sizeof(mr)))
			return -EFAULT;
		mutex_lock(&vm->lock);
		ret = hvt_vm_set_memory_region(vm, &mr);
		mutex_unlock(&vm->lock);
		return ret;
	case KVM_CHECK_EXTENSION:
		return hvt_check_extension(arg);
	case KVM_GET_STATS_FD:
		return hvt_stats_fd_create_vm(vm);
	case HVT_SET_POLICY:
	case HVT_GET_POLICY:
	case HVT_ENUM_POLICY:
		/* The lock CREATE_VCPU takes: no vCPU can appear during a set. */
		mutex_lock(&vm->lock);
		ret = hvt_policy_ioctl(&vm->policies, vm->nr_vcpus > 0, ioctl, argp);
		mutex_unlock(&vm->lock);
		return ret;
	case KVM_SET_TSS_ADDR:
		/*
		 * Needed by KVM on Intel for real mode; SVM has no use for it. KVM
		 * still refuses an address whose three pages would pass 4 GiB.
		 */
		return arg > (unsigned int)(-3 * PAGE_SIZE) ? -EINVAL : 0;
	default:
		return -ENOTTY;
	}
}

static int hvt_vm_release(struct inode *inode, struct file *filp)
{
	hvt_vm_put(filp->private_data);
	return 0;
}

static const struct file_operations hvt_vm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvt_vm_ioctl,
	.release = hvt_vm_release,
	.llseek = noop_llseek,
};

static struct hvt_vm *vm_alloc(void)
{
	struct hvt_vm *vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);

	if (!vm)
		return NULL;
	kref_init(&vm->ref);
	mutex_init(&vm->lock);
	spin_lock_init(&vm->mmu_lock);
	vm->mm = current->mm;
	mmgrab(vm->mm);
	hvt_policy_vm_init(&vm->policies);
	hvt_nested_ctx_vm_init(vm);
	hvt_guest_mmu_vm_init(vm);
	if (hvt_root_mmu_init(vm))
		goto fail;
	if (hvt_mmu_notifier_register(vm))
		goto fail;
	return vm;
fail:
	hvt_guest_mmu_vm_destroy(vm);
	hvt_root_mmu_destroy(vm);
	mmdrop(vm->mm);
	kfree(vm);
	return NULL;
}

int hvt_create_vm(unsigned long type)
{
	struct hvt_vm *vm;
	int fd;

	if (type)
		return -EINVAL;
	/* The fd pins the module (fops.owner): rmmod fails while a VM lives. */
	vm = vm_alloc();
	if (!vm)
		return -ENOMEM;
	atomic_inc(&hvt_live_vms);
	fd = anon_inode_getfd("hvt-vm", &hvt_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		hvt_vm_put(vm);
	return fd;
}
