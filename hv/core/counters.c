// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor tables for hvt's counters: the stats name is the field name.
 * "exits" means what KVM's does (every exit); the other names are hvt's own
 * so no reader mistakes them for KVM counters with different semantics.
 */
#include "counters.h"

#define TYPE_FLAGS(t) (HVT_STATS_TYPE_##t | HVT_STATS_UNIT_NONE | HVT_STATS_BASE_POW10)

#define VCPU(t, field) { .name = #field, .flags = TYPE_FLAGS(t), \
	.offset = offsetof(struct hvt_vcpu_stats, field) }
#define VM(t, field) { .name = #field, .flags = TYPE_FLAGS(t), \
	.offset = offsetof(struct hvt_vm_stats, field) }

static const struct hvt_stat_desc vcpu_desc[] = {
	VCPU(CUMULATIVE, exits),
	VCPU(CUMULATIVE, exits_cpuid),
	VCPU(CUMULATIVE, exits_io),
	VCPU(CUMULATIVE, exits_hlt),
	VCPU(CUMULATIVE, exits_npf),
	VCPU(CUMULATIVE, exits_msr),
	VCPU(CUMULATIVE, exits_intr),
	VCPU(CUMULATIVE, exits_nmi),
	VCPU(CUMULATIVE, exits_vmmcall),
	VCPU(CUMULATIVE, exits_shutdown),
	VCPU(CUMULATIVE, exits_dr),
	VCPU(CUMULATIVE, exits_cr),
	VCPU(CUMULATIVE, exits_exception),
	VCPU(CUMULATIVE, exits_other),
	VCPU(CUMULATIVE, exits_to_user),
	VCPU(CUMULATIVE, root_rebuilds),
	/* Nested counters read 0 until L1 runs an L2. */
	VCPU(CUMULATIVE, nested_vmrun),
	VCPU(CUMULATIVE, nested_vmrun_invalid),
	VCPU(CUMULATIVE, nested_exits_reflected),
	VCPU(CUMULATIVE, nested_exits_l0),
	VCPU(CUMULATIVE, nested_vmcb_switches),
	VCPU(CUMULATIVE, nested_vmcb_copies),
	VCPU(CUMULATIVE, guest_mmu_faults),
	VCPU(CUMULATIVE, guest_mmu_root_reuse),
	VCPU(CUMULATIVE, guest_mmu_root_lookup),
	VCPU(CUMULATIVE, guest_mmu_root_create),
	VCPU(CUMULATIVE, nested_ctx_rebuild),
	VCPU(CUMULATIVE, nested_ctx_private),
};

static const struct hvt_stat_desc vm_desc[] = {
	VM(CUMULATIVE, npt_faults),
	VM(INSTANT, pages_mapped),
	VM(PEAK, pages_mapped_peak),
	VM(INSTANT, memslot_generation),
	VM(CUMULATIVE, tlb_flushes),
	VM(CUMULATIVE, invalidations),
	VM(INSTANT, shadow_pages),
	VM(PEAK, shadow_pages_peak),
	VM(CUMULATIVE, shadow_reclaims),
	VM(CUMULATIVE, nested_ctx_reuse),
	VM(CUMULATIVE, nested_ctx_recycle),
	VM(CUMULATIVE, nested_ctx_alloc),
	VM(CUMULATIVE, nested_ctx_invalidate),
};

const struct hvt_stats_layout hvt_vcpu_stats_layout = {
	.desc = vcpu_desc,
	.nr_desc = HVT_ARRAY_SIZE(vcpu_desc),
	.nr_values = sizeof(struct hvt_vcpu_stats) / sizeof(u64),
	.name_size = HVT_STATS_NAME_SIZE,
};

const struct hvt_stats_layout hvt_vm_stats_layout = {
	.desc = vm_desc,
	.nr_desc = HVT_ARRAY_SIZE(vm_desc),
	.nr_values = sizeof(struct hvt_vm_stats) / sizeof(u64),
	.name_size = HVT_STATS_NAME_SIZE,
};

int hvt_counters_check(void)
{
	int ret = hvt_stats_layout_check(&hvt_vcpu_stats_layout);

	return ret ? ret : hvt_stats_layout_check(&hvt_vm_stats_layout);
}
