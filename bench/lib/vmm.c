// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/longmode.h>
#include <hvtvmm/vcpu.h>
#include <hvtvmm/vmm.h>

typedef unsigned long long ull;

uint64_t vmm_stack_top(uint64_t mem_size, unsigned int vcpu)
{
	return mem_size - (uint64_t)vcpu * HVT_STACK_SIZE;
}

static int check_guest_config(const struct vmm_guest_config *cfg, struct vmm_err *err)
{
	const char *problem = NULL;

	if (cfg->mem_size < VMM_MIN_MEM || cfg->mem_size > HVT_MAX_MEM ||
	    cfg->mem_size % VMM_LARGE_PAGE_SIZE)
		return vmm_errf(err, "guest RAM of %llu bytes: want a multiple of 2 MiB from %llu to %llu MiB",
				(ull)cfg->mem_size, (ull)(VMM_MIN_MEM >> 20),
				(ull)(HVT_MAX_MEM >> 20));
	if (cfg->nr_vcpus < 1 || cfg->nr_vcpus > VMM_MAX_VCPUS)
		return vmm_errf(err, "%u vCPUs: want 1 to %d", cfg->nr_vcpus, VMM_MAX_VCPUS);
	if (cfg->ro_slot_size)
		problem = vmm_readonly_slot_problem(cfg->ro_slot_gpa, cfg->ro_slot_size,
						    cfg->mem_size);
	if (problem)
		return vmm_errf(err, "READONLY slot of %llu KiB at GPA 0x%llx: %s",
				(ull)(cfg->ro_slot_size >> 10), (ull)cfg->ro_slot_gpa, problem);
	return 0;
}

int vmm_boot_layout(uint64_t mem_size, unsigned int nr_vcpus,
		    const struct vmm_elf_image *img, struct hvt_boot_params *bp,
		    struct vmm_err *err)
{
	uint64_t stacks = (uint64_t)nr_vcpus * HVT_STACK_SIZE;
	uint64_t free_start = (img->end + VMM_LARGE_PAGE_SIZE - 1) & ~(VMM_LARGE_PAGE_SIZE - 1);

	if (stacks > mem_size || free_start > mem_size - stacks)
		return vmm_errf(err, "the image (up to 0x%llx) and %u vCPU stacks of %u KiB do not fit in %llu MiB of guest RAM",
				(ull)img->end, nr_vcpus, HVT_STACK_SIZE >> 10,
				(ull)(mem_size >> 20));
	bp->magic = HVT_BOOT_MAGIC;
	bp->version = HVT_BOOT_VERSION;
	bp->mem_size = mem_size;
	bp->free_start = free_start;
	bp->free_end = mem_size - stacks;
	bp->nr_vcpus = nr_vcpus;
	return 0;
}

static int write_boot_params(struct vmm_vm *vm, const struct vmm_guest_config *cfg,
			     const struct vmm_elf_image *img, struct vmm_err *err)
{
	struct hvt_boot_params bp = { 0 };

	if (vmm_boot_layout(vm->mem_size, cfg->nr_vcpus, img, &bp, err))
		return -1;
	bp.scenario = cfg->scenario;
	bp.iterations = cfg->iterations;
	bp.warmup = cfg->warmup;
	memcpy(bp.args, cfg->args, sizeof(bp.args));
	memcpy(vm->mem + HVT_BOOT_PARAMS_GPA, &bp, sizeof(bp));
	return 0;
}

static int add_vcpus(struct vmm_vm *vm, unsigned int n, uint64_t entry,
		     struct vmm_err *err)
{
	for (unsigned int i = 0; i < n; i++) {
		struct vmm_vcpu *vcpu;

		if (vmm_vcpu_add(vm, &vcpu, err) ||
		    vmm_longmode_enter(vcpu, entry, vmm_stack_top(vm->mem_size, i),
				       HVT_BOOT_PARAMS_GPA, err))
			return -1;
	}
	return 0;
}

static int build_vm(struct vmm_vm *vm, const struct vmm_guest_config *cfg,
		    const void *file, size_t size, struct vmm_err *err)
{
	struct vmm_elf_image img;

	if (vmm_vm_open(vm, cfg->dev_path, err))
		return -1;
	if (vmm_policy_apply(vm, cfg->policies, cfg->nr_policies, err) ||
	    vmm_vm_add_ram(vm, cfg->mem_size, err) ||
	    (cfg->ro_slot_size &&
	     vmm_vm_add_readonly_slot(vm, cfg->ro_slot_gpa, cfg->ro_slot_size, err)) ||
	    vmm_longmode_write_tables(vm->mem, vm->mem_size, err) ||
	    vmm_elf_load(cfg->image_path, file, size, vm->mem, vm->mem_size, &img, err) ||
	    write_boot_params(vm, cfg, &img, err) ||
	    add_vcpus(vm, cfg->nr_vcpus, img.entry, err)) {
		vmm_vm_close(vm);
		return -1;
	}
	return 0;
}

int vmm_guest_create(struct vmm_vm *vm, const struct vmm_guest_config *cfg,
		     struct vmm_err *err)
{
	struct hvt_boot_params bp;
	struct vmm_elf_image img;
	void *file = NULL;
	size_t size = 0;
	int rc = -1;

	memset(vm, 0, sizeof(*vm));
	vm->dev_fd = vm->vm_fd = -1;
	if (check_guest_config(cfg, err) ||
	    vmm_elf_read_file(cfg->image_path, HVT_MAX_MEM, &file, &size, err))
		return -1;
	/* everything about the image is checked before the device is opened */
	if (!vmm_elf_check(cfg->image_path, file, size, cfg->mem_size, &img, err) &&
	    !vmm_boot_layout(cfg->mem_size, cfg->nr_vcpus, &img, &bp, err))
		rc = build_vm(vm, cfg, file, size, err);
	free(file);
	return rc;
}
