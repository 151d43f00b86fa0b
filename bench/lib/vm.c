// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <hvtvmm/device.h>
#include <hvtvmm/range.h>
#include <hvtvmm/vcpu.h>
#include <hvtvmm/vm.h>

#define KVM_API_EXPECTED 12

static void vm_reset(struct vmm_vm *vm, const char *dev_path)
{
	memset(vm, 0, sizeof(*vm));
	vm->dev_fd = -1;
	vm->vm_fd = -1;
	snprintf(vm->dev_path, sizeof(vm->dev_path), "%s", dev_path);
}

static int open_device(struct vmm_vm *vm, struct vmm_err *err)
{
	int saved;

	vm->dev_fd = open(vm->dev_path, O_RDWR | O_CLOEXEC);
	if (vm->dev_fd >= 0)
		return 0;
	saved = errno;
	return vmm_errf(err, "cannot open %s: %s (%s)", vm->dev_path,
			strerror(saved), vmm_device_open_hint(vm->dev_path, saved));
}

static int check_api_version(struct vmm_vm *vm, struct vmm_err *err)
{
	int version = ioctl(vm->dev_fd, KVM_GET_API_VERSION, 0);

	if (version < 0)
		return vmm_errf(err, "%s does not speak the KVM API (KVM_GET_API_VERSION: %s)",
				vm->dev_path, strerror(errno));
	if (version != KVM_API_EXPECTED)
		return vmm_errf(err, "%s reports KVM API version %d, expected %d",
				vm->dev_path, version, KVM_API_EXPECTED);
	return 0;
}

int vmm_vm_open(struct vmm_vm *vm, const char *dev_path, struct vmm_err *err)
{
	vm_reset(vm, dev_path);
	if (open_device(vm, err) || check_api_version(vm, err))
		goto fail;
	vm->vm_fd = ioctl(vm->dev_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		vmm_errf(err, "KVM_CREATE_VM on %s failed: %s", vm->dev_path,
			 strerror(errno));
		goto fail;
	}
	return 0;
fail:
	vmm_vm_close(vm);
	return -1;
}

int vmm_vm_add_ram(struct vmm_vm *vm, uint64_t mem_size, struct vmm_err *err)
{
	struct kvm_userspace_memory_region region = { 0 };
	void *mem;

	if (vm->mem)
		return vmm_errf(err, "guest RAM is already mapped");
	/* NORESERVE: untouched guest pages cost nothing on the host */
	mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return vmm_errf(err, "cannot map %llu MiB of guest RAM: %s",
				(unsigned long long)(mem_size >> 20), strerror(errno));
	vm->mem = mem;
	vm->mem_size = mem_size;
	vmm_testdev_init(&vm->testdev, mem_size);
	region.slot = VMM_RAM_SLOT;
	region.guest_phys_addr = 0;
	region.memory_size = mem_size;
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return vmm_errf(err, "KVM_SET_USER_MEMORY_REGION (%llu MiB at GPA 0) failed: %s",
				(unsigned long long)(mem_size >> 20), strerror(errno));
	return 0;
}

const char *vmm_readonly_slot_problem(uint64_t gpa, uint64_t size, uint64_t mem_size)
{
	const uint64_t page = 4096;

	if (gpa % page || size % page || size == 0)
		return "GPA and size must be non-zero multiples of 4 KiB";
	if (size > VMM_RO_SLOT_MAX_SIZE)
		return "larger than 64 MiB";
	if (!vmm_range_ok(gpa, size, VMM_RO_SLOT_GPA_LIMIT))
		return "must end below 64 GiB";
	if (gpa < mem_size)
		return "overlaps guest RAM";
	if (gpa < HVT_TESTDEV_GPA + HVT_TESTDEV_SIZE && HVT_TESTDEV_GPA < gpa + size)
		return "overlaps the MMIO test device page";
	return NULL;
}

static int check_readonly_cap(struct vmm_vm *vm, struct vmm_err *err)
{
	int rc = ioctl(vm->dev_fd, KVM_CHECK_EXTENSION, KVM_CAP_READONLY_MEM);

	if (rc <= 0)
		return vmm_errf(err, "%s does not support READONLY memory slots (KVM_CAP_READONLY_MEM: %s)",
				vm->dev_path, rc < 0 ? strerror(errno) : "0");
	return 0;
}

/* The slot's memory, every u64 set to the pattern of its GPA. */
static uint8_t *map_readonly_memory(uint64_t gpa, uint64_t size)
{
	uint8_t *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED)
		return NULL;
	for (uint64_t off = 0; off < size; off += 8) {
		uint64_t v = hvt_ro_pattern(gpa + off);

		memcpy(mem + off, &v, 8);
	}
	return mem;
}

int vmm_vm_add_readonly_slot(struct vmm_vm *vm, uint64_t gpa, uint64_t size,
			     struct vmm_err *err)
{
	struct kvm_userspace_memory_region region = {
		.slot = VMM_RO_SLOT, .flags = KVM_MEM_READONLY,
		.guest_phys_addr = gpa, .memory_size = size,
	};
	const char *problem = vmm_readonly_slot_problem(gpa, size, vm->mem_size);

	if (problem)
		return vmm_errf(err, "READONLY slot of %llu KiB at GPA 0x%llx: %s",
				(unsigned long long)(size >> 10), (unsigned long long)gpa, problem);
	if (vm->ro_mem)
		return vmm_errf(err, "the READONLY slot is already there");
	if (check_readonly_cap(vm, err))
		return -1;
	vm->ro_mem = map_readonly_memory(gpa, size);
	if (!vm->ro_mem)
		return vmm_errf(err, "cannot map %llu KiB for the READONLY slot: %s",
				(unsigned long long)(size >> 10), strerror(errno));
	/* recorded before the ioctl, so vmm_vm_close() unmaps it either way */
	vm->testdev.ro_gpa = gpa;
	vm->testdev.ro_size = size;
	region.userspace_addr = (uintptr_t)vm->ro_mem;
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return vmm_errf(err, "KVM_SET_USER_MEMORY_REGION (READONLY, %llu KiB at GPA 0x%llx) failed: %s",
				(unsigned long long)(size >> 10), (unsigned long long)gpa,
				strerror(errno));
	return 0;
}

void vmm_vm_close(struct vmm_vm *vm)
{
	for (unsigned int i = 0; i < vm->nr_vcpus; i++)
		vmm_vcpu_destroy(&vm->vcpus[i]);
	vm->nr_vcpus = 0;
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->dev_fd >= 0)
		close(vm->dev_fd);
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	if (vm->ro_mem)
		munmap(vm->ro_mem, vm->testdev.ro_size);
	free(vm->supported_cpuid);
	vm->vm_fd = vm->dev_fd = -1;
	vm->mem = vm->ro_mem = NULL;
	vm->mem_size = 0;
	memset(&vm->testdev, 0, sizeof(vm->testdev));
	vm->supported_cpuid = NULL;
}

void *vmm_gpa_to_hva(const struct vmm_vm *vm, uint64_t gpa, uint64_t len)
{
	if (!vm->mem || !vmm_range_ok(gpa, len, vm->mem_size))
		return NULL;
	return vm->mem + gpa;
}
