// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include "idt.h"
#include "spinlock.h"
#include "ucall.h"
#include "x86.h"

/* A 64-bit interrupt gate. */
struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate is 16 bytes");

#define GATE_INTERRUPT_DPL0 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define STUB_SIZE 16			/* must match .balign in idt_entry.S */

extern const char idt_stubs[];

static struct idt_gate idt[IDT_NR_EXCEPTIONS] __attribute__((aligned(16)));
static struct spinlock idt_lock;
static bool idt_built;

static const char *const names[IDT_NR_EXCEPTIONS] = {
	[0] = "divide error", [1] = "debug", [2] = "NMI", [3] = "breakpoint",
	[4] = "overflow", [5] = "bound range", [6] = "invalid opcode",
	[7] = "device not available", [8] = "double fault",
	[9] = "coprocessor segment overrun", [10] = "invalid TSS",
	[11] = "segment not present", [12] = "stack fault",
	[13] = "general protection", [14] = "page fault",
	[16] = "x87 floating point", [17] = "alignment check",
	[18] = "machine check", [19] = "SIMD floating point",
	[20] = "virtualization", [21] = "control protection",
	[28] = "hypervisor injection", [29] = "VMM communication",
	[30] = "security",
};

const char *exception_name(unsigned int vector)
{
	if (vector < IDT_NR_EXCEPTIONS && names[vector])
		return names[vector];
	return "reserved";
}

static void set_gate(unsigned int vector, uint64_t target, uint16_t cs)
{
	struct idt_gate *g = &idt[vector];

	g->offset_lo = (uint16_t)target;
	g->selector = cs;
	g->ist = 0;	/* stay on the current stack: no TSS set-up needed */
	g->type_attr = GATE_INTERRUPT_DPL0;
	g->offset_mid = (uint16_t)(target >> 16);
	g->offset_hi = (uint32_t)(target >> 32);
	g->reserved = 0;
}

void idt_install(void)
{
	struct desc_ptr p = { .limit = sizeof(idt) - 1, .base = (uintptr_t)idt };

	spin_lock(&idt_lock);
	if (!idt_built) {
		/* use the VMM's code selector rather than assume HVT_SEL_CODE */
		uint16_t cs = read_cs();

		for (unsigned int v = 0; v < IDT_NR_EXCEPTIONS; v++)
			set_gate(v, (uintptr_t)idt_stubs + v * STUB_SIZE, cs);
		idt_built = true;
	}
	spin_unlock(&idt_lock);
	lidt(&p);
}

/* Called by exception_common. Every exception is fatal for now. */
void idt_dispatch(struct exception_frame *f);
void idt_dispatch(struct exception_frame *f)
{
	/* CR2 is only meaningful for #PF, but print it always: cheap, and a
	 * stale value is harmless next to the vector name. */
	uint64_t cr2 = read_cr2();

	guest_fail_values(__FILE__, __LINE__, f->rip, cr2,
			  "exception #%lu (%s) error=0x%lx rip=0x%lx cr2=0x%lx",
			  f->vector, exception_name((unsigned int)f->vector),
			  f->error_code, f->rip, cr2);
}
