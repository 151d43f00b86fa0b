/* SPDX-License-Identifier: GPL-2.0 */
/* MMIO: an L1 access to guest-physical space with no memslot (or a READONLY one). */
#ifndef HVT_SVM_MMIO_H
#define HVT_SVM_MMIO_H

#include <linux/types.h>

struct hvt_vcpu;

/* Decode the access at RIP and fill kvm_run for KVM_EXIT_MMIO. */
int hvt_mmio_exit(struct hvt_vcpu *vcpu, u64 gpa);

#endif
