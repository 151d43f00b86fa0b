// SPDX-License-Identifier: GPL-2.0
/*
 * hvt-hostile: every ioctl argument is untrusted. Throws bad arguments,
 * wrong call orders and resource churn at /dev/hvt (or /dev/kvm, to show
 * the two agree) and checks each gets the documented error, never a crash.
 *
 *   hvt-hostile [--dev PATH] [--vms N] [TEST...]     (default: all tests)
 *   hvt-hostile [--dev PATH] --hold     (hold a VM open until stdin has a line)
 *
 * Prints "ok NAME" or "FAIL NAME: why" per test and "N passed, M failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *dev = "/dev/hvt";
static int nr_vms = 1000;
static char why[256];

#define CHECK(cond, ...)                                       \
	do {                                                   \
		if (!(cond)) {                                 \
			snprintf(why, sizeof(why), __VA_ARGS__); \
			return false;                          \
		}                                              \
	} while (0)

/* The ioctl fails with exactly @err. */
#define EXPECT_ERRNO(call, err)                                                   \
	do {                                                                      \
		long r_ = (call);                                                 \
		CHECK(r_ == -1 && errno == (err), "%s: got %ld/%s, wanted %s",    \
		      #call, r_, r_ == -1 ? strerror(errno) : "success", strerror(err)); \
	} while (0)

static int open_dev(void)
{
	int fd = open(dev, O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "hvt-hostile: cannot open %s: %s\n", dev, strerror(errno));
		exit(3);
	}
	return fd;
}

static int create_vm(int sys)
{
	return ioctl(sys, KVM_CREATE_VM, 0);
}

static int set_slot(int vm, uint32_t slot, uint32_t flags, uint64_t gpa, uint64_t size, void *hva)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = (uintptr_t)hva,
	};
	return ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r);
}

static void *anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(3);
	}
	return p;
}

/* Real-mode guest at 0x1000: mov al,0x42; out 0x10,al; hlt. */
static const uint8_t tiny_guest[] = { 0xb0, 0x42, 0xe6, 0x10, 0xf4 };

struct tiny {
	int vm, vcpu;
	struct kvm_run *run;
	size_t run_size;
	void *mem;
};

static bool tiny_setup(int sys, struct tiny *t)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = 0x1000, .rflags = 2 };

	t->vm = create_vm(sys);
	CHECK(t->vm >= 0, "CREATE_VM: %s", strerror(errno));
	t->mem = anon(0x10000);
	memcpy((uint8_t *)t->mem + 0x1000, tiny_guest, sizeof(tiny_guest));
	CHECK(!set_slot(t->vm, 0, 0, 0, 0x10000, t->mem), "SET_USER_MEMORY_REGION: %s", strerror(errno));
	t->vcpu = ioctl(t->vm, KVM_CREATE_VCPU, 0);
	CHECK(t->vcpu >= 0, "CREATE_VCPU: %s", strerror(errno));
	t->run_size = ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	t->run = mmap(NULL, t->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, t->vcpu, 0);
	CHECK(t->run != MAP_FAILED, "mmap kvm_run: %s", strerror(errno));
	CHECK(!ioctl(t->vcpu, KVM_GET_SREGS, &sregs), "GET_SREGS: %s", strerror(errno));
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	CHECK(!ioctl(t->vcpu, KVM_SET_SREGS, &sregs), "SET_SREGS: %s", strerror(errno));
	CHECK(!ioctl(t->vcpu, KVM_SET_REGS, &regs), "SET_REGS: %s", strerror(errno));
	return true;
}

