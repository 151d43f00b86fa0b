// SPDX-License-Identifier: GPL-2.0
/* Per-CPU ASID generations (asid.h). */
#include <linux/percpu.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>

#include "svm/asid.h"
#include "svm/vmcb.h"
#include "vcpu.h"

struct asid_cpu {
	u32 next;	/* the next ASID to hand out on this CPU */
	u32 max;	/* the highest usable one (ASID 0 is the host's) */
	u64 gen;	/* bumped when next passes max */
};

static DEFINE_PER_CPU(struct asid_cpu, asid_cpu);

void hvt_asid_init(void)
{
	u32 nr = cpuid_ebx(0x8000000a);
	int cpu;

	/* At least ASID 1; a CPU with one ASID would flush at every switch. */
	if (nr < 2)
		nr = 2;
	for_each_possible_cpu(cpu) {
		struct asid_cpu *c = per_cpu_ptr(&asid_cpu, cpu);

		c->max = nr - 1;
		/*
		 * Another hypervisor may have left translations tagged with
		 * any ASID: the first assignment on each CPU starts a new
		 * generation, and so flushes them all.
		 */
		c->next = c->max + 1;
		c->gen = 1;
	}
}

bool hvt_asid_assign(struct hvt_vmcb_ref *ref)
{
	struct asid_cpu *c = this_cpu_ptr(&asid_cpu);
	int cpu = smp_processor_id();
	bool flush_all = false;

	if (likely(ref->asid_cpu == cpu && ref->asid_gen == c->gen))
		return false;
	if (c->next > c->max) {
		c->gen++;
		c->next = 1;
		flush_all = true;
	}
	ref->asid = c->next++;
	ref->asid_gen = c->gen;
	ref->asid_cpu = cpu;
	return flush_all;
}

u8 hvt_asid_flush(struct hvt_vmcb_ref *ref)
{
	if (boot_cpu_has(X86_FEATURE_FLUSHBYASID))
		return HVT_TLB_CONTROL_FLUSH_ASID;
	/* Generation 0 is never current: the next entry takes a new ASID. */
	ref->asid_gen = 0;
	return HVT_TLB_CONTROL_DO_NOTHING;
}
