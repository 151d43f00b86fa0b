/* SPDX-License-Identifier: GPL-2.0 */
/* Shared pieces of the hvt-bench command line. */
#ifndef HVT_BENCH_CLI_H
#define HVT_BENCH_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <hvtvmm/policy.h>

#define PROG "hvt-bench"

/* Exit statuses of every command. */
enum {
	EXIT_OK = 0,		/* the guest reported DONE on every vCPU */
	EXIT_GUEST = 1,		/* FAIL, abnormal exit, timeout */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_SETUP = 3,		/* device, image, output files */
};

/* What an option parser returns when the command should go ahead. */
#define PARSE_GO (-1)

/* Long-only option ids, above any character. */
enum {
	OPT_DEV = 256, OPT_HV, OPT_MEM, OPT_VCPUS, OPT_TIMEOUT, OPT_ITERATIONS,
	OPT_WARMUP, OPT_SCENARIO, OPT_ARG, OPT_REPEAT, OPT_OUT, OPT_LABEL,
	OPT_IMAGE, OPT_HELP, OPT_RO_SLOT, OPT_STATS, OPT_POLICY, OPT_TRACE,
	OPT_L2S, OPT_SWITCHES, OPT_EXITS, OPT_MODE,
};

/* Distinct --policy names one command line may give. */
#define CLI_MAX_POLICIES 16

#define COMMON_LONG_OPTIONS \
	{ "dev", required_argument, NULL, OPT_DEV }, \
	{ "hv", required_argument, NULL, OPT_HV }, \
	{ "mem", required_argument, NULL, OPT_MEM }, \
	{ "timeout", required_argument, NULL, OPT_TIMEOUT }, \
	{ "stats", no_argument, NULL, OPT_STATS }, \
	{ "policy", required_argument, NULL, OPT_POLICY }, \
	{ "help", no_argument, NULL, OPT_HELP }

#define COMMON_OPTIONS_HELP \
	"  --dev PATH        KVM-API device to use (any path)\n" \
	"  --hv kvm|hvt      shorthand for --dev /dev/kvm or --dev /dev/hvt (default kvm)\n" \
	"  --mem MIB         guest RAM in MiB, a multiple of 2, 4..4096\n" \
	"  --timeout SEC     end the run after SEC seconds, 0 for never\n" \
	"  --stats           after each run, print the VM's and vCPUs' statistics\n" \
	"                    (KVM_GET_STATS_FD; one line if the device has none)\n" \
	"  --policy NAME=VALUE\n" \
	"                    an hvt policy for the VM (repeatable), set right after\n" \
	"                    KVM_CREATE_VM, before any vCPU; an error on /dev/kvm\n" \
	"                    (`" PROG " policies` lists them)\n" \
	"  --help            this text\n"

/* Options every command takes. */
struct common_opts {
	const char *dev;	/* the device path, after cli_common_finish() */
	const char *hv;		/* the --hv name, or NULL */
	bool dev_given;
	uint64_t mem_mib;
	bool mem_given;
	unsigned int timeout_sec;
	bool stats;		/* --stats */
	struct vmm_policy policies[CLI_MAX_POLICIES];	/* --policy, in order */
	unsigned int nr_policies;
};

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parses an unsigned number (decimal, or hex with 0x) in [min, max] for
 * option opt; prints why not and returns -1 if it is not one.
 */
int cli_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out);

void cli_common_init(struct common_opts *c, unsigned int timeout_sec, uint64_t mem_mib);

/* 1 if opt was a common option (parsed), 0 if not, -1 if its value is bad. */
int cli_common_option(struct common_opts *c, int opt, const char *arg);

/* Resolves the device; -1 on conflicting options. */
int cli_common_finish(struct common_opts *c);

/*
 * Appends "-l2_mmu-shared-vmcb-single" for the --policy options in c, in
 * their order, to the string in buf (truncated to fit), characters a
 * label may not have replaced by '_'; nothing without any.
 */
void cli_append_policy_suffix(const struct common_opts *c, char *buf, size_t len);

/* A label becomes a file name: 1-100 of [A-Za-z0-9._-], no leading '.'. */
int cli_check_label(const char *label);

/*
 * getopt_long over argv with opterr off; reports unknown options and
 * missing values itself as "hvt-bench: CMD: ..." and returns '?'.
 */
int cli_getopt(const char *cmd, int argc, char **argv, const struct option *longopts);

/*
 * Where the workload image `file` is: $HVT_WORKLOADS/file if that variable
 * is set, else <bindir>/../share/hvt/workloads/file if it exists, else the
 * build tree's workloads directory.
 */
void cli_workload_path(const char *file, char *buf, size_t len);

#endif
