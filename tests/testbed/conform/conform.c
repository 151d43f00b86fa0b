// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-conform: what a guest and a VMM may rely on, checked the same way on
 * /dev/kvm and /dev/hvt. Each test names what it guards: state the
 * hypervisor must switch so nothing of the host reaches the guest or stays
 * behind (FPU, PKRU, debug registers, TSC_AUX, PMU counters), exceptions it
 * must intercept, kvm_run fields it must not trust, and KVM's answers to
 * KVM's ioctls (immediate_exit, vCPU limits, SREGS, MSRs, EFER).
 *
 *   hvt-conform [--dev PATH] [TEST...]     (default: all tests)
 *
 * Prints "ok NAME" or "FAIL NAME: why" per test and "N passed, M failed".
 * The guests are real-mode programs in guests.S.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/hw_breakpoint.h>
#include <linux/kvm.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <signal.h>
#include <unistd.h>

#include "conform.h"
#include "kvm_stats.h"

static const char *dev = "/dev/hvt";
static bool on_hvt;
static char why[512];

#define CHECK(cond, ...)                                         \
	do {                                                     \
		if (!(cond)) {                                   \
			snprintf(why, sizeof(why), __VA_ARGS__); \
			return false;                            \
		}                                                \
	} while (0)

#define GUEST(name) \
	extern const uint8_t guest_##name[], guest_##name##_end[]
GUEST(fpu_init);
GUEST(pkru);
GUEST(debugregs);
GUEST(rdpmc);
GUEST(tsc_aux);
GUEST(msr_ops);
GUEST(single_step);
GUEST(io_mmio);
GUEST(long_mode);
GUEST(spin);
#define PROGRAM(name) guest_##name, (size_t)(guest_##name##_end - guest_##name)

struct vm {
	int sys, fd, vcpu;
	struct kvm_run *run;
	size_t run_size;
	uint8_t *mem;
	struct kvm_cpuid2 *cpuid;
};

static int sys_fd(void)
{
	static int fd = -1;

	if (fd < 0) {
		fd = open(dev, O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "hvt-conform: cannot open %s: %s\n", dev, strerror(errno));
			exit(3);
		}
	}
	return fd;
}

/* The device's own supported CPUID: what a VMM would give its guest. */
static struct kvm_cpuid2 *supported_cpuid(void)
{
	struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + 256 * sizeof(c->entries[0]));

	if (!c)
		exit(3);
	c->nent = 256;
	if (ioctl(sys_fd(), KVM_GET_SUPPORTED_CPUID, c)) {
		perror("hvt-conform: KVM_GET_SUPPORTED_CPUID");
		exit(3);
	}
	return c;
}

static struct kvm_cpuid_entry2 *cpuid_leaf(struct kvm_cpuid2 *c, uint32_t fn, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < c->nent; i++)
		if (c->entries[i].function == fn && c->entries[i].index == idx)
			return &c->entries[i];
	return NULL;
}

/* A VM with 64 KiB of RAM at 0, one vCPU in real mode at GUEST_LOAD running @prog. */
static bool vm_open(struct vm *v, const uint8_t *prog, size_t len, struct kvm_cpuid2 *cpuid)
{
	struct kvm_userspace_memory_region mr = { .memory_size = GUEST_MEM_SIZE };
	struct kvm_regs regs = { .rip = GUEST_LOAD, .rflags = 2 };
	struct kvm_sregs sregs;

	memset(v, 0, sizeof(*v));
	v->sys = sys_fd();
	v->fd = ioctl(v->sys, KVM_CREATE_VM, 0);
	CHECK(v->fd >= 0, "CREATE_VM: %s", strerror(errno));
	v->mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(v->mem != MAP_FAILED, "mmap: %s", strerror(errno));
	memcpy(v->mem + GUEST_LOAD, prog, len);
	mr.userspace_addr = (uintptr_t)v->mem;
	CHECK(!ioctl(v->fd, KVM_SET_USER_MEMORY_REGION, &mr), "SET_USER_MEMORY_REGION: %s",
	      strerror(errno));
	v->vcpu = ioctl(v->fd, KVM_CREATE_VCPU, 0);
	CHECK(v->vcpu >= 0, "CREATE_VCPU: %s", strerror(errno));
	v->cpuid = cpuid ? cpuid : supported_cpuid();
	CHECK(!ioctl(v->vcpu, KVM_SET_CPUID2, v->cpuid), "SET_CPUID2: %s", strerror(errno));
	v->run_size = ioctl(v->sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->vcpu, 0);
	CHECK(v->run != MAP_FAILED, "mmap kvm_run: %s", strerror(errno));
	CHECK(!ioctl(v->vcpu, KVM_GET_SREGS, &sregs), "GET_SREGS: %s", strerror(errno));
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	CHECK(!ioctl(v->vcpu, KVM_SET_SREGS, &sregs), "SET_SREGS: %s", strerror(errno));
	CHECK(!ioctl(v->vcpu, KVM_SET_REGS, &regs), "SET_REGS: %s", strerror(errno));
	return true;
}

static void vm_close(struct vm *v)
{
	if (v->run && v->run != MAP_FAILED)
		munmap(v->run, v->run_size);
	if (v->vcpu > 0)
		close(v->vcpu);
	if (v->fd > 0)
		close(v->fd);
	if (v->mem && v->mem != MAP_FAILED)
		munmap(v->mem, GUEST_MEM_SIZE);
}

static struct conform_results *results(struct vm *v)
{
	return (struct conform_results *)(v->mem + RESULTS_GPA);
}

