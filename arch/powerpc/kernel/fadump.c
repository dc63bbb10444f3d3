// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump (fadump): platform-neutral core.
 *
 * The first kernel picks "boot memory" (the first bytes of RAM, possibly
 * in several ranges around holes) and reserves a dump area above it. It
 * registers both with the firmware through a backend (struct fadump_ops).
 * On a crash it records a crash-info header in the dump area and asks the
 * firmware to take the dump: the firmware copies boot memory into the
 * dump area, saves every CPU's registers there, resets the partition and
 * boots the kernel again, leaving all memory outside boot memory as it
 * was.
 *
 * That capture kernel runs in boot memory only, keeps everything else
 * away from the allocator (with memory hotplug, whole memory blocks of it
 * out of memblock, so that boot memory need not grow with RAM; see
 * fadump_unplug_preserved()), checks the crash-info header against what
 * the firmware reports, and builds an ELF core header so that /proc/vmcore
 * shows the crashed kernel's memory: boot memory from its copy, the rest
 * in place. Writing 1 to /sys/kernel/fadump/release_mem gives the
 * preserved memory back (hot-adding what was taken out of memblock) and
 * registers again.
 *
 * Dump area layout (each piece aligned as the firmware wants):
 *
 *   area_start = boot_dst_pa   copy of boot memory (CMA unless fadump=nocma)
 *   crash_info_pa              FADUMP_CRASH_INFO_AREA bytes
 *   cpu_state_pa               firmware's register save area
 *   hpte_pa                    firmware's HPTE section (if offered)
 *   elfhdr_pa                  room for the capture kernel's ELF header
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/cpumask.h>
#include <linux/crash_dump.h>
#include <linux/crash_reserve.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/elf.h>
#include <linux/elfcore.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/io.h>
#include <linux/kobject.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/panic.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmcore_info.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>
#include <asm/interrupt.h>
#include <asm/mmu.h>
#include <asm/reg.h>
#include <asm/setup.h>

/**
 * struct fadump_state - all state of the core
 * @ops: the firmware backend, NULL if the firmware cannot dump
 * @fw: what the firmware offers (from @ops->probe)
 * @mode: fadump= from the command line
 * @rearm: fadump_rearm= from the command line: register again after
 *         the preserved memory was released
 * @enabled: fadump is in use in this boot (first or capture kernel)
 * @reserved: @layout is valid and its dump area is reserved
 * @registered: @layout is registered with the firmware
 * @dump_active: the firmware holds a dump (until it is invalidated)
 * @holding: this is a capture kernel: memory outside boot memory is held
 *           (reserved, or out of memblock) until the dump is released
 * @held_top: capture kernel: end of the RAM it found at boot; while
 *            @holding, everything below it is boot memory or memory of
 *            the crashed kernel
 * @info_ok: @info was read and checked by @ops->read_dump
 * @dump_ok: the crash-info header checked out and /proc/vmcore is set up
 * @layout: this kernel's dump area, as registered or to be registered
 * @old: capture kernel: the crashed kernel's layout (valid if @dump_ok)
 * @info: capture kernel: the dump as the firmware reports it
 * @cma: the CMA area backing the boot-memory copy, if any
 * @kobj: /sys/kernel/fadump
 *
 * The early boot code fills this in before any other CPU runs. Afterwards
 * every change (sysfs writes, release, cleanup) happens with
 * fadump_mutex held; the crash path only reads @registered and @layout,
 * without locks.
 */
struct fadump_state {
	const struct fadump_ops *ops;
	struct fadump_fw_info fw;
	enum fadump_mode mode;
	bool rearm;
	bool enabled;
	bool reserved;
	bool registered;
	bool dump_active;
	bool holding;
	u64 held_top;
	bool info_ok;
	bool dump_ok;
	struct fadump_layout layout;
	struct fadump_layout old;
	struct fadump_dump_info info;
	struct cma *cma;
	struct kobject *kobj;
};

static struct fadump_state fadump = {
	.rearm = true,
};

/* Serialises every writer of struct fadump_state after boot. */
static DEFINE_MUTEX(fadump_mutex);

/* Bootargs the crashed kernel asked this capture kernel to append. */
static char fadump_old_args[COMMAND_LINE_SIZE] __initdata;

/* ------------------------------------------------------------------ */
/* Pure helpers (no global state; exercised by fadump_kunit.c)        */
/* ------------------------------------------------------------------ */

/**
 * fadump_parse_mode() - parse the value of fadump=
 * @arg: the value, may be NULL
 * @mode: result
 *
 * Exactly "on", "off" or "nocma"; no prefixes, no case folding.
 *
 * Return: 0, or -EINVAL if @arg is anything else (@mode unchanged).
 */
int fadump_parse_mode(const char *arg, enum fadump_mode *mode)
{
	if (!arg)
		return -EINVAL;
	if (!strcmp(arg, "on"))
		*mode = FADUMP_MODE_ON;
	else if (!strcmp(arg, "off"))
		*mode = FADUMP_MODE_OFF;
	else if (!strcmp(arg, "nocma"))
		*mode = FADUMP_MODE_NOCMA;
	else
		return -EINVAL;
	return 0;
}

/**
 * fadump_parse_bool() - strict parser for the 0/1 control files
 * @buf: the bytes written
 * @count: how many
 * @val: result
 *
 * Accepts exactly "0" or "1", optionally followed by a single newline.
 *
 * Return: 0, or -EINVAL for anything else (@val unchanged).
 */
int fadump_parse_bool(const char *buf, size_t count, bool *val)
{
	if (count == 2 && buf[1] == '\n')
		count = 1;
	if (count != 1)
		return -EINVAL;
	if (buf[0] == '0')
		*val = false;
	else if (buf[0] == '1')
		*val = true;
	else
		return -EINVAL;
	return 0;
}

static u64 fadump_fw_align(const struct fadump_fw_info *fw)
{
	u64 align = PAGE_SIZE;

	if (fw->boot_align > align && is_power_of_2(fw->boot_align))
		align = fw->boot_align;
	return align;
}

/**
 * fadump_boot_mem_size() - how much boot memory to register
 * @requested: size from crashkernel=, 0 if absent
 * @fw: the firmware's constraints
 *
 * Without crashkernel= the size is %FADUMP_DEFAULT_BOOT_MEM, whatever the
 * amount of RAM. The result is at least @fw->min_boot_mem and a multiple
 * of the firmware's alignment.
 *
 * Return: the boot memory size in bytes.
 */
u64 fadump_boot_mem_size(u64 requested, const struct fadump_fw_info *fw)
{
	u64 size = requested ?: FADUMP_DEFAULT_BOOT_MEM;

	size = max(size, fw->min_boot_mem);
	return ALIGN(size, fadump_fw_align(fw));
}

/**
 * fadump_split_boot_mem() - find the ranges that make up boot memory
 * @mem: RAM ranges, ascending and not overlapping
 * @nr_mem: number of entries in @mem
 * @size: boot memory size, a multiple of @align
 * @align: alignment of range starts and sizes, a power of two
 * @max_ranges: most ranges the firmware accepts
 * @out: resulting ranges, room for min(@max_ranges,
 *       %FADUMP_MAX_BOOT_RANGES) entries
 * @nr_out: number of entries written to @out
 *
 * Boot memory is the first @size bytes of RAM in address order, skipping
 * holes; each range is trimmed to @align and adjacent pieces are merged.
 *
 * Return: 0; -E2BIG if that needs more than @max_ranges ranges; -ENOMEM
 * if RAM is smaller than @size; -EINVAL for bad arguments.
 */
int fadump_split_boot_mem(const struct fadump_range *mem, u32 nr_mem,
			  u64 size, u64 align, u32 max_ranges,
			  struct fadump_range *out, u32 *nr_out)
{
	u64 left = size, prev_end = 0;
	u32 i, n = 0;

	if (!size || !is_power_of_2(align) || !IS_ALIGNED(size, align) ||
	    !max_ranges)
		return -EINVAL;
	max_ranges = min_t(u32, max_ranges, FADUMP_MAX_BOOT_RANGES);

	for (i = 0; i < nr_mem && left; i++) {
		u64 start = ALIGN(mem[i].base, align);
		u64 end = ALIGN_DOWN(mem[i].base + mem[i].size, align);
		u64 take;

		if (!mem[i].size)
			continue;
		if (mem[i].base + mem[i].size < mem[i].base ||
		    mem[i].base < prev_end) {
			pr_err("RAM range [%#llx-%#llx] is out of order\n",
			       mem[i].base, mem[i].base + mem[i].size - 1);
			return -EINVAL;
		}
		prev_end = mem[i].base + mem[i].size;
		if (start >= end)
			continue;

		take = min(end - start, left);
		if (n && out[n - 1].base + out[n - 1].size == start) {
			out[n - 1].size += take;
		} else {
			if (n == max_ranges) {
				pr_err("boot memory of %#llx bytes spans more than the %u ranges the firmware accepts; use a smaller crashkernel=\n",
				       size, max_ranges);
				return -E2BIG;
			}
			out[n].base = start;
			out[n].size = take;
			n++;
		}
		left -= take;
	}

	if (left) {
		pr_err("boot memory of %#llx bytes does not fit in RAM\n", size);
		return -ENOMEM;
	}
	*nr_out = n;
	return 0;
}

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

/**
 * fadump_compute_layout() - lay out the dump area
 * @l: result
 * @fw: the firmware's sizes and alignment
 * @boot: boot memory ranges, as from fadump_split_boot_mem()
 * @nr_boot: number of entries in @boot
 * @area_start: where the dump area starts, aligned to @copy_align
 * @copy_align: alignment of the boot-memory copy (CMA needs pageblocks)
 * @elfhdr_size: room to leave for the ELF core header
 *
 * The copy of boot memory comes first (its size rounded up to
 * @copy_align), then the crash-info header directly followed by the CPU
 * state, then the HPTE section if the firmware offers one, then the ELF
 * header room. The parameter area is not part of the dump area and is
 * left 0.
 *
 * Return: 0, or -EINVAL for bad arguments.
 */
int fadump_compute_layout(struct fadump_layout *l,
			  const struct fadump_fw_info *fw,
			  const struct fadump_range *boot, u32 nr_boot,
			  u64 area_start, u64 copy_align, u64 elfhdr_size)
{
	u64 align = fadump_fw_align(fw);
	u64 pos;
	u32 i;

	if (!nr_boot || nr_boot > FADUMP_MAX_BOOT_RANGES ||
	    !is_power_of_2(copy_align) || copy_align < align ||
	    !IS_ALIGNED(area_start, copy_align) || !fw->cpu_state_size)
		return -EINVAL;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < nr_boot; i++) {
		l->boot[i] = boot[i];
		l->boot_mem_size += boot[i].size;
	}
	l->nr_boot_ranges = nr_boot;

	l->area_start = area_start;
	l->boot_dst_pa = area_start;
	pos = area_start + ALIGN(l->boot_mem_size, copy_align);

	l->cpu_state_pa = ALIGN(pos + FADUMP_CRASH_INFO_AREA, align);
	l->crash_info_pa = l->cpu_state_pa - FADUMP_CRASH_INFO_AREA;
	l->cpu_state_size = fw->cpu_state_size;
	pos = ALIGN(l->cpu_state_pa + l->cpu_state_size, align);

	if (fw->hpte_size) {
		l->hpte_pa = pos;
		l->hpte_size = fw->hpte_size;
		pos = ALIGN(pos + l->hpte_size, align);
	}

	l->elfhdr_pa = pos;
	l->elfhdr_size = ALIGN(elfhdr_size, align);
	pos += l->elfhdr_size;

	l->area_size = pos - area_start;
	return 0;
}

static bool fadump_inside(u64 base, u64 size, u64 outer, u64 outer_size)
{
	return base >= outer && size <= outer_size &&
	       base - outer <= outer_size - size;
}

static bool fadump_overlaps(u64 a, u64 asize, u64 b, u64 bsize)
{
	return asize && bsize && a < b + bsize && b < a + asize;
}

/**
 * fadump_check_layout() - check a layout for internal consistency
 * @l: the layout, typically the copy found in a crash-info header
 *
 * Boot ranges ascending, not overlapping and summing up to the boot
 * memory size; every piece inside the dump area, in its place and not
 * overlapping another; the dump area above boot memory. Each problem is
 * reported with pr_err().
 *
 * Return: 0, or -EINVAL.
 */
