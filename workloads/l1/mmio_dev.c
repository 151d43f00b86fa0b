// SPDX-License-Identifier: GPL-2.0
/*
 * l1-mmio: loads and stores of 1, 2, 4 and 8 bytes to the VMM's MMIO test
 * device (<hvt/testdev.h>), one instruction form at a time.
 *
 * Each access is its own asm statement, so the instruction is exactly the
 * one named — the compiler cannot pick another form. The forms are the MOVs
 * hvt's MMIO emulation decodes (hv/core/x86_decode.h): 88/89 and 8A/8B with
 * no prefix, 66 and REX.W; MOVZX 0F B6/B7 (32-bit, 16-bit and REX.W
 * destinations); C6/C7 immediate stores; extended registers (REX.R, REX.B)
 * and the addressing forms [base], [base+disp8], [base+disp32],
 * [base+index*8], r12 (needs a SIB byte) and r13 (needs a displacement) as
 * the base. High-byte registers (AH..BH) are not used: hvt does not emulate
 * them (KVM does).
 *
 * A load checks both the value and what it does to the rest of the
 * destination register (8/16-bit loads merge, 32-bit zero-extends). Every
 * access is counted; at the end the device's ACCESSES register must agree.
 * Reports VALUE "mmio_accesses" (the guest's count, every device access).
 */
#include "testdev_guest.h"

#define DEV ((uintptr_t)HVT_TESTDEV_GPA)
#define SCRATCH (DEV + HVT_TESTDEV_SCRATCH)
#define JUNK 0xaaaaaaaaaaaaaaaaull	/* what a destination register held before a load */
#define VALUE 0x1122334455667788ull

static uint64_t accesses;

/* ---- loads: "+r" starts the register as JUNK, so merges are visible ---- */

