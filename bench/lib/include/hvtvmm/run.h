/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running a VM's vCPUs to completion: one pthread per vCPU, each with its
 * own timeout timer, ucalls decoded and handed to the caller.
 */
#ifndef HVTVMM_RUN_H
#define HVTVMM_RUN_H

#include <stdint.h>
#include <hvtvmm/err.h>
#include <hvtvmm/vm.h>

enum vmm_run_status {
	VMM_RUN_DONE,		/* the guest reported DONE */
	VMM_RUN_GUEST_FAIL,	/* the guest reported FAIL */
	VMM_RUN_ABNORMAL,	/* an exit that ends the run: HLT, triple fault, bad ucall... */
	VMM_RUN_TIMEOUT,	/* still running when the timeout expired */
	VMM_RUN_STOPPED,	/* stopped because another vCPU ended badly */
	VMM_RUN_ERROR,		/* the host side failed (KVM_RUN error, threads) */
};

struct vmm_vcpu_result {
	enum vmm_run_status status;
	char msg[VMM_ERR_LEN];	/* why it ended, for every status but DONE */
	uint64_t exits;		/* KVM_RUN returns */
};

/*
 * What the caller hears from the guest. The callbacks run on vCPU threads
 * but never two at a time (the run holds a lock around them).
 */
struct vmm_run_ops {
	void *ctx;
	/* a PRINT; NULL prints "guest: <text>" on stdout */
	void (*print)(void *ctx, unsigned int vcpu, const char *text);
	void (*value)(void *ctx, unsigned int vcpu, const char *name, uint64_t value);
	/* samples is a private copy, valid during the call only */
	void (*samples)(void *ctx, unsigned int vcpu, const char *name,
			const uint64_t *samples, uint64_t count);
};

/*
 * Runs every vCPU of vm in its own thread until each has ended; fills
 * results[vm->nr_vcpus]. timeout_sec 0 means no timeout. When one vCPU ends
 * other than DONE, the others are stopped. Returns 0 if all reported DONE.
 */
int vmm_run(struct vmm_vm *vm, const struct vmm_run_ops *ops, unsigned int timeout_sec,
	    struct vmm_vcpu_result *results);

const char *vmm_run_status_name(enum vmm_run_status status);

#endif
