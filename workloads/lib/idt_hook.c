// SPDX-License-Identifier: GPL-2.0
#include "idt_hook.h"
#include "ucall.h"
#include "x86.h"

#define HOOK_STUB_SIZE 16	/* must match .balign in idt_hook_entry.S */
#define GATE_INTERRUPT_DPL0 0x8e

extern const char idt_hook_stubs[];
/* idt.c: the runtime's FAIL report, our fallback. */
void idt_dispatch(struct exception_frame *f);
/* Called by idt_hook_entry.S. */
void idt_hook_dispatch(struct exception_frame *f);

static idt_hook_fn hooks[IDT_NR_EXCEPTIONS];

/* Write a 64-bit interrupt gate (16 bytes) in place. */
static void write_gate(volatile uint64_t *gate, uint64_t target, uint16_t cs)
{
	gate[0] = (target & 0xffff) | ((uint64_t)cs << 16) |
		  ((uint64_t)GATE_INTERRUPT_DPL0 << 40) |
		  ((target >> 16 & 0xffff) << 48);
	gate[1] = target >> 32;
}

void idt_hook_install(unsigned int vector, idt_hook_fn fn)
{
	struct desc_ptr idtr = sidt();

	GUEST_ASSERT(vector < IDT_NR_EXCEPTIONS && fn);
	/* the runtime's IDT must be loaded and cover the vector */
	GUEST_ASSERT_MSG((vector + 1) * 16u - 1 <= idtr.limit,
			 "IDT limit 0x%x, vector %u", idtr.limit, vector);
	__atomic_store_n(&hooks[vector], fn, __ATOMIC_RELEASE);
	write_gate((volatile uint64_t *)(uintptr_t)(idtr.base + vector * 16u),
		   (uintptr_t)idt_hook_stubs + vector * HOOK_STUB_SIZE, read_cs());
}

void idt_hook_dispatch(struct exception_frame *f)
{
	idt_hook_fn fn = __atomic_load_n(&hooks[f->vector], __ATOMIC_ACQUIRE);

	if (fn && fn(f))
		return;
	idt_dispatch(f);	/* reports FAIL and halts */
}
