// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the capture kernel gives the preserved memory
 * back.
 *
 * Writing 1 to /sys/kernel/fadump/release_mem (fadump-sysfs.c) calls
 * fadump_release_locked(). In this order: the firmware drops the dump and
 * the crashed kernel's crash-info header is made invalid (if the firmware
 * refuses, nothing else happens), /proc/vmcore goes away
 * (fadump_drop_vmcore(), fadump-capture.c), the memory held since early
 * boot (fadump-hold.c) is freed where it was reserved and hot-added back
 * where it was taken out of memblock, and unless fadump_rearm=0 the
 * kernel registers again with the dump area laid out at boot. A reset or
 * a crash at any point of it boots with the whole dump (before the
 * firmware dropped it) or with none. What could not be hot-added can be
 * retried by writing 1 again.
 *
 * Relies on the state in fadump-core.h.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <asm/fadump-internal.h>

#include "fadump-core.h"

/**
 * fadump_free_range() - free the still-reserved pages of a held range
 * @start: first byte
 * @end: end (exclusive); only whole pages inside [@start, @end) are freed
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: the number of bytes freed.
 */
u64 fadump_free_range(u64 start, u64 end)
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

/**
 * fadump_release_excl() - what release must not free
 * @nr: set to the number of ranges returned
 * @with_released: include what release_region gave back already
 *
 * Boot memory, our own dump area and bootargs area, and what others
 * reserved in there meanwhile (the flattened device tree, its reserve map
 * entries such as RTAS, a live initrd), widened to whole pages.
 *
 * Context: process context, fadump_mutex held.
 * Return: the ranges, sorted by base, to kfree(); NULL if there is no
 * memory for the list.
 */
struct fadump_range *fadump_release_excl(u32 *nr, bool with_released)
{
	const struct fadump_layout *l = &fadump.layout;
	struct fadump_range *excl;
	u32 n = 0, k, max;

	max = fadump.info.nr_boot_ranges + 2 + fadump_nr_fw_reserved() +
	      (with_released ? fadump.nr_released : 0);
	excl = kcalloc(max, sizeof(*excl), GFP_KERNEL);
	if (!excl)
		return NULL;
	for (k = 0; with_released && k < fadump.nr_released; k++)
		excl[n++] = fadump.released[k];

	for (k = 0; k < fadump.info.nr_boot_ranges; k++)
		n = fadump_add_excl(excl, n, fadump.info.boot[k].src,
				    fadump.info.boot[k].size);
	if (fadump.reserved) {
		n = fadump_add_excl(excl, n, l->area_start, l->area_size);
		n = fadump_add_excl(excl, n, l->param_pa, l->param_size);
	}
	n += fadump_fw_reserved(excl + n, max - n);
	sort(excl, n, sizeof(*excl), fadump_cmp_range, NULL);
	*nr = n;
	return excl;
}

/*
 * Everything outside boot memory, below the end of RAM at boot, was
 * reserved in early boot: free it but for the sorted ranges @excl.
 */
static u64 fadump_free_preserved(const struct fadump_range *excl, u32 n)
{
	phys_addr_t start, end;
	u64 i, freed = 0;
	u32 k;

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
	return freed;
}

/* Bytes taken out of memblock at boot that are still to be hot-added */
static u64 fadump_unplugged_left(void)
{
	u64 left = 0;
	u32 k;

	for (k = 0; k < fadump.nr_unplugged; k++)
		if (!fadump.unplugged[k].permanent)
			left += fadump.unplugged[k].size - fadump.unplugged[k].added;
	return left;
}

/**
 * fadump_hotplug_block() - hot-add the next memory block of preserved memory
 * @u: a range taken out of memblock at boot, not all added back
 * @block: the memory block size
 *
 * Adds [@u->base + @u->added, + @block) and, if that worked, grows
 * @u->added.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0 or -errno (after a message; nothing changed).
 */
