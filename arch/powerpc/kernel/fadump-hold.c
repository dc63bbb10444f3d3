// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the capture kernel holds the crashed kernel's
 * memory (early boot).
 *
 * A kernel the firmware booted with a dump runs in boot memory only;
 * everything else is the crashed kernel's memory or the dump area, and
 * fadump_reserve_capture() keeps all of it away from the allocator until
 * the dump is released (fadump-release.c). It also lays out this
 * kernel's own dump area where the crashed kernel's was, for registering
 * again after the release.
 *
 * With CONFIG_MEMORY_HOTPLUG most of the preserved memory is taken out
 * of memblock (memblock_remove()) rather than reserved, so that this
 * kernel builds no struct pages for it and boot memory need not grow
 * with RAM. /proc/vmcore reads such memory through a window that is mapped
 * where the read is (fadump-oldmem.c, called by copy_oldmem_page()) and
 * mmap()s it with remap_pfn_range(), neither of which needs a struct
 * page. Release drops the window and hot-adds the memory back.
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
 * registration go by the layout, not by memblock. What was removed is
 * recorded in &fadump_state.unplugged.
 *
 * Relies on the state in fadump-core.h, on the RAM and firmware-reserved
 * ranges of fadump-reserve.c and on fadump_split_removable()
 * (fadump-layout.c).
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/string.h>

#include <asm/fadump-internal.h>

#include "fadump-core.h"

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

static struct fadump_range fadump_cuts[FADUMP_MAX_CUTS] __initdata;
static struct fadump_range fadump_unplug_tmp[FADUMP_MAX_UNPLUGGED] __initdata;
static struct fadump_range fadump_fw_tmp[FADUMP_MAX_CUTS] __initdata;

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

/**
 * fadump_early_block_size() - the memory block size hot-add will use
 *
 * memory_block_size_bytes() is not known yet in early boot: like the code
 * that sets it later, take the LMB size, and without one 1 GiB, a multiple
 * of whatever smaller size it picks.
 *
 * Context: early boot, flat device tree.
 * Return: the size; 0 without memory hotplug or if the LMB size is not a
 * power of two: then no memory can be taken out of memblock.
 */
u64 __init fadump_early_block_size(void)
{
	u64 lmb = 0;

	if (!IS_ENABLED(CONFIG_MEMORY_HOTPLUG))
		return 0;

	of_scan_flat_dt(fadump_scan_lmb_size, &lmb);
	if (!lmb)
		lmb = SZ_1G;
	if (!is_power_of_2(lmb))
		return 0;
	return max_t(u64, lmb, MIN_MEMORY_BLOCK_SIZE);
}

