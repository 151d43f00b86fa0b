/* SPDX-License-Identifier: GPL-2.0 */
/* VM file descriptors (KVM_CREATE_VM). */
#ifndef HVT_VM_H
#define HVT_VM_H

int hvt_create_vm(unsigned long type);
long hvt_check_extension(long ext);

#endif
