// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU state ops. Arguments, per op:
 *   vcpu_regs   a0 vCPU, a1 get/set random/get-flip-set, a2 seed, a3 pointer class
 *   vcpu_sregs  a0 vCPU, a1 get/set random/mode plus one mutation, a2 seed,
 *               a3 pointer class, a4 mode
 *   vcpu_setup  a0 vCPU, a1 mode, a2 flags (IDT, CPL 3, random entry, random
 *               RFLAGS), a3 seed
 *   set_cpuid   a0 vCPU, a1 entries, a2 content (supported, +SVM, random,
 *               mutated), a3 pointer class, a4 seed
 *   msrs        a0 vCPU, a1 get/set, a2 count, a3 seed, a4 pointer class
 *   vcpu_ioctl  a0 vCPU, a1 which (KVM vCPU ioctls hvt lacks), a2 pointer class, a3 seed
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "args.h"
#include "guest.h"
#include "ops.h"

static int is_valid_class(uint64_t class)
{
	class %= FZ_NR_PTR_CLASSES;
	return class == FZ_PTR_VALID || class == FZ_PTR_UNALIGNED;
}

static void fill_random(void *p, size_t n, uint64_t seed)
{
	struct fz_rng r;

	fz_rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++)
		((uint8_t *)p)[i] = fz_rng_next(&r);
}

FZ_EXEC(vcpu_regs)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	struct kvm_regs *regs;
	struct fz_rng r;

	if (!v)
		return;
	regs = fz_ptr(op->a[3], sizeof(*regs), 0);
	fz_rng_seed(&r, op->a[2]);
	switch (op->a[1] % 3) {
	case 0:
		fz_ioctl(x, "KVM_GET_REGS", v->fd, KVM_GET_REGS, regs, FZ_RET_ZERO, 0);
		return;
	case 1:
		if (is_valid_class(op->a[3]))
			for (size_t i = 0; i < sizeof(*regs) / 8; i++)
				((uint64_t *)regs)[i] = fz_gen_u64(&r);
		break;
	default:
		if (fz_ioctl(x, "KVM_GET_REGS", v->fd, KVM_GET_REGS, regs, FZ_RET_ZERO, 0) ||
		    !is_valid_class(op->a[3]))
			return;
		((uint64_t *)regs)[fz_rng_below(&r, sizeof(*regs) / 8)] ^= 1ull << fz_rng_below(&r, 64);
		if (x->avoid & FZ_AVOID_DBTRAP)
			regs->rflags &= ~(0x100ull | 0x40000ull);
		break;
	}
	if ((x->avoid & FZ_AVOID_DBTRAP) && is_valid_class(op->a[3]))
		regs->rflags &= ~(0x100ull | 0x40000ull);
	fz_ioctl(x, "KVM_SET_REGS", v->fd, KVM_SET_REGS, regs, FZ_RET_ZERO, 0);
}

static void seg(struct kvm_segment *s, uint16_t sel, uint64_t base, uint32_t limit, uint8_t type,
		int db, int l, int g)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = base;
	s->limit = limit;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->db = db;
	s->l = l;
	s->g = g;
}

/*
 * The testbed's CPU is QEMU's TCG, and two guest states that real CPUs take
 * kill it (docs/fuzzing.md): a busy 16/32-bit TSS in TR when an interrupt
 * at CPL 3 needs its stack ("qemu: fatal: invalid tss type"; a not-present
 * TR in long mode likewise), and EFER.LME with CR0.PG and CR4.PAE both
 * clear at a #VMEXIT (QEMU then fails to restore the host's CR0 and the
 * host runs on with paging off). A fuzzer that kills its own machine finds
 * nothing more, so every state set here avoids both.
 */
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define CR0_PG	 (1ull << 31)
#define CR4_PAE	 (1ull << 5)

