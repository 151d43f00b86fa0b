/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the measuring commands (l1-cpuid, nested-cpuid) share on their
 * command line: how much to measure, where the results go, and --trace
 * (the same command line again under hvt-trace). Their result files:
 * measure_files.h.
 */
#ifndef HVT_BENCH_MEASURE_OPTS_H
#define HVT_BENCH_MEASURE_OPTS_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include "cli.h"

struct measure_opts {
	struct common_opts common;
	uint64_t iterations, warmup, repeat;
	const char *out_dir, *label, *image;
	bool image_defaulted;
	const char *kind;		/* "kvm", "hvt" or "unknown" */
	const char *trace;		/* --trace: "stat", "nested" or NULL */
	char image_buf[PATH_MAX];
	char label_buf[101];		/* a label has at most 100 characters */
};

#define MEASURE_LONG_OPTIONS \
	{ "iterations", required_argument, NULL, OPT_ITERATIONS }, \
	{ "warmup", required_argument, NULL, OPT_WARMUP }, \
	{ "repeat", required_argument, NULL, OPT_REPEAT }, \
	{ "out", required_argument, NULL, OPT_OUT }, \
	{ "label", required_argument, NULL, OPT_LABEL }, \
	{ "image", required_argument, NULL, OPT_IMAGE }, \
	{ "trace", optional_argument, NULL, OPT_TRACE }

#define MEASURE_TRACE_HELP \
	"  --trace[=stat|nested]\n" \
	"                    run under `hvt-trace stat` (default) or `hvt-trace nested`\n" \
	"                    for the hypervisor of --hv; the default label ends in\n" \
	"                    -trace-TOOL; hvt-trace's tables go to DIR/LABEL.trace.txt\n" \
	"                    with --out (nested: every round trip also to\n" \
	"                    DIR/LABEL.trace-samples.csv), else to stdout. Tracing\n" \
	"                    costs time: compare traced runs with traced runs\n"

void measure_init(struct measure_opts *m, uint64_t iterations, uint64_t warmup,
		  unsigned int timeout_sec, uint64_t mem_mib);

/*
 * 1 if opt was one of MEASURE_LONG_OPTIONS or a common option (parsed),
 * 0 if not, -1 if its value is bad. --iterations and --warmup are at most
 * max_count.
 */
int measure_option(struct measure_opts *m, int opt, const char *arg, uint64_t max_count);

/*
 * After the options: resolves the device, defaults --image to image_file
 * (cli_workload_path) and --label to PREFIX-<kind>[-policy-value...]; -1
 * (after saying why) if they do not make sense.
 */
int measure_finish(struct measure_opts *m, const char *image_file, const char *label_prefix);

/* A defaulted image must exist: says where it was looked for; EXIT_SETUP or EXIT_OK. */
int measure_check_image(const struct measure_opts *m, const char *image_file);

/*
 * --trace: runs `hvt-trace TOOL [--hv KIND] [-o FILE] -- hvt-bench argv...`
 * and returns its status (the benchmark's, or hvt-trace's setup error).
 * The benchmark under it sees HVT_BENCH_TRACED=1 and so does not do this
 * again. argv is the command's (argv[0] is the command name).
 */
int measure_run_traced(const struct measure_opts *m, int argc, char **argv);

/* True when this process was started by measure_run_traced. */
bool measure_under_trace(void);

#endif
