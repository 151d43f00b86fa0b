/* SPDX-License-Identifier: GPL-2.0 */
/* Result files under --out DIR: DIR/LABEL.EXT, created and closed with checks. */
#ifndef HVT_BENCH_OUTFILE_H
#define HVT_BENCH_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* mkdir -p dir; -1 with errno on failure. */
int out_make_dirs(const char *dir);

/* Opens DIR/LABEL.EXT for writing, its path in path; prints why and returns NULL on failure. */
FILE *out_open(const char *dir, const char *label, const char *ext, char *path, size_t len);

/*
 * fclose() that also reports an earlier failed write (write_failed, e.g. a
 * full disk); prints why and returns -1. Set errno to 0 before the writes.
 */
int out_close(FILE *f, const char *path, int write_failed);

#endif
