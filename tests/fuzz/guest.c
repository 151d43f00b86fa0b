// SPDX-License-Identifier: GPL-2.0
/*
 * Guest code generator. Each template emits one small group of
 * instructions that makes the hypervisor do something: an exit to user
 * space (IN/OUT, MMIO reads and writes of every decoded form and some that
 * are not decoded), an exit hvt handles itself (CPUID, MSRs, SVM
 * instructions, HLT), an exception, a control-register or descriptor-table
 * change, or plain random bytes. Registers: EAX value, EBX address, ECX
 * index, EDX port. Encodings are chosen per mode (16-bit code needs 66/67
 * prefixes for 32-bit operands and [EBX] addressing).
 */
#include <string.h>

#include "guest.h"
#include "prng.h"

struct emit {
	uint8_t *buf;
	size_t len, cap;
	enum fz_mode mode;
	struct fz_rng rng;
	unsigned int flags;
};

static void b(struct emit *e, uint8_t byte)
{
	if (e->len < e->cap)
		e->buf[e->len++] = byte;
}

static void bytes(struct emit *e, const uint8_t *p, size_t n)
{
	while (n--)
		b(e, *p++);
}

static void imm32(struct emit *e, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		b(e, v >> (8 * i));
}

/* Operand-size prefix for a 32-bit operand (16-bit code needs it). */
static void op32(struct emit *e)
{
	if (e->mode == FZ_MODE_REAL)
		b(e, 0x66);
}

/* Operand-size prefix for a 16-bit operand (32/64-bit code needs it). */
static void op16(struct emit *e)
{
	if (e->mode != FZ_MODE_REAL)
		b(e, 0x66);
}

/* Address-size prefix so ModRM 0x03 means [EBX] (16-bit code only). */
static void addr32(struct emit *e)
{
	if (e->mode == FZ_MODE_REAL)
		b(e, 0x67);
}

/* mov r32, imm32 (reg 0 EAX, 1 ECX, 2 EDX, 3 EBX). */
static void mov_imm(struct emit *e, int reg, uint32_t v)
{
	op32(e);
	b(e, 0xb8 + reg);
	imm32(e, v);
}

static uint64_t rnd(struct emit *e, uint64_t n)
{
	return fz_rng_below(&e->rng, n);
}

/* Guest-physical addresses worth touching: RAM, holes (MMIO), edges. */
static uint64_t pick_addr(struct emit *e)
{
	static const uint64_t fixed[] = {
		FZ_DATA_GPA, FZ_DATA_GPA + 0xfff, FZ_GUEST_MEM - 4, FZ_GUEST_MEM, FZ_GUEST_MEM + 0xffd,
		0x400000, 0x400ffe, 0xa0000, 0xb8000, 0xd0000000, 0xfec00000, 0xfee00000,
		0xfffffffc, 0xffffffff, FZ_CODE_GPA, FZ_IDT_GPA, FZ_PML4_GPA, 0x1ffffff,
	};

	if (rnd(e, 4) == 0)
		return rnd(e, 0x100000000ull);
	return FZ_PICK(&e->rng, fixed);
}

static void set_ebx_addr(struct emit *e)
{
	uint64_t a = pick_addr(e);

	if (e->mode == FZ_MODE_LONG64 && rnd(e, 8) == 0) {
		/* mov rbx, imm64: above 4 GiB, maybe non-canonical */
		static const uint64_t high[] = { 0x100000000ull, 0x7ffffffff000ull,
						 0x800000000000ull, 0xffff800000000000ull };
		uint64_t v = FZ_PICK(&e->rng, high);

		b(e, 0x48);
		b(e, 0xbb);
		imm32(e, v);
		imm32(e, v >> 32);
		return;
	}
	mov_imm(e, 3, a);
}

static uint32_t pick_value(struct emit *e)
{
	static const uint32_t v[] = { 0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000,
				      0xffffffff, 0x12345678 };

	return rnd(e, 3) ? FZ_PICK(&e->rng, v) : (uint32_t)fz_rng_next(&e->rng);
}

