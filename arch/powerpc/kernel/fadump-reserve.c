// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: early-boot memory reservation.
 *
 * fadump_reserve_mem() runs once the command line is parsed. In a first
 * kernel it sizes boot memory (crashkernel= or a fixed default), splits
 * it into ranges around holes in RAM, finds a dump area above it that is
 * clear of what the firmware and prom_init use, reserves it and, unless
 * fadump=nocma, later hands the boot-memory copy to CMA
 * (fadump_cma_init()). In a capture kernel it leaves the work to
 * fadump_reserve_capture() (fadump-hold.c).
 *
 * Also here: the ranges of RAM and of firmware-reserved memory (the flat
 * device tree, its reserve map, the initrd) that the capture kernel and
 * the release need as well. Relies on the state in fadump-core.h and on
 * the pure helpers of fadump-layout.c and fadump-elf.c.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/cma.h>
#include <linux/crash_reserve.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/string.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>
#include <asm/mmu.h>
#include <asm/setup.h>

#include "fadump-core.h"

/* ------------------------------------------------------------------ */
/* Ranges of RAM and of firmware-reserved memory                      */
/* ------------------------------------------------------------------ */

/**
 * fadump_get_ram() - RAM as memblock has it
 * @out: result
 * @max: room in @out
 *
 * Context: early boot or process context; memblock must be kept.
 * Return: the number of ranges stored in @out, in address order; the
 * ranges beyond @max are left out.
 */
u32 fadump_get_ram(struct fadump_range *out, u32 max)
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

static struct fadump_range fadump_ram_tmp[FADUMP_MAX_EARLY_RAM] __initdata;

/**
 * fadump_early_ram() - RAM as memblock has it, in early boot
 * @nr: set to the number of ranges
 *
 * Context: early boot only; the ranges live in __initdata and the next
 * call overwrites them.
 * Return: up to %FADUMP_MAX_EARLY_RAM RAM ranges in address order; the
 * caller treats RAM above them as if it were not there (a capture kernel
 * holds it reserved, and says so here).
 */
const struct fadump_range * __init fadump_early_ram(u32 *nr)
{
	*nr = fadump_get_ram(fadump_ram_tmp, ARRAY_SIZE(fadump_ram_tmp));
	if (memblock.memory.cnt > ARRAY_SIZE(fadump_ram_tmp) &&
	    fadump.dump_active)
		pr_warn("RAM has %lu ranges: from %#llx on, preserved memory stays reserved, in the memory map\n",
			memblock.memory.cnt,
			fadump_ram_tmp[*nr - 1].base + fadump_ram_tmp[*nr - 1].size);
	return fadump_ram_tmp;
}

/**
 * fadump_add_excl() - append a range, widened to whole pages
 * @x: the array
 * @n: entries in @x so far
 * @base: start of the range
 * @size: its size; nothing is appended if 0
 *
 * The caller makes sure @x has room for one more.
 *
 * Return: the new number of entries.
 */
u32 fadump_add_excl(struct fadump_range *x, u32 n, u64 base, u64 size)
{
	if (size) {
		x[n].base = ALIGN_DOWN(base, PAGE_SIZE);
		x[n].size = ALIGN(base + size, PAGE_SIZE) - x[n].base;
		n++;
	}
	return n;
}

/* Append the (address, size) pairs of a "reg"-like property */
static u32 fadump_fdt_add_reg(struct fadump_range *x, u32 n, u32 max,
			      const __be32 *reg, int len, int ac, int sc)
{
	int cells = ac + sc;

	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 || len <= 0)
		return n;
	for (; len >= cells * (int)sizeof(*reg); len -= cells * sizeof(*reg)) {
		if (n < max && x)
			fadump_add_excl(x, n, of_read_number(reg, ac),
					of_read_number(reg + ac, sc));
		n += !!of_read_number(reg + ac, sc);
		reg += cells;
	}
	return n;
}

/**
 * fadump_fdt_memory_end() - find a flat tree's memory node range holding an address
 * @fdt: the tree
 * @ac: the root's #address-cells, 1 or 2 (the caller checks)
 * @sc: the root's #size-cells, 1 or 2 (the caller checks)
 * @addr: the physical address
 * @end: set to the end of the range found
 *
 * Looks through the "reg" ranges of the root's children of device_type
 * "memory"; for the backends' early checks of what the firmware reports.
 *
 * Context: any; reads @fdt only.
 * Return: true if a range holds @addr.
 */
