// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-bench policies: hvt's per-VM policies as a fresh VM sees them
 * (HVT_ENUM_POLICY), so the values shown are the module's current
 * defaults, module parameters included.
 */
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/device.h>
#include <hvtvmm/policy.h>
#include "cli.h"
#include "commands.h"

static void policies_usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " policies [--dev PATH | --hv kvm|hvt]\n"
		"\n"
		"Creates a VM and lists every policy the hypervisor registers: name, the\n"
		"value a new VM gets (the module's default, set by its parameters), the\n"
		"allowed values, whether this build implements it (active; an inactive\n"
		"policy accepts only its default) and what it chooses. Set them per VM\n"
		"with --policy NAME=VALUE on run, l1-cpuid and nested-cpuid.\n"
		"\n"
		"options:\n"
		"  --dev PATH        KVM-API device to ask (any path)\n"
		"  --hv kvm|hvt      shorthand for --dev /dev/kvm or --dev /dev/hvt (default hvt)\n"
		"  --help            this text\n"
		"\n"
		"exit status: 0 ok; 2 usage; 3 the device cannot be opened or has no policies\n"
		"(stock KVM has none)\n");
}

/* PARSE_GO to list, else the exit status. */
static int parse_policies_options(int argc, char **argv, struct common_opts *c)
{
	static const struct option longopts[] = {
		{ "dev", required_argument, NULL, OPT_DEV },
		{ "hv", required_argument, NULL, OPT_HV },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = cli_getopt("policies", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			policies_usage(stdout);
			return EXIT_OK;
		}
		if (opt == '?' || cli_common_option(c, opt, optarg) < 0)
			goto usage;
	}
	if (optind != argc) {
		cli_error("policies: unexpected argument '%s'", argv[optind]);
		goto usage;
	}
	/* the command is about hvt: without --dev or --hv, ask /dev/hvt */
	if (!c->dev_given && !c->hv)
		c->hv = "hvt";
	if (cli_common_finish(c))
		goto usage;
	return PARSE_GO;
usage:
	policies_usage(stderr);
	return EXIT_USAGE;
}

/* Column widths from the longest entry, so a long allowed list stays aligned. */
static void column_widths(const struct hvt_policy_info *p, unsigned int n, int w[3])
{
	w[0] = (int)strlen("name");
	w[1] = (int)strlen("default");
	w[2] = (int)strlen("allowed");
	for (unsigned int i = 0; i < n; i++) {
		if ((int)strlen(p[i].name) > w[0])
			w[0] = (int)strlen(p[i].name);
		if ((int)strlen(p[i].value) > w[1])
			w[1] = (int)strlen(p[i].value);
		if ((int)strlen(p[i].allowed) > w[2])
			w[2] = (int)strlen(p[i].allowed);
	}
}

static void print_policies(const char *dev, const struct hvt_policy_info *p, unsigned int n)
{
	int w[3];

	column_widths(p, n, w);
	printf("policies of %s (%s), as a new VM gets them:\n", dev, vmm_device_kind(dev));
	printf("%-*s  %-*s  %-*s  %-8s  %s\n", w[0], "name", w[1], "default", w[2], "allowed",
	       "state", "doc");
	for (unsigned int i = 0; i < n; i++)
		printf("%-*s  %-*s  %-*s  %-8s  %s\n", w[0], p[i].name, w[1], p[i].value,
		       w[2], p[i].allowed,
		       p[i].flags & HVT_POLICY_F_ACTIVE ? "active" : "inactive", p[i].doc);
	fflush(stdout);
}

int cmd_policies(int argc, char **argv)
{
	struct hvt_policy_info *infos = NULL;
	struct common_opts c;
	struct vmm_vm vm;
	struct vmm_err err;
	unsigned int n = 0;
	int rc;

	cli_common_init(&c, 0, 0);
	rc = parse_policies_options(argc, argv, &c);
	if (rc != PARSE_GO)
		return rc;
	if (vmm_vm_open(&vm, c.dev, &err)) {
		cli_error("%s", err.msg);
		return EXIT_SETUP;
	}
	rc = EXIT_SETUP;
	if (!vmm_policy_supported(vm.vm_fd))
		cli_error("policies are hvt's; %s has none (KVM_CHECK_EXTENSION(HVT_CAP_POLICIES) = 0)",
			  c.dev);
	else if (vmm_policy_list(vm.vm_fd, &infos, &n, &err))
		cli_error("%s: %s", c.dev, err.msg);
	else
		rc = EXIT_OK;
	if (rc == EXIT_OK)
		print_policies(c.dev, infos, n);
	free(infos);
	vmm_vm_close(&vm);
	return rc;
}
