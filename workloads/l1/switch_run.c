// SPDX-License-Identifier: GPL-2.0
/*
 * The turns of l2-switch. A turn is E CPUID exits of one L2: its first
 * VMRUN is a load (a VMCB12 other than the one this vCPU ran last) and
 * the others resume the same VMCB12; after the E-th exit L1 leaves that
 * L2 waiting in its CPUID and the next slot's L2 runs. The last turn of
 * each L2 resumes it once more, up to its final CPUID ("done"), which L1
 * never resumes: no VMRUN outside a turn, and every turn ends in a CPUID
 * exit. L1's work per exit is the same whether the next VMRUN switches or
 * not; only moving on to the next slot is extra.
 */
#include "l2_switch.h"

static void fail_request(const struct sw_l2 *l2, uint64_t turn, uint64_t n)
{
	uint64_t leaf = l2->vmcb->save.rax, tag = l2->regs.rcx;

	guest_fail_values(__FILE__, __LINE__, tag, l2_switch_tag(l2->index, n),
			  "l2-switch: VMCB12 of L2 #%u, turn %llu, exit %llu: CPUID leaf 0x%llx "
			  "tag 0x%llx, expected 0x%x tag 0x%x: resumed the state of L2 #%lld at "
			  "its exit %llu (another L2's registers)", l2->index,
			  (unsigned long long)turn, (unsigned long long)n,
			  (unsigned long long)leaf, (unsigned long long)tag, L2_SWITCH_LEAF,
			  l2_switch_tag(l2->index, n), (long long)(tag >> 24) - 1,
			  (unsigned long long)(tag & 0xffffff));
}

/* The exit must come from this L2's code, at its next exit, on its stack. */
static void check_state(const struct sw_l2 *l2, uint64_t turn, uint64_t n)
{
	uint64_t rsp = l2->vmcb->save.rsp;

	if (l2->vmcb->save.rax != L2_SWITCH_LEAF || l2->regs.rcx != l2_switch_tag(l2->index, n))
		fail_request(l2, turn, n);
	if (rsp < l2->stack_lo || rsp >= l2->stack_hi)
		guest_fail_values(__FILE__, __LINE__, rsp, l2->stack_hi,
				  "l2-switch: VMCB12 of L2 #%u, turn %llu, exit %llu: RSP 0x%llx "
				  "outside its stack [0x%llx, 0x%llx) (another L2's save area)",
				  l2->index, (unsigned long long)turn, (unsigned long long)n,
				  (unsigned long long)rsp, (unsigned long long)l2->stack_lo,
				  (unsigned long long)l2->stack_hi);
}

/* The L2 whose answers this one gets: itself, unless broken on purpose. */
static unsigned int answer_for(const struct sw_world *w, const struct sw_l2 *l2, uint64_t turn)
{
	const struct sw_params *p = &w->p;

	if (p->wrong == HVT_SW_WRONG_ANSWER && p->wrong_l2 == l2->index &&
	    turn >= (p->turns > 1 ? 1 : 0))
		return (l2->index + 1) % p->k;
	return l2->index;
}

/*
 * L2's CPUID exit number n: answered and resumed (true), or at n = S * E
 * its final one, which says it is done and is not resumed (false). It is
 * answered all the same, so L1 does the same work before every switch.
 */
static bool handle_cpuid(struct l1_vcpu *v, const struct sw_world *w, struct sw_l2 *l2,
			 uint64_t turn)
{
	uint64_t n = l2->exits, total = w->p.turns * w->p.exits;
	struct cpuid_regs a;

	check_state(l2, turn, n);
	a = l2_switch_answer(answer_for(w, l2, turn), n);
	l2->vmcb->save.rax = a.eax;
	l2->regs.rbx = a.ebx;
	l2->regs.rcx = a.ecx;
	l2->regs.rdx = a.edx;
	l1_skip_insn(v, SVM_LEN_CPUID);
	if (n < total) {
		l2->exits++;
		return true;
	}
	GUEST_ASSERT_MSG(l2->sh->done && !l2->sh->failed,
			 "l2-switch: L2 #%u asked its final CPUID without being done", l2->index);
	return false;
}

static const char *const sw_regs[4] = { "EAX", "EBX", "ECX", "EDX" };

/* Whose answer an EAX is ("SW" + index + 1), as sw_owner_name does for pages. */
static const char *answer_owner(uint64_t eax, char *buf, unsigned int len)
{
	if ((eax & 0xffff0000u) != 0x53570000u || !(eax & 0xffff))
		return "no L2's";
	guest_snprintf(buf, len, "L2 #%u's", (unsigned int)(eax & 0xffff) - 1);
	return buf;
}