static const char *exit_name(uint32_t reason)
{
	switch (reason) {
	case KVM_EXIT_IO: return "IO";
	case KVM_EXIT_HLT: return "HLT";
	case KVM_EXIT_MMIO: return "MMIO";
	case KVM_EXIT_SHUTDOWN: return "SHUTDOWN (triple fault)";
	case KVM_EXIT_FAIL_ENTRY: return "FAIL_ENTRY";
	case KVM_EXIT_INTERNAL_ERROR: return "INTERNAL_ERROR";
	default: return "other";
	}
}

/* Run until the program OUTs to PORT_DONE or PORT_CHECK; *port says which. */
static bool run_to_port(struct vm *v, int *port)
{
	for (;;) {
		CHECK(!ioctl(v->vcpu, KVM_RUN, 0), "KVM_RUN: %s", strerror(errno));
		CHECK(v->run->exit_reason == KVM_EXIT_IO && v->run->io.direction == KVM_EXIT_IO_OUT,
		      "exit %u (%s), wanted an OUT; guest saw vectors #DB %u #UD %u #GP %u",
		      v->run->exit_reason, exit_name(v->run->exit_reason),
		      results(v)->vec_count[1], results(v)->vec_count[6], results(v)->vec_count[13]);
		*port = v->run->io.port;
		if (*port == PORT_DONE || *port == PORT_CHECK)
			return true;
	}
}

/* Run to PORT_DONE, then the HLT after it. */
static bool run_to_done(struct vm *v)
{
	int port;

	if (!run_to_port(v, &port))
		return false;
	CHECK(port == PORT_DONE, "OUT to 0x%x, wanted the end (0x%x)", port, PORT_DONE);
	CHECK(!ioctl(v->vcpu, KVM_RUN, 0), "KVM_RUN: %s", strerror(errno));
	CHECK(v->run->exit_reason == KVM_EXIT_HLT, "exit %u (%s) after the end, wanted HLT",
	      v->run->exit_reason, exit_name(v->run->exit_reason));
	return true;
}

static bool get_msr(int vcpu, uint32_t index, uint64_t *value)
{
	struct { struct kvm_msrs h; struct kvm_msr_entry e; } m = {
		.h.nmsrs = 1, .e.index = index,
	};

	if (ioctl(vcpu, KVM_GET_MSRS, &m) != 1)
		return false;
	*value = m.e.data;
	return true;
}

static bool set_msr(int vcpu, uint32_t index, uint64_t value)
{
	struct { struct kvm_msrs h; struct kvm_msr_entry e; } m = {
		.h.nmsrs = 1, .e.index = index, .e.data = value,
	};

	return ioctl(vcpu, KVM_SET_MSRS, &m) == 1;
}

/* ---- Host safety: kvm_run is user memory ---- */

/*
 * The guest does an IN and an MMIO read; between each exit and the next
 * KVM_RUN the VMM rewrites every size and count kvm_run has. The data must
 * land as the exit said (AL only), and nothing else may happen.
 */
static bool t_kvm_run_rewrite(void)
{
	struct vm v;
	bool ok;

	if (!vm_open(&v, PROGRAM(io_mmio), NULL))
		return false;
	CHECK(!ioctl(v.vcpu, KVM_RUN, 0), "KVM_RUN: %s", strerror(errno));
	CHECK(v.run->exit_reason == KVM_EXIT_IO && v.run->io.port == PORT_DATA &&
	      v.run->io.direction == KVM_EXIT_IO_IN && v.run->io.size == 1,
	      "first exit %u, wanted IN of 1 byte from 0x%x", v.run->exit_reason, PORT_DATA);
	*((uint8_t *)v.run + v.run->io.data_offset) = 0x5a;
	v.run->io.size = 255;
	v.run->io.count = 0xffffffff;
	v.run->io.data_offset = 0x7ffff000;
	v.run->io.port = 0xffff;
	v.run->exit_reason = KVM_EXIT_MMIO;
	CHECK(!ioctl(v.vcpu, KVM_RUN, 0), "KVM_RUN after IN: %s", strerror(errno));
	CHECK(v.run->exit_reason == KVM_EXIT_MMIO && v.run->mmio.phys_addr == MMIO_GPA &&
	      !v.run->mmio.is_write && v.run->mmio.len == 1,
	      "second exit %u (%s), wanted an MMIO read of 1 byte at 0x%x", v.run->exit_reason,
	      exit_name(v.run->exit_reason), MMIO_GPA);
	memset(v.run->mmio.data, 0x77, sizeof(v.run->mmio.data));
	v.run->mmio.len = 255;
	v.run->mmio.phys_addr = ~0ull;
	v.run->mmio.is_write = 1;
	v.run->exit_reason = KVM_EXIT_IO;
	v.run->io.size = 200;
	ok = run_to_done(&v);
	if (ok) {
		struct conform_results *r = results(&v);

		CHECK(r->r[0] == 0x1122335a, "EAX after IN is 0x%llx, wanted 0x1122335a",
		      (unsigned long long)r->r[0]);
		CHECK(r->r[1] == 0x44556677, "EAX after the MMIO read is 0x%llx, wanted 0x44556677",
		      (unsigned long long)r->r[1]);
	}
	vm_close(&v);
	return ok;
}

/* ---- Guest state the host must switch ---- */

