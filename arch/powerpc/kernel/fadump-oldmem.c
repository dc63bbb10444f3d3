// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the capture kernel reads the preserved memory
 * that it took out of memblock.
 *
 * DOC: reading memory outside the linear map
 *
 * fadump-hold.c takes most of the crashed kernel's memory out of
 * memblock, so this kernel has neither page structures nor a linear
 * mapping for it. copy_oldmem_page() asks fadump_read_oldmem() first.
 * It maps one window of FADUMP_OLDMEM_WINDOW bytes, aligned to its size,
 * and maps the window somewhere else when a read falls outside it. What
 * stays resident is the mapping of one window, whatever the size of RAM:
 * mapping every removed range once would need a page table entry per page
 * with the hash MMU, which has no huge vmap (about 256 MiB of boot memory
 * per TiB of RAM with 64K pages). A sequential read moves the window once
 * per FADUMP_OLDMEM_WINDOW bytes.
 *
 * With the hash MMU the window is bolted hashed page table entries of the
 * linear mapping's page size at the window's own linear address, as
 * memory hotplug maps the memory it adds: one entry per 16 MiB page, no
 * page table, no hash fault on first touch. Mapped through page tables
 * instead, every 64K page of the window would take a hash fault when
 * first read and its entry would be removed at every move (a quarter of
 * the read rate under QEMU). Otherwise (radix, or when bolting fails) the
 * window lives in a VM_IOREMAP area allocated once.
 *
 * The removed ranges are whole memory blocks, at least 16 MiB on ppc64,
 * so the window always lies inside one of them; a range whose ends are
 * not multiples of the window is not taken into the table and
 * copy_oldmem_page() reads it with an ioremap per page instead.
 *
 * One mutex serialises the readers; copy_to_iter() may fault on the
 * reader's buffer, and no fault handler of powerpc's /proc/vmcore reads
 * old memory, so it never comes back here with the mutex held.
 *
 * Lifetime: fadump_oldmem_init() copies the table from
 * &fadump_state.unplugged when /proc/vmcore is set up; it does not
 * change afterwards (a ranged release splits entries of @unplugged, not
 * of this table). /proc/vmcore refuses reads of a range withdrawn by a
 * ranged release and waits for the reads in progress, then
 * fadump_oldmem_forget() unmaps the window if it shows that range,
 * before the range is hot-added. fadump_oldmem_exit() frees everything
 * once /proc/vmcore is gone.
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/io.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/pgtable.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

#include <asm/fadump.h>
#include <asm/mmu.h>
#include <asm/fadump-internal.h>

#include "fadump-core.h"

#define FADUMP_NO_WINDOW	(~0ULL)

/**
 * struct fadump_oldmem - the window onto memory outside the linear map
 * @lock: serialises readers, and readers against init, forget and exit
 * @r: the removed ranges read through the window, sorted by address
 * @nr: number of entries in @r; 0 if there is no window
 * @bolt: map the window as bolted hashed entries
 * @area: the virtual area the window is mapped at when it is not bolted
 * @base: physical address of the window, or FADUMP_NO_WINDOW
 * @va: where the window is mapped: @area, or the linear address of @base
 */
struct fadump_oldmem {
	struct mutex lock;	/* see @lock above */
	struct fadump_range *r;
	u32 nr;
	bool bolt;
	struct vm_struct *area;
	u64 base;
	void *va;
};

static struct fadump_oldmem fadump_oldmem = {
	.lock = __MUTEX_INITIALIZER(fadump_oldmem.lock),
	.base = FADUMP_NO_WINDOW,
};

