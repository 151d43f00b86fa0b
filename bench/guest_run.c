// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include "cli.h"
#include "commands.h"

/*
 * The vCPUs that caused the end. Those merely stopped because of a peer
 * are reported only if nothing else explains the end.
 */
static void report_failures(const struct vmm_vcpu_result *res, unsigned int n)
{
	bool cause_found = false;

	for (unsigned int i = 0; i < n; i++) {
		if (res[i].status == VMM_RUN_DONE || res[i].status == VMM_RUN_STOPPED)
			continue;
		cli_error("%s", res[i].msg);
		cause_found = true;
	}
	for (unsigned int i = 0; i < n && !cause_found; i++)
		if (res[i].status == VMM_RUN_STOPPED)
			cli_error("%s", res[i].msg);
}

int bench_run_guest(const struct vmm_guest_config *cfg, const struct vmm_run_ops *ops,
		    unsigned int timeout_sec, bool print_stats,
		    const struct bench_inspect *inspect)
{
	struct vmm_vcpu_result *results;
	struct vmm_vm vm;
	struct vmm_err err;
	int rc;

	if (vmm_guest_create(&vm, cfg, &err)) {
		cli_error("%s", err.msg);
		return EXIT_SETUP;
	}
	results = calloc(vm.nr_vcpus, sizeof(*results));
	if (!results) {
		vmm_vm_close(&vm);
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	rc = vmm_run(&vm, ops, timeout_sec, results) ? EXIT_GUEST : EXIT_OK;
	if (rc != EXIT_OK)
		report_failures(results, vm.nr_vcpus);
	else if (inspect && inspect->fn)
		inspect->fn(inspect->ctx, &vm);
	/* also after a failed run: the counters may say why */
	if (print_stats)
		bench_print_kvm_stats(&vm);
	free(results);
	vmm_vm_close(&vm);
	return rc;
}