int fadump_check_layout(const struct fadump_layout *l)
{
	u64 sum = 0, prev_end = 0;
	u32 i;

	if (!l->nr_boot_ranges || l->nr_boot_ranges > FADUMP_MAX_BOOT_RANGES) {
		pr_err("layout: %u boot ranges (1 to %u allowed)\n",
		       l->nr_boot_ranges, FADUMP_MAX_BOOT_RANGES);
		return -EINVAL;
	}
	for (i = 0; i < l->nr_boot_ranges; i++) {
		const struct fadump_range *r = &l->boot[i];

		if (!r->size || r->base + r->size < r->base ||
		    r->base < prev_end) {
			pr_err("layout: boot range %u [%#llx, size %#llx] is empty, wraps or is out of order\n",
			       i, r->base, r->size);
			return -EINVAL;
		}
		prev_end = r->base + r->size;
		sum += r->size;
	}
	if (sum != l->boot_mem_size) {
		pr_err("layout: boot ranges add up to %#llx bytes, not %#llx\n",
		       sum, l->boot_mem_size);
		return -EINVAL;
	}
	if (!l->area_size || l->area_start + l->area_size < l->area_start ||
	    l->area_start < prev_end) {
		pr_err("layout: dump area [%#llx, size %#llx] wraps or is not above boot memory (ends %#llx)\n",
		       l->area_start, l->area_size, prev_end);
		return -EINVAL;
	}
	if (!fadump_inside(l->boot_dst_pa, l->boot_mem_size,
			   l->area_start, l->area_size) ||
	    !fadump_inside(l->crash_info_pa, FADUMP_CRASH_INFO_AREA,
			   l->area_start, l->area_size) ||
	    !l->cpu_state_size ||
	    !fadump_inside(l->cpu_state_pa, l->cpu_state_size,
			   l->area_start, l->area_size) ||
	    (l->hpte_size && !fadump_inside(l->hpte_pa, l->hpte_size,
					    l->area_start, l->area_size)) ||
	    !fadump_inside(l->elfhdr_pa, l->elfhdr_size,
			   l->area_start, l->area_size)) {
		pr_err("layout: a section lies outside the dump area [%#llx, size %#llx]\n",
		       l->area_start, l->area_size);
		return -EINVAL;
	}
	if (l->crash_info_pa + FADUMP_CRASH_INFO_AREA != l->cpu_state_pa) {
		pr_err("layout: crash info at %#llx is not right before the CPU state at %#llx\n",
		       l->crash_info_pa, l->cpu_state_pa);
		return -EINVAL;
	}
	if (fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			    l->crash_info_pa,
			    FADUMP_CRASH_INFO_AREA + l->cpu_state_size) ||
	    fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			    l->hpte_pa, l->hpte_size) ||
	    fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			    l->elfhdr_pa, l->elfhdr_size) ||
	    fadump_overlaps(l->crash_info_pa,
			    FADUMP_CRASH_INFO_AREA + l->cpu_state_size,
			    l->hpte_pa, l->hpte_size) ||
	    fadump_overlaps(l->crash_info_pa,
			    FADUMP_CRASH_INFO_AREA + l->cpu_state_size,
			    l->elfhdr_pa, l->elfhdr_size) ||
	    fadump_overlaps(l->hpte_pa, l->hpte_size,
			    l->elfhdr_pa, l->elfhdr_size)) {
		pr_err("layout: sections of the dump area overlap\n");
		return -EINVAL;
	}
	return 0;
}

static bool fadump_in_ram(u64 base, u64 size, const struct fadump_range *ram,
			  u32 nr_ram)
{
	u32 i;

	for (i = 0; i < nr_ram; i++)
		if (fadump_inside(base, size, ram[i].base, ram[i].size))
			return true;
	return false;
}

/**
 * fadump_check_crash_info() - check the crashed kernel's crash-info header
 * @ci: the header
 * @ci_pa: where it was found
 * @info: the dump as the firmware reports it
 * @ram: RAM ranges
 * @nr_ram: number of entries in @ram
 *
 * Checks every field: magic, version, sizes, endianness, CPU numbers,
 * the VMCOREINFO note's place, the layout's consistency and that it
 * matches what the firmware dumped. Each problem is reported with
 * pr_err().
 *
 * Return: 0 if the header can be trusted, -EINVAL otherwise.
 */
int fadump_check_crash_info(const struct fadump_crash_info *ci, u64 ci_pa,
			    const struct fadump_dump_info *info,
			    const struct fadump_range *ram, u32 nr_ram)
{
	const struct fadump_layout *l = &ci->layout;
	u64 off = 0;
	u32 i;

	if (ci->endian == swab64(FADUMP_CRASH_INFO_ENDIAN)) {
		pr_err("crash info: written by a kernel of the other endianness\n");
		return -EINVAL;
	}
	if (ci->magic != FADUMP_CRASH_INFO_MAGIC) {
		pr_err("crash info: bad magic %#llx (want %#llx): the crashed kernel did not record a crash\n",
		       ci->magic, FADUMP_CRASH_INFO_MAGIC);
		return -EINVAL;
	}
	if (ci->endian != FADUMP_CRASH_INFO_ENDIAN) {
		pr_err("crash info: bad endianness marker %#llx\n", ci->endian);
		return -EINVAL;
	}
	if (ci->version != FADUMP_CRASH_INFO_VERSION) {
		pr_err("crash info: version %u, this kernel reads version %u\n",
		       ci->version, FADUMP_CRASH_INFO_VERSION);
		return -EINVAL;
	}
	if (ci->size != sizeof(*ci)) {
		pr_err("crash info: size %u, want %zu\n", ci->size, sizeof(*ci));
		return -EINVAL;
	}
	if (ci->pt_regs_size != sizeof(struct pt_regs)) {
		pr_err("crash info: pt_regs size %u, want %zu\n",
		       ci->pt_regs_size, sizeof(struct pt_regs));
		return -EINVAL;
	}
	if (ci->cpumask_size != sizeof(struct cpumask)) {
		pr_err("crash info: cpumask size %u, want %zu\n",
		       ci->cpumask_size, sizeof(struct cpumask));
		return -EINVAL;
	}
	if (!ci->nr_cpu_ids || ci->nr_cpu_ids > FADUMP_MAX_CPUS) {
		pr_err("crash info: nr_cpu_ids %u (1 to %u allowed)\n",
		       ci->nr_cpu_ids, FADUMP_MAX_CPUS);
		return -EINVAL;
	}
	if (ci->crashing_cpu >= ci->nr_cpu_ids) {
		pr_err("crash info: crashing CPU %u is not below nr_cpu_ids %u\n",
		       ci->crashing_cpu, ci->nr_cpu_ids);
		return -EINVAL;
	}
	if (find_next_bit(cpumask_bits(&ci->online_mask), FADUMP_MAX_CPUS,
			  ci->nr_cpu_ids) < FADUMP_MAX_CPUS) {
		pr_err("crash info: online CPU mask has CPUs at or above nr_cpu_ids %u\n",
		       ci->nr_cpu_ids);
		return -EINVAL;
	}
	if (!test_bit(ci->crashing_cpu, cpumask_bits(&ci->online_mask))) {
		pr_err("crash info: crashing CPU %u is not in the online mask\n",
		       ci->crashing_cpu);
		return -EINVAL;
	}
	if (ci->vmcoreinfo_size != VMCOREINFO_NOTE_SIZE ||
	    !fadump_in_ram(ci->vmcoreinfo_pa, ci->vmcoreinfo_size, ram, nr_ram)) {
		pr_err("crash info: VMCOREINFO [%#llx, size %#llx] is not a note of %#lx bytes in RAM\n",
		       ci->vmcoreinfo_pa, ci->vmcoreinfo_size,
		       (unsigned long)VMCOREINFO_NOTE_SIZE);
		return -EINVAL;
	}

	if (fadump_check_layout(l))
		return -EINVAL;
	if (l->crash_info_pa != ci_pa || l->cpu_state_pa != info->cpu_state_pa) {
		pr_err("crash info: found at %#llx with CPU state at %#llx, but the layout says %#llx and %#llx\n",
		       ci_pa, info->cpu_state_pa, l->crash_info_pa,
		       l->cpu_state_pa);
		return -EINVAL;
	}
	if (!info->cpu_state_len || info->cpu_state_len > l->cpu_state_size) {
		pr_err("crash info: firmware wrote %#llx bytes of CPU state into %#llx bytes\n",
		       info->cpu_state_len, l->cpu_state_size);
		return -EINVAL;
	}
	if (info->hpte_len > l->hpte_size ||
	    (info->hpte_len && info->hpte_pa != l->hpte_pa)) {
		pr_err("crash info: firmware's HPTE section [%#llx, %#llx bytes] does not match the layout [%#llx, %#llx bytes]\n",
		       info->hpte_pa, info->hpte_len, l->hpte_pa, l->hpte_size);
		return -EINVAL;
	}
	if (!fadump_in_ram(l->area_start, l->area_size, ram, nr_ram)) {
		pr_err("crash info: dump area [%#llx, size %#llx] is not in RAM\n",
		       l->area_start, l->area_size);
		return -EINVAL;
	}
	if (info->nr_boot_ranges != l->nr_boot_ranges) {
		pr_err("crash info: %u boot ranges registered, firmware reports %u\n",
		       l->nr_boot_ranges, info->nr_boot_ranges);
		return -EINVAL;
	}
	for (i = 0; i < l->nr_boot_ranges; i++) {
		if (info->boot[i].src != l->boot[i].base ||
		    info->boot[i].size != l->boot[i].size ||
		    info->boot[i].dst != l->boot_dst_pa + off) {
			pr_err("crash info: boot range %u registered as %#llx+%#llx -> %#llx, firmware reports %#llx+%#llx -> %#llx\n",
			       i, l->boot[i].base, l->boot[i].size,
			       l->boot_dst_pa + off, info->boot[i].src,
			       info->boot[i].size, info->boot[i].dst);
			return -EINVAL;
		}
		if (info->boot[i].dumped > info->boot[i].size) {
			pr_err("crash info: firmware dumped %#llx bytes of the %#llx of boot range %u\n",
			       info->boot[i].dumped, info->boot[i].size, i);
			return -EINVAL;
		}
		off += l->boot[i].size;
	}
	return 0;
}

/* Where does the piece of RAM at @cur go? Helper of fadump_compute_loads(). */
static u64 fadump_next_piece(u64 cur, u64 end, const struct fadump_copy *copies,
			     u32 nr_copies, u64 excl_start, u64 excl_size,
			     bool *emit, u64 *offset)
{
	u64 next = end;
	u32 i;

	if (excl_size && cur >= excl_start && cur - excl_start < excl_size) {
		*emit = false;
		return min(end, excl_start + excl_size);
	}
	if (excl_size && excl_start > cur)
		next = min(next, excl_start);

	for (i = 0; i < nr_copies; i++) {
		const struct fadump_copy *c = &copies[i];

		if (!c->size)
			continue;
		if (cur >= c->src && cur - c->src < c->size) {
			if (cur - c->src < c->dumped) {
				*emit = true;
				*offset = c->dst + (cur - c->src);
				return min(next, c->src + c->dumped);
			}
			*emit = false;
			return min(next, c->src + c->size);
		}
		if (c->src > cur)
			next = min(next, c->src);
	}
	*emit = true;
	*offset = cur;
	return next;
}

/**
 * fadump_compute_loads() - the PT_LOAD segments of the crashed kernel
 * @ram: RAM ranges
 * @nr_ram: number of entries in @ram
 * @copies: the boot ranges and where the firmware copied them
 * @nr_copies: number of entries in @copies
 * @excl_start: start of a range to leave out (the dump area)
 * @excl_size: its size, 0 for none
 * @out: result, may be NULL to only count
 * @max_out: room in @out
 *
 * Covers all of @ram except the excluded range. A piece of RAM in a boot
 * range is found at its copy; the part of a boot range the firmware did
 * not copy is left out; everything else is found in place.
 *
 * Return: the number of segments, or -E2BIG if @out is too small.
 */
int fadump_compute_loads(const struct fadump_range *ram, u32 nr_ram,
			 const struct fadump_copy *copies, u32 nr_copies,
			 u64 excl_start, u64 excl_size,
			 struct fadump_load *out, u32 max_out)
{
	int n = 0;
	u32 i;

