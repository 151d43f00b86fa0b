/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One call from an image file to a VM whose vCPUs are ready to run it,
 * laid out as <hvt/boot.h> describes.
 */
#ifndef HVTVMM_VMM_H
#define HVTVMM_VMM_H

#include <stdint.h>
#include <hvt/boot.h>
#include <hvtvmm/elf.h>
#include <hvtvmm/err.h>
#include <hvtvmm/policy.h>
#include <hvtvmm/vm.h>

#define VMM_MIN_MEM (4ull << 20)

struct vmm_guest_config {
	const char *dev_path;
	const char *image_path;
	uint64_t mem_size;		/* bytes, a multiple of 2 MiB */
	unsigned int nr_vcpus;
	uint32_t scenario;
	uint64_t iterations;
	uint64_t warmup;
	uint64_t args[HVT_BOOT_NARGS];
	uint64_t ro_slot_gpa;		/* a READONLY slot there if ro_slot_size != 0 */
	uint64_t ro_slot_size;		/* bytes */
	const struct vmm_policy *policies;	/* set right after KVM_CREATE_VM */
	unsigned int nr_policies;
};

/* Initial RSP of vCPU vcpu: stacks sit at the top of RAM, vCPU 0 highest. */
uint64_t vmm_stack_top(uint64_t mem_size, unsigned int vcpu);

/* Fills the layout fields of bp; fails if image and stacks do not fit. */
int vmm_boot_layout(uint64_t mem_size, unsigned int nr_vcpus,
		    const struct vmm_elf_image *img, struct hvt_boot_params *bp,
		    struct vmm_err *err);

/*
 * Reads and checks the image, then opens the device, creates the VM, sets
 * cfg->policies (before any vCPU exists, as hvt requires), creates its RAM
 * (and the READONLY slot, if asked for), loads the image, writes the boot
 * structures and creates cfg->nr_vcpus vCPUs in 64-bit mode. The image is checked before the
 * device is touched, so a bad image is reported as such on any machine.
 * On failure the VM is closed.
 */
int vmm_guest_create(struct vmm_vm *vm, const struct vmm_guest_config *cfg,
		     struct vmm_err *err);

#endif
