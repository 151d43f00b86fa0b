/* SPDX-License-Identifier: GPL-2.0 */
/* The hvt-bench commands; each returns the process exit status. */
#ifndef HVT_BENCH_COMMANDS_H
#define HVT_BENCH_COMMANDS_H

#include <stdbool.h>
#include <hvtvmm/run.h>
#include <hvtvmm/vmm.h>

int cmd_run(int argc, char **argv);
int cmd_l1_cpuid(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_policies(int argc, char **argv);
int cmd_nested_cpuid(int argc, char **argv);
int cmd_l2_switch(int argc, char **argv);

/*
 * A look at the VM after a run that ended with DONE on every vCPU, while
 * its fds are still open (counters, policies). NULL fn: none.
 */
struct bench_inspect {
	void *ctx;
	void (*fn)(void *ctx, const struct vmm_vm *vm);
};

/*
 * Creates the guest, runs it to the end and reports every vCPU that did
 * not end with DONE; then inspect (if given and the run succeeded); with
 * print_stats, then prints the VM's and vCPUs' statistics
 * (bench_print_kvm_stats). Returns EXIT_OK, EXIT_GUEST or EXIT_SETUP.
 */
int bench_run_guest(const struct vmm_guest_config *cfg, const struct vmm_run_ops *ops,
		    unsigned int timeout_sec, bool print_stats,
		    const struct bench_inspect *inspect);

/*
 * Prints the KVM binary statistics (KVM_GET_STATS_FD) of the VM and each
 * vCPU on stdout; one line for each that cannot be had. Never fails.
 */
void bench_print_kvm_stats(const struct vmm_vm *vm);

#endif
