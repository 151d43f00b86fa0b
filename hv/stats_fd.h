/* SPDX-License-Identifier: GPL-2.0 */
/* KVM_GET_STATS_FD: VM and vCPU counters in KVM's binary stats format. */
#ifndef HVT_STATS_FD_H
#define HVT_STATS_FD_H

struct hvt_vm;
struct hvt_vcpu;

int hvt_stats_fd_create_vm(struct hvt_vm *vm);
int hvt_stats_fd_create_vcpu(struct hvt_vcpu *vcpu);

#endif
