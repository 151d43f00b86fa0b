// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"
#include "outfile.h"

int out_make_dirs(const char *dir)
{
	char path[PATH_MAX];
	size_t n = strlen(dir);

	if (n == 0 || n >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, n + 1);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(path, 0777) && errno != EEXIST ? -1 : 0;
}

FILE *out_open(const char *dir, const char *label, const char *ext, char *path, size_t len)
{
	FILE *f;

	if ((size_t)snprintf(path, len, "%s/%s.%s", dir, label, ext) >= len) {
		cli_error("output path %s/%s.%s is too long", dir, label, ext);
		return NULL;
	}
	f = fopen(path, "w");
	if (!f)
		cli_error("cannot write %s: %s", path, strerror(errno));
	return f;
}

int out_close(FILE *f, const char *path, int write_failed)
{
	if (fclose(f) || write_failed) {
		cli_error("cannot write %s: %s", path, errno ? strerror(errno) : "write error");
		return -1;
	}
	return 0;
}
