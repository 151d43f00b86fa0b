/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MMIO test device and the READONLY-slot write recorder, VMM side
 * (the guest-visible contract is <hvt/testdev.h>). Plain state and one
 * function per MMIO exit, so it is tested without a hypervisor. Not
 * thread-safe: the run loop calls it under its lock.
 */
#ifndef HVTVMM_TESTDEV_H
#define HVTVMM_TESTDEV_H

#include <stdbool.h>
#include <stdint.h>
#include <hvt/testdev.h>
#include <hvtvmm/err.h>

#define VMM_RO_SLOT_MAX_SIZE (64ull << 20)
/* Below 2^36: inside every MAXPHYADDR, so both KVM and hvt accept the slot. */
#define VMM_RO_SLOT_GPA_LIMIT (1ull << 36)

struct vmm_testdev {
	bool enabled;		/* the device page lies outside guest RAM */
	uint64_t scratch, accesses, last_write;
	uint64_t ro_gpa, ro_size;	/* the READONLY slot; size 0 if none */
	uint64_t ro_writes, ro_last_gpa, ro_last_data, ro_last_len;
};

enum vmm_mmio_outcome {
	VMM_MMIO_HANDLED,	/* data filled (read) or recorded (write) */
	VMM_MMIO_UNCLAIMED,	/* neither the device page nor the READONLY slot */
	VMM_MMIO_BAD,		/* ours, but not a valid access: err says why */
};

/* A fresh device; it is enabled only if RAM [0, mem_size) ends below it. */
void vmm_testdev_init(struct vmm_testdev *d, uint64_t mem_size);

/*
 * One KVM_EXIT_MMIO: gpa, is_write and len (untrusted, from the
 * hypervisor) and data, the 8 bytes of kvm_run.mmio.data — read from on
 * writes, filled on handled reads.
 */
enum vmm_mmio_outcome vmm_testdev_mmio(struct vmm_testdev *d, uint64_t gpa, bool is_write,
				       uint32_t len, uint8_t data[8], struct vmm_err *err);

#endif
