// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>
#include <hvtvmm/csv.h>

void csv_init(struct csv_writer *w, FILE *f)
{
	w->f = f;
	w->in_row = false;
}

static void separator(struct csv_writer *w)
{
	if (w->in_row)
		fputc(',', w->f);
	w->in_row = true;
}

void csv_field(struct csv_writer *w, const char *s)
{
	separator(w);
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, w->f);
		return;
	}
	fputc('"', w->f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', w->f);	/* a quote inside is doubled */
		fputc(*s, w->f);
	}
	fputc('"', w->f);
}

void csv_u64(struct csv_writer *w, uint64_t v)
{
	separator(w);
	fprintf(w->f, "%" PRIu64, v);
}

void csv_end_row(struct csv_writer *w)
{
	fputc('\n', w->f);
	w->in_row = false;
}

int csv_finish(struct csv_writer *w)
{
	return fflush(w->f) || ferror(w->f) ? -1 : 0;
}
