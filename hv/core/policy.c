// SPDX-License-Identifier: GPL-2.0
/*
 * Policy registry (see policy.h). The table below is the single place a
 * policy is declared; the lead flips .active when the MMU/SVM code honours
 * the policy.
 */
#include "policy.h"
#include "str.h"

static const char *const l2_mmu_values[] = {
	[HVT_L2_MMU_SEPARATE] = "separate",
	[HVT_L2_MMU_SHARED] = "shared",
};

static const char *const vmcb_values[] = {
	[HVT_VMCB_SPLIT] = "split",
	[HVT_VMCB_SINGLE] = "single",
};

static const char *const mmio_values[] = {
	[HVT_MMIO_GEN] = "gen",
	[HVT_MMIO_ZAP] = "zap",
};

static const char *const prefetch_values[] = {
	[HVT_PREFETCH_OFF] = "off",
	[HVT_PREFETCH_NOTIFIER] = "notifier",
	[HVT_PREFETCH_FAULT_AROUND] = "fault-around",
	[HVT_PREFETCH_BOTH] = "both",
};

#define ENUM_VALUES(v) .kind = HVT_POLICY_KIND_ENUM, .values = (v), \
	.nr_values = HVT_ARRAY_SIZE(v)

static const struct hvt_policy_desc policies[HVT_POLICY_NR] = {
	[HVT_POLICY_L2_MMU] = {
		.name = "l2_mmu",
		.doc = "MMU context for L2: its own guest_mmu, or re-initialise L1's on every switch",
		ENUM_VALUES(l2_mmu_values),
		.def = HVT_L2_MMU_SEPARATE,
		.active = true,
	},
	[HVT_POLICY_VMCB] = {
		.name = "vmcb",
		.doc = "L1 and L2 on separate VMCBs (VMCB01/VMCB02), or one VMCB copied on each switch",
		ENUM_VALUES(vmcb_values),
		.def = HVT_VMCB_SPLIT,
		.active = true,
	},
	[HVT_POLICY_CTX_CACHE] = {
		.name = "ctx_cache",
		.doc = "Nested contexts kept per VM, keyed by VMCB12 address (0 = none; Nx = N per vCPU)",
		.kind = HVT_POLICY_KIND_UINT,
		.min = 0,
		.max = HVT_CTX_CACHE_MAX,
		.per_vcpu_max = HVT_CTX_CACHE_PER_VCPU_MAX,
		.def = 0,
		.active = true,
	},
	[HVT_POLICY_MMIO] = {
		.name = "mmio",
		.doc = "MMIO sptes tagged with the memslot generation, or zapped on memslot change",
		ENUM_VALUES(mmio_values),
		.def = HVT_MMIO_GEN,
		.active = false,
	},
	[HVT_POLICY_PREFETCH] = {
		.name = "prefetch",
		.doc = "Map pages ahead of faults: from the MMU notifier, around a fault, or both",
		ENUM_VALUES(prefetch_values),
		.def = HVT_PREFETCH_OFF,
		.active = false,
	},
};

/*
 * Statically initialised because module parameters are parsed before the
 * module's init function runs: the defaults must be valid from the start.
 * A unit test checks these agree with each policy's .def.
 */
static struct hvt_policy_set defaults = {
	.val = {
		[HVT_POLICY_L2_MMU] = HVT_L2_MMU_SEPARATE,
		[HVT_POLICY_VMCB] = HVT_VMCB_SPLIT,
		[HVT_POLICY_CTX_CACHE] = 0,
		[HVT_POLICY_MMIO] = HVT_MMIO_GEN,
		[HVT_POLICY_PREFETCH] = HVT_PREFETCH_OFF,
	},
};

static bool allow_inactive;

u32 hvt_policy_count(void)
{
	return HVT_POLICY_NR;
}

const struct hvt_policy_desc *hvt_policy_at(u32 idx)
{
	return idx < HVT_POLICY_NR ? &policies[idx] : NULL;
}

static int lookup_n(const char *name, size_t len)
{
	u32 i;

	for (i = 0; i < HVT_POLICY_NR; i++) {
		if (hvt_strneq_exact(name, len, policies[i].name))
			return (int)i;
	}
	return -EINVAL;
}

int hvt_policy_lookup(const char *name)
{
	size_t len = hvt_strnlen(name, HVT_POLICY_NAME_MAX);

	/* No NUL inside the limit: longer than any name, never a prefix match. */
	if (len == HVT_POLICY_NAME_MAX)
		return -EINVAL;
	return lookup_n(name, len);
}

