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
 * boot (fadump-hold.c) is freed where it was reserved, and unless
 * fadump_rearm=0 the kernel registers again with the dump area laid out
 * at boot; then the write returns. What was taken out of memblock comes
 * back in the background (fadump_plug_fn()): a few large hot-add calls,
 * each as large as the memory already online can hold the page
 * structures of. release_mem stays until all of it is online, and the
 * debugfs region file shows what is still to come. A reset or a crash at
 * any point of it boots with the whole dump (before the firmware dropped
 * it) or with none (after: the kernel is armed again). What could not be
 * hot-added can be retried by writing 1 again.
 *
 * Relies on the state in fadump-core.h.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/ktime.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

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

/**
 * fadump_free_gap() - the next run of whole pages release may free
 * @excl: the ranges that must stay, sorted by base (fadump_release_excl())
 * @n: entries in @excl
 * @cur: where to look from; moved past the gap returned
 * @end: end (exclusive) of the memory range looked in
 * @gap: set to the gap: page aligned, outside every range of @excl
 *
 * A page that any range of @excl touches, even by one byte, stays: a
 * range of firmware's that ends inside a page (skiboot's, say) keeps its
 * whole page. So do the partial pages at either end of [@cur, @end).
 *
 * Return: true if @gap holds at least one page; false when there is none
 * before @end.
 */
bool fadump_free_gap(const struct fadump_range *excl, u32 n, u64 *cur,
		     u64 end, struct fadump_range *gap)
{
	u32 k;

	while (*cur < end) {
		u64 stop = end, next = end;

		for (k = 0; k < n; k++) {
			u64 lo = ALIGN_DOWN(excl[k].base, PAGE_SIZE);
			u64 hi = ALIGN(excl[k].base + excl[k].size, PAGE_SIZE);

			if (!excl[k].size || hi <= *cur)
				continue;
			if (lo <= *cur) {
				/* @cur is inside this one: skip it. */
				stop = *cur;
				next = hi;
				break;
			}
			stop = min(stop, lo);
			next = stop;
			break;
		}
		gap->base = ALIGN(*cur, PAGE_SIZE);
		gap->size = 0;
		if (ALIGN_DOWN(stop, PAGE_SIZE) > gap->base)
			gap->size = ALIGN_DOWN(stop, PAGE_SIZE) - gap->base;
		*cur = next;
		if (gap->size)
			return true;
	}
	return false;
}

/*
 * Everything outside boot memory, below the end of RAM at boot, was
 * reserved in early boot: free it but for the sorted ranges @excl.
 */
static u64 fadump_free_preserved(const struct fadump_range *excl, u32 n)
{
	struct fadump_range gap;
	phys_addr_t start, end;
	u64 i, freed = 0;

	mem_hotplug_begin();
	for_each_mem_range(i, &start, &end) {
		u64 cur = start;

		/* Memory hot-added since boot was never held. */
		end = min_t(phys_addr_t, end, fadump.held_top);
		while (fadump_free_gap(excl, n, &cur, end, &gap))
			freed += fadump_free_range(gap.base,
						   gap.base + gap.size);
	}
	mem_hotplug_done();
	return freed;
}

/**
 * fadump_unplugged_left() - released memory still to hot-add
 *
 * Context: fadump_mutex held (or a racy read for messages).
 * Return: the bytes taken out of memblock at boot and given back since
 * (by a ranged release, or all of it but our own dump area's copy by the
 * release) that are not hot-added back yet.
 */
u64 fadump_unplugged_left(void)
{
	u64 left = 0;
	u32 k;

	for (k = 0; k < fadump.nr_unplugged; k++)
		if (!fadump.unplugged[k].permanent)
			left += fadump.unplugged[k].given -
				fadump.unplugged[k].added;
	return left;
}

/* The release gives back all that is not given back yet. */
static void fadump_give_all(void)
{
	u32 k;

	for (k = 0; k < fadump.nr_unplugged; k++)
		if (!fadump.unplugged[k].permanent)
			WRITE_ONCE(fadump.unplugged[k].given,
				   fadump.unplugged[k].size);
}

/**
 * fadump_hotplug_next() - hot-add the next piece of preserved memory
 * @u: a range taken out of memblock at boot, not all added back
 * @end: add nothing from here on; at most the end of @u
 * @added: grown by the bytes added
 *
 * Adds, from @u->base + @u->added on, as many whole memory blocks as
 * fadump_hotadd_chunk() says the free memory can hold the page
 * structures of, on one NUMA node, in one call; if that worked, grows
 * @u->added.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0 or -errno (after a message; nothing changed).
 */
