// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU file descriptors: KVM_RUN, GET/SET_REGS, GET/SET_SREGS, SET_CPUID2,
 * GET/SET_MSRS, and the mmap of kvm_run (page 0) and PIO data (page 1).
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvt.h"
#include "stats_fd.h"
#include "svm/svm.h"
#include "vcpu.h"

#define HVT_MAX_MSRS_PER_CALL 256

static int vcpu_msrs(struct hvt_vcpu *vcpu, struct kvm_msrs __user *arg, bool write)
{
	struct kvm_msr_entry e;
	struct kvm_msrs hdr;
	u32 i;

	if (copy_from_user(&hdr, arg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.nmsrs > HVT_MAX_MSRS_PER_CALL)
		return -E2BIG;
	/* Like KVM: stop at the first MSR that fails, return how many succeeded. */
	for (i = 0; i < hdr.nmsrs; i++) {
		if (copy_from_user(&e, &arg->entries[i], sizeof(e)))
			return -EFAULT;
		if (write) {
			if (hvt_msr_write(vcpu, e.index, e.data, true))
				break;
		} else {
			if (hvt_msr_read(vcpu, e.index, &e.data, true))
				break;
			if (copy_to_user(&arg->entries[i], &e, sizeof(e)))
				return -EFAULT;
		}
	}
	return i;
}

static long vcpu_ioctl_locked(struct hvt_vcpu *vcpu, unsigned int ioctl, void __user *argp)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs;

	switch (ioctl) {
	case KVM_RUN:
		if (argp)
			return -EINVAL;
		return hvt_svm_vcpu_run(vcpu);
	case KVM_GET_REGS:
		hvt_svm_get_regs(vcpu, &regs);
		return copy_to_user(argp, &regs, sizeof(regs)) ? -EFAULT : 0;
	case KVM_SET_REGS:
		if (copy_from_user(&regs, argp, sizeof(regs)))
			return -EFAULT;
		hvt_svm_set_regs(vcpu, &regs);
		vcpu->user_state_set = true;
		return 0;
	case KVM_GET_SREGS:
		hvt_svm_get_sregs(vcpu, &sregs);
		return copy_to_user(argp, &sregs, sizeof(sregs)) ? -EFAULT : 0;
	case KVM_SET_SREGS:
		if (copy_from_user(&sregs, argp, sizeof(sregs)))
			return -EFAULT;
		vcpu->user_state_set = true;
		return hvt_svm_set_sregs(vcpu, &sregs);
	case KVM_SET_CPUID2:
		return hvt_cpuid_set(vcpu, argp);
	case KVM_GET_STATS_FD:
		return hvt_stats_fd_create_vcpu(vcpu);
	case KVM_GET_MSRS:
		return vcpu_msrs(vcpu, argp, false);
	case KVM_SET_MSRS:
		vcpu->user_state_set = true;
		return vcpu_msrs(vcpu, argp, true);
	default:
		return -ENOTTY;
	}
}

static long hvt_vcpu_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	struct hvt_vcpu *vcpu = filp->private_data;
	long ret;

	/* Guest memory is reached through the creator's address space only. */
	if (vcpu->vm->mm != current->mm)
		return -EIO;
	if (mutex_lock_killable(&vcpu->run_lock))
		return -EINTR;
	ret = vcpu_ioctl_locked(vcpu, ioctl, (void __user *)arg);
	mutex_unlock(&vcpu->run_lock);
	return ret;
}

static vm_fault_t hvt_vcpu_fault(struct vm_fault *vmf)
{
	struct hvt_vcpu *vcpu = vmf->vma->vm_file->private_data;
	void *addr;

	if (vmf->pgoff == 0)
		addr = vcpu->run;
	else if (vmf->pgoff == 1)
		addr = vcpu->pio_data;
	else
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(addr);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct hvt_vcpu_vm_ops = {
	.fault = hvt_vcpu_fault,
};

static int hvt_vcpu_mmap(struct file *filp, struct vm_area_struct *vma)
{
	vma->vm_ops = &hvt_vcpu_vm_ops;
	return 0;
}

static int hvt_vcpu_release(struct inode *inode, struct file *filp)
{
	struct hvt_vcpu *vcpu = filp->private_data;

	hvt_vm_put(vcpu->vm);
	return 0;
}

static const struct file_operations hvt_vcpu_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvt_vcpu_ioctl,
	.mmap = hvt_vcpu_mmap,
	.release = hvt_vcpu_release,
	.llseek = noop_llseek,
};

void hvt_vcpu_destroy(struct hvt_vcpu *vcpu)
{
	hvt_svm_vcpu_free(vcpu);
	hvt_npt_cache_free(&vcpu->npt_cache);
	free_page((unsigned long)vcpu->run);
	free_page((unsigned long)vcpu->pio_data);
	kfree(vcpu->cpuid);
	kfree(vcpu);
	atomic_dec(&hvt_live_vcpus);
}

static struct hvt_vcpu *vcpu_alloc(struct hvt_vm *vm, int id)
{
	struct hvt_vcpu *vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);

	if (!vcpu)
		return NULL;
	atomic_inc(&hvt_live_vcpus);
	vcpu->vm = vm;
	vcpu->id = id;
	mutex_init(&vcpu->run_lock);
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	vcpu->pio_data = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->run || !vcpu->pio_data || hvt_svm_vcpu_init(vcpu)) {
		hvt_vcpu_destroy(vcpu);
		return NULL;
	}
	return vcpu;
}

int hvt_vm_create_vcpu(struct hvt_vm *vm, unsigned long id)
{
	struct hvt_vcpu *vcpu;
	int i, fd;

	if (id >= HVT_MAX_VCPUS)
		return -EINVAL;
	mutex_lock(&vm->lock);
	for (i = 0; i < vm->nr_vcpus; i++) {
		if (vm->vcpus[i]->id == id) {
			mutex_unlock(&vm->lock);
			return -EEXIST;
		}
	}
	vcpu = vcpu_alloc(vm, id);
	if (!vcpu) {
		mutex_unlock(&vm->lock);
		return -ENOMEM;
	}
	hvt_vm_get(vm);
	fd = anon_inode_getfd("hvt-vcpu", &hvt_vcpu_fops, vcpu, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		hvt_vm_put(vm);
		hvt_vcpu_destroy(vcpu);
		mutex_unlock(&vm->lock);
		return fd;
	}
	/* The TLB-flush path reads vcpus[] under mmu_lock. */
	spin_lock(&vm->mmu_lock);
	vm->vcpus[vm->nr_vcpus++] = vcpu;
	spin_unlock(&vm->mmu_lock);
	mutex_unlock(&vm->lock);
	return fd;
}
