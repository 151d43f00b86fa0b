/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest state VMRUN and #VMEXIT do not switch, which hvt switches so that
 * nothing of the host (or of another task) reaches the guest and nothing of
 * the guest stays behind in the host:
 *  - FPU/SSE/AVX (all XSAVE state): the kernel's guest fpstate API, so a new
 *    vCPU starts from the architectural init state and the scheduler saves
 *    the guest's registers, not the VMM's, while KVM_RUN sleeps;
 *  - PKRU: not part of that API; the guest can load it only after setting
 *    CR4.PKE or CR4.OSXSAVE, so only such guests pay for switching it;
 *  - TSC_AUX (what RDTSCP/RDPID read): the guest's while the atomic run loop
 *    runs, the host's (the CPU number user space reads) once it ends;
 *  - DR0-3: the guest's only while its DR7 enables a breakpoint; every DR
 *    access exits, so the guest never reads the host's addresses.
 * Levels of when each runs: _load/_put around KVM_RUN (process context),
 * _atomic_enter/_leave around the atomic loop (preemption off),
 * _before_vmrun/_after_vmrun around each VMRUN (interrupts off).
 */
#ifndef HVT_SVM_GUEST_STATE_H
#define HVT_SVM_GUEST_STATE_H

struct hvt_vcpu;

int hvt_guest_state_init(struct hvt_vcpu *vcpu);
void hvt_guest_state_free(struct hvt_vcpu *vcpu);
void hvt_guest_state_reset(struct hvt_vcpu *vcpu);

void hvt_guest_state_load(struct hvt_vcpu *vcpu);
void hvt_guest_state_put(struct hvt_vcpu *vcpu);
void hvt_guest_state_atomic_enter(struct hvt_vcpu *vcpu);
void hvt_guest_state_atomic_leave(struct hvt_vcpu *vcpu);
void hvt_guest_state_before_vmrun(struct hvt_vcpu *vcpu);
void hvt_guest_state_after_vmrun(struct hvt_vcpu *vcpu);

#endif
