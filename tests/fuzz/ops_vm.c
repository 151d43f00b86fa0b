// SPDX-License-Identifier: GPL-2.0
/*
 * Ops on /dev/hvt, VM fds and guest memory. Arguments, per op:
 *   sys_ioctl   a0 sys fd, a1 which ioctl, a2 value, a3 pointer class, a4 entries
 *   create_vm   a0 sys fd, a1 type
 *   create_vcpu a0 VM, a1 id
 *   mem_map     a0 VM, a1 region, a2 size class, a3 flags (shared, read-only, populate)
 *   mem_change  a0 VM, a1 region, a2 what, a3 first page, a4 pages
 *   set_region  a0 VM, a1 slot, a2 flags, a3 gpa, a4 size, a5 hva (small: classes)
 *   vm_setup    a0 VM, a1 mode, a2 code seed, a3 flags (IDT, read-only slot, shared)
 *   guest_code  a0 VM, a1 region, a2 offset, a3 mode, a4 seed
 *   guest_poke  a0 VM, a1 GPA in region 0, a2-a5 32 bytes (little-endian): exact
 *               guest code for hand-written reproducers (never generated)
 *   vm_ioctl    a0 VM, a1 which ioctl, a2 value, a3 pointer class, a4 content seed
 *   policy      a0 VM, a1 set/get/enum/raw, a2 name, a3 value, a4 garbage, a5 pointer class
 *   stats_fd    a0 VM or vCPU, a1 which
 *   stats_read  a0 stats fd, a1 offset, a2 length, a3 pointer class, a4 pread/read/lseek
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "args.h"
#include "guest.h"
#include "ops.h"
#include "../../hv/include/uapi/hvt.h"

static void fill_random(void *p, size_t n, uint64_t seed)
{
	struct fz_rng r;

	fz_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		((uint8_t *)p)[i] = fz_rng_next(&r);
}

static int is_valid_class(uint64_t class)
{
	class %= FZ_NR_PTR_CLASSES;
	return class == FZ_PTR_VALID || class == FZ_PTR_UNALIGNED;
}

static unsigned int fz_gen_flags(struct fz_exec *x)
{
	return (x->avoid & FZ_AVOID_DBTRAP ? FZ_GEN_NO_DEBUG_TRAPS : 0) |
	       (x->avoid & FZ_NO_TCG_SAFETY ? FZ_GEN_NO_TCG_SAFETY : 0);
}

FZ_EXEC(open_sys)
{
	(void)op;
	fz_keep_fd(x->sys, FZ_MAX_SYS, open(x->dev, O_RDWR | O_CLOEXEC));
}

/* A buffer of @size for @class, its leading u32 set to @count (nent, nmsrs). */
static void *counted(uint64_t class, size_t size, uint32_t count)
{
	void *p = fz_ptr(class, size, 0);

	if (is_valid_class(class))
		memcpy(p, &count, sizeof(count));
	return p;
}

