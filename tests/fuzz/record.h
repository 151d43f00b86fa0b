/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Recordings: programs as text, one op a line, so a failing run can be
 * replayed, shrunk, read and edited by hand.
 *
 *   # hvt-fuzz recording 1
 *   program 0x1f2e3d4c5b6a7988
 *   create_vm 0x0 0x0 0x0 0x0 0x0 0x0
 *   ...
 *
 * '#' starts a comment; "program" starts a new program (each runs in a
 * fresh executor process); blank lines are ignored.
 */
#ifndef FZ_RECORD_H
#define FZ_RECORD_H

#include <stdio.h>

#include "op.h"

#define FZ_RECORD_MAGIC "# hvt-fuzz recording 1"

/* Append one op as a line with a single write() (safe against a crash after it). */
void fz_record_op(int fd, const struct fz_op *op);
void fz_record_header(int fd);
void fz_record_program(int fd, uint64_t seed);
/* Write a whole program (header line included). */
int fz_record_write(FILE *f, const struct fz_prog *p);

/* Read every program of @path; *progs is malloc'ed. -1 with a message in err. */
int fz_record_read(const char *path, struct fz_prog **progs, size_t *nprogs, char *err,
		   size_t errlen);
/* Parse one op line; 0 on success. */
int fz_record_parse_op(const char *line, struct fz_op *op);

#endif
