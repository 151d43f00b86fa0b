// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace: BPF tools on hvt's and stock KVM's exit tracepoints, aware of
 * nesting. `hvt-trace --help` lists the commands; docs/tracing.md explains
 * them with real output.
 */
#include <stdio.h>
#include <string.h>
#include "opts.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "stat", cmd_stat, "exits per level and exit code, with the time L0 spent on them" },
	{ "nested", cmd_nested, "L2->L1->L2 round trips: histograms of the whole and its parts" },
	{ "record", cmd_record, "record raw tracepoint records (with their formats) to a file" },
	{ "report", cmd_report, "decode a recorded file: text, --csv or --json" },
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: " PROG " COMMAND [options] [-- COMMAND TO TRACE [ARGS...]]\n"
		   "       " PROG " COMMAND --help\n\ncommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nstat, nested and record trace --hv hvt (hvt.ko's hvt:* events) or --hv kvm\n"
		   "(kvm:kvm_exit, kvm_entry and the nested events); they need root.\n"
		   "exit status: 0 ok; 1 failure (a corrupt or truncated record file); 2 usage;\n"
		   "3 setup (not root, no tracefs, hypervisor not loaded, BPF); a traced\n"
		   "command's non-zero status is passed on.\n");
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
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	err_msg("unknown command '%s'", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
