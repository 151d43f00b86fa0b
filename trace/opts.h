/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: the options the tracing commands share, and the command dispatch. */
#ifndef HVT_TRACE_OPTS_H
#define HVT_TRACE_OPTS_H

#include <argp.h>
#include <stdbool.h>
#include "hv.h"
#include "util.h"

enum {
	OPT_HV = 1000,
	OPT_VCPU,
	OPT_SAMPLES,
	OPT_CSV,
	OPT_JSON,
};

#define OPTION_HV { "hv", OPT_HV, "hvt|kvm", 0, "Hypervisor to trace (default: hvt if hvt.ko is loaded, else kvm)", 0 }
#define OPTION_PID { "pid", 'p', "PID", 0, "Only this process (the VMM)", 0 }
#define OPTION_VCPU { "vcpu", OPT_VCPU, "N", 0, "Only vCPU N (its id in the VM)", 0 }
#define OPTION_DURATION { "duration", 'd', "SECS", 0, "Stop after SECS seconds", 0 }
#define OPTION_INTERVAL { "interval", 'i', "SECS", 0, "Print the table every SECS seconds", 0 }
#define OPTION_OUTPUT { "output", 'o', "FILE", 0, "Write the tables to FILE (a traced command keeps stdout)", 0 }
#define OPTION_TSC { "tsc", 'T', NULL, 0, "Times in TSC ticks instead of ns", 0 }

struct trace_opts {
	enum hv_kind hv;
	long pid;		/* -1: all */
	long vcpu;		/* -1: all */
	bool tsc;
	struct run_opts run;
};

void trace_opts_init(struct trace_opts *o);
/* Handles the shared options and the command after "--"; ARGP_ERR_UNKNOWN otherwise. */
error_t trace_opts_parse(int key, char *arg, struct argp_state *state, struct trace_opts *o);
/* argp_parse with "hvt-trace <cmd>" as the program name in messages. */
int trace_argp_parse(const struct argp *argp, int argc, char **argv, void *input);

int cmd_stat(int argc, char **argv);
int cmd_nested(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
