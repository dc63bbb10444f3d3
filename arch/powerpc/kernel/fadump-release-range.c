// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the capture kernel gives the preserved memory
 * back a range at a time, while the dump is still being saved.
 *
 * /sys/kernel/fadump/release_region (fadump-sysfs.c) lists what is still
 * held (fadump_show_held_ranges()) and takes "<start> <size>" to give
 * that range back (fadump_release_range_locked()). In this order:
 *  - the range is checked (fadump_check_release(), fadump-layout.c)
 *    against the runs of memory a ranged release may give back: RAM that
 *    was held at boot outside boot memory, the dump and bootargs areas
 *    (kept for registering again; the dump area holds boot memory's
 *    copy) and memory reserved by the firmware or by others. Each end
 *    must be a multiple of the memory block size, the unit of hot-add
 *    (of the page size without memory hotplug), or an end of a run;
 *  - the first range has the firmware drop the dump and clears the crash
 *    info, as release_mem does, so that a reset or a crash from then on
 *    boots without a dump rather than with one whose memory was reused;
 *  - /proc/vmcore stops showing the range (vmcore_withdraw_range(): out
 *    of the PT_LOAD headers, reads fail, mappings go) and waits for the
 *    reads in progress; the window onto old memory stops showing it
 *    (fadump_oldmem_forget());
 *  - its reserved pages are freed, and what was taken out of memblock is
 *    marked given back and hot-added in the background, as after
 *    release_mem (fadump_plug_start()), while the saver goes on: an
 *    entry of &fadump_state.unplugged keeps its "given" prefix, so a
 *    range that does not start where the prefix ends splits the entry in
 *    two;
 *  - once nothing is held any more, the release is completed as by
 *    release_mem (fadump_release_locked()): /proc/vmcore goes away and,
 *    unless fadump_rearm=0, fadump registers again.
 * A hot-add that fails leaves its blocks offline (debugfs says so), and
 * release_mem tries them again after the full release.
 *
 * Relies on the state in fadump-core.h.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/crash_dump.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include <asm/fadump-internal.h>

#include "fadump-core.h"

/* Pieces of held memory still in memblock, as fadump_walk_held() finds them */
struct fadump_pieces {
	struct fadump_range *r;
	u32 n, max;
};

static void fadump_add_piece(u64 start, u64 end, void *arg)
{
	struct fadump_pieces *p = arg;

	if (p->n < p->max) {
		p->r[p->n].base = start;
		p->r[p->n++].size = end - start;
	}
}

/*
 * The runs a ranged release may give back (released parts included) in
 * @runs, and what it never gives back in @excl; both to kfree(). Returns
 * the number of runs, or -ENOMEM.
 */
static int fadump_release_runs(struct fadump_range **runs,
			       struct fadump_range **excl, u32 *nr_excl)
{
	struct fadump_pieces p = { };
	struct fadump_range *r;
	u32 k, max;
	int n;

	*runs = NULL;
	*excl = fadump_release_excl(nr_excl, false);
	if (!*excl)
		return -ENOMEM;
	get_online_mems();
	/* A walk piece per memblock region and per boot range in it */
	p.max = memblock.memory.cnt + fadump.info.nr_boot_ranges;
	p.r = kcalloc(p.max, sizeof(*p.r), GFP_KERNEL);
	if (p.r)
		fadump_walk_held(fadump.held_top, &p, fadump_add_piece);
	put_online_mems();
	if (!p.r)
		return -ENOMEM;

	max = p.n + *nr_excl + fadump.nr_unplugged;
	r = kcalloc(max, sizeof(*r), GFP_KERNEL);
	if (!r) {
		kfree(p.r);
		return -ENOMEM;
	}
	n = fadump_subtract_ranges(p.r, p.n, *excl, *nr_excl, r, max);
	kfree(p.r);
	for (k = 0; n >= 0 && k < fadump.nr_unplugged; k++) {
		if (fadump.unplugged[k].permanent)
			continue;
		r[n].base = fadump.unplugged[k].base;
		r[n++].size = fadump.unplugged[k].size;
	}
	if (n < 0) {
		kfree(r);
		return n;
	}
	*runs = r;
	return fadump_merge_ranges(r, n);
}

/* What is still held: the runs less what was released, or NULL */
static struct fadump_range *fadump_held_ranges(u32 *nr)
{
	struct fadump_range *runs, *excl, *held = NULL;
	int n;

