// SPDX-License-Identifier: GPL-2.0
/* The MMIO test device (see <hvt/testdev.h> for what guests may rely on). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <hvtvmm/testdev.h>

typedef unsigned long long ull;

void vmm_testdev_init(struct vmm_testdev *d, uint64_t mem_size)
{
	memset(d, 0, sizeof(*d));
	/* RAM covering the page would shadow it: guests would read RAM instead */
	d->enabled = mem_size <= HVT_TESTDEV_GPA;
}

static bool in_range(uint64_t gpa, uint32_t len, uint64_t base, uint64_t size)
{
	return gpa >= base && gpa - base < size && len <= size - (gpa - base);
}

static uint64_t le_bytes(const uint8_t *data, uint32_t len)
{
	uint64_t v = 0;

	memcpy(&v, data, len);	/* x86 is little-endian, like the MMIO data */
	return v;
}

/* The register's value as a read returns it; false if there is none. */
static bool reg_value(const struct vmm_testdev *d, uint64_t reg, uint64_t *v)
{
	const uint64_t vals[HVT_TESTDEV_NR_REGS] = {
		HVT_TESTDEV_MAGIC, d->scratch, d->accesses, d->last_write,
		d->ro_gpa, d->ro_size, d->ro_writes, d->ro_last_gpa, d->ro_last_data,
		d->ro_last_len,
	};

	if (reg % 8 || reg / 8 >= HVT_TESTDEV_NR_REGS)
		return false;
	*v = vals[reg / 8];
	return true;
}

/* Merge len bytes at byte shift into scratch. */
static void write_scratch(struct vmm_testdev *d, unsigned int shift, uint32_t len, uint64_t v)
{
	uint64_t mask = len == 8 ? ~0ull : ((1ull << (8 * len)) - 1) << (8 * shift);

	d->scratch = (d->scratch & ~mask) | ((v << (8 * shift)) & mask);
}

/* Fills err and says VMM_MMIO_BAD. */
static enum vmm_mmio_outcome bad(struct vmm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum vmm_mmio_outcome bad(struct vmm_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (err)
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return VMM_MMIO_BAD;
}

static enum vmm_mmio_outcome device_access(struct vmm_testdev *d, uint64_t off, bool is_write,
					   uint32_t len, uint8_t data[8], struct vmm_err *err)
{
	uint64_t reg = off & ~7ull, v;
	unsigned int shift = off & 7;

	if ((len != 1 && len != 2 && len != 4 && len != 8) || off % len)
		return bad(err, "test device: %u-byte %s at offset 0x%llx is not a naturally aligned 1, 2, 4 or 8-byte access",
			   len, is_write ? "write" : "read", (ull)off);
	if (!reg_value(d, reg, &v))
		return bad(err, "test device: %s of offset 0x%llx: no register there",
			   is_write ? "write" : "read", (ull)off);
	if (is_write && reg != HVT_TESTDEV_SCRATCH)
		return bad(err, "test device: write to read-only register 0x%llx", (ull)reg);
	if (is_write) {
		write_scratch(d, shift, len, le_bytes(data, len));
		d->last_write = off << 8 | len;
	} else {
		memset(data, 0, 8);
		v >>= 8 * shift;
		memcpy(data, &v, len);
	}
	d->accesses++;
	return VMM_MMIO_HANDLED;
}

/* A write into the READONLY slot is recorded, never stored; reads must not exit. */
static enum vmm_mmio_outcome ro_slot_access(struct vmm_testdev *d, uint64_t gpa, bool is_write,
					    uint32_t len, const uint8_t data[8], struct vmm_err *err)
{
	if (!is_write)
		return bad(err, "MMIO read of %u bytes at GPA 0x%llx in the READONLY slot: reads of a READONLY slot must not exit",
			   len, (ull)gpa);
	d->ro_writes++;
	d->ro_last_gpa = gpa;
	d->ro_last_data = le_bytes(data, len);
	d->ro_last_len = len;
	return VMM_MMIO_HANDLED;
}

enum vmm_mmio_outcome vmm_testdev_mmio(struct vmm_testdev *d, uint64_t gpa, bool is_write,
				       uint32_t len, uint8_t data[8], struct vmm_err *err)
{
	if (len == 0 || len > 8)
		return VMM_MMIO_UNCLAIMED;	/* not a length kvm_run.mmio can carry */
	if (d->enabled && in_range(gpa, len, HVT_TESTDEV_GPA, HVT_TESTDEV_SIZE))
		return device_access(d, gpa - HVT_TESTDEV_GPA, is_write, len, data, err);
	if (d->ro_size && in_range(gpa, len, d->ro_gpa, d->ro_size))
		return ro_slot_access(d, gpa, is_write, len, data, err);
	return VMM_MMIO_UNCLAIMED;
}