	for (i = 0; i < nr_ram; i++) {
		u64 cur = ram[i].base, end = ram[i].base + ram[i].size;

		while (cur < end) {
			u64 offset = 0, next;
			bool emit;

			next = fadump_next_piece(cur, end, copies, nr_copies,
						 excl_start, excl_size, &emit,
						 &offset);
			if (emit) {
				if (out) {
					if (n >= max_out)
						return -E2BIG;
					out[n].paddr = cur;
					out[n].size = next - cur;
					out[n].offset = offset;
				}
				n++;
			}
			cur = next;
		}
	}
	return n;
}

/**
 * fadump_translate() - where is a piece of the crashed kernel's memory now
 * @paddr: its physical address in the crashed kernel
 * @size: its size
 * @copies: the boot ranges and where the firmware copied them
 * @nr_copies: number of entries in @copies
 *
 * Return: @paddr if the piece is outside boot memory, the address of its
 * copy if it is inside a copied part of a boot range, or U64_MAX if it
 * straddles a boot range's edge or was not copied.
 */
u64 fadump_translate(u64 paddr, u64 size, const struct fadump_copy *copies,
		     u32 nr_copies)
{
	u32 i;

	for (i = 0; i < nr_copies; i++) {
		const struct fadump_copy *c = &copies[i];

		if (!fadump_overlaps(paddr, size, c->src, c->size))
			continue;
		if (fadump_inside(paddr, size, c->src, c->dumped))
			return c->dst + (paddr - c->src);
		return U64_MAX;
	}
	return paddr;
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
	u32 i;

	if (nr_loads >= PN_XNUM - 2)
		return -E2BIG;
	if (fadump_elfhdr_size(max_cpus, nr_phdrs) > size)
		return -ENOSPC;

	memset(buf, 0, size);
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

	phdr = (struct elf64_phdr *)(ehdr + 1);
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

/**
 * fadump_split_removable() - whole memory blocks of RAM outside some ranges
 * @mem: RAM ranges, not overlapping
 * @nr_mem: number of entries in @mem
 * @cut: ranges to stay clear of, in any order, may overlap
 * @nr_cut: number of entries in @cut
 * @block: memory block size, a power of two
 * @out: resulting ranges, may be NULL to only count
 * @max_out: room in @out
 *
 * Takes every piece of @mem that no range in @cut touches and keeps of it
 * only the @block-aligned blocks it covers completely: those can be taken
 * out of memblock and hot-added later a block at a time. What is left of
 * a piece at its ends (the fringes) is not in the result. Adjacent
 * results are merged.
 *
 * Return: the number of ranges, -E2BIG if @out is too small, or -EINVAL
 * if @block is not a power of two.
 */
int fadump_split_removable(const struct fadump_range *mem, u32 nr_mem,
			   const struct fadump_range *cut, u32 nr_cut,
			   u64 block, struct fadump_range *out, u32 max_out)
{
	u64 prev_end = 0;
	int n = 0;
	u32 i, k;

	if (!is_power_of_2(block))
		return -EINVAL;

	for (i = 0; i < nr_mem; i++) {
		u64 cur = mem[i].base, end = mem[i].base + mem[i].size;

		while (cur < end) {
			u64 piece_end = end, lo, hi;
			bool moved;

			/* Step over the cuts that cover cur. */
			do {
				moved = false;
				for (k = 0; k < nr_cut; k++) {
					if (cut[k].size && cut[k].base <= cur &&
					    cur - cut[k].base < cut[k].size) {
						cur = cut[k].base + cut[k].size;
						moved = true;
					}
				}
			} while (moved && cur < end);
			if (cur >= end)
				break;

			/* The piece ends at the next cut. */
			for (k = 0; k < nr_cut; k++)
				if (cut[k].size && cut[k].base > cur &&
				    cut[k].base < piece_end)
					piece_end = cut[k].base;

			lo = ALIGN(cur, block);
			hi = ALIGN_DOWN(piece_end, block);
			if (lo >= cur && lo < hi) {
				if (n && prev_end == lo) {
					if (out)
						out[n - 1].size += hi - lo;
				} else {
					if (out && n >= max_out)
						return -E2BIG;
					if (out) {
						out[n].base = lo;
						out[n].size = hi - lo;
					}
					n++;
				}
				prev_end = hi;
			}
			cur = piece_end;
		}
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Early boot: command line, firmware probe, memory reservation        */
/* ------------------------------------------------------------------ */

static int __init fadump_param(char *arg)
{
	if (fadump_parse_mode(arg, &fadump.mode))
		pr_warn("ignoring fadump=%s: use on, off or nocma\n", arg ?: "");
	return 0;
}
early_param("fadump", fadump_param);

static int __init fadump_rearm_param(char *arg)
{
	if (!arg || fadump_parse_bool(arg, strlen(arg), &fadump.rearm))
		pr_warn("ignoring fadump_rearm=%s: use 0 or 1\n", arg ?: "");
	return 0;
}
early_param("fadump_rearm", fadump_rearm_param);

/**
 * early_init_dt_scan_fw_dump() - find the firmware's dump support
 * @node: flat device tree node
 * @uname: its name
 * @depth: its depth
 * @data: unused
 *
 * Called for each node by of_scan_flat_dt() early in boot. At the /rtas
 * node, probes the backend; if the firmware reports an active dump, reads
 * its description right away (the bootargs it carries are needed before
 * the command line is parsed).
 *
 * Context: early boot, real mode, flat device tree.
 * Return: 1 (stop scanning) once /rtas was seen, 0 otherwise.
 */
int __init early_init_dt_scan_fw_dump(unsigned long node, const char *uname,
				      int depth, void *data)
{
	const struct fadump_ops *ops = NULL;
	struct fadump_fw_info fw = {};
	int rc;

	if (depth != 1 || strcmp(uname, "rtas"))
		return 0;

	if (IS_ENABLED(CONFIG_PPC_PSERIES))
		ops = &rtas_fadump_ops;
	if (!ops)
		return 1;

	rc = ops->probe(node, &fw);
	if (rc) {
		if (rc != -ENODEV)
			pr_err("%s: cannot use the firmware's dump support (%d)\n",
			       ops->name, rc);
		return 1;
	}
	if (!fw.max_boot_ranges || !fw.cpu_state_size || !fw.max_meta_addr) {
		pr_err("%s: firmware offers %u boot ranges, %#llx bytes of CPU state and a %#llx-byte RMA: unusable\n",
		       ops->name, fw.max_boot_ranges, fw.cpu_state_size,
		       fw.max_meta_addr);
		return 1;
	}
	fw.max_boot_ranges = min_t(u32, fw.max_boot_ranges,
				   FADUMP_MAX_BOOT_RANGES);
	fw.boot_align = fadump_fw_align(&fw);

	fadump.ops = ops;
	fadump.fw = fw;
	fadump.dump_active = fw.dump_active;
	if (fw.dump_active) {
		rc = ops->read_dump(&fadump.info);
		fadump.info_ok = !rc;
		if (rc)
			pr_err("the firmware's description of the dump is unusable (%d): no dump this boot\n",
			       rc);
	}
	return 1;
}

/**
 * fadump_append_bootargs() - append the crashed kernel's extra bootargs
 *
 * In a capture kernel, appends the string the crashed kernel left in the
 * parameter area (/sys/kernel/fadump/bootargs_append) to the command
 * line.
 *
 * Context: early boot, real mode, before the command line is parsed.
 */
void __init fadump_append_bootargs(void)
{
	const struct fadump_dump_info *info = &fadump.info;
	size_t len, cur;
	const char *args;

	if (!fadump.dump_active || !fadump.info_ok || !info->param_len)
		return;
	if (info->param_pa + info->param_len < info->param_pa ||
	    info->param_pa + info->param_len > fadump.fw.max_meta_addr) {
		pr_err("bootargs area [%#llx, size %#llx] is above the RMA; not appended\n",
		       info->param_pa, info->param_len);
		return;
	}

	args = __va(info->param_pa);
	len = strnlen(args, info->param_len);
	if (len == info->param_len) {
		pr_err("bootargs area is not NUL-terminated; not appended\n");
		return;
	}
	if (!len)
		return;

	cur = strlen(boot_command_line);
	if (cur + 1 + len >= COMMAND_LINE_SIZE) {
		pr_err("no room to append %zu bytes of bootargs to the command line\n",
		       len);
		return;
	}
	boot_command_line[cur] = ' ';
	memcpy(boot_command_line + cur + 1, args, len + 1);
	strscpy(fadump_old_args, args);
	pr_info("appended bootargs: %s\n", fadump_old_args);
}

/* Up to @max RAM ranges in address order; returns how many were stored. */
static u32 fadump_get_ram(struct fadump_range *out, u32 max)
{
	phys_addr_t start, end;
	u32 n = 0;
	u64 i;

	for_each_mem_range(i, &start, &end) {
		if (n == max)
			break;
		out[n].base = start;
		out[n].size = end - start;
		n++;
	}
	return n;
}

static int __init fadump_count_cpu_node(unsigned long node, const char *uname,
					int depth, void *data)
{
	const char *type = of_get_flat_dt_prop(node, "device_type", NULL);
	u32 *nr = data;
	int len;

	if (!type || strcmp(type, "cpu"))
		return 0;
	if (of_get_flat_dt_prop(node, "ibm,ppc-interrupt-server#s", &len))
		*nr += len / sizeof(u32);
	else
		*nr += 1;
	return 0;
}

/*
 * CPUs are not set up yet when the dump area is sized: count the threads
 * in the device tree instead (the capture kernel copes with more).
 */
static u32 __init fadump_dt_nr_cpus(void)
{
	u32 nr = 0;

	of_scan_flat_dt(fadump_count_cpu_node, &nr);
	return clamp_t(u32, nr, 1, FADUMP_MAX_CPUS);
}

/* Boot memory size asked for with crashkernel=, 0 if not given. */
static u64 __init fadump_requested_size(void)
{
	unsigned long long size, base;
	int rc;

	if (!strstr(boot_command_line, "crashkernel="))
		return 0;
	rc = parse_crashkernel(boot_command_line, memblock_phys_mem_size(),
			       &size, &base, NULL, NULL);
	if (rc) {
		pr_warn("cannot use crashkernel= (%d); using the default boot memory size\n",
			rc);
		return 0;
	}
	if (base)
		pr_warn("ignoring the crashkernel= offset %#llx: boot memory always starts at the bottom of RAM\n",
			base);
	return size;
}

static int fadump_cmp_range(const void *a, const void *b)
{
	const struct fadump_range *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return 0;
}

static u32 fadump_add_excl(struct fadump_range *x, u32 n, u64 base, u64 size)
{
	if (size) {
		x[n].base = ALIGN_DOWN(base, PAGE_SIZE);
		x[n].size = ALIGN(base + size, PAGE_SIZE) - x[n].base;
		n++;
	}
	return n;
}

/*
 * Memory the firmware and the boot loader handed us that early boot
 * reserves only after fadump_reserve_mem(), or that others still use when
 * the dump is released: the flattened device tree, its reserve map
 * (RTAS, prom_init's allocations) and a live initrd. Returns how many
 * page-aligned ranges were stored in @x, at most 2 + the number of
 * reserve map entries (fadump_nr_fw_reserved()).
 */
static u32 fadump_fw_reserved(struct fadump_range *x, u32 max)
{
	void *fdt = initial_boot_params;
	u32 n = 0;
	int r;

	if (fdt && n < max)
		n = fadump_add_excl(x, n, __pa(fdt), fdt_totalsize(fdt));
	for (r = 0; fdt && r < fdt_num_mem_rsv(fdt) && n < max; r++) {
		u64 base, size;

		if (!fdt_get_mem_rsv(fdt, r, &base, &size))
			n = fadump_add_excl(x, n, base, size);
	}
	if (initrd_start && initrd_end > initrd_start && n < max)
		n = fadump_add_excl(x, n, __pa(initrd_start),
				    initrd_end - initrd_start);
	return n;
}

static u32 fadump_nr_fw_reserved(void)
{
	void *fdt = initial_boot_params;

	return 2 + (fdt ? max(fdt_num_mem_rsv(fdt), 0) : 0);
}

/*
 * prom_init, which runs before the kernel in every boot (the capture
 * kernel's too), allocates downwards from the top of the RMA or 768 MiB,
 * whichever is lower; a dump area above that is safe from it.
 */
#define FADUMP_PROM_TOP		(SZ_512M + SZ_256M)

/* How much lower prom_init's allocations may reach in the next boot */
#define FADUMP_FW_SLACK		SZ_1M

static struct fadump_range fadump_fw_rsv[64] __initdata;

static struct fadump_range fadump_ram_tmp[128] __initdata;

/* The bootargs area was the crashed kernel's, content included. */
static bool fadump_param_reused __initdata;

static u64 __init fadump_param_limit(void)
{
	/* Read in real mode by the capture kernel's early boot */
	return min_t(u64, fadump.fw.max_meta_addr, ppc64_rma_size ?: U64_MAX);
}

/*
 * Reserve @size bytes in [@from, @limit), as high as possible, clear of
 * what the firmware reserved (not in memblock yet).
 */
static u64 __init fadump_alloc_below(u64 size, u64 from, u64 limit)
{
	u32 nr = fadump_fw_reserved(fadump_fw_rsv, ARRAY_SIZE(fadump_fw_rsv));
	phys_addr_t pa;
	u32 k;

	while (from < limit) {
		pa = memblock_phys_alloc_range(size, fadump.fw.boot_align, from,
					       limit);
		if (!pa)
			return 0;
		for (k = 0; k < nr; k++)
			if (fadump_overlaps(pa, size, fadump_fw_rsv[k].base,
					    fadump_fw_rsv[k].size))
				break;
		if (k == nr)
			return pa;
		memblock_phys_free(pa, size);
		limit = fadump_fw_rsv[k].base;
	}
	return 0;
}

/*
 * Reserve the bootargs area below the RMA limit, preferably above boot
 * memory and prom_init's allocations, where the capture kernel's early
 * boot does not write.
 */
static u64 __init fadump_alloc_param_area(u64 boot_end, u64 size)
{
	u64 limit = fadump_param_limit();
	u64 pa;

	pa = fadump_alloc_below(size, max_t(u64, boot_end, FADUMP_PROM_TOP),
				limit);
	if (!pa)
		pa = fadump_alloc_below(size, boot_end, limit);
	if (!pa)
		pa = fadump_alloc_below(size, 0, limit);
	if (!pa)
		pr_warn("no room below %#llx for the bootargs area; bootargs_append is unavailable\n",
			limit);
	return pa;
}

/*
 * Capture kernel: keep the crashed kernel's bootargs area (its content is
 * what this boot appended) for registering again, or make a new one.
 */
static void __init fadump_rearm_param_area(void)
{
	const struct fadump_dump_info *info = &fadump.info;
	struct fadump_layout *l = &fadump.layout;
	u64 size = ALIGN(COMMAND_LINE_SIZE, fadump.fw.boot_align);
	u64 boot_end = l->boot[l->nr_boot_ranges - 1].base +
		       l->boot[l->nr_boot_ranges - 1].size;

	if (!fadump.fw.param_area)
		return;
	if (info->param_len && info->param_len <= size &&
	    IS_ALIGNED(info->param_pa, fadump.fw.boot_align) &&
	    info->param_pa + size <= fadump_param_limit() &&
	    !memblock_reserve(info->param_pa, size)) {
		l->param_pa = info->param_pa;
		fadump_param_reused = true;
	} else {
		l->param_pa = fadump_alloc_param_area(boot_end, size);
	}
	if (l->param_pa)
		l->param_size = size;
}

/*
 * Lowest @align-aligned free range of @size bytes in [@from, @limit) that
 * does not touch memory reserved by the firmware (not in memblock yet).
 */
static bool __init fadump_find_area(u64 from, u64 limit, u64 size, u64 align,
				    u64 *found)
{
	u32 nr = fadump_fw_reserved(fadump_fw_rsv, ARRAY_SIZE(fadump_fw_rsv));
	phys_addr_t start, end;
	u64 i, base;
	u32 k;

	for_each_free_mem_range(i, NUMA_NO_NODE, MEMBLOCK_NONE, &start, &end,
				NULL) {
		base = ALIGN(max_t(u64, start, from), align);
again:
		if (base >= end || end - base < size || base + size > limit)
			continue;
		for (k = 0; k < nr; k++) {
			u64 lo = fadump_fw_rsv[k].base;
			u64 slack = min_t(u64, lo, FADUMP_FW_SLACK);

			/* Room below: prom_init may take a little more next boot */
			if (fadump_overlaps(base, size, lo - slack,
					    fadump_fw_rsv[k].size + slack)) {
				base = ALIGN(fadump_fw_rsv[k].base +
					     fadump_fw_rsv[k].size, align);
				goto again;
			}
		}
		*found = base;
		return true;
	}
	return false;
}

/*
 * Split the first @size bytes of RAM into boot ranges and size the ELF
 * core header room for them. Return: 0, or fadump_split_boot_mem()'s error.
 */
static int __init fadump_boot_ranges(u64 size, struct fadump_range *boot,
				     u32 *nr_boot, u64 *elfhdr)
{
	u32 nr_ram;
	int rc;

	nr_ram = fadump_get_ram(fadump_ram_tmp, ARRAY_SIZE(fadump_ram_tmp));
	rc = fadump_split_boot_mem(fadump_ram_tmp, nr_ram, size,
				   fadump.fw.boot_align,
				   fadump.fw.max_boot_ranges, boot, nr_boot);
	if (rc)
		return rc;
	*elfhdr = fadump_elfhdr_size(fadump_dt_nr_cpus(),
				     2 + memblock.memory.cnt + 2 * *nr_boot + 2 +
				     FADUMP_ELF_SPARE_PHDRS);
	return 0;
}

/* Boot memory shrinks in these steps when RAM is too small for its copy. */
#define FADUMP_SHRINK_STEP	SZ_16M

/*
 * Lay out boot memory of @size bytes and find a place for its dump area.
 * Return: 0 with the layout in fadump.layout, -ENOSPC if there is no
 * room, or another -errno.
 */
static int __init fadump_place(u64 size, u64 copy_align)
{
	struct fadump_range boot[FADUMP_MAX_BOOT_RANGES];
	struct fadump_layout *l = &fadump.layout;
	u64 elfhdr, limit, boot_end, base;
	u32 nr_boot;
	int rc;

	rc = fadump_boot_ranges(size, boot, &nr_boot, &elfhdr);
	if (rc)
		return rc == -ENOMEM ? -ENOSPC : rc;
	rc = fadump_compute_layout(l, &fadump.fw, boot, nr_boot, 0,
				   copy_align, elfhdr);
	if (rc)
		return rc;

	/*
	 * Lowest free spot above boot memory (and below mem=, if given),
	 * preferably above what prom_init allocates in every boot.
	 */
	boot_end = boot[nr_boot - 1].base + boot[nr_boot - 1].size;
	limit = memory_limit ? ALIGN_DOWN(memory_limit, SZ_16M) : U64_MAX;
	if (!fadump_find_area(max_t(u64, boot_end, FADUMP_PROM_TOP), limit,
			      l->area_size, copy_align, &base) &&
	    !fadump_find_area(boot_end, limit, l->area_size, copy_align,
			      &base))
		return -ENOSPC;

	return fadump_compute_layout(l, &fadump.fw, boot, nr_boot, base,
				     copy_align, elfhdr);
}

static int __init fadump_reserve_first(void)
{
	struct fadump_layout *l = &fadump.layout;
	u64 asked, size, copy_align, param_pa = 0, param_size = 0;
	u64 align = fadump.fw.boot_align;
	char note[64] = "";
	int rc;

	copy_align = align;
	if (fadump.mode != FADUMP_MODE_NOCMA)
		copy_align = max_t(u64, align, PAGE_SIZE << MAX_PAGE_ORDER);

	asked = fadump_boot_mem_size(fadump_requested_size(), &fadump.fw);
	if (fadump.fw.param_area) {
		param_size = ALIGN(COMMAND_LINE_SIZE, align);
		param_pa = fadump_alloc_param_area(asked, param_size);
		if (!param_pa)
			param_size = 0;
	}

	/* Shrink boot memory, not below the minimum, until its copy fits. */
	size = asked;
	while ((rc = fadump_place(size, copy_align)) == -ENOSPC &&
	       size > fadump.fw.min_boot_mem) {
		size = ALIGN_DOWN(size - 1, FADUMP_SHRINK_STEP);
		size = ALIGN(max(size, fadump.fw.min_boot_mem), align);
	}
	if (rc == -ENOSPC)
		pr_err("RAM has no room for a copy of even %#llx bytes of boot memory\n",
		       size);
	if (!rc)
		rc = memblock_reserve(l->area_start, l->area_size);
	if (rc) {
		if (param_size)
			memblock_phys_free(param_pa, param_size);
		return rc;
	}
	l->param_pa = param_pa;
	l->param_size = param_size;

	if (size != asked)
		snprintf(note, sizeof(note), " (%#llx asked for: RAM too small)",
			 asked);
	fadump.reserved = true;
	pr_info("reserved %#llx bytes at [%#016llx-%#016llx] for %#llx bytes of boot memory%s in %u range(s)%s\n",
		l->area_size, l->area_start, l->area_start + l->area_size - 1,
		l->boot_mem_size, note, l->nr_boot_ranges,
		fadump.mode == FADUMP_MODE_NOCMA ? "" : ", copy area CMA-backed");
	return 0;
}

/*
 * Capture kernel: lay out this kernel's own dump area for @size bytes of
 * boot memory (as much as the crashed kernel had) at @start, inside the
 * held memory above the crashed kernel's boot memory (ending at
 * @old_boot_end), so that it can register once the dump is released.
 */
static int __init fadump_layout_rearm(u64 start, u64 size, u64 old_boot_end)
{
	struct fadump_range boot[FADUMP_MAX_BOOT_RANGES];
	struct fadump_layout *l = &fadump.layout;
	u32 nr_boot;
	u64 elfhdr;
	int rc;

	rc = fadump_boot_ranges(size, boot, &nr_boot, &elfhdr);
	if (rc)
		return rc;
	rc = fadump_compute_layout(l, &fadump.fw, boot, nr_boot, start,
				   fadump.fw.boot_align, elfhdr);
	if (rc)
		return rc;
	if (!memblock_is_region_memory(l->area_start, l->area_size) ||
	    l->area_start < boot[nr_boot - 1].base + boot[nr_boot - 1].size ||
	    l->area_start < old_boot_end)
		return -ENOSPC;
	return 0;
}

/*
 * Capture kernel, CONFIG_MEMORY_HOTPLUG: most of the preserved memory is
 * taken out of memblock (memblock_remove()) rather than reserved, so that
 * this kernel builds no struct pages for it and boot memory need not grow
 * with RAM. /proc/vmcore reads such memory through one memremap() of each
 * removed range (fadump_oldmem_vaddr(), called by copy_oldmem_page(); it is
 * not memblock memory, so memremap() ioremaps it, and ppc64's ioremap,
 * unlike ppc32's, does not refuse page_is_ram() pages anyway) and mmap()s
 * it with remap_pfn_range(), neither of which needs a struct page. Release
 * unmaps it and hot-adds it back a memory block at a time.
 *
 * Only whole memory blocks are removed. Stays in memblock, reserved:
 *  - the unaligned fringes of every preserved range;
 *  - the metadata this kernel reads or writes through the linear map: the
 *    crashed kernel's crash-info header, register save area, HPTE section
 *    and bootargs area, and our own dump area but for its boot-memory copy
 *    (crash info, CPU state, HPTE and ELF header room); the crashed
 *    kernel's ELF header room may end up removed, and the ELF core header
 *    is then built in allocated memory instead;
 *  - whatever was reserved in memblock already or is reserved by the
 *    firmware (device tree, RTAS, initrd);
 *  - the memory block at the top of RAM, so that memblock_end_of_DRAM()
 *    and max_pfn stay what they were: without NUMA, pseries sizes the
 *    direct DMA window (DDW) of a PCI device by memblock_end_of_DRAM(),
 *    and memory above that window cannot be onlined later.
 * The boot-memory copy of our own dump area is removed for good: the
 * re-armed registration keeps using it, the firmware writes it, and only
 * the next capture kernel reads it, again through /proc/vmcore. Nothing
 * else needs it in the linear map; is_fadump_memory_area() and the
 * registration go by the layout, not by memblock.
 */
/**
 * struct fadump_unplug - preserved memory taken out of memblock
 * @base: start, aligned to the memory block size
 * @size: size, a multiple of the memory block size
 * @added: bytes from @base hot-added back since
 * @permanent: part of our own dump area's boot-memory copy: never added
 *             back
 */
struct fadump_unplug {
	u64 base, size, added;
	bool permanent;
};

static struct fadump_unplug fadump_unplugged[FADUMP_MAX_UNPLUGGED];
static u32 fadump_nr_unplugged;

static struct fadump_range fadump_cuts[160] __initdata;
static struct fadump_range fadump_unplug_tmp[FADUMP_MAX_UNPLUGGED] __initdata;

static int __init fadump_scan_lmb_size(unsigned long node, const char *uname,
				       int depth, void *data)
{
	const __be32 *prop;
	int len;

	if (depth != 1 || strcmp(uname, "ibm,dynamic-reconfiguration-memory"))
		return 0;
	prop = of_get_flat_dt_prop(node, "ibm,lmb-size", &len);
	if (prop && len >= dt_root_size_cells * (int)sizeof(__be32))
		*(u64 *)data = of_read_number(prop, dt_root_size_cells);
	return 1;
}

/*
 * The memory block size hot-add will use. memory_block_size_bytes() is
 * not known yet: like the code that sets it later, take the LMB size, and
 * without one 1 GiB, a multiple of whatever smaller size it picks.
 */
static u64 __init fadump_early_block_size(void)
{
	u64 lmb = 0;

	of_scan_flat_dt(fadump_scan_lmb_size, &lmb);
	if (!lmb)
		lmb = SZ_1G;
	if (!is_power_of_2(lmb))
		return 0;
	return max_t(u64, lmb, MIN_MEMORY_BLOCK_SIZE);
}

static u32 __init fadump_add_cut(u32 n, u64 base, u64 size)
{
	if (size && n < ARRAY_SIZE(fadump_cuts)) {
		fadump_cuts[n].base = base;
		fadump_cuts[n].size = size;
		n++;
	}
	return n;
}

/*
 * Take the whole memory blocks of preserved memory out of memblock, see
 * above. @l is our own dump area, NULL if there is none. Returns the
 * number of bytes removed.
 */
static u64 __init fadump_unplug_preserved(const struct fadump_layout *l)
{
	const struct fadump_dump_info *info = &fadump.info;
	u64 block, ci_pa, removed = 0, i;
	phys_addr_t start, end;
	struct fadump_range copy;
	int nr, nr_perm = 0;
	u32 nr_ram, n = 0, b;

	if (!IS_ENABLED(CONFIG_MEMORY_HOTPLUG))
		return 0;
	block = fadump_early_block_size();
	if (!block) {
		pr_warn("memory block size unknown; holding all preserved memory reserved\n");
		return 0;
	}

	for_each_reserved_mem_range(i, &start, &end)
		n = fadump_add_cut(n, start, end - start);
	n += fadump_fw_reserved(fadump_cuts + n, ARRAY_SIZE(fadump_cuts) - n);
	for (b = 0; b < info->nr_boot_ranges; b++)
		n = fadump_add_cut(n, info->boot[b].src, info->boot[b].size);
	ci_pa = info->cpu_state_pa - FADUMP_CRASH_INFO_AREA;
	n = fadump_add_cut(n, ci_pa, FADUMP_CRASH_INFO_AREA + info->cpu_state_len);
	n = fadump_add_cut(n, info->hpte_pa, info->hpte_len);
	n = fadump_add_cut(n, info->param_pa, info->param_len);
	/* Keep the top: a DDW direct DMA window may be sized by it. */
	n = fadump_add_cut(n, memblock_end_of_DRAM() - 1, 1);
	if (l)
		n = fadump_add_cut(n, l->crash_info_pa,
				   l->area_start + l->area_size - l->crash_info_pa);
	/* One spare slot, for the whole of our dump area */
	if (n >= ARRAY_SIZE(fadump_cuts)) {
		pr_warn("too many reserved ranges; holding all preserved memory reserved\n");
		return 0;
	}

	if (l) {
		copy.base = l->area_start;
		copy.size = l->crash_info_pa - l->area_start;
		nr_perm = fadump_split_removable(&copy, 1, fadump_cuts, n, block,
						 fadump_unplug_tmp,
						 ARRAY_SIZE(fadump_unplug_tmp));
		n = fadump_add_cut(n, l->area_start, l->area_size);
	}
	nr_ram = fadump_get_ram(fadump_ram_tmp, ARRAY_SIZE(fadump_ram_tmp));
	nr = nr_perm < 0 ? nr_perm :
	     fadump_split_removable(fadump_ram_tmp, nr_ram, fadump_cuts, n,
				    block, fadump_unplug_tmp + nr_perm,
				    ARRAY_SIZE(fadump_unplug_tmp) - nr_perm);
	if (nr < 0) {
		pr_warn("cannot split the preserved memory into memory blocks (%d); holding it all reserved\n",
			nr);
		return 0;
	}

	for (b = 0; b < nr_perm + nr; b++) {
		struct fadump_unplug *u = &fadump_unplugged[fadump_nr_unplugged];

		if (memblock_remove(fadump_unplug_tmp[b].base,
				    fadump_unplug_tmp[b].size))
			continue;
		u->base = fadump_unplug_tmp[b].base;
		u->size = fadump_unplug_tmp[b].size;
		u->permanent = b < nr_perm;
		fadump_nr_unplugged++;
		removed += u->size;
	}
	pr_info("took %#llx bytes of preserved memory in %u range(s) out of memblock (memory block size %#llx)\n",
		removed, fadump_nr_unplugged, block);
	return removed;
}

/*
 * Capture kernel: call @fn(start, end, @arg) on every piece of memblock
 * memory below @top outside the firmware's boot ranges (which fadump_reserve_capture()
 * checked to be sorted), i.e. on the held memory still in memblock.
 */
static void fadump_walk_held(u64 top, void *arg,
			     void (*fn)(u64 start, u64 end, void *arg))
{
	const struct fadump_dump_info *info = &fadump.info;
	phys_addr_t start, end;
	u64 i;
	u32 b;

	for_each_mem_range(i, &start, &end) {
		u64 cur = start;

		end = min_t(phys_addr_t, end, top);
		for (b = 0; b < info->nr_boot_ranges && cur < end; b++) {
			u64 s = info->boot[b].src, e = s + info->boot[b].size;

			if (e <= cur || s >= end)
				continue;
			if (s > cur)
				fn(cur, s, arg);
			cur = e;
		}
		if (cur < end)
			fn(cur, end, arg);
	}
}

static void __init fadump_hold(u64 start, u64 end, void *arg)
{
	memblock_reserve(start, end - start);
	*(u64 *)arg += end - start;
}

/*
 * Capture kernel: keep every byte outside boot memory (the crashed
 * kernel's memory and the dump area) away from the allocator: out of
 * memblock where whole memory blocks allow it, reserved elsewhere.
 */
static int __init fadump_reserve_capture(void)
{
	const struct fadump_dump_info *info = &fadump.info;
	u64 held = 0, boot_size = 0, old_boot_end = 0;
	int rc, rearm_rc;
	u32 b;

	for (b = 0; b < info->nr_boot_ranges; b++) {
		if (!info->boot[b].size || (b && info->boot[b].src <
		    info->boot[b - 1].src + info->boot[b - 1].size)) {
			pr_err("firmware's boot range %u [%#llx, size %#llx] is empty or out of order: no dump this boot\n",
			       b, info->boot[b].src, info->boot[b].size);
			return -EINVAL;
		}
		boot_size += info->boot[b].size;
		old_boot_end = info->boot[b].src + info->boot[b].size;
	}
	if (!info->nr_boot_ranges) {
		pr_err("the firmware reports no boot memory: no dump this boot\n");
		return -EINVAL;
	}

	/*
	 * Our own dump area, for registering again once the dump is saved,
	 * goes where the crashed kernel's was: that memory is held already.
	 * It is laid out while memblock still has all of RAM.
	 */
	rearm_rc = fadump_layout_rearm(info->boot[0].dst, boot_size,
				       old_boot_end);

	fadump.held_top = memblock_end_of_DRAM();
	held = fadump_unplug_preserved(rearm_rc ? NULL : &fadump.layout);

	fadump_walk_held(fadump.held_top, &held, fadump_hold);
	fadump.reserved = false;
	pr_info("dump active: holding %#llx bytes of the crashed kernel's memory outside %#llx bytes of boot memory in %u range(s)\n",
		held, boot_size, info->nr_boot_ranges);

	rc = rearm_rc;
	if (rc) {
		pr_warn("no dump area for registering again after the dump is released (%d)\n",
			rc);
	} else {
		fadump.reserved = true;
		fadump_rearm_param_area();
	}
	return 0;
}

/**
 * fadump_reserve_mem() - reserve memory for firmware-assisted dump
 *
 * First kernel with fadump=on|nocma: reserve the dump area above boot
 * memory. Capture kernel: hold all memory outside boot memory, with
 * CONFIG_MEMORY_HOTPLUG mostly by taking it out of memblock.
 *
 * Context: early boot, after the command line is parsed.
 * Return: 1 if fadump is in use this boot (no kdump reservation needed),
 * 0 otherwise.
 */
int __init fadump_reserve_mem(void)
{
	int rc;

	if (!fadump.ops || fadump.mode == FADUMP_MODE_OFF)
		return 0;

	if (fadump.dump_active && fadump.info_ok &&
	    !fadump_reserve_capture()) {
		fadump.holding = true;
		fadump.enabled = true;
		return 1;
	}

	/* No (usable) dump: it is dropped in setup_fadump(), start afresh. */
	rc = fadump_reserve_first();
	if (rc) {
		pr_err("firmware-assisted dump disabled (%d)\n", rc);
		return 0;
	}
	fadump.enabled = true;
	return 1;
}

/**
 * fadump_setup_param_area() - set up the bootargs parameter area
 *
 * Clears the area that /sys/kernel/fadump/bootargs_append fills and the
 * firmware preserves for the capture kernel (reserved together with the
 * dump area). A capture kernel keeps what the crashed kernel appended.
 *
 * Context: early boot, real mode.
 */
void __init fadump_setup_param_area(void)
{
	const struct fadump_layout *l = &fadump.layout;

	if (!fadump.enabled || !fadump.reserved || !l->param_size ||
	    fadump_param_reused)
		return;
	memset(__va(l->param_pa), 0, l->param_size);
	strscpy(__va(l->param_pa), fadump_old_args, l->param_size);
}

/**
 * fadump_cma_init() - hand the boot-memory copy area to CMA
 *
 * Until a crash the copy area is unused; as a CMA area it serves movable
 * allocations. Not done with fadump=nocma, nor in a capture kernel (the
 * area holds the dump).
 *
 * Context: early boot, after pageblock_order is set.
 */
void __init fadump_cma_init(void)
{
	const struct fadump_layout *l = &fadump.layout;
	u64 size;
	int rc;

	if (!fadump.enabled || !fadump.reserved || fadump.holding ||
	    fadump.mode == FADUMP_MODE_NOCMA)
		return;

	size = ALIGN(l->boot_mem_size, CMA_MIN_ALIGNMENT_BYTES);
	if (!IS_ALIGNED(l->boot_dst_pa, CMA_MIN_ALIGNMENT_BYTES) ||
	    size > l->crash_info_pa - l->boot_dst_pa) {
		pr_warn("copy area [%#llx, size %#llx] is not CMA-aligned; it stays reserved\n",
			l->boot_dst_pa, l->boot_mem_size);
		return;
	}
	rc = cma_init_reserved_mem(l->boot_dst_pa, size, 0, "fadump_cma",
				   &fadump.cma);
	if (rc)
		pr_warn("cannot make the copy area a CMA area (%d); it stays reserved\n",
			rc);
}

/* ------------------------------------------------------------------ */
/* Registration and the crash path                                    */
/* ------------------------------------------------------------------ */

static struct fadump_crash_info *fadump_crash_info(void)
{
	return __va(fadump.layout.crash_info_pa);
}

/* Everything but what only the crash can tell; magic stays 0 until then. */
static void fadump_init_crash_info(void)
{
	struct fadump_crash_info *ci = fadump_crash_info();

	BUILD_BUG_ON(sizeof(*ci) > FADUMP_CRASH_INFO_AREA);
	memset(ci, 0, sizeof(*ci));
	ci->version = FADUMP_CRASH_INFO_VERSION;
	ci->size = sizeof(*ci);
	ci->endian = FADUMP_CRASH_INFO_ENDIAN;
	ci->pt_regs_size = sizeof(struct pt_regs);
	ci->cpumask_size = sizeof(struct cpumask);
	ci->nr_cpu_ids = nr_cpu_ids;
	ci->crashing_cpu = FADUMP_CPU_NONE;
	ci->vmcoreinfo_size = VMCOREINFO_NOTE_SIZE;
	ci->layout = fadump.layout;
}

static int fadump_register_locked(void)
{
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (fadump.registered)
		return 0;
	if (fadump.dump_active) {
		pr_warn_ratelimited("cannot register while a dump is held; release it first\n");
		return -EBUSY;
	}
	if (!fadump.reserved) {
		pr_warn_ratelimited("cannot register: no dump area is reserved\n");
		return -ENOMEM;
	}

	fadump_init_crash_info();
	rc = fadump.ops->prepare(&fadump.layout);
	if (rc) {
		pr_err("%s: cannot describe the dump area to the firmware (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	rc = fadump.ops->register_dump();
	if (rc) {
		pr_err("%s: the firmware refused the registration (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	/*
	 * Have panic() run its notifiers, ours first, before it stops the
	 * other CPUs: the firmware then saves their state where they were,
	 * and the crash-info header lists them as online.
	 */
	crash_kexec_post_notifiers = true;
	WRITE_ONCE(fadump.registered, true);
	pr_info("registered with the firmware: %#llx bytes of boot memory will be dumped\n",
		fadump.layout.boot_mem_size);
	return 0;
}

static int fadump_unregister_locked(void)
{
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.registered)
		return 0;

	/* A crash from here on must not go to the firmware. */
	WRITE_ONCE(fadump.registered, false);
	rc = fadump.ops->unregister_dump();
	if (rc) {
		WRITE_ONCE(fadump.registered, true);
		pr_err("%s: the firmware refused to unregister (%d)\n",
		       fadump.ops->name, rc);
		return rc;
	}
	pr_info("unregistered from the firmware\n");
	return 0;
}

/**
 * is_fadump_active() - did the firmware boot us with a dump?
 *
 * Return: true from early boot until the dump is released (or, if it
 * cannot be used, discarded at initcall time).
 */
bool is_fadump_active(void)
{
	return READ_ONCE(fadump.dump_active);
}

/**
 * should_fadump_crash() - will a crash be handed to the firmware?
 *
 * Return: true while a dump is registered with the firmware.
 */
bool should_fadump_crash(void)
{
	return READ_ONCE(fadump.registered);
}

/**
 * crash_fadump() - hand a crash to the firmware
 * @regs: registers at the time of the crash, NULL to take the current ones
 * @str: reason, passed to the firmware
 *
 * Called from the panic notifier, from die() and for a system reset. An
 * oops that will not bring the kernel down is ignored. The first CPU to
 * get here records the crash in the crash-info header and asks the
 * firmware to take the dump; any other CPU that crashes meanwhile parks.
 * Returns only if fadump is not registered or the firmware failed.
 *
 * Context: any, interrupts may be off; takes no locks, allocates nothing.
 */
void crash_fadump(struct pt_regs *regs, const char *str)
{
	struct fadump_crash_info *ci;
	unsigned int cpu, c;
	u32 old;

	if (!should_fadump_crash())
		return;
	/* From die(): only an oops that panic() will follow is a crash. */
	if (regs && TRAP(regs) != INTERRUPT_SYSTEM_RESET &&
	    !(in_interrupt() || !current->pid || is_global_init(current) ||
	      panic_on_oops))
		return;

	hard_irq_disable();
	cpu = smp_processor_id();
	ci = fadump_crash_info();
	old = cmpxchg(&ci->crashing_cpu, FADUMP_CPU_NONE, cpu);
	if (old == cpu)
		return;		/* nested: the firmware call failed */
	if (old != FADUMP_CPU_NONE) {
		/* Another CPU is dumping; the firmware saves our state. */
		for (;;)
			cpu_relax();
	}

	crashing_cpu = cpu;
	if (regs)
		ci->regs = *regs;
	else
		ppc_save_regs(&ci->regs);
	cpumask_copy(&ci->online_mask, cpu_online_mask);
	for_each_online_cpu(c)
		ci->hw_id[c] = get_hard_smp_processor_id(c);
	crash_save_vmcoreinfo();
	ci->vmcoreinfo_pa = paddr_vmcoreinfo_note();
	/* The magic says the rest is complete. */
	smp_wmb();
	WRITE_ONCE(ci->magic, FADUMP_CRASH_INFO_MAGIC);
	/* All of it must be in memory before the firmware looks. */
	mb();

	fadump.ops->trigger(str);
	pr_emerg("the firmware did not take the dump\n");
}

/**
 * fadump_cleanup() - unregister before the kernel goes away
 *
 * Called on shutdown, reboot and kexec. A held dump is kept: the next
 * boot can still save it.
 *
 * Context: process context; does nothing from atomic context.
 */
void fadump_cleanup(void)
{
	if (!READ_ONCE(fadump.registered) || in_interrupt() || irqs_disabled())
		return;
	mutex_lock(&fadump_mutex);
	fadump_unregister_locked();
	mutex_unlock(&fadump_mutex);
}

/**
 * is_fadump_memory_area() - does a range touch memory fadump needs?
 * @addr: start of the range
 * @size: its size
 *
 * Boot memory and the dump area must stay put while a dump is registered
 * or held, so memory hot-remove refuses them. So is all memory a capture
 * kernel found at boot until the dump is released (it is boot memory or
 * the crashed kernel's), and preserved memory that was taken out of
 * memblock and is not hot-added back yet: it is not this kernel's to
 * remove. Memory added later is not fadump's.
 *
 * Context: any; reads the state without fadump_mutex (memory hot-remove
 * holds the device hotplug lock, which release takes to add memory back).
 * Return: true if [@addr, @addr + @size) overlaps boot memory, the dump
 * area, held memory or preserved memory not added back.
 */
bool is_fadump_memory_area(u64 addr, u64 size)
{
	const struct fadump_layout *l = &fadump.layout;
	u32 i;

	if (!fadump.enabled || !size)
		return false;
	if (READ_ONCE(fadump.holding) && addr < fadump.held_top)
		return true;
	for (i = 0; i < fadump_nr_unplugged; i++) {
		const struct fadump_unplug *u = &fadump_unplugged[i];
		u64 added = READ_ONCE(u->added);

		if (fadump_overlaps(addr, size, u->base + added,
				    u->size - added))
			return true;
	}
	if (!fadump.reserved)
		return false;
	for (i = 0; i < l->nr_boot_ranges; i++)
		if (fadump_overlaps(addr, size, l->boot[i].base, l->boot[i].size))
			return true;
	return fadump_overlaps(addr, size, l->area_start, l->area_size);
}

/* ------------------------------------------------------------------ */
/* Capture kernel: check the crash, build the ELF core header          */
/* ------------------------------------------------------------------ */

struct fadump_regs_ctx {
	const struct fadump_crash_info *ci;
	struct pt_regs *regs;		/* indexed by the crashed kernel's CPU */
	unsigned long *have;
};

static int fadump_collect_regs(u32 cpu_id, const struct pt_regs *regs,
			       void *arg)
{
	struct fadump_regs_ctx *ctx = arg;
	const struct fadump_crash_info *ci = ctx->ci;
	u32 cpu;

	for (cpu = 0; cpu < ci->nr_cpu_ids; cpu++) {
		if (!test_bit(cpu, cpumask_bits(&ci->online_mask)) ||
		    ci->hw_id[cpu] != cpu_id)
			continue;
		if (cpu == ci->crashing_cpu)
			return 0;	/* the crash-info header has better ones */
		if (test_and_set_bit(cpu, ctx->have))
			pr_warn("registers of CPU %u (hw id %#x) saved twice; using the last\n",
				cpu, cpu_id);
		ctx->regs[cpu] = *regs;
		return 0;
	}
	pr_debug("skipping registers of hw CPU %#x: it was not online\n", cpu_id);
	return 0;
}

/*
 * RAM as the crashed kernel had it: memblock's, plus what this capture
 * kernel took out of memblock and has not hot-added back.
 */
static struct fadump_range *fadump_alloc_ram(u32 *nr)
{
	struct fadump_range *ram;
	phys_addr_t start, end;
	u32 n = 0, k, out;
	u64 i;

	for_each_mem_range(i, &start, &end)
		n++;
	ram = kcalloc(n + fadump_nr_unplugged, sizeof(*ram), GFP_KERNEL);
	if (!ram)
		return NULL;
	n = fadump_get_ram(ram, n);
	for (k = 0; k < fadump_nr_unplugged; k++) {
		const struct fadump_unplug *u = &fadump_unplugged[k];

		if (u->added < u->size) {
			ram[n].base = u->base + u->added;
			ram[n].size = u->size - u->added;
			n++;
		}
	}
	sort(ram, n, sizeof(*ram), fadump_cmp_range, NULL);
	for (k = 0, out = 0; k < n; k++) {
		if (out && ram[out - 1].base + ram[out - 1].size >= ram[k].base) {
			ram[out - 1].size = max(ram[out - 1].base + ram[out - 1].size,
						ram[k].base + ram[k].size) -
					    ram[out - 1].base;
			continue;
		}
		ram[out++] = ram[k];
	}
	*nr = out;
	return ram;
}

/* The ELF core header, when the crashed kernel's room was too small */
static void *fadump_elf_buf;
static size_t fadump_elf_buf_size;

static struct fadump_copy fadump_copies[FADUMP_MAX_BOOT_RANGES] __initdata;

static int __init fadump_build_vmcore(const struct fadump_crash_info *ci,
				      const struct fadump_range *ram, u32 nr_ram)
{
	const struct fadump_dump_info *info = &fadump.info;
	const struct fadump_layout *old = &fadump.old;
	struct fadump_regs_ctx ctx = { .ci = ci };
	u64 vmci_pa, vmci_size, buf_pa;
	struct fadump_load *loads;
	u32 i, nr_cpus, cpu;
	struct fadump_elf e;
	size_t need, size;
	int nr_loads, rc;
	void *buf;

	for (i = 0; i < info->nr_boot_ranges; i++) {
		fadump_copies[i].src = info->boot[i].src;
		fadump_copies[i].size = info->boot[i].size;
		fadump_copies[i].dst = info->boot[i].dst;
		fadump_copies[i].dumped = info->boot[i].dumped;
		if (info->boot[i].dumped < info->boot[i].size)
			pr_warn("firmware copied only %#llx of the %#llx bytes of boot range %u; the rest is missing from the dump\n",
				info->boot[i].dumped, info->boot[i].size, i);
	}

	nr_loads = fadump_compute_loads(ram, nr_ram, fadump_copies,
					info->nr_boot_ranges, old->area_start,
					old->area_size, NULL, 0);
	loads = kcalloc(max(nr_loads, 1), sizeof(*loads), GFP_KERNEL);
	if (!loads)
		return -ENOMEM;
	fadump_compute_loads(ram, nr_ram, fadump_copies, info->nr_boot_ranges,
			     old->area_start, old->area_size, loads, nr_loads);

	vmci_size = ci->vmcoreinfo_size;
	vmci_pa = fadump_translate(ci->vmcoreinfo_pa, vmci_size, fadump_copies,
				   info->nr_boot_ranges);
	if (vmci_pa == U64_MAX) {
		pr_warn("VMCOREINFO at %#llx was not dumped; the dump lacks it\n",
			ci->vmcoreinfo_pa);
		vmci_size = 0;
	}

	nr_cpus = bitmap_weight(cpumask_bits(&ci->online_mask), ci->nr_cpu_ids);
	need = fadump_elfhdr_size(nr_cpus, 2 + nr_loads);
	/* The old ELF header room may have been taken out of memblock. */
	if (need <= old->elfhdr_size &&
	    memblock_is_region_memory(old->elfhdr_pa, old->elfhdr_size)) {
		buf = __va(old->elfhdr_pa);
		buf_pa = old->elfhdr_pa;
		size = old->elfhdr_size;
	} else {
		buf = alloc_pages_exact(need, GFP_KERNEL);
		if (!buf) {
			rc = -ENOMEM;
			goto out;
		}
		buf_pa = __pa(buf);
		size = need;
		fadump_elf_buf = buf;
		fadump_elf_buf_size = need;
	}

	rc = fadump_elf_begin(&e, buf, size, buf_pa, loads, nr_loads, vmci_pa,
			      vmci_size, nr_cpus);
	if (rc)
		goto out;

	ctx.regs = kvcalloc(ci->nr_cpu_ids, sizeof(*ctx.regs), GFP_KERNEL);
	ctx.have = bitmap_zalloc(ci->nr_cpu_ids, GFP_KERNEL);
	if (!ctx.regs || !ctx.have) {
		rc = -ENOMEM;
		goto out;
	}
	rc = fadump.ops->for_each_cpu_regs(info, fadump_collect_regs, &ctx);
	if (rc)
		pr_warn("cannot read the firmware's register save area (%d); the dump may lack other CPUs' registers\n",
			rc);

	/* The crashing CPU first: debuggers take the first note's thread. */
	rc = fadump_elf_add_cpu(&e, ci->crashing_cpu, &ci->regs);
	for_each_set_bit(cpu, cpumask_bits(&ci->online_mask), ci->nr_cpu_ids) {
		if (rc)
			goto out;
		if (cpu == ci->crashing_cpu)
			continue;
		if (test_bit(cpu, ctx.have))
			rc = fadump_elf_add_cpu(&e, cpu, &ctx.regs[cpu]);
		else
			pr_warn("no registers were saved for CPU %u (hw id %#x)\n",
				cpu, ci->hw_id[cpu]);
	}
	if (rc)
		goto out;

	elfcorehdr_size = fadump_elf_end(&e);
	elfcorehdr_addr = buf_pa;
	pr_info("the crashed kernel's memory (%d segments, %u CPU notes, crashing CPU %u) is in /proc/vmcore\n",
		nr_loads, e.nr_cpus, ci->crashing_cpu);
	rc = 0;
out:
	kvfree(ctx.regs);
	bitmap_free(ctx.have);
	kfree(loads);
	if (rc && fadump_elf_buf) {
		free_pages_exact(fadump_elf_buf, fadump_elf_buf_size);
		fadump_elf_buf = NULL;
	}
	return rc;
}

/*
 * Capture kernel: /proc/vmcore reads the memory taken out of memblock
 * through one memremap() of each removed range, made here when
 * /proc/vmcore is set up, instead of an ioremap_cache() and iounmap() per
 * page in copy_oldmem_page(); fadump_oldmem_vaddr() is its hook.
 *
 * Lookups take no lock: the table is filled in first and then published
 * with smp_store_release() of fadump_nr_oldmaps, which afterwards only
 * drops back to 0, at release. After boot the only callers are
 * /proc/vmcore reads (mmap() of /proc/vmcore maps pfns with
 * remap_pfn_range() and does not come here). Release unpublishes the
 * table, then vmcore_cleanup() removes /proc/vmcore: proc_remove() waits
 * for every read in progress and closes the files still open, so no
 * reader is left holding an address from the table when
 * fadump_unmap_oldmem() tears the mappings down, before any of the memory
 * is hot-added back.
 */
/**
 * struct fadump_oldmap - a premapped range of memory taken out of memblock
 * @base: physical start
 * @size: size in bytes
 * @vaddr: where @base is mapped
 */
struct fadump_oldmap {
	u64 base, size;
	void *vaddr;
};

static struct fadump_oldmap fadump_oldmaps[FADUMP_MAX_UNPLUGGED];
static u32 fadump_nr_oldmaps;

static void __init fadump_map_oldmem(void)
{
	u64 mapped = 0;
	u32 k, n = 0;

	for (k = 0; k < fadump_nr_unplugged; k++) {
		const struct fadump_unplug *u = &fadump_unplugged[k];
		void *vaddr;

		vaddr = memremap(u->base, u->size, MEMREMAP_WB);
		if (!vaddr) {
			pr_warn("cannot map [%#llx-%#llx]; /proc/vmcore reads it a page at a time\n",
				u->base, u->base + u->size - 1);
			continue;
		}
		fadump_oldmaps[n].base = u->base;
		fadump_oldmaps[n].size = u->size;
		fadump_oldmaps[n].vaddr = vaddr;
		n++;
		mapped += u->size;
	}
	/* Pairs with smp_load_acquire() in fadump_oldmem_vaddr(). */
	smp_store_release(&fadump_nr_oldmaps, n);
	if (n)
		pr_info("mapped %#llx bytes of preserved memory in %u range(s) for /proc/vmcore\n",
			mapped, n);
}

/* Only once /proc/vmcore is gone, see above. */
static void fadump_unmap_oldmem(void)
{
	u32 k, n = fadump_nr_oldmaps;

	lockdep_assert_held(&fadump_mutex);
	WRITE_ONCE(fadump_nr_oldmaps, 0);
	for (k = 0; k < n; k++) {
		memunmap(fadump_oldmaps[k].vaddr);
		fadump_oldmaps[k].vaddr = NULL;
	}
}

/**
 * fadump_oldmem_vaddr() - find preserved memory in a premapped range
 * @paddr: physical address of the first byte
 * @size: number of bytes
 *
 * Capture kernel: copy_oldmem_page() asks this first, for memory that is
 * neither in memblock nor in the linear map.
 *
 * Context: Any context; takes no lock and does not sleep. The address
 * stays valid while the caller is inside a /proc/vmcore read: release
 * removes /proc/vmcore, which waits for such reads, before unmapping.
 * Return: the kernel virtual address of @paddr if [@paddr, @paddr + @size)
 * lies within one premapped range, else NULL.
 */
void *fadump_oldmem_vaddr(unsigned long paddr, size_t size)
{
	/* Pairs with smp_store_release() in fadump_map_oldmem(). */
	u32 k, n = smp_load_acquire(&fadump_nr_oldmaps);

	for (k = 0; k < n; k++) {
		const struct fadump_oldmap *m = &fadump_oldmaps[k];
		u64 off = (u64)paddr - m->base;

		if (paddr >= m->base && off < m->size && size <= m->size - off)
			return m->vaddr + off;
	}
	return NULL;
}

static int __init fadump_setup_capture(void)
{
	const struct fadump_dump_info *info = &fadump.info;
	const struct fadump_crash_info *ci;
	struct fadump_range *ram;
	u32 nr_ram;
	u64 ci_pa;
	int rc;

	ram = fadump_alloc_ram(&nr_ram);
	if (!ram)
		return -ENOMEM;

	ci_pa = info->cpu_state_pa - FADUMP_CRASH_INFO_AREA;
	if (info->cpu_state_pa < FADUMP_CRASH_INFO_AREA ||
	    !memblock_is_region_memory(ci_pa, sizeof(*ci))) {
		pr_err("crash info at %#llx (before the CPU state at %#llx) is not in RAM\n",
		       ci_pa, info->cpu_state_pa);
		rc = -EINVAL;
		goto out;
	}
	ci = __va(ci_pa);
	rc = fadump_check_crash_info(ci, ci_pa, info, ram, nr_ram);
	if (rc)
		goto out;
	fadump.old = ci->layout;

	rc = fadump_build_vmcore(ci, ram, nr_ram);
	if (!rc) {
		fadump.dump_ok = true;
		fadump_map_oldmem();
	}
out:
	kfree(ram);
	if (rc)
		pr_err("no /proc/vmcore this boot (%d); write 1 to /sys/kernel/fadump/release_mem to free the held memory\n",
		       rc);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Capture kernel: give the preserved memory back                      */
/* ------------------------------------------------------------------ */

/* Free the still-reserved pages of [start, end); returns bytes freed. */
static u64 fadump_free_range(u64 start, u64 end)
{
	unsigned long pfn, first = PFN_UP(start), last = PFN_DOWN(end);
	u64 freed = 0;

	if (first >= last)
		return 0;
	for (pfn = first; pfn < last; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		/* Pages someone else freed already (the initrd) are skipped. */
		if (PageReserved(page)) {
			free_reserved_page(page);
			freed += PAGE_SIZE;
		}
		if (!((pfn - first + 1) % 1024))
			cond_resched();
	}
	memblock_phys_free(PFN_PHYS(first), PFN_PHYS(last - first));
	return freed;
}

/*
 * Everything outside boot memory, below the end of RAM at boot, was
 * reserved in early boot; free it but for our own dump area and bootargs
 * area and what others reserved in there meanwhile (the flattened device
 * tree, its reserve map entries such as RTAS, a live initrd).
 */
static u64 fadump_free_preserved(void)
{
	const struct fadump_layout *l = &fadump.layout;
	struct fadump_range *excl;
	phys_addr_t start, end;
	u64 i, freed = 0;
	u32 n = 0, k, max;

	max = fadump.info.nr_boot_ranges + 2 + fadump_nr_fw_reserved();
	excl = kcalloc(max, sizeof(*excl), GFP_KERNEL);
	if (!excl)
		return 0;

	for (k = 0; k < fadump.info.nr_boot_ranges; k++)
		n = fadump_add_excl(excl, n, fadump.info.boot[k].src,
				    fadump.info.boot[k].size);
	if (fadump.reserved) {
		n = fadump_add_excl(excl, n, l->area_start, l->area_size);
		n = fadump_add_excl(excl, n, l->param_pa, l->param_size);
	}
	n += fadump_fw_reserved(excl + n, max - n);
	sort(excl, n, sizeof(*excl), fadump_cmp_range, NULL);

	mem_hotplug_begin();
	for_each_mem_range(i, &start, &end) {
		u64 cur = start;

		/* Memory hot-added since boot was never held. */
		end = min_t(phys_addr_t, end, fadump.held_top);
		for (k = 0; k < n && cur < end; k++) {
			if (excl[k].base + excl[k].size <= cur)
				continue;
			if (excl[k].base >= end)
				break;
			if (excl[k].base > cur)
				freed += fadump_free_range(cur, excl[k].base);
			cur = max(cur, excl[k].base + excl[k].size);
		}
		if (cur < end)
			freed += fadump_free_range(cur, end);
	}
	mem_hotplug_done();
	kfree(excl);
	return freed;
}

/* Bytes taken out of memblock at boot that are still to be hot-added */
static u64 fadump_unplugged_left(void)
{
	u64 left = 0;
	u32 k;

	for (k = 0; k < fadump_nr_unplugged; k++)
		if (!fadump_unplugged[k].permanent)
			left += fadump_unplugged[k].size - fadump_unplugged[k].added;
	return left;
}

/*
 * Hot-add the preserved memory taken out of memblock at boot, a memory
 * block at a time (each block's memmap comes from the blocks before it),
 * but for our own dump area. What was added stays added; on failure the
 * rest can be tried again. Returns 0 or the first -errno.
 */
static int fadump_plug_back(u64 *added)
{
	u64 block;
	int rc = 0, err;
	u32 k;

	if (!IS_ENABLED(CONFIG_MEMORY_HOTPLUG) || !fadump_unplugged_left())
		return 0;
	block = memory_block_size_bytes();
	for (k = 0; k < fadump_nr_unplugged; k++) {
		struct fadump_unplug *u = &fadump_unplugged[k];

		if (u->permanent || u->added == u->size)
			continue;
		if (!block || !IS_ALIGNED(u->base | u->size, block)) {
			pr_err("preserved memory [%#llx-%#llx] is not made of %#llx-byte memory blocks; it stays offline\n",
			       u->base, u->base + u->size - 1, block);
			rc = rc ?: -EINVAL;
			continue;
		}
		while (u->added < u->size) {
			err = fadump_hotplug_add(u->base + u->added, block);
			if (err) {
				pr_err("cannot hot-add [%#llx-%#llx] (%d); %#llx bytes of preserved memory stay offline, write 1 to release_mem to try again\n",
				       u->base + u->added,
				       u->base + u->added + block - 1, err,
				       u->size - u->added);
				rc = rc ?: err;
				break;
			}
			WRITE_ONCE(u->added, u->added + block);
			*added += block;
			cond_resched();
		}
	}
	return rc;
}

static int fadump_release_locked(void)
{
	u64 freed, added = 0;
	int rc, plug_rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.holding) {
		/* Released already: retry what could not be hot-added. */
		if (!fadump_unplugged_left())
			return -ENODEV;
		plug_rc = fadump_plug_back(&added);
		pr_info("hot-added %#llx more bytes of the released memory\n",
			added);
		return plug_rc;
	}

	/*
	 * Readers still holding /proc/vmcore open get errors from now on;
	 * vmcore_cleanup() waits for the reads in progress, so the mappings
	 * can go before the memory is hot-added back.
	 */
	vmcore_cleanup();
	fadump_unmap_oldmem();
	elfcorehdr_addr = ELFCORE_ADDR_MAX;
	if (fadump_elf_buf) {
		free_pages_exact(fadump_elf_buf, fadump_elf_buf_size);
		fadump_elf_buf = NULL;
	}
	fadump.dump_ok = false;

	freed = fadump_free_preserved();
	plug_rc = fadump_plug_back(&added);
	pr_info("released %#llx bytes of the crashed kernel's memory (%#llx freed, %#llx hot-added)\n",
		freed + added, freed, added);

	rc = fadump.ops->invalidate_dump();
	if (rc)
		pr_err("%s: the firmware did not drop the dump (%d); cannot register again\n",
		       fadump.ops->name, rc);
	WRITE_ONCE(fadump.dump_active, false);
	WRITE_ONCE(fadump.holding, false);
	fadump.info_ok = false;

	if (!rc && fadump.rearm)
		fadump_register_locked();
	return plug_rc;
}

/* ------------------------------------------------------------------ */
/* /sys/kernel/fadump                                                  */
/* ------------------------------------------------------------------ */

static ssize_t enabled_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", fadump.enabled);
}

static ssize_t registered_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(fadump.registered));
}

static ssize_t registered_store(struct kobject *kobj,
				struct kobj_attribute *attr,
				const char *buf, size_t count)
{
	bool val;
	int rc;

	if (fadump_parse_bool(buf, count, &val)) {
		pr_warn_ratelimited("registered: write 0 or 1\n");
		return -EINVAL;
	}

	mutex_lock(&fadump_mutex);
	if (!fadump.enabled) {
		pr_warn_ratelimited("registered: fadump is not enabled (boot with fadump=on)\n");
		rc = -ENODEV;
	} else if (val) {
		rc = fadump_register_locked();
	} else {
		rc = fadump_unregister_locked();
	}
	mutex_unlock(&fadump_mutex);
	return rc ?: count;
}

static ssize_t release_mem_store(struct kobject *kobj,
				 struct kobj_attribute *attr,
				 const char *buf, size_t count)
{
	bool val;
	int rc;

	if (fadump_parse_bool(buf, count, &val) || !val) {
		pr_warn_ratelimited("release_mem: write 1 to release the dump\n");
		return -EINVAL;
	}

	mutex_lock(&fadump_mutex);
	rc = fadump_release_locked();
	mutex_unlock(&fadump_mutex);
	if (rc)
		return rc;

	/* Outside the mutex: removal waits for other writers of this file. */
	sysfs_remove_link(kernel_kobj, "fadump_release_mem");
	sysfs_remove_file_self(kobj, &attr->attr);
	return count;
}

static ssize_t mem_reserved_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  fadump.reserved ? fadump.layout.area_size : 0);
}

static ssize_t hotplug_ready_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	/* Adding memory never needs a new registration. */
	return sysfs_emit(buf, "%d\n", fadump.enabled);
}

