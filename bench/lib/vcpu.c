// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <hvtvmm/vcpu.h>

#define CPUID_MAX_ENTRIES 4096

static struct kvm_cpuid2 *cpuid_alloc(unsigned int nent)
{
	struct kvm_cpuid2 *c;

	c = calloc(1, sizeof(*c) + nent * sizeof(c->entries[0]));
	if (c)
		c->nent = nent;
	return c;
}

/* KVM_GET_SUPPORTED_CPUID, growing the buffer until it fits (E2BIG). */
static int fetch_supported_cpuid(struct vmm_vm *vm, struct vmm_err *err)
{
	for (unsigned int nent = 64; nent <= CPUID_MAX_ENTRIES; nent *= 2) {
		struct kvm_cpuid2 *c = cpuid_alloc(nent);

		if (!c)
			return vmm_errf(err, "out of memory for CPUID entries");
		if (ioctl(vm->dev_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			vm->supported_cpuid = c;
			return 0;
		}
		free(c);
		if (errno == ENOTTY || errno == EINVAL) {
			/* a device without the ioctl: the vCPU keeps its default CPUID */
			vm->cpuid_unsupported = 1;
			return 0;
		}
		if (errno != E2BIG)
			return vmm_errf(err, "KVM_GET_SUPPORTED_CPUID on %s failed: %s",
					vm->dev_path, strerror(errno));
	}
	return vmm_errf(err, "KVM_GET_SUPPORTED_CPUID on %s wants more than %d entries",
			vm->dev_path, CPUID_MAX_ENTRIES);
}

/* Each vCPU gets its own initial (x2)APIC ID so guests can tell them apart. */
static void set_apic_id(struct kvm_cpuid2 *c, unsigned int id)
{
	for (unsigned int i = 0; i < c->nent; i++) {
		struct kvm_cpuid_entry2 *e = &c->entries[i];

		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffffu) | (id << 24);
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = id;
	}
}

static int set_cpuid(struct vmm_vcpu *vcpu, struct vmm_err *err)
{
	struct vmm_vm *vm = vcpu->vm;
	struct kvm_cpuid2 *c;
	size_t size;
	int rc = 0;

	if (!vm->supported_cpuid && !vm->cpuid_unsupported &&
	    fetch_supported_cpuid(vm, err))
		return -1;
	if (vm->cpuid_unsupported)
		return 0;
	size = sizeof(*c) + vm->supported_cpuid->nent * sizeof(c->entries[0]);
	c = malloc(size);
	if (!c)
		return vmm_errf(err, "out of memory for CPUID entries");
	memcpy(c, vm->supported_cpuid, size);
	set_apic_id(c, vcpu->index);
	if (ioctl(vcpu->fd, KVM_SET_CPUID2, c) < 0)
		rc = vmm_errf(err, "KVM_SET_CPUID2 on vCPU %u failed: %s",
			      vcpu->index, strerror(errno));
	free(c);
	return rc;
}

static int map_run(struct vmm_vcpu *vcpu, struct vmm_err *err)
{
	int size = ioctl(vcpu->vm->dev_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	void *run;

	if (size < 0)
		return vmm_errf(err, "KVM_GET_VCPU_MMAP_SIZE on %s failed: %s",
				vcpu->vm->dev_path, strerror(errno));
	if ((size_t)size < sizeof(struct kvm_run))
		return vmm_errf(err, "%s reports a kvm_run of %d bytes, smaller than struct kvm_run (%zu)",
				vcpu->vm->dev_path, size, sizeof(struct kvm_run));
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (run == MAP_FAILED)
		return vmm_errf(err, "cannot map kvm_run of vCPU %u: %s",
				vcpu->index, strerror(errno));
	vcpu->run = run;
	vcpu->run_size = size;
	return 0;
}

int vmm_vcpu_add(struct vmm_vm *vm, struct vmm_vcpu **out, struct vmm_err *err)
{
	struct vmm_vcpu *vcpu;

	if (vm->nr_vcpus >= VMM_MAX_VCPUS)
		return vmm_errf(err, "at most %d vCPUs", VMM_MAX_VCPUS);
	vcpu = &vm->vcpus[vm->nr_vcpus];
	memset(vcpu, 0, sizeof(*vcpu));
	vcpu->vm = vm;
	vcpu->index = vm->nr_vcpus;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)vcpu->index);
	if (vcpu->fd < 0)
		return vmm_errf(err, "KVM_CREATE_VCPU %u on %s failed: %s",
				vcpu->index, vm->dev_path, strerror(errno));
	vm->nr_vcpus++;	/* from here vmm_vm_close() cleans it up */
	if (map_run(vcpu, err) || set_cpuid(vcpu, err))
		return -1;
	*out = vcpu;
	return 0;
}

void vmm_vcpu_destroy(struct vmm_vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
}

#define EXIT_NAME(x) [KVM_EXIT_##x] = #x
static const char *const exit_names[] = {
	EXIT_NAME(UNKNOWN), EXIT_NAME(EXCEPTION), EXIT_NAME(IO),
	EXIT_NAME(HYPERCALL), EXIT_NAME(DEBUG), EXIT_NAME(HLT),
	EXIT_NAME(MMIO), EXIT_NAME(IRQ_WINDOW_OPEN), EXIT_NAME(SHUTDOWN),
	EXIT_NAME(FAIL_ENTRY), EXIT_NAME(INTR), EXIT_NAME(SET_TPR),
	EXIT_NAME(TPR_ACCESS), EXIT_NAME(S390_SIEIC), EXIT_NAME(S390_RESET),
	EXIT_NAME(DCR), EXIT_NAME(NMI), EXIT_NAME(INTERNAL_ERROR),
	EXIT_NAME(OSI), EXIT_NAME(PAPR_HCALL), EXIT_NAME(S390_UCONTROL),
	EXIT_NAME(WATCHDOG), EXIT_NAME(S390_TSCH), EXIT_NAME(EPR),
	EXIT_NAME(SYSTEM_EVENT), EXIT_NAME(S390_STSI), EXIT_NAME(IOAPIC_EOI),
	EXIT_NAME(HYPERV),
};

const char *vmm_exit_reason_name(unsigned int reason)
{
	if (reason < sizeof(exit_names) / sizeof(exit_names[0]) && exit_names[reason])
		return exit_names[reason];
	return "unrecognized";
}