FZ_EXEC(sys_ioctl)
{
	int fd = fz_sys_at(x, op->a[0]);
	uint32_t n = op->a[4];
	size_t cpuid_size = sizeof(struct kvm_cpuid2) + (size_t)(n < 1600 ? n : 1600) *
			    sizeof(struct kvm_cpuid_entry2);
	long r;

	if (fd < 0)
		return;
	switch (op->a[1]) {
	case 0:
		r = fz_ioctl(x, "KVM_GET_API_VERSION", fd, KVM_GET_API_VERSION, (void *)op->a[2],
			     FZ_RET_NONNEG, -1);
		if (!op->a[2] && r != KVM_API_VERSION)
			fz_fail(x, FZ_FAIL_ERRNO, "KVM_GET_API_VERSION returned %ld", r);
		break;
	case 1:
		fz_ioctl(x, "KVM_CHECK_EXTENSION", fd, KVM_CHECK_EXTENSION, (void *)op->a[2],
			 FZ_RET_NONNEG, -1);
		break;
	case 2:
		fz_ioctl(x, "KVM_GET_VCPU_MMAP_SIZE", fd, KVM_GET_VCPU_MMAP_SIZE, (void *)op->a[2],
			 FZ_RET_NONNEG, -1);
		break;
	case 3:
		fz_ioctl(x, "KVM_GET_SUPPORTED_CPUID", fd, KVM_GET_SUPPORTED_CPUID,
			 counted(op->a[3], cpuid_size, n), FZ_RET_ZERO, 0);
		break;
	case 4:
		fz_ioctl(x, "KVM_GET_MSR_INDEX_LIST", fd, KVM_GET_MSR_INDEX_LIST,
			 counted(op->a[3], 4 + 4 * (n < 4000 ? n : 4000), n), FZ_RET_ZERO, 0);
		break;
	case 5:
		fz_ioctl(x, "KVM_GET_EMULATED_CPUID", fd, KVM_GET_EMULATED_CPUID,
			 counted(op->a[3], cpuid_size, n), FZ_RET_ZERO, 0);
		break;
	case 6:
		fz_ioctl(x, "KVM_GET_MSR_FEATURE_INDEX_LIST", fd, KVM_GET_MSR_FEATURE_INDEX_LIST,
			 counted(op->a[3], 4 + 4 * (n < 4000 ? n : 4000), n), FZ_RET_ZERO, 0);
		break;
	case 7: {
		/* An ioctl number nobody documented, in KVM's or hvt's type. */
		unsigned long req = _IOC(op->a[2] & 3, op->a[2] & 4 ? HVTIO : KVMIO,
					 (op->a[2] >> 3) & 0xff, (op->a[2] >> 11) & 0x3ff);

		if (req == KVM_CREATE_VM)
			break;
		fz_ioctl(x, "unknown system ioctl", fd, req, fz_ptr(op->a[3], 4096, 0),
			 FZ_RET_NONNEG, -1);
		break;
	}
	default:
		/* A system ioctl on a fd of another kind. */
		fd = fz_any_fd(x, op->a[2]);
		if (fd >= 0)
			fz_ioctl(x, "KVM_GET_SUPPORTED_CPUID (other fd)", fd, KVM_GET_SUPPORTED_CPUID,
				 counted(op->a[3], cpuid_size, n), FZ_RET_ZERO, 0);
	}
}

static struct fz_vm *free_vm(struct fz_exec *x)
{
	for (int i = 0; i < FZ_MAX_VMS; i++)
		if (x->vms[i].fd < 0)
			return &x->vms[i];
	return NULL;
}

FZ_EXEC(create_vm)
{
	int sys = fz_sys_at(x, op->a[0]);
	struct fz_vm *vm = free_vm(x);
	long fd;

	if (sys < 0 || !vm)
		return;
	fd = fz_ioctl(x, "KVM_CREATE_VM", sys, KVM_CREATE_VM, (void *)op->a[1], FZ_RET_FD, 0);
	if (fd < 0)
		return;
	memset(vm, 0, sizeof(*vm));
	vm->fd = fd;
}

FZ_EXEC(create_vcpu)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	struct fz_vcpu *v = NULL;
	long fd;
	int i;

	if (!vm)
		return;
	for (i = 0; i < FZ_MAX_VCPUS && !v; i++)
		if (x->vcpus[i].fd < 0)
			v = &x->vcpus[i];
	if (!v)
		return;
	fd = fz_ioctl(x, "KVM_CREATE_VCPU", vm->fd, KVM_CREATE_VCPU, (void *)op->a[1], FZ_RET_FD, 0);
	if (fd < 0) {
		/*
		 * hvt offers 16 vCPUs per VM in as many VMs as memory allows:
		 * ENOMEM below 16 is the old module-wide ASID pool, item (d).
		 */
		if (errno == ENOMEM && x->is_hvt && vm->nr_vcpus < 16 && op->a[1] < 16)
			fz_fail(x, FZ_FAIL_ERRNO, "KVM_CREATE_VCPU %llu: ENOMEM with %d vCPUs in the VM (item d)",
				(unsigned long long)op->a[1], vm->nr_vcpus);
		return;
	}
	vm->nr_vcpus++;
	memset(v, 0, sizeof(*v));
	v->fd = fd;
	v->vm = vm - x->vms;
	v->id = op->a[1];
	v->run = fz_map_run(x, fd, &v->run_len);
}