static void keep_tcg_safe(struct kvm_sregs *s)
{
	s->tr.present = 1;
	s->tr.unusable = 0;
	if (!(s->efer & EFER_LMA) && (s->tr.type & 7) != 1)
		s->tr.type = (s->tr.type & 8) | 1;
	if (!(s->cr0 & CR0_PG) && !(s->cr4 & CR4_PAE))
		s->efer &= ~EFER_LME;
}

/* A consistent state for @mode on the layout of fz_guest_layout_write(). */
static void mode_sregs(struct kvm_sregs *s, enum fz_mode mode, int idt, int cpl3)
{
	struct kvm_segment data;

	switch (mode) {
	case FZ_MODE_REAL:
		seg(&s->cs, FZ_CODE_GPA >> 4, FZ_CODE_GPA, 0xffff, 0xb, 0, 0, 0);
		seg(&data, 0, 0, 0xffffffff, 0x3, 0, 0, 1);	/* "unreal": 4 GiB data */
		s->cr0 = 0x10;
		s->cr4 = 0;
		s->efer = 0;
		s->idt.base = 0;
		s->idt.limit = idt ? 0x3ff : 0;
		break;
	case FZ_MODE_PROT32:
		seg(&s->cs, FZ_SEL_CODE32, 0, 0xffffffff, 0xb, 1, 0, 1);
		seg(&data, FZ_SEL_DATA, 0, 0xffffffff, 0x3, 1, 0, 1);
		s->cr0 = 0x11;
		s->cr4 = 0;
		s->efer = 0;
		s->idt.base = FZ_IDT_GPA;
		s->idt.limit = idt ? 0x7ff : 0;
		break;
	default:
		seg(&s->cs, FZ_SEL_CODE64, 0, 0xffffffff, 0xb, 0, 1, 1);
		seg(&data, FZ_SEL_DATA, 0, 0xffffffff, 0x3, 1, 0, 1);
		s->cr0 = 0x80050033;
		s->cr3 = FZ_PML4_GPA;
		s->cr4 = 0x620;
		s->efer = 0xd01;	/* SCE, LME, LMA, NX */
		s->idt.base = FZ_IDT_GPA;
		s->idt.limit = idt ? 0xfff : 0;
		break;
	}
	s->ds = s->es = s->fs = s->gs = s->ss = data;
	if (cpl3 && mode != FZ_MODE_REAL) {
		s->cs.dpl = s->ss.dpl = 3;
		s->cs.selector |= 3;
		s->ss.selector |= 3;
	}
	memset(&s->tr, 0, sizeof(s->tr));
	s->tr.selector = FZ_SEL_TSS;
	s->tr.base = 0x1800;
	s->tr.limit = 0x67;
	s->tr.type = mode == FZ_MODE_LONG64 ? 0xb : 0x9;
	s->tr.present = 1;
	s->gdt.base = FZ_GDT_GPA;
	s->gdt.limit = 0x37;
	memset(s->interrupt_bitmap, 0, sizeof(s->interrupt_bitmap));
}

/* One field of @s changed: the checks VMRUN and SET_SREGS make, one at a time. */
static void mutate_sregs(struct kvm_sregs *s, struct fz_rng *r)
{
	uint64_t *words = (uint64_t *)s;
	size_t n = sizeof(*s) / 8;

	switch (fz_rng_below(r, 6)) {
	case 0: s->cr0 ^= 1ull << fz_rng_below(r, 64); break;
	case 1: s->cr4 ^= 1ull << fz_rng_below(r, 64); break;
	case 2: s->efer ^= 1ull << fz_rng_below(r, 64); break;
	case 3: s->cr3 = fz_gen_u64(r); break;
	case 4: s->cs.type = fz_rng_next(r); s->cs.l = fz_rng_next(r); s->cs.db = fz_rng_next(r); break;
	default: words[fz_rng_below(r, n)] = fz_gen_u64(r); break;
	}
}

