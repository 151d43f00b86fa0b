/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: messages, exit statuses, privileges, clocks, the traced command. */
#ifndef HVT_TRACE_UTIL_H
#define HVT_TRACE_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define PROG "hvt-trace"

/* Exit statuses, as hvt-bench's. A traced command's own non-zero status passes through. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,		/* a corrupt or truncated record file, a failed run */
	EXIT_USAGE = 2,
	EXIT_SETUP = 3,		/* not root, no tracefs, hypervisor not loaded, BPF load */
};

void err_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int need_root(void);
int need_btf(void);

/* TSC against CLOCK_MONOTONIC (the clock of bpf_ktime_get_ns) over a run. */
struct clock_pair {
	uint64_t tsc0, ns0, tsc1, ns1;
};
uint64_t mono_ns(void);
void clock_start(struct clock_pair *c);
void clock_stop(struct clock_pair *c);
double clock_tsc_per_ns(const struct clock_pair *c);

/* How a tracing tool runs: until Ctrl-C, -d SECS, or the end of a command. */
struct run_opts {
	double duration;	/* 0: none */
	double interval;	/* 0: no live output */
	char **cmd;		/* NULL: none */
	const char *output;	/* NULL: stdout; else the tables go here, the command keeps stdout */
};

struct run_state {
	pid_t child;
	int child_status;	/* the command's exit status once it ended */
	bool child_done;
	uint64_t start_ns;
	uint64_t next_tick_ns;
};

int run_begin(const struct run_opts *o, struct run_state *st);
/* Sleeps up to slice_ms; returns 1 while tracing goes on, 0 when it is over. */
int run_wait(const struct run_opts *o, struct run_state *st, int slice_ms);
/* True once per -i interval. */
bool run_tick(const struct run_opts *o, struct run_state *st);
int run_end(struct run_state *st, int status);

int parse_seconds(const char *s, double *out);
int parse_int(const char *s, long min, long max, long *out);

/* The sum over CPUs of a per-CPU array's u64 at key (0 if it cannot be read). */
uint64_t percpu_u64_sum(int map_fd, uint32_t key);

#endif