static const size_t region_sizes[] = { 0x200000, 0x10000, 0x1000, 0x400000, 0x100000, 0x2000 };

static void region_unmap(struct fz_region *reg)
{
	if (reg->p)
		munmap(reg->p, reg->len);
	memset(reg, 0, sizeof(*reg));
}

static int region_map(struct fz_region *reg, size_t len, unsigned int flags)
{
	int prot = flags & 2 ? PROT_READ : PROT_READ | PROT_WRITE;
	int mflags = (flags & 1 ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS |
		     (flags & 4 ? MAP_POPULATE : 0);
	void *p;

	region_unmap(reg);
	p = mmap(NULL, len, prot, mflags, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	reg->p = p;
	reg->len = len;
	reg->writable = !(flags & 2);
	return 0;
}

FZ_EXEC(mem_map)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);

	if (vm)
		region_map(&vm->reg[op->a[1] % FZ_MAX_REGIONS],
			   region_sizes[op->a[2] % 6], op->a[3]);
}

FZ_EXEC(mem_change)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	struct fz_region *reg;
	size_t off, len;
	uint8_t *p;

	if (!vm)
		return;
	reg = &vm->reg[op->a[1] % FZ_MAX_REGIONS];
	if (!reg->p)
		return;
	off = (op->a[3] * 4096) % reg->len;
	len = op->a[4] * 4096;
	if (len > reg->len - off)
		len = reg->len - off;
	p = reg->p + off;
	switch (op->a[2]) {
	case 0: region_unmap(reg); break;
	case 1: madvise(p, len, MADV_DONTNEED); break;
	case 2: if (!mprotect(p, len, PROT_READ)) reg->writable = 0; break;
	case 3: if (!mprotect(reg->p, reg->len, PROT_READ | PROT_WRITE)) reg->writable = 1; break;
	case 4: if (!mprotect(p, len, PROT_NONE)) reg->writable = 0; break;
	case 5: if (reg->writable) fill_random(p, len, op->a[3]); break;
	default: madvise(p, len, MADV_PAGEOUT); break;
	}
}

static uint64_t region_gpa(uint64_t a)
{
	static const uint64_t gpas[16] = {
		0, FZ_GUEST_MEM, 0x400000, 0x100000, 0x1000, 0xfee00000, 0x100000000ull,
		(1ull << 48) - 0x200000, 1ull << 48, 0x800, 0xffffffffffe00000ull, 0xc0000000,
		0x10000000, 0x600000, 0x3ff000, FZ_DATA_GPA,
	};

	return a < 16 ? gpas[a] : a;
}

static uint64_t region_size(uint64_t a)
{
	static const uint64_t sizes[16] = {
		0, FZ_GUEST_MEM, 0x1000, 0x10000, 0x400000, 0x800, 0x1001, 1ull << 43,
		((1ull << 31) - 1) << 12, 0x100000, 0x2000, 1ull << 47, 0x200000, 0x10000,
		~0ull << 12, 0x1000,
	};

	return a < 16 ? sizes[a] : a;
}

static uint64_t region_hva(struct fz_vm *vm, uint64_t a)
{
	struct fz_region *reg = &vm->reg[a % FZ_MAX_REGIONS];

	if (a >= 64)
		return a;
	switch (a) {
	case 60: return 0;
	case 61: return (uint64_t)fz_ptr(FZ_PTR_UNMAPPED, 0, 1);
	case 62: return (uint64_t)fz_ptr(FZ_PTR_KERNEL, 0, 1);
	case 63: return (uint64_t)fz_ptr(FZ_PTR_READONLY, 0, 1);
	}
	return reg->p ? (uint64_t)reg->p + (a / FZ_MAX_REGIONS) * 0x1000 : 0;
}

static long set_region(struct fz_exec *x, int vmfd, uint32_t slot, uint32_t flags, uint64_t gpa,
		       uint64_t size, uint64_t hva)
{
	struct kvm_userspace_memory_region mr = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = hva,
	};

	return fz_ioctl(x, "KVM_SET_USER_MEMORY_REGION", vmfd, KVM_SET_USER_MEMORY_REGION, &mr,
			FZ_RET_ZERO, 0);
}

