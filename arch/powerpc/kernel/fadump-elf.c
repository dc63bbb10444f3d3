// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the ELF core header builder.
 *
 * A capture kernel describes the crashed kernel's memory to /proc/vmcore
 * with an ELF core header: the ELF header, a PT_NOTE for the CPU notes, a
 * PT_NOTE for VMCOREINFO and one PT_LOAD per piece of memory, followed by
 * one NT_PRSTATUS note per CPU. The functions here build one in a buffer
 * the caller provides, from segments computed by fadump_compute_loads()
 * (fadump-layout.c); fadump-capture.c uses them, fadump_kunit.c tests
 * them. No global state.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/string.h>

#include <asm/fadump-internal.h>

#define FADUMP_NOTE_NAME	"CORE"
#define FADUMP_PRSTATUS_NOTE_SIZE					\
	(sizeof(struct elf64_note) + ALIGN(sizeof(FADUMP_NOTE_NAME), 4) +	\
	 ALIGN(sizeof(struct elf_prstatus), 4))

/**
 * fadump_elfhdr_size() - bytes needed for an ELF core header
 * @nr_cpus: number of NT_PRSTATUS notes
 * @nr_phdrs: number of program headers (PT_NOTEs and PT_LOADs)
 *
 * The header, the program headers, the CPU notes and the empty note
 * that ends them.
 *
 * Return: the size in bytes.
 */
size_t fadump_elfhdr_size(u32 nr_cpus, u32 nr_phdrs)
{
	return sizeof(struct elf64_hdr) + (size_t)nr_phdrs * sizeof(struct elf64_phdr) +
	       (size_t)nr_cpus * FADUMP_PRSTATUS_NOTE_SIZE + sizeof(struct elf64_note);
}

/* The ELF header of a core file with @nr_phdrs program headers */
static void fadump_elf_ehdr(struct elf64_hdr *ehdr, u32 nr_phdrs)
{
	memcpy(ehdr->e_ident, ELFMAG, SELFMAG);
	ehdr->e_ident[EI_CLASS] = ELFCLASS64;
	ehdr->e_ident[EI_DATA] = ELF_DATA;
	ehdr->e_ident[EI_VERSION] = EV_CURRENT;
	ehdr->e_ident[EI_OSABI] = ELFOSABI_NONE;
	ehdr->e_type = ET_CORE;
	ehdr->e_machine = ELF_ARCH;
	ehdr->e_version = EV_CURRENT;
	ehdr->e_phoff = sizeof(struct elf64_hdr);
	ehdr->e_ehsize = sizeof(struct elf64_hdr);
	ehdr->e_phentsize = sizeof(struct elf64_phdr);
	ehdr->e_phnum = nr_phdrs;
	if (IS_ENABLED(CONFIG_PPC64_ELF_ABI_V2))
		ehdr->e_flags = 2;
}

/*
 * The program headers from @phdr on: the CPU notes' PT_NOTE (filled in by
 * fadump_elf_end()), the VMCOREINFO PT_NOTE if @vmcoreinfo_size, the
 * PT_LOADs. Returns the end of the last one.
 */
static struct elf64_phdr *fadump_elf_phdrs(struct elf64_phdr *phdr,
					   const struct fadump_load *loads,
					   u32 nr_loads, u64 vmcoreinfo_pa,
					   u64 vmcoreinfo_size)
{
	u32 i;

	phdr->p_type = PT_NOTE;		/* CPU notes, see fadump_elf_end() */
	phdr++;

	if (vmcoreinfo_size) {
		phdr->p_type = PT_NOTE;
		phdr->p_offset = vmcoreinfo_pa;
		phdr->p_paddr = vmcoreinfo_pa;
		phdr->p_filesz = vmcoreinfo_size;
		phdr->p_memsz = vmcoreinfo_size;
		phdr++;
	}

	for (i = 0; i < nr_loads; i++, phdr++) {
		phdr->p_type = PT_LOAD;
		phdr->p_flags = PF_R | PF_W | PF_X;
		phdr->p_offset = loads[i].offset;
		phdr->p_paddr = loads[i].paddr;
		phdr->p_vaddr = (u64)PAGE_OFFSET + loads[i].paddr;
		phdr->p_filesz = loads[i].size;
		phdr->p_memsz = loads[i].size;
	}
	return phdr;
}

