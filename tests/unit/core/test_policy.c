// SPDX-License-Identifier: GPL-2.0
/*
 * hv/core/policy.c in user space: the registry, strict parsing, formatting,
 * per-VM sets, the "not implemented yet" gate and the global defaults.
 * Written so it keeps passing when the lead flips a policy's .active flag.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/policy.h"
#include "core/str.h"
#include "uapi/hvt.h"

#include "expect.h"

_Static_assert(HVT_POLICY_NAME_MAX == HVT_POLICY_NAME_LEN, "uapi name size");
_Static_assert(HVT_POLICY_VALUE_MAX == HVT_POLICY_VALUE_LEN, "uapi value size");
_Static_assert(HVT_POLICY_ALLOWED_MAX == HVT_POLICY_ALLOWED_LEN, "uapi allowed size");
_Static_assert(HVT_POLICY_DOC_MAX == HVT_POLICY_DOC_LEN, "uapi doc size");

static const struct hvt_policy_desc *by_name(const char *name)
{
	int id = hvt_policy_lookup(name);

	return id < 0 ? NULL : hvt_policy_at((uint32_t)id);
}

/* Must run before anything touches the defaults: the static initialiser. */
static void test_static_defaults_match_table(void)
{
	struct hvt_policy_set set;
	const struct hvt_policy_desc *d;
	uint32_t i;

	hvt_policy_set_init(&set);
	hvt_for_each_policy(i, d)
		EXPECT_INT(set.val[i], d->def);
}

static void test_registry(void)
{
	static const char *const names[] = { "l2_mmu", "vmcb", "ctx_cache", "mmio", "prefetch" };
	const struct hvt_policy_desc *d;
	uint32_t i, n = 0;

	EXPECT_INT(hvt_policy_count(), 5);
	hvt_for_each_policy(i, d) {
		EXPECT_STR(d->name, names[i]);
		EXPECT_INT(hvt_policy_lookup(d->name), i);
		EXPECT(strlen(d->name) < HVT_POLICY_NAME_LEN);
		EXPECT(d->doc && strlen(d->doc) > 0 && strlen(d->doc) < HVT_POLICY_DOC_LEN);
		EXPECT(strchr(d->doc, '\n') == NULL);
		n++;
	}
	EXPECT_INT(n, hvt_policy_count());
	EXPECT(hvt_policy_at(hvt_policy_count()) == NULL);
	EXPECT(hvt_policy_at(UINT32_MAX) == NULL);
}