static int parse_enum(const struct hvt_policy_desc *d, const char *str, u32 *val)
{
	u32 i;

	for (i = 0; i < d->nr_values; i++) {
		if (hvt_streq(str, d->values[i])) {
			*val = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_uint(const struct hvt_policy_desc *d, const char *str, u32 *val)
{
	size_t len = hvt_strnlen(str, HVT_POLICY_VALUE_MAX);
	u32 v;

	/* Too long for the uapi field: reject rather than parse a prefix. */
	if (len == HVT_POLICY_VALUE_MAX)
		return -EINVAL;
	/* "Nx": N per vCPU, where the policy allows it. */
	if (d->per_vcpu_max && len > 1 && str[len - 1] == 'x') {
		if (hvt_parse_u32(str, len - 1, &v) || v < 1 || v > d->per_vcpu_max)
			return -EINVAL;
		*val = v | HVT_POLICY_PER_VCPU;
		return 0;
	}
	if (hvt_parse_u32(str, len, &v))
		return -EINVAL;
	if (v < d->min || v > d->max)
		return -EINVAL;
	*val = v;
	return 0;
}

int hvt_policy_parse(const struct hvt_policy_desc *d, const char *str, u32 *val)
{
	if (d->kind == HVT_POLICY_KIND_ENUM)
		return parse_enum(d, str, val);
	return parse_uint(d, str, val);
}

int hvt_policy_format(const struct hvt_policy_desc *d, u32 val, char *buf, size_t size)
{
	struct hvt_strbuf sb;

	hvt_strbuf_init(&sb, buf, size);
	if (d->kind == HVT_POLICY_KIND_ENUM) {
		if (val >= d->nr_values)
			return -EINVAL;
		hvt_strbuf_puts(&sb, d->values[val]);
	} else if (d->per_vcpu_max && (val & HVT_POLICY_PER_VCPU)) {
		hvt_strbuf_put_u32(&sb, val & ~HVT_POLICY_PER_VCPU);
		hvt_strbuf_puts(&sb, "x");
	} else {
		hvt_strbuf_put_u32(&sb, val);
	}
	return hvt_strbuf_result(&sb);
}

int hvt_policy_format_allowed(const struct hvt_policy_desc *d, char *buf, size_t size)
{
	struct hvt_strbuf sb;
	u32 i;

	hvt_strbuf_init(&sb, buf, size);
	if (d->kind == HVT_POLICY_KIND_UINT) {
		hvt_strbuf_put_u32(&sb, d->min);
		hvt_strbuf_puts(&sb, "..");
		hvt_strbuf_put_u32(&sb, d->max);
		if (d->per_vcpu_max) {
			hvt_strbuf_puts(&sb, "|1x..");
			hvt_strbuf_put_u32(&sb, d->per_vcpu_max);
			hvt_strbuf_puts(&sb, "x");
		}
		return hvt_strbuf_result(&sb);
	}
	for (i = 0; i < d->nr_values; i++) {
		if (i)
			hvt_strbuf_puts(&sb, "|");
		hvt_strbuf_puts(&sb, d->values[i]);
	}
	return hvt_strbuf_result(&sb);
}

/* Parse value for policy id and apply the "not implemented yet" gate. */
static int resolve(int id, const char *value, u32 *val)
{
	const struct hvt_policy_desc *d;
	int ret;

	if (id < 0)
		return id;
	d = &policies[id];
	ret = hvt_policy_parse(d, value, val);
	if (ret)
		return ret;
	if (!d->active && !allow_inactive && *val != d->def)
		return -EOPNOTSUPP;
	return 0;
}

void hvt_policy_set_init(struct hvt_policy_set *set)
{
	*set = defaults;
}

int hvt_policy_set_value(struct hvt_policy_set *set, const char *name, const char *value)
{
	int id = hvt_policy_lookup(name);
	u32 val;
	int ret;

	ret = resolve(id, value, &val);
	if (ret)
		return ret;
	set->val[id] = val;
	return 0;
}

int hvt_policy_set_assign(struct hvt_policy_set *set, const char *assignment)
{
	size_t name_len = 0;
	u32 val;
	int id, ret;

	while (assignment[name_len] && assignment[name_len] != '=')
		name_len++;
	if (assignment[name_len] != '=')
		return -EINVAL;
	id = lookup_n(assignment, name_len);
	ret = resolve(id, assignment + name_len + 1, &val);
	if (ret)
		return ret;
	set->val[id] = val;
	return 0;
}

int hvt_policy_get_value(const struct hvt_policy_set *set, const char *name,
			 char *buf, size_t size)
{
	int id = hvt_policy_lookup(name);

	if (id < 0)
		return id;
	return hvt_policy_format(&policies[id], set->val[id], buf, size);
}

int hvt_policy_set_default(const char *name, const char *value)
{
	return hvt_policy_set_value(&defaults, name, value);
}

int hvt_policy_get_default(const char *name, char *buf, size_t size)
{
	return hvt_policy_get_value(&defaults, name, buf, size);
}

void hvt_policy_reset_defaults(void)
{
	u32 i;

	for (i = 0; i < HVT_POLICY_NR; i++)
		defaults.val[i] = policies[i].def;
}

void hvt_policy_allow_inactive(bool allow)
{
	allow_inactive = allow;
}

bool hvt_policy_inactive_allowed(void)
{
	return allow_inactive;
}
