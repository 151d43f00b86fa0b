// SPDX-License-Identifier: GPL-2.0
/* hvt-bench run IMAGE: run any guest image to completion. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <hvtvmm/stats.h>
#include "cli.h"
#include "commands.h"

#define RUN_DEFAULT_MEM_MIB 64
#define RUN_DEFAULT_TIMEOUT 300
#define RUN_DEFAULT_ITERATIONS 1000
#define RUN_DEFAULT_WARMUP 100

struct run_opts {
	struct common_opts common;
	const char *image;
	uint64_t vcpus, iterations, warmup, scenario;
	uint64_t args[HVT_BOOT_NARGS];
	uint64_t ro_gpa, ro_size;	/* --readonly-slot; size 0 if not given */
};

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: " PROG " run IMAGE [options]\n"
		"\n"
		"Runs the guest image IMAGE (an ELF64 x86-64 executable linked at 0x100000)\n"
		"in 64-bit mode until every vCPU reports DONE. Prints the guest's PRINT lines\n"
		"(\"guest: ...\"), its VALUEs and a summary of its SAMPLES.\n"
		"\n"
		"options:\n"
		COMMON_OPTIONS_HELP
		"  --vcpus N         number of vCPUs, each on its own thread (default 1)\n"
		"  --iterations N    boot_params.iterations (default %d)\n"
		"  --warmup N        boot_params.warmup (default %d)\n"
		"  --scenario N      boot_params.scenario (default 0)\n"
		"  --arg I=V         boot_params.args[I] = V, I in 0..%d (repeatable)\n"
		"  --readonly-slot GPA:SIZE_KIB\n"
		"                    add a READONLY memory slot (KVM_MEM_READONLY) of SIZE_KIB\n"
		"                    KiB at GPA (both 4 KiB aligned, at most 64 MiB, above RAM,\n"
		"                    below 64 GiB), filled with the pattern of <hvt/testdev.h>;\n"
		"                    guest writes to it are recorded, not stored\n"
		"\n"
		"The MMIO test device of <hvt/testdev.h> answers at GPA 0x%llx when RAM ends\n"
		"below it; MMIO anywhere else ends the run.\n"
		"\n"
		"defaults: --hv kvm, --mem %d, --timeout %d\n"
		"exit status: 0 every vCPU reported DONE; 1 the guest reported FAIL or ended\n"
		"abnormally (triple fault, timeout, unexpected exit); 2 usage; 3 setup (device,\n"
		"policy refused, image)\n",
		RUN_DEFAULT_ITERATIONS, RUN_DEFAULT_WARMUP, HVT_BOOT_NARGS - 1,
		(unsigned long long)HVT_TESTDEV_GPA, RUN_DEFAULT_MEM_MIB, RUN_DEFAULT_TIMEOUT);
}

/* --arg I=V */
static int parse_arg_assignment(const char *s, uint64_t *args)
{
	const char *eq = strchr(s, '=');
	char index[16];
	uint64_t i;

	if (!eq || eq == s || (size_t)(eq - s) >= sizeof(index)) {
		cli_error("--arg: '%s' is not I=V", s);
		return -1;
	}
	memcpy(index, s, eq - s);
	index[eq - s] = '\0';
	if (cli_parse_u64("--arg index", index, 0, HVT_BOOT_NARGS - 1, &i) ||
	    cli_parse_u64("--arg value", eq + 1, 0, UINT64_MAX, &args[i]))
		return -1;
	return 0;
}

/* --readonly-slot GPA:SIZE_KIB; where it may go is checked once --mem is known */
static int parse_readonly_slot(const char *s, struct run_opts *o)
{
	const char *colon = strchr(s, ':');
	char gpa[32];
	uint64_t kib;

	if (!colon || colon == s || (size_t)(colon - s) >= sizeof(gpa)) {
		cli_error("--readonly-slot: '%s' is not GPA:SIZE_KIB", s);
		return -1;
	}
	memcpy(gpa, s, colon - s);
	gpa[colon - s] = '\0';
	if (cli_parse_u64("--readonly-slot GPA", gpa, 0, VMM_RO_SLOT_GPA_LIMIT, &o->ro_gpa) ||
	    cli_parse_u64("--readonly-slot SIZE_KIB", colon + 1, 4, VMM_RO_SLOT_MAX_SIZE >> 10, &kib))
		return -1;
	o->ro_size = kib << 10;
	return 0;
}

