// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hvtvmm/device.h>
#include "cli.h"

#ifndef HVT_BUILD_WORKLOADS_DIR
#define HVT_BUILD_WORKLOADS_DIR "workloads"
#endif
#define INSTALLED_WORKLOADS_REL "/../share/hvt/workloads"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);	/* keep stdout and stderr lines in order */
	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_parse_u64(const char *opt, const char *s, uint64_t min, uint64_t max,
		  uint64_t *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	/* strtoull would accept "-1" and leading blanks: want a digit first */
	if (*s < '0' || *s > '9') {
		cli_error("%s: '%s' is not a number", opt, s);
		return -1;
	}
	v = strtoull(s, &end, 0);
	if (*end || errno) {
		cli_error("%s: '%s' is not a number", opt, s);
		return -1;
	}
	if (v < min || v > max) {
		cli_error("%s: %llu is out of range (%llu..%llu)", opt, v,
			  (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

void cli_common_init(struct common_opts *c, unsigned int timeout_sec, uint64_t mem_mib)
{
	*c = (struct common_opts){ .timeout_sec = timeout_sec, .mem_mib = mem_mib };
}

static int parse_mem(struct common_opts *c, const char *arg)
{
	if (cli_parse_u64("--mem", arg, 4, 4096, &c->mem_mib))
		return -1;
	if (c->mem_mib % 2) {
		cli_error("--mem: %llu MiB is not a multiple of 2 MiB",
			  (unsigned long long)c->mem_mib);
		return -1;
	}
	c->mem_given = true;
	return 1;
}

/* --policy NAME=VALUE; the same name twice is a mistake, not an override */
static int parse_policy(struct common_opts *c, const char *arg)
{
	struct vmm_policy p;
	struct vmm_err err;

	if (vmm_policy_parse(arg, &p, &err)) {
		cli_error("--policy: %s", err.msg);
		return -1;
	}
	for (unsigned int i = 0; i < c->nr_policies; i++) {
		if (!strcmp(c->policies[i].name, p.name)) {
			cli_error("--policy: %s is given twice", p.name);
			return -1;
		}
	}
	if (c->nr_policies == CLI_MAX_POLICIES) {
		cli_error("--policy: more than %d policies", CLI_MAX_POLICIES);
		return -1;
	}
	c->policies[c->nr_policies++] = p;
	return 1;
}

int cli_common_option(struct common_opts *c, int opt, const char *arg)
{
	uint64_t v;

	switch (opt) {
	case OPT_DEV:
		c->dev = arg;
		c->dev_given = true;
		return 1;
	case OPT_HV:
		if (strcmp(arg, "kvm") && strcmp(arg, "hvt")) {
			cli_error("--hv: '%s' is neither kvm nor hvt", arg);
			return -1;
		}
		c->hv = arg;
		return 1;
	case OPT_MEM:
		return parse_mem(c, arg);
	case OPT_STATS:
		c->stats = true;
		return 1;
	case OPT_POLICY:
		return parse_policy(c, arg);
	case OPT_TIMEOUT:
		if (cli_parse_u64("--timeout", arg, 0, 86400 * 7, &v))
			return -1;
		c->timeout_sec = v;
		return 1;
	}
	return 0;
}

int cli_common_finish(struct common_opts *c)
{
	if (c->dev_given && c->hv) {
		cli_error("give either --dev or --hv, not both");
		return -1;
	}
	if (!c->dev_given)
		c->dev = c->hv && !strcmp(c->hv, "hvt") ? VMM_DEV_HVT : VMM_DEV_KVM;
	return 0;
}

#define LABEL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

/* Appends "-word" to buf, odd characters as '_'; truncates to fit. */
static void append_label_word(char *buf, size_t len, const char *word)
{
	size_t at = strlen(buf);

	if (at + 1 < len)
		buf[at++] = '-';
	for (const char *p = word; *p && at + 1 < len; p++)
		buf[at++] = strchr(LABEL_CHARS, *p) ? *p : '_';
	buf[at] = '\0';
}

void cli_append_policy_suffix(const struct common_opts *c, char *buf, size_t len)
{
	for (unsigned int i = 0; i < c->nr_policies; i++) {
		append_label_word(buf, len, c->policies[i].name);
		append_label_word(buf, len, c->policies[i].value);
	}
}

int cli_check_label(const char *label)
{
	size_t n = strlen(label);

	if (n == 0 || n > 100 || label[0] == '.' || strspn(label, LABEL_CHARS) != n) {
		cli_error("--label: '%s' must be 1-100 of [A-Za-z0-9._-], not starting with '.'", label);
		return -1;
	}
	return 0;
}

int cli_getopt(const char *cmd, int argc, char **argv, const struct option *longopts)
{
	int opt;

	opterr = 0;
	opt = getopt_long(argc, argv, ":", longopts, NULL);
	if (opt == '?') {
		/* an unknown long option leaves optopt 0; the word itself is in argv */
		if (optopt)
			cli_error("%s: unknown option '-%c'", cmd, optopt);
		else
			cli_error("%s: unknown option '%s'", cmd, argv[optind - 1]);
	} else if (opt == ':') {
		cli_error("%s: option '%s' needs a value", cmd, argv[optind - 1]);
		opt = '?';
	}
	return opt;
}

static int installed_workloads_dir(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s" INSTALLED_WORKLOADS_REL, exe) >= len)
		return -1;
	return access(buf, R_OK | X_OK);
}

void cli_workload_path(const char *file, char *buf, size_t len)
{
	const char *env = getenv("HVT_WORKLOADS");
	char dir[PATH_MAX];

	if (env && *env)
		snprintf(buf, len, "%s/%s", env, file);
	else if (!installed_workloads_dir(dir, sizeof(dir)))
		snprintf(buf, len, "%s/%s", dir, file);
	else
		snprintf(buf, len, "%s/%s", HVT_BUILD_WORKLOADS_DIR, file);
}