static void t_pio(struct emit *e)
{
	static const uint8_t ports[] = { 0x00, 0x10, 0x20, 0x60, 0x70, 0x80, 0x81, 0xcf, 0xff };
	int in = rnd(e, 2), size = rnd(e, 3), use_dx = rnd(e, 2);
	uint8_t op;

	mov_imm(e, 0, pick_value(e));
	if (use_dx)
		mov_imm(e, 2, rnd(e, 2) ? FZ_PICK(&e->rng, ports) : rnd(e, 0x10000));
	/* E4/E5 in imm, E6/E7 out imm, EC/ED in dx, EE/EF out dx */
	op = (use_dx ? 0xec : 0xe4) | (in ? 0 : 2) | (size ? 1 : 0);
	if (size == 1)
		op16(e);
	else if (size == 2)
		op32(e);
	b(e, op);
	if (!use_dx)
		b(e, FZ_PICK(&e->rng, ports));
}

static void t_mmio(struct emit *e)
{
	/* MOV forms hvt decodes, then forms it must refuse cleanly. */
	static const uint8_t forms[][3] = {
		{ 1, 0x88, 0x03 }, { 1, 0x89, 0x03 }, { 1, 0x8a, 0x03 }, { 1, 0x8b, 0x03 },
		{ 1, 0x88, 0x23 }, { 1, 0x8a, 0x23 }, { 2, 0x0f, 0xb6 }, { 2, 0x0f, 0xb7 },
		{ 1, 0xc6, 0x03 }, { 1, 0xc7, 0x03 }, { 1, 0x01, 0x03 }, { 1, 0x87, 0x03 },
		{ 1, 0x85, 0x03 }, { 1, 0xff, 0x03 },
	};
	int f = rnd(e, sizeof(forms) / sizeof(forms[0]));

	set_ebx_addr(e);
	mov_imm(e, 0, pick_value(e));
	switch (rnd(e, 4)) {
	case 0: op16(e); break;
	case 1: if (e->mode == FZ_MODE_LONG64) b(e, 0x48); else op32(e); break;
	case 2: if (e->mode == FZ_MODE_REAL) op32(e); break;
	default: break;
	}
	addr32(e);
	b(e, forms[f][1]);
	if (forms[f][0] == 2) {
		b(e, forms[f][2]);
		b(e, 0x03);
	} else {
		b(e, forms[f][2]);
	}
	if (forms[f][1] == 0xc6)
		b(e, pick_value(e));
	else if (forms[f][1] == 0xc7)
		imm32(e, pick_value(e));	/* a 16-bit form eats only two: the rest decode on */
}

static void t_string_io(struct emit *e)
{
	/* Not emulated by hvt: must be a clean internal error. */
	static const uint8_t ops[] = { 0x6c, 0x6d, 0x6e, 0x6f, 0xa4, 0xaa };

	set_ebx_addr(e);
	mov_imm(e, 1, rnd(e, 4));
	mov_imm(e, 2, 0x10);
	if (rnd(e, 2))
		b(e, 0xf3);
	b(e, FZ_PICK(&e->rng, ops));
}

static void t_cpuid(struct emit *e)
{
	static const uint32_t leaves[] = { 0, 1, 7, 0xd, 0x40000000, 0x80000000, 0x80000001,
					   0x80000008, 0x8000000a, 0xffffffff };

	mov_imm(e, 0, rnd(e, 4) ? FZ_PICK(&e->rng, leaves) : pick_value(e));
	mov_imm(e, 1, rnd(e, 3));
	bytes(e, (const uint8_t[]){ 0x0f, 0xa2 }, 2);
}

static void t_msr(struct emit *e)
{
	static const uint32_t msrs[] = { 0xc0000080, 0xc0000081, 0xc0000082, 0xc0000100,
					 0xc0000101, 0xc0000102, 0x10, 0x174, 0x277, 0xc0010117,
					 0xc0010114, 0x1b, 0x3a, 0xffffffff, 0xc0011fff, 0x2000 };

	uint32_t msr = rnd(e, 5) ? FZ_PICK(&e->rng, msrs) : pick_value(e);
	uint32_t val = pick_value(e);

	/* EFER.LME without paging or PAE kills the testbed at the next exit (guest.h). */
	if (msr == 0xc0000080 && e->mode != FZ_MODE_LONG64 && !(e->flags & FZ_GEN_NO_TCG_SAFETY))
		val &= ~0x100u;
	mov_imm(e, 1, msr);
	mov_imm(e, 0, val);
	mov_imm(e, 2, rnd(e, 2) ? 0 : pick_value(e));
	bytes(e, (const uint8_t[]){ 0x0f, rnd(e, 2) ? 0x30 : 0x32 }, 2);
	if (msr == 0xc0000080)
		mov_imm(e, 1, 0);	/* so no stray WRMSR in random bytes writes EFER */
}

