/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy registry: the named, typed knobs a VM is configured with before its
 * first vCPU exists. Research runs A/B-compare VMs that differ only in their
 * policy set, so every value is validated strictly and every policy says
 * whether this build implements it yet.
 *
 * A policy value is a u32: the index of the name for enum-valued policies,
 * the number itself for uint-ranged ones. Hot paths read a VM's values with
 * the inline getters at the end of this header (one array load).
 *
 * Concurrency: the registry table is constant. The global defaults set and
 * the allow-inactive switch are written only by the module-parameter glue
 * (serialized by the kernel's parameter lock) and read when a VM is created;
 * a per-VM set is written only before the first vCPU exists, under the VM's
 * lock. The core itself takes no locks.
 */
#ifndef HVT_CORE_POLICY_H
#define HVT_CORE_POLICY_H

#include "types.h"

/* Buffer sizes including the NUL; equal to the uapi ones (tests check). */
#define HVT_POLICY_NAME_MAX	32
#define HVT_POLICY_VALUE_MAX	32
#define HVT_POLICY_ALLOWED_MAX	128
#define HVT_POLICY_DOC_MAX	160

enum hvt_policy_id {
	HVT_POLICY_L2_MMU,
	HVT_POLICY_VMCB,
	HVT_POLICY_CTX_CACHE,
	HVT_POLICY_MMIO,
	HVT_POLICY_PREFETCH,
	HVT_POLICY_NR
};

enum hvt_l2_mmu { HVT_L2_MMU_SEPARATE, HVT_L2_MMU_SHARED };
enum hvt_vmcb_mode { HVT_VMCB_SPLIT, HVT_VMCB_SINGLE };
enum hvt_mmio_mode { HVT_MMIO_GEN, HVT_MMIO_ZAP };
enum hvt_prefetch_mode {
	HVT_PREFETCH_OFF,
	HVT_PREFETCH_NOTIFIER,
	HVT_PREFETCH_FAULT_AROUND,
	HVT_PREFETCH_BOTH
};

#define HVT_CTX_CACHE_MAX 64
#define HVT_CTX_CACHE_PER_VCPU_MAX 8	/* "8x": the proposal's 8 per online vCPU */

/*
 * A uint policy with .per_vcpu_max also takes "Nx" (1 <= N <= per_vcpu_max):
 * N per vCPU, resolved by the code that uses it. The value is then N with
 * this bit set.
 */
#define HVT_POLICY_PER_VCPU (1u << 31)

enum hvt_policy_kind {
	HVT_POLICY_KIND_ENUM,	/* value = index into .values */
	HVT_POLICY_KIND_UINT,	/* value = number in [min, max] */
};

struct hvt_policy_desc {
	const char *name;
	const char *doc;	/* one line */
	enum hvt_policy_kind kind;
	const char *const *values;	/* ENUM only */
	u32 nr_values;			/* ENUM only */
	u32 min, max;			/* UINT only */
	u32 per_vcpu_max;		/* UINT only: "Nx" allowed up to this N (0: not) */
	u32 def;			/* built-in default */
	/*
	 * Whether this build implements the policy. While false, only the
	 * built-in default can be chosen (-EOPNOTSUPP otherwise), so an A/B
	 * run can never silently compare two identical configurations.
	 */
	bool active;
};

struct hvt_policy_set {
	u32 val[HVT_POLICY_NR];
};

/* Registry: index == enum hvt_policy_id; NULL past the end. */
u32 hvt_policy_count(void);
const struct hvt_policy_desc *hvt_policy_at(u32 idx);
/* Policy id, or -EINVAL for an unknown name. */
int hvt_policy_lookup(const char *name);

#define hvt_for_each_policy(i, d) \
	for ((i) = 0; ((d) = hvt_policy_at(i)) != NULL; (i)++)

/* Value text <-> u32. Strict: exact names, plain decimal, in range. */
int hvt_policy_parse(const struct hvt_policy_desc *d, const char *str, u32 *val);
/* These return the length written, -ENOSPC if size is too small. */
int hvt_policy_format(const struct hvt_policy_desc *d, u32 val, char *buf, size_t size);
int hvt_policy_format_allowed(const struct hvt_policy_desc *d, char *buf, size_t size);

/*
 * Per-VM sets. Errors: -EINVAL (unknown name, unknown or out-of-range
 * value, malformed "name=value"), -EOPNOTSUPP (non-default value for a
 * policy this build does not implement). On error the set is unchanged.
 */
void hvt_policy_set_init(struct hvt_policy_set *set);
int hvt_policy_set_value(struct hvt_policy_set *set, const char *name, const char *value);
int hvt_policy_set_assign(struct hvt_policy_set *set, const char *assignment);
int hvt_policy_get_value(const struct hvt_policy_set *set, const char *name,
			 char *buf, size_t size);

/*
 * Global defaults copied into each new VM's set; module parameters feed
 * their strings here. Same errors as hvt_policy_set_value().
 */
int hvt_policy_set_default(const char *name, const char *value);
int hvt_policy_get_default(const char *name, char *buf, size_t size);
void hvt_policy_reset_defaults(void);

/*
 * Developer switch: let inactive policies take any valid value, to exercise
 * a feature while it is being written, before its .active flag is flipped.
 */
void hvt_policy_allow_inactive(bool allow);
bool hvt_policy_inactive_allowed(void);

static inline u32 hvt_policy_get(const struct hvt_policy_set *set,
				 enum hvt_policy_id id)
{
	return set->val[id];
}

static inline enum hvt_l2_mmu hvt_policy_l2_mmu(const struct hvt_policy_set *s)
{
	return (enum hvt_l2_mmu)s->val[HVT_POLICY_L2_MMU];
}

static inline enum hvt_vmcb_mode hvt_policy_vmcb(const struct hvt_policy_set *s)
{
	return (enum hvt_vmcb_mode)s->val[HVT_POLICY_VMCB];
}

static inline u32 hvt_policy_ctx_cache(const struct hvt_policy_set *s)
{
	return s->val[HVT_POLICY_CTX_CACHE];
}

static inline enum hvt_mmio_mode hvt_policy_mmio(const struct hvt_policy_set *s)
{
	return (enum hvt_mmio_mode)s->val[HVT_POLICY_MMIO];
}

static inline enum hvt_prefetch_mode hvt_policy_prefetch(const struct hvt_policy_set *s)
{
	return (enum hvt_prefetch_mode)s->val[HVT_POLICY_PREFETCH];
}

#endif
