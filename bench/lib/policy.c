// SPDX-License-Identifier: GPL-2.0
/* hvt's per-VM policies from the VMM's side (see policy.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include <hvtvmm/policy.h>

/* Printable ASCII without blanks: what a name or value may be made of. */
static bool plain_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

int vmm_policy_parse(const char *arg, struct vmm_policy *p, struct vmm_err *err)
{
	const char *eq = strchr(arg, '=');
	size_t name_len, value_len;

	memset(p, 0, sizeof(*p));
	if (!eq || eq == arg || !eq[1])
		return vmm_errf(err, "'%s' is not NAME=VALUE", arg);
	name_len = eq - arg;
	value_len = strlen(eq + 1);
	/* the fields keep a NUL, so the longest name and value are one shorter */
	if (name_len >= sizeof(p->name) || value_len >= sizeof(p->value))
		return vmm_errf(err, "'%s': name and value may have at most %zu and %zu characters",
				arg, sizeof(p->name) - 1, sizeof(p->value) - 1);
	if (!plain_word(arg, name_len + 1 + value_len) || strchr(eq + 1, '='))
		return vmm_errf(err, "'%s': name and value must be printable, without blanks or a second '='",
				arg);
	memcpy(p->name, arg, name_len);
	memcpy(p->value, eq + 1, value_len);
	return 0;
}

int vmm_policy_supported(int fd)
{
	/* KVM answers 0 for a capability it does not know; hvt answers 1 */
	return ioctl(fd, KVM_CHECK_EXTENSION, HVT_CAP_POLICIES) > 0;
}

/* Makes sure every string the kernel wrote ends inside its field. */
static void terminate_info(struct hvt_policy_info *info)
{
	info->name[sizeof(info->name) - 1] = '\0';
	info->value[sizeof(info->value) - 1] = '\0';
	info->default_value[sizeof(info->default_value) - 1] = '\0';
	info->allowed[sizeof(info->allowed) - 1] = '\0';
	info->doc[sizeof(info->doc) - 1] = '\0';
}

int vmm_policy_list(int vm_fd, struct hvt_policy_info **out, unsigned int *n,
		    struct vmm_err *err)
{
	struct hvt_policy_info *infos = calloc(VMM_MAX_POLICIES, sizeof(*infos));
	unsigned int i;

	if (!infos)
		return vmm_errf(err, "out of memory for the policy list");
	for (i = 0; i < VMM_MAX_POLICIES; i++) {
		infos[i].index = i;
		if (ioctl(vm_fd, HVT_ENUM_POLICY, &infos[i]) == 0) {
			terminate_info(&infos[i]);
			continue;
		}
		if (errno == ENOENT)
			break;
		vmm_errf(err, "HVT_ENUM_POLICY(%u) failed: %s", i, strerror(errno));
		free(infos);
		return -1;
	}
	if (i == VMM_MAX_POLICIES) {
		free(infos);
		return vmm_errf(err, "HVT_ENUM_POLICY never answered ENOENT (more than %d policies)",
				VMM_MAX_POLICIES);
	}
	*out = infos;
	*n = i;
	return 0;
}

static const struct hvt_policy_info *find_info(const struct hvt_policy_info *infos,
					       unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(infos[i].name, name))
			return &infos[i];
	return NULL;
}

/* "l2_mmu (separate|shared), vmcb (split|single), ..." into buf. */
static void describe_all(const struct hvt_policy_info *infos, unsigned int n,
			 char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && at < len; i++) {
		int w = snprintf(buf + at, len - at, "%s%s (%s)", i ? ", " : "",
				 infos[i].name, infos[i].allowed);

		if (w < 0)
			break;
		at += (size_t)w;
	}
	if (n == 0)
		snprintf(buf, len, "none");
}

/* EINVAL: either hvt does not know the name, or not the value. */
static void explain_invalid(const struct vmm_policy *p, const char *dev,
			    const struct hvt_policy_info *infos, unsigned int n,
			    struct vmm_err *err)
{
	const struct hvt_policy_info *info = find_info(infos, n, p->name);
	char all[1024];

	if (info) {
		vmm_errf(err, "cannot set policy %s=%s on %s: '%s' is not a value of %s; allowed: %s",
			 p->name, p->value, dev, p->value, p->name, info->allowed);
		return;
	}
	describe_all(infos, n, all, sizeof(all));
	vmm_errf(err, "cannot set policy %s=%s on %s: unknown policy '%s'; policies: %s",
		 p->name, p->value, dev, p->name, all);
}

void vmm_policy_explain(const struct vmm_policy *p, int errnum, const char *dev,
			const struct hvt_policy_info *infos, unsigned int n,
			struct vmm_err *err)
{
	const struct hvt_policy_info *info = find_info(infos, n, p->name);

	switch (errnum) {
	case EINVAL:
		explain_invalid(p, dev, infos, n, err);
		break;
	case EOPNOTSUPP:
		vmm_errf(err, "cannot set policy %s=%s on %s: %s is not implemented in this build (inactive; only its default %s is accepted)",
			 p->name, p->value, dev, p->name,
			 info && info->default_value[0] ? info->default_value : "value");
		break;
	case EBUSY:
		vmm_errf(err, "cannot set policy %s=%s on %s: the VM already has vCPUs (EBUSY); policies must be set before the first one",
			 p->name, p->value, dev);
		break;
	default:
		vmm_errf(err, "cannot set policy %s=%s on %s: HVT_SET_POLICY failed: %s",
			 p->name, p->value, dev, strerror(errnum));
	}
}

/* One HVT_SET_POLICY; on refusal, the explanation needs the list. */
static int set_one(struct vmm_vm *vm, const struct vmm_policy *p, struct vmm_err *err)
{
	struct hvt_policy_value pv = { 0 };
	struct hvt_policy_info *infos = NULL;
	unsigned int n = 0;
	int saved;

	memcpy(pv.name, p->name, sizeof(pv.name));
	memcpy(pv.value, p->value, sizeof(pv.value));
	if (ioctl(vm->vm_fd, HVT_SET_POLICY, &pv) == 0)
		return 0;
	saved = errno;
	/* without the list the message only lacks the allowed values */
	if (vmm_policy_list(vm->vm_fd, &infos, &n, NULL))
		n = 0;
	vmm_policy_explain(p, saved, vm->dev_path, infos, n, err);
	free(infos);
	return -1;
}

int vmm_policy_apply(struct vmm_vm *vm, const struct vmm_policy *p, unsigned int n,
		     struct vmm_err *err)
{
	if (n == 0)
		return 0;
	if (!vmm_policy_supported(vm->vm_fd))
		return vmm_errf(err, "cannot set policy %s=%s: policies are hvt's; %s has none",
				p[0].name, p[0].value, vm->dev_path);
	for (unsigned int i = 0; i < n; i++)
		if (set_one(vm, &p[i], err))
			return -1;
	return 0;
}
