/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: tracefs events, their format files, attaching BPF to them. */
#ifndef HVT_TRACE_TRACEFS_H
#define HVT_TRACE_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct bpf_program;
struct bpf_link;

#define TP_MAX_FIELDS 32

struct tp_fieldinfo {
	char name[48];
	unsigned offset, size;
	bool dynamic;		/* __data_loc: the data lives past the fixed part */
};

struct tp_event {
	char sys[32];
	char name[64];
	int id;
	char *format;		/* the whole format file, as tracefs gave it */
	size_t format_len;
	struct tp_fieldinfo fields[TP_MAX_FIELDS];
	int nfields;
	unsigned rec_size;	/* end of the last fixed field */
	bool dynamic;		/* has __data_loc fields */
};

/* The tracefs mount (events/ inside), or NULL with a message printed. */
const char *tracefs_dir(void);
bool tp_event_exists(const char *sys, const char *name);
bool tp_system_exists(const char *sys);
/* 0, -ENOENT (no such event: nothing printed), or -1 (printed). */
int tp_event_load(const char *sys, const char *name, struct tp_event *ev);
void tp_event_free(struct tp_event *ev);
/* Parses a format file's text (also used by report on recorded formats). */
int tp_format_parse(struct tp_event *ev, const char *text);
const struct tp_fieldinfo *tp_field_find(const struct tp_event *ev, const char *name);
/* Attaches prog to the event through a perf event, as libbpf does. */
struct bpf_link *tp_attach(struct bpf_program *prog, const struct tp_event *ev);
/* The events of a tracefs system, sorted; returns the count or -1. */
int tp_system_events(const char *sys, char names[][64], int max);

#endif
