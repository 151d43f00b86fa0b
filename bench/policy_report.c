// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include "policy_report.h"

void bench_policies_read(struct bench_policies *bp, const struct vmm_vm *vm)
{
	struct vmm_err err;

	if (bp->read)
		return;
	bp->read = true;
	bp->supported = vmm_policy_supported(vm->vm_fd);
	if (bp->supported && vmm_policy_list(vm->vm_fd, &bp->infos, &bp->n, &err))
		snprintf(bp->error, sizeof(bp->error), "%s", err.msg);
}

void bench_policies_print(const struct bench_policies *bp)
{
	if (!bp->read)
		return;
	printf("policies:    ");
	if (!bp->supported)
		printf(" none (the device has no policies)");
	else if (!bp->infos)
		printf(" unknown (%s)", bp->error);
	for (unsigned int i = 0; bp->infos && i < bp->n; i++)
		printf(" %s=%s", bp->infos[i].name, bp->infos[i].value);
	printf("\n");
	fflush(stdout);
}

void bench_policies_write_json(struct json_writer *w, const struct bench_policies *bp,
			       const struct common_opts *c)
{
	json_key(w, "policies");
	if (bp->infos) {
		json_object_begin(w);
		for (unsigned int i = 0; i < bp->n; i++)
			json_kv_string(w, bp->infos[i].name, bp->infos[i].value);
		json_object_end(w);
	} else {
		json_null(w);
	}
	json_key(w, "policies_requested");
	json_object_begin(w);
	for (unsigned int i = 0; i < c->nr_policies; i++)
		json_kv_string(w, c->policies[i].name, c->policies[i].value);
	json_object_end(w);
}

void bench_policies_free(struct bench_policies *bp)
{
	free(bp->infos);
	bp->infos = NULL;
	bp->n = 0;
}