static ssize_t bootargs_append_show(struct kobject *kobj,
				    struct kobj_attribute *attr, char *buf)
{
	const struct fadump_layout *l = &fadump.layout;
	ssize_t len;

	mutex_lock(&fadump_mutex);
	if (l->param_size)
		len = sysfs_emit(buf, "%s\n", (char *)__va(l->param_pa));
	else
		len = sysfs_emit(buf, "\n");
	mutex_unlock(&fadump_mutex);
	return len;
}

/*
 * Longest string bootargs_append takes: it must fit in the bootargs area
 * and, after a space, on a command line like this kernel's.
 */
static size_t fadump_bootargs_max(void)
{
	size_t room = COMMAND_LINE_SIZE - 2;

	room = saved_command_line_len < room ? room - saved_command_line_len : 0;
	return min_t(size_t, room, fadump.layout.param_size - 1);
}

static ssize_t bootargs_append_store(struct kobject *kobj,
				     struct kobj_attribute *attr,
				     const char *buf, size_t count)
{
	const struct fadump_layout *l = &fadump.layout;
	size_t len = count, i;
	char *area;
	int rc = 0;

	if (len && buf[len - 1] == '\n')
		len--;
	for (i = 0; i < len; i++) {
		if (!isprint(buf[i])) {
			pr_warn_ratelimited("bootargs_append: only printable characters are allowed\n");
			return -EINVAL;
		}
	}

	mutex_lock(&fadump_mutex);
	if (!fadump.enabled || !l->param_size) {
		pr_warn_ratelimited("bootargs_append: the firmware keeps no parameter area\n");
		rc = -EOPNOTSUPP;
	} else if (len > fadump_bootargs_max()) {
		pr_warn_ratelimited("bootargs_append: %zu bytes is too long, at most %zu\n",
				    len, fadump_bootargs_max());
		rc = -E2BIG;
	} else {
		area = __va(l->param_pa);
		memcpy(area, buf, len);
		memset(area + len, 0, l->param_size - len);
	}
	mutex_unlock(&fadump_mutex);
	return rc ?: count;
}