/* Does [base, base + size) lie in the capture kernel's boot memory? */
static bool __init fadump_in_boot_mem(u64 base, u64 size)
{
	const struct fadump_dump_info *info = &fadump.info;
	u32 b;

	for (b = 0; b < info->nr_boot_ranges; b++)
		if (fadump_inside(base, size, info->boot[b].src,
				  info->boot[b].size))
			return true;
	return false;
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
 * The ranges that stay in memblock (see above) into fadump_cuts; @l is
 * our own dump area, NULL if there is none. Reserved ranges inside boot
 * memory, which is a cut of its own, are left out. Returns how many
 * there are; ARRAY_SIZE(fadump_cuts) or more means too many.
 */
static u32 __init fadump_collect_cuts(const struct fadump_layout *l)
{
	const struct fadump_dump_info *info = &fadump.info;
	phys_addr_t start, end;
	u32 n = 0, b, k, nr_fw;
	u64 ci_pa, i;

	for_each_reserved_mem_range(i, &start, &end)
		if (!fadump_in_boot_mem(start, end - start))
			n = fadump_add_cut(n, start, end - start);
	if (fadump_nr_fw_reserved() > ARRAY_SIZE(fadump_fw_tmp))
		return ARRAY_SIZE(fadump_cuts);
	nr_fw = fadump_fw_reserved(fadump_fw_tmp, ARRAY_SIZE(fadump_fw_tmp));
	for (k = 0; k < nr_fw; k++)
		if (!fadump_in_boot_mem(fadump_fw_tmp[k].base,
					fadump_fw_tmp[k].size))
			n = fadump_add_cut(n, fadump_fw_tmp[k].base,
					   fadump_fw_tmp[k].size);
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
	return n;
}

/*
 * The whole memory blocks to take out into fadump_unplug_tmp: first those
 * of our own dump area's boot-memory copy (*@nr_perm of them, for good),
 * then those of the rest of RAM outside the @n cuts. Returns how many
 * follow the permanent ones, or -errno.
 */
static int __init fadump_find_removable(const struct fadump_layout *l, u32 n,
					u64 block, int *nr_perm)
{
	struct fadump_range copy;
	const struct fadump_range *ram;
	u32 nr_ram;

	*nr_perm = 0;
	if (l) {
		copy.base = l->area_start;
		copy.size = l->crash_info_pa - l->area_start;
		*nr_perm = fadump_split_removable(&copy, 1, fadump_cuts, n, block,
						  fadump_unplug_tmp,
						  ARRAY_SIZE(fadump_unplug_tmp));
		n = fadump_add_cut(n, l->area_start, l->area_size);
	}
	if (*nr_perm < 0)
		return *nr_perm;
	ram = fadump_early_ram(&nr_ram);
	return fadump_split_removable(ram, nr_ram, fadump_cuts, n, block,
				      fadump_unplug_tmp + *nr_perm,
				      ARRAY_SIZE(fadump_unplug_tmp) - *nr_perm);
}

/* memblock_remove() the first @nr ranges of fadump_unplug_tmp; bytes removed */
static u64 __init fadump_take_out(int nr, int nr_perm)
{
	u64 removed = 0;
	int b;

	for (b = 0; b < nr; b++) {
		struct fadump_unplug *u = &fadump.unplugged[fadump.nr_unplugged];

		if (memblock_remove(fadump_unplug_tmp[b].base,
				    fadump_unplug_tmp[b].size))
			continue;
		u->base = fadump_unplug_tmp[b].base;
		u->size = fadump_unplug_tmp[b].size;
		u->permanent = b < nr_perm;
		fadump.nr_unplugged++;
		removed += u->size;
	}
	return removed;
}

/*
 * Take the whole memory blocks of preserved memory out of memblock, see
 * above. @l is our own dump area, NULL if there is none. Returns the
 * number of bytes removed.
 */
static u64 __init fadump_unplug_preserved(const struct fadump_layout *l)
{
	u64 block, removed;
	int nr, nr_perm;
	u32 n;

	block = fadump_early_block_size();
	if (!block) {
		pr_info("no memory hotplug: holding all preserved memory reserved, in the memory map boot memory was sized for\n");
		return 0;
	}

	n = fadump_collect_cuts(l);
	/* One spare slot, for the whole of our dump area */
	if (n >= ARRAY_SIZE(fadump_cuts)) {
		pr_warn("more than %zu reserved ranges outside boot memory; holding all preserved memory reserved: boot memory must hold %#llx bytes of page structures for it\n",
			ARRAY_SIZE(fadump_cuts) - 1,
			fadump_memmap_bytes(memblock_phys_mem_size()));
		return 0;
	}

	nr = fadump_find_removable(l, n, block, &nr_perm);
	if (nr < 0) {
		pr_warn("cannot split the preserved memory into memory blocks (%d); holding it all reserved\n",
			nr);
		return 0;
	}

	removed = fadump_take_out(nr_perm + nr, nr_perm);
	pr_info("took %#llx bytes of preserved memory in %u range(s) out of memblock (memory block size %#llx)\n",
		removed, fadump.nr_unplugged, block);
	return removed;
}

/**
 * fadump_walk_held() - walk the held memory still in memblock
 * @top: end of the walk, &fadump_state.held_top
 * @arg: passed to @fn
 * @fn: called with each piece [start, end)
 *
 * Capture kernel: calls @fn on every piece of memblock memory below @top
 * outside the firmware's boot ranges (which fadump_reserve_capture()
 * checked to be sorted), i.e. on the held memory still in memblock.
 *
 * Context: early boot, or with fadump_mutex held.
 */
void fadump_walk_held(u64 top, void *arg,
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

/**
 * fadump_reserve_capture() - hold the crashed kernel's memory
 *
 * Capture kernel: keeps every byte outside boot memory (the crashed
 * kernel's memory and the dump area) away from the allocator: out of
 * memblock where whole memory blocks allow it, reserved elsewhere. Lays
 * out this kernel's own dump area for registering again.
 *
 * Context: early boot, from fadump_reserve_mem().
 * Return: 0, or -EINVAL if the firmware's boot ranges are unusable.
 */
int __init fadump_reserve_capture(void)
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