static uint64_t ld8(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movb (%1), %b0" : "+q"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ld16(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movw (%1), %w0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ld32(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movl (%1), %k0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ld64(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movq (%1), %q0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

/* MOVZX: 0F B6 / 0F B7 into a 32-bit register, 66 0F B6 into 16, REX.W into 64. */
static uint64_t ldzx_b32(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movzbl (%1), %k0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ldzx_w32(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movzwl (%1), %k0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ldzx_b16(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movzbw (%1), %w0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ldzx_b64(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movzbq (%1), %q0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

static uint64_t ldzx_w64(uintptr_t p)
{
	uint64_t v = JUNK;

	accesses++;
	asm volatile("movzwq (%1), %q0" : "+r"(v) : "r"(p) : "memory");
	return v;
}

/* ---- register stores: 88, 66 89, 89, REX.W 89 ---- */

static void st8(uintptr_t p, uint64_t v)
{
	accesses++;
	asm volatile("movb %b1, (%0)" :: "r"(p), "q"(v) : "memory");
}

static void st16(uintptr_t p, uint64_t v)
{
	accesses++;
	asm volatile("movw %w1, (%0)" :: "r"(p), "r"(v) : "memory");
}

static void st32(uintptr_t p, uint64_t v)
{
	accesses++;
	asm volatile("movl %k1, (%0)" :: "r"(p), "r"(v) : "memory");
}

static void st64(uintptr_t p, uint64_t v)
{
	accesses++;
	asm volatile("movq %q1, (%0)" :: "r"(p), "r"(v) : "memory");
}

#define CHECK_LOAD(expr, want)							\
	do {									\
		uint64_t got_ = (expr), want_ = (want);				\
		if (got_ != want_)						\
			guest_fail_values(__FILE__, __LINE__, got_, want_,	\
					  "%s gave 0x%llx, want 0x%llx", #expr,	\
					  (unsigned long long)got_,		\
					  (unsigned long long)want_);		\
	} while (0)

static void expect_scratch(uint64_t want, const char *after)
{
	uint64_t got = ld64(SCRATCH);

	if (got != want)
		guest_fail_values(__FILE__, __LINE__, got, want,
				  "SCRATCH is 0x%llx after %s, want 0x%llx",
				  (unsigned long long)got, after, (unsigned long long)want);
}

static void plain_loads(void)
{
	CHECK_LOAD(ld64(DEV + HVT_TESTDEV_MAGIC_REG), HVT_TESTDEV_MAGIC);
	st64(SCRATCH, VALUE);
	CHECK_LOAD(ld64(SCRATCH), VALUE);
	CHECK_LOAD(ld32(SCRATCH), 0x55667788);			/* zero-extends */
	CHECK_LOAD(ld16(SCRATCH), (JUNK & ~0xffffull) | 0x7788);	/* merges */
	CHECK_LOAD(ld8(SCRATCH), (JUNK & ~0xffull) | 0x88);
}

/* Narrow loads at every aligned offset read that register's bytes. */
static void offsets(void)
{
	for (unsigned int i = 0; i < 8; i++)
		CHECK_LOAD(ld8(SCRATCH + i), (JUNK & ~0xffull) | ((VALUE >> (8 * i)) & 0xff));
	for (unsigned int i = 0; i < 8; i += 2)
		CHECK_LOAD(ldzx_w32(SCRATCH + i), (VALUE >> (8 * i)) & 0xffff);
	CHECK_LOAD(ld32(SCRATCH + 4), VALUE >> 32);
}

static void movzx_loads(void)
{
	CHECK_LOAD(ldzx_b32(SCRATCH), 0x88);
	CHECK_LOAD(ldzx_w32(SCRATCH), 0x7788);
	CHECK_LOAD(ldzx_b16(SCRATCH + 1), (JUNK & ~0xffffull) | 0x77);
	CHECK_LOAD(ldzx_b64(SCRATCH + 7), 0x11);
	CHECK_LOAD(ldzx_w64(SCRATCH + 6), 0x1122);
}

static void register_stores(void)
{
	st64(SCRATCH, 0);
	st8(SCRATCH, 0xffffffffffffff5aull);
	expect_scratch(0x5a, "a 1-byte store");
	CHECK_LOAD(ld64(DEV + HVT_TESTDEV_LAST_WRITE), HVT_TESTDEV_SCRATCH << 8 | 1);
	st16(SCRATCH + 2, 0xffffffffffffbeefull);
	expect_scratch(0xbeef005a, "a 2-byte store at +2");
	CHECK_LOAD(ld64(DEV + HVT_TESTDEV_LAST_WRITE), (HVT_TESTDEV_SCRATCH + 2) << 8 | 2);
	st32(SCRATCH + 4, 0xffffffffcafef00dull);
	expect_scratch(0xcafef00dbeef005aull, "a 4-byte store at +4");
	st8(SCRATCH + 7, 0x01);
	expect_scratch(0x01fef00dbeef005aull, "a 1-byte store at +7");
	st64(SCRATCH, VALUE);
	expect_scratch(VALUE, "an 8-byte store");
	CHECK_LOAD(ld64(DEV + HVT_TESTDEV_LAST_WRITE), HVT_TESTDEV_SCRATCH << 8 | 8);
}

/* C6 /0 ib, 66 C7 /0 iw, C7 /0 id, REX.W C7 /0 id (sign-extended). */
static void immediate_stores(void)
{
	uintptr_t p = SCRATCH;

	st64(p, 0);
	accesses++;
	asm volatile("movb $0xc6, (%0)" :: "r"(p) : "memory");
	expect_scratch(0xc6, "movb $imm8");
	accesses++;
	asm volatile("movw $0xc7c7, 2(%0)" :: "r"(p) : "memory");
	expect_scratch(0xc7c700c6, "movw $imm16 at +2");
	accesses++;
	asm volatile("movl $0x89abcdef, 4(%0)" :: "r"(p) : "memory");
	expect_scratch(0x89abcdefc7c700c6ull, "movl $imm32 at +4");
	accesses++;
	asm volatile("movq $-2, (%0)" :: "r"(p) : "memory");
	expect_scratch(0xfffffffffffffffeull, "movq $-2");
	accesses++;
	asm volatile("movq $0x7fffffff, (%0)" :: "r"(p) : "memory");
	expect_scratch(0x7fffffff, "movq $0x7fffffff");
}

/* r8-r15 as data (REX.R) and as base (REX.B), SIB and displacement forms. */
static void extended_registers(void)
{
	register uint64_t r9 asm("r9") = 0x0102030405060708ull;
	register uint64_t r10 asm("r10") = JUNK;
	register uintptr_t r12 asm("r12") = SCRATCH;	/* base 100b: needs SIB */
	register uintptr_t r13 asm("r13") = SCRATCH;	/* base 101b: needs a disp8 */
	uintptr_t dev = DEV;

	accesses++;
	asm volatile("movq %1, (%0)" :: "r"(r12), "r"(r9) : "memory");
	expect_scratch(0x0102030405060708ull, "movq %r9, (%r12)");
	accesses++;
	asm volatile("movb (%1), %b0" : "+r"(r10) : "r"(r13) : "memory");
	CHECK_LOAD(r10, (JUNK & ~0xffull) | 0x08);
	accesses++;
	asm volatile("movl %k1, 4(%0)" :: "r"(r13), "r"(r9) : "memory");
	expect_scratch(0x0506070805060708ull, "movl to 4(%r13)");
	accesses++;
	asm volatile("movw 0x1006(%1), %w0" : "+r"(r10) : "r"(dev - 0x1000 + HVT_TESTDEV_SCRATCH)
		     : "memory");
	CHECK_LOAD(r10, (JUNK & ~0xffffull) | 0x0506);
	accesses++;
	asm volatile("movq (%1,%2,8), %0" : "=r"(r10) : "r"(dev), "r"((uint64_t)1) : "memory");
	CHECK_LOAD(r10, 0x0506070805060708ull);
	accesses++;
	asm volatile("movzbl 3(%1), %k0" : "=r"(r10) : "r"(r12) : "memory");
	CHECK_LOAD(r10, 0x05);
}

/* SIL/DIL need a plain REX prefix (40): not the high bytes of the legacy encoding. */
static void rex_byte_registers(void)
{
	register uint64_t rsi asm("rsi") = 0x77;
	register uint64_t rdi asm("rdi") = JUNK;
	uintptr_t p = SCRATCH;

	accesses++;
	asm volatile("movb %b1, (%0)" :: "r"(p), "r"(rsi) : "memory");
	accesses++;
	asm volatile("movb (%1), %b0" : "+r"(rdi) : "r"(p) : "memory");
	CHECK_LOAD(rdi, (JUNK & ~0xffull) | 0x77);
}

/* AH/CH/DH/BH: bits 8-15 of RAX..RBX, legal only without a REX prefix. */
static void high_byte_registers(void)
{
	uint64_t ax = 0x1234, bx = JUNK;
	uintptr_t p = SCRATCH;

	accesses++;
	asm volatile("movb %%ah, (%0)" :: "D"(p), "a"(ax) : "memory");
	accesses++;
	asm volatile("movb (%1), %%bh" : "+b"(bx) : "D"(p) : "memory");
	CHECK_LOAD(bx, (JUNK & ~0xff00ull) | (0x12ull << 8));
}

static void access_count(void)
{
	uint64_t seen = ld64(DEV + HVT_TESTDEV_ACCESSES);

	/* the register counts the accesses before this read, which is counted here */
	GUEST_ASSERT_EQ(seen, accesses - 1);
}

void guest_main(struct hvt_boot_params *bp, unsigned int vcpu)
{
	if (vcpu != 0)
		return;
	testdev_map(bp);
	accesses = 1;	/* testdev_map read MAGIC */
	plain_loads();
	offsets();
	movzx_loads();
	register_stores();
	immediate_stores();
	extended_registers();
	rex_byte_registers();
	high_byte_registers();
	access_count();
	guest_print("l1-mmio: %llu device accesses, all as expected",
		    (unsigned long long)accesses);
	guest_value("mmio_accesses", accesses);
}