static void t_svm(struct emit *e)
{
	static const uint32_t vmcbs[] = { 0x30000, 0x31000, 0x30008, 0x0, 0x400000, 0xfffff000,
					  FZ_GUEST_MEM };

	mov_imm(e, 0, FZ_PICK(&e->rng, vmcbs));
	if (rnd(e, 3) == 0)
		t_msr(e);	/* often EFER.SVME or VM_HSAVE_PA first */
	b(e, 0x0f);
	b(e, 0x01);
	b(e, 0xd8 + rnd(e, 8));	/* VMRUN VMMCALL VMLOAD VMSAVE STGI CLGI SKINIT INVLPGA */
}

static void t_exits(struct emit *e)
{
	static const uint8_t ops[][3] = {
		{ 1, 0xf4 }, { 2, 0x0f, 0x08 }, { 2, 0x0f, 0x09 }, { 3, 0x0f, 0x01, }, { 2, 0x0f, 0x31 },
		{ 2, 0x0f, 0x33 }, { 2, 0x0f, 0x05 }, { 2, 0x0f, 0x34 }, { 2, 0xf3, 0x90 },
	};
	static const uint8_t op01[] = { 0xc8, 0xc9, 0xd0, 0xd1, 0xf9, 0xf8, 0xca, 0xcb };
	int i = rnd(e, sizeof(ops) / sizeof(ops[0]));

	if (ops[i][0] == 3) {
		b(e, 0x0f);
		b(e, 0x01);
		b(e, FZ_PICK(&e->rng, op01));	/* MONITOR MWAIT XGETBV XSETBV RDTSCP SWAPGS CLAC STAC */
		return;
	}
	bytes(e, &ops[i][1], ops[i][0]);
}

static void t_exception(struct emit *e)
{
	switch (rnd(e, 6)) {
	case 0: b(e, 0xcc); break;				/* int3 */
	case 1: b(e, 0xcd); b(e, rnd(e, 256)); break;		/* int n */
	case 2: b(e, 0x0f); b(e, 0x0b); break;			/* ud2 */
	case 3: bytes(e, (const uint8_t[]){ 0x31, 0xc9, 0xf7, 0xf1 }, 4); break; /* div by 0 */
	case 4: if (e->mode != FZ_MODE_LONG64) b(e, 0xce); break; /* into */
	default: b(e, e->mode == FZ_MODE_LONG64 ? 0x48 : 0x90); b(e, 0xcf); break; /* iret */
	}
}

/* TF, DR0-7, ICEBP and AC: the exception loops of item (b). */
static void t_debug(struct emit *e)
{
	if (e->flags & FZ_GEN_NO_DEBUG_TRAPS)
		return;
	switch (rnd(e, 5)) {
	case 0:	/* pushf; or [esp], TF or AC; popf */
		if (e->mode == FZ_MODE_REAL)
			b(e, 0x66);
		b(e, 0x9c);
		addr32(e);
		op32(e);
		bytes(e, (const uint8_t[]){ 0x81, 0x0c, 0x24 }, 3);
		imm32(e, rnd(e, 2) ? 0x100 : 0x40000);
		if (e->mode == FZ_MODE_REAL)
			b(e, 0x66);
		b(e, 0x9d);
		break;
	case 1:	/* mov drN, eax: a breakpoint on the stack, IDT or code */
		mov_imm(e, 0, rnd(e, 2) ? FZ_STACK_TOP - 8 : (uint32_t)pick_addr(e));
		bytes(e, (const uint8_t[]){ 0x0f, 0x23, 0xc0 + 8 * rnd(e, 4) }, 3);
		mov_imm(e, 0, rnd(e, 2) ? 0x000d0003 | (uint32_t)rnd(e, 0x10000) << 16 : pick_value(e));
		bytes(e, (const uint8_t[]){ 0x0f, 0x23, 0xf8 }, 3);
		break;
	case 2: b(e, 0xf1); break;				/* icebp */
	case 3:	/* CR0.AM */
		bytes(e, (const uint8_t[]){ 0x0f, 0x20, 0xc0 }, 3);
		op32(e);
		b(e, 0x0d);
		imm32(e, 0x40000);
		bytes(e, (const uint8_t[]){ 0x0f, 0x22, 0xc0 }, 3);
		break;
	default: /* misaligned stack, then an exception */
		bytes(e, (const uint8_t[]){ 0x83, 0xec, 0x03, 0xcc }, 4);
		break;
	}
}

