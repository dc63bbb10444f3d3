// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the pure layout and range arithmetic.
 *
 * Everything here works on arguments only (no global state, no memblock,
 * no firmware), which is what lets fadump_kunit.c test it: parsing of
 * fadump= and of the 0/1 control files, sizing and splitting boot memory,
 * computing and checking a dump-area layout, checking the crash-info
 * header a crashed kernel left, the PT_LOAD segments of /proc/vmcore and
 * the memory blocks a capture kernel can take out of memblock.
 *
 * Relies on asm/fadump-internal.h only; the ELF core header builder is
 * in fadump-elf.c.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/kstrtox.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <linux/vmcore_info.h>

#include <asm/fadump-internal.h>

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

/**
 * fadump_bootargs_ok() - is a bootargs area's content a usable string?
 * @area: the area
 * @size: its size
 *
 * The content comes from the crashed kernel, through the firmware, and
 * ends up on the command line: it must be NUL-terminated inside the area
 * and printable ASCII up to the NUL.
 *
 * Return: true if so (an empty string is fine).
 */
bool fadump_bootargs_ok(const char *area, size_t size)
{
	size_t len = strnlen(area, size);

	return len < size && fadump_printable(area, len);
}

/**
 * fadump_fw_align() - the alignment of dump sections
 * @fw: the firmware's constraints
 *
 * Return: @fw->boot_align if it is a power of two above PAGE_SIZE,
 * PAGE_SIZE otherwise.
 */
u64 fadump_fw_align(const struct fadump_fw_info *fw)
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
 * @memmap: bytes of page structures the capture kernel needs for memory it
 *          cannot take out of its memory map (0 if it can take it all)
 *
 * Without crashkernel= the size is %FADUMP_DEFAULT_BOOT_MEM plus @memmap:
 * whatever the amount of RAM when the capture kernel can hot-add the
 * preserved memory back. The result is at least @fw->min_boot_mem and a
 * multiple of the firmware's alignment.
 *
 * Return: the boot memory size in bytes.
 */
u64 fadump_boot_mem_size(u64 requested, const struct fadump_fw_info *fw,
			 u64 memmap)
{
	u64 size = requested ?: FADUMP_DEFAULT_BOOT_MEM + memmap;

	size = max(size, fw->min_boot_mem);
	return ALIGN(size, fadump_fw_align(fw));
}

/* Append [@start, +@take) to @out, in pieces of at most @max (0: any). */
static int fadump_append_boot(struct fadump_range *out, u32 *n, u32 max_ranges,
			      u64 start, u64 take, u64 max)
{
	while (take) {
		struct fadump_range *last = *n ? &out[*n - 1] : NULL;
		u64 piece;

		if (last && last->base + last->size == start &&
		    (!max || last->size < max)) {
			piece = max ? min(take, max - last->size) : take;
			last->size += piece;
		} else {
			if (*n == max_ranges)
				return -E2BIG;
			piece = max ? min(take, max) : take;
			out[*n].base = start;
			out[*n].size = piece;
			(*n)++;
		}
		start += piece;
		take -= piece;
	}
	return 0;
}

/**
 * fadump_split_boot_mem() - find the ranges that make up boot memory
 * @mem: RAM ranges, ascending and not overlapping
 * @nr_mem: number of entries in @mem
 * @size: boot memory size, a multiple of @fw->boot_align
 * @fw: the firmware's limits: @fw->boot_align (a power of two) for range
 *      starts and sizes, at most @fw->max_boot_ranges ranges, none larger
 *      than @fw->max_range_size (0: no limit; else a multiple of
 *      @fw->boot_align)
 * @out: resulting ranges, room for min(@fw->max_boot_ranges,
 *       %FADUMP_MAX_BOOT_RANGES) entries
 * @nr_out: number of entries written to @out
 *
 * Boot memory is the first @size bytes of RAM in address order, skipping
 * holes; each range is trimmed to the alignment, adjacent pieces are
 * merged and a piece larger than the firmware takes is split.
 *
 * Return: 0; -E2BIG if that needs more than @fw->max_boot_ranges ranges;
 * -ENOMEM if RAM is smaller than @size; -EINVAL for bad arguments.
 */
