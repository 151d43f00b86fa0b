// SPDX-License-Identifier: GPL-2.0
/*
 * HVT_SET_POLICY / HVT_GET_POLICY / HVT_ENUM_POLICY (uapi/hvt.h). Every
 * byte from user space is untrusted: structs are copied in whole, strings
 * must be NUL-terminated inside their field, reserved fields must be 0, and
 * replies are built in a zeroed struct so no kernel stack leaks out.
 */
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "policy/policy_kmod.h"
#include "uapi/hvt.h"

static_assert(HVT_POLICY_NAME_LEN == HVT_POLICY_NAME_MAX);
static_assert(HVT_POLICY_VALUE_LEN == HVT_POLICY_VALUE_MAX);
static_assert(HVT_POLICY_ALLOWED_LEN == HVT_POLICY_ALLOWED_MAX);
static_assert(HVT_POLICY_DOC_LEN == HVT_POLICY_DOC_MAX);

static bool has_nul(const char *field, size_t size)
{
	return memchr(field, '\0', size) != NULL;
}

/* Copies the request in and checks what every request must satisfy. */
static int fetch_value(struct hvt_policy_value *pv, void __user *argp, bool with_value)
{
	if (copy_from_user(pv, argp, sizeof(*pv)))
		return -EFAULT;
	if (pv->flags || pv->pad || !has_nul(pv->name, sizeof(pv->name)))
		return -EINVAL;
	if (with_value && !has_nul(pv->value, sizeof(pv->value)))
		return -EINVAL;
	return 0;
}

static long policy_set(struct hvt_policy_set *set, bool frozen, void __user *argp)
{
	struct hvt_policy_value pv;
	int ret;

	if (frozen)
		return -EBUSY;
	ret = fetch_value(&pv, argp, true);
	if (ret)
		return ret;
	return hvt_policy_set_value(set, pv.name, pv.value);
}

static long policy_get(const struct hvt_policy_set *set, void __user *argp)
{
	struct hvt_policy_value pv;
	int ret;

	ret = fetch_value(&pv, argp, false);
	if (ret)
		return ret;
	memset(pv.value, 0, sizeof(pv.value));
	ret = hvt_policy_get_value(set, pv.name, pv.value, sizeof(pv.value));
	if (ret < 0)
		return ret;
	return copy_to_user(argp, &pv, sizeof(pv)) ? -EFAULT : 0;
}

/* Fills everything but index; info must be zeroed (fields stay NUL-padded). */
static int describe(const struct hvt_policy_set *set, u32 idx, struct hvt_policy_info *info)
{
	const struct hvt_policy_desc *d = hvt_policy_at(idx);
	int ret;

	if (!d)
		return -ENOENT;
	info->flags = (d->active ? HVT_POLICY_F_ACTIVE : 0) |
		      (d->kind == HVT_POLICY_KIND_UINT ? HVT_POLICY_F_NUMERIC : 0);
	strscpy(info->name, d->name, sizeof(info->name));
	strscpy(info->doc, d->doc, sizeof(info->doc));
	ret = hvt_policy_format(d, hvt_policy_get(set, idx), info->value, sizeof(info->value));
	if (ret >= 0)
		ret = hvt_policy_get_default(d->name, info->default_value,
					     sizeof(info->default_value));
	if (ret >= 0)
		ret = hvt_policy_format_allowed(d, info->allowed, sizeof(info->allowed));
	return ret < 0 ? ret : 0;
}

static long policy_enum(const struct hvt_policy_set *set, void __user *argp)
{
	struct hvt_policy_info info;
	u32 idx;
	int ret;

	if (get_user(idx, (u32 __user *)argp))
		return -EFAULT;
	memset(&info, 0, sizeof(info));
	info.index = idx;
	ret = describe(set, idx, &info);
	if (ret)
		return ret;
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

long hvt_policy_ioctl(struct hvt_policy_set *set, bool frozen,
		      unsigned int ioctl, void __user *argp)
{
	switch (ioctl) {
	case HVT_SET_POLICY:
		return policy_set(set, frozen, argp);
	case HVT_GET_POLICY:
		return policy_get(set, argp);
	case HVT_ENUM_POLICY:
		return policy_enum(set, argp);
	default:
		return -ENOTTY;
	}
}