FZ_EXEC(vcpu_sregs)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	struct kvm_sregs *s;
	struct fz_rng r;

	if (!v)
		return;
	s = fz_ptr(op->a[3], sizeof(*s), 0);
	fz_rng_seed(&r, op->a[2]);
	switch (op->a[1] % 3) {
	case 0:
		fz_ioctl(x, "KVM_GET_SREGS", v->fd, KVM_GET_SREGS, s, FZ_RET_ZERO, 0);
		return;
	case 1:
		if (is_valid_class(op->a[3])) {
			fill_random(s, sizeof(*s), op->a[2]);
			if (fz_rng_chance(&r, 75))	/* else SET_SREGS refuses it outright */
				memset(s->interrupt_bitmap, 0, sizeof(s->interrupt_bitmap));
		}
		break;
	default:
		if (!is_valid_class(op->a[3]))
			break;
		if (fz_ioctl(x, "KVM_GET_SREGS", v->fd, KVM_GET_SREGS, s, FZ_RET_ZERO, 0))
			return;
		mode_sregs(s, op->a[4] % FZ_NR_MODES, 1, 0);
		mutate_sregs(s, &r);
		break;
	}
	if (is_valid_class(op->a[3]) && !(x->avoid & FZ_NO_TCG_SAFETY))
		keep_tcg_safe(s);
	fz_ioctl(x, "KVM_SET_SREGS", v->fd, KVM_SET_SREGS, s, FZ_RET_ZERO, 0);
}

FZ_EXEC(vcpu_setup)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	enum fz_mode mode = op->a[1] % FZ_NR_MODES;
	uint64_t flags = op->a[2];
	struct kvm_sregs s;
	struct kvm_regs regs;
	struct fz_rng r;

	if (!v)
		return;
	fz_rng_seed(&r, op->a[3]);
	/* Start from the vCPU's own state: KVM keeps apic_base and the LDT there. */
	if (fz_ioctl(x, "KVM_GET_SREGS", v->fd, KVM_GET_SREGS, &s, FZ_RET_ZERO, 0))
		return;
	mode_sregs(&s, mode, !(flags & 1), flags & 2);
	if (fz_ioctl(x, "KVM_SET_SREGS", v->fd, KVM_SET_SREGS, &s, FZ_RET_ZERO, 0))
		return;
	memset(&regs, 0, sizeof(regs));
	regs.rax = fz_gen_u64(&r);
	regs.rbx = FZ_DATA_GPA;
	regs.rcx = fz_rng_below(&r, 16);
	regs.rsp = FZ_STACK_TOP;
	regs.rip = mode == FZ_MODE_REAL ? 0 : FZ_CODE_GPA;
	if (flags & 4)
		regs.rip += fz_rng_below(&r, 64);
	regs.rflags = 2;
	if (flags & 8) {
		regs.rflags |= fz_rng_next(&r) & 0x3f7fd5;	/* arithmetic flags, TF, IF, DF, IOPL, AC... */
		if (x->avoid & FZ_AVOID_DBTRAP)
			regs.rflags &= ~(0x100ull | 0x40000ull);
	}
	fz_ioctl(x, "KVM_SET_REGS", v->fd, KVM_SET_REGS, &regs, FZ_RET_ZERO, 0);
}

#define MAX_ENTRIES 1600