/**
 * fadump_elf_begin() - start an ELF core header
 * @e: builder state
 * @buf: buffer for the header, notes included
 * @size: its size
 * @buf_pa: physical address of @buf
 * @loads: the PT_LOAD segments
 * @nr_loads: number of entries in @loads
 * @vmcoreinfo_pa: where the VMCOREINFO note is now, ignored if
 *                 @vmcoreinfo_size is 0
 * @vmcoreinfo_size: size of the VMCOREINFO note, 0 for none
 * @max_cpus: CPU notes to make room for
 *
 * Writes the ELF header and program headers: a PT_NOTE for the CPU notes
 * (completed by fadump_elf_end()), a PT_NOTE for VMCOREINFO, the PT_LOADs.
 *
 * Return: 0, -ENOSPC if @buf is too small, -E2BIG if there are too many
 * program headers.
 */
int fadump_elf_begin(struct fadump_elf *e, void *buf, size_t size,
		     u64 buf_pa, const struct fadump_load *loads, u32 nr_loads,
		     u64 vmcoreinfo_pa, u64 vmcoreinfo_size, u32 max_cpus)
{
	u32 nr_phdrs = 1 + (vmcoreinfo_size ? 1 : 0) + nr_loads;
	struct elf64_hdr *ehdr = buf;
	struct elf64_phdr *phdr;

	if (nr_loads >= PN_XNUM - 2)
		return -E2BIG;
	if (fadump_elfhdr_size(max_cpus, nr_phdrs) > size)
		return -ENOSPC;

	memset(buf, 0, size);
	fadump_elf_ehdr(ehdr, nr_phdrs);
	phdr = fadump_elf_phdrs((struct elf64_phdr *)(ehdr + 1), loads,
				nr_loads, vmcoreinfo_pa, vmcoreinfo_size);

	e->buf = buf;
	e->size = size;
	e->buf_pa = buf_pa;
	e->notes = (void *)phdr - buf;
	e->pos = e->notes;
	e->nr_cpus = 0;
	e->max_cpus = max_cpus;
	return 0;
}

/**
 * fadump_elf_add_cpu() - add a CPU's NT_PRSTATUS note
 * @e: builder state from fadump_elf_begin()
 * @cpu: logical CPU number, recorded as the note's pid
 * @regs: the CPU's registers
 *
 * Return: 0, or -ENOSPC if fadump_elf_begin() made no room for it.
 */
int fadump_elf_add_cpu(struct fadump_elf *e, u32 cpu,
		       const struct pt_regs *regs)
{
	struct elf_prstatus prstatus;
	struct elf64_note nhdr;
	char *p;

	if (e->nr_cpus >= e->max_cpus)
		return -ENOSPC;

	memset(&prstatus, 0, sizeof(prstatus));
	prstatus.common.pr_pid = cpu;
	memcpy(&prstatus.pr_reg, regs,
	       min(sizeof(prstatus.pr_reg), sizeof(*regs)));

	nhdr.n_namesz = sizeof(FADUMP_NOTE_NAME);
	nhdr.n_descsz = sizeof(prstatus);
	nhdr.n_type = NT_PRSTATUS;

	p = e->buf + e->pos;
	memcpy(p, &nhdr, sizeof(nhdr));
	p += sizeof(nhdr);
	memcpy(p, FADUMP_NOTE_NAME, sizeof(FADUMP_NOTE_NAME));
	p += ALIGN(sizeof(FADUMP_NOTE_NAME), 4);
	memcpy(p, &prstatus, sizeof(prstatus));

	e->pos += FADUMP_PRSTATUS_NOTE_SIZE;
	e->nr_cpus++;
	return 0;
}

/**
 * fadump_elf_end() - finish an ELF core header
 * @e: builder state from fadump_elf_begin()
 *
 * Ends the CPU notes with an empty note and fills in their PT_NOTE.
 *
 * Return: the size of the header in bytes, notes included.
 */
size_t fadump_elf_end(struct fadump_elf *e)
{
	struct elf64_phdr *phdr = e->buf + sizeof(struct elf64_hdr);
	size_t len = e->pos + sizeof(struct elf64_note) - e->notes;

	/* The empty note is already there: fadump_elf_begin() zeroed it. */
	phdr->p_offset = e->buf_pa + e->notes;
	phdr->p_paddr = phdr->p_offset;
	phdr->p_filesz = len;
	phdr->p_memsz = len;
	return e->notes + len;
}
