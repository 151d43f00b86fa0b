/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policies a measurement ran with, for its report: read back from the
 * VM after the run (HVT_ENUM_POLICY), so the record shows every policy's
 * effective value, defaults included, not only what --policy asked for.
 */
#ifndef HVT_BENCH_POLICY_REPORT_H
#define HVT_BENCH_POLICY_REPORT_H

#include <stdbool.h>
#include <hvtvmm/json.h>
#include <hvtvmm/policy.h>
#include <hvtvmm/vm.h>
#include "cli.h"

struct bench_policies {
	bool read;			/* bench_policies_read() was called */
	bool supported;			/* the device has policies (hvt) */
	struct hvt_policy_info *infos;	/* NULL if unsupported or unreadable */
	unsigned int n;
	char error[VMM_ERR_LEN];	/* why infos is NULL on a device that has policies */
};

/* Reads vm's policies once; later calls keep the first answer. */
void bench_policies_read(struct bench_policies *bp, const struct vmm_vm *vm);

/* "policies:     l2_mmu=shared vmcb=split ..." or why there are none. */
void bench_policies_print(const struct bench_policies *bp);

/*
 * JSON members "policies" ({name: value} of every policy, or null without
 * any) and "policies_requested" ({name: value} of the --policy options).
 */
void bench_policies_write_json(struct json_writer *w, const struct bench_policies *bp,
			       const struct common_opts *c);

void bench_policies_free(struct bench_policies *bp);

#endif
