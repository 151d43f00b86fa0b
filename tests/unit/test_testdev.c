// SPDX-License-Identifier: GPL-2.0
/* The MMIO test device and the READONLY-slot recorder, on plain state. */
#include <stdint.h>
#include <string.h>
#include <hvtvmm/testdev.h>
#include <hvtvmm/vm.h>
#include "check.h"

#define DEV HVT_TESTDEV_GPA

static struct vmm_err err;

static enum vmm_mmio_outcome mmio_read(struct vmm_testdev *d, uint64_t gpa, uint32_t len,
				       uint64_t *v)
{
	uint8_t data[8];
	enum vmm_mmio_outcome o;

	memset(data, 0xee, sizeof(data));
	o = vmm_testdev_mmio(d, gpa, false, len, data, &err);
	memcpy(v, data, 8);
	return o;
}

static enum vmm_mmio_outcome mmio_write(struct vmm_testdev *d, uint64_t gpa, uint32_t len,
					uint64_t v)
{
	uint8_t data[8];

	memcpy(data, &v, 8);
	return vmm_testdev_mmio(d, gpa, true, len, data, &err);
}

static void registers_read_back(void)
{
	struct vmm_testdev d;
	uint64_t v;

	vmm_testdev_init(&d, 64 << 20);
	CHECK(d.enabled);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_MAGIC_REG, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, HVT_TESTDEV_MAGIC);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_ACCESSES, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 2);	/* the two reads before, not this one */
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_RO_SLOT_SIZE, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0);
}

/* Narrow accesses see and change only their bytes; reads zero the rest of data. */
static void narrow_accesses_merge(void)
{
	struct vmm_testdev d;
	uint64_t v;

	vmm_testdev_init(&d, 64 << 20);
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_SCRATCH, 8, 0x1122334455667788ull) == VMM_MMIO_HANDLED);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH, 1, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0x88);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH + 3, 1, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0x55);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH + 6, 2, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0x1122);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH + 4, 4, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0x11223344);
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_SCRATCH + 2, 2, 0xffffabcd) == VMM_MMIO_HANDLED);
	CHECK_U64(d.scratch, 0x11223344abcd7788ull);
	CHECK_U64(d.last_write, (uint64_t)(HVT_TESTDEV_SCRATCH + 2) << 8 | 2);
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_SCRATCH + 7, 1, 0x5a) == VMM_MMIO_HANDLED);
	CHECK_U64(d.scratch, 0x5a223344abcd7788ull);
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_SCRATCH + 4, 4, 0xdeadbeef) == VMM_MMIO_HANDLED);
	CHECK_U64(d.scratch, 0xdeadbeefabcd7788ull);
	CHECK_U64(d.accesses, 8);
}

static void bad_accesses_are_errors(void)
{
	struct vmm_testdev d;
	uint64_t v;

	vmm_testdev_init(&d, 64 << 20);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH + 1, 2, &v) == VMM_MMIO_BAD);
	CHECK_CONTAINS(err.msg, "not a naturally aligned");
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SCRATCH, 3, &v) == VMM_MMIO_BAD);
	CHECK(mmio_read(&d, DEV + 0x800, 8, &v) == VMM_MMIO_BAD);
	CHECK_CONTAINS(err.msg, "no register there");
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_MAGIC_REG, 8, 1) == VMM_MMIO_BAD);
	CHECK_CONTAINS(err.msg, "read-only register 0x0");
	CHECK(mmio_write(&d, DEV + HVT_TESTDEV_ACCESSES, 4, 1) == VMM_MMIO_BAD);
	CHECK_U64(d.accesses, 0);
	/* outside the page, or a length kvm_run cannot carry: not ours at all */
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SIZE, 4, &v) == VMM_MMIO_UNCLAIMED);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_SIZE - 4, 8, &v) == VMM_MMIO_UNCLAIMED);
	CHECK(mmio_read(&d, DEV - 8, 8, &v) == VMM_MMIO_UNCLAIMED);
	CHECK(mmio_read(&d, DEV, 0, &v) == VMM_MMIO_UNCLAIMED);
	CHECK(mmio_read(&d, DEV, 16, &v) == VMM_MMIO_UNCLAIMED);
}

/* RAM that covers the page shadows it: the device is off. */
static void disabled_under_ram(void)
{
	struct vmm_testdev d;
	uint64_t v;

	vmm_testdev_init(&d, HVT_TESTDEV_GPA);
	CHECK(d.enabled);
	vmm_testdev_init(&d, HVT_TESTDEV_GPA + (2 << 20));
	CHECK(!d.enabled);
	CHECK(mmio_read(&d, DEV, 8, &v) == VMM_MMIO_UNCLAIMED);
}

static void readonly_slot_writes_are_recorded(void)
{
	struct vmm_testdev d;
	uint64_t v;

	vmm_testdev_init(&d, 64 << 20);
	d.ro_gpa = 0x100000000ull;
	d.ro_size = 0x2000;
	CHECK(mmio_write(&d, d.ro_gpa + 0x1ff8, 8, 0xfeedface12345678ull) == VMM_MMIO_HANDLED);
	CHECK(mmio_write(&d, d.ro_gpa + 0x10, 2, 0xffffbeef) == VMM_MMIO_HANDLED);
	CHECK_U64(d.ro_writes, 2);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_RO_LAST_GPA, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0x100000010ull);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_RO_LAST_DATA, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 0xbeef);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_RO_LAST_LEN, 8, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 2);
	CHECK(mmio_read(&d, DEV + HVT_TESTDEV_RO_WRITES, 4, &v) == VMM_MMIO_HANDLED);
	CHECK_U64(v, 2);
	CHECK(mmio_read(&d, d.ro_gpa, 8, &v) == VMM_MMIO_BAD);
	CHECK_CONTAINS(err.msg, "reads of a READONLY slot must not exit");
	/* straddling the slot's end is not a slot access */
	CHECK(mmio_write(&d, d.ro_gpa + 0x1ffc, 8, 0) == VMM_MMIO_UNCLAIMED);
	CHECK_U64(d.ro_writes, 2);
}

static void readonly_slot_placement(void)
{
	const uint64_t mem = 64 << 20;

	CHECK(vmm_readonly_slot_problem(0x100000000ull, 0x1000, mem) == NULL);
	CHECK(vmm_readonly_slot_problem(mem, 64 << 20, mem) == NULL);
	CHECK_CONTAINS(vmm_readonly_slot_problem(mem - 0x1000, 0x2000, mem), "overlaps guest RAM");
	CHECK_CONTAINS(vmm_readonly_slot_problem(0x100000800ull, 0x1000, mem), "multiples of 4 KiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(0x100000000ull, 0x1800, mem), "multiples of 4 KiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(0x100000000ull, 0, mem), "multiples of 4 KiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(0x100000000ull, (64 << 20) + 0x1000, mem),
		       "larger than 64 MiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(VMM_RO_SLOT_GPA_LIMIT - 0x1000, 0x2000, mem),
		       "below 64 GiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(UINT64_MAX & ~0xfffull, 0x2000, mem),
		       "below 64 GiB");
	CHECK_CONTAINS(vmm_readonly_slot_problem(HVT_TESTDEV_GPA - 0x1000, 0x2000, mem),
		       "test device");
}

int main(void)
{
	RUN_TEST(registers_read_back);
	RUN_TEST(narrow_accesses_merge);
	RUN_TEST(bad_accesses_are_errors);
	RUN_TEST(disabled_under_ram);
	RUN_TEST(readonly_slot_writes_are_recorded);
	RUN_TEST(readonly_slot_placement);
	return check_report();
}