int fadump_split_boot_mem(const struct fadump_range *mem, u32 nr_mem,
			  u64 size, const struct fadump_fw_info *fw,
			  struct fadump_range *out, u32 *nr_out)
{
	u64 align = fw->boot_align, max = fw->max_range_size;
	u64 left = size, prev_end = 0;
	u32 i, n = 0, max_ranges;

	if (!size || !is_power_of_2(align) || !IS_ALIGNED(size, align) ||
	    !fw->max_boot_ranges || !IS_ALIGNED(max, align))
		return -EINVAL;
	max_ranges = min_t(u32, fw->max_boot_ranges, FADUMP_MAX_BOOT_RANGES);

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
		if (fadump_append_boot(out, &n, max_ranges, start, take, max)) {
			pr_err("boot memory of %#llx bytes spans more than the %u ranges the firmware accepts; use a smaller crashkernel=\n",
			       size, max_ranges);
			return -E2BIG;
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

/* Boot ranges ascending, not empty and adding up; *@end: where they end */
static int fadump_check_boot_ranges(const struct fadump_layout *l, u64 *end)
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
	*end = prev_end;
	return 0;
}

/* Is every section of the dump area inside it? */
static bool fadump_sections_inside(const struct fadump_layout *l)
{
	return fadump_inside(l->boot_dst_pa, l->boot_mem_size,
			     l->area_start, l->area_size) &&
	       fadump_inside(l->crash_info_pa, FADUMP_CRASH_INFO_AREA,
			     l->area_start, l->area_size) &&
	       l->cpu_state_size &&
	       fadump_inside(l->cpu_state_pa, l->cpu_state_size,
			     l->area_start, l->area_size) &&
	       (!l->hpte_size || fadump_inside(l->hpte_pa, l->hpte_size,
					       l->area_start, l->area_size)) &&
	       fadump_inside(l->elfhdr_pa, l->elfhdr_size,
			     l->area_start, l->area_size);
}

/* Do two sections of the dump area overlap? */
static bool fadump_sections_overlap(const struct fadump_layout *l)
{
	u64 ci_size = FADUMP_CRASH_INFO_AREA + l->cpu_state_size;

	return fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			       l->crash_info_pa, ci_size) ||
	       fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			       l->hpte_pa, l->hpte_size) ||
	       fadump_overlaps(l->boot_dst_pa, l->boot_mem_size,
			       l->elfhdr_pa, l->elfhdr_size) ||
	       fadump_overlaps(l->crash_info_pa, ci_size,
			       l->hpte_pa, l->hpte_size) ||
	       fadump_overlaps(l->crash_info_pa, ci_size,
			       l->elfhdr_pa, l->elfhdr_size) ||
	       fadump_overlaps(l->hpte_pa, l->hpte_size,
			       l->elfhdr_pa, l->elfhdr_size);
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
	u64 boot_end;

	if (fadump_check_boot_ranges(l, &boot_end))
		return -EINVAL;
	if (!l->area_size || l->area_start + l->area_size < l->area_start ||
	    l->area_start < boot_end) {
		pr_err("layout: dump area [%#llx, size %#llx] wraps or is not above boot memory (ends %#llx)\n",
		       l->area_start, l->area_size, boot_end);
		return -EINVAL;
	}
	if (!fadump_sections_inside(l)) {
		pr_err("layout: a section lies outside the dump area [%#llx, size %#llx]\n",
		       l->area_start, l->area_size);
		return -EINVAL;
	}
	if (l->crash_info_pa + FADUMP_CRASH_INFO_AREA != l->cpu_state_pa) {
		pr_err("layout: crash info at %#llx is not right before the CPU state at %#llx\n",
		       l->crash_info_pa, l->cpu_state_pa);
		return -EINVAL;
	}
	if (fadump_sections_overlap(l)) {
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

/* The header's own fields: magic, version, sizes and byte order */
static int fadump_check_ci_header(const struct fadump_crash_info *ci)
{
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
	return 0;
}

/* The CPUs: nr_cpu_ids, the online mask and the crashing CPU */
static int fadump_check_ci_cpus(const struct fadump_crash_info *ci)
{
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
	return 0;
}

static int fadump_cmp_cpu_id(const void *a, const void *b)
{
	const struct fadump_cpu_id *x = a, *y = b;

	if (x->hw_id != y->hw_id)
		return x->hw_id < y->hw_id ? -1 : 1;
	return x->cpu < y->cpu ? -1 : x->cpu > y->cpu;
}

/**
 * fadump_sort_cpu_ids() - the crashed kernel's online CPUs by hardware id
 * @ci: a checked crash-info header
 * @out: room for every CPU of @ci's online mask
 *
 * For matching the firmware's register save area, which names CPUs by
 * hardware id, to logical CPUs in O(log n) each (fadump_find_cpu()).
 *
 * Context: any; sorts in place, allocates nothing.
 * Return: the number of entries stored, sorted by hardware id, then by
 * logical id.
 */
u32 fadump_sort_cpu_ids(const struct fadump_crash_info *ci,
			struct fadump_cpu_id *out)
{
	u32 cpu, n = 0;

	for_each_set_bit(cpu, cpumask_bits(&ci->online_mask), ci->nr_cpu_ids)
		out[n++] = (struct fadump_cpu_id){ ci->hw_id[cpu], cpu };
	sort(out, n, sizeof(*out), fadump_cmp_cpu_id, NULL);
	return n;
}

/**
 * fadump_find_cpu() - the logical CPU with a hardware id
 * @ids: from fadump_sort_cpu_ids()
 * @n: entries in @ids
 * @hw_id: the hardware id
 *
 * Context: any.
 * Return: the lowest logical id with @hw_id (a corrupt header may give
 * two CPUs the same), or %FADUMP_CPU_NONE if no online CPU has it.
 */
u32 fadump_find_cpu(const struct fadump_cpu_id *ids, u32 n, u32 hw_id)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (ids[mid].hw_id < hw_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo].hw_id == hw_id ? ids[lo].cpu : FADUMP_CPU_NONE;
}

