// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench: runs guest images and benchmarks on a KVM-API device
 * (/dev/kvm or /dev/hvt). `hvt-bench --help` lists the commands.
 */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "commands.h"
#include "env.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "run", cmd_run, "run any guest image to completion" },
	{ "l1-cpuid", cmd_l1_cpuid, "cost of a CPUID exit from an L1 guest" },
	{ "nested-cpuid", cmd_nested_cpuid, "cost of an L2->L1->L2 CPUID round trip under an L1 hypervisor" },
	{ "l2-switch", cmd_l2_switch, "cost of switching an L1 vCPU between L2 guests (VMCB12s)" },
	{ "policies", cmd_policies, "hvt's per-VM policies: values, allowed values, state" },
	{ "compare", cmd_compare, "medians of result files and their ratios to the first" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " COMMAND [options]\n"
		   "       " PROG " COMMAND --help\n\ncommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nexit status: 0 ok; 1 guest failure, abnormal exit or timeout;\n"
		   "2 usage error; 3 setup error (device, image, output)\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf(PROG " %s\n", bench_version());
		return EXIT_OK;
	}
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
