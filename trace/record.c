// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-trace record: writes raw tracepoint records, with the format files
 * that decode them, to a file (recfile.h) for `hvt-trace report`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "opts.h"
#include "recfile.h"
#include "record.h"
#include "record.skel.h"

#define MAX_EVENTS REC_MAX_EVENTS

struct record_opts {
	struct trace_opts t;
	const char *out;
	char events[MAX_EVENTS][96];	/* -e sys:name */
	int nevents;
};

struct recording {
	struct tp_event ev[MAX_EVENTS];
	struct bpf_link *links[MAX_EVENTS];
	int n;
	struct recfile_writer w;
};

static const char record_doc[] =
	"Record raw hvt or KVM tracepoint records, with their tracefs format files, to a\n"
	"file that `hvt-trace report` decodes here or on another machine.\n"
	"\v"
	"default events: --hv hvt: every hvt:* event; --hv kvm: kvm_exit, kvm_entry and\n"
	"the nested ones this kernel has (kvm_nested_vmexit, _vmexit_inject, _vmenter or\n"
	"_vmrun, _intr_vmexit).\n"
	"example:\n"
	"  hvt-trace record -o trace.hvt -- hvt-bench run $HVT_WORKLOADS/l1-hv.elf --hv hvt";

static const struct argp_option record_options[] = {
	{ "output", 'o', "FILE", 0, "Write the recording to FILE (required)", 0 },
	{ "event", 'e', "SYS:NAME", 0, "Record this tracefs event (repeatable; default: see below)", 0 },
	OPTION_HV, OPTION_PID, OPTION_DURATION,
	{ 0 },
};

static error_t record_parse(int key, char *arg, struct argp_state *state)
{
	struct record_opts *o = state->input;

	switch (key) {
	case 'o':
		o->out = arg;
		return 0;
	case 'e':
		if (o->nevents == MAX_EVENTS)
			argp_error(state, "at most %d events", MAX_EVENTS);
		if (!strchr(arg, ':') || strlen(arg) >= sizeof(o->events[0]))
			argp_error(state, "--event takes SYSTEM:NAME (e.g. hvt:hvt_exit), not '%s'", arg);
		snprintf(o->events[o->nevents++], sizeof(o->events[0]), "%s", arg);
		return 0;
	case ARGP_KEY_END:
		if (!o->out)
			argp_error(state, "-o FILE is required");
		return 0;
	default:
		return trace_opts_parse(key, arg, state, &o->t);
	}
}

static const struct argp record_argp = {
	record_options, record_parse, "[-- COMMAND [ARGS...]]", record_doc, NULL, NULL, NULL,
};

static int load_event(struct recording *rec, const char *spec)
{
	char sys[32], name[64];
	const char *colon = strchr(spec, ':');
	struct tp_event *ev = &rec->ev[rec->n];
	int rc;

	snprintf(sys, sizeof(sys), "%.*s", (int)(colon - spec), spec);
	snprintf(name, sizeof(name), "%s", colon + 1);
	rc = tp_event_load(sys, name, ev);
	if (rc == -ENOENT) {
		err_msg("unknown event '%s': no %s/events/%s/%s%s", spec, tracefs_dir(), sys, name,
			tp_system_exists(sys) ? "" : " (is its module loaded?)");
		return -1;
	}
	if (rc)
		return -1;
	if (ev->rec_size > REC_MAX_DATA) {
		err_msg("event %s: records of %u bytes, more than the %u hvt-trace copies", spec,
			ev->rec_size, REC_MAX_DATA);
		return -1;
	}
	if (ev->dynamic)
		fprintf(stderr, PROG ": warning: %s has variable-length fields; only their fixed "
			"part is recorded\n", spec);
	rec->n++;
	return 0;
}

static int choose_events(struct record_opts *o, struct recording *rec)
{
	if (!o->nevents) {
		if (hv_resolve(&o->t.hv))
			return -1;
		o->nevents = hv_record_events(o->t.hv, o->events, MAX_EVENTS);
	} else if (!tracefs_dir()) {
		return -1;
	}
	for (int i = 0; i < o->nevents; i++)
		if (load_event(rec, o->events[i]))
			return -1;
	if (!rec->n)
		err_msg("no events to record");
	return rec->n ? 0 : -1;
}

