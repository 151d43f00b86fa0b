// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "diff.h"

void fz_results_note(struct fz_exec *x, const char *what, long result)
{
	int n;

	if (syscall(SYS_gettid) != x->main_tid || !strcmp(what, "KVM_RUN"))
		return;
	n = snprintf(x->res + x->res_len, sizeof(x->res) - x->res_len, " %s=%ld", what, result);
	if (n > 0 && x->res_len + n < sizeof(x->res))
		x->res_len += n;
}

void fz_results_op(struct fz_exec *x, size_t index, const struct fz_op *op)
{
	char line[sizeof(x->res) + 64];
	int n;

	if (x->res_len) {
		n = snprintf(line, sizeof(line), "%zu %s%s\n", index, fz_ops[op->kind].name, x->res);
		if (n > 0)
			(void)!write(x->results_fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	}
	x->res_len = 0;
	x->res[0] = 0;
}

struct tally {
	char key[160];
	unsigned long n;
};

/* Count a difference under "<ioctl>: <a> vs <b>" of the first differing result. */
static void count(struct tally *t, size_t *nt, size_t cap, const char *a, const char *b)
{
	char ka[80] = "", kb[80] = "", key[160];

	sscanf(a, "%*s %*s %79s", ka);
	sscanf(b, "%*s %*s %79s", kb);
	snprintf(key, sizeof(key), "%s | %s", ka, kb);
	for (size_t i = 0; i < *nt; i++) {
		if (!strcmp(t[i].key, key)) {
			t[i].n++;
			return;
		}
	}
	if (*nt < cap) {
		snprintf(t[*nt].key, sizeof(t[*nt].key), "%s", key);
		t[(*nt)++].n = 1;
	}
}

int fz_results_diff(const char *pa, const char *pb, unsigned int show)
{
	FILE *fa = fopen(pa, "r"), *fb = fopen(pb, "r");
	char la[1200], lb[1200], prog[64] = "";
	static struct tally t[256];
	unsigned long ops = 0, differ = 0;
	size_t nt = 0;

	if (!fa || !fb) {
		fprintf(stderr, "hvt-fuzz: cannot read %s: %s\n", fa ? pb : pa, strerror(errno));
		return 3;
	}
	while (fgets(la, sizeof(la), fa) && fgets(lb, sizeof(lb), fb)) {
		la[strcspn(la, "\n")] = 0;
		lb[strcspn(lb, "\n")] = 0;
		if (la[0] == '#')
			continue;
		if (!strncmp(la, "program", 7)) {
			snprintf(prog, sizeof(prog), "%.60s", la);
			continue;
		}
		ops++;
		if (!strcmp(la, lb))
			continue;
		differ++;
		count(t, &nt, sizeof(t) / sizeof(t[0]), la, lb);
		if (differ <= show)
			printf("%s, op %s\n  %s: %s\n  %s: %s\n", prog, la, pa, strchr(la, ' ') + 1,
			       pb, lb[0] ? strchr(lb, ' ') ? strchr(lb, ' ') + 1 : lb : "");
	}
	fclose(fa);
	fclose(fb);
	printf("hvt-fuzz: %lu of %lu ops answered differently\n", differ, ops);
	for (size_t i = 0; i < nt; i++)
		printf("  %6lu  %s\n", t[i].n, t[i].key);
	return differ ? 1 : 0;
}
