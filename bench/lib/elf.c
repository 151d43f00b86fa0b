// SPDX-License-Identifier: GPL-2.0
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <hvt/boot.h>
#include <hvtvmm/elf.h>
#include <hvtvmm/range.h>

#define MAX_PHDRS 64	/* our images have three; anything near this is broken */

typedef unsigned long long ull;

static int check_ident(const char *name, const unsigned char *f, size_t size,
		       struct vmm_err *err)
{
	if (size >= SELFMAG && memcmp(f, ELFMAG, SELFMAG))
		return vmm_errf(err, "%s: not an ELF file (bad magic)", name);
	if (size < sizeof(Elf64_Ehdr))
		return vmm_errf(err, "%s: truncated: %zu bytes, an ELF64 header needs %zu",
				name, size, sizeof(Elf64_Ehdr));
	if (f[EI_CLASS] != ELFCLASS64)
		return vmm_errf(err, "%s: not a 64-bit ELF file (class %u)", name, f[EI_CLASS]);
	if (f[EI_DATA] != ELFDATA2LSB)
		return vmm_errf(err, "%s: not a little-endian ELF file (data encoding %u)",
				name, f[EI_DATA]);
	if (f[EI_VERSION] != EV_CURRENT)
		return vmm_errf(err, "%s: unknown ELF version %u", name, f[EI_VERSION]);
	return 0;
}

static int check_header(const char *name, const Elf64_Ehdr *eh, size_t size,
			struct vmm_err *err)
{
	if (eh->e_type != ET_EXEC)
		return vmm_errf(err, "%s: not a static executable (e_type %u, want ET_EXEC)",
				name, eh->e_type);
	if (eh->e_machine != EM_X86_64)
		return vmm_errf(err, "%s: wrong machine %u, want x86-64 (%u)",
				name, eh->e_machine, EM_X86_64);
	if (eh->e_version != EV_CURRENT)
		return vmm_errf(err, "%s: unknown ELF version %u", name, eh->e_version);
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return vmm_errf(err, "%s: program header entries of %u bytes, want %zu",
				name, eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phnum == 0 || eh->e_phnum > MAX_PHDRS)
		return vmm_errf(err, "%s: %u program headers, want 1 to %d",
				name, eh->e_phnum, MAX_PHDRS);
	if (!vmm_range_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), size))
		return vmm_errf(err, "%s: program header table (offset 0x%llx, %u entries) lies outside the file (%zu bytes)",
				name, (ull)eh->e_phoff, eh->e_phnum, size);
	return 0;
}

static int check_segment(const char *name, unsigned int i, const Elf64_Phdr *ph,
			 size_t size, uint64_t mem_size, struct vmm_err *err)
{
	if (ph->p_type == PT_INTERP || ph->p_type == PT_DYNAMIC)
		return vmm_errf(err, "%s: dynamically linked; images must be static", name);
	if (ph->p_type != PT_LOAD)
		return 0;
	if (ph->p_filesz > ph->p_memsz)
		return vmm_errf(err, "%s: segment %u: file size 0x%llx exceeds memory size 0x%llx",
				name, i, (ull)ph->p_filesz, (ull)ph->p_memsz);
	if (!vmm_range_ok(ph->p_offset, ph->p_filesz, size))
		return vmm_errf(err, "%s: segment %u: bytes 0x%llx+0x%llx lie outside the file (%zu bytes)",
				name, i, (ull)ph->p_offset, (ull)ph->p_filesz, size);
	if (ph->p_vaddr != ph->p_paddr)
		return vmm_errf(err, "%s: segment %u: virtual address 0x%llx differs from physical 0x%llx (images are identity mapped)",
				name, i, (ull)ph->p_vaddr, (ull)ph->p_paddr);
	if (ph->p_paddr < HVT_IMAGE_BASE)
		return vmm_errf(err, "%s: segment %u: loads at 0x%llx, below the image base 0x%x",
				name, i, (ull)ph->p_paddr, HVT_IMAGE_BASE);
	if (!vmm_range_ok(ph->p_paddr, ph->p_memsz, mem_size))
		return vmm_errf(err, "%s: segment %u: 0x%llx+0x%llx lies outside guest RAM (%llu MiB)",
				name, i, (ull)ph->p_paddr, (ull)ph->p_memsz, (ull)(mem_size >> 20));
	return 0;
}

static int overlaps(const Elf64_Phdr *a, const Elf64_Phdr *b)
{
	return a->p_paddr < b->p_paddr + b->p_memsz && b->p_paddr < a->p_paddr + a->p_memsz;
}

