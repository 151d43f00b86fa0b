// SPDX-License-Identifier: GPL-2.0
/* hvt-trace: hvt's and KVM's events in the roles of layout.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "exits.h"
#include "hv.h"
#include "util.h"

/* Candidate events per role, first found wins; NULL: the role is not used. */
struct role_events {
	const char *names[2];
	bool required;
};

static const struct role_events hvt_roles[EV_NROLES] = {
	[EV_EXIT] = { { "hvt_exit" }, true },
	[EV_ENTRY] = { { "hvt_entry" }, true },
	[EV_REFLECT] = { { "hvt_nested_vmexit" }, true },
	[EV_L2_EXIT] = { { NULL }, false },	/* hvt_exit has the level */
	[EV_VMENTER] = { { NULL }, false },	/* hvt_entry has the level */
};

/* kvm_nested_vmrun became kvm_nested_vmenter in 5.x-6.x: take whichever exists. */
static const struct role_events kvm_roles[EV_NROLES] = {
	[EV_EXIT] = { { "kvm_exit" }, true },
	[EV_ENTRY] = { { "kvm_entry" }, true },
	[EV_REFLECT] = { { "kvm_nested_vmexit_inject" }, true },
	[EV_L2_EXIT] = { { "kvm_nested_vmexit" }, true },
	[EV_VMENTER] = { { "kvm_nested_vmenter", "kvm_nested_vmrun" }, true },
};

static const char *const prog_of_role[EV_NROLES] = {
	[EV_EXIT] = "on_exit",
	[EV_ENTRY] = "on_entry",
	[EV_REFLECT] = "on_reflect",
	[EV_L2_EXIT] = "on_l2_exit",
	[EV_VMENTER] = "on_vmenter",
};

int hv_parse(const char *arg, enum hv_kind *hv)
{
	if (!strcmp(arg, "hvt"))
		*hv = HV_HVT;
	else if (!strcmp(arg, "kvm"))
		*hv = HV_KVM;
	else
		return -1;
	return 0;
}

const char *hv_name(enum hv_kind hv)
{
	return hv == HV_HVT ? "hvt" : hv == HV_KVM ? "kvm" : "auto";
}

int hv_resolve(enum hv_kind *hv)
{
	if (!tracefs_dir())
		return -1;
	if (*hv == HV_AUTO && !tp_system_exists("hvt") && !tp_system_exists("kvm")) {
		err_msg("neither hvt.ko nor kvm is loaded (no hvt or kvm events in %s/events)",
			tracefs_dir());
		return -1;
	}
	if (*hv == HV_AUTO)
		*hv = tp_system_exists("hvt") ? HV_HVT : HV_KVM;
	if (*hv == HV_HVT && !tp_system_exists("hvt")) {
		err_msg("--hv hvt: hvt.ko is not loaded (no hvt events in %s/events): "
			"load it (hvt-hv load hvt) or trace KVM with --hv kvm", tracefs_dir());
		return -1;
	}
	if (*hv == HV_KVM && access("/sys/module/kvm_intel", F_OK) == 0)
		exit_names_vmx();
	if (*hv == HV_KVM && !tp_system_exists("kvm")) {
		err_msg("--hv kvm: kvm is not loaded (no kvm events in %s/events)%s", tracefs_dir(),
			tp_system_exists("hvt") ? "; hvt.ko is: use --hv hvt" : "");
		return -1;
	}
	return 0;
}

static int load_role(struct hv_events *e, enum ev_role r, const struct role_events *re)
{
	const char *sys = e->hv == HV_HVT ? "hvt" : "kvm";

	for (int i = 0; i < 2 && re->names[i]; i++) {
		int rc = tp_event_load(sys, re->names[i], &e->ev[r]);

		if (rc == 0) {
			e->have[r] = true;
			return 0;
		}
		if (rc != -ENOENT)
			return -1;
	}
	if (!re->required || !re->names[0])
		return 0;
	err_msg("%s has no %s:%s%s%s event in tracefs: this kernel's %s cannot be traced", hv_name(e->hv),
		sys, re->names[0], re->names[1] ? " or " : "", re->names[1] ? re->names[1] : "",
		hv_name(e->hv));
	return -1;
}