/* What L2 found, when, and whose value it was. */
static void fail_l2_verdict(const struct sw_l2 *l2)
{
	const struct l2_shared *sh = l2->sh;
	uint64_t got = sh->got[0], want = sh->want[0];
	char when[64], buf[16];

	guest_snprintf(when, sizeof(when), "turn %llu, %s exit %llu",
		       (unsigned long long)sh->sw.fail_turn, sh->sw.fail_after ? "after" : "before",
		       (unsigned long long)sh->fail_iter);
	if (sh->failed == L2_SW_BAD_ANSWER)
		guest_fail_values(__FILE__, __LINE__, got, want,
				  "l2-switch: L2 #%u, %s: CPUID %s = 0x%llx, expected 0x%llx%s%s%s",
				  l2->index, when, sw_regs[sh->got[1] & 3], (unsigned long long)got,
				  (unsigned long long)want, sh->got[1] ? "" : " (",
				  sh->got[1] ? "" : answer_owner(got, buf, sizeof(buf)),
				  sh->got[1] ? "" : " answer: another L2's registers)");
	guest_fail_values(__FILE__, __LINE__, got, want,
			  "l2-switch: L2 #%u, %s: window page word %llu = 0x%llx, expected 0x%llx: "
			  "%s %s (another L2's memory or translation)", l2->index, when,
			  (unsigned long long)sh->got[1], (unsigned long long)got,
			  (unsigned long long)want,
			  sh->failed == L2_SW_BAD_TOKEN ? "its last token gone, found" : "found",
			  sw_owner_name(got, buf, sizeof(buf)));
}

/* L2 halts only when it found something wrong (or lost its way). */
static void l2_halted(const struct sw_world *w, const struct sw_l2 *l2, uint64_t turn)
{
	if (l2->sh->failed)
		fail_l2_verdict(l2);
	GUEST_FAIL("l2-switch: L2 #%u halted in turn %llu after %llu of %llu exits", l2->index,
		   (unsigned long long)turn, (unsigned long long)l2->exits,
		   (unsigned long long)(w->p.turns * w->p.exits));
}

/* One VMRUN of l2 and back; identical for a load and a resume. */
static void run_once(struct l1_vcpu *v, struct sw_cpu *cpu, struct sw_l2 *l2)
{
	l2->sh->t_resume = rdtsc_ordered();
	l1_vmrun((uintptr_t)l2->vmcb, &l2->regs);
	l1_check_intact(v);
	l2->vmcb->control.tlb_ctl = SVM_TLB_NONE;
	cpu->vmruns++;
	cpu->exits_total++;
}

/* Bookkeeping of a turn's first VMRUN, and the TLB flush a shared ASID needs. */
static void note_load(struct sw_cpu *cpu, struct sw_l2 *l2, unsigned int vcpu)
{
	unsigned int *user = &cpu->asid_user[l2->asid];

	cpu->turns++;
	cpu->loads += cpu->last_l2 != (int)l2->index;
	cpu->migrations += l2->last_vcpu >= 0 && l2->last_vcpu != (int)vcpu;
	if (*user && *user != l2->index + 1) {
		l2->vmcb->control.tlb_ctl = SVM_TLB_FLUSH_ALL;
		cpu->asid_flushes++;
	}
	*user = l2->index + 1;
	cpu->last_l2 = (int)l2->index;
	l2->last_vcpu = (int)vcpu;
}

/* The debug switch: from L2 j's second turn on, the next L2's NPT12. */
static void break_on_purpose(struct sw_world *w, struct sw_l2 *l2, uint64_t turn)
{
	const struct sw_params *p = &w->p;

	if (p->wrong != HVT_SW_WRONG_NPT12 || p->wrong_l2 != l2->index ||
	    turn != (p->turns > 1 ? 1 : 0))
		return;
	l2->vmcb->control.nested_cr3 = (uintptr_t)w->l2[(l2->index + 1) % p->k].npt.root;
	l2->vmcb->control.tlb_ctl = SVM_TLB_FLUSH_ALL;
	guest_print("l2-switch: debug: L2 #%u runs turn %llu on L2 #%llu's NPT12", l2->index,
		    (unsigned long long)turn, (unsigned long long)((l2->index + 1) % p->k));
}

static void run_turn(struct l1_vcpu *v, struct sw_world *w, struct sw_l2 *l2, uint64_t turn)
{
	struct sw_cpu *cpu = &w->cpu[v->id];
	bool last = turn + 1 == w->p.turns;

	v->vmcb = l2->vmcb;	/* for l1_skip_insn and l1_unexpected_exit */
	note_load(cpu, l2, v->id);
	break_on_purpose(w, l2, turn);
	for (uint64_t e = 0;; e++) {
		uint64_t code;

		run_once(v, cpu, l2);
		code = l2->vmcb->control.exit_code;
		if (code == SVM_EXIT_HLT)
			l2_halted(w, l2, turn);
		if (code != SVM_EXIT_CPUID) {
			guest_print("l2-switch: L2 #%u, turn %llu: exit %llu is not a CPUID",
				    l2->index, (unsigned long long)turn,
				    (unsigned long long)l2->exits);
			l1_unexpected_exit(v);
		}
		cpu->exits_cpuid++;
		if (!handle_cpuid(v, w, l2, turn))
			return;		/* its final exit: L2 is done */
		if (e + 1 == w->p.exits && !last)
			return;		/* L2 waits in this CPUID until its next turn */
	}
}

/* Every slot this vCPU owns, in the global order. */
void sw_run_slots(struct l1_vcpu *v, struct sw_world *w)
{
	uint64_t k = w->p.k;

	for (uint64_t g = 0; g < sw_slots(w); g++) {
		uint64_t r = g / k, i = g % k;

		if (hvt_sw_vcpu(w->p.mode, i, r) != v->id)
			continue;
		sw_wait_for_slot(w, g);
		run_turn(v, w, &w->l2[i], r);
		__atomic_store_n(&w->next_slot, g + 1, __ATOMIC_RELEASE);
	}
}
