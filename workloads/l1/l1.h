/* SPDX-License-Identifier: GPL-2.0 */
/*
 * l1-hv: a minimal L1 hypervisor. Per vCPU: SVM on, one VMCB12, one NPT12,
 * one L2 (stack + shared page). A scenario is a list of tests; a test is a
 * set of callbacks around the run loop (prepare, VMRUN, handle_exit until
 * finished, check), in the manner of kvm-unit-tests' SVM tests.
 */
#ifndef HVT_L1_H
#define HVT_L1_H

#include <stdbool.h>
#include "guest.h"
#include "npt.h"
#include "svm.h"
#include <hvt/l1_scenarios.h>
#include "../l2/l2.h"

#define L1_ASID 1
#define L1_L2_STACK_PAGES 4

struct l1_features {
	uint32_t svm_rev, nr_asids, svm_edx;
	unsigned int maxphyaddr;
	bool np, nrips;			/* what CPUID offers */
};

struct l1_vcpu;

struct l1_test {
	const char *name;		/* also the prefix of its VALUEs */
	uint32_t intercept1, intercept2;	/* SVM_INTERCEPT1_*, _2_* */
	uint32_t intercept_exc;		/* exception vectors */
	void (*l2_entry)(struct l2_shared *sh);
	void (*prepare)(struct l1_vcpu *v);	/* after the VMCB reset */
	void (*enter)(struct l1_vcpu *v);	/* default: l1_enter */
	void (*handle_exit)(struct l1_vcpu *v);
	bool (*finished)(struct l1_vcpu *v);	/* default: after one exit */
	bool (*check)(struct l1_vcpu *v);	/* report; true = as architected */
	const void *param;		/* for callbacks shared by tests */
};

struct l1_scenario {
	uint32_t id;			/* enum hvt_l1_scenario */
	bool needs_npt;
	const struct l1_test *tests;
	unsigned int nr_tests;
};

#define L1_VCPU_MAGIC 0x7570637631764c31ull	/* "L1vcpu" */

struct l1_vcpu {
	uint64_t magic;			/* checked after every VMRUN */
	struct hvt_boot_params *bp;
	unsigned int id;
	uint32_t flags;			/* HVT_L1_F_* */
	struct l1_features feat;
	bool use_npt, use_nrips;
	unsigned int paging_levels;

	struct vmcb *vmcb;		/* VMCB12; pa == va */
	struct vmcb *host_save;		/* VMSAVE area for HVT_L1_F_VMLOAD */
	void *hsave, *iopm, *msrpm;
	struct npt npt;
	uint64_t l2_stack_top;
	struct l2_shared *sh;
	struct l2_regs regs;

	/* exits this L1 saw */
	uint64_t exits_total, exits_cpuid, exits_vmmcall, exits_hlt;
	uint64_t exits_npf, exits_msr, exits_io, exits_other;

	/* timing: L1's handler, from VMRUN's return to the next VMRUN */
	uint64_t t_exit;		/* TSC right after the last VMRUN */
	bool handler_open;		/* an exit is being handled */
	int64_t sample_slot;		/* its handler sample, or -1 */
	uint64_t *handler_ticks;	/* [iterations] */
	uint64_t *exit_leg;		/* [iterations] L2 exit -> L1 */
	uint64_t handler_total;

	/* per-test scratch */
	const struct l1_test *test;	/* the one running */
	bool done;
	uint64_t probe;			/* probe result: vector + 1, or 0 */
	uint64_t loop_count;		/* exits answered by a loop test */
	uint64_t chunk;			/* 2 MiB-aligned L2 data (NPT tests) */
	uint64_t *patched[2];		/* NPT12 entries a test changed */
	uint64_t patched_old[2];	/* ... and their values before */
};

/* setup.c */
void l1_vcpu_init(struct l1_vcpu *v, struct hvt_boot_params *bp, unsigned int id);
void l1_svm_on(struct l1_vcpu *v);
void l1_vmcb_reset(struct l1_vcpu *v, const struct l1_test *t);
void *l1_alloc(uint64_t bytes, const char *what);

/* run.c */
void l1_enter(struct l1_vcpu *v);
bool l1_run_test(struct l1_vcpu *v, const struct l1_test *t);
void l1_skip_insn(struct l1_vcpu *v, unsigned int len);
void l1_skip_ioio(struct l1_vcpu *v);	/* next RIP is in EXITINFO2 */
__attribute__((noreturn)) void l1_unexpected_exit(struct l1_vcpu *v);
const char *l1_exit_name(uint64_t code);
bool l1_finished_after_one(struct l1_vcpu *v);
void l1_record_exit(struct l1_vcpu *v);
/* FAIL if VMRUN came back with L1's state changed (the vCPU magic) */
void l1_check_intact(const struct l1_vcpu *v);
/* loop.c: the shared parts of the loop scenarios */
void l1_loop_prepare(struct l1_vcpu *v);
/* HLT ends the loop (false); any exit but want fails; *n = iteration */
bool l1_loop_exit(struct l1_vcpu *v, uint64_t want, uint64_t *n);
bool l1_loop_finished(struct l1_vcpu *v);
void l1_check_l2_verdict(struct l1_vcpu *v, const char *what,
			 const char *const regs[5]);
void l1_report_loop(struct l1_vcpu *v, const char *exits_name, uint64_t exits);
/* hostile.c: print and report one test's outcome */
bool l1_report_exit(struct l1_vcpu *v, uint64_t want_code, bool ok);
uint64_t l1_ram_end(const struct l1_vcpu *v);
bool l1_expect_hlt(struct l1_vcpu *v);	/* HLT exit, L2 done */

/* EVENTINJ / EXITINTINFO */
#define SVM_EVTINJ_VALID	(1u << 31)
#define SVM_EVTINJ_VALID_ERR	(1u << 11)
#define SVM_EVTINJ_TYPE_INTR	(0u << 8)
#define SVM_EVTINJ_TYPE_NMI	(2u << 8)
#define SVM_EVTINJ_TYPE_EXC	(3u << 8)

/* events.c: L2's own IDT (fresh page) and what its handler must have seen */
struct l1_event_want {
	unsigned int vector, error;
};
uint64_t l1_l2_idt(struct l1_vcpu *v);
bool l1_expect_event(struct l1_vcpu *v);
/* vmrun_checks.c: VMEXIT_INVALID, VMCB12 save area as L1 wrote it */
bool l1_expect_invalid_intact(struct l1_vcpu *v);

/* scenarios */
extern const struct l1_scenario l1_scn_nested_cpuid, l1_scn_nested_vmmcall;
extern const struct l1_scenario l1_scn_mem_touch;
extern const struct l1_scenario l1_scn_invalid_vmcb, l1_scn_npt_outside;
extern const struct l1_scenario l1_scn_svme_clear, l1_scn_vmcb_outside;
extern const struct l1_scenario l1_scn_triple_fault;
extern const struct l1_scenario l1_scn_nested_msr, l1_scn_nested_io;
extern const struct l1_scenario l1_scn_vmrun_invalid_state, l1_scn_vmrun_checks;
extern const struct l1_scenario l1_scn_event_inject, l1_scn_npt12_self_write;
extern const struct l1_scenario l1_scn_asid, l1_scn_npt12_bits, l1_scn_shadow_bound;
extern const struct l1_scenario l1_scn_l2_switch;

#endif
