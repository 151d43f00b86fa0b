/* SPDX-License-Identifier: GPL-2.0 */
/* The world switch and what the kernel asks around it (world_switch.c). */
#ifndef HVT_SVM_WORLD_SWITCH_H
#define HVT_SVM_WORLD_SWITCH_H

#include <linux/types.h>

struct hvt_vcpu;
struct seq_file;

/* Interrupts off, GIF = 0: VMRUN the VMCB at @vmcb_pa, back at #VMEXIT. */
void hvt_svm_world_switch(struct hvt_vcpu *vcpu, u64 vmcb_pa);
/* Guest time accounting, around the world switch and the interrupts after it. */
void hvt_svm_guest_timing_enter(void);
void hvt_svm_guest_timing_exit(void);
/* Interrupts off, after #VMEXIT: the barriers the kernel's mitigations ask for. */
void hvt_svm_after_vmexit_barriers(void);
/* The mitigations in effect around the world switch, for debugfs. */
void hvt_svm_mitigations_show(struct seq_file *m);

#endif
