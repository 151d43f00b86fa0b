// SPDX-License-Identifier: GPL-2.0
/*
 * l2-switch's samples and report. L2s store raw TSC values (before and
 * after each CPUID, and L1's TSC before the VMRUN that resumed them); once
 * every turn is over, L1 pairs them up:
 *
 *   switch      from the exit that ended the previous slot's turn (that
 *               L2's TSC before the CPUID) to the first TSC read of the
 *               L2 just loaded (after the CPUID it was left in): the
 *               whole L2 -> L1 -> load -> L2 path; rounds >= 1
 *   plain       an L2's CPUID round trip that L1 resumed directly; rounds >= 1
 *   first load  as switch, for the loads of round 0 after the first (the
 *               new L2's first TSC read is at its start; every context is new)
 *
 * and for each also the entry leg, from L1's TSC right before that VMRUN
 * to the same L2 TSC read. Round 0 is the warm-up of every L2.
 */
#include "l2_switch.h"

static void samples_alloc(struct sw_samples *s, uint64_t want, const char *what)
{
	s->want = want;
	s->n = 0;
	s->rt = l1_alloc(want * sizeof(uint64_t), what);
	s->entry = l1_alloc(want * sizeof(uint64_t), what);
}

void sw_samples_alloc(struct sw_world *w)
{
	const struct sw_params *p = &w->p;

	samples_alloc(&w->sw, hvt_sw_switch_samples(p->k, p->turns), "switch samples");
	samples_alloc(&w->plain, hvt_sw_plain_samples(p->k, p->turns, p->exits),
		      "plain samples");
	samples_alloc(&w->first, hvt_sw_first_load_samples(p->k), "first-load samples");
}

