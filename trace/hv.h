/* SPDX-License-Identifier: GPL-2.0 */
/* hvt-trace: which hypervisor is traced and which of its events play which role. */
#ifndef HVT_TRACE_HV_H
#define HVT_TRACE_HV_H

#include <stdbool.h>
#include "layout.h"
#include "tracefs.h"

enum hv_kind { HV_AUTO, HV_HVT, HV_KVM };

struct bpf_object;
struct bpf_link;

struct hv_events {
	enum hv_kind hv;
	bool have[EV_NROLES];
	struct tp_event ev[EV_NROLES];
	struct bpf_link *links[EV_NROLES];
};

int hv_parse(const char *arg, enum hv_kind *hv);
const char *hv_name(enum hv_kind hv);
/* Checks tracefs and the hypervisor's events; resolves HV_AUTO. Prints why not. */
int hv_resolve(enum hv_kind *hv);
/* Loads the role events the tools need; fills the field layout. */
int hv_events_load(struct hv_events *e, enum hv_kind hv, struct tp_layout *l);
/* Attaches on_exit, on_entry, ... of obj (vcpu_events.bpf.h) to the role events. */
int hv_events_attach(struct hv_events *e, struct bpf_object *obj);
void hv_events_free(struct hv_events *e);
/* The default event set `record` takes for a hypervisor, as "sys:name" strings. */
int hv_record_events(enum hv_kind hv, char names[][96], int max);

#endif