/* The VMM's own XMM0-7, loaded right before KVM_RUN and read right after it. */
static long run_with_xmm(int vcpu, const uint8_t pattern[16], uint8_t after[8][16])
{
	long ret;

	asm volatile("movdqu (%[p]), %%xmm0\n\tmovdqa %%xmm0, %%xmm1\n\t"
		     "movdqa %%xmm0, %%xmm2\n\tmovdqa %%xmm0, %%xmm3\n\t"
		     "movdqa %%xmm0, %%xmm4\n\tmovdqa %%xmm0, %%xmm5\n\t"
		     "movdqa %%xmm0, %%xmm6\n\tmovdqa %%xmm0, %%xmm7\n\t"
		     "syscall\n\t"
		     "movdqu %%xmm0, 0(%[a])\n\tmovdqu %%xmm1, 16(%[a])\n\t"
		     "movdqu %%xmm2, 32(%[a])\n\tmovdqu %%xmm3, 48(%[a])\n\t"
		     "movdqu %%xmm4, 64(%[a])\n\tmovdqu %%xmm5, 80(%[a])\n\t"
		     "movdqu %%xmm6, 96(%[a])\n\tmovdqu %%xmm7, 112(%[a])"
		     : "=a"(ret)
		     : "a"((long)SYS_ioctl), "D"((long)vcpu), "S"((long)KVM_RUN), "d"(0L),
		       [p] "r"(pattern), [a] "r"(after)
		     : "rcx", "r11", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
		       "xmm6", "xmm7");
	return ret;
}

/*
 * A new vCPU's FPU is in its init state (x87 control word 0x37f, MXCSR
 * 0x1f80, XMM zero), never the VMM's or another task's registers; and the
 * guest's registers never reach the VMM's.
 */
static bool t_fpu_init(void)
{
	static const uint8_t vmm[16] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	static const uint8_t zero[16];
	uint8_t after[8][16];
	struct conform_results *r;
	struct vm v;
	long ret;
	int i;

	if (!vm_open(&v, PROGRAM(fpu_init), NULL))
		return false;
	memset(v.mem + PARAMS_GPA, 0x6b, 16);	/* the guest's own pattern */
	ret = run_with_xmm(v.vcpu, vmm, after);
	CHECK(ret == 0, "KVM_RUN: %s", strerror((int)-ret));
	CHECK(v.run->exit_reason == KVM_EXIT_IO && v.run->io.port == PORT_DONE,
	      "exit %u (%s), wanted the OUT at the end", v.run->exit_reason,
	      exit_name(v.run->exit_reason));
	r = results(&v);
	for (i = 0; i < 8; i++) {
		CHECK(!memcmp(after[i], vmm, 16), "the VMM's XMM%d changed across KVM_RUN "
		      "(first bytes %02x %02x %02x %02x): the guest's registers reached it",
		      i, after[i][0], after[i][1], after[i][2], after[i][3]);
		CHECK(!memcmp(r->xmm[i], zero, 16), "the new vCPU's XMM%d is not zero "
		      "(first bytes %02x %02x %02x %02x)%s", i, r->xmm[i][0], r->xmm[i][1],
		      r->xmm[i][2], r->xmm[i][3],
		      !memcmp(r->xmm[i], vmm, 16) ? ": it holds the VMM's registers" : "");
	}
	CHECK(r->fcw == 0x37f, "x87 control word 0x%x, wanted 0x37f", r->fcw);
	CHECK(r->mxcsr == 0x1f80, "MXCSR 0x%x, wanted 0x1f80", r->mxcsr);
	vm_close(&v);
	return true;
}

static bool host_has_pku(void)
{
	unsigned int a, b, c, d;

	asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(7), "c"(0));
	return c & (1u << 4);	/* OSPKE: the host turned PKRU on */
}

static uint32_t rdpkru(void)
{
	uint32_t eax, edx;

	asm volatile(".byte 0x0f, 0x01, 0xee" : "=a"(eax), "=d"(edx) : "c"(0));
	return eax;
}

/*
 * PKRU. Without PKU in its CPUID a guest cannot turn CR4.PKE on (#GP). With
 * it, the guest's WRPKRU stays the guest's: the VMM's protection keys are
 * its own after every exit, and the guest's value survives exits.
 */
static bool t_pkru(void)
{
	struct kvm_cpuid_entry2 *leaf7;
	struct conform_results *r;
	uint32_t before;
	struct vm v;
	int port;

	if (!host_has_pku()) {
		printf("hvt-conform: pkru: the host has no PKU; only the CPUID check runs\n");
	}
	/* No PKU offered: CR4.PKE is refused. */
	{
		struct kvm_cpuid2 *c = supported_cpuid();

		leaf7 = cpuid_leaf(c, 7, 0);
		if (leaf7)
			leaf7->ecx &= ~(1u << 3);
		if (!vm_open(&v, PROGRAM(pkru), c) || !run_to_done(&v))
			return false;
		r = results(&v);
		CHECK(r->vec_count[13] == 1 && !(r->r[0] & (1u << 22)),
		      "without PKU in CPUID, MOV to CR4.PKE gave %u #GP and CR4 0x%llx",
		      r->vec_count[13], (unsigned long long)r->r[0]);
		vm_close(&v);
	}
	if (!host_has_pku())
		return true;
	/* PKU offered: the guest's keys are the guest's. */
	{
		struct kvm_cpuid2 *c = supported_cpuid();

		leaf7 = cpuid_leaf(c, 7, 0);
		CHECK(leaf7, "no CPUID leaf 7 to offer PKU in");
		leaf7->ecx |= 1u << 3;
		if (!vm_open(&v, PROGRAM(pkru), c))
			return false;
	}
	*(uint32_t *)(v.mem + PARAMS_GPA) = 0x0000000c;	/* key 1: no access */
	before = rdpkru();
	if (!run_to_port(&v, &port))
		return false;
	r = results(&v);
	CHECK(port == PORT_CHECK, "the guest ended early (CR4 0x%llx, #GP %u)",
	      (unsigned long long)r->r[0], r->vec_count[13]);
	CHECK(rdpkru() == before, "the VMM's PKRU is 0x%x after the guest's WRPKRU, was 0x%x",
	      rdpkru(), before);
	CHECK(r->r[1] == 0, "the guest's first RDPKRU read 0x%llx, wanted 0 (its reset value)%s",
	      (unsigned long long)r->r[1], r->r[1] == before ? ": the VMM's keys" : "");
	CHECK(r->r[2] == 0xc, "RDPKRU after WRPKRU read 0x%llx", (unsigned long long)r->r[2]);
	if (!run_to_done(&v))
		return false;
	CHECK(r->r[3] == 0xc, "the guest's PKRU is 0x%llx after an exit, wanted 0xc",
	      (unsigned long long)r->r[3]);
	CHECK(rdpkru() == before, "the VMM's PKRU is 0x%x at the end, was 0x%x", rdpkru(), before);
	vm_close(&v);
	return true;
}

