// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: tracefs events and their format files. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <bpf/libbpf.h>
#include "tracefs.h"
#include "util.h"

static const char *const tracefs_candidates[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

/* The mount point directory exists even when nothing is mounted: look for events/. */
const char *tracefs_dir(void)
{
	static const char *found;
	char path[128];
	struct stat st;

	if (found)
		return found;
	for (size_t i = 0; i < sizeof(tracefs_candidates) / sizeof(tracefs_candidates[0]); i++) {
		snprintf(path, sizeof(path), "%s/events", tracefs_candidates[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return found = tracefs_candidates[i];
	}
	err_msg("tracefs is not mounted (no /sys/kernel/tracing/events): "
		"mount -t tracefs tracefs /sys/kernel/tracing");
	return NULL;
}

static int event_path(char *buf, size_t len, const char *sys, const char *name, const char *file)
{
	const char *dir = tracefs_dir();

	if (!dir)
		return -1;
	/* A name too long for buf names no event. */
	if (snprintf(buf, len, "%s/events/%s%s%s%s%s", dir, sys, name ? "/" : "", name ? name : "",
		     file ? "/" : "", file ? file : "") >= (int)len)
		return -1;
	return 0;
}

bool tp_system_exists(const char *sys)
{
	char path[256];

	return event_path(path, sizeof(path), sys, NULL, NULL) == 0 && access(path, F_OK) == 0;
}

bool tp_event_exists(const char *sys, const char *name)
{
	char path[256];

	return event_path(path, sizeof(path), sys, name, "format") == 0 && access(path, R_OK) == 0;
}

static char *read_file(const char *path, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = malloc(cap);
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	/* tracefs files have no size: read until EOF. */
	while ((r = read(fd, buf + n, cap - n - 1)) > 0) {
		n += r;
		if (n + 1 == cap) {
			char *bigger = realloc(buf, cap *= 2);

			if (!bigger)
				break;
			buf = bigger;
		}
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* "\tfield:unsigned int vcpu_id;\toffset:8;\tsize:4;\tsigned:0;" */
static int parse_field_line(const char *line, struct tp_fieldinfo *f)
{
	const char *decl = strstr(line, "field:"), *semi, *name;
	const char *off = strstr(line, "offset:"), *size = strstr(line, "size:");
	size_t n;

	if (!decl || !off || !size)
		return -1;
	decl += strlen("field:");
	semi = strchr(decl, ';');
	if (!semi)
		return -1;
	/* The name is the declaration's last word, without an array suffix. */
	name = semi;
	while (name > decl && name[-1] != ' ')
		name--;
	n = strcspn(name, "[;");
	if (n == 0 || n >= sizeof(f->name))
		return -1;
	memcpy(f->name, name, n);
	f->name[n] = '\0';
	f->offset = strtoul(off + strlen("offset:"), NULL, 10);
	f->size = strtoul(size + strlen("size:"), NULL, 10);
	f->dynamic = strstr(decl, "__data_loc") && strstr(decl, "__data_loc") < semi;
	return 0;
}

int tp_format_parse(struct tp_event *ev, const char *text)
{
	const char *p = text;

	ev->nfields = 0;
	ev->rec_size = 0;
	ev->dynamic = false;
	ev->id = -1;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		char line[512];
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct tp_fieldinfo f;

		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), p);
		if (!strncmp(line, "ID:", 3))
			ev->id = atoi(line + 3);
		else if (!strncmp(line, "name:", 5) && !ev->name[0])
			snprintf(ev->name, sizeof(ev->name), "%s", line + 5 + strspn(line + 5, " "));
		else if (parse_field_line(line, &f) == 0 && ev->nfields < TP_MAX_FIELDS) {
			ev->fields[ev->nfields++] = f;
			if (f.offset + f.size > ev->rec_size)
				ev->rec_size = f.offset + f.size;
			ev->dynamic |= f.dynamic;
		}
		p = nl ? nl + 1 : NULL;
	}
	return ev->id >= 0 && ev->nfields > 0 ? 0 : -1;
}

int tp_event_load(const char *sys, const char *name, struct tp_event *ev)
{
	char path[256];

	memset(ev, 0, sizeof(*ev));
	if (event_path(path, sizeof(path), sys, name, "format"))
		return -1;
	if (access(path, F_OK))
		return -ENOENT;
	snprintf(ev->sys, sizeof(ev->sys), "%s", sys);
	snprintf(ev->name, sizeof(ev->name), "%s", name);
	ev->format = read_file(path, &ev->format_len);
	if (!ev->format) {
		err_msg("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	if (tp_format_parse(ev, ev->format)) {
		err_msg("cannot parse %s", path);
		tp_event_free(ev);
		return -1;
	}
	return 0;
}

void tp_event_free(struct tp_event *ev)
{
	free(ev->format);
	ev->format = NULL;
}

const struct tp_fieldinfo *tp_field_find(const struct tp_event *ev, const char *name)
{
	for (int i = 0; i < ev->nfields; i++)
		if (!strcmp(ev->fields[i].name, name))
			return &ev->fields[i];
	return NULL;
}

/*
 * One perf event on CPU 0 for any pid is enough: a BPF program attached to a
 * tracepoint runs wherever the tracepoint fires. Opening it ourselves, with
 * the id from the format we parsed, keeps libbpf from looking up tracefs in
 * a different place than we did.
 */
struct bpf_link *tp_attach(struct bpf_program *prog, const struct tp_event *ev)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.size = sizeof(attr),
		.config = ev->id,
	};
	struct bpf_link *link;
	int fd = syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);

	if (fd < 0) {
		err_msg("cannot open tracepoint %s:%s (id %d): %s", ev->sys, ev->name, ev->id,
			strerror(errno));
		return NULL;
	}
	link = bpf_program__attach_perf_event(prog, fd);
	if (!link) {
		err_msg("cannot attach %s to %s:%s: %s", bpf_program__name(prog), ev->sys,
			ev->name, strerror(errno));
		close(fd);
	}
	return link;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

int tp_system_events(const char *sys, char names[][64], int max)
{
	char path[256];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	if (event_path(path, sizeof(path), sys, NULL, NULL))
		return -1;
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)) && n < max) {
		if (d->d_name[0] == '.' || !tp_event_exists(sys, d->d_name))
			continue;
		snprintf(names[n++], 64, "%.63s", d->d_name);
	}
	closedir(dir);
	qsort(names, n, 64, cmp_names);
	return n;
}