	n = fadump_release_runs(&runs, &excl, nr);
	kfree(excl);
	if (n < 0)
		return NULL;
	held = kcalloc(n + fadump.nr_released + 1, sizeof(*held), GFP_KERNEL);
	if (held)
		n = fadump_subtract_ranges(runs, n, fadump.released,
					   fadump.nr_released, held,
					   n + fadump.nr_released + 1);
	kfree(runs);
	if (held && n < 0) {
		kfree(held);
		return NULL;
	}
	*nr = n;
	return held;
}

/**
 * fadump_show_held_ranges() - the text of release_region
 * @buf: a sysfs buffer, PAGE_SIZE bytes
 *
 * One line per range still held: "0x<start> 0x<size>", in address order;
 * nothing once the dump was released. A list that does not fit in the
 * page ends with a line "...".
 *
 * Context: process context; takes fadump_mutex.
 * Return: bytes in @buf, or -ENOMEM.
 */
ssize_t fadump_show_held_ranges(char *buf)
{
	struct fadump_range *held;
	ssize_t len = 0;
	u32 k, n = 0;

	mutex_lock(&fadump_mutex);
	if (!fadump.holding) {
		mutex_unlock(&fadump_mutex);
		return 0;
	}
	held = fadump_held_ranges(&n);
	mutex_unlock(&fadump_mutex);
	if (!held)
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		/* Room for this line and the "..." one */
		if (len + 2 * 40 > PAGE_SIZE) {
			len += sysfs_emit_at(buf, len, "...\n");
			break;
		}
		len += sysfs_emit_at(buf, len, "%#llx %#llx\n", held[k].base,
				     held[k].size);
	}
	kfree(held);
	return len;
}

/* Bytes still held, given the runs */
static u64 fadump_held_bytes(const struct fadump_range *runs, u32 nr_runs)
{
	u64 bytes = 0;
	u32 k;

	for (k = 0; k < nr_runs; k++)
		bytes += runs[k].size;
	for (k = 0; k < fadump.nr_released; k++)
		bytes -= fadump.released[k].size;
	return bytes;
}

/* Would giving back [@start, @end) split an entry of unplugged? */
static bool fadump_needs_split(u64 start, u64 end)
{
	u32 k;

	for (k = 0; k < fadump.nr_unplugged; k++) {
		const struct fadump_unplug *u = &fadump.unplugged[k];

		if (!u->permanent && start > u->base + u->given &&
		    start < u->base + u->size)
			return true;
	}
	return false;
}

/* Entry @k of unplugged becomes [base, @at) and [@at, end), in order. */
static void fadump_split_unplug(u32 k, u64 at)
{
	struct fadump_unplug *u = &fadump.unplugged[k];
	u32 n = fadump.nr_unplugged;

	memmove(u + 1, u, (n - k) * sizeof(*u));
	u[1].base = at;
	u[1].size = u->base + u->size - at;
	u[1].added = 0;
	u[1].given = 0;
	WRITE_ONCE(fadump.nr_unplugged, n + 1);
	WRITE_ONCE(u->size, at - u->base);
}

/*
 * Mark what of [@start, @end) was taken out of memblock at boot as given
 * back, for the background hot-add; returns the bytes.
 */
static u64 fadump_give_range(u64 start, u64 end)
{
	u64 given = 0;
	u32 k;

	for (k = 0; k < fadump.nr_unplugged; k++) {
		struct fadump_unplug *u = &fadump.unplugged[k];
		u64 s = max(start, u->base), e = min(end, u->base + u->size);

		if (u->permanent || s >= e)
			continue;
		if (s > u->base + u->given) {
			/* The next entry starts at s. */
			fadump_split_unplug(k, s);
			continue;
		}
		given += e - s;
		WRITE_ONCE(u->given, max(u->given, e - u->base));
	}
	return given;
}

/* Free the reserved pages of [@start, @end) that are memblock memory. */
static u64 fadump_free_in_memblock(u64 start, u64 end)
{
	phys_addr_t s, e;
	u64 i, freed = 0;

	mem_hotplug_begin();
	for_each_mem_range(i, &s, &e) {
		s = max_t(phys_addr_t, s, start);
		e = min_t(phys_addr_t, e, end);
		if (s < e)
			freed += fadump_free_range(s, e);
	}
	mem_hotplug_done();
	return freed;
}

/* Record [@start, @start + @size) as given back; @w has room for it. */
static void fadump_add_released(struct fadump_range *w, u64 start, u64 size)
{
	u32 n = fadump.nr_released;

	if (n)
		memcpy(w, fadump.released, n * sizeof(*w));
	w[n].base = start;
	w[n].size = size;
	kfree(fadump.released);
	fadump.released = w;
	fadump.nr_released = fadump_merge_ranges(w, n + 1);
}