FZ_EXEC(set_region)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);

	if (vm)
		set_region(x, vm->fd, op->a[1], op->a[2], region_gpa(op->a[3]),
			   region_size(op->a[4]), region_hva(vm, op->a[5]));
}

FZ_EXEC(vm_setup)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	unsigned int gen = fz_gen_flags(x);
	struct fz_region *reg;

	if (!vm)
		return;
	reg = &vm->reg[0];
	/* Slot 0 may exist with another size: delete it first (EINVAL if it does not). */
	set_region(x, vm->fd, 0, 0, 0, 0, 0);
	if (region_map(reg, FZ_GUEST_MEM, op->a[3] & 4 ? 1 : 0))
		return;
	fz_guest_layout_write(reg->p, op->a[1] % FZ_NR_MODES, op->a[3] & 1);
	fz_guest_code(op->a[2], op->a[1] % FZ_NR_MODES, gen, reg->p + FZ_CODE_GPA, FZ_CODE_MAX);
	set_region(x, vm->fd, 0, 0, 0, FZ_GUEST_MEM, (uint64_t)reg->p);
	if (op->a[3] & 2) {
		/* A read-only slot: guest writes there become MMIO exits. */
		set_region(x, vm->fd, 1, 0, 0, 0, 0);
		if (!region_map(&vm->reg[1], 0x10000, 0))
			set_region(x, vm->fd, 1, KVM_MEM_READONLY, 0x400000, 0x10000,
				   (uint64_t)vm->reg[1].p);
	}
}

FZ_EXEC(guest_code)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	unsigned int gen = fz_gen_flags(x);
	struct fz_region *reg;
	uint64_t off;

	if (!vm)
		return;
	reg = &vm->reg[op->a[1] % FZ_MAX_REGIONS];
	off = op->a[1] % FZ_MAX_REGIONS ? op->a[2] % 0x1000 : FZ_CODE_GPA + op->a[2] % FZ_CODE_MAX;
	if (!reg->p || !reg->writable || off >= reg->len)
		return;
	/* A region's protection may have changed page by page: only whole writable ones. */
	if (mprotect(reg->p, reg->len, PROT_READ | PROT_WRITE))
		return;
	fz_guest_code(op->a[4], op->a[3] % FZ_NR_MODES, gen, reg->p + off, reg->len - off);
}

FZ_EXEC(guest_poke)
{
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	struct fz_region *reg;

	if (!vm)
		return;
	reg = &vm->reg[0];
	if (!reg->p || op->a[1] > reg->len - 32 || mprotect(reg->p, reg->len, PROT_READ | PROT_WRITE))
		return;
	memcpy(reg->p + op->a[1], &op->a[2], 32);
}