static volatile uint32_t watched;

/* A hardware write breakpoint of this thread on &watched (perf). */
static int host_breakpoint(void)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_BREAKPOINT,
		.size = sizeof(a),
		.bp_type = HW_BREAKPOINT_W,
		.bp_addr = (uintptr_t)&watched,
		.bp_len = HW_BREAKPOINT_LEN_4,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};

	return syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
}

/*
 * Debug registers: the guest reads its own DR0-3 (0 at reset), never the
 * host's breakpoint addresses, and reads back what it wrote; the host's
 * own hardware breakpoint still fires after the guest armed its own.
 *
 * Two things the testbed cannot show (docs/testbed.md): whether the
 * guest's breakpoint fires (QEMU 7.2's VMRUN and #VMEXIT load DR7 without
 * re-arming its watchpoints, so it fires only by accident), and the host
 * breakpoint under KVM (KVM lets the guest write DR7 itself, and with a
 * host breakpoint armed that crashes QEMU 7.2 with a segmentation fault).
 */
static bool t_debugregs(void)
{
	static const uint64_t p[5] = { 0x8800, 0x11111110, 0x22222220, 0x33333330, 0x000d0001 };
	struct conform_results *r;
	uint64_t hits = 0;
	struct vm v;
	int bp = -1, port, i;

	if (on_hvt) {
		bp = host_breakpoint();
		CHECK(bp >= 0, "perf_event_open(breakpoint): %s", strerror(errno));
	}
	if (!vm_open(&v, PROGRAM(debugregs), NULL))
		return false;
	memcpy(v.mem + PARAMS_GPA, p, sizeof(p));
	if (!run_to_port(&v, &port))
		return false;
	r = results(&v);
	CHECK(port == PORT_CHECK, "the guest ended early");
	for (i = 0; i < 4; i++)
		CHECK(r->r[i] == 0, "the guest read DR%d = 0x%llx at reset, wanted 0%s", i,
		      (unsigned long long)r->r[i],
		      r->r[i] == (uintptr_t)&watched ? ": the host's breakpoint address" : "");
	CHECK(r->r[4] == 0xffff0ff0, "DR6 at reset 0x%llx", (unsigned long long)r->r[4]);
	CHECK(r->r[5] == 0x400, "DR7 at reset 0x%llx", (unsigned long long)r->r[5]);
	for (i = 0; i < 4; i++)
		CHECK(r->r[6 + i] == p[i], "DR%d reads 0x%llx after writing 0x%llx", i,
		      (unsigned long long)r->r[6 + i], (unsigned long long)p[i]);
	CHECK(r->r[10] == (p[4] | 0x400), "DR7 reads 0x%llx after writing 0x%llx",
	      (unsigned long long)r->r[10], (unsigned long long)p[4]);
	if (bp >= 0) {
		/* The host's breakpoint, with the guest's armed in between. */
		watched = 1;
		CHECK(read(bp, &hits, sizeof(hits)) == sizeof(hits) && hits == 1,
		      "the host's write breakpoint counted %llu hits, wanted 1",
		      (unsigned long long)hits);
	}
	if (!run_to_done(&v))
		return false;
	if (bp >= 0) {
		watched = 2;
		CHECK(read(bp, &hits, sizeof(hits)) == sizeof(hits) && hits == 2,
		      "after the run the host's breakpoint counted %llu hits, wanted 2",
		      (unsigned long long)hits);
		close(bp);
	}
	vm_close(&v);
	return true;
}

/*
 * RDPMC reads the guest's own counters, never the host's: AMD's four legacy
 * counters exist on every AMD CPU, and a guest that never programmed one
 * reads 0 (KVM: its virtual PMU; hvt: counters that never count). A
 * counter no AMD CPU has is #GP.
 */
static bool t_rdpmc(void)
{
	struct conform_results *r;
	struct vm v;

	if (!vm_open(&v, PROGRAM(rdpmc), NULL) || !run_to_done(&v))
		return false;
	r = results(&v);
	CHECK(r->vec_count[6] == 0, "RDPMC gave #UD");
	CHECK(r->r[0] == 0, "RDPMC of counter 0 read 0x%llx, wanted 0 (the guest never "
	      "programmed it)%s", (unsigned long long)r->r[0],
	      r->r[0] == 0x5a5a5a5a5a5a5a5aull ? ": it faulted" : "");
	CHECK(r->vec_count[13] == 1, "RDPMC of counter 0x40 gave %u #GP, wanted 1",
	      r->vec_count[13]);
	vm_close(&v);
	return true;
}

static uint32_t rdtscp_aux(void)
{
	uint32_t a, d, c;

	asm volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(c));
	return c;
}

/*
 * TSC_AUX: the guest's RDTSCP reads the value the VMM set; the guest's own
 * WRMSR stays the guest's; the VMM's RDTSCP reads the host's (its CPU).
 */
