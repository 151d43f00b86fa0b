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

/*
 * Creates the guest, runs it to the end and reports every vCPU that did
 * not end with DONE; with print_stats, then prints the VM's and vCPUs'
 * statistics (bench_print_kvm_stats). Returns EXIT_OK, EXIT_GUEST or
 * EXIT_SETUP.
 */
int bench_run_guest(const struct vmm_guest_config *cfg, const struct vmm_run_ops *ops,
		    unsigned int timeout_sec, bool print_stats);

/*
 * Prints the KVM binary statistics (KVM_GET_STATS_FD) of the VM and each
 * vCPU on stdout; one line for each that cannot be had. Never fails.
 */
void bench_print_kvm_stats(const struct vmm_vm *vm);

#endif
