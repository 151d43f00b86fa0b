/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ucall" protocol: how a freestanding guest talks to the VMM.
 *
 * The guest fills a struct hvt_ucall in its own memory and executes a 32-bit
 * OUT of the block's guest-physical address to HVT_UCALL_PORT. Nothing else
 * is needed from the hypervisor: the VMM sees a KVM_EXIT_IO with the address
 * as data and reads the block straight from guest memory. The block is
 * untrusted input to the VMM, which validates every field.
 *
 * Shared by workloads/ (guest side) and bench/ (VMM side).
 */
#ifndef HVT_UCALL_H
#define HVT_UCALL_H

#include <stdint.h>

#define HVT_UCALL_PORT  0xe8u
#define HVT_UCALL_MAGIC 0x55545648u /* "HVTU" */
#define HVT_UCALL_STR_LEN 216

enum hvt_ucall_cmd {
	HVT_UCALL_PRINT = 1,   /* str: a line of text for the user */
	HVT_UCALL_DONE = 2,    /* the guest finished successfully */
	HVT_UCALL_FAIL = 3,    /* str: "file:line: why"; args[0], args[1]: values */
	HVT_UCALL_VALUE = 4,   /* str: name; args[0]: a u64 result */
	HVT_UCALL_SAMPLES = 5, /* str: name; args[0]: gpa of u64[], args[1]: count */
	HVT_UCALL_MAX
};

struct hvt_ucall {
	uint32_t magic;
	uint32_t cmd;
	uint64_t args[4];
	char str[HVT_UCALL_STR_LEN];
};

_Static_assert(sizeof(struct hvt_ucall) == 256, "ucall block is 256 bytes");

#endif
