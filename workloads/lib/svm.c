// SPDX-License-Identifier: GPL-2.0
#include "idt_hook.h"
#include "svm.h"
#include "ucall.h"

#define X86_VEC_UD 6
#define X86_VEC_GP 13

extern const char svm_probe_vmrun_insn[], svm_probe_vmload_insn[];
extern const char svm_probe_vmsave_insn[], svm_probe_out[];

/* A #UD or #GP on a probe instruction: make the probe return vector + 1. */
static bool svm_probe_fixup(struct exception_frame *f)
{
	if (f->rip != (uintptr_t)svm_probe_vmrun_insn &&
	    f->rip != (uintptr_t)svm_probe_vmload_insn &&
	    f->rip != (uintptr_t)svm_probe_vmsave_insn)
		return false;
	f->rax = f->vector + 1;
	f->rip = (uintptr_t)svm_probe_out;
	return true;
}

void svm_probes_install(void)
{
	idt_hook_install(X86_VEC_UD, svm_probe_fixup);
	idt_hook_install(X86_VEC_GP, svm_probe_fixup);
}

#define DEFINE_SEL_READER(seg)						\
static uint16_t read_##seg(void)					\
{									\
	uint16_t v;							\
	asm volatile("mov %%" #seg ", %0" : "=r"(v));			\
	return v;							\
}
DEFINE_SEL_READER(es)
DEFINE_SEL_READER(ss)
DEFINE_SEL_READER(ds)
#undef DEFINE_SEL_READER

/* A code/data segment as VMRUN wants it, decoded from our own GDT. */
static struct vmcb_seg seg_from_gdt(const struct desc_ptr *gdt, uint16_t sel)
{
	struct vmcb_seg s = { .selector = sel };
	uint64_t d;

	if ((sel & ~7u) == 0 || (sel | 7u) > gdt->limit)
		return s;	/* null selector: attrib 0 = unusable */
	d = *(const volatile uint64_t *)(uintptr_t)(gdt->base + (sel & ~7u));
	s.attrib = (uint16_t)(((d >> 40) & 0xff) | (((d >> 52) & 0xf) << 8));
	s.limit = (uint32_t)((d & 0xffff) | ((d >> 32) & 0xf0000));
	if (d & (1ull << 55))	/* G: limit counts 4 KiB units */
		s.limit = (s.limit << 12) | 0xfff;
	s.base = ((d >> 16) & 0xffffff) | (((d >> 56) & 0xff) << 24);
	return s;
}

static void save_segments(struct vmcb_save *s)
{
	struct desc_ptr gdt = sgdt(), idt = sidt();

	s->cs = seg_from_gdt(&gdt, read_cs());
	s->ss = seg_from_gdt(&gdt, read_ss());
	s->ds = seg_from_gdt(&gdt, read_ds());
	s->es = seg_from_gdt(&gdt, read_es());
	s->gdtr = (struct vmcb_seg){ .limit = gdt.limit, .base = gdt.base };
	s->idtr = (struct vmcb_seg){ .limit = idt.limit, .base = idt.base };
}

void svm_save_from_cpu(struct vmcb *vmcb)
{
	struct vmcb_save *s = &vmcb->save;

	/* FS, GS, TR, LDTR (with hidden parts) and the syscall MSRs */
	vmsave((uintptr_t)vmcb);
	save_segments(s);
	s->cpl = 0;
	s->efer = rdmsr(MSR_EFER);
	s->cr0 = read_cr0();
	s->cr2 = read_cr2();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4();
	s->dr6 = 0xffff0ff0;	/* architectural reset values */
	s->dr7 = 0x400;
	s->rflags = read_rflags();
	s->g_pat = rdmsr(MSR_PAT);
}

/* The MSRPM: 2 bits per MSR (read, write) for three 8K-MSR ranges. */
int svm_msrpm_intercept(void *msrpm, uint32_t msr, int read, int write)
{
	static const uint32_t base[3] = { 0, 0xc0000000u, 0xc0010000u };
	uint8_t *map = msrpm;

	for (unsigned int r = 0; r < 3; r++) {
		uint32_t bit;

		if (msr - base[r] >= 0x2000)
			continue;
		bit = r * 0x2000 * 2 + (msr - base[r]) * 2;
		if (read)
			map[bit / 8] |= 1u << (bit % 8);
		if (write)
			map[(bit + 1) / 8] |= 1u << ((bit + 1) % 8);
		return 1;
	}
	return 0;
}

void svm_iopm_intercept(void *iopm, uint16_t port)
{
	((uint8_t *)iopm)[port / 8] |= 1u << (port % 8);
}