static void t_cr(struct emit *e)
{
	static const uint8_t crs[] = { 0xc0, 0xd8, 0xe0, 0xd0 };	/* cr0 cr3 cr4 cr2 */

	if (rnd(e, 2)) {
		bytes(e, (const uint8_t[]){ 0x0f, 0x20, FZ_PICK(&e->rng, crs) }, 3);
		return;
	}
	mov_imm(e, 0, pick_value(e));
	bytes(e, (const uint8_t[]){ 0x0f, 0x22, FZ_PICK(&e->rng, crs) }, 3);
}

static void t_desc(struct emit *e)
{
	static const uint8_t modrm[] = { 0x1b, 0x13, 0x0b, 0x03 };	/* lidt lgdt sidt sgdt [ebx] */

	set_ebx_addr(e);
	addr32(e);
	bytes(e, (const uint8_t[]){ 0x0f, 0x01, FZ_PICK(&e->rng, modrm) }, 3);
	if (rnd(e, 3) == 0) {	/* and a segment load */
		mov_imm(e, 0, rnd(e, 0x40));
		bytes(e, (const uint8_t[]){ 0x8e, rnd(e, 2) ? 0xd8 : 0xd0 }, 2);
	}
}

static void t_fpu(struct emit *e)
{
	set_ebx_addr(e);
	switch (rnd(e, 3)) {
	case 0: bytes(e, (const uint8_t[]){ 0xdb, 0xe3, 0xd9, 0xe8 }, 4); break; /* fninit; fld1 */
	case 1: addr32(e); bytes(e, (const uint8_t[]){ 0x0f, 0xae, 0x03 }, 3); break; /* fxsave */
	default: addr32(e); bytes(e, (const uint8_t[]){ 0x0f, 0x10, 0x03 }, 3); break; /* movups */
	}
}

static void t_random(struct emit *e)
{
	size_t n = 1 + rnd(e, 8);

	while (n--)
		b(e, fz_rng_next(&e->rng));
}

static void t_loop_back(struct emit *e)
{
	if (rnd(e, 4) == 0) {
		bytes(e, (const uint8_t[]){ 0xeb, 0xfe }, 2);	/* jmp $: only a timer ends it */
		return;
	}
	/* jmp rel32 to the start of the code */
	b(e, 0xe9);
	if (e->mode == FZ_MODE_REAL) {
		int16_t rel = -(int16_t)(e->len + 2);

		b(e, rel);
		b(e, rel >> 8);
		return;
	}
	imm32(e, (uint32_t)-(int32_t)(e->len + 4));
}

typedef void (*template_fn)(struct emit *e);

static const struct {
	template_fn fn;
	unsigned int weight;
} templates[] = {
	{ t_pio, 20 }, { t_mmio, 20 }, { t_string_io, 3 }, { t_cpuid, 6 }, { t_msr, 8 },
	{ t_svm, 6 }, { t_exits, 8 }, { t_exception, 5 }, { t_debug, 4 }, { t_cr, 4 },
	{ t_desc, 3 }, { t_fpu, 3 }, { t_random, 4 },
};

static void one_template(struct emit *e)
{
	unsigned int total = 0, pick, i;

	for (i = 0; i < sizeof(templates) / sizeof(templates[0]); i++)
		total += templates[i].weight;
	pick = rnd(e, total);
	for (i = 0; pick >= templates[i].weight; i++)
		pick -= templates[i].weight;
	templates[i].fn(e);
}

