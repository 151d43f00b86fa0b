// SPDX-License-Identifier: GPL-2.0
/*
 * The stats file of a VM or vCPU, in KVM's binary stats format (header, id,
 * descriptors, data: core/stats.c builds it), so readers written for KVM
 * (and bench/lib/kvm_stats.c) read hvt the same way. The file holds a VM
 * reference: the counters it reads live as long as it does.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core/counters.h"
#include "hvt.h"
#include "stats_fd.h"
#include "vcpu.h"

struct hvt_stats_file {
	struct hvt_vm *vm;
	const struct hvt_stats_layout *layout;
	const u64 *values;
	char id[HVT_STATS_NAME_SIZE];
};

static ssize_t hvt_stats_fd_read(struct file *file, char __user *ubuf, size_t len, loff_t *ppos)
{
	struct hvt_stats_file *sf = file->private_data;
	char kbuf[256];
	ssize_t done = 0;

	if (*ppos < 0)
		return -EINVAL;
	while (len) {
		size_t got = hvt_stats_read(sf->layout, sf->id, sf->values, *ppos, kbuf,
					    min(len, sizeof(kbuf)));

		if (!got)
			break;
		if (copy_to_user(ubuf, kbuf, got))
			return done ? done : -EFAULT;
		*ppos += got;
		ubuf += got;
		len -= got;
		done += got;
	}
	return done;
}

static int hvt_stats_fd_release(struct inode *inode, struct file *file)
{
	struct hvt_stats_file *sf = file->private_data;

	hvt_vm_put(sf->vm);
	kfree(sf);
	return 0;
}

static const struct file_operations hvt_stats_fops = {
	.owner = THIS_MODULE,
	.read = hvt_stats_fd_read,
	.release = hvt_stats_fd_release,
	.llseek = noop_llseek,
};

static int stats_fd_create(struct hvt_vm *vm, const struct hvt_stats_layout *layout,
			   const u64 *values, s32 vcpu_id)
{
	struct hvt_stats_file *sf = kzalloc(sizeof(*sf), GFP_KERNEL_ACCOUNT);
	struct file *file;
	int fd;

	if (!sf)
		return -ENOMEM;
	sf->vm = vm;
	sf->layout = layout;
	sf->values = values;
	hvt_stats_format_id(sf->id, sizeof(sf->id), task_tgid_nr(current), vcpu_id);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		kfree(sf);
		return fd;
	}
	file = anon_inode_getfile("hvt-stats", &hvt_stats_fops, sf, O_RDONLY);
	if (IS_ERR(file)) {
		put_unused_fd(fd);
		kfree(sf);
		return PTR_ERR(file);
	}
	/* Readers use pread() at the offsets the header gives. */
	file->f_mode |= FMODE_PREAD;
	hvt_vm_get(vm);
	fd_install(fd, file);
	return fd;
}

int hvt_stats_fd_create_vm(struct hvt_vm *vm)
{
	return stats_fd_create(vm, &hvt_vm_stats_layout, hvt_stats_values(&vm->stats), -1);
}

int hvt_stats_fd_create_vcpu(struct hvt_vcpu *vcpu)
{
	return stats_fd_create(vcpu->vm, &hvt_vcpu_stats_layout,
			       hvt_stats_values(&vcpu->stats), vcpu->id);
}
