/* SPDX-License-Identifier: GPL-2.0 */
/* The environment a result was measured in, for the JSON record. */
#ifndef HVT_BENCH_ENV_H
#define HVT_BENCH_ENV_H

#include <stdbool.h>
#include <hvtvmm/json.h>

struct bench_env {
	char kernel[128];	/* uname -r */
	char machine[64];	/* uname -m */
	char cpu_model[128];	/* /proc/cpuinfo "model name" */
	bool cpu_hypervisor_flag;	/* we are ourselves a guest */
	char clocksource[64];	/* current clocksource */
	bool tsc_constant;	/* constant_tsc and nonstop_tsc flags */
	char date[32];		/* UTC, ISO 8601 */
	const char *version;	/* hvt-bench version / git describe */
};

void bench_env_collect(struct bench_env *env);

/* Writes env as the members of the current JSON object. */
void bench_env_write_json(struct json_writer *w, const struct bench_env *env);

const char *bench_version(void);

#endif
