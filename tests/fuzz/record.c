// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"

static int format_op(char *buf, size_t len, const struct fz_op *op)
{
	const char *name = op->kind < fz_nr_ops ? fz_ops[op->kind].name : "?";

	return snprintf(buf, len, "%s 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64 " 0x%" PRIx64
			" 0x%" PRIx64 " 0x%" PRIx64 "\n", name, op->a[0], op->a[1], op->a[2],
			op->a[3], op->a[4], op->a[5]);
}

static void write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		n -= w;
	}
}

void fz_record_op(int fd, const struct fz_op *op)
{
	char line[256];
	int n = format_op(line, sizeof(line), op);

	write_all(fd, line, n);
}

void fz_record_header(int fd)
{
	write_all(fd, FZ_RECORD_MAGIC "\n", strlen(FZ_RECORD_MAGIC) + 1);
}

void fz_record_program(int fd, uint64_t seed)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "program 0x%" PRIx64 "\n", seed);

	write_all(fd, line, n);
}

int fz_record_write(FILE *f, const struct fz_prog *p)
{
	char line[256];

	fprintf(f, "program 0x%" PRIx64 "\n", p->seed);
	for (size_t i = 0; i < p->n; i++) {
		format_op(line, sizeof(line), &p->ops[i]);
		fputs(line, f);
	}
	return ferror(f) ? -1 : 0;
}

int fz_record_parse_op(const char *line, struct fz_op *op)
{
	char name[64];
	int kind, n;

	memset(op, 0, sizeof(*op));
	n = sscanf(line, "%63s %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64 " %" SCNx64
		   " %" SCNx64, name, &op->a[0], &op->a[1], &op->a[2], &op->a[3], &op->a[4],
		   &op->a[5]);
	if (n < 1)
		return -1;
	kind = fz_op_lookup(name);
	if (kind < 0)
		return -1;
	op->kind = kind;
	return 0;
}

static struct fz_prog *new_prog(struct fz_prog **progs, size_t *n, uint64_t seed)
{
	struct fz_prog *p = realloc(*progs, (*n + 1) * sizeof(**progs));

	if (!p)
		return NULL;
	*progs = p;
	p = &p[(*n)++];
	fz_prog_init(p);
	p->seed = seed;
	return p;
}

int fz_record_read(const char *path, struct fz_prog **progs, size_t *nprogs, char *err,
		   size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct fz_prog *cur = NULL;
	char line[512];
	int lineno = 0;

	*progs = NULL;
	*nprogs = 0;
	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *s = line + strspn(line, " \t");
		uint64_t seed = 0;
		struct fz_op op;

		lineno++;
		if (*s == '#' || *s == '\n' || *s == 0)
			continue;
		if (!strncmp(s, "program", 7)) {
			sscanf(s + 7, "%" SCNx64, &seed);
			cur = new_prog(progs, nprogs, seed);
			if (!cur)
				goto oom;
			continue;
		}
		if (fz_record_parse_op(s, &op)) {
			snprintf(err, errlen, "%s:%d: not an op: %.*s", path, lineno,
				 (int)strcspn(s, "\n"), s);
			fclose(f);
			return -1;
		}
		if (!cur && !(cur = new_prog(progs, nprogs, 0)))
			goto oom;
		if (fz_prog_push(cur, &op))
			goto oom;
	}
	fclose(f);
	if (!*nprogs) {
		snprintf(err, errlen, "%s: no ops", path);
		return -1;
	}
	return 0;
oom:
	fclose(f);
	snprintf(err, errlen, "out of memory reading %s", path);
	return -1;
}