static int write_meta(struct recording *rec, const struct record_opts *o)
{
	struct utsname u;
	char meta[512];

	uname(&u);
	snprintf(meta, sizeof(meta),
		 "hv=%s\nkernel=%s\nmachine=%s\nclock=CLOCK_MONOTONIC (bpf_ktime_get_ns), ns\n",
		 o->nevents && strncmp(o->events[0], "hvt:", 4) ? "kvm" : "hvt", u.release, u.machine);
	if (recfile_write(&rec->w, BLK_META, meta, strlen(meta), NULL, 0))
		return -1;
	for (int i = 0; i < rec->n; i++)
		if (recfile_write(&rec->w, BLK_FORMAT, rec->ev[i].sys, strlen(rec->ev[i].sys) + 1,
				  rec->ev[i].format, rec->ev[i].format_len))
			return -1;
	return 0;
}

/* Event i goes to program on_event_<i>, which knows its id and size from .rodata. */
static int record_load(struct record_bpf **skel, struct recording *rec, const struct record_opts *o)
{
	char name[32];
	int err;

	*skel = record_bpf__open();
	if (!*skel) {
		err_msg("cannot open the BPF object: %s", strerror(errno));
		return -1;
	}
	(*skel)->rodata->targ_tgid = o->t.pid;
	for (int i = 0; i < rec->n; i++) {
		(*skel)->rodata->ev_id[i] = rec->ev[i].id;
		(*skel)->rodata->ev_size[i] = rec->ev[i].rec_size;
	}
	err = record_bpf__load(*skel);
	if (err) {
		err_msg("cannot load the BPF programs: %s", strerror(-err));
		return -1;
	}
	for (int i = 0; i < rec->n; i++) {
		snprintf(name, sizeof(name), "on_event_%d", i);
		rec->links[i] = tp_attach(bpf_object__find_program_by_name((*skel)->obj, name),
					  &rec->ev[i]);
		if (!rec->links[i])
			return -1;
	}
	return 0;
}

static int on_record(void *ctx, void *data, size_t len)
{
	struct recording *rec = ctx;
	const struct rec_event *e = data;
	struct rec_ev_hdr h = { .ts_ns = e->ts_ns, .cpu = e->cpu, .size = e->size };

	if (len < sizeof(*e) || e->size > len - sizeof(*e))
		return 0;
	recfile_write(&rec->w, BLK_EVENT, &h, sizeof(h), e->data, e->size);
	return 0;
}

static void detach_all(struct recording *rec)
{
	for (int i = 0; i < rec->n; i++) {
		bpf_link__destroy(rec->links[i]);
		rec->links[i] = NULL;
	}
}

static int finish(struct recording *rec, struct record_bpf *skel, const struct clock_pair *c,
		  const char *path)
{
	struct rec_end end = {
		.events = rec->w.events,
		.dropped = percpu_u64_sum(bpf_map__fd(skel->maps.dropped), 0),
		.tsc_per_ns = clock_tsc_per_ns(c),
	};
	int failed = recfile_write(&rec->w, BLK_END, &end, sizeof(end), NULL, 0);

	failed |= recfile_close(&rec->w);
	rec->w.f = NULL;
	fprintf(stderr, PROG ": recorded %llu events of %d kinds in %.2f s to %s",
		(unsigned long long)end.events, rec->n, (c->ns1 - c->ns0) / 1e9, path);
	if (end.dropped)
		fprintf(stderr, "; %llu LOST (ring buffer full)", (unsigned long long)end.dropped);
	fprintf(stderr, "\n");
	return failed ? EXIT_FAIL : EXIT_OK;
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o = { 0 };
	struct recording *rec = calloc(1, sizeof(*rec));
	struct record_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct clock_pair clk;
	struct run_state run;
	int rc = EXIT_SETUP;

	trace_opts_init(&o.t);
	trace_argp_parse(&record_argp, argc, argv, &o);
	if (!rec || need_root() || choose_events(&o, rec) || record_load(&skel, rec, &o))
		goto out;
	if (recfile_create(&rec->w, o.out) || write_meta(rec, &o))
		goto out;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_record, rec, NULL);
	if (!rb) {
		err_msg("cannot open the ring buffer: %s", strerror(errno));
		goto out;
	}
	clock_start(&clk);
	if (run_begin(&o.t.run, &run))
		goto out;
	while (run_wait(&o.t.run, &run, 100))
		ring_buffer__consume(rb);
	clock_stop(&clk);
	detach_all(rec);
	ring_buffer__consume(rb);
	rc = run_end(&run, finish(rec, skel, &clk, o.out));
out:
	if (rec && rec->w.f)
		recfile_close(&rec->w);
	ring_buffer__free(rb);
	if (rec) {
		detach_all(rec);
		for (int i = 0; i < rec->n; i++)
			tp_event_free(&rec->ev[i]);
	}
	record_bpf__destroy(skel);
	free(rec);
	return rc;
}