static void test_lookup_rejects(void)
{
	static const char *const bad[] = {
		"", "l2", "l2_mmux", "L2_MMU", " l2_mmu", "l2_mmu ", "l2_mmu=", "vmcb\n",
		"0123456789012345678901234567890123456789",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_INT(hvt_policy_lookup(bad[i]), -EINVAL);
}

static void test_allowed_strings(void)
{
	static const char *const want[] = {
		"separate|shared", "split|single", "0..64|1x..8x", "gen|zap",
		"off|notifier|fault-around|both",
	};
	const struct hvt_policy_desc *d;
	char buf[HVT_POLICY_ALLOWED_LEN];
	uint32_t i;

	hvt_for_each_policy(i, d) {
		EXPECT_INT(hvt_policy_format_allowed(d, buf, sizeof(buf)), strlen(want[i]));
		EXPECT_STR(buf, want[i]);
	}
	d = by_name("prefetch");
	EXPECT_INT(hvt_policy_format_allowed(d, buf, 5), -ENOSPC);
	EXPECT(strlen(buf) < 5);
}

/* Every value a policy accepts parses, formats back to itself, round-trips. */
static void check_round_trip(const struct hvt_policy_desc *d, uint32_t v)
{
	char buf[HVT_POLICY_VALUE_LEN];
	uint32_t back = UINT32_MAX;
	int len = hvt_policy_format(d, v, buf, sizeof(buf));

	EXPECT(len > 0 && (size_t)len == strlen(buf));
	EXPECT_INT(hvt_policy_parse(d, buf, &back), 0);
	EXPECT_INT(back, v);
}

static void test_every_valid_value(void)
{
	const struct hvt_policy_desc *d;
	uint32_t i, v, parsed;

	hvt_for_each_policy(i, d) {
		if (d->kind == HVT_POLICY_KIND_ENUM) {
			for (v = 0; v < d->nr_values; v++) {
				EXPECT_INT(hvt_policy_parse(d, d->values[v], &parsed), 0);
				EXPECT_INT(parsed, v);
				check_round_trip(d, v);
			}
		} else {
			for (v = d->min; v <= d->max; v++)
				check_round_trip(d, v);
		}
	}
	d = by_name("prefetch");
	EXPECT_INT(hvt_policy_parse(d, "fault-around", &parsed), 0);
	EXPECT_INT(parsed, HVT_PREFETCH_FAULT_AROUND);
	d = by_name("ctx_cache");
	EXPECT_INT(hvt_policy_parse(d, "007", &parsed), 0);	/* leading zeros are decimal */
	EXPECT_INT(parsed, 7);
	/* The ratio form: N per vCPU, 1x..8x, and it formats back the same. */
	EXPECT_INT(hvt_policy_parse(d, "8x", &parsed), 0);
	EXPECT_INT(parsed, 8 | HVT_POLICY_PER_VCPU);
	EXPECT_INT(hvt_policy_parse(d, "1x", &parsed), 0);
	EXPECT_INT(parsed, 1 | HVT_POLICY_PER_VCPU);
	{
		char buf[8];
		uint32_t n;

		for (n = 1; n <= HVT_CTX_CACHE_PER_VCPU_MAX; n++)
			check_round_trip(d, n | HVT_POLICY_PER_VCPU);
		EXPECT_INT(hvt_policy_format(d, 4 | HVT_POLICY_PER_VCPU, buf, sizeof(buf)), 2);
		EXPECT_STR(buf, "4x");
		EXPECT_INT(hvt_policy_format_allowed(d, buf, sizeof(buf)), -ENOSPC);
	}
}

static void expect_rejected(const char *policy, const char *value)
{
	const struct hvt_policy_desc *d = by_name(policy);
	uint32_t v = 12345;

	if (hvt_policy_parse(d, value, &v) != -EINVAL)
		EXPECT_FAIL("%s=\"%s\" was accepted", policy, value);
	EXPECT_INT(v, 12345);	/* output untouched on error */
}

static void test_bad_values(void)
{
	static const char *const bad_uint[] = {
		"", "65", "100", "4294967295", "4294967296", "99999999999999999999",
		"-1", "+8", " 8", "8 ", "8\n", "9x", "0x", "x", "8xx", "08 x", "x8", "0x8",
		"1e3", "8.0", "８",
		/* 40 zeros then 5: past the field size, never parsed as a prefix */
		"00000000000000000000000000000000000000005",
	};
	static const char *const bad_enum[] = {
		"", "Shared", "SHARED", "shared ", " shared", "shared\n", "sha",
		"sharedx", "0", "1", "separate|shared",
	};
	size_t i;

	for (i = 0; i < sizeof(bad_uint) / sizeof(bad_uint[0]); i++)
		expect_rejected("ctx_cache", bad_uint[i]);
	for (i = 0; i < sizeof(bad_enum) / sizeof(bad_enum[0]); i++)
		expect_rejected("l2_mmu", bad_enum[i]);
	expect_rejected("prefetch", "fault_around");
	expect_rejected("vmcb", "splitsingle");
}

static void test_format_errors(void)
{
	const struct hvt_policy_desc *d = by_name("prefetch");
	char buf[4] = "xyz";

	EXPECT_INT(hvt_policy_format(d, 99, buf, sizeof(buf)), -EINVAL);
	EXPECT_INT(hvt_policy_format(d, HVT_PREFETCH_NOTIFIER, buf, sizeof(buf)), -ENOSPC);
	EXPECT(memchr(buf, '\0', sizeof(buf)) != NULL);	/* still terminated */
	d = by_name("ctx_cache");
	EXPECT_INT(hvt_policy_format(d, 64, buf, 3), 2);
	EXPECT_STR(buf, "64");
	EXPECT_INT(hvt_policy_format(d, 64, buf, 2), -ENOSPC);
}

/* A non-default value for each policy: the last name, or max. */
static const char *other_value(const struct hvt_policy_desc *d, char *buf, size_t size)
{
	if (d->kind == HVT_POLICY_KIND_ENUM)
		return d->values[d->nr_values - 1];
	hvt_policy_format(d, d->max, buf, size);
	return buf;
}

static void test_set_and_gate(void)
{
	const struct hvt_policy_desc *d;
	struct hvt_policy_set set, before;
	char buf[HVT_POLICY_VALUE_LEN], other[HVT_POLICY_VALUE_LEN];
	uint32_t i;

	hvt_policy_set_init(&set);
	hvt_for_each_policy(i, d) {
		const char *v = other_value(d, other, sizeof(other));

		before = set;
		EXPECT_INT(hvt_policy_set_value(&set, d->name, v),
			   d->active ? 0 : -EOPNOTSUPP);
		if (!d->active)
			EXPECT_MEM(&set, &before, sizeof(set));

		hvt_policy_allow_inactive(true);
		EXPECT_INT(hvt_policy_set_value(&set, d->name, v), 0);
		EXPECT_INT(hvt_policy_get_value(&set, d->name, buf, sizeof(buf)), strlen(v));
		EXPECT_STR(buf, v);
		hvt_policy_allow_inactive(false);

		/* The default is always accepted, implemented or not. */
		hvt_policy_format(d, d->def, buf, sizeof(buf));
		EXPECT_INT(hvt_policy_set_value(&set, d->name, buf), 0);
		EXPECT_INT(set.val[i], d->def);
	}
}

static void test_set_errors_leave_set_unchanged(void)
{
	struct hvt_policy_set set, before;

	hvt_policy_allow_inactive(true);
	hvt_policy_set_init(&set);
	EXPECT_INT(hvt_policy_set_value(&set, "ctx_cache", "8"), 0);
	before = set;
	EXPECT_INT(hvt_policy_set_value(&set, "nope", "8"), -EINVAL);
	EXPECT_INT(hvt_policy_set_value(&set, "", "8"), -EINVAL);
	EXPECT_INT(hvt_policy_set_value(&set, "ctx_cache", ""), -EINVAL);
	EXPECT_INT(hvt_policy_set_value(&set, "ctx_cache", "65"), -EINVAL);
	EXPECT_INT(hvt_policy_set_value(&set, "ctx_cache", "99999999999999999999"), -EINVAL);
	EXPECT_INT(hvt_policy_set_value(&set, "l2_mmu", "both"), -EINVAL);
	EXPECT_MEM(&set, &before, sizeof(set));
	EXPECT_INT(hvt_policy_ctx_cache(&set), 8);
	hvt_policy_allow_inactive(false);
}

static void test_assign(void)
{
	static const char *const bad[] = {
		"", "=", "l2_mmu", "l2_mmu=", "=shared", "l2_mmu=shared=x", "l2_mmu =shared",
		"l2_mmu= shared", "nope=shared", "l2_mmu==shared", "ctx_cache=9x", "ctx_cache=x",
	};
	struct hvt_policy_set set, before;
	size_t i;

	hvt_policy_allow_inactive(true);
	hvt_policy_set_init(&set);
	EXPECT_INT(hvt_policy_set_assign(&set, "l2_mmu=shared"), 0);
	EXPECT_INT(hvt_policy_l2_mmu(&set), HVT_L2_MMU_SHARED);
	EXPECT_INT(hvt_policy_set_assign(&set, "prefetch=both"), 0);
	EXPECT_INT(hvt_policy_prefetch(&set), HVT_PREFETCH_BOTH);
	EXPECT_INT(hvt_policy_set_assign(&set, "ctx_cache=64"), 0);
	EXPECT_INT(hvt_policy_ctx_cache(&set), 64);
	before = set;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (hvt_policy_set_assign(&set, bad[i]) != -EINVAL)
			EXPECT_FAIL("\"%s\" was not rejected", bad[i]);
	}
	EXPECT_MEM(&set, &before, sizeof(set));
	hvt_policy_allow_inactive(false);
	EXPECT_INT(hvt_policy_set_assign(&set, "vmcb=split"), 0);	/* default: always ok */
}