bool fadump_fdt_memory_end(const void *fdt, int ac, int sc, u64 addr,
			   u64 *end)
{
	const fdt32_t *p, *lim;
	const char *type;
	u64 base, size;
	int node, len;

	fdt_for_each_subnode(node, fdt, 0) {
		type = fdt_getprop(fdt, node, "device_type", NULL);
		if (!type || strcmp(type, "memory"))
			continue;
		p = fdt_getprop(fdt, node, "reg", &len);
		if (!p || len < 0)
			continue;
		for (lim = p + len / sizeof(*p); lim - p >= ac + sc; p += ac + sc) {
			base = of_read_number(p, ac);
			size = of_read_number(p + ac, sc);
			if (addr >= base && addr - base < size) {
				*end = base + size;
				return true;
			}
		}
	}
	return false;
}

/**
 * fadump_fdt_reserved() - memory a flattened device tree reserves
 * @fdt: the tree
 * @x: result, NULL to count only
 * @max: room in @x
 *
 * The tree itself, its reserve map (RTAS, prom_init's allocations), the
 * regions of /reserved-memory's enabled children and the root's
 * "reserved-ranges" (OPAL): early boot reserves the last two only after
 * fadump_reserve_mem(), and they stay reserved when a dump is released.
 *
 * Context: any; reads @fdt only.
 * Return: how many non-empty page-aligned ranges there are; the first
 * @max of them are stored in @x.
 */
u32 fadump_fdt_reserved(const void *fdt, struct fadump_range *x, u32 max)
{
	const char *status;
	const __be32 *reg;
	int node, child, len, r;
	u32 n = 0;

	if (!fdt)
		return 0;
	if (x && n < max)
		fadump_add_excl(x, n, __pa(fdt), fdt_totalsize(fdt));
	n++;
	for (r = 0; r < fdt_num_mem_rsv(fdt); r++) {
		u64 base, size;

		if (fdt_get_mem_rsv(fdt, r, &base, &size) || !size)
			continue;
		if (x && n < max)
			fadump_add_excl(x, n, base, size);
		n++;
	}
	node = fdt_path_offset(fdt, "/reserved-memory");
	if (node >= 0) {
		fdt_for_each_subnode(child, fdt, node) {
			status = fdt_getprop(fdt, child, "status", NULL);
			if (status && strcmp(status, "okay") &&
			    strcmp(status, "ok"))
				continue;
			reg = fdt_getprop(fdt, child, "reg", &len);
			n = fadump_fdt_add_reg(x, n, max, reg, len,
					       fdt_address_cells(fdt, node),
					       fdt_size_cells(fdt, node));
		}
	}
	reg = fdt_getprop(fdt, 0, "reserved-ranges", &len);
	return fadump_fdt_add_reg(x, n, max, reg, len, fdt_address_cells(fdt, 0),
				  fdt_size_cells(fdt, 0));
}

/**
 * fadump_fw_reserved() - memory the firmware and the boot loader use
 * @x: result
 * @max: room in @x
 *
 * Memory the firmware and the boot loader handed us that early boot
 * reserves only after fadump_reserve_mem(), or that others still use when
 * the dump is released: what the device tree reserves
 * (fadump_fdt_reserved()) and a live initrd.
 *
 * Return: how many page-aligned ranges were stored in @x, at most
 * fadump_nr_fw_reserved().
 */
u32 fadump_fw_reserved(struct fadump_range *x, u32 max)
{
	u32 n = min(fadump_fdt_reserved(initial_boot_params, x, max), max);

	if (initrd_start && initrd_end > initrd_start && n < max)
		n = fadump_add_excl(x, n, __pa(initrd_start),
				    initrd_end - initrd_start);
	return n;
}

/**
 * fadump_nr_fw_reserved() - room fadump_fw_reserved() needs
 *
 * Return: the most ranges fadump_fw_reserved() can store.
 */
u32 fadump_nr_fw_reserved(void)
{
	return fadump_fdt_reserved(initial_boot_params, NULL, 0) + 1;
}

/* ------------------------------------------------------------------ */
/* First kernel: size boot memory, place and reserve the dump area     */
/* ------------------------------------------------------------------ */

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

