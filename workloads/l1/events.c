// SPDX-License-Identifier: GPL-2.0
/*
 * nested-event-inject: events on their way into L2. L2 runs on an IDT of
 * its own, in a page L2 has never touched, so delivering any event takes a
 * nested page fault that the L0 resolves itself (it has no mapping yet):
 * the event must survive that and reach L2's handler before L2's first
 * instruction, as on hardware. If instead L1's NPT12 leaves the IDT page
 * unmapped, the NPF is L1's: the event must be in EXITINTINFO, and it must
 * not arrive in L2 unless L1 injects it again.
 */
#include "l1.h"

/* 256 interrupt gates to l2_event_stubs, in a fresh page; VMCB12 IDTR -> it. */
uint64_t l1_l2_idt(struct l1_vcpu *v)
{
	uint64_t *idt = l1_alloc(PAGE_SIZE, "L2 IDT");
	uint64_t cs = read_cs();

	for (unsigned int i = 0; i < 256; i++) {
		uint64_t fn = (uintptr_t)l2_event_stubs + 16 * i;

		idt[2 * i] = (fn & 0xffff) | (cs << 16) | (0x8eull << 40) |
			     ((fn >> 16 & 0xffff) << 48);
		idt[2 * i + 1] = fn >> 32;
	}
	v->vmcb->save.idtr.base = (uintptr_t)idt;
	v->vmcb->save.idtr.limit = 256 * 16 - 1;
	return (uintptr_t)idt;
}

/* L2 halted in its handler for want->vector, once, before its first instruction. */
bool l1_expect_event(struct l1_vcpu *v)
{
	const struct l1_event_want *w = v->test->param;
	struct l2_event_log *ev = &v->sh->ev;
	bool ok = v->vmcb->control.exit_code == SVM_EXIT_HLT && ev->count == 1 &&
		  ev->vector == w->vector && ev->error == w->error && ev->seen_step == 0;

	guest_print("vcpu %u: %s: handler runs %llu, vector %llu error 0x%llx, "
		    "L2 code before it %llu; wanted vector %u error 0x%x first",
		    v->id, v->test->name, (unsigned long long)ev->count,
		    (unsigned long long)ev->vector, (unsigned long long)ev->error,
		    (unsigned long long)ev->seen_step, w->vector, w->error);
	return l1_report_exit(v, SVM_EXIT_HLT, ok);
}

static void inject(struct l1_vcpu *v, uint32_t event, uint32_t err)
{
	l1_l2_idt(v);
	v->vmcb->control.event_inj = event | (uint64_t)err << 32;
}

static void inject_intr(struct l1_vcpu *v)
{
	inject(v, SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_INTR | 0x40, 0);
}

static void inject_gp(struct l1_vcpu *v)
{
	inject(v, SVM_EVTINJ_VALID | SVM_EVTINJ_VALID_ERR | SVM_EVTINJ_TYPE_EXC | 13,
	       0x1234);
}

static void inject_nmi(struct l1_vcpu *v)
{
	inject(v, SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_NMI | 2, 0);
}

/* ---- NPT12 does not map the IDT: the NPF and the event are L1's ---- */

#define REFLECTED_EVENT (SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_INTR | 0x41)

static void unmapped_idt_prepare(struct l1_vcpu *v)
{
	uint64_t idt = l1_l2_idt(v);

	v->loop_count = 0;
	npt_split_2m(&v->npt, idt);
	v->patched[0] = npt_entry(&v->npt, idt, 1);
	v->patched_old[0] = *v->patched[0];
	*v->patched[0] = 0;
	v->sh->target = idt;
	v->vmcb->control.event_inj = REFLECTED_EVENT;
}

/* First exit: the NPF with the event in EXITINTINFO; map the IDT, go on without it. */
static void unmapped_idt_exit(struct l1_vcpu *v)
{
	struct vmcb_control *c = &v->vmcb->control;

	if (v->loop_count++)
		return;
	v->probe = c->exit_code == SVM_EXIT_NPF &&
		   (c->exit_info_2 & ~(PAGE_SIZE - 1)) == v->sh->target &&
		   (uint32_t)c->exit_int_info == REFLECTED_EVENT;
	guest_print("vcpu %u: %s: first exit 0x%llx info2 0x%llx exit_int_info 0x%llx",
		    v->id, v->test->name, (unsigned long long)c->exit_code,
		    (unsigned long long)c->exit_info_2,
		    (unsigned long long)c->exit_int_info);
	*v->patched[0] = v->patched_old[0];
	v->patched[0] = NULL;
	c->tlb_ctl = SVM_TLB_FLUSH_ALL;
	c->event_inj = 0;
}

static bool after_two(struct l1_vcpu *v)
{
	return v->loop_count >= 2;
}

/* L2's own code ran, and no handler: L0 did not inject the event again. */
static bool unmapped_idt_check(struct l1_vcpu *v)
{
	struct l2_event_log *ev = &v->sh->ev;
	bool ok = v->probe && v->vmcb->control.exit_code == SVM_EXIT_HLT &&
		  ev->count == 0 && ev->step == 1;

	guest_print("vcpu %u: %s: NPF with the event %s; then handler runs %llu, "
		    "L2 step %llu", v->id, v->test->name, v->probe ? "ok" : "WRONG",
		    (unsigned long long)ev->count, (unsigned long long)ev->step);
	return l1_report_exit(v, SVM_EXIT_HLT, ok);
}

#define EVENT_TEST(n, fn, vec, err) {					\
	.name = n, .intercept1 = SVM_INTERCEPT1_HLT | SVM_INTERCEPT1_SHUTDOWN,\
	.l2_entry = l2_event_entry, .prepare = fn, .check = l1_expect_event,\
	.param = &(const struct l1_event_want){ vec, err } }

static const struct l1_test event_tests[] = {
	EVENT_TEST("intr_injected_npf_on_delivery", inject_intr, 0x40, 0),
	EVENT_TEST("exception_injected_npf_on_delivery", inject_gp, 13, 0x1234),
	EVENT_TEST("nmi_injected_npf_on_delivery", inject_nmi, 2, 0),
	{
		.name = "event_in_exitintinfo_when_reflected",
		.intercept1 = SVM_INTERCEPT1_HLT | SVM_INTERCEPT1_SHUTDOWN,
		.l2_entry = l2_event_entry, .prepare = unmapped_idt_prepare,
		.handle_exit = unmapped_idt_exit, .finished = after_two,
		.check = unmapped_idt_check,
	},
	{
		.name = "valid_after", .intercept1 = SVM_INTERCEPT1_HLT,
		.l2_entry = l2_hlt, .check = l1_expect_hlt,
	},
};

const struct l1_scenario l1_scn_event_inject = {
	.id = HVT_L1_EVENT_INJECT, .needs_npt = true, .tests = event_tests,
	.nr_tests = sizeof(event_tests) / sizeof(event_tests[0]),
};