FZ_EXEC(set_cpuid)
{
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	size_t n = op->a[1] < MAX_ENTRIES ? op->a[1] : MAX_ENTRIES;
	size_t size = sizeof(struct kvm_cpuid2) + n * sizeof(struct kvm_cpuid_entry2);
	static struct { struct kvm_cpuid2 h; struct kvm_cpuid_entry2 e[256]; } sup;
	struct kvm_cpuid2 *c;
	struct fz_rng r;
	int sys = fz_sys_at(x, 0);

	if (!v)
		return;
	fz_rng_seed(&r, op->a[4]);
	c = fz_ptr(op->a[3], size, 0);
	if (is_valid_class(op->a[3])) {
		c->nent = op->a[1];
		if (op->a[2] % 4 == 2) {
			fill_random(c->entries, n * sizeof(c->entries[0]), op->a[4]);
		} else if (sys >= 0) {
			memset(&sup, 0, sizeof(sup));
			sup.h.nent = 256;
			if (ioctl(sys, KVM_GET_SUPPORTED_CPUID, &sup))
				sup.h.nent = 0;
			memcpy(c->entries, sup.e, (n < sup.h.nent ? n : sup.h.nent) * sizeof(sup.e[0]));
			for (size_t i = 0; i < n && i < sup.h.nent; i++) {
				if (op->a[2] % 4 == 1 && c->entries[i].function == 0x80000001)
					c->entries[i].ecx |= 1u << 2;	/* SVM for L1 */
				if (op->a[2] % 4 == 3 && fz_rng_chance(&r, 20))
					((uint32_t *)&c->entries[i])[fz_rng_below(&r, 10)] = fz_gen_u64(&r);
			}
		}
	}
	fz_ioctl(x, "KVM_SET_CPUID2", v->fd, KVM_SET_CPUID2, c, FZ_RET_ZERO, 0);
}

/* EFER.LME only where keep_tcg_safe() would leave it: the vCPU's CR0/CR4 decide. */
static void keep_efer_tcg_safe(struct fz_exec *x, struct fz_vcpu *v, struct kvm_msrs *m,
			       size_t n)
{
	struct kvm_sregs s;

	for (size_t i = 0; i < n; i++) {
		if (m->entries[i].index != 0xc0000080 || !(m->entries[i].data & EFER_LME))
			continue;
		if (fz_ioctl(x, "KVM_GET_SREGS", v->fd, KVM_GET_SREGS, &s, FZ_RET_ZERO, 0) ||
		    (!(s.cr0 & CR0_PG) && !(s.cr4 & CR4_PAE)))
			m->entries[i].data &= ~EFER_LME;
	}
}

FZ_EXEC(msrs)
{
	static const uint32_t indices[] = { 0xc0000080, 0xc0000081, 0xc0000082, 0xc0000083,
		0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102, 0x174, 0x175, 0x176, 0x10, 0x277,
		0xc0010117, 0xc0010114, 0x1b, 0x3a, 0x6e0, 0xffffffff, 0, 0x40000000, 0xc0011fff };
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	uint32_t n = op->a[2];
	size_t cap = n < 1000 ? n : 1000;
	size_t size = sizeof(struct kvm_msrs) + cap * sizeof(struct kvm_msr_entry);
	struct kvm_msrs *m;
	struct fz_rng r;

	if (!v)
		return;
	fz_rng_seed(&r, op->a[3]);
	m = fz_ptr(op->a[4], size, 0);
	if (is_valid_class(op->a[4])) {
		m->nmsrs = n;
		for (size_t i = 0; i < cap; i++) {
			m->entries[i].index = fz_rng_chance(&r, 85) ? FZ_PICK(&r, indices) :
					      (uint32_t)fz_gen_u64(&r);
			m->entries[i].data = fz_gen_u64(&r);
		}
	}
	if ((op->a[1] & 1) && is_valid_class(op->a[4]) && !(x->avoid & FZ_NO_TCG_SAFETY))
		keep_efer_tcg_safe(x, v, m, cap);
	if (op->a[1] & 1)
		fz_ioctl(x, "KVM_SET_MSRS", v->fd, KVM_SET_MSRS, m, FZ_RET_NONNEG, n);
	else
		fz_ioctl(x, "KVM_GET_MSRS", v->fd, KVM_GET_MSRS, m, FZ_RET_NONNEG, n);
}

