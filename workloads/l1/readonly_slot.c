// SPDX-License-Identifier: GPL-2.0
/*
 * l1-readonly: writes to a READONLY memory slot must not change it.
 *
 * Run with `hvt-bench run l1-readonly.elf --readonly-slot GPA:SIZE_KIB`.
 * The guest learns the slot's place from the test device (<hvt/testdev.h>),
 * maps it in its own page tables (writable there: the protection under
 * test is the hypervisor's), checks the VMM's pattern in every word, then
 * stores to it with several MOV forms and sizes. Per KVM's API each store
 * exits to the VMM as KVM_EXIT_MMIO (is_write = 1) and is not performed;
 * after each one the guest checks through the device's RO_* registers that
 * the VMM saw exactly that store (address, length, data), and that the
 * memory still holds the pattern. Finally the whole slot is checked again.
 *
 * Reports VALUEs "ro_slot_kib" and "ro_writes_seen" (the device's count).
 */
#include "testdev_guest.h"

struct ro_slot {
	uint64_t gpa, size;
};

/* What a store did, as the VMM must have seen it. */
struct ro_store {
	uint64_t gpa, data;
	unsigned int len;
};

static struct ro_slot find_slot(const struct hvt_boot_params *bp)
{
	struct ro_slot s = {
		.gpa = testdev_read(HVT_TESTDEV_RO_SLOT_GPA),
		.size = testdev_read(HVT_TESTDEV_RO_SLOT_SIZE),
	};

	GUEST_ASSERT_MSG(s.size != 0, "no READONLY slot: run with --readonly-slot GPA:SIZE_KIB");
	/* the VMM checks these too; the guest trusts nothing it maps */
	GUEST_ASSERT_MSG(s.gpa % PAGE_SIZE == 0 && s.size % PAGE_SIZE == 0 &&
			 s.size <= (64ull << 20) && s.gpa >= bp->mem_size &&
			 s.gpa + s.size > s.gpa && s.gpa + s.size <= (1ull << 36),
			 "implausible READONLY slot: 0x%llx bytes at 0x%llx",
			 (unsigned long long)s.size, (unsigned long long)s.gpa);
	return s;
}

static uint64_t read_word(uint64_t gpa)
{
	return *(volatile uint64_t *)(uintptr_t)gpa;
}

static void check_word(uint64_t gpa, const char *when)
{
	uint64_t got = read_word(gpa);

	if (got != hvt_ro_pattern(gpa))
		guest_fail_values(__FILE__, __LINE__, got, hvt_ro_pattern(gpa),
				  "READONLY slot word at 0x%llx is 0x%llx %s, want 0x%llx",
				  (unsigned long long)gpa, (unsigned long long)got, when,
				  (unsigned long long)hvt_ro_pattern(gpa));
}

static void check_slot(const struct ro_slot *s, const char *when)
{
	for (uint64_t off = 0; off < s->size; off += 8)
		check_word(s->gpa + off, when);
}

/* The stores, each one instruction of a form hvt's MMIO decoder knows. */
static struct ro_store store_reg64(uint64_t gpa, uint64_t v)
{
	asm volatile("movq %1, (%0)" :: "r"(gpa), "r"(v) : "memory");
	return (struct ro_store){ gpa, v, 8 };
}

static struct ro_store store_imm32(uint64_t gpa)
{
	asm volatile("movl $0x600dcafe, (%0)" :: "r"(gpa) : "memory");
	return (struct ro_store){ gpa, 0x600dcafe, 4 };
}

static struct ro_store store_reg16(uint64_t gpa, uint16_t v)
{
	asm volatile("movw %w1, (%0)" :: "r"(gpa), "r"(v) : "memory");
	return (struct ro_store){ gpa, v, 2 };
}

static struct ro_store store_imm8(uint64_t gpa)
{
	asm volatile("movb $0xa5, (%0)" :: "r"(gpa) : "memory");
	return (struct ro_store){ gpa, 0xa5, 1 };
}

/* After store number n: the VMM saw it exactly, and memory did not change. */
static void check_store(const struct ro_store *st, uint64_t n)
{
	uint64_t writes = testdev_read(HVT_TESTDEV_RO_WRITES);
	uint64_t gpa = testdev_read(HVT_TESTDEV_RO_LAST_GPA);
	uint64_t len = testdev_read(HVT_TESTDEV_RO_LAST_LEN);
	uint64_t data = testdev_read(HVT_TESTDEV_RO_LAST_DATA);

	GUEST_ASSERT_EQ(writes, n);
	GUEST_ASSERT_EQ(gpa, st->gpa);
	GUEST_ASSERT_EQ(len, st->len);
	GUEST_ASSERT_EQ(data, st->data);
	check_word(st->gpa & ~7ull, "after a store to it");
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	struct ro_slot s;
	struct ro_store st;
	uint64_t n = 0, last;

	if (vcpu != 0)
		return;
	testdev_map(bp);
	s = find_slot(bp);
	last = s.gpa + s.size - 8;
	guest_print("l1-readonly: %llu KiB READONLY slot at 0x%llx",
		    (unsigned long long)(s.size >> 10), (unsigned long long)s.gpa);
	map_identity(s.gpa, s.size, 0);
	check_slot(&s, "before any store");
	st = store_reg64(s.gpa, 0x0123456789abcdefull);
	check_store(&st, ++n);
	st = store_imm32(s.gpa + s.size / 2 + 4);
	check_store(&st, ++n);
	st = store_reg16(last + 6, 0xbeef);
	check_store(&st, ++n);
	st = store_imm8(s.gpa + 0x11);
	check_store(&st, ++n);
	st = store_reg64(last, ~0ull);
	check_store(&st, ++n);
	check_slot(&s, "after the stores");
	guest_value("ro_slot_kib", s.size >> 10);
	guest_value("ro_writes_seen", testdev_read(HVT_TESTDEV_RO_WRITES));
}
