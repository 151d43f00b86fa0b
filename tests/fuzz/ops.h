/* SPDX-License-Identifier: GPL-2.0 */
/* The executors of the ops in ops.c's table, by area. */
#ifndef FZ_OPS_H
#define FZ_OPS_H

#include "exec.h"

#define FZ_EXEC(name) void fz_exec_##name(struct fz_exec *x, const struct fz_op *op)

/* ops_vm.c: /dev/hvt, VM fds, guest memory, policies, stats fds */
FZ_EXEC(open_sys);
FZ_EXEC(sys_ioctl);
FZ_EXEC(create_vm);
FZ_EXEC(create_vcpu);
FZ_EXEC(mem_map);
FZ_EXEC(mem_change);
FZ_EXEC(set_region);
FZ_EXEC(vm_setup);
FZ_EXEC(guest_code);
FZ_EXEC(guest_poke);
FZ_EXEC(vm_ioctl);
FZ_EXEC(policy);
FZ_EXEC(stats_fd);
FZ_EXEC(stats_read);

/* ops_vcpu.c: vCPU state ioctls */
FZ_EXEC(vcpu_regs);
FZ_EXEC(vcpu_sregs);
FZ_EXEC(vcpu_setup);
FZ_EXEC(set_cpuid);
FZ_EXEC(msrs);
FZ_EXEC(vcpu_ioctl);

/* ops_run.c: KVM_RUN, runner threads, signals, kvm_run rewrites */
FZ_EXEC(run);
FZ_EXEC(run_async);
FZ_EXEC(run_stop);
FZ_EXEC(signal);
FZ_EXEC(immediate_exit);
FZ_EXEC(run_poke);

/* ops_life.c: fd and mapping lifetimes, fork, and the oracle self-tests */
FZ_EXEC(close);
FZ_EXEC(dup);
FZ_EXEC(munmap_run);
FZ_EXEC(mmap_run);
FZ_EXEC(fork);
FZ_EXEC(sleep);
FZ_EXEC(fake_arm);
FZ_EXEC(fake_hang);
FZ_EXEC(fake_kmsg);
FZ_EXEC(fake_crash);

/* Stop and join a runner thread (ops_run.c); teardown uses it too. */
void fz_runner_stop(struct fz_exec *x, struct fz_runner *rn);

#endif
