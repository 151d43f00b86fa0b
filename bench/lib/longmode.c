// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <hvt/boot.h>
#include <hvtvmm/longmode.h>

#define PAGE_SIZE 4096u
#define GIB (1ull << 30)
#define TSS_LIMIT 0x67u	/* a 104-byte 64-bit TSS, no I/O bitmap */

/* Access bytes and flag nibbles of the GDT entries. */
#define GDT_CODE64_ACCESS 0x9b	/* P, DPL0, S, execute/read, accessed */
#define GDT_DATA_ACCESS 0x93	/* P, DPL0, S, read/write, accessed */
#define GDT_TSS_ACCESS 0x8b	/* P, DPL0, 64-bit TSS (busy) */
#define GDT_FLAGS_CODE64 0xa	/* G, L */
#define GDT_FLAGS_DATA 0xc	/* G, D/B */
#define SEG_TYPE_CODE 0xb
#define SEG_TYPE_DATA 0x3
#define SEG_TYPE_TSS_BUSY 0xb

static uint64_t gdt_entry(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	return (uint64_t)(limit & 0xffff) |
	       (uint64_t)(base & 0xffffff) << 16 |
	       (uint64_t)access << 40 |
	       (uint64_t)((limit >> 16) & 0xf) << 48 |
	       (uint64_t)(flags & 0xf) << 52 |
	       (uint64_t)(base >> 24) << 56;
}

static void write_gdt_and_tss(uint8_t *mem)
{
	uint64_t gdt[5] = {
		[HVT_SEL_CODE / 8] = gdt_entry(0, 0xfffff, GDT_CODE64_ACCESS, GDT_FLAGS_CODE64),
		[HVT_SEL_DATA / 8] = gdt_entry(0, 0xfffff, GDT_DATA_ACCESS, GDT_FLAGS_DATA),
		/* a 16-byte system descriptor: the upper half holds base[63:32] = 0 */
		[HVT_SEL_TSS / 8] = gdt_entry(HVT_TSS_GPA, TSS_LIMIT, GDT_TSS_ACCESS, 0),
	};

	memcpy(mem + HVT_GDT_GPA, gdt, sizeof(gdt));
	memset(mem + HVT_TSS_GPA, 0, TSS_LIMIT + 1);
	/* I/O map base at the limit: no I/O permission bitmap */
	mem[HVT_TSS_GPA + 0x66] = TSS_LIMIT + 1;
}

/* PML4 at HVT_PAGE_TABLE_GPA, then one PDPT, then one PD per GiB. */
static void write_page_tables(uint8_t *mem, uint64_t mem_size)
{
	const uint64_t pml4_gpa = HVT_PAGE_TABLE_GPA;
	const uint64_t pdpt_gpa = pml4_gpa + PAGE_SIZE;
	const uint64_t pd_gpa = pdpt_gpa + PAGE_SIZE;
	const uint64_t table_flags = VMM_PAGE_PRESENT | VMM_PAGE_WRITE;
	uint64_t nr_pds = (mem_size + GIB - 1) / GIB;
	uint64_t *pml4 = (uint64_t *)(mem + pml4_gpa);
	uint64_t *pdpt = (uint64_t *)(mem + pdpt_gpa);
	uint64_t *pd = (uint64_t *)(mem + pd_gpa);

	memset(pml4, 0, (2 + nr_pds) * PAGE_SIZE);
	pml4[0] = pdpt_gpa | table_flags;
	for (uint64_t i = 0; i < nr_pds; i++)
		pdpt[i] = (pd_gpa + i * PAGE_SIZE) | table_flags;
	for (uint64_t gpa = 0; gpa < mem_size; gpa += VMM_LARGE_PAGE_SIZE)
		pd[gpa / VMM_LARGE_PAGE_SIZE] = gpa | table_flags | VMM_PAGE_LARGE;
}

int vmm_longmode_write_tables(uint8_t *mem, uint64_t mem_size, struct vmm_err *err)
{
	if (mem_size % VMM_LARGE_PAGE_SIZE || mem_size < HVT_IMAGE_BASE ||
	    mem_size > HVT_MAX_MEM)
		return vmm_errf(err, "guest RAM of %llu bytes: must be a non-zero multiple of 2 MiB, at most %llu MiB",
				(unsigned long long)mem_size,
				(unsigned long long)(HVT_MAX_MEM >> 20));
	write_gdt_and_tss(mem);
	write_page_tables(mem, mem_size);
	return 0;
}

static struct kvm_segment flat_segment(uint16_t selector, uint8_t type, int long_mode)
{
	return (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = selector,
		.type = type, .present = 1, .dpl = 0, .s = 1, .g = 1,
		.l = long_mode, .db = !long_mode,
	};
}

static void set_long_mode_sregs(struct kvm_sregs *s)
{
	s->cs = flat_segment(HVT_SEL_CODE, SEG_TYPE_CODE, 1);
	s->ds = s->es = s->fs = s->gs = s->ss =
		flat_segment(HVT_SEL_DATA, SEG_TYPE_DATA, 0);
	s->tr = (struct kvm_segment){
		.base = HVT_TSS_GPA, .limit = TSS_LIMIT, .selector = HVT_SEL_TSS,
		.type = SEG_TYPE_TSS_BUSY, .present = 1,
	};
	s->ldt = (struct kvm_segment){ .unusable = 1 };
	s->gdt.base = HVT_GDT_GPA;
	s->gdt.limit = 5 * 8 - 1;
	s->idt.base = 0;	/* the guest installs its own IDT */
	s->idt.limit = 0;
	s->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		 X86_CR0_WP | X86_CR0_PG;
	s->cr3 = HVT_PAGE_TABLE_GPA;
	s->cr4 = X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	s->efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_SCE;
}

int vmm_longmode_enter(struct vmm_vcpu *vcpu, uint64_t entry, uint64_t stack_top,
		       uint64_t boot_params_gpa, struct vmm_err *err)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	/* start from the vCPU's own state: keeps apic_base and the rest */
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return vmm_errf(err, "KVM_GET_SREGS on vCPU %u failed: %s",
				vcpu->index, strerror(errno));
	set_long_mode_sregs(&sregs);
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0)
		return vmm_errf(err, "KVM_SET_SREGS (64-bit mode) on vCPU %u failed: %s",
				vcpu->index, strerror(errno));
	regs.rip = entry;
	regs.rdi = boot_params_gpa;
	regs.rsi = vcpu->index;
	regs.rsp = stack_top;
	regs.rflags = 0x2;	/* bit 1 is reserved-one; IF=0 */
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0)
		return vmm_errf(err, "KVM_SET_REGS on vCPU %u failed: %s",
				vcpu->index, strerror(errno));
	return 0;
}
