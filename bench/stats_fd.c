// SPDX-License-Identifier: GPL-2.0
/*
 * --stats: the VM's and each vCPU's counters from KVM's binary statistics
 * interface (KVM_GET_STATS_FD), read with bench/lib/kvm_stats.c. The same
 * code serves /dev/kvm and /dev/hvt. A device without the ioctl, or a file
 * the reader rejects, costs one line on stdout, never the run's status:
 * the statistics are a view on the run, not part of its result.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include "commands.h"
#include "kvm_stats.h"

static void print_one(int fd, const char *what, const char *dev)
{
	struct kvmstats *s;
	int stats_fd = ioctl(fd, KVM_GET_STATS_FD, NULL);
	int ret;

	if (stats_fd < 0) {
		printf("stats of %s: none, KVM_GET_STATS_FD on %s failed: %s\n", what, dev,
		       strerror(errno));
		return;
	}
	ret = kvmstats_open(stats_fd, &s);
	if (ret) {
		/* the file comes from the hypervisor under test: say what is wrong with it */
		printf("stats of %s: unreadable (%s)\n", what,
		       ret == -EBADMSG ? "malformed stats file" : strerror(-ret));
	} else {
		printf("stats of %s:\n", what);
		kvmstats_print(s, stdout);
		kvmstats_free(s);
	}
	close(stats_fd);
}

void bench_print_kvm_stats(const struct vmm_vm *vm)
{
	char what[32];

	print_one(vm->vm_fd, "the VM", vm->dev_path);
	for (unsigned int i = 0; i < vm->nr_vcpus; i++) {
		snprintf(what, sizeof(what), "vCPU %u", i);
		print_one(vm->vcpus[i].fd, what, vm->dev_path);
	}
	fflush(stdout);
}