static struct kobj_attribute enabled_attr = __ATTR_RO(enabled);
static struct kobj_attribute registered_attr = __ATTR_RW(registered);
static struct kobj_attribute release_mem_attr = __ATTR_WO(release_mem);
static struct kobj_attribute mem_reserved_attr = __ATTR_RO(mem_reserved);
static struct kobj_attribute hotplug_ready_attr = __ATTR_RO(hotplug_ready);
static struct kobj_attribute bootargs_append_attr = __ATTR_RW(bootargs_append);

static struct attribute *fadump_attrs[] = {
	&enabled_attr.attr,
	&registered_attr.attr,
	&mem_reserved_attr.attr,
	&hotplug_ready_attr.attr,
	&bootargs_append_attr.attr,
	NULL,
};

static const struct attribute_group fadump_group = {
	.attrs = fadump_attrs,
};

static void __init fadump_init_sysfs(void)
{
	int rc;

	fadump.kobj = kobject_create_and_add("fadump", kernel_kobj);
	if (!fadump.kobj) {
		pr_err("cannot create /sys/kernel/fadump\n");
		return;
	}
	rc = sysfs_create_group(fadump.kobj, &fadump_group);
	if (rc) {
		pr_err("cannot create the files in /sys/kernel/fadump (%d)\n", rc);
		return;
	}
	/* The older names, as links into /sys/kernel/fadump */
	rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj, fadump.kobj,
						  "enabled", "fadump_enabled");
	if (!rc)
		rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj,
							  fadump.kobj,
							  "registered",
							  "fadump_registered");
	if (!rc && fadump.holding) {
		rc = sysfs_create_file(fadump.kobj, &release_mem_attr.attr);
		if (!rc)
			rc = compat_only_sysfs_link_entry_to_kobj(kernel_kobj,
								  fadump.kobj,
								  "release_mem",
								  "fadump_release_mem");
	}
	if (rc)
		pr_err("cannot create the fadump files in /sys/kernel (%d)\n", rc);
}

