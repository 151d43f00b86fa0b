// SPDX-License-Identifier: GPL-2.0
/*
 * Turning SVM on and off on every CPU.
 *
 * hvt owns SVM only if nobody else does: if EFER.SVME is already set on a
 * CPU (kvm_amd loaded, another hypervisor), loading fails with -EBUSY and
 * the other owner's state is left untouched. Enablement follows CPU hotplug,
 * so a CPU brought online later gets SVME and its host save area too.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include <asm/processor.h>

#include "svm/svm_cpu.h"

#define HVT_MSR_VM_CR	    0xc0010114
#define HVT_VM_CR_SVMDIS    (1ull << 4)
#define HVT_MSR_VM_HSAVE_PA 0xc0010117

/* The page VMRUN saves host state into (VM_HSAVE_PA), one per CPU. */
static DEFINE_PER_CPU(struct page *, hvt_hsave_page);
static enum cpuhp_state hvt_cpuhp_state;

int hvt_svm_check_support(void)
{
	u64 vm_cr;

	if (!boot_cpu_has(X86_FEATURE_SVM)) {
		pr_err("hvt: this CPU has no AMD SVM\n");
		return -EOPNOTSUPP;
	}
	if (!boot_cpu_has(X86_FEATURE_NPT)) {
		pr_err("hvt: this CPU has SVM but no nested paging (NPT)\n");
		return -EOPNOTSUPP;
	}
	rdmsrl(HVT_MSR_VM_CR, vm_cr);
	if (vm_cr & HVT_VM_CR_SVMDIS) {
		pr_err("hvt: SVM is disabled by the firmware (VM_CR.SVMDIS)\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int hvt_svm_cpu_online(unsigned int cpu)
{
	struct page *page;
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME) {
		pr_err("hvt: SVM is already enabled on CPU %u (kvm_amd loaded?); refusing to take it over\n",
		       cpu);
		return -EBUSY;
	}
	page = alloc_pages_node(cpu_to_node(cpu), GFP_KERNEL | __GFP_ZERO, 0);
	if (!page)
		return -ENOMEM;
	per_cpu(hvt_hsave_page, cpu) = page;
	wrmsrl(MSR_EFER, efer | EFER_SVME);
	wrmsrl(HVT_MSR_VM_HSAVE_PA, page_to_phys(page));
	return 0;
}

static int hvt_svm_cpu_offline(unsigned int cpu)
{
	struct page *page = per_cpu(hvt_hsave_page, cpu);
	u64 efer;

	/* Only undo what we did: a CPU whose online step failed has no page. */
	if (!page)
		return 0;
	wrmsrl(HVT_MSR_VM_HSAVE_PA, 0);
	rdmsrl(MSR_EFER, efer);
	wrmsrl(MSR_EFER, efer & ~EFER_SVME);
	per_cpu(hvt_hsave_page, cpu) = NULL;
	__free_page(page);
	return 0;
}

int hvt_svm_enable_all(void)
{
	int ret;

	/* Runs hvt_svm_cpu_online on each online CPU, on that CPU; rolls back on failure. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hvt/svm:online",
				hvt_svm_cpu_online, hvt_svm_cpu_offline);
	if (ret < 0)
		return ret;
	hvt_cpuhp_state = ret;
	return 0;
}

void hvt_svm_disable_all(void)
{
	cpuhp_remove_state(hvt_cpuhp_state);
}