int fadump_hotplug_block(struct fadump_unplug *u, u64 block)
{
	u64 at = u->base + u->added;
	int err;

	err = fadump_inject_failure() ? -EIO : fadump_hotplug_add(at, block);
	if (err) {
		pr_err("cannot hot-add [%#llx-%#llx] (%d); %#llx bytes of preserved memory stay offline, write 1 to release_mem to try again\n",
		       at, at + block - 1, err, u->size - u->added);
		return err;
	}
	WRITE_ONCE(u->added, u->added + block);
	return 0;
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
	for (k = 0; k < fadump.nr_unplugged; k++) {
		struct fadump_unplug *u = &fadump.unplugged[k];

		if (u->permanent || u->added == u->size)
			continue;
		if (!block || !IS_ALIGNED(u->base | u->size, block)) {
			pr_err("preserved memory [%#llx-%#llx] is not made of %#llx-byte memory blocks; it stays offline\n",
			       u->base, u->base + u->size - 1, block);
			rc = rc ?: -EINVAL;
			continue;
		}
		while (u->added < u->size) {
			err = fadump_hotplug_block(u, block);
			if (err) {
				rc = rc ?: err;
				break;
			}
			*added += block;
			cond_resched();
		}
	}
	return rc;
}

/**
 * fadump_drop_dump() - have the firmware drop the dump, first of all
 *
 * From then on a reset or a crash of this kernel boots without a dump,
 * never with one whose memory outside boot memory was given back and
 * reused. The crashed kernel's header goes too, so that nothing can
 * validate it again. Once is enough: a ranged release drops it with its
 * first range.
 *
 * Context: process context, fadump_mutex held.
 * Return: 0, or the firmware's -errno (after a message; nothing changed).
 */
int fadump_drop_dump(void)
{
	int rc;

	if (!fadump.dump_active)
		return 0;
	rc = fadump_inject_failure() ? -EIO : fadump.ops->invalidate_dump();
	if (rc) {
		pr_err("%s: the firmware did not drop the dump (%d); nothing was released, write 1 to release_mem to try again\n",
		       fadump.ops->name, rc);
		return rc;
	}
	WRITE_ONCE(fadump.dump_active, false);
	fadump_forget_crash_info();
	return 0;
}

/**
 * fadump_release_pending() - is released memory left to hot-add?
 *
 * Context: fadump_mutex held.
 * Return: true if some memory a release gave back is still offline
 * because its hot-add failed; writing release_mem tries it again.
 */
bool fadump_release_pending(void)
{
	return fadump_unplugged_left();
}

/**
 * fadump_release_locked() - give the preserved memory back
 *
 * Capture kernel: has the firmware drop the dump, removes /proc/vmcore,
 * frees the held memory and hot-adds back what was taken out of
 * memblock and, unless fadump_rearm=0, registers again. If the firmware
 * cannot drop the dump, nothing changes: the dump stays readable and
 * held. After a release, retries hot-adding what could not be added.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0, -ENODEV if there is nothing (left) to release, -ENOMEM, the
 * firmware's -errno (nothing released), or the first hot-add error.
 */
int fadump_release_locked(void)
{
	struct fadump_range *excl;
	u64 freed, added = 0;
	int rc, plug_rc;
	u32 nr_excl;

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

	excl = fadump_release_excl(&nr_excl, true);
	if (!excl)
		return -ENOMEM;
	rc = fadump_drop_dump();
	if (rc) {
		kfree(excl);
		return rc;
	}
	/* Nothing may read the memory any more. */
	fadump_drop_vmcore();

	freed = fadump_free_preserved(excl, nr_excl);
	kfree(excl);
	plug_rc = fadump_plug_back(&added);
	pr_info("released %#llx bytes of the crashed kernel's memory (%#llx freed, %#llx hot-added)\n",
		freed + added, freed, added);
	WRITE_ONCE(fadump.holding, false);
	fadump.info_ok = false;
	kfree(fadump.released);
	fadump.released = NULL;
	fadump.nr_released = 0;

	if (fadump.rearm)
		fadump_register_locked();
	return plug_rc;
}