static void fadump_release_refused(int rc, u64 start, u64 end, u64 block)
{
	switch (rc) {
	case -ENODATA:
		pr_warn_ratelimited("release_region: the size is 0\n");
		break;
	case -EOVERFLOW:
		pr_warn_ratelimited("release_region: start + size wraps around\n");
		break;
	case -EBUSY:
		pr_warn_ratelimited("release_region: [%#llx-%#llx] touches boot memory, the dump area, the bootargs area or reserved memory\n",
				    start, end - 1);
		break;
	case -ERANGE:
		pr_warn_ratelimited("release_region: [%#llx-%#llx] is not all inside one held range (read release_region)\n",
				    start, end - 1);
		break;
	case -EALREADY:
		pr_warn_ratelimited("release_region: [%#llx-%#llx] was given back already, in part or in whole\n",
				    start, end - 1);
		break;
	case -EINVAL:
		pr_warn_ratelimited("release_region: start and end must each be a multiple of %#llx or an end of a held range\n",
				    block);
		break;
	}
}

/* Checks, and room for the bookkeeping; 0 or -errno, nothing changed */
static int fadump_release_prepare(u64 start, u64 size,
				  struct fadump_range **w, u64 *left)
{
	u64 block = fadump_release_granule();
	struct fadump_range *runs, *excl;
	u32 nr_excl;
	int n, rc;

	n = fadump_release_runs(&runs, &excl, &nr_excl);
	if (n < 0) {
		kfree(excl);
		return n;
	}
	rc = fadump_check_release(runs, n, fadump.released,
				  fadump.nr_released, excl, nr_excl, start,
				  size, block);
	*left = fadump_held_bytes(runs, n) - (rc ? 0 : size);
	kfree(runs);
	kfree(excl);
	if (rc) {
		fadump_release_refused(rc, start, start + size, block);
		return rc;
	}
	if (fadump.nr_released >= FADUMP_MAX_RELEASED ||
	    (fadump_needs_split(start, start + size) &&
	     fadump.nr_unplugged == ARRAY_SIZE(fadump.unplugged))) {
		pr_warn_ratelimited("release_region: too many ranges given back out of address order; give back in address order, or write 1 to release_mem\n");
		return -ENOSPC;
	}
	*w = kcalloc(fadump.nr_released + 1, sizeof(**w), GFP_KERNEL);
	return *w ? 0 : -ENOMEM;
}

/**
 * fadump_release_range_locked() - give back one range of the held memory
 * @start: first byte
 * @size: number of bytes
 *
 * Capture kernel, while the dump is held: see the top of this file. If
 * the range was the last memory held, completes the release as
 * fadump_release_locked() does.
 *
 * Context: process context, fadump_mutex held; may sleep.
 * Return: 0; -ENODEV if no dump is held; for a range that cannot be
 * given back, the -errno of fadump_check_release() (after a message);
 * -ENOSPC if too many ranges were given back out of address order;
 * -ENOMEM; the firmware's -errno if it cannot drop the dump; the
 * -errno of vmcore_withdraw_range(). In all these cases nothing was
 * given back. The hot-add runs in the background: if it fails, the
 * blocks stay offline (see release_mem). The completing release returns
 * what fadump_release_locked() does.
 */
int fadump_release_range_locked(u64 start, u64 size)
{
	u64 left, freed, given;
	struct fadump_range *w;
	int rc;

	lockdep_assert_held(&fadump_mutex);
	if (!fadump.holding)
		return -ENODEV;
	rc = fadump_release_prepare(start, size, &w, &left);
	if (rc)
		return rc;
	rc = fadump_drop_dump();
	if (!rc && fadump.dump_ok) {
		rc = vmcore_withdraw_range(start, size);
		if (rc)
			pr_err("release_region: /proc/vmcore cannot give up [%#llx-%#llx] (%d); nothing was given back\n",
			       start, start + size - 1, rc);
	}
	if (rc) {
		kfree(w);
		return rc;
	}

	fadump_add_released(w, start, size);
	fadump_oldmem_forget(start, start + size);
	freed = fadump_free_in_memblock(start, start + size);
	given = fadump_give_range(start, start + size);
	pr_info("gave back [%#llx-%#llx] (%#llx bytes freed, %#llx to hot-add in the background); %#llx bytes still held\n",
		start, start + size - 1, freed, given, left);
	if (!left)
		return fadump_release_locked();
	fadump_plug_start();
	return 0;
}