static bool t_tsc_aux(void)
{
	struct conform_results *r;
	uint32_t host = rdtscp_aux();
	uint64_t val;
	struct vm v;
	int port;

	if (!vm_open(&v, PROGRAM(tsc_aux), NULL))
		return false;
	CHECK(set_msr(v.vcpu, 0xc0000103, 0x1234), "KVM_SET_MSRS TSC_AUX failed");
	*(uint32_t *)(v.mem + PARAMS_GPA) = 0x5678;
	if (!run_to_port(&v, &port))
		return false;
	r = results(&v);
	CHECK(port == PORT_CHECK, "the guest ended early (#GP %u)", r->vec_count[13]);
	CHECK(r->r[0] == 0x1234, "the guest's RDTSCP read TSC_AUX 0x%llx, wanted 0x1234%s",
	      (unsigned long long)r->r[0], r->r[0] == host ? " (the host's)" : "");
	CHECK(rdtscp_aux() == host, "the VMM's RDTSCP reads TSC_AUX 0x%x after the guest's "
	      "WRMSR, was 0x%x", rdtscp_aux(), host);
	if (!run_to_done(&v))
		return false;
	CHECK(r->vec_count[13] == 0, "the guest's WRMSR TSC_AUX was #GP");
	CHECK(r->r[1] == 0x5678, "RDTSCP after the guest's WRMSR read 0x%llx",
	      (unsigned long long)r->r[1]);
	CHECK(get_msr(v.vcpu, 0xc0000103, &val) && val == 0x5678,
	      "KVM_GET_MSRS TSC_AUX read 0x%llx", (unsigned long long)val);
	CHECK(rdtscp_aux() == host, "the VMM's TSC_AUX is 0x%x at the end, was 0x%x",
	      rdtscp_aux(), host);
	vm_close(&v);
	return true;
}

/* ---- Exceptions intercepted for the host ---- */

static bool vcpu_stat(int vcpu, const char *name, uint64_t *value)
{
	struct kvmstats *s;
	int fd = ioctl(vcpu, KVM_GET_STATS_FD, NULL);
	bool ok;

	if (fd < 0 || kvmstats_open(fd, &s))
		return false;
	ok = !kvmstats_value(s, name, value);
	kvmstats_free(s);
	close(fd);
	return ok;
}

/*
 * #DB, #AC and #MC are intercepted (so no guest makes the CPU loop
 * delivering them, and machine checks reach the host): hvt shows its
 * intercepts in debugfs, and single-stepping must reach the guest's own
 * handler through the intercept, once per instruction. TCG raises no #AC
 * for misaligned accesses and no #MC the guest can cause, so those two
 * show only in the intercept vector.
 */
static bool t_exception_intercepts(void)
{
	struct conform_results *r;
	uint64_t n = 0;
	struct vm v;

	if (on_hvt) {
		unsigned int exc = 0;
		FILE *f = fopen("/sys/kernel/debug/hvt/intercepts", "r");
		char line[64];

		CHECK(f, "no /sys/kernel/debug/hvt/intercepts");
		while (fgets(line, sizeof(line), f))
			sscanf(line, "exceptions %x", &exc);
		fclose(f);
		CHECK((exc & 0x60002) == 0x60002, "hvt intercepts exceptions 0x%x: "
		      "#DB (1), #AC (17), #MC (18) must all be set", exc);
	}
	if (!vm_open(&v, PROGRAM(single_step), NULL) || !run_to_done(&v))
		return false;
	r = results(&v);
	CHECK(r->vec_count[1] == 10, "single-stepping gave %u #DB in the guest, wanted 10",
	      r->vec_count[1]);
	if (on_hvt) {
		CHECK(vcpu_stat(v.vcpu, "exits_exception", &n), "no exits_exception in the stats");
		CHECK(n == 10, "hvt intercepted %llu exceptions, wanted the 10 #DB",
		      (unsigned long long)n);
	}
	vm_close(&v);
	return true;
}

/* ---- Guest entry and exit as the kernel asks of a hypervisor ---- */

static void on_alarm(int sig)
{
	(void)sig;
}