static bool tiny_run(struct tiny *t)
{
	uint8_t out;

	CHECK(!ioctl(t->vcpu, KVM_RUN, 0), "RUN: %s", strerror(errno));
	CHECK(t->run->exit_reason == KVM_EXIT_IO && t->run->io.port == 0x10 &&
	      t->run->io.direction == KVM_EXIT_IO_OUT, "first exit %u, wanted IO out to 0x10",
	      t->run->exit_reason);
	out = *((uint8_t *)t->run + t->run->io.data_offset);
	CHECK(out == 0x42, "OUT data 0x%x, wanted 0x42", out);
	CHECK(!ioctl(t->vcpu, KVM_RUN, 0), "RUN: %s", strerror(errno));
	CHECK(t->run->exit_reason == KVM_EXIT_HLT, "second exit %u, wanted HLT", t->run->exit_reason);
	return true;
}

static void tiny_close(struct tiny *t)
{
	munmap(t->run, t->run_size);
	close(t->vcpu);
	close(t->vm);
	munmap(t->mem, 0x10000);
}

static bool t_api_version(int sys)
{
	CHECK(ioctl(sys, KVM_GET_API_VERSION, 0) == KVM_API_VERSION, "wrong API version");
	return true;
}

static bool t_create_vm_bad_type(int sys)
{
	EXPECT_ERRNO(ioctl(sys, KVM_CREATE_VM, 99), EINVAL);
	return true;
}

static bool t_memslot_bad_args(int sys)
{
	int vm = create_vm(sys);
	void *mem = anon(0x20000);

	CHECK(vm >= 0, "CREATE_VM: %s", strerror(errno));
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0x800, 0x10000, mem), EINVAL);	  /* gpa */
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0, 0x10800, mem), EINVAL);	  /* size */
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0, 0x10000, (char *)mem + 8), EINVAL); /* hva */
	EXPECT_ERRNO(set_slot(vm, 0, 1u << 7, 0, 0x10000, mem), EINVAL);  /* flags */
	EXPECT_ERRNO(set_slot(vm, 32767, 0, 0, 0x10000, mem), EINVAL);	  /* slot id */
	EXPECT_ERRNO(set_slot(vm, 2u << 16, 0, 0, 0x10000, mem), EINVAL);  /* address space */
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0, 1ull << 62, mem), EINVAL);	  /* huge */
	EXPECT_ERRNO(set_slot(vm, 0, 0, ~0ull << 12, 0x10000, mem), EINVAL); /* gpa wraps */
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0, 0x10000, (void *)0xffff800000000000ull), EINVAL);
	EXPECT_ERRNO(set_slot(vm, 7, 0, 0, 0, NULL), EINVAL);		  /* delete unused */
	close(vm);
	munmap(mem, 0x20000);
	return true;
}

static bool t_memslot_overlap_and_change(int sys)
{
	int vm = create_vm(sys);
	char *mem = anon(0x40000);

	CHECK(vm >= 0, "CREATE_VM: %s", strerror(errno));
	CHECK(!set_slot(vm, 0, 0, 0x100000, 0x20000, mem), "create: %s", strerror(errno));
	EXPECT_ERRNO(set_slot(vm, 1, 0, 0x110000, 0x20000, mem + 0x20000), EEXIST);
	EXPECT_ERRNO(set_slot(vm, 0, 0, 0x100000, 0x10000, mem), EINVAL); /* resize */
	CHECK(!set_slot(vm, 0, 0, 0x200000, 0x20000, mem), "move: %s", strerror(errno));
	CHECK(!set_slot(vm, 1, 0, 0x100000, 0x20000, mem + 0x20000), "reuse moved range: %s",
	      strerror(errno));
	CHECK(!set_slot(vm, 0, 0, 0x200000, 0, NULL), "delete: %s", strerror(errno));
	close(vm);
	munmap(mem, 0x40000);
	return true;
}

static bool t_vcpu_ids(int sys)
{
	int vm = create_vm(sys), a;

	CHECK(vm >= 0, "CREATE_VM: %s", strerror(errno));
	EXPECT_ERRNO(ioctl(vm, KVM_CREATE_VCPU, 1ul << 20), EINVAL);
	a = ioctl(vm, KVM_CREATE_VCPU, 0);
	CHECK(a >= 0, "CREATE_VCPU 0: %s", strerror(errno));
	EXPECT_ERRNO(ioctl(vm, KVM_CREATE_VCPU, 0), EEXIST);
	close(a);
	close(vm);
	return true;
}