/* The layout's fixed sections against what the firmware dumped and RAM */
static int fadump_check_ci_sections(const struct fadump_layout *l, u64 ci_pa,
				    const struct fadump_dump_info *info,
				    const struct fadump_range *ram, u32 nr_ram)
{
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
	return 0;
}

/* The registered boot ranges against the firmware's */
static int fadump_check_ci_boot(const struct fadump_layout *l,
				const struct fadump_dump_info *info)
{
	u64 off = 0;
	u32 i;

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

/**
 * fadump_ci_has_vmcoreinfo() - did the crashed kernel record VMCOREINFO?
 * @ci: the crash-info header
 * @ram: RAM ranges of this boot, sorted
 * @nr_ram: number of entries in @ram
 *
 * A crash before VMCOREINFO was set up (early in boot) records none.
 *
 * Return: true if @ci names a VMCOREINFO note of the expected size that
 * lies in RAM.
 */
bool fadump_ci_has_vmcoreinfo(const struct fadump_crash_info *ci,
			      const struct fadump_range *ram, u32 nr_ram)
{
	return ci->vmcoreinfo_size == VMCOREINFO_NOTE_SIZE &&
	       fadump_in_ram(ci->vmcoreinfo_pa, ci->vmcoreinfo_size, ram,
			     nr_ram);
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
	if (fadump_check_ci_header(ci) || fadump_check_ci_cpus(ci))
		return -EINVAL;
	/* Without VMCOREINFO the dump is degraded, not unusable. */
	if (!fadump_ci_has_vmcoreinfo(ci, ram, nr_ram))
		pr_warn("crash info: VMCOREINFO [%#llx, size %#llx] is not a note of %#lx bytes in RAM; the dump goes without it\n",
			ci->vmcoreinfo_pa, ci->vmcoreinfo_size,
			(unsigned long)VMCOREINFO_NOTE_SIZE);
	if (fadump_check_layout(&ci->layout) ||
	    fadump_check_ci_sections(&ci->layout, ci_pa, info, ram, nr_ram) ||
	    fadump_check_ci_boot(&ci->layout, info))
		return -EINVAL;
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

/* Step @cur over the cuts that cover it (not beyond @end). */
static u64 fadump_skip_cuts(u64 cur, u64 end, const struct fadump_range *cut,
			    u32 nr_cut)
{
	bool moved;
	u32 k;

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
	return cur;
}

/* A piece starting at @cur, which no cut covers, ends at the next cut. */
static u64 fadump_next_cut(u64 cur, u64 end, const struct fadump_range *cut,
			   u32 nr_cut)
{
	u64 piece_end = end;
	u32 k;

	for (k = 0; k < nr_cut; k++)
		if (cut[k].size && cut[k].base > cur &&
		    cut[k].base < piece_end)
			piece_end = cut[k].base;
	return piece_end;
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
	u32 i;

	if (!is_power_of_2(block))
		return -EINVAL;

	for (i = 0; i < nr_mem; i++) {
		u64 cur = mem[i].base, end = mem[i].base + mem[i].size;

		while (cur < end) {
			u64 piece_end, lo, hi;

			cur = fadump_skip_cuts(cur, end, cut, nr_cut);
			if (cur >= end)
				break;
			piece_end = fadump_next_cut(cur, end, cut, nr_cut);

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
/* Ranged release: the held runs, what a write may give back           */
/* ------------------------------------------------------------------ */

/**
 * fadump_parse_range() - parse a release_region write
 * @buf: the bytes written
 * @count: how many
 * @start: first byte
 * @size: number of bytes
 *
 * Accepts "<start> <size>", two unsigned numbers (decimal, or hex with
 * 0x, as kstrtou64() takes them) separated by one space, optionally
 * followed by a single newline.
 *
 * Return: 0, or -EBADMSG for anything else (@start and @size unchanged).
 */
int fadump_parse_range(const char *buf, size_t count, u64 *start, u64 *size)
{
	char tmp[48], *sp;
	u64 s, n;

	if (count && buf[count - 1] == '\n')
		count--;
	if (!count || count >= sizeof(tmp) || memchr(buf, '\0', count) ||
	    memchr(buf, '\n', count))
		return -EBADMSG;
	memcpy(tmp, buf, count);
	tmp[count] = '\0';
	sp = strchr(tmp, ' ');
	if (!sp)
		return -EBADMSG;
	*sp = '\0';
	if (kstrtou64(tmp, 0, &s) || kstrtou64(sp + 1, 0, &n))
		return -EBADMSG;
	*start = s;
	*size = n;
	return 0;
}

/**
 * fadump_cmp_range() - sort() comparison of struct fadump_range by base
 * @a: a range
 * @b: another range
 *
 * Return: -1, 0 or 1 as @a starts below, at or above @b.
 */
int fadump_cmp_range(const void *a, const void *b)
{
	const struct fadump_range *x = a, *y = b;

	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return 0;
}

/**
 * fadump_merge_ranges() - sort ranges and merge those that touch
 * @r: the ranges, rewritten in place
 * @n: how many
 *
 * Return: the number of ranges left in @r, sorted and neither
 * overlapping nor touching.
 */
u32 fadump_merge_ranges(struct fadump_range *r, u32 n)
{
	u32 i, k = 0;

	sort(r, n, sizeof(*r), fadump_cmp_range, NULL);
	for (i = 0; i < n; i++) {
		if (!r[i].size)
			continue;
		if (k && r[k - 1].base + r[k - 1].size >= r[i].base) {
			u64 end = max(r[k - 1].base + r[k - 1].size,
				      r[i].base + r[i].size);

			r[k - 1].size = end - r[k - 1].base;
			continue;
		}
		r[k++] = r[i];
	}
	return k;
}

/**
 * fadump_subtract_ranges() - what of some ranges is outside others
 * @a: sorted, disjoint ranges
 * @na: how many
 * @b: ranges to take out, sorted by base (they may overlap)
 * @nb: how many
 * @out: the result, sorted and disjoint; room for @na + @nb ranges
 *       always suffices
 * @max: room in @out
 *
 * Return: the number of ranges in @out, or -ENOSPC if @max is too small.
 */
int fadump_subtract_ranges(const struct fadump_range *a, u32 na,
			   const struct fadump_range *b, u32 nb,
			   struct fadump_range *out, u32 max)
{
	u32 i, j = 0, n = 0;

	for (i = 0; i < na; i++) {
		u64 cur = a[i].base, end = a[i].base + a[i].size;
		u32 k;

		while (j < nb && b[j].base + b[j].size <= cur)
			j++;
		for (k = j; k < nb && cur < end && b[k].base < end; k++) {
			if (b[k].base + b[k].size <= cur)
				continue;
			if (b[k].base > cur) {
				if (n == max)
					return -ENOSPC;
				out[n].base = cur;
				out[n++].size = b[k].base - cur;
			}
			cur = max(cur, b[k].base + b[k].size);
		}
		if (cur < end) {
			if (n == max)
				return -ENOSPC;
			out[n].base = cur;
			out[n++].size = end - cur;
		}
	}
	return n;
}

static bool fadump_touches(const struct fadump_range *r, u32 n, u64 start,
			   u64 end)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (r[i].base < end && start < r[i].base + r[i].size)
			return true;
	return false;
}

/**
 * fadump_check_release() - may a range of held memory be given back?
 * @runs: the runs of memory a ranged release can give back, released
 *        parts included: sorted, neither overlapping nor touching
 * @nr_runs: how many
 * @released: what was given back already
 * @nr_released: how many
 * @excl: what is never given back by range: boot memory, the dump and
 *        bootargs areas, memory reserved by the firmware or by others
 * @nr_excl: how many
 * @start: first byte of the range
 * @size: its size
 * @block: the granule: each end of the range must be a multiple of it
 *         or an end of a run
 *
 * Return: 0 if the range can be given back; -ENODATA if @size is 0,
 * -EOVERFLOW if the range wraps, -EBUSY if it touches @excl, -ERANGE if
 * it is not inside one run, -EALREADY if it touches @released, -EINVAL
 * if an end is neither a multiple of @block nor an end of its run.
 */
int fadump_check_release(const struct fadump_range *runs, u32 nr_runs,
			 const struct fadump_range *released, u32 nr_released,
			 const struct fadump_range *excl, u32 nr_excl,
			 u64 start, u64 size, u64 block)
{
	u64 end = start + size;
	u32 i;

	if (!size)
		return -ENODATA;
	if (end < start)
		return -EOVERFLOW;
	if (fadump_touches(excl, nr_excl, start, end))
		return -EBUSY;
	for (i = 0; i < nr_runs; i++)
		if (runs[i].base <= start &&
		    end <= runs[i].base + runs[i].size)
			break;
	if (i == nr_runs)
		return -ERANGE;
	if (fadump_touches(released, nr_released, start, end))
		return -EALREADY;
	if (!block || ((start % block) && start != runs[i].base) ||
	    ((end % block) && end != runs[i].base + runs[i].size))
		return -EINVAL;
	return 0;
}

/**
 * fadump_hotadd_chunk() - how much preserved memory one hot-add call takes
 * @left: bytes still to hot-add from the next address on
 * @block: the memory block size
 * @free: bytes the page allocator has free now
 * @memmap_per_block: bytes of page structures one memory block needs
 *
 * A capture kernel that gives the preserved memory back builds its page
 * structures out of memory that is online already. Each hot-add call
 * costs more than its blocks (with the hash MMU, memory hotplug asks the
 * hypervisor to resize the hashed page table on every call), so the
 * calls should be few and large: one call takes as many blocks as a
 * quarter of @free can hold the page structures of. The chunks grow as
 * memory comes back, and a few calls bring back any amount of RAM.
 *
 * Return: a whole number of blocks, at least one and no more than @left
 * holds; 0 if @block is 0 or @left is less than a block.
 */
u64 fadump_hotadd_chunk(u64 left, u64 block, u64 free, u64 memmap_per_block)
{
	u64 fit, blocks;

	if (!block || left < block)
		return 0;
	blocks = div64_u64(left, block);
	fit = memmap_per_block ? div64_u64(free / 4, memmap_per_block) : blocks;
	return clamp_val(fit, 1, blocks) * block;
}