/* This thread's guest time (/proc/thread-self/stat field 43), in clock ticks. */
static long guest_time(void)
{
	char buf[1024], *p;
	long v = -1;
	FILE *f = fopen("/proc/thread-self/stat", "r");
	int field;

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	for (field = 2; p && field < 43; field++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtol(p + 1, NULL, 10);
	return v;
}

/*
 * Time a guest runs is guest time (the kernel's guest entry/exit
 * accounting), and hvt applies the speculation barriers this kernel chose
 * (debugfs "mitigations", checked against what the kernel reports).
 */
static bool t_guest_entry(void)
{
	struct itimerval t = { .it_value.tv_usec = 300000 };
	struct sigaction sa = { .sa_handler = on_alarm };
	long before, after;
	struct vm v;

	if (on_hvt) {
		char line[128], spectre_v2[256] = "";
		bool tracking = false, rsb_fill = false;
		FILE *f = fopen("/sys/devices/system/cpu/vulnerabilities/spectre_v2", "r");

		if (f) {
			if (!fgets(spectre_v2, sizeof(spectre_v2), f))
				spectre_v2[0] = 0;
			fclose(f);
		}
		f = fopen("/sys/kernel/debug/hvt/mitigations", "r");
		CHECK(f, "no /sys/kernel/debug/hvt/mitigations");
		while (fgets(line, sizeof(line), f)) {
			tracking |= !strcmp(line, "guest_context_tracking yes\n");
			rsb_fill |= !strcmp(line, "rsb_fill_after_vmexit yes\n");
		}
		fclose(f);
		CHECK(tracking, "hvt does not report guest context tracking");
		/* Retpolines without eIBRS: the kernel fills the RSB after every #VMEXIT. */
		CHECK(rsb_fill || !strstr(spectre_v2, "Retpolines"), "the kernel mitigates "
		      "spectre_v2 with retpolines (%s) but hvt does not fill the RSB after #VMEXIT",
		      spectre_v2);
	}
	if (!vm_open(&v, PROGRAM(spin), NULL))
		return false;
	sigaction(SIGALRM, &sa, NULL);
	before = guest_time();
	setitimer(ITIMER_REAL, &t, NULL);
	CHECK(ioctl(v.vcpu, KVM_RUN, 0) == -1 && errno == EINTR, "KVM_RUN of a spinning guest: "
	      "%s, wanted EINTR from the alarm", strerror(errno));
	after = guest_time();
	CHECK(before >= 0 && after - before >= 5, "0.3 s in the guest added %ld ticks of guest "
	      "time (%ld -> %ld), wanted at least 5", after - before, before, after);
	vm_close(&v);
	return true;
}

/* ---- KVM's answers ---- */

/*
 * KVM_RUN with immediate_exit returns EINTR at once but first completes the
 * exit user space answered (IN data, RIP past the IN), and leaves
 * exit_reason as it was, so a VMM that finishes an exit this way reads the
 * real exit back.
 */
static bool t_immediate_exit(void)
{
	struct kvm_regs regs;
	struct vm v;

	if (!vm_open(&v, PROGRAM(io_mmio), NULL))
		return false;
	CHECK(!ioctl(v.vcpu, KVM_RUN, 0), "KVM_RUN: %s", strerror(errno));
	CHECK(v.run->exit_reason == KVM_EXIT_IO && v.run->io.port == PORT_DATA,
	      "first exit %u, wanted the IN", v.run->exit_reason);
	*((uint8_t *)v.run + v.run->io.data_offset) = 0x5a;
	v.run->immediate_exit = 1;
	CHECK(ioctl(v.vcpu, KVM_RUN, 0) == -1 && errno == EINTR,
	      "KVM_RUN with immediate_exit: %s, wanted EINTR", strerror(errno));
	CHECK(v.run->exit_reason == KVM_EXIT_IO, "exit_reason %u (%s) after an immediate exit, "
	      "wanted it unchanged (KVM_EXIT_IO)", v.run->exit_reason,
	      v.run->exit_reason == KVM_EXIT_INTR ? "INTR" : exit_name(v.run->exit_reason));
	CHECK(!ioctl(v.vcpu, KVM_GET_REGS, &regs), "GET_REGS: %s", strerror(errno));
	CHECK((regs.rax & 0xffffffff) == 0x1122335a, "RAX 0x%llx: the IN was not completed",
	      (unsigned long long)regs.rax);
	v.run->immediate_exit = 0;
	CHECK(!ioctl(v.vcpu, KVM_RUN, 0), "KVM_RUN: %s", strerror(errno));
	CHECK(v.run->exit_reason == KVM_EXIT_MMIO, "next exit %u (%s), wanted the MMIO read",
	      v.run->exit_reason, exit_name(v.run->exit_reason));
	vm_close(&v);
	return true;
}

/*
 * As many vCPUs as KVM_CAP_MAX_VCPUS says, in each of several VMs at once,
 * each of them running (hvt's ASIDs are per CPU, not per vCPU).
 */
static bool t_vcpu_limits(void)
{
	int max = ioctl(sys_fd(), KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	int nvm = 3, per_vm, i, j, total = 0;
	struct vm vms[3];
	int *extra[3];

	CHECK(max >= 16, "KVM_CAP_MAX_VCPUS is %d", max);
	per_vm = max > 16 ? 16 : max;
	for (i = 0; i < nvm; i++) {
		if (!vm_open(&vms[i], PROGRAM(rdpmc), NULL))
			return false;
		extra[i] = calloc(per_vm, sizeof(int));
		extra[i][0] = vms[i].vcpu;
		for (j = 1; j < per_vm; j++) {
			extra[i][j] = ioctl(vms[i].fd, KVM_CREATE_VCPU, j);
			CHECK(extra[i][j] >= 0, "VM %d: KVM_CREATE_VCPU %d (vCPU %d of %d in all): %s",
			      i, j, total + j + 1, nvm * per_vm, strerror(errno));
		}
		total += per_vm;
	}
	/* Every vCPU runs: the first one of each VM the whole program, the others into its HLT... */
	for (i = 0; i < nvm; i++) {
		CHECK(run_to_done(&vms[i]), "VM %d's vCPU 0: %s", i, why);
		for (j = 1; j < per_vm; j++) {
			struct kvm_regs regs = { .rip = 0x100, .rflags = 2 };
			struct kvm_sregs sregs;
			struct kvm_run *run = mmap(NULL, vms[i].run_size, PROT_READ | PROT_WRITE,
						   MAP_SHARED, extra[i][j], 0);

			vms[i].mem[0x100] = 0xf4;	/* hlt */
			CHECK(run != MAP_FAILED, "mmap: %s", strerror(errno));
			CHECK(!ioctl(extra[i][j], KVM_SET_CPUID2, vms[i].cpuid), "SET_CPUID2");
			CHECK(!ioctl(extra[i][j], KVM_GET_SREGS, &sregs), "GET_SREGS");
			sregs.cs.base = 0;
			sregs.cs.selector = 0;
			CHECK(!ioctl(extra[i][j], KVM_SET_SREGS, &sregs), "SET_SREGS");
			CHECK(!ioctl(extra[i][j], KVM_SET_REGS, &regs), "SET_REGS");
			CHECK(!ioctl(extra[i][j], KVM_RUN, 0) && run->exit_reason == KVM_EXIT_HLT,
			      "VM %d vCPU %d: exit %u, wanted HLT", i, j, run->exit_reason);
			munmap(run, vms[i].run_size);
		}
	}
	for (i = 0; i < nvm; i++) {
		for (j = 1; j < per_vm; j++)
			close(extra[i][j]);
		free(extra[i]);
		vm_close(&vms[i]);
	}
	return true;
}

/* KVM_SET_SREGS refuses CR4 bits the vCPU's CPUID does not offer, and takes the ones it does. */
static bool t_sregs_cr4(void)
{
	static const struct { const char *name; uint64_t cr4; uint32_t fn; int reg, bit; } bits[] = {
		{ "UMIP", 1u << 11, 7, 2, 2 },
		{ "FSGSBASE", 1u << 16, 7, 1, 0 },
		{ "PCIDE", 1u << 17, 1, 2, 17 },
		{ "OSXSAVE", 1u << 18, 1, 2, 26 },
		{ "SMEP", 1u << 20, 7, 1, 7 },
		{ "SMAP", 1u << 21, 7, 1, 20 },
		{ "PKE", 1u << 22, 7, 2, 3 },
	};
	size_t i;

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		struct kvm_cpuid2 *c = supported_cpuid();
		struct kvm_cpuid_entry2 *e = cpuid_leaf(c, bits[i].fn, 0);
		unsigned int a, b, cx, d, host;
		struct kvm_sregs sregs;
		uint32_t *reg;
		struct vm v;
		int with, ret;

		asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(cx), "=d"(d) : "a"(bits[i].fn), "c"(0));
		host = (bits[i].reg == 1 ? b : bits[i].reg == 2 ? cx : d) >> bits[i].bit & 1;
		if (bits[i].cr4 == 1u << 22)
			host = cx >> 4 & 1;	/* PKE needs the host's OSPKE */
		for (with = 0; with <= 1; with++) {
			if (!e)
				break;
			reg = bits[i].reg == 1 ? &e->ebx : bits[i].reg == 2 ? &e->ecx : &e->edx;
			*reg = with ? *reg | (1u << bits[i].bit) : *reg & ~(1u << bits[i].bit);
			if (!vm_open(&v, PROGRAM(rdpmc), c))
				return false;
			CHECK(!ioctl(v.vcpu, KVM_GET_SREGS, &sregs), "GET_SREGS: %s", strerror(errno));
			sregs.cr4 |= bits[i].cr4;
			ret = ioctl(v.vcpu, KVM_SET_SREGS, &sregs);
			if (!with || !host)
				CHECK(ret == -1 && errno == EINVAL, "SET_SREGS with CR4.%s, CPUID %s it: "
				      "%s, wanted EINVAL", bits[i].name, with ? "offering" : "without",
				      ret ? strerror(errno) : "accepted");
			else
				CHECK(ret == 0, "SET_SREGS with CR4.%s offered by CPUID: %s",
				      bits[i].name, strerror(errno));
			vm_close(&v);
		}
		free(c);
	}
	return true;
}

