// SPDX-License-Identifier: GPL-2.0
/*
 * hvt's nested counters, read per vCPU from KVM_GET_STATS_FD after a run.
 * Stock KVM's stats have none of these names; the counters then stay
 * absent (have[] false), which the report shows as n/a.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "kvm_stats.h"
#include "nested_cpuid.h"

const char *const nested_counter_names[NC_NR] = {
	[NC_VMRUN] = "nested_vmrun",
	[NC_REFLECTED] = "nested_exits_reflected",
	[NC_L0] = "nested_exits_l0",
	[NC_VMCB_SWITCHES] = "nested_vmcb_switches",
	[NC_VMCB_COPIES] = "nested_vmcb_copies",
	[NC_ROOT_REUSE] = "guest_mmu_root_reuse",
	[NC_ROOT_LOOKUP] = "guest_mmu_root_lookup",
	[NC_ROOT_CREATE] = "guest_mmu_root_create",
};

static void read_vcpu(int vcpu_fd, struct nested_vcpu *v)
{
	struct kvmstats *s;
	int fd = ioctl(vcpu_fd, KVM_GET_STATS_FD, NULL);
	int ret;

	if (fd < 0) {
		snprintf(v->counters_error, sizeof(v->counters_error),
			 "KVM_GET_STATS_FD failed: %s", strerror(errno));
		return;
	}
	ret = kvmstats_open(fd, &s);
	if (ret) {
		snprintf(v->counters_error, sizeof(v->counters_error), "stats fd unreadable: %s",
			 ret == -EBADMSG ? "malformed stats file" : strerror(-ret));
	} else {
		for (int c = 0; c < NC_NR; c++)
			v->counters.have[c] = !kvmstats_value(s, nested_counter_names[c],
							      &v->counters.value[c]);
		kvmstats_free(s);
	}
	close(fd);
}

void nested_read_counters(const struct vmm_vm *vm, struct nested_run *run)
{
	for (unsigned int i = 0; i < vm->nr_vcpus && i < run->nr_vcpus; i++)
		read_vcpu(vm->vcpus[i].fd, &run->vcpus[i]);
}