/* VM ioctls: hvt's, then KVM's that hvt does not implement (ENOTTY there). */
FZ_EXEC(vm_ioctl)
{
	static const struct { const char *name; unsigned long req; size_t size; } table[] = {
		{ "KVM_SET_IDENTITY_MAP_ADDR", KVM_SET_IDENTITY_MAP_ADDR, 8 },
		{ "KVM_CREATE_IRQCHIP", KVM_CREATE_IRQCHIP, 0 },
		{ "KVM_IRQ_LINE", KVM_IRQ_LINE, sizeof(struct kvm_irq_level) },
		{ "KVM_GET_DIRTY_LOG", KVM_GET_DIRTY_LOG, sizeof(struct kvm_dirty_log) },
		{ "KVM_IOEVENTFD", KVM_IOEVENTFD, sizeof(struct kvm_ioeventfd) },
		{ "KVM_IRQFD", KVM_IRQFD, sizeof(struct kvm_irqfd) },
		{ "KVM_ENABLE_CAP", KVM_ENABLE_CAP, sizeof(struct kvm_enable_cap) },
		{ "KVM_GET_CLOCK", KVM_GET_CLOCK, sizeof(struct kvm_clock_data) },
		{ "KVM_SET_CLOCK", KVM_SET_CLOCK, sizeof(struct kvm_clock_data) },
		{ "KVM_CREATE_PIT2", KVM_CREATE_PIT2, sizeof(struct kvm_pit_config) },
		{ "KVM_REGISTER_COALESCED_MMIO", KVM_REGISTER_COALESCED_MMIO,
		  sizeof(struct kvm_coalesced_mmio_zone) },
		{ "KVM_SET_GSI_ROUTING", KVM_SET_GSI_ROUTING, sizeof(struct kvm_irq_routing) },
		{ "KVM_SET_NR_MMU_PAGES", KVM_SET_NR_MMU_PAGES, 0 },
		{ "KVM_GET_API_VERSION (on a VM)", KVM_GET_API_VERSION, 0 },
		{ "KVM_CREATE_VM (on a VM)", KVM_CREATE_VM, 0 },
		{ "KVM_RUN (on a VM)", KVM_RUN, 0 },
		{ "KVM_GET_REGS (on a VM)", KVM_GET_REGS, sizeof(struct kvm_regs) },
	};
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	size_t n = sizeof(table) / sizeof(table[0]);
	uint64_t which = op->a[1];
	void *p;
	long fd;

	if (!vm)
		return;
	switch (which) {
	case 0:
		fz_ioctl(x, "KVM_CHECK_EXTENSION (VM)", vm->fd, KVM_CHECK_EXTENSION,
			 (void *)op->a[2], FZ_RET_NONNEG, -1);
		return;
	case 1:
		fz_ioctl(x, "KVM_SET_TSS_ADDR", vm->fd, KVM_SET_TSS_ADDR, (void *)op->a[2],
			 FZ_RET_ZERO, 0);
		return;
	case 2:
		fd = fz_ioctl(x, "KVM_GET_STATS_FD (VM)", vm->fd, KVM_GET_STATS_FD, NULL, FZ_RET_FD, 0);
		fz_keep_fd(x->stats, FZ_MAX_STATS, fd);
		return;
	case 3:
		/* The memslot ioctl with a bad pointer. */
		fz_ioctl(x, "KVM_SET_USER_MEMORY_REGION (pointer)", vm->fd, KVM_SET_USER_MEMORY_REGION,
			 fz_ptr(op->a[3], sizeof(struct kvm_userspace_memory_region), 0),
			 FZ_RET_ZERO, 0);
		return;
	case 4: {
		/* A VM ioctl on a fd of another kind. */
		int other = fz_any_fd(x, op->a[2]);

		if (other >= 0)
			fz_ioctl(x, "KVM_CREATE_VCPU (other fd)", other, KVM_CREATE_VCPU,
				 (void *)(op->a[4] % 20), FZ_RET_NONNEG, -1);
		return;
	}
	case 5: {
		unsigned long req = _IOC(op->a[2] & 3, op->a[2] & 4 ? HVTIO : KVMIO,
					 (op->a[2] >> 3) & 0xff, (op->a[2] >> 11) & 0x3ff);

		/* Never an fd-creating or signal-mask ioctl by accident. */
		if (req == KVM_CREATE_VCPU || req == KVM_GET_STATS_FD || req == KVM_CREATE_DEVICE)
			return;
		fz_ioctl(x, "unknown VM ioctl", vm->fd, req, fz_ptr(op->a[3], 4096, 0),
			 FZ_RET_NONNEG, -1);
		return;
	}
	}
	which = (which - 6) % n;
	p = table[which].size ? fz_ptr(op->a[3], table[which].size, 0) : (void *)op->a[2];
	if (table[which].size && is_valid_class(op->a[3]))
		fill_random(p, table[which].size, op->a[4]);
	if (table[which].req == KVM_IOEVENTFD || table[which].req == KVM_IRQFD) {
		if (is_valid_class(op->a[3]))
			*(int32_t *)((uint8_t *)p + (table[which].req == KVM_IRQFD ? 0 : 20)) = -1;
	}
	fz_ioctl(x, table[which].name, vm->fd, table[which].req, p, FZ_RET_NONNEG, -1);
}

