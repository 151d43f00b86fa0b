/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A VM on a KVM-API device (/dev/kvm, /dev/hvt): one memory slot of
 * anonymous memory at GPA 0, optionally a READONLY slot above it, the MMIO
 * test device, and up to VMM_MAX_VCPUS vCPUs.
 */
#ifndef HVTVMM_VM_H
#define HVTVMM_VM_H

#include <stddef.h>
#include <stdint.h>
#include <linux/kvm.h>
#include <hvtvmm/err.h>
#include <hvtvmm/testdev.h>

#define VMM_MAX_VCPUS 64
#define VMM_DEV_PATH_LEN 256
#define VMM_RAM_SLOT 0
#define VMM_RO_SLOT 1

struct vmm_vm;

struct vmm_vcpu {
	struct vmm_vm *vm;
	unsigned int index;
	int fd;
	struct kvm_run *run;	/* shared with the kernel, run_size bytes */
	size_t run_size;
};

struct vmm_vm {
	char dev_path[VMM_DEV_PATH_LEN];
	int dev_fd;
	int vm_fd;
	uint8_t *mem;		/* guest RAM, GPA 0 .. mem_size */
	uint64_t mem_size;
	uint8_t *ro_mem;	/* the READONLY slot's memory, testdev.ro_size bytes */
	struct vmm_testdev testdev;	/* also knows the READONLY slot's place */
	struct kvm_cpuid2 *supported_cpuid;	/* NULL until first asked */
	int cpuid_unsupported;	/* the device has no KVM_GET_SUPPORTED_CPUID */
	unsigned int nr_vcpus;
	struct vmm_vcpu vcpus[VMM_MAX_VCPUS];
};

/* Opens dev_path, checks the API version and creates the VM. */
int vmm_vm_open(struct vmm_vm *vm, const char *dev_path, struct vmm_err *err);

/* Maps mem_size bytes of anonymous memory as guest RAM at GPA 0. */
int vmm_vm_add_ram(struct vmm_vm *vm, uint64_t mem_size, struct vmm_err *err);

/*
 * Adds a READONLY slot (KVM_MEM_READONLY) of size bytes at gpa, filled
 * with hvt_ro_pattern(). Both page-aligned, size at most
 * VMM_RO_SLOT_MAX_SIZE, the slot below VMM_RO_SLOT_GPA_LIMIT and clear of
 * RAM and the test device page. Fails if the device lacks
 * KVM_CAP_READONLY_MEM.
 */
int vmm_vm_add_readonly_slot(struct vmm_vm *vm, uint64_t gpa, uint64_t size,
			     struct vmm_err *err);

/* Why a READONLY slot at [gpa, gpa + size) is not allowed next to mem_size of RAM, or NULL. */
const char *vmm_readonly_slot_problem(uint64_t gpa, uint64_t size, uint64_t mem_size);

/* Destroys the vCPUs, the VM and the RAM; safe on a half-built VM. */
void vmm_vm_close(struct vmm_vm *vm);

/* Host address of [gpa, gpa + len) in guest RAM, or NULL if outside it. */
void *vmm_gpa_to_hva(const struct vmm_vm *vm, uint64_t gpa, uint64_t len);

#endif
