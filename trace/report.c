// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace report: decodes a record file with libtraceevent, using the
 * format files recorded in it (so it needs neither root nor the machine the
 * trace came from). A damaged file is decoded up to the damage, then the
 * damage is reported and the status is 1.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>
#include "opts.h"
#include "recfile.h"

enum report_fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

struct report_opts {
	const char *path;
	enum report_fmt fmt;
};

#define MAX_COLUMNS 64

struct report {
	struct tep_handle *tep;
	enum report_fmt fmt;
	char columns[MAX_COLUMNS][48];	/* CSV: the union of the events' fields */
	int ncolumns;
	bool csv_header_done;
	uint64_t first_ts;
	uint64_t events, formats;
	bool have_end;
	struct rec_end end;
	char hv[16];
	long min_record;	/* bytes every record needs: the common fields */
};

static const char report_doc[] =
	"Decode a file written by `hvt-trace record`: text (as in trace_pipe), CSV (one\n"
	"row per event, a column per field of any event), or JSON (one object per line).\n"
	"\v"
	"exit status: 0 the whole file decoded; 1 the file is corrupt or truncated (the\n"
	"events before the damage are printed); 2 usage.";

static const struct argp_option report_options[] = {
	{ "csv", OPT_CSV, NULL, 0, "CSV output", 0 },
	{ "json", OPT_JSON, NULL, 0, "JSON lines output", 0 },
	{ 0 },
};

