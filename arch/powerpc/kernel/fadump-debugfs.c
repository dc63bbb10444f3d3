// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the debugfs file powerpc/fadump_region.
 *
 * It shows the regions of this kernel's registration or, in a capture
 * kernel until the release, what the firmware reports about the dump and
 * which memory is held. The format is below, with the code that prints
 * it; Documentation/arch/powerpc/firmware-assisted-dump.rst shows
 * examples. Relies on the state in fadump-core.h.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/init.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>

#include <asm/fadump-internal.h>

#include "fadump-core.h"

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
 *   Given back: <size> bytes in <n> range(s)
 *   Hot-adding: <size> bytes still to come
 *   Hot-add failed (<-errno>): <size> bytes offline, write 1 to release_mem to retry
 *
 * HPTE appears only if the firmware offers (or, in a capture kernel,
 * dumped) one; there is one Boot memory line per boot range; Bootargs
 * area appears only if the firmware keeps one. Before a crash (and after
 * a dump was released) the regions are this kernel's registration and
 * Dumped is 0x0. While a dump is held, they are what the firmware
 * reports, then a line gives the lowest and highest byte held outside
 * boot memory and the number of bytes held at boot, and once
 * release_region gave ranges back, a last line sums them. After a
 * release, while the memory taken out of memblock is hot-added in the
 * background, a last line says how much is still to come, or, if a
 * hot-add failed, how much stays offline until release_mem is written
 * again. Nothing is printed if fadump is not in use.
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

/* Capture kernel: the dump as the firmware reports it, and what is held */
static void fadump_show_held(struct seq_file *m)
{
	const struct fadump_dump_info *info = &fadump.info;
	struct fadump_span span = { .first = U64_MAX };
	u64 given = 0;
	u32 i;

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
	for (i = 0; i < fadump.nr_unplugged; i++) {
		const struct fadump_unplug *u = &fadump.unplugged[i];

		fadump_span_add(u->base, u->base + u->size, &span);
	}
	if (span.bytes)
		seq_printf(m, "Preserved memory: [%#016llx-%#016llx] %#llx bytes\n",
			   span.first, span.last, span.bytes);
	for (i = 0; i < fadump.nr_released; i++)
		given += fadump.released[i].size;
	if (fadump.nr_released)
		seq_printf(m, "Given back: %#llx bytes in %u range(s)\n",
			   given, fadump.nr_released);
}

/* This kernel's registration */
static void fadump_show_registered(struct seq_file *m)
{
	const struct fadump_layout *l = &fadump.layout;
	u32 i;

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

/* After a release: the background hot-add, while memory is to come */
static void fadump_show_plugging(struct seq_file *m)
{
	u64 left = fadump_unplugged_left();

	if (fadump.plugging)
		seq_printf(m, "Hot-adding: %#llx bytes still to come\n", left);
	else if (left)
		seq_printf(m, "Hot-add failed (%d): %#llx bytes offline, write 1 to release_mem to retry\n",
			   fadump.plug_err, left);
}

/**
 * fadump_region_show() - print powerpc/fadump_region
 * @m: the seq_file to print to
 * @unused: unused
 *
 * The walk of what is held reads memblock, whose arrays a memory hot-add
 * (a DLPAR add in the capture kernel, or the release's own) may
 * reallocate; the whole show therefore runs with memory hotplug held
 * off, after fadump_mutex, in the release's lock order.
 *
 * Context: process context; takes fadump_mutex, then get_online_mems().
 * Return: 0.
 */
int fadump_region_show(struct seq_file *m, void *unused)
{
	mutex_lock(&fadump_mutex);
	get_online_mems();
	if (fadump.holding)
		fadump_show_held(m);
	else if (fadump.enabled && fadump.reserved)
		fadump_show_registered(m);
	if (!fadump.holding && fadump.enabled)
		fadump_show_plugging(m);
	put_online_mems();
	mutex_unlock(&fadump_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fadump_region);

/*
 * powerpc/fail_fadump (CONFIG_FAULT_INJECTION_DEBUG_FS): the standard
 * fault-injection knobs (Documentation/fault-injection/), making the
 * calls the core checks with fadump_inject_failure() fail.
 */
static DECLARE_FAULT_ATTR(fadump_fail_fw);

/**
 * fadump_inject_failure() - should a call fail on purpose?
 *
 * For tests of the error paths: asked before a call whose failure the
 * core must survive (invalidating the dump and each hot-add on release;
 * the request for the dump on a crash).
 *
 * Context: any; lockless, as should_fail() is.
 * Return: true if the fault-injection settings of powerpc/fail_fadump
 * say this call fails; always false without CONFIG_FAULT_INJECTION.
 */
bool fadump_inject_failure(void)
{
	return should_fail(&fadump_fail_fw, 1);
}

/**
 * fadump_init_debugfs() - create powerpc/fadump_region in debugfs
 *
 * And powerpc/fail_fadump with CONFIG_FAULT_INJECTION_DEBUG_FS.
 *
 * Context: initcall, from setup_fadump(), if fadump is in use.
 */
void __init fadump_init_debugfs(void)
{
	debugfs_create_file("fadump_region", 0444, arch_debugfs_dir, NULL,
			    &fadump_region_fops);
	if (IS_ENABLED(CONFIG_FAULT_INJECTION_DEBUG_FS))
		fault_create_debugfs_attr("fail_fadump", arch_debugfs_dir,
					  &fadump_fail_fw);
}
