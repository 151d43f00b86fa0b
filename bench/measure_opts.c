// SPDX-License-Identifier: GPL-2.0
/* The options, checks and --trace wrapper l1-cpuid and nested-cpuid share. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <hvtvmm/device.h>
#include "measure_opts.h"
#include "outfile.h"

#define TRACED_ENV "HVT_BENCH_TRACED"

void measure_init(struct measure_opts *m, uint64_t iterations, uint64_t warmup,
		  unsigned int timeout_sec, uint64_t mem_mib)
{
	*m = (struct measure_opts){ .iterations = iterations, .warmup = warmup, .repeat = 1 };
	cli_common_init(&m->common, timeout_sec, mem_mib);
}

static int parse_trace(struct measure_opts *m, const char *arg)
{
	if (!arg || !strcmp(arg, "stat"))
		m->trace = "stat";
	else if (!strcmp(arg, "nested"))
		m->trace = "nested";
	else {
		cli_error("--trace: '%s' is neither stat nor nested", arg);
		return -1;
	}
	return 1;
}

int measure_option(struct measure_opts *m, int opt, const char *arg, uint64_t max_count)
{
	int rc = cli_common_option(&m->common, opt, arg);

	if (rc)
		return rc;
	switch (opt) {
	case OPT_ITERATIONS:
		return cli_parse_u64("--iterations", arg, 1, max_count, &m->iterations) ? -1 : 1;
	case OPT_WARMUP:
		return cli_parse_u64("--warmup", arg, 0, max_count, &m->warmup) ? -1 : 1;
	case OPT_REPEAT:
		return cli_parse_u64("--repeat", arg, 1, 1000, &m->repeat) ? -1 : 1;
	case OPT_OUT:
		m->out_dir = arg;
		return 1;
	case OPT_LABEL:
		m->label = arg;
		return 1;
	case OPT_IMAGE:
		m->image = arg;
		return 1;
	case OPT_TRACE:
		return parse_trace(m, arg);
	}
	return 0;
}

int measure_finish(struct measure_opts *m, const char *image_file, const char *label_prefix)
{
	if (cli_common_finish(&m->common))
		return -1;
	m->kind = vmm_device_kind(m->common.dev);
	if (!m->image) {
		cli_workload_path(image_file, m->image_buf, sizeof(m->image_buf));
		m->image = m->image_buf;
		m->image_defaulted = true;
	}
	if (!m->label) {
		snprintf(m->label_buf, sizeof(m->label_buf), "%s-%s", label_prefix, m->kind);
		cli_append_policy_suffix(&m->common, m->label_buf, sizeof(m->label_buf));
		/* traced results never overwrite untraced ones */
		if (m->trace)
			snprintf(m->label_buf + strlen(m->label_buf),
				 sizeof(m->label_buf) - strlen(m->label_buf), "-trace-%s", m->trace);
		m->label = m->label_buf;
	}
	return cli_check_label(m->label);
}

int measure_check_image(const struct measure_opts *m, const char *image_file)
{
	if (m->image_defaulted && access(m->image, R_OK)) {
		cli_error("cannot find the %s workload at %s: %s (build the workloads, set HVT_WORKLOADS or pass --image)",
			  image_file, m->image, strerror(errno));
		return EXIT_SETUP;
	}
	return EXIT_OK;
}

bool measure_under_trace(void)
{
	const char *v = getenv(TRACED_ENV);

	return v && !strcmp(v, "1");
}

/* This program's path, and the directory it is in. */
static int self_path(char *exe, size_t len, char *dir, size_t dlen)
{
	ssize_t n = readlink("/proc/self/exe", exe, len - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	snprintf(dir, dlen, "%s", exe);
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

/*
 * hvt-trace: $HVT_TRACE, else next to hvt-bench (installed, or the
 * testbed's /bin), else in the build tree (bench/../trace), else from PATH.
 */
static void find_hvt_trace(const char *dir, char *buf, size_t len)
{
	static const char *const rel[] = { "/hvt-trace", "/../trace/hvt-trace" };
	const char *env = getenv("HVT_TRACE");

	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return;
	}
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if ((size_t)snprintf(buf, len, "%s%s", dir, rel[i]) < len && !access(buf, X_OK))
			return;
	snprintf(buf, len, "hvt-trace");
}

int measure_run_traced(const struct measure_opts *m, int argc, char **argv)
{
	char exe[PATH_MAX], dir[PATH_MAX], tracer[PATH_MAX], table[PATH_MAX], samples[PATH_MAX];
	const char **args = calloc(argc + 16, sizeof(*args));
	int n = 0, status;
	pid_t pid;

	if (!args) {
		cli_error("out of memory");
		return EXIT_SETUP;
	}
	if (self_path(exe, sizeof(exe), dir, sizeof(dir))) {
		cli_error("--trace: cannot find this program's path: %s", strerror(errno));
		free(args);
		return EXIT_SETUP;
	}
	find_hvt_trace(dir, tracer, sizeof(tracer));
	args[n++] = tracer;
	args[n++] = m->trace;
	if (!strcmp(m->kind, "kvm") || !strcmp(m->kind, "hvt")) {
		args[n++] = "--hv";
		args[n++] = m->kind;
	}
	if (m->out_dir) {
		/* hvt-trace opens its output before the benchmark makes the directory */
		if (out_make_dirs(m->out_dir)) {
			cli_error("cannot create %s: %s", m->out_dir, strerror(errno));
			free(args);
			return EXIT_SETUP;
		}
		snprintf(table, sizeof(table), "%s/%s.trace.txt", m->out_dir, m->label);
		args[n++] = "-o";
		args[n++] = table;
		if (!strcmp(m->trace, "nested")) {
			snprintf(samples, sizeof(samples), "%s/%s.trace-samples.csv", m->out_dir,
				 m->label);
			args[n++] = "--samples";
			args[n++] = samples;
		}
	}
	args[n++] = "--";
	args[n++] = exe;
	for (int i = 0; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		cli_error("--trace: cannot fork: %s", strerror(errno));
		free(args);
		return EXIT_SETUP;
	}
	if (pid == 0) {
		setenv(TRACED_ENV, "1", 1);
		execvp(tracer, (char **)args);
		cli_error("--trace: cannot run %s: %s (build it, or set HVT_TRACE)", tracer,
			  strerror(errno));
		_exit(EXIT_SETUP);
	}
	free(args);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			cli_error("--trace: waitpid: %s", strerror(errno));
			return EXIT_SETUP;
		}
	if (WIFEXITED(status)) {
		if (m->out_dir && WEXITSTATUS(status) != EXIT_USAGE)
			printf("trace: %s\n", table);
		return WEXITSTATUS(status);
	}
	cli_error("--trace: %s ended by signal %d", tracer, WTERMSIG(status));
	return EXIT_SETUP;
}