static bool t_bad_pointers(int sys)
{
	struct tiny t;

	if (!tiny_setup(sys, &t))
		return false;
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_SET_REGS, (void *)8), EFAULT);
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_GET_SREGS, (void *)0xffff800000000000ull), EFAULT);
	EXPECT_ERRNO(ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, (void *)16), EFAULT);
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_RUN, 1), EINVAL);
	tiny_close(&t);
	return true;
}

static bool t_cpuid_sizes(int sys)
{
	struct { struct kvm_cpuid2 h; struct kvm_cpuid_entry2 e[1]; } small = { .h.nent = 1 };
	struct kvm_cpuid2 huge = { .nent = 100000 };
	int vm = create_vm(sys), vcpu;

	EXPECT_ERRNO(ioctl(sys, KVM_GET_SUPPORTED_CPUID, &small), E2BIG);
	CHECK(vm >= 0, "CREATE_VM: %s", strerror(errno));
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	CHECK(vcpu >= 0, "CREATE_VCPU: %s", strerror(errno));
	EXPECT_ERRNO(ioctl(vcpu, KVM_SET_CPUID2, &huge), E2BIG);
	close(vcpu);
	close(vm);
	return true;
}

static bool t_msrs(int sys)
{
	struct { struct kvm_msrs h; struct kvm_msr_entry e[2]; } m = {
		.h.nmsrs = 2, .e = { { .index = 0xc0000080 }, { .index = 0x12345678 } },
	};
	struct kvm_msrs huge = { .nmsrs = 100000 };
	struct tiny t;
	int n;

	if (!tiny_setup(sys, &t))
		return false;
	/* An unknown MSR stops the batch: one of two processed. */
	n = ioctl(t.vcpu, KVM_GET_MSRS, &m);
	CHECK(n == 1, "GET_MSRS with an unknown MSR returned %d, wanted 1", n);
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_GET_MSRS, &huge), E2BIG);
	tiny_close(&t);
	return true;
}

/*
 * KVM_RUN with no memory at all: the reset vector has nothing behind it.
 * hvt: KVM_EXIT_INTERNAL_ERROR (emulation: no instruction to fetch);
 * KVM fails KVM_RUN with ENOSPC. Either way a clear error, no host problem.
 */
static bool t_run_without_memory(int sys)
{
	int vm = create_vm(sys), vcpu;
	struct kvm_run *run;
	size_t sz = ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, 0);
	long r;

	CHECK(vm >= 0, "CREATE_VM: %s", strerror(errno));
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	CHECK(vcpu >= 0, "CREATE_VCPU: %s", strerror(errno));
	run = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	CHECK(run != MAP_FAILED, "mmap: %s", strerror(errno));
	r = ioctl(vcpu, KVM_RUN, 0);
	if (r == -1)
		CHECK(errno == ENOSPC, "RUN: %s, wanted an exit or ENOSPC", strerror(errno));
	else
		CHECK(run->exit_reason == KVM_EXIT_INTERNAL_ERROR &&
		      run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION,
		      "exit %u, wanted INTERNAL_ERROR (emulation)", run->exit_reason);
	munmap(run, sz);
	close(vcpu);
	close(vm);
	return true;
}

/* A memslot whose user memory is not mapped: KVM_RUN fails with EFAULT. */
static bool t_slot_unmapped_memory(int sys)
{
	struct tiny t;
	void *hole;

	if (!tiny_setup(sys, &t))
		return false;
	hole = anon(0x10000);
	munmap(hole, 0x10000);
	CHECK(!set_slot(t.vm, 0, 0, 0, 0, NULL), "delete: %s", strerror(errno));
	CHECK(!set_slot(t.vm, 0, 0, 0, 0x10000, hole), "create: %s", strerror(errno));
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_RUN, 0), EFAULT);
	tiny_close(&t);
	return true;
}