size_t fz_guest_code(uint64_t seed, enum fz_mode mode, unsigned int flags, uint8_t *buf,
		     size_t cap)
{
	struct emit e = { .buf = buf, .cap = cap, .mode = mode % FZ_NR_MODES, .flags = flags };
	int n;

	fz_rng_seed(&e.rng, seed);
	n = 1 + rnd(&e, 24);
	while (n-- && e.len + 32 < cap)
		one_template(&e);
	switch (rnd(&e, 4)) {
	case 0: b(&e, 0xf4); t_loop_back(&e); break;
	case 1: t_loop_back(&e); break;
	case 2: b(&e, 0xf4); break;
	default: break;	/* run on into whatever follows */
	}
	return e.len;
}

/* A flat GDT: code32, data, code64, code16 and a 64-bit TSS. */
static void write_gdt(uint8_t *mem)
{
	uint64_t gdt[7] = {
		0,
		0x00cf9b000000ffffull,	/* 0x08 code32 */
		0x00cf93000000ffffull,	/* 0x10 data */
		0x00af9b000000ffffull,	/* 0x18 code64 */
		0x008f9b000000ffffull,	/* 0x20 code16 */
		0x00008b0018000067ull,	/* 0x28 TSS at 0x1800, busy */
		0,
	};

	memcpy(mem + FZ_GDT_GPA, gdt, sizeof(gdt));
}

/* Identity map of 0-1 GiB and 3-4 GiB with 2 MiB pages (long mode). */
static void write_page_tables(uint8_t *mem)
{
	uint64_t *pml4 = (uint64_t *)(mem + FZ_PML4_GPA), *pdpt = pml4 + 512;
	uint64_t *pd0 = pdpt + 512, *pd3 = pd0 + 512;

	memset(pml4, 0, 4 * 4096);
	pml4[0] = (FZ_PML4_GPA + 0x1000) | 3;
	pdpt[0] = (FZ_PML4_GPA + 0x2000) | 3;
	pdpt[3] = (FZ_PML4_GPA + 0x3000) | 3;
	for (uint64_t i = 0; i < 512; i++) {
		pd0[i] = (i << 21) | 0x83;
		pd3[i] = ((3ull << 30) + (i << 21)) | 0x83;
	}
}

/* Every vector lands on one handler: report on the exception port, halt, repeat. */
static void write_idt(uint8_t *mem, enum fz_mode mode, int idt)
{
	static const uint8_t handler[] = { 0xe6, FZ_PORT_EXCEPTION, 0xf4, 0xeb, 0xfb };
	uint32_t h = FZ_HANDLER_GPA;

	memcpy(mem + FZ_HANDLER_GPA, handler, sizeof(handler));
	memset(mem + FZ_IDT_GPA, 0, 4096);
	memset(mem, 0, 0x400);
	if (!idt)
		return;
	for (int v = 0; v < 256; v++) {
		if (mode == FZ_MODE_REAL) {
			uint32_t ivt = (FZ_HANDLER_GPA >> 4) << 16;	/* segment 0x700, offset 0 */

			memcpy(mem + v * 4, &ivt, 4);
		} else if (mode == FZ_MODE_PROT32) {
			uint64_t g = (h & 0xffff) | (uint64_t)FZ_SEL_CODE32 << 16 |
				     0x8eull << 40 | (uint64_t)(h >> 16) << 48;

			memcpy(mem + FZ_IDT_GPA + v * 8, &g, 8);
		} else {
			/* 16-byte gates: 256 of them fill the IDT's page exactly. */
			uint64_t g[2] = { (h & 0xffff) | (uint64_t)FZ_SEL_CODE64 << 16 |
					  0x8eull << 40 | (uint64_t)(h >> 16) << 48, 0 };

			memcpy(mem + FZ_IDT_GPA + v * 16, g, 16);
		}
	}
}

void fz_guest_layout_write(uint8_t *mem, enum fz_mode mode, int idt)
{
	write_gdt(mem);
	write_page_tables(mem);
	write_idt(mem, mode % FZ_NR_MODES, idt);
}