static bool __init fadump_crashkernel_given(void)
{
	return strstr(boot_command_line, "crashkernel=");
}

/* Boot memory size asked for with crashkernel=, 0 if not given. */
static u64 __init fadump_requested_size(void)
{
	unsigned long long size, base;
	int rc;

	if (!fadump_crashkernel_given())
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

/* How much lower prom_init's allocations may reach in the next boot */
#define FADUMP_FW_SLACK		SZ_1M

static struct fadump_range fadump_fw_rsv[FADUMP_MAX_CUTS] __initdata;

/*
 * The firmware's reserved ranges into fadump_fw_rsv; their number, or 0
 * after a message if they do not all fit (then nothing is placed: a dump
 * area over one of them would be overwritten).
 */
static u32 __init fadump_get_fw_rsv(bool *ok)
{
	*ok = fadump_nr_fw_reserved() <= ARRAY_SIZE(fadump_fw_rsv);
	if (!*ok) {
		pr_err_once("the firmware reserves more than %zu ranges; no dump area\n",
			    ARRAY_SIZE(fadump_fw_rsv));
		return 0;
	}
	return fadump_fw_reserved(fadump_fw_rsv, ARRAY_SIZE(fadump_fw_rsv));
}

/**
 * fadump_alloc_below() - reserve memory clear of the firmware's
 * @size: bytes to reserve
 * @from: lowest address
 * @limit: end of the memory to take it from
 *
 * Reserves @size bytes in [@from, @limit), as high as possible, clear of
 * what the firmware reserved (not in memblock yet), aligned as the
 * firmware wants.
 *
 * Context: early boot.
 * Return: the physical address, or 0 if there is no room.
 */
u64 __init fadump_alloc_below(u64 size, u64 from, u64 limit)
{
	phys_addr_t pa;
	bool ok;
	u32 k, nr = fadump_get_fw_rsv(&ok);

	if (!ok)
		return 0;

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
 * Lowest @align-aligned free range of @size bytes in [@from, @limit) that
 * does not touch memory reserved by the firmware (not in memblock yet).
 */
static bool __init fadump_find_area(u64 from, u64 limit, u64 size, u64 align,
				    u64 *found)
{
	phys_addr_t start, end;
	u64 i, base;
	bool ok;
	u32 k, nr = fadump_get_fw_rsv(&ok);

	if (!ok)
		return false;

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

/**
 * fadump_boot_ranges() - boot ranges and ELF header room for a boot memory
 * @size: boot memory size
 * @boot: result, room for %FADUMP_MAX_BOOT_RANGES entries
 * @nr_boot: number of entries written to @boot
 * @elfhdr: room the capture kernel needs for the ELF core header
 *
 * Splits the first @size bytes of RAM into boot ranges and sizes the ELF
 * core header room for them.
 *
 * Context: early boot.
 * Return: 0, or fadump_split_boot_mem()'s error.
 */
int __init fadump_boot_ranges(u64 size, struct fadump_range *boot,
			      u32 *nr_boot, u64 *elfhdr)
{
	const struct fadump_range *ram;
	u32 nr_ram;
	int rc;

	ram = fadump_early_ram(&nr_ram);
	rc = fadump_split_boot_mem(ram, nr_ram, size, &fadump.fw, boot,
				   nr_boot);
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

/*
 * Without memory hotplug, or with an LMB size that is not a power of two,
 * the capture kernel keeps all of RAM in its memory map: the page
 * structures for it then come out of boot memory, which has to grow with
 * RAM; so it does for RAM beyond the first %FADUMP_MAX_EARLY_RAM ranges,
 * which the capture kernel keeps too. Returns their size, 0 if the
 * capture kernel can take all preserved memory out; @requested is the
 * size crashkernel= asks for.
 */
/* Bytes of RAM in the ranges the capture kernel does not look at */
static u64 __init fadump_ram_beyond_early(void)
{
	phys_addr_t start, end;
	u64 i, bytes = 0;
	u32 n = 0;

	for_each_mem_range(i, &start, &end)
		if (n++ >= FADUMP_MAX_EARLY_RAM)
			bytes += end - start;
	return bytes;
}

static u64 __init fadump_fallback_memmap(u64 requested)
{
	const char *what = "all RAM: the capture kernel cannot hot-add memory";
	u64 kept = memblock_phys_mem_size(), memmap;

	if (fadump_early_block_size()) {
		kept = fadump_ram_beyond_early();
		what = "RAM beyond the ranges the capture kernel looks at";
	}
	if (!kept)
		return 0;
	memmap = fadump_memmap_bytes(kept);
	if (requested)
		pr_warn("the boot memory crashkernel= gives must also hold %#llx bytes of page structures for %s\n",
			memmap, what);
	else
		pr_info("default boot memory grows by %#llx bytes, the page structures for %s\n",
			memmap, what);
	return memmap;
}

static int __init fadump_reserve_first(void)
{
	struct fadump_layout *l = &fadump.layout;
	u64 asked, requested, size, copy_align, param_pa = 0, param_size = 0;
	u64 align = fadump.fw.boot_align;
	char note[64] = "";
	int rc;

	copy_align = align;
	if (fadump.mode != FADUMP_MODE_NOCMA)
		copy_align = max_t(u64, align, PAGE_SIZE << MAX_PAGE_ORDER);

	requested = fadump_requested_size();
	asked = fadump_boot_mem_size(requested, &fadump.fw,
				     fadump_fallback_memmap(requested));
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
 * The caller reserves memory for kdump only when fadump is not in use:
 * say what became of crashkernel=.
 */
static void __init fadump_note_kdump(bool in_use)
{
	if (!fadump_crashkernel_given())
		return;
	if (in_use)
		pr_info("crashkernel= sizes fadump's boot memory: no memory is reserved for kdump, kexec -p cannot load a crash kernel while fadump is in use\n");
	else if (fadump.mode != FADUMP_MODE_OFF)
		pr_info("not in use: crashkernel= reserves memory for kdump (kexec -p) instead\n");
}

/**
 * fadump_reserve_mem() - reserve memory for firmware-assisted dump
 *
 * First kernel with fadump=on|nocma: reserve the dump area above boot
 * memory. Capture kernel: hold all memory outside boot memory, with
 * CONFIG_MEMORY_HOTPLUG mostly by taking it out of memblock. If fadump is
 * not in use (fadump=off, firmware without dump support, no room for the
 * dump area), the caller reserves crashkernel= for kdump instead.
 *
 * Context: early boot, after the command line is parsed.
 * Return: 1 if fadump is in use this boot (no kdump reservation needed),
 * 0 otherwise.
 */
int __init fadump_reserve_mem(void)
{
	int rc;

	if (!fadump.ops || fadump.mode == FADUMP_MODE_OFF) {
		fadump_note_kdump(false);
		return 0;
	}

	if (fadump.dump_active && fadump.info_ok &&
	    !fadump_reserve_capture()) {
		fadump.holding = true;
		fadump.enabled = true;
		fadump_note_kdump(true);
		return 1;
	}

	/* No (usable) dump: it is dropped in setup_fadump(), start afresh. */
	rc = fadump_reserve_first();
	if (rc) {
		pr_err("firmware-assisted dump disabled (%d)\n", rc);
		fadump_note_kdump(false);
		return 0;
	}
	fadump.enabled = true;
	fadump_note_kdump(true);
	return 1;
}

/**
 * fadump_cma_init() - hand the boot-memory copy area to CMA
 *
 * Until a crash the copy area is unused; as a CMA area it serves movable
 * allocations. Not done with fadump=nocma or without CONFIG_CMA, nor in a
 * capture kernel (the area holds the dump).
 *
 * Context: early boot, after pageblock_order is set.
 */
void __init fadump_cma_init(void)
{
	const struct fadump_layout *l = &fadump.layout;
	u64 size;
	int rc;

	if (!IS_ENABLED(CONFIG_CMA) || !fadump.enabled || !fadump.reserved ||
	    fadump.holding || fadump.mode == FADUMP_MODE_NOCMA)
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
	if (rc) {
		pr_warn("cannot make the copy area a CMA area (%d); it stays reserved\n",
			rc);
		return;
	}
	/*
	 * The firmware copies boot memory there on a crash: if activating
	 * the CMA area fails later, its pages must stay reserved, not go to
	 * the page allocator as ordinary memory.
	 */
	cma_reserve_pages_on_error(fadump.cma);
}
