// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the bootargs parameter area.
 *
 * A first kernel reserves a small area below the RMA that the firmware
 * preserves across the crash; /sys/kernel/fadump/bootargs_append
 * (fadump-sysfs.c) writes a string into it. The capture kernel appends
 * that string to its command line in early boot, before the command line
 * is parsed (fadump_append_bootargs()), and keeps the area, content
 * included, for registering again, or makes a new one.
 *
 * Relies on the state in fadump-core.h and on fadump_alloc_below()
 * (fadump-reserve.c).
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/init.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>
#include <asm/mmu.h>
#include <asm/setup.h>

#include "fadump-core.h"

/* Bootargs the crashed kernel asked this capture kernel to append. */
static char fadump_old_args[COMMAND_LINE_SIZE] __initdata;

/* The bootargs area was the crashed kernel's, content included. */
static bool fadump_param_reused __initdata;

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
	if (!fadump_bootargs_ok(args, info->param_len)) {
		pr_err("bootargs area holds no NUL-terminated printable string; not appended\n");
		return;
	}
	len = strlen(args);
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

static u64 __init fadump_param_limit(void)
{
	/* Read in real mode by the capture kernel's early boot */
	return min_t(u64, fadump.fw.max_meta_addr, ppc64_rma_size ?: U64_MAX);
}

/**
 * fadump_alloc_param_area() - reserve a bootargs area
 * @boot_end: end of boot memory
 * @size: size of the area
 *
 * Reserves the bootargs area below the RMA limit, preferably above boot
 * memory and prom_init's allocations, where the capture kernel's early
 * boot does not write.
 *
 * Context: early boot.
 * Return: its physical address, or 0 (after a warning) if there is no room.
 */
u64 __init fadump_alloc_param_area(u64 boot_end, u64 size)
{
	u64 limit = fadump_param_limit();
	u64 pa;

	/*
	 * Never below FADUMP_PROM_TOP: firmware, the boot loader and
	 * prom_init write there in every boot, the capture kernel's too.
	 * Inside boot memory is fine, the firmware copies it first.
	 */
	pa = fadump_alloc_below(size, max_t(u64, boot_end, FADUMP_PROM_TOP),
				limit);
	if (!pa)
		pa = fadump_alloc_below(size, FADUMP_PROM_TOP, limit);
	if (!pa)
		pr_warn("no room between %#llx and %#llx for the bootargs area; bootargs_append is unavailable\n",
			(u64)FADUMP_PROM_TOP, limit);
	return pa;
}

/**
 * fadump_rearm_param_area() - a bootargs area for registering again
 *
 * Capture kernel: keeps the crashed kernel's bootargs area (its content
 * is what this boot appended) for registering again, or makes a new one,
 * and records it in &fadump_state.layout.
 *
 * Context: early boot, after the re-arm layout was computed.
 */
void __init fadump_rearm_param_area(void)
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
	    info->param_pa >= FADUMP_PROM_TOP &&
	    info->param_pa + size <= fadump_param_limit() &&
	    !memblock_reserve(info->param_pa, size)) {
		l->param_pa = info->param_pa;
		/* Kept as it is only if it holds a string we would append. */
		fadump_param_reused = fadump_bootargs_ok(__va(l->param_pa),
							 size);
	} else {
		l->param_pa = fadump_alloc_param_area(boot_end, size);
	}
	if (l->param_pa)
		l->param_size = size;
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