/* Program header i, copied out: the table need not be aligned in the file. */
static Elf64_Phdr phdr_at(const unsigned char *f, const Elf64_Ehdr *eh, unsigned int i)
{
	Elf64_Phdr ph;

	memcpy(&ph, f + eh->e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
	return ph;
}

static int is_loaded(const Elf64_Phdr *ph)
{
	return ph->p_type == PT_LOAD && ph->p_memsz > 0;
}

static void note_segment(struct vmm_elf_image *img, const Elf64_Phdr *ph)
{
	if (!img->nr_segments || ph->p_paddr < img->start)
		img->start = ph->p_paddr;
	if (ph->p_paddr + ph->p_memsz > img->end)
		img->end = ph->p_paddr + ph->p_memsz;
	img->nr_segments++;
}

static int check_segments(const char *name, const unsigned char *f, const Elf64_Ehdr *eh,
			  size_t size, uint64_t mem_size, struct vmm_elf_image *img,
			  struct vmm_err *err)
{
	int entry_loaded = 0;

	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph = phdr_at(f, eh, i);

		if (check_segment(name, i, &ph, size, mem_size, err))
			return -1;
		if (!is_loaded(&ph))
			continue;
		for (unsigned int j = 0; j < i; j++) {
			Elf64_Phdr other = phdr_at(f, eh, j);

			if (is_loaded(&other) && overlaps(&ph, &other))
				return vmm_errf(err, "%s: segments %u and %u overlap", name, j, i);
		}
		note_segment(img, &ph);
		if (eh->e_entry >= ph.p_paddr && eh->e_entry - ph.p_paddr < ph.p_memsz)
			entry_loaded = 1;
	}
	if (!img->nr_segments)
		return vmm_errf(err, "%s: no loadable segments", name);
	if (!entry_loaded)
		return vmm_errf(err, "%s: entry point 0x%llx is outside every loaded segment",
				name, (ull)eh->e_entry);
	return 0;
}

int vmm_elf_check(const char *name, const void *file, size_t size,
		  uint64_t mem_size, struct vmm_elf_image *img, struct vmm_err *err)
{
	const unsigned char *f = file;
	Elf64_Ehdr eh;

	memset(img, 0, sizeof(*img));
	if (check_ident(name, f, size, err))
		return -1;
	memcpy(&eh, f, sizeof(eh));
	if (check_header(name, &eh, size, err) ||
	    check_segments(name, f, &eh, size, mem_size, img, err))
		return -1;
	img->entry = eh.e_entry;
	return 0;
}

int vmm_elf_load(const char *name, const void *file, size_t size,
		 uint8_t *mem, uint64_t mem_size, struct vmm_elf_image *img,
		 struct vmm_err *err)
{
	const unsigned char *f = file;
	Elf64_Ehdr eh;

	if (vmm_elf_check(name, file, size, mem_size, img, err))
		return -1;
	memcpy(&eh, f, sizeof(eh));
	for (unsigned int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph = phdr_at(f, &eh, i);

		if (!is_loaded(&ph))
			continue;
		memcpy(mem + ph.p_paddr, f + ph.p_offset, ph.p_filesz);
		memset(mem + ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
	}
	return 0;
}

static int read_all(int fd, const char *path, uint8_t *buf, size_t size,
		    struct vmm_err *err)
{
	size_t done = 0;

	while (done < size) {
		ssize_t n = read(fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vmm_errf(err, "cannot read image %s: %s", path, strerror(errno));
		if (n == 0)
			return vmm_errf(err, "cannot read image %s: it shrank while being read", path);
		done += n;
	}
	return 0;
}

int vmm_elf_read_file(const char *path, size_t max_size, void **buf, size_t *size,
		      struct vmm_err *err)
{
	struct stat st;
	uint8_t *data = NULL;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vmm_errf(err, "cannot open image %s: %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		vmm_errf(err, "cannot stat image %s: %s", path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		vmm_errf(err, "image %s is not a regular file", path);
	} else if ((uint64_t)st.st_size > max_size) {
		vmm_errf(err, "image %s is too large: %lld bytes, at most %zu",
			 path, (long long)st.st_size, max_size);
	} else if (!(data = malloc(st.st_size ? st.st_size : 1))) {
		vmm_errf(err, "out of memory reading image %s", path);
	} else if (!read_all(fd, path, data, st.st_size, err)) {
		*buf = data;
		*size = st.st_size;
		data = NULL;
		rc = 0;
	}
	free(data);
	close(fd);
	return rc;
}
