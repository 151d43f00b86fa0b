// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "record.h"
#include "supervise.h"

void fz_sup_init(struct fz_sup *s, const char *dev, unsigned int avoid,
		 unsigned int op_timeout_s, int check_leaks, int record_fd)
{
	memset(s, 0, sizeof(*s));
	s->dev = dev;
	s->avoid = avoid;
	s->op_timeout_s = op_timeout_s;
	s->check_leaks = check_leaks;
	s->record_fd = record_fd;
	s->results_fd = -1;
	fz_kmsg_open(&s->kmsg);
}

static void executor(struct fz_sup *s, struct fz_shared *sh, const struct fz_prog *p)
{
	struct fz_exec x;

	setpgid(0, 0);
	if (fz_exec_init(&x, s->dev, s->avoid, sh, s->record_fd, s->results_fd)) {
		fprintf(stderr, "hvt-fuzz: cannot open %s: %s\n", s->dev, strerror(errno));
		_exit(4);
	}
	fz_exec_prog(&x, p);
	/* Teardown is watched like an op: closing the last fd destroys the VMs. */
	sh->op_index = p->n;
	sh->op_start_ns = fz_now_ns();
	sh->in_op = 1;
	fz_exec_teardown(&x);
	sh->in_op = 0;
	_exit(0);
}

static void append_file(char *out, size_t len, const char *path, const char *label)
{
	size_t used = strlen(out);
	char buf[2048];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = 0;
	snprintf(out + used, len - used, "%s:\n%s", label, buf);
}

/* Where each executor thread is in the kernel: what a hang report needs. */
static void describe_threads(pid_t pid, char *out, size_t len)
{
	char dir[64], path[384], label[320];
	struct dirent *d;
	DIR *t;

	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	t = opendir(dir);
	if (!t)
		return;
	while ((d = readdir(t))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/stat", dir, d->d_name);
		snprintf(label, sizeof(label), "thread %s stat", d->d_name);
		append_file(out, len, path, label);
		snprintf(path, sizeof(path), "%s/%s/stack", dir, d->d_name);
		snprintf(label, sizeof(label), "thread %s kernel stack", d->d_name);
		append_file(out, len, path, label);
	}
	closedir(t);
}

static int wait_gone(pid_t pid, int *status, unsigned int ms)
{
	for (unsigned int i = 0; i < ms / 10; i++) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		usleep(10000);
	}
	return 0;
}

static void verdict(struct fz_verdict *v, int kind, const char *fmt, const char *arg)
{
	v->kind = kind;
	snprintf(v->msg, sizeof(v->msg), fmt, arg);
}

/* Watch the executor until it exits or an op overruns; 1 if it exited. */
static int watch(struct fz_sup *s, struct fz_shared *sh, pid_t pid, int *status,
		 struct fz_verdict *v)
{
	uint64_t limit = (uint64_t)s->op_timeout_s * 1000000000ull;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 1;
		if (sh->in_op && fz_now_ns() - sh->op_start_ns > limit) {
			v->kind = FZ_FAIL_HANG;
			v->op_index = sh->op_index;
			v->op_known = 1;
			snprintf(v->msg, sizeof(v->msg), "op %zu did not finish within %us\n",
				 (size_t)sh->op_index, s->op_timeout_s);
			describe_threads(pid, v->msg, sizeof(v->msg));
			/* Exiting already? Then say after what (its own report never got out). */
			if (sh->fail_kind != FZ_OK)
				snprintf(v->msg + strlen(v->msg), sizeof(v->msg) - strlen(v->msg),
					 "the executor was exiting after a %s failure: %s\n",
					 fz_fail_name(sh->fail_kind), sh->fail_msg);
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			if (!wait_gone(pid, status, 10000)) {
				s->unkillable = 1;
				strncat(v->msg, "the executor survived SIGKILL for 10s (stuck in the kernel)\n",
					sizeof(v->msg) - strlen(v->msg) - 1);
			}
			return 0;
		}
		usleep(20000);
	}
}

static void judge_exit(struct fz_shared *sh, int status, struct fz_verdict *v)
{
	char sig[32];

	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3 && sh->fail_kind != FZ_OK) {
		v->kind = sh->fail_kind;
		v->op_index = sh->op_index;
		v->op_known = 1;
		snprintf(v->msg, sizeof(v->msg), "%s", sh->fail_msg);
		return;
	}
	if (WIFSIGNALED(status)) {
		v->op_index = sh->op_index;
		v->op_known = 1;
		snprintf(sig, sizeof(sig), "%d", WTERMSIG(status));
		verdict(v, FZ_FAIL_CRASH, "the executor died of signal %s", sig);
		return;
	}
	snprintf(sig, sizeof(sig), "%d", WEXITSTATUS(status));
	verdict(v, FZ_FAIL_CRASH, "the executor exited with status %s", sig);
}

/* Counters must come back; the last fput of a dying process may lag a little. */
static void check_leaks(const struct fz_counters *before, struct fz_verdict *v)
{
	struct fz_counters after;
	char msg[256];

	for (int tries = 0; tries < 50; tries++) {
		fz_counters_read(&after);
		if (!fz_counters_diff(before, &after, msg, sizeof(msg)))
			return;
		usleep(20000);
	}
	verdict(v, FZ_FAIL_LEAK, "%s", msg);
}

void fz_sup_run(struct fz_sup *s, const struct fz_prog *p, struct fz_verdict *v)
{
	struct fz_counters before;
	struct fz_shared *sh;
	char klog[sizeof(v->msg)];
	int status = 0, exited;
	pid_t pid;

	memset(v, 0, sizeof(*v));
	fz_counters_read(&before);
	fz_kmsg_scan(&s->kmsg, klog, sizeof(klog));	/* what came before is not ours */
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED) {
		verdict(v, FZ_FAIL_CRASH, "%s", "mmap of the shared page failed");
		return;
	}
	memset(sh, 0, sizeof(*sh));
	if (s->record_fd >= 0)
		fz_record_program(s->record_fd, p->seed);
	if (s->results_fd >= 0)
		fz_record_program(s->results_fd, p->seed);
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		executor(s, sh, p);
	if (pid < 0) {
		verdict(v, FZ_FAIL_CRASH, "fork: %s", strerror(errno));
		munmap(sh, sizeof(*sh));
		return;
	}
	exited = watch(s, sh, pid, &status, v);
	if (exited)
		judge_exit(sh, status, v);
	if (exited && WIFEXITED(status) && WEXITSTATUS(status) == 4) {
		verdict(v, FZ_FAIL_CRASH, "%s", "the executor could not open the device");
	}
	/* Whatever else the program left behind (fork children) goes too. */
	kill(-pid, SIGKILL);
	usleep(1000);
	/* The kernel log outranks everything: a WARN explains the rest. */
	if (fz_kmsg_scan(&s->kmsg, klog, sizeof(klog))) {
		size_t op = v->op_index;
		int known = v->op_known || v->kind == FZ_OK;

		v->kind = FZ_FAIL_KMSG;
		v->op_index = v->op_known ? op : sh->op_index;
		v->op_known = known;
		snprintf(v->msg, sizeof(v->msg), "%s", klog);
	} else if (v->kind == FZ_OK && s->check_leaks && !s->unkillable) {
		check_leaks(&before, v);
	}
	v->ioctls = sh->ioctls;
	v->ioctl_errors = sh->ioctl_errors;
	v->runs = sh->runs;
	v->run_eintr = sh->run_eintr;
	for (int i = 0; i < FZ_NR_EXIT_COUNTS; i++)
		v->exits[i] = sh->exits[i];
	munmap(sh, sizeof(*sh));
}
