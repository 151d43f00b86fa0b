// SPDX-License-Identifier: GPL-2.0
/*
 * hvt.ko — the L0 hypervisor of the hvt research testbed (AMD SVM).
 * Load order: check the CPU, take SVM on every CPU, then open /dev/hvt.
 */
#include <linux/module.h>

#include "core/counters.h"
#include "debugfs.h"
#include "dev.h"
#include "svm/asid.h"
#include "svm/svm.h"
#include "svm/svm_cpu.h"

static int __init hvt_init(void)
{
	int ret;

	/* The stats layouts are built at compile time: a bad one is a bug here. */
	if (hvt_counters_check()) {
		pr_err("hvt: internal error: bad stats layout\n");
		return -EINVAL;
	}
	ret = hvt_svm_check_support();
	if (ret)
		return ret;
	hvt_asid_init();
	ret = hvt_svm_permission_maps_init();
	if (ret)
		return ret;
	ret = hvt_svm_enable_all();
	if (ret)
		goto free_maps;
	ret = hvt_dev_register();
	if (ret)
		goto disable;
	hvt_debugfs_init();
	pr_info("hvt: loaded, /dev/hvt ready\n");
	return 0;
disable:
	hvt_svm_disable_all();
free_maps:
	hvt_svm_permission_maps_free();
	return ret;
}

static void __exit hvt_exit(void)
{
	hvt_debugfs_exit();
	hvt_dev_unregister();
	hvt_svm_disable_all();
	hvt_svm_permission_maps_free();
}

module_init(hvt_init);
module_exit(hvt_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hvt: nested-virtualization research hypervisor for AMD SVM");