static int check_readonly_slot(const struct run_opts *o)
{
	const char *problem;

	if (!o->ro_size)
		return 0;
	problem = vmm_readonly_slot_problem(o->ro_gpa, o->ro_size, o->common.mem_mib << 20);
	if (problem)
		cli_error("--readonly-slot: %llu KiB at 0x%llx with --mem %llu: %s",
			  (unsigned long long)(o->ro_size >> 10), (unsigned long long)o->ro_gpa,
			  (unsigned long long)o->common.mem_mib, problem);
	return problem ? -1 : 0;
}

static int run_option(struct run_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case OPT_VCPUS:
		return cli_parse_u64("--vcpus", arg, 1, VMM_MAX_VCPUS, &o->vcpus);
	case OPT_ITERATIONS:
		return cli_parse_u64("--iterations", arg, 0, UINT64_MAX, &o->iterations);
	case OPT_WARMUP:
		return cli_parse_u64("--warmup", arg, 0, UINT64_MAX, &o->warmup);
	case OPT_SCENARIO:
		return cli_parse_u64("--scenario", arg, 0, UINT32_MAX, &o->scenario);
	case OPT_ARG:
		return parse_arg_assignment(arg, o->args);
	case OPT_RO_SLOT:
		return parse_readonly_slot(arg, o);
	}
	return -1;
}

/* PARSE_GO to run, else the exit status (--help shown, or a usage error). */
static int parse_run_options(int argc, char **argv, struct run_opts *o)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "vcpus", required_argument, NULL, OPT_VCPUS },
		{ "iterations", required_argument, NULL, OPT_ITERATIONS },
		{ "warmup", required_argument, NULL, OPT_WARMUP },
		{ "scenario", required_argument, NULL, OPT_SCENARIO },
		{ "arg", required_argument, NULL, OPT_ARG },
		{ "readonly-slot", required_argument, NULL, OPT_RO_SLOT },
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc;

	while ((opt = cli_getopt("run", argc, argv, longopts)) != -1) {
		if (opt == OPT_HELP) {
			run_usage(stdout);
			return EXIT_OK;
		}
		rc = opt == '?' ? -1 : cli_common_option(&o->common, opt, optarg);
		if (rc == 0)
			rc = run_option(o, opt, optarg) ? -1 : 1;
		if (rc < 0)
			goto usage;
	}
	if (optind != argc - 1) {
		cli_error(optind == argc ? "run: no IMAGE given" : "run: more than one IMAGE given");
		goto usage;
	}
	o->image = argv[optind];
	if (cli_common_finish(&o->common) || check_readonly_slot(o))
		goto usage;
	return PARSE_GO;
usage:
	run_usage(stderr);
	return EXIT_USAGE;
}

static void print_value(void *ctx, unsigned int vcpu, const char *name, uint64_t value)
{
	(void)ctx;
	printf("value: %s = %" PRIu64 " (0x%" PRIx64 ") [vcpu %u]\n", name, value, value, vcpu);
	fflush(stdout);
}

static void print_samples(void *ctx, unsigned int vcpu, const char *name,
			  const uint64_t *samples, uint64_t count)
{
	struct stats s;

	(void)ctx;
	if (stats_compute(samples, count, &s)) {
		printf("samples: %s: none [vcpu %u]\n", name, vcpu);
		return;
	}
	printf("samples: %s: n=%zu median=%" PRIu64 " p10=%" PRIu64 " p90=%" PRIu64
	       " min=%" PRIu64 " max=%" PRIu64 " mean=%.1f [vcpu %u]\n",
	       name, s.count, s.median, s.p10, s.p90, s.min, s.max, s.mean, vcpu);
	fflush(stdout);
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = { .vcpus = 1, .iterations = RUN_DEFAULT_ITERATIONS,
			      .warmup = RUN_DEFAULT_WARMUP };
	struct vmm_run_ops ops = { .value = print_value, .samples = print_samples };
	struct vmm_guest_config cfg = { 0 };
	int rc;

	cli_common_init(&o.common, RUN_DEFAULT_TIMEOUT, RUN_DEFAULT_MEM_MIB);
	rc = parse_run_options(argc, argv, &o);
	if (rc != PARSE_GO)
		return rc;
	cfg.dev_path = o.common.dev;
	cfg.image_path = o.image;
	cfg.mem_size = o.common.mem_mib << 20;
	cfg.nr_vcpus = o.vcpus;
	cfg.scenario = o.scenario;
	cfg.iterations = o.iterations;
	cfg.warmup = o.warmup;
	memcpy(cfg.args, o.args, sizeof(cfg.args));
	cfg.ro_slot_gpa = o.ro_gpa;
	cfg.ro_slot_size = o.ro_size;
	cfg.policies = o.common.policies;
	cfg.nr_policies = o.common.nr_policies;
	return bench_run_guest(&cfg, &ops, o.common.timeout_sec, o.common.stats, NULL);
}
