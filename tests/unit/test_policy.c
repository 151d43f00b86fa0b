// SPDX-License-Identifier: GPL-2.0
/*
 * libhvtvmm's policy helpers without a device: the NAME=VALUE parser and
 * the messages that explain why hvt refused a policy, built from a policy
 * list shaped like HVT_ENUM_POLICY's answers.
 */
#include <errno.h>
#include <string.h>
#include <hvtvmm/policy.h>
#include "check.h"

static struct hvt_policy_info info(const char *name, const char *value, const char *allowed,
				   unsigned int flags)
{
	struct hvt_policy_info i;

	memset(&i, 0, sizeof(i));
	i.flags = flags;
	snprintf(i.name, sizeof(i.name), "%s", name);
	snprintf(i.value, sizeof(i.value), "%s", value);
	snprintf(i.default_value, sizeof(i.default_value), "%s", value);
	snprintf(i.allowed, sizeof(i.allowed), "%s", allowed);
	return i;
}

static void list(struct hvt_policy_info out[3])
{
	out[0] = info("l2_mmu", "separate", "separate|shared", HVT_POLICY_F_ACTIVE);
	out[1] = info("vmcb", "split", "split|single", HVT_POLICY_F_ACTIVE);
	out[2] = info("ctx_cache", "0", "0..64", HVT_POLICY_F_NUMERIC);
}

static void test_parse_good(void)
{
	struct vmm_policy p;
	struct vmm_err err = { "" };

	CHECK(vmm_policy_parse("l2_mmu=shared", &p, &err) == 0);
	CHECK_STR(p.name, "l2_mmu");
	CHECK_STR(p.value, "shared");
	/* the longest name and value that still leave room for the NUL */
	CHECK(vmm_policy_parse("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
			       &p, &err) == 0);
	CHECK(strlen(p.name) == HVT_POLICY_NAME_LEN - 1);
	CHECK(strlen(p.value) == HVT_POLICY_VALUE_LEN - 1);
}

static void test_parse_bad(void)
{
	static const char *const bad[] = {
		"l2_mmu", "=shared", "l2_mmu=", "", "a b=c", "a=b c", "a=b=c", "a=\t",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=v",
		"a=vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv",
	};
	struct vmm_policy p;
	struct vmm_err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err.msg[0] = '\0';
		if (vmm_policy_parse(bad[i], &p, &err) != -1)
			CHECK_FAILED("'%s' parsed", bad[i]);
		CHECK(err.msg[0] != '\0');
	}
	vmm_policy_parse("l2_mmu", &p, &err);
	CHECK_STR(err.msg, "'l2_mmu' is not NAME=VALUE");
}

static void test_explain_unknown_value(void)
{
	struct hvt_policy_info infos[3];
	struct vmm_policy p = { "l2_mmu", "bogus" };
	struct vmm_err err;

	list(infos);
	vmm_policy_explain(&p, EINVAL, "/dev/hvt", infos, 3, &err);
	CHECK_STR(err.msg, "cannot set policy l2_mmu=bogus on /dev/hvt: 'bogus' is not a value "
		  "of l2_mmu; allowed: separate|shared");
}

static void test_explain_unknown_name(void)
{
	struct hvt_policy_info infos[3];
	struct vmm_policy p = { "frob", "1" };
	struct vmm_err err;

	list(infos);
	vmm_policy_explain(&p, EINVAL, "/dev/hvt", infos, 3, &err);
	CHECK_STR(err.msg, "cannot set policy frob=1 on /dev/hvt: unknown policy 'frob'; "
		  "policies: l2_mmu (separate|shared), vmcb (split|single), ctx_cache (0..64)");
	/* without a list (unreadable) the message still names the problem */
	vmm_policy_explain(&p, EINVAL, "/dev/hvt", NULL, 0, &err);
	CHECK_CONTAINS(err.msg, "unknown policy 'frob'; policies: none");
}

static void test_explain_other_errors(void)
{
	struct hvt_policy_info infos[3];
	struct vmm_policy p = { "ctx_cache", "4" };
	struct vmm_err err;

	list(infos);
	vmm_policy_explain(&p, EOPNOTSUPP, "/dev/hvt", infos, 3, &err);
	CHECK_STR(err.msg, "cannot set policy ctx_cache=4 on /dev/hvt: ctx_cache is not "
		  "implemented in this build (inactive; only its default 0 is accepted)");
	vmm_policy_explain(&p, EBUSY, "/dev/hvt", infos, 3, &err);
	CHECK_CONTAINS(err.msg, "the VM already has vCPUs (EBUSY)");
	vmm_policy_explain(&p, EFAULT, "/dev/hvt", infos, 3, &err);
	CHECK_CONTAINS(err.msg, "HVT_SET_POLICY failed: Bad address");
}

int main(void)
{
	RUN_TEST(test_parse_good);
	RUN_TEST(test_parse_bad);
	RUN_TEST(test_explain_unknown_value);
	RUN_TEST(test_explain_unknown_name);
	RUN_TEST(test_explain_other_errors);
	return check_report();
}
