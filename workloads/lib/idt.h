/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A 64-bit IDT for the CPU exceptions (vectors 0-31). Every handler reports
 * "exception #vec (name) error=.. rip=.. cr2=.." through a FAIL ucall and
 * halts, so a faulting guest names its fault instead of triple-faulting.
 */
#ifndef HVT_GUEST_IDT_H
#define HVT_GUEST_IDT_H

#include <stdint.h>

#define IDT_NR_EXCEPTIONS 32

/* What the stubs in idt_entry.S leave on the stack, lowest address first. */
struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code;	/* 0 for vectors without one */
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

/* Builds the table once, then loads it on the calling vCPU. */
void idt_install(void);
const char *exception_name(unsigned int vector);

#endif