/* Two TSCs of possibly different vCPUs: a clock step backwards counts as 0. */
static uint64_t delta(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

static void add(struct sw_samples *s, uint64_t t_from, uint64_t t_vmrun, uint64_t t_l2)
{
	GUEST_ASSERT_MSG(s->n < s->want, "more samples than the %llu expected",
			 (unsigned long long)s->want);
	s->rt[s->n] = delta(t_from, t_l2);
	s->entry[s->n] = delta(t_vmrun, t_l2);
	s->n++;
}

/* Slot g's load: from the previous slot's last exit to the new L2's first TSC read. */
static void classify_load(struct sw_world *w, uint64_t g)
{
	uint64_t k = w->p.k, e = w->p.exits, r = g / k, pr = (g - 1) / k;
	const struct l2_switch_shared *now = &w->l2[g % k].sh->sw;
	const struct l2_shared *before = w->l2[(g - 1) % k].sh;
	/*
	 * The previous turn ended in its last CPUID; if it was that L2's last
	 * turn, in its final one, whose start only t_exit has (it never returned).
	 */
	uint64_t t_from = pr + 1 == w->p.turns ? before->t_exit : before->sw.t0[(pr + 1) * e - 1];

	if (r == 0)
		add(&w->first, t_from, now->tr_start, now->t_start);
	else
		add(&w->sw, t_from, now->tr[r * e - 1], now->t1[r * e - 1]);
}

/* L2 i's exits of rounds >= 1 that L1 resumed directly. */
static void classify_plain(struct sw_world *w, const struct l2_switch_shared *sw)
{
	uint64_t e = w->p.exits, total = w->p.turns * e;

	for (uint64_t n = e; n < total; n++)
		if (n % e != e - 1 || n == total - 1)
			add(&w->plain, sw->t0[n], sw->tr[n], sw->t1[n]);
}

void sw_classify(struct sw_world *w)
{
	for (uint64_t g = 1; g < sw_slots(w); g++)
		classify_load(w, g);
	for (unsigned int i = 0; i < w->p.k; i++)
		classify_plain(w, &w->l2[i].sh->sw);
	GUEST_ASSERT_EQ(w->sw.n, w->sw.want);
	GUEST_ASSERT_EQ(w->plain.n, w->plain.want);
	GUEST_ASSERT_EQ(w->first.n, w->first.want);
}

/* The L1 vCPUs' counts added up. */
static struct sw_cpu totals(const struct sw_world *w)
{
	struct sw_cpu t = { 0 };

	for (unsigned int c = 0; c < SW_VCPUS; c++) {
		const struct sw_cpu *x = &w->cpu[c];

		t.turns += x->turns;
		t.loads += x->loads;
		t.migrations += x->migrations;
		t.vmruns += x->vmruns;
		t.asid_flushes += x->asid_flushes;
		t.exits_cpuid += x->exits_cpuid;
		t.exits_total += x->exits_total;
	}
	return t;
}

/* What both sides derive from K, S, E and the mode (<hvt/l2_switch.h>). */
static void assert_counts(const struct sw_world *w, const struct sw_cpu *t)
{
	const struct sw_params *p = &w->p;

	GUEST_ASSERT_EQ(t->turns, p->k * p->turns);
	GUEST_ASSERT_EQ(t->loads, hvt_sw_loads(p->k, p->turns, p->mode));
	GUEST_ASSERT_EQ(t->migrations, hvt_sw_migrations(p->k, p->turns, p->mode));
	GUEST_ASSERT_EQ(t->exits_cpuid, hvt_sw_cpuid_exits(p->k, p->turns, p->exits));
	for (unsigned int i = 0; i < p->k; i++)
		GUEST_ASSERT_EQ(w->l2[i].exits, p->turns * p->exits);
}

static void report_values(const struct sw_world *w, const struct sw_cpu *t)
{
	char name[32];

	guest_value("l2s", w->p.k);
	guest_value("turns", w->p.turns);
	guest_value("exits_per_turn", w->p.exits);
	guest_value("mode", w->p.mode);
	guest_value("loads", t->loads);
	guest_value("migrations", t->migrations);
	guest_value("l2_vmruns", t->vmruns);
	guest_value("asid_flushes", t->asid_flushes);
	guest_value("shared_asids", w->shared_asids);
	guest_value("l1_exits_cpuid", t->exits_cpuid);
	guest_value("l1_exits_total", t->exits_total);
	guest_value("window_gpa", w->window);
	guest_value("l2_timer_overhead_ticks", w->l2[0].sh->timer_overhead);
	for (unsigned int i = 0; i < w->p.k; i++) {
		guest_snprintf(name, sizeof(name), "l2_exits_%u", i);
		guest_value(name, w->l2[i].exits);
	}
}

static void report_samples(const struct sw_world *w)
{
	guest_samples("switch_round_trip_ticks", w->sw.rt, w->sw.n);
	guest_samples("switch_entry_ticks", w->sw.entry, w->sw.n);
	guest_samples("plain_round_trip_ticks", w->plain.rt, w->plain.n);
	guest_samples("plain_entry_ticks", w->plain.entry, w->plain.n);
	guest_samples("first_load_round_trip_ticks", w->first.rt, w->first.n);
	guest_samples("first_load_entry_ticks", w->first.entry, w->first.n);
}

void sw_report(struct sw_world *w)
{
	const struct sw_params *p = &w->p;
	struct sw_cpu t = totals(w);

	assert_counts(w, &t);
	guest_print("l2-switch: %llu L2s x %llu turns x %llu exits, %s: %llu loads, "
		    "%llu migrations, %llu VMRUNs%s", (unsigned long long)p->k,
		    (unsigned long long)p->turns, (unsigned long long)p->exits,
		    p->mode == HVT_SW_MODE_MIGRATE ? "migrate" : "stay",
		    (unsigned long long)t.loads, (unsigned long long)t.migrations,
		    (unsigned long long)t.vmruns,
		    w->shared_asids ? ", ASIDs shared (TLB flushed when one changes L2)" : "");
	report_values(w, &t);
	report_samples(w);
}