/* A new vCPU's TSC starts at 0 (KVM's rule), not at the host's count. */
static bool t_new_vcpu_tsc(void)
{
	uint64_t tsc = ~0ull, host;
	struct vm v;

	if (!vm_open(&v, PROGRAM(rdpmc), NULL))
		return false;
	CHECK(get_msr(v.vcpu, 0x10, &tsc), "KVM_GET_MSRS TSC failed");
	asm volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax" : "=a"(host) : : "rdx");
	/* Tens of thousands of instructions since creation, not the billions since boot. */
	CHECK(tsc < host / 4 && tsc < 200000000ull,
	      "a new vCPU's TSC reads %llu (the host's is %llu), wanted a count from 0",
	      (unsigned long long)tsc, (unsigned long long)host);
	vm_close(&v);
	return true;
}

/*
 * MSRs as the guest sees them, as KVM answers on AMD: SYSENTER_ESP/EIP
 * take any value, canonical or not (AMD's SYSENTER is 32-bit: it never
 * uses the high half), and read back what was written; VM_CR takes its
 * defined bits only; VM_HSAVE_PA must be page-aligned and below MAXPHYADDR.
 */
static bool t_msr_answers(void)
{
	static const struct { struct conform_msr_op op; int faulted; uint64_t read; } ops[] = {
		{ { 0x175, 1, 0x8000000012345678ull }, 0, 0 },
		{ { 0x175, 0, 0 }, 0, 0x8000000012345678ull },
		{ { 0x176, 1, 0xdead000000001000ull }, 0, 0 },
		{ { 0x176, 0, 0 }, 0, 0xdead000000001000ull },
		{ { 0xc0010114, 1, 0x20 }, 1, 0 },		/* VM_CR: bit 5 undefined */
		{ { 0xc0010117, 1, 1ull << 52 }, 1, 0 },	/* VM_HSAVE_PA beyond MAXPHYADDR */
		{ { 0xc0010117, 1, 0x1010 }, 1, 0 },		/* ... not page-aligned */
		{ { 0xc0010117, 1, 0x2000 }, 0, 0 },
		{ { 0xc0010117, 0, 0 }, 0, 0x2000 },
	};
	struct conform_msr_result *res;
	struct conform_msr_op *tbl;
	struct vm v;
	size_t i;

	if (!vm_open(&v, PROGRAM(msr_ops), NULL))
		return false;
	tbl = (struct conform_msr_op *)(v.mem + PARAMS_GPA);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		tbl[i] = ops[i].op;
	tbl[i].index = 0;
	if (!run_to_done(&v))
		return false;
	res = (struct conform_msr_result *)(v.mem + RESULTS_GPA + RES_MSR);
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		CHECK((int)res[i].faulted == ops[i].faulted, "%s of MSR 0x%x (0x%llx): %s, wanted %s",
		      ops[i].op.write ? "WRMSR" : "RDMSR", ops[i].op.index,
		      (unsigned long long)ops[i].op.value, res[i].faulted ? "#GP" : "no fault",
		      ops[i].faulted ? "#GP" : "no fault");
		if (!ops[i].op.write && !ops[i].faulted)
			CHECK(res[i].value == ops[i].read, "RDMSR 0x%x read 0x%llx, wanted 0x%llx",
			      ops[i].op.index, (unsigned long long)res[i].value,
			      (unsigned long long)ops[i].read);
	}
	vm_close(&v);
	return true;
}

