// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "kvm_stats.h"
#include "vm_counters.h"

static void take_matching(const struct kvmstats *s, const char *prefix, struct vm_counters *out)
{
	size_t len = strlen(prefix);

	for (uint32_t i = 0; i < s->nr_items && out->n < VMC_MAX; i++) {
		const struct kvmstats_item *it = &s->items[i];

		if (strncmp(it->name, prefix, len) || strlen(it->name) >= VMC_NAME_LEN)
			continue;
		snprintf(out->name[out->n], VMC_NAME_LEN, "%s", it->name);
		out->value[out->n++] = it->values[0];
	}
}

void vm_counters_read(int vm_fd, const char *prefix, struct vm_counters *out)
{
	struct kvmstats *s;
	int fd, ret;

	*out = (struct vm_counters){ 0 };
	fd = ioctl(vm_fd, KVM_GET_STATS_FD, NULL);
	if (fd < 0) {
		snprintf(out->error, sizeof(out->error), "KVM_GET_STATS_FD on the VM failed: %s",
			 strerror(errno));
		return;
	}
	ret = kvmstats_open(fd, &s);
	if (ret) {
		snprintf(out->error, sizeof(out->error), "VM stats fd unreadable: %s",
			 ret == -EBADMSG ? "malformed stats file" : strerror(-ret));
	} else {
		take_matching(s, prefix, out);
		kvmstats_free(s);
	}
	close(fd);
}

const uint64_t *vm_counters_find(const struct vm_counters *c, const char *name)
{
	for (unsigned int i = 0; i < c->n; i++)
		if (!strcmp(c->name[i], name))
			return &c->value[i];
	return NULL;
}
