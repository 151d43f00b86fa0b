// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: the shared options. */
#include <stdio.h>
#include <stdlib.h>
#include "opts.h"

void trace_opts_init(struct trace_opts *o)
{
	*o = (struct trace_opts){ .hv = HV_AUTO, .pid = -1, .vcpu = -1 };
}

error_t trace_opts_parse(int key, char *arg, struct argp_state *state, struct trace_opts *o)
{
	switch (key) {
	case OPT_HV:
		if (hv_parse(arg, &o->hv))
			argp_error(state, "--hv takes hvt or kvm, not '%s'", arg);
		return 0;
	case 'p':
		if (parse_int(arg, 1, 0x7fffffff, &o->pid))
			argp_error(state, "--pid takes a process id, not '%s'", arg);
		return 0;
	case OPT_VCPU:
		if (parse_int(arg, 0, 0x7fffffff, &o->vcpu))
			argp_error(state, "--vcpu takes a vCPU id, not '%s'", arg);
		return 0;
	case 'd':
		if (parse_seconds(arg, &o->run.duration))
			argp_error(state, "--duration takes a positive number of seconds, not '%s'", arg);
		return 0;
	case 'i':
		if (parse_seconds(arg, &o->run.interval))
			argp_error(state, "--interval takes a positive number of seconds, not '%s'", arg);
		return 0;
	case 'T':
		o->tsc = true;
		return 0;
	case 'o':
		o->run.output = arg;
		return 0;
	case ARGP_KEY_ARGS:
		/* Everything after "--": the command to trace. */
		o->run.cmd = state->argv + state->next;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

int trace_argp_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	static char name[64];	/* argv[0] outlives this call */

	snprintf(name, sizeof(name), PROG " %s", argv[0]);
	argv[0] = name;
	argp_err_exit_status = EXIT_USAGE;
	return argp_parse(argp, argc, argv, 0, NULL, input);
}