/* ------------------------------------------------------------------ */
/* debugfs: powerpc/fadump_region                                      */
/* ------------------------------------------------------------------ */

static void fadump_show_region(struct seq_file *m, const char *name, u64 start,
			       u64 size, u64 dumped)
{
	seq_printf(m, "%s: [%#016llx-%#016llx] %#llx bytes, Dumped: %#llx\n",
		   name, start, start + size - 1, size, dumped);
}

static void fadump_show_boot(struct seq_file *m, u64 src, u64 dst, u64 size,
			     u64 dumped)
{
	seq_printf(m, "Boot memory: [%#016llx-%#016llx] => [%#016llx-%#016llx] %#llx bytes, Dumped: %#llx\n",
		   src, src + size - 1, dst, dst + size - 1, size, dumped);
}

/*
 * One line per region. Addresses are printed with %#016llx, sizes with
 * %#llx; <end> is the last byte of the region:
 *
 *   CPU state: [<start>-<end>] <size> bytes, Dumped: <bytes dumped>
 *   HPTE: [<start>-<end>] <size> bytes, Dumped: <bytes dumped>
 *   Boot memory: [<src>-<end>] => [<dst>-<end>] <size> bytes, Dumped: <bytes dumped>
 *   Bootargs area: [<start>-<end>] <size> bytes, Dumped: <bytes dumped>
 *   Preserved memory: [<start>-<end>] <size> bytes
 *
 * HPTE appears only if the firmware offers (or, in a capture kernel,
 * dumped) one; there is one Boot memory line per boot range; Bootargs
 * area appears only if the firmware keeps one. Before a crash (and after
 * a dump was released) the regions are this kernel's registration and
 * Dumped is 0x0. While a dump is held, they are what the firmware
 * reports, and a last line gives the lowest and highest byte held outside
 * boot memory and the number of bytes held. Nothing is printed if fadump
 * is not in use.
 */
