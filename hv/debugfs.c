// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/hvt/: module-wide object counters (the leak test
 * creates and destroys VMs and checks these return to where they were), and
 * "intercepts", what every L1 VMCB intercepts (svm_vcpu.c), and
 * "mitigations", what the world switch does for the host's speculation
 * safety on this machine (svm/world_switch.c).
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "debugfs.h"
#include "hvt.h"
#include "svm/svm.h"
#include "svm/world_switch.h"
#include "mmu/guest_mmu.h"

static struct dentry *hvt_debugfs_dir;

static int live_vms_get(void *data, u64 *val)
{
	*val = atomic_read(&hvt_live_vms);
	return 0;
}

static int live_vcpus_get(void *data, u64 *val)
{
	*val = atomic_read(&hvt_live_vcpus);
	return 0;
}

static int live_pages_get(void *data, u64 *val)
{
	*val = atomic_long_read(&hvt_live_pages);
	return 0;
}

static int guest_page_refs_get(void *data, u64 *val)
{
	*val = atomic_long_read(&hvt_guest_page_refs);
	return 0;
}

static int shadow_pages_get(void *data, u64 *val)
{
	*val = atomic_long_read(&hvt_shadow_pages);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(shadow_pages_fops, shadow_pages_get, NULL, "%llu\n");
static int live_nested_ctx_get(void *data, u64 *val)
{
	*val = atomic_read(&hvt_live_nested_ctx);
	return 0;
}

DEFINE_DEBUGFS_ATTRIBUTE(live_vms_fops, live_vms_get, NULL, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(live_nested_ctx_fops, live_nested_ctx_get, NULL, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(live_vcpus_fops, live_vcpus_get, NULL, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(live_pages_fops, live_pages_get, NULL, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(guest_page_refs_fops, guest_page_refs_get, NULL, "%llu\n");

static int intercepts_show(struct seq_file *m, void *unused)
{
	const struct hvt_intercepts *i = &hvt_l1_intercepts;

	seq_printf(m, "cr 0x%08x\ndr 0x%08x\nexceptions 0x%08x\nmisc1 0x%08x\nmisc2 0x%08x\n",
		   i->cr, i->dr, i->exceptions, i->misc1, i->misc2);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(intercepts);

static int mitigations_show(struct seq_file *m, void *unused)
{
	hvt_svm_mitigations_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(mitigations);

void hvt_debugfs_init(void)
{
	hvt_debugfs_dir = debugfs_create_dir("hvt", NULL);
	debugfs_create_file_unsafe("live_vms", 0444, hvt_debugfs_dir, NULL, &live_vms_fops);
	debugfs_create_file_unsafe("live_vcpus", 0444, hvt_debugfs_dir, NULL, &live_vcpus_fops);
	debugfs_create_file_unsafe("live_pages", 0444, hvt_debugfs_dir, NULL, &live_pages_fops);
	debugfs_create_file_unsafe("guest_page_refs", 0444, hvt_debugfs_dir, NULL,
				   &guest_page_refs_fops);
	debugfs_create_file_unsafe("live_nested_ctx", 0444, hvt_debugfs_dir, NULL,
				   &live_nested_ctx_fops);
	debugfs_create_file("intercepts", 0444, hvt_debugfs_dir, NULL, &intercepts_fops);
	debugfs_create_file("mitigations", 0444, hvt_debugfs_dir, NULL, &mitigations_fops);
	debugfs_create_file_unsafe("shadow_pages", 0444, hvt_debugfs_dir, NULL,
				   &shadow_pages_fops);
}

void hvt_debugfs_exit(void)
{
	debugfs_remove_recursive(hvt_debugfs_dir);
}
