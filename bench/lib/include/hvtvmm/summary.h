/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading back the summary of a result file that `hvt-bench l1-cpuid --out`
 * wrote (bench/l1_cpuid_files.c): just the members a comparison needs,
 * every one checked for presence, type and range. The file is untrusted.
 */
#ifndef HVTVMM_SUMMARY_H
#define HVTVMM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <hvtvmm/err.h>

#define SUMMARY_MAX_FILE (16u << 20)	/* ours are a few KiB */

struct bench_summary {
	char benchmark[64];	/* "l1-cpuid" */
	char label[128];	/* [A-Za-z0-9._-], as --label allows */
	char unit[64];		/* e.g. "tsc_ticks_per_cpuid_exit" */
	char kind[32];		/* hypervisor.kind: "kvm", "hvt", "unknown" */
	char device[256];	/* hypervisor.device, printable ASCII */
	uint64_t count, median, p10, p90;	/* summary.*, count >= 1, p10 <= median <= p90 */
};

/*
 * Extracts the summary from the JSON text[0..len). On failure err says
 * which member is wrong and why, e.g. "\"summary.median\" is a string,
 * want a non-negative integer", and -1 is returned.
 */
int summary_parse(const char *text, size_t len, struct bench_summary *s, struct vmm_err *err);

/* Reads and parses the file path; err messages start with the path. */
int summary_read_file(const char *path, struct bench_summary *s, struct vmm_err *err);

#endif