/* First and last byte and size of a set of ranges, for debugfs */
struct fadump_span {
	u64 first, last, bytes;
};

static void fadump_span_add(u64 start, u64 end, void *arg)
{
	struct fadump_span *span = arg;

	span->first = min(span->first, start);
	span->last = max(span->last, end - 1);
	span->bytes += end - start;
}

static int fadump_region_show(struct seq_file *m, void *unused)
{
	const struct fadump_dump_info *info = &fadump.info;
	const struct fadump_layout *l = &fadump.layout;
	u32 i;

	mutex_lock(&fadump_mutex);
	if (fadump.holding) {
		struct fadump_span span = { .first = U64_MAX };

		fadump_show_region(m, "CPU state", info->cpu_state_pa,
				   fadump.dump_ok ? fadump.old.cpu_state_size :
						    info->cpu_state_len,
				   info->cpu_state_len);
		if (info->hpte_len || (fadump.dump_ok && fadump.old.hpte_size))
			fadump_show_region(m, "HPTE", info->hpte_pa,
					   fadump.dump_ok ? fadump.old.hpte_size :
							    info->hpte_len,
					   info->hpte_len);
		for (i = 0; i < info->nr_boot_ranges; i++)
			fadump_show_boot(m, info->boot[i].src, info->boot[i].dst,
					 info->boot[i].size,
					 info->boot[i].dumped);
		if (info->param_len)
			fadump_show_region(m, "Bootargs area", info->param_pa,
					   info->param_len, info->param_len);

		/* Memory hot-added since boot is not preserved. */
		fadump_walk_held(fadump.held_top, &span, fadump_span_add);
		for (i = 0; i < fadump_nr_unplugged; i++) {
			const struct fadump_unplug *u = &fadump_unplugged[i];

			fadump_span_add(u->base, u->base + u->size, &span);
		}
		if (span.bytes)
			seq_printf(m, "Preserved memory: [%#016llx-%#016llx] %#llx bytes\n",
				   span.first, span.last, span.bytes);
	} else if (fadump.enabled && fadump.reserved) {
		fadump_show_region(m, "CPU state", l->cpu_state_pa,
				   l->cpu_state_size, 0);
		if (l->hpte_size)
			fadump_show_region(m, "HPTE", l->hpte_pa, l->hpte_size,
					   0);
		for (i = 0; i < l->nr_boot_ranges; i++) {
			u64 dst = l->boot_dst_pa;
			u32 j;

			for (j = 0; j < i; j++)
				dst += l->boot[j].size;
			fadump_show_boot(m, l->boot[i].base, dst,
					 l->boot[i].size, 0);
		}
		if (l->param_size)
			fadump_show_region(m, "Bootargs area", l->param_pa,
					   l->param_size, 0);
	}
	mutex_unlock(&fadump_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fadump_region);

/* ------------------------------------------------------------------ */

static int __init setup_fadump(void)
{
	int rc = 0;

	if (!fadump.ops)
		return 0;

	if (fadump.dump_active && !fadump.holding) {
		/* Nothing held the crashed kernel's memory: the dump is gone. */
		pr_info("discarding the firmware's dump (%s)\n",
			fadump.mode == FADUMP_MODE_OFF ? "fadump=off" :
			!fadump.info_ok ? "it cannot be used" :
					  "no memory could be held");
		rc = fadump.ops->invalidate_dump();
		if (rc)
			pr_err("%s: the firmware did not drop the dump (%d)\n",
			       fadump.ops->name, rc);
		WRITE_ONCE(fadump.dump_active, false);
	}

	if (fadump.enabled) {
		if (fadump.holding) {
			rc = fadump_setup_capture();
		} else {
			mutex_lock(&fadump_mutex);
			rc = fadump_register_locked();
			mutex_unlock(&fadump_mutex);
		}
		debugfs_create_file("fadump_region", 0444, arch_debugfs_dir,
				    NULL, &fadump_region_fops);
	}
	fadump_init_sysfs();
	return rc;
}

/* Before vmcore_init() (fs_initcall) reads elfcorehdr_addr. */
subsys_initcall(setup_fadump);
