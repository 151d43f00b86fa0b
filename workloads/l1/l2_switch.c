// SPDX-License-Identifier: GPL-2.0
/*
 * l2-switch: the scenario (see l2_switch.h). L1 vCPU 0 reads the
 * parameters, builds the K L2s and publishes them; the vCPUs that take
 * turns (vCPU 0; in migrate mode also vCPU 1) run their slots in the
 * global order; vCPU 0 waits for the last slot, checks the pages,
 * classifies the samples and reports. Other vCPUs only say so.
 */
#include "l2_switch.h"

static struct sw_world *published;	/* by vCPU 0, once built */

uint64_t sw_slots(const struct sw_world *w)
{
	return w->p.k * w->p.turns;
}

/* Slot g may run once every slot before it has finished (on any vCPU). */
void sw_wait_for_slot(struct sw_world *w, uint64_t g)
{
	while (__atomic_load_n(&w->next_slot, __ATOMIC_ACQUIRE) != g)
		cpu_relax();
}

static uint64_t arg_or(const struct hvt_boot_params *bp, unsigned int a, uint64_t dflt)
{
	return bp->args[a] ? bp->args[a] : dflt;
}

static void check_params(const struct sw_params *p, uint64_t wrong_arg, uint32_t nr_vcpus)
{
	if (p->k > HVT_SW_MAX_L2S)
		GUEST_FAIL("l2-switch: args[%u] = %llu L2s; 1..%u", HVT_L1_ARG_SW_L2S,
			   (unsigned long long)p->k, HVT_SW_MAX_L2S);
	if (p->turns > HVT_SW_MAX_EXITS_PER_L2 || p->exits > HVT_SW_MAX_EXITS_PER_L2 ||
	    p->turns * p->exits > HVT_SW_MAX_EXITS_PER_L2)
		GUEST_FAIL("l2-switch: %llu turns x %llu exits per L2; at most %llu in all",
			   (unsigned long long)p->turns, (unsigned long long)p->exits,
			   HVT_SW_MAX_EXITS_PER_L2);
	if (p->mode != HVT_SW_MODE_STAY && p->mode != HVT_SW_MODE_MIGRATE)
		GUEST_FAIL("l2-switch: args[%u] = %u: mode 0 (stay) or 1 (migrate)",
			   HVT_L1_ARG_SW_MODE, p->mode);
	if (p->mode == HVT_SW_MODE_MIGRATE && nr_vcpus < SW_VCPUS)
		GUEST_FAIL("l2-switch: migrate mode takes turns on 2 L1 vCPUs; the VM has %u",
			   nr_vcpus);
	if (wrong_arg >> 16 || p->wrong > HVT_SW_WRONG_ANSWER ||
	    (p->wrong && (p->k < 2 || p->wrong_l2 >= p->k)))
		GUEST_FAIL("l2-switch: args[%u] = 0x%llx: want 0, or %u (NPT12) or %u (answers) "
			   "| j << 8 with j < K = %llu and K >= 2", HVT_L1_ARG_SW_WRONG,
			   (unsigned long long)wrong_arg, HVT_SW_WRONG_NPT12, HVT_SW_WRONG_ANSWER,
			   (unsigned long long)p->k);
}

static void read_params(const struct hvt_boot_params *bp, struct sw_params *p)
{
	uint64_t wrong = bp->args[HVT_L1_ARG_SW_WRONG];

	p->k = arg_or(bp, HVT_L1_ARG_SW_L2S, HVT_SW_DEFAULT_L2S);
	p->turns = arg_or(bp, HVT_L1_ARG_SW_TURNS, HVT_SW_DEFAULT_TURNS);
	p->exits = arg_or(bp, HVT_L1_ARG_SW_EXITS, HVT_SW_DEFAULT_EXITS);
	p->mode = (uint32_t)bp->args[HVT_L1_ARG_SW_MODE];
	p->wrong = HVT_SW_WRONG_CODE(wrong);
	p->wrong_l2 = HVT_SW_WRONG_L2(wrong);
	if (bp->args[HVT_L1_ARG_SW_MODE] >> 32)
		p->mode = UINT32_MAX;	/* refused below */
	check_params(p, wrong, bp->nr_vcpus);
}

static struct sw_world *world_of(struct l1_vcpu *v, const struct sw_params *p)
{
	struct sw_world *w;

	if (v->id == 0) {
		w = sw_world_build(v, p);
		__atomic_store_n(&published, w, __ATOMIC_RELEASE);
		return w;
	}
	while (!(w = __atomic_load_n(&published, __ATOMIC_ACQUIRE)))
		cpu_relax();
	return w;
}

static void sw_enter(struct l1_vcpu *v)
{
	struct sw_params p;
	struct sw_world *w;

	read_params(v->bp, &p);
	if (v->id >= (p.mode == HVT_SW_MODE_MIGRATE ? SW_VCPUS : 1)) {
		guest_print("l1-hv vcpu %u: l2-switch: no turns for this vCPU in %s mode", v->id,
			    p.mode == HVT_SW_MODE_MIGRATE ? "migrate" : "stay");
		return;
	}
	w = world_of(v, &p);
	sw_run_slots(v, w);
	v->exits_total = w->cpu[v->id].exits_total;
	guest_print("l1-hv vcpu %u: l2-switch: ran %llu turns, %llu of them loads, %llu "
		    "coming from the other vCPU", v->id, (unsigned long long)w->cpu[v->id].turns,
		    (unsigned long long)w->cpu[v->id].loads,
		    (unsigned long long)w->cpu[v->id].migrations);
	if (v->id != 0)
		return;
	sw_wait_for_slot(w, sw_slots(w));
	sw_check_pages(w);
	sw_classify(w);
	sw_report(w);
}

static bool sw_check(struct l1_vcpu *v)
{
	(void)v;
	return true;	/* every check FAILs on the spot, naming the L2 and the turn */
}

static const struct l1_test l2_switch_test = {
	.name = "l2_switch",
	.l2_entry = l2_switch_loop,
	.enter = sw_enter,
	.check = sw_check,
};

const struct l1_scenario l1_scn_l2_switch = {
	.id = HVT_L1_L2_SWITCH, .needs_npt = true, .tests = &l2_switch_test, .nr_tests = 1,
};