/* Is [pa, pa + size) inside one range of the table? */
static bool fadump_oldmem_held(u64 pa, u64 size)
{
	u32 lo = 0, hi = fadump_oldmem.nr;

	/* The first range ending above pa */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct fadump_range *m = &fadump_oldmem.r[mid];

		if (m->base + m->size <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fadump_oldmem.nr &&
	       fadump_inside(pa, size, fadump_oldmem.r[lo].base,
			     fadump_oldmem.r[lo].size);
}

/*
 * Can the window be bolted? The hash MMU, entries that can be removed
 * again, and a linear page size no larger than the window.
 */
static bool fadump_oldmem_can_bolt(void)
{
	return IS_ENABLED(CONFIG_PPC_64S_HASH_MMU) && !radix_enabled() &&
	       mmu_hash_ops.hpte_removebolted &&
	       mmu_psize_defs[mmu_linear_psize].shift <=
	       ilog2(FADUMP_OLDMEM_WINDOW);
}

static void fadump_oldmem_unbolt(u64 base)
{
	unsigned long va = (unsigned long)__va(base);

	htab_remove_mapping(va, va + FADUMP_OLDMEM_WINDOW, mmu_linear_psize,
			    mmu_kernel_ssize);
}

static bool fadump_oldmem_bolted(u64 base)
{
	unsigned long va = (unsigned long)__va(base);

	if (!htab_bolt_mapping(va, va + FADUMP_OLDMEM_WINDOW, base,
			       pgprot_val(PAGE_KERNEL), mmu_linear_psize,
			       mmu_kernel_ssize))
		return true;
	/* What was bolted of it */
	fadump_oldmem_unbolt(base);
	pr_warn_once("cannot bolt the window at %#llx; it is mapped through page tables\n",
		     base);
	return false;
}

static void fadump_oldmem_unmap(void)
{
	unsigned long va = (unsigned long)fadump_oldmem.area->addr;

	if (fadump_oldmem.base == FADUMP_NO_WINDOW)
		return;
	if (fadump_oldmem.va != fadump_oldmem.area->addr) {
		fadump_oldmem_unbolt(fadump_oldmem.base);
	} else {
		/*
		 * With the hash MMU, lazy MMU mode batches the removal of
		 * the hashed entries (H_BULK_REMOVE, four per call on
		 * pseries) instead of one hypervisor call per page.
		 */
		arch_enter_lazy_mmu_mode();
		vunmap_range(va, va + FADUMP_OLDMEM_WINDOW);
		arch_leave_lazy_mmu_mode();
	}
	fadump_oldmem.base = FADUMP_NO_WINDOW;
	fadump_oldmem.va = NULL;
}

static int fadump_oldmem_map(u64 base)
{
	unsigned long va = (unsigned long)fadump_oldmem.area->addr;
	int rc;

	fadump_oldmem_unmap();
	if (fadump_oldmem.bolt && fadump_oldmem_bolted(base)) {
		fadump_oldmem.va = __va(base);
		fadump_oldmem.base = base;
		return 0;
	}
	rc = ioremap_page_range(va, va + FADUMP_OLDMEM_WINDOW, base,
				PAGE_KERNEL);
	if (rc) {
		/* What was mapped of it */
		vunmap_range(va, va + FADUMP_OLDMEM_WINDOW);
		pr_err_ratelimited("cannot map preserved memory at %#llx for /proc/vmcore (%d)\n",
				   base, rc);
		return rc;
	}
	fadump_oldmem.va = fadump_oldmem.area->addr;
	fadump_oldmem.base = base;
	return 0;
}

/**
 * fadump_read_oldmem() - read preserved memory taken out of memblock
 * @iter: where to copy to
 * @paddr: physical address of the first byte
 * @size: in: number of bytes; out: number of bytes copied
 *
 * Capture kernel: copy_oldmem_page() calls this first, for every read of
 * old memory.
 *
 * Context: process context, may sleep.
 * Return: 0 after copying (*@size may have shrunk if @iter faulted);
 * -ENOENT if [@paddr, @paddr + @size) is not in one window of the memory
 * taken out of memblock (the caller reads it otherwise); another -errno
 * if the window cannot be mapped.
 */
int fadump_read_oldmem(struct iov_iter *iter, unsigned long paddr,
		       size_t *size)
{
	u64 base = ALIGN_DOWN((u64)paddr, FADUMP_OLDMEM_WINDOW);
	int rc = 0;

	if (!READ_ONCE(fadump_oldmem.nr) ||
	    !fadump_inside(paddr, *size, base, FADUMP_OLDMEM_WINDOW))
		return -ENOENT;

	mutex_lock(&fadump_oldmem.lock);
	if (!fadump_oldmem_held(paddr, *size))
		rc = -ENOENT;
	else if (fadump_oldmem.base != base)
		rc = fadump_oldmem_map(base);
	if (!rc)
		*size = copy_to_iter(fadump_oldmem.va + (paddr - base), *size,
				     iter);
	mutex_unlock(&fadump_oldmem.lock);
	return rc;
}

/**
 * fadump_oldmem_init() - set up the window for the memory taken out of memblock
 * @u: the ranges taken out
 * @n: number of entries in @u
 *
 * Capture kernel, when /proc/vmcore is set up. Without the window (no
 * memory, or a range whose ends are not multiples of the window)
 * copy_oldmem_page() reads such memory with an ioremap per page.
 *
 * Context: process context, before /proc/vmcore exists.
 * Return: 0, or -ENOMEM.
 */
int fadump_oldmem_init(const struct fadump_unplug *u, u32 n)
{
	struct fadump_range *r;
	u32 k, nr = 0;

	if (!n)
		return 0;
	r = kmalloc_array(n, sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		if (!IS_ALIGNED(u[k].base | u[k].size, FADUMP_OLDMEM_WINDOW)) {
			pr_warn("[%#llx-%#llx] is read a page at a time\n",
				u[k].base, u[k].base + u[k].size - 1);
			continue;
		}
		r[nr].base = u[k].base;
		r[nr++].size = u[k].size;
	}
	sort(r, nr, sizeof(*r), fadump_cmp_range, NULL);

	mutex_lock(&fadump_oldmem.lock);
	fadump_oldmem.area = nr ? __get_vm_area_caller(FADUMP_OLDMEM_WINDOW,
						       VM_IOREMAP,
						       IOREMAP_START,
						       IOREMAP_END,
						       __builtin_return_address(0)) : NULL;
	if (fadump_oldmem.area) {
		fadump_oldmem.bolt = fadump_oldmem_can_bolt();
		fadump_oldmem.r = r;
		WRITE_ONCE(fadump_oldmem.nr, nr);
	}
	mutex_unlock(&fadump_oldmem.lock);
	if (!fadump_oldmem.area) {
		kfree(r);
		return nr ? -ENOMEM : 0;
	}
	pr_info("/proc/vmcore reads %u range(s) outside the linear map through a %d MiB window (%s)\n",
		nr, FADUMP_OLDMEM_WINDOW >> 20,
		fadump_oldmem.bolt ? "bolted hashed entries" : "page tables");
	return 0;
}

/**
 * fadump_oldmem_forget() - stop showing a range through the window
 * @start: first byte of the range
 * @end: first byte after it
 *
 * A ranged release calls this after /proc/vmcore withdrew the range and
 * waited for its readers, before the range is hot-added: the window is
 * unmapped if it shows any of it, so no mapping of memory that is reused
 * stays behind.
 *
 * Context: process context, may sleep.
 */
void fadump_oldmem_forget(u64 start, u64 end)
{
	mutex_lock(&fadump_oldmem.lock);
	if (fadump_oldmem.base != FADUMP_NO_WINDOW &&
	    fadump_overlaps(fadump_oldmem.base, FADUMP_OLDMEM_WINDOW, start,
			    end - start))
		fadump_oldmem_unmap();
	mutex_unlock(&fadump_oldmem.lock);
}

/**
 * fadump_oldmem_exit() - free the window and its table
 *
 * Context: process context, once /proc/vmcore is gone, before any of the
 * memory is hot-added back.
 */
void fadump_oldmem_exit(void)
{
	mutex_lock(&fadump_oldmem.lock);
	WRITE_ONCE(fadump_oldmem.nr, 0);
	if (fadump_oldmem.area) {
		fadump_oldmem_unmap();
		free_vm_area(fadump_oldmem.area);
		fadump_oldmem.area = NULL;
	}
	kfree(fadump_oldmem.r);
	fadump_oldmem.r = NULL;
	mutex_unlock(&fadump_oldmem.lock);
}