static error_t report_parse(int key, char *arg, struct argp_state *state)
{
	struct report_opts *o = state->input;

	switch (key) {
	case OPT_CSV:
		o->fmt = FMT_CSV;
		return 0;
	case OPT_JSON:
		o->fmt = FMT_JSON;
		return 0;
	case ARGP_KEY_ARG:
		if (o->path)
			argp_error(state, "one FILE only ('%s' is extra)", arg);
		o->path = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o->path)
			argp_error(state, "FILE is required");
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static const struct argp report_argp = {
	report_options, report_parse, "FILE", report_doc, NULL, NULL, NULL,
};

/* Where a field ends in a record; -1 for a nonsense offset or size. */
static long field_end(const struct tep_format_field *f)
{
	return f->offset < 0 || f->size < 0 ? -1 : (long)f->offset + f->size;
}

static void add_columns(struct report *r, struct tep_event *ev)
{
	struct tep_format_field **fields = tep_event_fields(ev);

	for (int i = 0; fields && fields[i]; i++) {
		int j;

		for (j = 0; j < r->ncolumns && strcmp(r->columns[j], fields[i]->name); j++)
			;
		if (j == r->ncolumns && r->ncolumns < MAX_COLUMNS)
			snprintf(r->columns[r->ncolumns++], sizeof(r->columns[0]), "%s", fields[i]->name);
	}
	free(fields);
}

/* FORMAT payload: system name, NUL, the format file's text. */
static int take_format(struct report *r, const char *buf, uint32_t len, char *err, size_t errlen)
{
	const char *nul = memchr(buf, '\0', len);
	const char *id = memmem(buf, len, "\nID:", 4);
	struct tep_event *ev;
	enum tep_errno rc;

	if (!nul) {
		snprintf(err, errlen, "format block without a system name");
		return -1;
	}
	rc = tep_parse_event(r->tep, nul + 1, len - (nul + 1 - buf), buf);
	if (rc) {
		char msg[128];

		tep_strerror(r->tep, rc, msg, sizeof(msg));
		snprintf(err, errlen, "cannot parse the recorded format of a %s event: %s", buf, msg);
		return -1;
	}
	ev = id ? tep_find_event(r->tep, atoi(id + 4)) : NULL;
	if (!ev) {
		r->formats++;
		return 0;
	}
	/* Every record must hold the common fields: they name its event. */
	for (const struct tep_format_field *f = ev->format.common_fields; f; f = f->next) {
		long end = field_end(f);

		if (end < 0 || end > UINT16_MAX) {
			snprintf(err, errlen, "the recorded format of %s:%s puts %s outside any record",
				 ev->system, ev->name, f->name);
			return -1;
		}
		if (end > r->min_record)
			r->min_record = end;
	}
	r->formats++;
	add_columns(r, ev);
	return 0;
}

static void take_meta(struct report *r, const char *buf, uint32_t len)
{
	const char *hv = memmem(buf, len, "hv=", 3);

	if (hv)
		sscanf(hv + 3, "%15[^\n]", r->hv);
}

static bool plain_number(const struct tep_format_field *f)
{
	return !(f->flags & (TEP_FIELD_IS_ARRAY | TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)) &&
	       f->size <= 8;
}

/* A field's value: decimal for numbers, libtraceevent's rendering otherwise. */
static void field_text(struct tep_format_field *f, struct tep_record *rec, char *buf, size_t len)
{
	unsigned long long v;
	struct trace_seq s;

	if (plain_number(f) && !tep_read_number_field(f, rec->data, &v)) {
		if (f->flags & TEP_FIELD_IS_SIGNED)
			snprintf(buf, len, "%lld", (long long)v);
		else
			snprintf(buf, len, "%llu", v);
		return;
	}
	trace_seq_init(&s);
	tep_print_field_content(&s, rec->data, rec->size, f);
	trace_seq_terminate(&s);
	snprintf(buf, len, "%s", s.buffer);
	trace_seq_destroy(&s);
}

static void print_text(struct report *r, struct tep_event *ev, struct tep_record *rec)
{
	struct trace_seq s;

	trace_seq_init(&s);
	tep_print_event(r->tep, &s, rec, "%s", TEP_PRINT_INFO);
	trace_seq_terminate(&s);
	printf("%6llu.%09llu cpu%-2d pid %-6d %s:%s: %s\n",
	       (unsigned long long)((rec->ts - r->first_ts) / 1000000000ull),
	       (unsigned long long)((rec->ts - r->first_ts) % 1000000000ull), rec->cpu,
	       tep_data_pid(r->tep, rec), ev->system, ev->name, s.buffer);
	trace_seq_destroy(&s);
}

static void print_csv(struct report *r, struct tep_event *ev, struct tep_record *rec)
{
	char val[256];

	if (!r->csv_header_done) {
		printf("time_ns,cpu,pid,event");
		for (int i = 0; i < r->ncolumns; i++)
			printf(",%s", r->columns[i]);
		printf("\n");
		r->csv_header_done = true;
	}
	printf("%llu,%d,%d,%s:%s", (unsigned long long)rec->ts, rec->cpu, tep_data_pid(r->tep, rec),
	       ev->system, ev->name);
	for (int i = 0; i < r->ncolumns; i++) {
		struct tep_format_field *f = tep_find_field(ev, r->columns[i]);

		val[0] = '\0';
		if (f)
			field_text(f, rec, val, sizeof(val));
		/* Values with commas or quotes (rendered arrays) are quoted. */
		if (strpbrk(val, ",\""))
			printf(",\"%s\"", val);
		else
			printf(",%s", val);
	}
	printf("\n");
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(struct report *r, struct tep_event *ev, struct tep_record *rec)
{
	struct tep_format_field **fields = tep_event_fields(ev);
	char val[256];

	printf("{\"time_ns\":%llu,\"cpu\":%d,\"pid\":%d,\"event\":\"%s:%s\",\"fields\":{",
	       (unsigned long long)rec->ts, rec->cpu, tep_data_pid(r->tep, rec), ev->system, ev->name);
	for (int i = 0; fields && fields[i]; i++) {
		printf("%s\"%s\":", i ? "," : "", fields[i]->name);
		field_text(fields[i], rec, val, sizeof(val));
		if (plain_number(fields[i]))
			printf("%s", val);
		else
			json_string(val);
	}
	printf("}}\n");
	free(fields);
}

/*
 * The file is untrusted: libtraceevent reads fields at the offsets the
 * recorded format gives, without looking at the record's size. So every
 * field of ev, and the data of its variable-length (__data_loc, __rel_loc)
 * fields, must lie inside rec.
 */
static const char *record_misfit(const struct tep_event *ev, const struct tep_record *rec)
{
	const struct tep_format_field *lists[] = { ev->format.common_fields, ev->format.fields };

	for (int l = 0; l < 2; l++) {
		for (const struct tep_format_field *f = lists[l]; f; f = f->next) {
			long end = field_end(f);
			uint32_t loc, start;

			if (end < 0 || end > rec->size)
				return f->name;
			if (!(f->flags & TEP_FIELD_IS_DYNAMIC))
				continue;
			if (f->size < 4)
				return f->name;
			memcpy(&loc, (const uint8_t *)rec->data + f->offset, sizeof(loc));
			start = loc & 0xffff;
			if (f->flags & TEP_FIELD_IS_RELATIVE)
				start += end;
			if ((uint64_t)start + (loc >> 16) > (uint64_t)rec->size)
				return f->name;
		}
	}
	return NULL;
}

/* EVENT payload: struct rec_ev_hdr, then the raw record. */
static int take_event(struct report *r, uint8_t *buf, uint32_t len, char *err, size_t errlen)
{
	struct rec_ev_hdr h;
	struct tep_record rec = { 0 };
	struct tep_event *ev;
	const char *misfit;

	if (len < sizeof(h)) {
		snprintf(err, errlen, "event block of %u bytes, shorter than its header", len);
		return -1;
	}
	memcpy(&h, buf, sizeof(h));
	if (h.size != len - sizeof(h) || h.size < r->min_record) {
		snprintf(err, errlen, "event block with a record of %u bytes in %u", h.size, len);
		return -1;
	}
	rec.ts = h.ts_ns;
	rec.cpu = h.cpu;
	rec.size = h.size;
	rec.data = buf + sizeof(h);
	ev = tep_find_event_by_record(r->tep, &rec);
	if (!ev) {
		snprintf(err, errlen, "event of unknown type %d (no format for it in the file)",
			 tep_data_type(r->tep, &rec));
		return -1;
	}
	misfit = record_misfit(ev, &rec);
	if (misfit) {
		snprintf(err, errlen, "%s:%s record of %u bytes: field %s lies outside it",
			 ev->system, ev->name, h.size, misfit);
		return -1;
	}
	if (!r->events++)
		r->first_ts = rec.ts;
	if (r->fmt == FMT_CSV)
		print_csv(r, ev, &rec);
	else if (r->fmt == FMT_JSON)
		print_json(r, ev, &rec);
	else
		print_text(r, ev, &rec);
	return 0;
}

static int take_block(struct report *r, const struct rec_block *b, uint8_t *buf, char *err,
		      size_t errlen)
{
	if (r->have_end) {
		snprintf(err, errlen, "data after the end block");
		return -1;
	}
	switch (b->type) {
	case BLK_META:
		take_meta(r, (const char *)buf, b->len);
		return 0;
	case BLK_FORMAT:
		return take_format(r, (const char *)buf, b->len, err, errlen);
	case BLK_EVENT:
		return take_event(r, buf, b->len, err, errlen);
	default:	/* BLK_END */
		if (b->len < sizeof(r->end)) {
			snprintf(err, errlen, "end block of %u bytes", b->len);
			return -1;
		}
		memcpy(&r->end, buf, sizeof(r->end));
		r->have_end = true;
		return 0;
	}
}

static int check_end(const struct report *r, char *err, size_t errlen)
{
	if (!r->have_end) {
		snprintf(err, errlen, "truncated: the file ends without its end block "
			 "(the recording was cut short)");
		return -1;
	}
	if (r->end.events != r->events) {
		snprintf(err, errlen, "the end block counts %llu events, the file has %llu",
			 (unsigned long long)r->end.events, (unsigned long long)r->events);
		return -1;
	}
	return 0;
}

static void summary(const struct report *r, const char *path, const char *err)
{
	fflush(stdout);
	fprintf(stderr, PROG " report: %s: %llu events decoded (%llu event formats, %s)", path,
		(unsigned long long)r->events, (unsigned long long)r->formats,
		r->hv[0] ? r->hv : "hypervisor unknown");
	if (r->have_end && r->end.dropped)
		fprintf(stderr, "; the recorder LOST %llu events", (unsigned long long)r->end.dropped);
	fprintf(stderr, "\n");
	if (err)
		err_msg("%s: %s", path, err);
}

static int decode(struct report *r, struct recfile_reader *rd, char *err, size_t errlen)
{
	struct rec_block b;
	char msg[256];
	int got;

	while ((got = recfile_next(rd, &b)) == 1) {
		if (!take_block(r, &b, rd->buf, msg, sizeof(msg)))
			continue;
		snprintf(err, errlen, "block %llu at offset %llu: %s",
			 (unsigned long long)rd->nblock - 1,
			 (unsigned long long)(rd->off - sizeof(b) - b.len), msg);
		return -1;
	}
	if (got < 0) {
		snprintf(err, errlen, "%s", rd->err);
		return -1;
	}
	return check_end(r, err, errlen);
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { 0 };
	struct recfile_reader rd;
	struct report *r = calloc(1, sizeof(*r));
	char err[320] = "";
	int rc;

	trace_argp_parse(&report_argp, argc, argv, &o);
	if (!r || !(r->tep = tep_alloc())) {
		err_msg("out of memory");
		free(r);
		return EXIT_FAIL;
	}
	r->fmt = o.fmt;
	r->min_record = 8;	/* the common header record.bpf.c rebuilds */
	tep_set_file_bigendian(r->tep, TEP_LITTLE_ENDIAN);
	tep_set_local_bigendian(r->tep, TEP_LITTLE_ENDIAN);
	tep_set_long_size(r->tep, 8);
	if (recfile_open(&rd, o.path)) {
		err_msg("%s: %s", o.path, rd.err);
		rc = EXIT_FAIL;
	} else {
		rc = decode(r, &rd, err, sizeof(err)) ? EXIT_FAIL : EXIT_OK;
		summary(r, o.path, rc ? err : NULL);
	}
	recfile_close_reader(&rd);
	tep_free(r->tep);
	free(r);
	return rc;
}
