/* SPDX-License-Identifier: GPL-2.0 */
/* Thin inline wrappers around the x86 instructions guests need. */
#ifndef HVT_GUEST_X86_H
#define HVT_GUEST_X86_H

#include <stdint.h>

#define MSR_EFER	0xc0000080u
#define EFER_LME	(1ull << 8)
#define EFER_LMA	(1ull << 10)
#define EFER_NXE	(1ull << 11)
#define EFER_SVME	(1ull << 12)

#define X86_CR0_PE	(1ull << 0)
#define X86_CR0_PG	(1ull << 31)
#define X86_CR4_PAE	(1ull << 5)
#define X86_CR4_LA57	(1ull << 12)

#define X86_PTE_PRESENT	(1ull << 0)
#define X86_PTE_PS	(1ull << 7)
#define X86_PTE_ADDR	0x000ffffffffff000ull

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

/* Operand of lgdt/lidt/sgdt/sidt. */
struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static inline struct cpuid_regs cpuid_count(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	asm volatile("cpuid"
		     : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

static inline struct cpuid_regs cpuid(uint32_t leaf)
{
	return cpuid_count(leaf, 0);
}

/*
 * RDTSC ordered on both sides: "lfence; rdtsc; lfence".
 * The leading LFENCE waits until every earlier instruction has completed, so
 * the read is not taken early; the trailing one keeps later instructions from
 * starting before the read. RDTSCP would only give the first half. On AMD,
 * LFENCE is dispatch serializing when the host kernel sets DE_CFG[1] (Linux
 * does, for Spectre v1), which is the case on the hosts we measure. Under
 * QEMU icount each fence is one more tick: a fixed offset, measured by the
 * workloads that care (see l1/cpuid_loop.c).
 */
static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	asm volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)val),
		     "d"((uint32_t)(val >> 32)) : "memory");
}

#define DEFINE_CR_ACCESSORS(n)						\
static inline uint64_t read_cr##n(void)					\
{									\
	uint64_t v;							\
	asm volatile("mov %%cr" #n ", %0" : "=r"(v) :: "memory");	\
	return v;							\
}									\
static inline void write_cr##n(uint64_t v)				\
{									\
	asm volatile("mov %0, %%cr" #n :: "r"(v) : "memory");		\
}
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
DEFINE_CR_ACCESSORS(8)
#undef DEFINE_CR_ACCESSORS

static inline uint16_t read_cs(void)
{
	uint16_t cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	return cs;
}

static inline uint64_t read_rflags(void)
{
	uint64_t f;

	asm volatile("pushfq\n\tpopq %0" : "=r"(f) :: "memory");
	return f;
}

/* "memory": the VMM may read guest memory on this exit (ucall). */
static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static inline void outl(uint16_t port, uint32_t v)
{
	asm volatile("outl %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void cli(void) { asm volatile("cli" ::: "memory"); }
static inline void sti(void) { asm volatile("sti" ::: "memory"); }
static inline void hlt(void) { asm volatile("hlt" ::: "memory"); }
static inline void cpu_relax(void) { asm volatile("pause" ::: "memory"); }
static inline void ud2(void) { asm volatile("ud2" ::: "memory"); }

static inline void lgdt(const struct desc_ptr *p)
{
	asm volatile("lgdt %0" :: "m"(*p) : "memory");
}

static inline void lidt(const struct desc_ptr *p)
{
	asm volatile("lidt %0" :: "m"(*p) : "memory");
}

static inline struct desc_ptr sgdt(void)
{
	struct desc_ptr p;

	asm volatile("sgdt %0" : "=m"(p));
	return p;
}

static inline struct desc_ptr sidt(void)
{
	struct desc_ptr p;

	asm volatile("sidt %0" : "=m"(p));
	return p;
}

static inline void invlpg(const void *va)
{
	asm volatile("invlpg (%0)" :: "r"(va) : "memory");
}

/* Interrupts off, then HLT forever: the end of every guest path. */
static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;) {
		cli();
		hlt();
	}
}

#endif
