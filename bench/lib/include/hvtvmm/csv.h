/* SPDX-License-Identifier: GPL-2.0 */
/* A tiny CSV writer (RFC 4180: fields with , " CR or LF are quoted). */
#ifndef HVTVMM_CSV_H
#define HVTVMM_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct csv_writer {
	FILE *f;
	bool in_row;	/* a field has been written on the current row */
};

void csv_init(struct csv_writer *w, FILE *f);
void csv_field(struct csv_writer *w, const char *s);
void csv_u64(struct csv_writer *w, uint64_t v);
void csv_end_row(struct csv_writer *w);
/* 0 if every write worked */
int csv_finish(struct csv_writer *w);

#endif
