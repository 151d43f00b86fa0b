/* SPDX-License-Identifier: GPL-2.0 */
/* Which hypervisor a device node is, and hints for opening it. */
#ifndef HVTVMM_DEVICE_H
#define HVTVMM_DEVICE_H

#define VMM_DEV_KVM "/dev/kvm"
#define VMM_DEV_HVT "/dev/hvt"

/*
 * "kvm" or "hvt" for the device node at path, found through the kernel's
 * name for the node (sysfs), so a symlink or a renamed node still answers;
 * falls back to the file name; "unknown" if neither says.
 */
const char *vmm_device_kind(const char *path);

/* A short hint on why opening path failed with errno err. */
const char *vmm_device_open_hint(const char *path, int err);

#endif