static void test_defaults_override(void)
{
	struct hvt_policy_set set;
	char buf[HVT_POLICY_VALUE_LEN];

	/* Gate applies to defaults too, unless allowed. */
	if (!by_name("mmio")->active)
		EXPECT_INT(hvt_policy_set_default("mmio", "zap"), -EOPNOTSUPP);
	hvt_policy_allow_inactive(true);
	EXPECT_INT(hvt_policy_set_default("mmio", "zap"), 0);
	EXPECT_INT(hvt_policy_set_default("ctx_cache", "16"), 0);
	EXPECT_INT(hvt_policy_set_default("ctx_cache", "17x"), -EINVAL);
	EXPECT_INT(hvt_policy_set_default("nope", "1"), -EINVAL);
	EXPECT_INT(hvt_policy_get_default("mmio", buf, sizeof(buf)), 3);
	EXPECT_STR(buf, "zap");
	EXPECT_INT(hvt_policy_get_default("ctx_cache", buf, sizeof(buf)), 2);
	EXPECT_STR(buf, "16");
	EXPECT_INT(hvt_policy_get_default("nope", buf, sizeof(buf)), -EINVAL);

	/* New sets start from the overridden defaults... */
	hvt_policy_set_init(&set);
	EXPECT_INT(hvt_policy_mmio(&set), HVT_MMIO_ZAP);
	EXPECT_INT(hvt_policy_ctx_cache(&set), 16);
	EXPECT_INT(hvt_policy_l2_mmu(&set), HVT_L2_MMU_SEPARATE);
	/* ...and a set already made does not follow later changes. */
	EXPECT_INT(hvt_policy_set_default("ctx_cache", "1"), 0);
	EXPECT_INT(hvt_policy_ctx_cache(&set), 16);

	hvt_policy_reset_defaults();
	hvt_policy_set_init(&set);
	EXPECT_INT(hvt_policy_mmio(&set), HVT_MMIO_GEN);
	EXPECT_INT(hvt_policy_ctx_cache(&set), 0);
	hvt_policy_allow_inactive(false);
	EXPECT(!hvt_policy_inactive_allowed());
}

static void test_parse_u32(void)
{
	uint32_t v = 0;

	EXPECT_INT(hvt_parse_u32("4294967295", 10, &v), 0);
	EXPECT_INT(v, 4294967295u);
	EXPECT_INT(hvt_parse_u32("4294967296", 10, &v), -EINVAL);
	EXPECT_INT(hvt_parse_u32("42949672950", 11, &v), -EINVAL);
	EXPECT_INT(hvt_parse_u32("0", 1, &v), 0);
	EXPECT_INT(v, 0);
	EXPECT_INT(hvt_parse_u32("", 0, &v), -EINVAL);
	EXPECT_INT(hvt_parse_u32("12", 1, &v), 0);	/* length bounds the parse */
	EXPECT_INT(v, 1);
}

int main(void)
{
	test_static_defaults_match_table();
	test_registry();
	test_lookup_rejects();
	test_allowed_strings();
	test_every_valid_value();
	test_bad_values();
	test_format_errors();
	test_set_and_gate();
	test_set_errors_leave_set_unchanged();
	test_assign();
	test_defaults_override();
	test_parse_u32();
	return expect_report("test_policy");
}
