// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "oracle.h"

/* What makes a kernel log fail a run: the testbed's own list, plus lockups and stalls. */
static const char *const problems[] = {
	"WARNING: CPU:", "BUG:", "kernel BUG at", "Oops", "Kernel panic",
	"general protection fault", "UBSAN:", "KASAN:", "soft lockup", "hard LOCKUP",
	"self-detected stall", "rcu_sched detected stall", "rcu_preempt detected stall",
	"blocked for more than", "stack-protector", "stack is corrupted", "double fault",
	"HVT-FUZZ-FAKE-OOPS",
};

int fz_kmsg_is_problem(const char *msg)
{
	for (size_t i = 0; i < sizeof(problems) / sizeof(problems[0]); i++)
		if (strstr(msg, problems[i]))
			return 1;
	return 0;
}

void fz_kmsg_open(struct fz_kmsg *k)
{
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd >= 0)
		lseek(k->fd, 0, SEEK_END);
}

/* One record: "prio,seq,usec,flags;text\n" and continuation lines. */
static const char *record_text(char *rec)
{
	char *semi = strchr(rec, ';'), *nl;

	if (!semi)
		return rec;
	nl = strchr(semi + 1, '\n');
	if (nl)
		*nl = 0;
	return semi + 1;
}

int fz_kmsg_scan(struct fz_kmsg *k, char *out, size_t len)
{
	char rec[8192];
	int found = 0;
	size_t used = 0;

	if (k->fd < 0)
		return 0;
	for (;;) {
		ssize_t n = read(k->fd, rec, sizeof(rec) - 1);
		const char *text;

		if (n < 0 && errno == EPIPE)
			continue;	/* records were overwritten: go on from the oldest left */
		if (n <= 0)
			break;
		rec[n] = 0;
		text = record_text(rec);
		if (!found && fz_kmsg_is_problem(text))
			found = 1;
		/* Keep the problem line and what follows it (the stack trace). */
		if (found && used + 2 < len) {
			int w = snprintf(out + used, len - used, "%s\n", text);

			used += w > 0 ? (size_t)w : 0;
			if (used >= len)
				used = len - 1;
		}
	}
	return found;
}

const char *const fz_counter_names[FZ_NR_COUNTERS] = {
	"live_vms", "live_vcpus", "live_pages", "guest_page_refs",
};

void fz_counters_read(struct fz_counters *c)
{
	char path[96];

	c->valid = 1;
	for (int i = 0; i < FZ_NR_COUNTERS; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/kernel/debug/hvt/%s", fz_counter_names[i]);
		f = fopen(path, "r");
		if (!f || fscanf(f, "%ld", &c->v[i]) != 1)
			c->valid = 0;
		if (f)
			fclose(f);
	}
}

int fz_counters_diff(const struct fz_counters *a, const struct fz_counters *b, char *out,
		     size_t len)
{
	if (!a->valid || !b->valid)
		return 0;
	for (int i = 0; i < FZ_NR_COUNTERS; i++) {
		if (a->v[i] != b->v[i]) {
			snprintf(out, len, "%s is %ld after the program, %ld before it",
				 fz_counter_names[i], b->v[i], a->v[i]);
			return 1;
		}
	}
	return 0;
}
