// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: messages, privileges, clocks and the traced command. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <x86intrin.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "util.h"

static volatile sig_atomic_t stop_requested;

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Loading BPF and opening tracepoint perf events needs CAP_BPF and CAP_PERFMON. */
int need_root(void)
{
	if (geteuid() == 0)
		return 0;
	err_msg("must run as root: loading BPF programs and attaching them to tracepoints "
		"needs CAP_BPF and CAP_PERFMON (try sudo)");
	return -1;
}

/* stat and nested keep per-thread state in task storage, which needs the kernel's BTF. */
int need_btf(void)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK) == 0)
		return 0;
	err_msg("this kernel has no BTF (/sys/kernel/btf/vmlinux): stat and nested keep "
		"per-vCPU state in BPF task storage, which needs it (CONFIG_DEBUG_INFO_BTF=y); "
		"record and report do not");
	return -1;
}

uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void clock_start(struct clock_pair *c)
{
	c->ns0 = mono_ns();
	c->tsc0 = __rdtsc();
}

void clock_stop(struct clock_pair *c)
{
	c->ns1 = mono_ns();
	c->tsc1 = __rdtsc();
}

/* 0 when the run was too short to tell. */
double clock_tsc_per_ns(const struct clock_pair *c)
{
	if (c->ns1 <= c->ns0 + 1000000)
		return 0;
	return (double)(c->tsc1 - c->tsc0) / (double)(c->ns1 - c->ns0);
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int spawn(char **cmd, pid_t *pid)
{
	*pid = fork();
	if (*pid < 0) {
		err_msg("cannot fork: %s", strerror(errno));
		return -1;
	}
	if (*pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(cmd[0], cmd);
		fprintf(stderr, PROG ": cannot run '%s': %s\n", cmd[0], strerror(errno));
		_exit(127);
	}
	return 0;
}

/* Called once the programs are attached, so the command's first exits are seen. */
int run_begin(const struct run_opts *o, struct run_state *st)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int fd = -1;

	memset(st, 0, sizeof(*st));
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	st->start_ns = mono_ns();
	st->next_tick_ns = st->start_ns + (uint64_t)(o->interval * 1e9);
	if (o->output) {
		fd = open(o->output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			err_msg("cannot write %s: %s", o->output, strerror(errno));
			return -1;
		}
	}
	if (o->cmd && spawn(o->cmd, &st->child)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* After the fork: the command's output stays where ours was. */
	if (fd >= 0) {
		fflush(stdout);
		dup2(fd, STDOUT_FILENO);
		close(fd);
	}
	return 0;
}

static void reap_child(struct run_state *st)
{
	int status;

	if (!st->child || st->child_done)
		return;
	if (waitpid(st->child, &status, WNOHANG) != st->child)
		return;
	st->child_done = true;
	if (WIFEXITED(status))
		st->child_status = WEXITSTATUS(status);
	else
		st->child_status = 128 + WTERMSIG(status);
}

int run_wait(const struct run_opts *o, struct run_state *st, int slice_ms)
{
	struct timespec ts = { slice_ms / 1000, (slice_ms % 1000) * 1000000L };

	if (stop_requested)
		return 0;
	nanosleep(&ts, NULL);
	reap_child(st);
	if (stop_requested || st->child_done)
		return 0;
	if (o->duration > 0 && mono_ns() - st->start_ns >= (uint64_t)(o->duration * 1e9))
		return 0;
	return 1;
}

bool run_tick(const struct run_opts *o, struct run_state *st)
{
	uint64_t now = mono_ns();

	if (o->interval <= 0 || now < st->next_tick_ns)
		return false;
	st->next_tick_ns = now + (uint64_t)(o->interval * 1e9);
	return true;
}

/* A command still running (Ctrl-C, -d) is waited for: its summary must be whole. */
int run_end(struct run_state *st, int status)
{
	int ws;

	if (st->child && !st->child_done) {
		if (waitpid(st->child, &ws, 0) == st->child)
			st->child_status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
		st->child_done = true;
	}
	if (status == EXIT_OK && st->child_status)
		return st->child_status;
	return status;
}

int parse_seconds(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || *out <= 0)
		return -1;
	return 0;
}

int parse_int(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 0);
	if (errno || end == s || *end || *out < min || *out > max)
		return -1;
	return 0;
}

uint64_t percpu_u64_sum(int map_fd, uint32_t key)
{
	int ncpus = libbpf_num_possible_cpus();
	uint64_t *per = calloc(ncpus > 0 ? ncpus : 1, sizeof(*per)), sum = 0;

	if (per && !bpf_map_lookup_elem(map_fd, &key, per))
		for (int c = 0; c < ncpus; c++)
			sum += per[c];
	free(per);
	return sum;
}
