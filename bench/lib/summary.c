// SPDX-License-Identifier: GPL-2.0
/* The summary reader (see summary.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <hvtvmm/json_parse.h>
#include <hvtvmm/summary.h>

#define LABEL_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

/* "a string", "an array", "null": for messages. */
static const char *described(enum json_type type)
{
	switch (type) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "?";
}

/* The member at a dotted path ("summary.median"), or NULL if any step is missing. */
static const struct json_value *lookup(const struct json_value *root, const char *path)
{
	char key[64];
	const char *dot;

	while (root && (dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		root = json_get(root, key);
		path = dot + 1;
	}
	return root ? json_get(root, path) : NULL;
}

static int get_u64(const struct json_value *root, const char *path, uint64_t *out,
		   struct vmm_err *err)
{
	const struct json_value *v = lookup(root, path);

	if (!v)
		return vmm_errf(err, "missing member \"%s\"", path);
	if (v->type != JSON_NUMBER || !v->is_u64)
		return vmm_errf(err, "\"%s\" is %s, want a non-negative integer", path,
				v->type == JSON_NUMBER ? "a number out of range or fractional" :
				described(v->type));
	*out = v->u64;
	return 0;
}

/*
 * A string member copied into buf; allowed (if not NULL) is the set of
 * characters it may consist of, else any printable ASCII. The checks keep
 * terminal escapes and odd file names out of what compare prints.
 */
static int get_string(const struct json_value *root, const char *path, const char *allowed,
		      char *buf, size_t size, struct vmm_err *err)
{
	const struct json_value *v = lookup(root, path);
	size_t n;

	if (!v)
		return vmm_errf(err, "missing member \"%s\"", path);
	if (v->type != JSON_STRING)
		return vmm_errf(err, "\"%s\" is %s, want a string", path, described(v->type));
	n = strlen(v->string);
	if (n == 0 || n >= size)
		return vmm_errf(err, "\"%s\" is %zu characters long, want 1 to %zu", path, n, size - 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = v->string[i];

		if (allowed ? !strchr(allowed, c) : (c < 0x20 || c > 0x7e))
			return vmm_errf(err, "\"%s\" has a character outside %s", path,
					allowed ? "[A-Za-z0-9._-]" : "printable ASCII");
	}
	memcpy(buf, v->string, n + 1);
	return 0;
}

static int check_order(const struct bench_summary *s, struct vmm_err *err)
{
	if (s->count == 0)
		return vmm_errf(err, "\"summary.count\" is 0: no samples");
	if (s->p10 > s->median || s->median > s->p90)
		return vmm_errf(err, "inconsistent summary: want p10 <= median <= p90, have %llu, %llu, %llu",
				(unsigned long long)s->p10, (unsigned long long)s->median,
				(unsigned long long)s->p90);
	return 0;
}

static int extract(const struct json_value *root, struct bench_summary *s, struct vmm_err *err)
{
	if (root->type != JSON_OBJECT)
		return vmm_errf(err, "the document is %s, want an object", described(root->type));
	if (get_string(root, "benchmark", LABEL_CHARS, s->benchmark, sizeof(s->benchmark), err) ||
	    get_string(root, "label", LABEL_CHARS, s->label, sizeof(s->label), err) ||
	    get_string(root, "unit", LABEL_CHARS, s->unit, sizeof(s->unit), err) ||
	    get_string(root, "hypervisor.kind", LABEL_CHARS, s->kind, sizeof(s->kind), err) ||
	    get_string(root, "hypervisor.device", NULL, s->device, sizeof(s->device), err) ||
	    get_u64(root, "summary.count", &s->count, err) ||
	    get_u64(root, "summary.median", &s->median, err) ||
	    get_u64(root, "summary.p10", &s->p10, err) ||
	    get_u64(root, "summary.p90", &s->p90, err))
		return -1;
	return check_order(s, err);
}

int summary_parse(const char *text, size_t len, struct bench_summary *s, struct vmm_err *err)
{
	struct json_value root;
	struct vmm_err perr;
	int rc;

	memset(s, 0, sizeof(*s));
	if (len == 0)
		return vmm_errf(err, "empty file");
	if (json_parse(text, len, &root, &perr))
		return vmm_errf(err, "not valid JSON: %s", perr.msg);
	rc = extract(&root, s, err);
	json_value_free(&root);
	return rc;
}

/* The whole file, at most SUMMARY_MAX_FILE bytes, in a malloc'd buffer. */
static int read_all(const char *path, char **text, size_t *len, struct vmm_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;
	struct stat st;
	ssize_t n = 0;
	size_t at = 0;
	char *buf;

	if (fd < 0)
		return vmm_errf(err, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size > SUMMARY_MAX_FILE) {
		close(fd);
		return vmm_errf(err, "%s: not a regular file of at most %u MiB", path,
				SUMMARY_MAX_FILE >> 20);
	}
	buf = malloc(st.st_size + 1);
	if (!buf) {
		close(fd);
		return vmm_errf(err, "%s: out of memory", path);
	}
	while (at < (size_t)st.st_size && (n = read(fd, buf + at, st.st_size - at)) > 0)
		at += n;
	saved = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		return vmm_errf(err, "cannot read %s: %s", path, strerror(saved));
	}
	*text = buf;
	*len = at;	/* a file that shrank meanwhile parses as truncated */
	return 0;
}

int summary_read_file(const char *path, struct bench_summary *s, struct vmm_err *err)
{
	struct vmm_err why;
	char *text = NULL;
	size_t len = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	if (read_all(path, &text, &len, err))
		return -1;
	rc = summary_parse(text, len, s, &why);
	free(text);
	if (rc)
		return vmm_errf(err, "%s: %s", path, why.msg);
	return 0;
}
