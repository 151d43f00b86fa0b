/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM side of <hvt/ucall.h>: decoding an untrusted ucall block from
 * guest RAM given as a plain buffer.
 */
#ifndef HVTVMM_UCALL_H
#define HVTVMM_UCALL_H

#include <stdint.h>
#include <hvt/ucall.h>
#include <hvtvmm/err.h>

struct vmm_ucall {
	uint64_t gpa;		/* where the block was */
	uint32_t cmd;		/* a valid enum hvt_ucall_cmd */
	uint64_t args[4];
	/* NUL-terminated; bytes outside printable ASCII replaced by '?' */
	char str[HVT_UCALL_STR_LEN];
	/* SAMPLES only: checked to lie inside guest RAM */
	uint64_t samples_gpa;
	uint64_t nr_samples;
};

/*
 * Decodes the block at gpa. The block is copied once and only the copy is
 * checked and used, so another vCPU rewriting it meanwhile changes nothing.
 */
int vmm_ucall_decode(const uint8_t *mem, uint64_t mem_size, uint64_t gpa,
		     struct vmm_ucall *uc, struct vmm_err *err);

/* A malloc'd copy of a decoded SAMPLES array (NULL-free even for 0 samples). */
int vmm_ucall_copy_samples(const uint8_t *mem, uint64_t mem_size,
			   const struct vmm_ucall *uc, uint64_t **samples,
			   struct vmm_err *err);

/* "PRINT", "DONE", ... or "?" */
const char *vmm_ucall_cmd_name(uint32_t cmd);

#endif