/* immediate_exit: KVM_RUN returns EINTR at once. */
static bool t_immediate_exit(int sys)
{
	struct tiny t;

	if (!tiny_setup(sys, &t))
		return false;
	t.run->immediate_exit = 1;
	EXPECT_ERRNO(ioctl(t.vcpu, KVM_RUN, 0), EINTR);
	t.run->immediate_exit = 0;
	if (!tiny_run(&t))
		return false;
	tiny_close(&t);
	return true;
}

/* A VM fd used from another process gets EIO. */
static bool t_other_process(int sys)
{
	struct tiny t;
	int status;
	pid_t pid;

	if (!tiny_setup(sys, &t))
		return false;
	pid = fork();
	if (pid == 0) {
		long r = ioctl(t.vcpu, KVM_RUN, 0);

		_exit(r == -1 && errno == EIO ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait failed");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child's KVM_RUN did not get EIO");
	tiny_close(&t);
	return true;
}

static long read_counter(const char *name)
{
	char path[128];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/hvt/%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* Create, run and destroy many VMs: the module's counters come back. */
static bool t_vm_churn(int sys)
{
	static const char *const counters[] = { "live_vms", "live_vcpus", "live_pages",
						"guest_page_refs" };
	long before[4], after[4];
	int i;

	for (i = 0; i < 4; i++)
		before[i] = read_counter(counters[i]);
	for (i = 0; i < nr_vms; i++) {
		struct tiny t;

		if (!tiny_setup(sys, &t) || !tiny_run(&t))
			return false;
		tiny_close(&t);
	}
	for (i = 0; i < 4; i++) {
		after[i] = read_counter(counters[i]);
		CHECK(before[i] == after[i], "%s: %ld before %d VMs, %ld after", counters[i],
		      before[i], nr_vms, after[i]);
	}
	printf("hvt-hostile: %d VMs created, run and destroyed; counters %s\n", nr_vms,
	       before[0] < 0 ? "not available (not hvt)" : "unchanged");
	return true;
}

/*
 * --hold: keep a VM open until a line arrives on stdin, then prove it still
 * runs. The testbed test tries "rmmod hvt" meanwhile: it must fail, and the
 * VM must not notice.
 */
static int hold_vm(int sys)
{
	struct tiny t;
	char line[16];

	if (!tiny_setup(sys, &t)) {
		printf("FAIL hold: %s\n", why);
		return 1;
	}
	printf("hvt-hostile: holding a VM open\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		line[0] = 0;
	if (!tiny_run(&t)) {
		printf("FAIL hold: %s\n", why);
		return 1;
	}
	tiny_close(&t);
	printf("hvt-hostile: the held VM still ran\n");
	return 0;
}

/*
 * Real-mode guest at 0x1000: mov al,[0x3000]; out 0x10,al; hlt. It reads
 * guest memory through the NPT, so a stale mapping shows as a stale byte.
 */
static const uint8_t reader_guest[] = { 0xa0, 0x00, 0x30, 0xe6, 0x10, 0xf4 };

/* Run the reader from its start; the byte it OUTs. */
static bool run_reader(struct tiny *t, uint8_t *out)
{
	struct kvm_regs regs = { .rip = 0x1000, .rflags = 2 };

	CHECK(!ioctl(t->vcpu, KVM_SET_REGS, &regs), "SET_REGS: %s", strerror(errno));
	CHECK(!ioctl(t->vcpu, KVM_RUN, 0), "RUN: %s", strerror(errno));
	CHECK(t->run->exit_reason == KVM_EXIT_IO && t->run->io.port == 0x10,
	      "exit %u, wanted IO to 0x10", t->run->exit_reason);
	*out = *((uint8_t *)t->run + t->run->io.data_offset);
	CHECK(!ioctl(t->vcpu, KVM_RUN, 0), "RUN: %s", strerror(errno));
	CHECK(t->run->exit_reason == KVM_EXIT_HLT, "exit %u, wanted HLT", t->run->exit_reason);
	return true;
}

/*
 * The host changes the page behind guest memory; the guest must see the
 * new one: MADV_DONTNEED (a fresh page) and a COW break after fork (the
 * VMM's write gets a copy; the mapping the guest used must follow).
 */
static bool t_host_invalidation(int sys)
{
	uint8_t *page, got;
	struct tiny t;
	pid_t pid;

	if (!tiny_setup(sys, &t))
		return false;
	memcpy((uint8_t *)t.mem + 0x1000, reader_guest, sizeof(reader_guest));
	page = (uint8_t *)t.mem + 0x3000;
	*page = 0x42;
	if (!run_reader(&t, &got))
		return false;
	CHECK(got == 0x42, "first read 0x%x, wanted 0x42", got);

	CHECK(!madvise(page, 4096, MADV_DONTNEED), "madvise: %s", strerror(errno));
	*page = 0x55;	/* a new page now backs guest 0x3000 */
	if (!run_reader(&t, &got))
		return false;
	CHECK(got == 0x55, "after MADV_DONTNEED read 0x%x, wanted 0x55 (stale mapping)", got);

	pid = fork();	/* guest memory becomes copy-on-write in both processes */
	if (pid == 0)
		_exit(0);
	CHECK(pid > 0 && waitpid(pid, NULL, 0) == pid, "fork/wait failed");
	*page = 0x66;	/* the VMM's write breaks COW: a new page again */
	if (!run_reader(&t, &got))
		return false;
	CHECK(got == 0x66, "after a COW break read 0x%x, wanted 0x66 (stale mapping)", got);
	tiny_close(&t);
	return true;
}

struct test {
	const char *name;
	bool (*fn)(int sys);
};

static const struct test tests[] = {
	{ "api_version", t_api_version },
	{ "create_vm_bad_type", t_create_vm_bad_type },
	{ "memslot_bad_args", t_memslot_bad_args },
	{ "memslot_overlap_and_change", t_memslot_overlap_and_change },
	{ "vcpu_ids", t_vcpu_ids },
	{ "bad_pointers", t_bad_pointers },
	{ "cpuid_sizes", t_cpuid_sizes },
	{ "msrs", t_msrs },
	{ "run_without_memory", t_run_without_memory },
	{ "slot_unmapped_memory", t_slot_unmapped_memory },
	{ "immediate_exit", t_immediate_exit },
	{ "other_process", t_other_process },
	{ "host_invalidation", t_host_invalidation },
	{ "vm_churn", t_vm_churn },
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
		{ "vms", required_argument, NULL, 'n' },
		{ "hold", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, sys, passed = 0, failed = 0, hold = 0;
	size_t i;

	while ((c = getopt_long(argc, argv, "d:n:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dev = optarg; break;
		case 'n': nr_vms = atoi(optarg); break;
		case 'H': hold = 1; break;
		case 'h':
			printf("usage: hvt-hostile [--dev PATH] [--vms N] [TEST...]\n"
			       "       hvt-hostile [--dev PATH] --hold\ntests:");
			for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
				printf(" %s", tests[i].name);
			printf("\n");
			return 0;
		default:
			return 2;
		}
	}
	sys = open_dev();
	if (hold)
		return hold_vm(sys);
	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!selected(tests[i].name, argc, argv))
			continue;
		why[0] = 0;
		if (tests[i].fn(sys)) {
			printf("ok %s\n", tests[i].name);
			passed++;
		} else {
			printf("FAIL %s: %s\n", tests[i].name, why);
			failed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