FZ_EXEC(vcpu_ioctl)
{
	static const struct { const char *name; unsigned long req; size_t size; } table[] = {
		{ "KVM_GET_FPU", KVM_GET_FPU, sizeof(struct kvm_fpu) },
		{ "KVM_SET_FPU", KVM_SET_FPU, sizeof(struct kvm_fpu) },
		{ "KVM_GET_LAPIC", KVM_GET_LAPIC, sizeof(struct kvm_lapic_state) },
		{ "KVM_INTERRUPT", KVM_INTERRUPT, sizeof(struct kvm_interrupt) },
		{ "KVM_NMI", KVM_NMI, 0 },
		{ "KVM_SET_GUEST_DEBUG", KVM_SET_GUEST_DEBUG, sizeof(struct kvm_guest_debug) },
		{ "KVM_GET_VCPU_EVENTS", KVM_GET_VCPU_EVENTS, sizeof(struct kvm_vcpu_events) },
		{ "KVM_SET_VCPU_EVENTS", KVM_SET_VCPU_EVENTS, sizeof(struct kvm_vcpu_events) },
		{ "KVM_GET_MP_STATE", KVM_GET_MP_STATE, sizeof(struct kvm_mp_state) },
		{ "KVM_SET_MP_STATE", KVM_SET_MP_STATE, sizeof(struct kvm_mp_state) },
		{ "KVM_TRANSLATE", KVM_TRANSLATE, sizeof(struct kvm_translation) },
		{ "KVM_GET_XSAVE", KVM_GET_XSAVE, sizeof(struct kvm_xsave) },
		{ "KVM_GET_DEBUGREGS", KVM_GET_DEBUGREGS, sizeof(struct kvm_debugregs) },
		{ "KVM_SET_DEBUGREGS", KVM_SET_DEBUGREGS, sizeof(struct kvm_debugregs) },
		{ "KVM_GET_XCRS", KVM_GET_XCRS, sizeof(struct kvm_xcrs) },
		{ "KVM_SMI", KVM_SMI, 0 },
		{ "KVM_GET_CPUID2", KVM_GET_CPUID2, sizeof(struct kvm_cpuid2) + 8 * sizeof(struct kvm_cpuid_entry2) },
		{ "KVM_GET_ONE_REG", KVM_GET_ONE_REG, sizeof(struct kvm_one_reg) },
		{ "KVM_KVMCLOCK_CTRL", KVM_KVMCLOCK_CTRL, 0 },
		{ "KVM_GET_NESTED_STATE", KVM_GET_NESTED_STATE, 4096 },
		{ "KVM_SET_NESTED_STATE", KVM_SET_NESTED_STATE, 4096 },
		{ "KVM_GET_TSC_KHZ", KVM_GET_TSC_KHZ, 0 },
		{ "KVM_SET_TSC_KHZ", KVM_SET_TSC_KHZ, 0 },
		{ "KVM_TPR_ACCESS_REPORTING", KVM_TPR_ACCESS_REPORTING, sizeof(struct kvm_tpr_access_ctl) },
		{ "KVM_CREATE_VCPU (on a vCPU)", KVM_CREATE_VCPU, 0 },
		{ "KVM_SET_USER_MEMORY_REGION (on a vCPU)", KVM_SET_USER_MEMORY_REGION,
		  sizeof(struct kvm_userspace_memory_region) },
	};
	struct fz_vcpu *v = fz_vcpu_at(x, op->a[0]);
	size_t n = sizeof(table) / sizeof(table[0]);
	uint64_t which = op->a[1];
	void *p;

	if (!v)
		return;
	if (which >= n) {
		/* The vCPU ioctls hvt has, on a fd of another kind. */
		int other = fz_any_fd(x, op->a[3]);

		if (other >= 0)
			fz_ioctl(x, "KVM_GET_REGS (other fd)", other, KVM_GET_REGS,
				 fz_ptr(op->a[2], sizeof(struct kvm_regs), 0), FZ_RET_ZERO, 0);
		return;
	}
	p = table[which].size ? fz_ptr(op->a[2], table[which].size, 0) : (void *)(op->a[3] & 0xffff);
	if (table[which].size && is_valid_class(op->a[2])) {
		fill_random(p, table[which].size, op->a[3]);
		if (table[which].req == KVM_GET_CPUID2)
			((struct kvm_cpuid2 *)p)->nent = 8;
	}
	fz_ioctl(x, table[which].name, v->fd, table[which].req, p, FZ_RET_NONNEG, -1);
}
