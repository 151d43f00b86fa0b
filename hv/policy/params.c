// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters: one per policy, named like the policy, holding the
 * default new VMs start from (insmod hvt.ko l2_mmu=shared ctx_cache=8).
 * Writable at run time through /sys/module/hvt/parameters/<name>; a write
 * affects VMs created afterwards. Values go through the same strict parser
 * as the ioctl.
 */
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/module.h>
#include <linux/string.h>

#include "policy/policy_kmod.h"

/* Room for the longest valid value plus a '\n' from `echo value > ...`. */
#define PARAM_BUF (HVT_POLICY_VALUE_MAX + 1)

static int policy_param_set(const char *val, const struct kernel_param *kp)
{
	char buf[PARAM_BUF];
	size_t len = strnlen(val, sizeof(buf));

	if (len == sizeof(buf))
		return -EINVAL;
	memcpy(buf, val, len + 1);
	/* sysfs writes usually end in a newline; the parser is strict. */
	if (len && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	return hvt_policy_set_default(kp->arg, buf);
}

static int policy_param_get(char *buffer, const struct kernel_param *kp)
{
	char buf[HVT_POLICY_VALUE_MAX];
	int ret = hvt_policy_get_default(kp->arg, buf, sizeof(buf));

	if (ret < 0)
		return ret;
	return sysfs_emit(buffer, "%s\n", buf);
}

static const struct kernel_param_ops policy_param_ops = {
	.set = policy_param_set,
	.get = policy_param_get,
};

/* arg carries the policy's name: kp->name may hold a "hvt." prefix. */
#define POLICY_PARAM(n, desc)						\
	module_param_cb(n, &policy_param_ops, #n, 0644);		\
	MODULE_PARM_DESC(n, desc " (default for new VMs)")

POLICY_PARAM(l2_mmu, "separate|shared");
POLICY_PARAM(vmcb, "split|single");
POLICY_PARAM(ctx_cache, "0..64");
POLICY_PARAM(mmio, "gen|zap");
POLICY_PARAM(prefetch, "off|notifier|fault-around|both");

static int allow_inactive_set(const char *val, const struct kernel_param *kp)
{
	bool allow;
	int ret = kstrtobool(val, &allow);

	if (ret)
		return ret;
	hvt_policy_allow_inactive(allow);
	return 0;
}

static int allow_inactive_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%c\n", hvt_policy_inactive_allowed() ? 'Y' : 'N');
}

static const struct kernel_param_ops allow_inactive_ops = {
	.set = allow_inactive_set,
	.get = allow_inactive_get,
};

module_param_cb(allow_inactive_policies, &allow_inactive_ops, NULL, 0644);
MODULE_PARM_DESC(allow_inactive_policies,
		 "Let policies this build does not implement yet take any value (developers)");

void hvt_policy_vm_init(struct hvt_policy_set *set)
{
	kernel_param_lock(THIS_MODULE);
	hvt_policy_set_init(set);
	kernel_param_unlock(THIS_MODULE);
}