int fadump_hotplug_next(struct fadump_unplug *u, u64 end, u64 *added)
{
	u64 block = fadump_release_granule(), at = u->base + u->added;
	u64 free = global_zone_page_state(NR_FREE_PAGES) << PAGE_SHIFT;
	u64 size;
	int err;

	if (!block || !IS_ALIGNED(u->base | u->size, block)) {
		pr_err("preserved memory [%#llx-%#llx] is not made of %#llx-byte memory blocks; it stays offline\n",
		       u->base, u->base + u->size - 1, block);
		return -EINVAL;
	}
	size = fadump_hotadd_chunk(min(end, u->base + u->size) - at, block,
				   free, fadump_memmap_bytes(block));
	size = fadump_hotplug_one_node(at, size, block);
	if (!size)
		return -EINVAL;
	err = fadump_inject_failure() ? -EIO : fadump_hotplug_add(at, size);
	if (err) {
		pr_err("cannot hot-add [%#llx-%#llx] (%d); %#llx bytes of released memory stay offline, write 1 to release_mem to try again\n",
		       at, at + size - 1, err, u->given - u->added);
		return err;
	}
	WRITE_ONCE(u->added, u->added + size);
	*added += size;
	return 0;
}

/*
 * One hot-add call, for the range with the most given back and still to
 * add: memory hotplug resizes the hashed page table for the memory
 * present after the call, and the largest first makes that once. Returns
 * true if there may be more to add, false once all that was given back
 * is added or a call failed (the error is kept in plug_err).
 */
static bool fadump_plug_step(u64 *added)
{
	struct fadump_unplug *next = NULL;
	u32 k;
	int rc;

	for (k = 0; k < fadump.nr_unplugged; k++) {
		struct fadump_unplug *u = &fadump.unplugged[k];

		if (!u->permanent && u->added < u->given &&
		    (!next || u->given - u->added > next->given - next->added))
			next = u;
	}
	if (!next)
		return false;
	rc = fadump_hotplug_next(next, next->base + next->given, added);
	if (rc)
		fadump.plug_err = rc;
	return !rc;
}

/*
 * The background hot-add, queued by fadump_plug_start(): one call at a
 * time under fadump_mutex, so that the sysfs and debugfs files answer in
 * between; at the end, release_mem goes unless a call failed.
 */
static void fadump_plug_fn(struct work_struct *work)
{
	ktime_t t0 = ktime_get();
	u64 added = 0;
	bool more;
	int err;

	do {
		mutex_lock(&fadump_mutex);
		more = fadump_plug_step(&added);
		err = fadump.plug_err;
		if (!more)
			WRITE_ONCE(fadump.plugging, false);
		mutex_unlock(&fadump_mutex);
		cond_resched();
	} while (more);
	if (!err)
		pr_info("hot-added %#llx bytes of the released memory in %lld ms\n",
			added, ktime_ms_delta(ktime_get(), t0));
	fadump_update_release_files();
}

static DECLARE_WORK(fadump_plug_work, fadump_plug_fn);

/**
 * fadump_plug_start() - hot-add the released memory in the background
 *
 * Queues the background hot-add of what was given back and is not added
 * yet (again, if it runs: it then goes on with what was given back since).
 *
 * Context: fadump_mutex held.
 * Return: true if it was queued, false if there is nothing to add.
 */
bool fadump_plug_start(void)
{
	if (!IS_ENABLED(CONFIG_MEMORY_HOTPLUG) || !fadump_unplugged_left())
		return false;
	fadump.plug_err = 0;
	WRITE_ONCE(fadump.plugging, true);
	queue_work(system_long_wq, &fadump_plug_work);
	return true;
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
 * Return: true if some memory a release gave back is still offline: the
 * background hot-add is on its way, or one of its calls failed and
 * writing release_mem tries again.
 */
bool fadump_release_pending(void)
{
	return fadump_unplugged_left();
}

/**
 * fadump_release_locked() - give the preserved memory back
 *
 * Capture kernel: has the firmware drop the dump, removes /proc/vmcore,
 * frees the held memory that is still in memblock, registers again
 * (unless fadump_rearm=0; the registration does not depend on the rest)
 * and starts hot-adding, in the background, what was taken out of
 * memblock (fadump_plug_fn()). If the firmware cannot drop the dump,
 * nothing changes: the dump stays readable and held. After a release
 * whose hot-add failed, starts it again for what is left.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0, -ENODEV if there is nothing (left) to release, -EBUSY while
 * the background hot-add runs, -ENOMEM, or the firmware's -errno
 * (nothing released).
 */
int fadump_release_locked(void)
{
	struct fadump_range *excl;
	u64 freed, left;
	u32 nr_excl;
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.holding) {
		left = fadump_unplugged_left();
		if (READ_ONCE(fadump.plugging)) {
			pr_warn_ratelimited("release_mem: the released memory is being hot-added, %#llx bytes are still to come\n",
					    left);
			return -EBUSY;
		}
		if (!left || !fadump_plug_start())
			return -ENODEV;
		pr_info("hot-adding the %#llx bytes of released memory still offline\n",
			left);
		return 0;
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
	WRITE_ONCE(fadump.holding, false);
	fadump.info_ok = false;
	kfree(fadump.released);
	fadump.released = NULL;
	fadump.nr_released = 0;

	if (fadump.rearm)
		fadump_register_locked();
	fadump_give_all();
	left = fadump_unplugged_left();
	pr_info("released %#llx bytes of the crashed kernel's memory (%#llx freed, %#llx to hot-add in the background)\n",
		freed + left, freed, left);
	fadump_plug_start();
	return 0;
}