/* The first of the names the event has; a missing required field is an error. */
static int field_of(const struct hv_events *e, enum ev_role r, const char *const *names,
		    bool required, struct tp_field *out)
{
	const struct tp_event *ev = &e->ev[r];
	const char *first = names[0];

	out->off = out->size = 0;
	if (!e->have[r])
		return 0;
	for (; *names; names++) {
		const struct tp_fieldinfo *f = tp_field_find(ev, *names);

		/* vcpu_events.bpf.h reads a field from the 8 aligned bytes holding it. */
		if (f && (f->size > 8 || (f->size & (f->size - 1)) || f->offset % f->size ||
			  f->offset < TP_MIN_OFFSET || f->offset + f->size > TP_MAX_OFFSET(f->size))) {
			err_msg("%s:%s: field '%s' (offset %u, size %u) is not an aligned scalar "
				"between bytes %u and %u", ev->sys, ev->name, f->name, f->offset,
				f->size, TP_MIN_OFFSET, TP_MAX_OFFSET(f->size));
			return -1;
		}
		if (f) {
			out->off = f->offset;
			out->size = f->size;
			return 0;
		}
	}
	if (!required)
		return 0;
	err_msg("%s:%s has no field '%s' (its format file changed?)", ev->sys, ev->name, first);
	return -1;
}

static int fill_layout(const struct hv_events *e, struct tp_layout *l)
{
	static const char *const vcpu[] = { "vcpu_id", NULL };
	static const char *const level[] = { "level", NULL };
	static const char *const code[] = { "exit_code", "exit_reason", NULL };
	int rc = 0;

	rc |= field_of(e, EV_EXIT, vcpu, true, &l->exit_vcpu);
	rc |= field_of(e, EV_EXIT, code, true, &l->exit_code);
	/* hvt's events have a level; KVM's do not (vcpu_events.bpf.h infers it). */
	rc |= field_of(e, EV_EXIT, level, e->hv == HV_HVT, &l->exit_level);
	rc |= field_of(e, EV_ENTRY, vcpu, true, &l->entry_vcpu);
	rc |= field_of(e, EV_ENTRY, level, e->hv == HV_HVT, &l->entry_level);
	rc |= field_of(e, EV_REFLECT, code, true, &l->reflect_code);
	return rc ? -1 : 0;
}

int hv_events_load(struct hv_events *e, enum hv_kind hv, struct tp_layout *l)
{
	const struct role_events *roles = hv == HV_HVT ? hvt_roles : kvm_roles;

	memset(e, 0, sizeof(*e));
	e->hv = hv;
	for (int r = 0; r < EV_NROLES; r++)
		if (load_role(e, r, &roles[r]))
			return -1;
	return fill_layout(e, l);
}

int hv_events_attach(struct hv_events *e, struct bpf_object *obj)
{
	for (int r = 0; r < EV_NROLES; r++) {
		struct bpf_program *p;

		if (!e->have[r])
			continue;
		p = bpf_object__find_program_by_name(obj, prog_of_role[r]);
		if (!p) {
			err_msg("internal: no BPF program %s", prog_of_role[r]);
			return -1;
		}
		e->links[r] = tp_attach(p, &e->ev[r]);
		if (!e->links[r])
			return -1;
	}
	return 0;
}

void hv_events_free(struct hv_events *e)
{
	for (int r = 0; r < EV_NROLES; r++) {
		bpf_link__destroy(e->links[r]);
		e->links[r] = NULL;
		tp_event_free(&e->ev[r]);
	}
}

/* hvt: all its events. KVM: the exit, entry and nested ones, those this kernel has. */
int hv_record_events(enum hv_kind hv, char names[][96], int max)
{
	static const char *const kvm_set[] = {
		"kvm_exit", "kvm_entry", "kvm_nested_vmexit", "kvm_nested_vmexit_inject",
		"kvm_nested_vmenter", "kvm_nested_vmrun", "kvm_nested_intr_vmexit",
	};
	char found[64][64];
	int n = 0;

	if (hv == HV_HVT) {
		int k = tp_system_events("hvt", found, 64);

		for (int i = 0; i < k && n < max; i++)
			snprintf(names[n++], 96, "hvt:%.63s", found[i]);
		return n;
	}
	for (size_t i = 0; i < sizeof(kvm_set) / sizeof(kvm_set[0]) && n < max; i++)
		if (tp_event_exists("kvm", kvm_set[i]))
			snprintf(names[n++], 96, "kvm:%s", kvm_set[i]);
	return n;
}
