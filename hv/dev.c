// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/hvt — the system-level file of hvt's KVM-API subset. Same ioctl
 * numbers and structs as <linux/kvm.h>, so one VMM drives hvt and KVM.
 */
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

#include "dev.h"
#include "svm/svm.h"
#include "vm.h"

static long hvt_dev_ioctl(struct file *filp, unsigned int ioctl, unsigned long arg)
{
	switch (ioctl) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CHECK_EXTENSION:
		return hvt_check_extension(arg);
	case KVM_CREATE_VM:
		return hvt_create_vm(arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		/* kvm_run, then the PIO data page (kvm_run.io.data_offset). */
		return arg ? -EINVAL : 2 * PAGE_SIZE;
	case KVM_GET_SUPPORTED_CPUID:
		return hvt_cpuid_get_supported((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations hvt_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = hvt_dev_ioctl,
	.compat_ioctl = hvt_dev_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice hvt_miscdev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "hvt",
	.fops = &hvt_dev_fops,
	.mode = 0600,
};

int hvt_dev_register(void)
{
	return misc_register(&hvt_miscdev);
}

void hvt_dev_unregister(void)
{
	misc_deregister(&hvt_miscdev);
}