/*
 * A guest that enables long mode itself: the LMA it reads is the CPU's, a
 * WRMSR cannot clear it, LME cannot change while paging is on (#GP), and
 * prefixed CPUID/RDMSR are stepped over by their whole length.
 */
static bool t_long_mode(void)
{
	struct conform_results *r;
	struct vm v;

	if (!vm_open(&v, PROGRAM(long_mode), NULL) || !run_to_done(&v))
		return false;
	r = results(&v);
	CHECK(r->vec_count[13] == 1, "WRMSR EFER.LME with paging on gave %u #GP, wanted 1",
	      r->vec_count[13]);
	CHECK(!(r->r[0] & 0x100), "EFER 0x%llx after the refused LME write",
	      (unsigned long long)r->r[0]);
	CHECK((r->r[1] & 0x500) == 0x500, "EFER in long mode reads 0x%llx: LMA (0x400) missing",
	      (unsigned long long)r->r[1]);
	CHECK((r->r[2] & 0x500) == 0x500, "EFER 0x%llx after a WRMSR that cleared LMA: "
	      "the write's LMA must be ignored", (unsigned long long)r->r[2]);
	CHECK(r->r[3] != 0, "CPUID leaf 0 with a 66 prefix returned EAX 0");
	CHECK(r->r[4] == 0x600d, "the program did not reach its end after `f3 rdmsr` (0x%llx)",
	      (unsigned long long)r->r[4]);
	vm_close(&v);
	return true;
}

/*
 * VM and vCPU ioctls whose answers KVM defines: KVM_SET_CPUID2 after the
 * vCPU has run takes only the table it has; KVM_SET_TSS_ADDR refuses an
 * address whose three pages would pass 4 GiB.
 */
static bool t_cpuid_after_run_and_tss(void)
{
	struct kvm_cpuid_entry2 *e;
	struct vm v;
	int ret;

	if (!vm_open(&v, PROGRAM(rdpmc), NULL) || !run_to_done(&v))
		return false;
	CHECK(!ioctl(v.vcpu, KVM_SET_CPUID2, v.cpuid), "SET_CPUID2 of the same table after "
	      "KVM_RUN: %s", strerror(errno));
	e = cpuid_leaf(v.cpuid, 0x80000001, 0);
	CHECK(e, "no leaf 0x80000001");
	e->ecx ^= 1u << 2;	/* SVM on or off under a vCPU that ran */
	ret = ioctl(v.vcpu, KVM_SET_CPUID2, v.cpuid);
	CHECK(ret == -1 && errno == EINVAL, "SET_CPUID2 of another table after KVM_RUN: %s, "
	      "wanted EINVAL", ret ? strerror(errno) : "accepted");
	CHECK(!ioctl(v.fd, KVM_SET_TSS_ADDR, 0xfffbd000ul), "SET_TSS_ADDR 0xfffbd000: %s",
	      strerror(errno));
	ret = ioctl(v.fd, KVM_SET_TSS_ADDR, 0xfffff000ul);
	CHECK(ret == -1 && errno == EINVAL, "SET_TSS_ADDR 0xfffff000: %s, wanted EINVAL",
	      ret ? strerror(errno) : "accepted");
	vm_close(&v);
	return true;
}

struct test {
	const char *name;
	bool (*fn)(void);
};

static const struct test tests[] = {
	{ "kvm_run_rewrite", t_kvm_run_rewrite },
	{ "exception_intercepts", t_exception_intercepts },
	{ "fpu_init", t_fpu_init },
	{ "pkru", t_pkru },
	{ "debugregs", t_debugregs },
	{ "rdpmc", t_rdpmc },
	{ "tsc_aux", t_tsc_aux },
	{ "long_mode", t_long_mode },
	{ "guest_entry", t_guest_entry },
	{ "immediate_exit", t_immediate_exit },
	{ "vcpu_limits", t_vcpu_limits },
	{ "sregs_cr4", t_sregs_cr4 },
	{ "new_vcpu_tsc", t_new_vcpu_tsc },
	{ "msr_answers", t_msr_answers },
	{ "cpuid_after_run_and_tss", t_cpuid_after_run_and_tss },
};

static bool selected(const char *name, int argc, char **argv)
{
	int i;

	if (optind >= argc)
		return true;
	for (i = optind; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dev", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, passed = 0, failed = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 'h':
			printf("usage: hvt-conform [--dev PATH] [TEST...]\ntests:");
			for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
				printf(" %s", tests[i].name);
			printf("\n");
			return 0;
		default:
			return 2;
		}
	}
	on_hvt = strstr(dev, "hvt") != NULL;
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		why[0] = 0;
		if (tests[i].fn()) {
			printf("ok %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL %s (%s): %s\n", tests[i].name, dev, why);
			failed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