FZ_EXEC(policy)
{
	static const char *const names[] = { "l2_mmu", "vmcb", "ctx_cache", "mmio", "prefetch",
					      "", "nosuch", NULL };
	static const char *const values[] = { "separate", "shared", "split", "single", "0",
					      "8", "64", "65", "", NULL };
	static const unsigned long reqs[] = { HVT_SET_POLICY, HVT_GET_POLICY, HVT_ENUM_POLICY };
	struct fz_vm *vm = fz_vm_at(x, op->a[0]);
	struct hvt_policy_value *pv;
	const char *name = names[op->a[2] % 8], *value = values[op->a[3] % 10];

	if (!vm)
		return;
	pv = fz_ptr(op->a[5], sizeof(struct hvt_policy_info), 0);
	if (is_valid_class(op->a[5])) {
		/* NULL name/value: the field full, no NUL anywhere. */
		if (name)
			snprintf(pv->name, sizeof(pv->name), "%s", name);
		else
			memset(pv->name, 'x', sizeof(pv->name));
		if (value)
			snprintf(pv->value, sizeof(pv->value), "%s", value);
		else
			memset(pv->value, '9', sizeof(pv->value));
		if (op->a[1] == 2)
			pv->flags = op->a[3];	/* HVT_ENUM_POLICY: index */
		if (op->a[4]) {
			pv->flags = op->a[4];
			pv->pad = op->a[4] >> 32;
		}
		if (op->a[1] == 3)
			fill_random(pv, sizeof(struct hvt_policy_info), op->a[4]);
	}
	fz_ioctl(x, "HVT_*_POLICY", vm->fd, reqs[op->a[1] % 3], pv, FZ_RET_ZERO, 0);
}

FZ_EXEC(stats_fd)
{
	struct fz_vcpu *v;
	struct fz_vm *vm;
	long fd;

	if (op->a[0] & 1) {
		v = fz_vcpu_at(x, op->a[1]);
		if (!v)
			return;
		fd = fz_ioctl(x, "KVM_GET_STATS_FD (vCPU)", v->fd, KVM_GET_STATS_FD, NULL, FZ_RET_FD, 0);
	} else {
		vm = fz_vm_at(x, op->a[1]);
		if (!vm)
			return;
		fd = fz_ioctl(x, "KVM_GET_STATS_FD (VM)", vm->fd, KVM_GET_STATS_FD, NULL, FZ_RET_FD, 0);
	}
	fz_keep_fd(x->stats, FZ_MAX_STATS, fd);
}

/* KVM's binary stats header: every offset inside the file, in order. */
static void check_stats_header(struct fz_exec *x, const struct kvm_stats_header *h)
{
	if (h->name_size == 0 || h->name_size > 4096 || h->num_desc > 100000 ||
	    h->id_offset < sizeof(*h) || h->desc_offset < h->id_offset + h->name_size ||
	    h->data_offset < h->desc_offset)
		fz_fail(x, FZ_FAIL_ERRNO, "stats header: name_size %u num_desc %u id %u desc %u data %u",
			h->name_size, h->num_desc, h->id_offset, h->desc_offset, h->data_offset);
}

FZ_EXEC(stats_read)
{
	int fd = x->stats[op->a[0] % FZ_MAX_STATS];
	size_t len = op->a[2] < FZ_SCRATCH_SIZE ? op->a[2] : FZ_SCRATCH_SIZE;
	void *buf = fz_ptr(op->a[3], len, 0);
	ssize_t r;

	if (fd < 0)
		return;
	switch (op->a[4] % 3) {
	case 0:
		r = pread(fd, buf, len, op->a[1]);
		break;
	case 1:
		r = read(fd, buf, len);
		break;
	default:
		lseek(fd, op->a[1], SEEK_SET);
		r = read(fd, buf, len);
		break;
	}
	if (r < -1 || r > (ssize_t)len)
		fz_fail(x, FZ_FAIL_ERRNO, "stats read of %zu bytes returned %zd", len, r);
	if (r == -1 && !(errno == EFAULT || errno == EINVAL || errno == ESPIPE || errno == EBADF))
		fz_fail(x, FZ_FAIL_ERRNO, "stats read: errno %d (%s)", errno, strerror(errno));
	if (op->a[4] % 3 == 0 && op->a[1] == 0 && r >= (ssize_t)sizeof(struct kvm_stats_header))
		check_stats_header(x, buf);
}
