// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump: the capture kernel sets up /proc/vmcore.
 *
 * At initcall time (fadump_setup_capture(), from setup_fadump()) the
 * capture kernel finds the crash-info header the crashed kernel wrote
 * right before the firmware's register save area, checks it against what
 * the firmware reports (fadump_check_crash_info()), and builds the ELF
 * core header that vmcore_init() then reads through elfcorehdr_addr:
 * boot memory is found at its copy, everything else in place, and every
 * CPU the crashed kernel had online gets a note with the registers the
 * firmware saved. Memory the capture kernel took out of memblock
 * (fadump-hold.c) is read through a window (fadump-oldmem.c) set up
 * here. fadump_drop_vmcore() undoes all of it when
 * the dump is released (fadump-release.c).
 */

#define pr_fmt(fmt) "fadump: " fmt

#include <linux/bitmap.h>
#include <linux/crash_dump.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include <asm/fadump.h>
#include <asm/fadump-internal.h>

#include "fadump-core.h"

struct fadump_regs_ctx {
	const struct fadump_crash_info *ci;
	struct fadump_cpu_id *ids;	/* online CPUs by hardware id */
	u32 nr_ids;
	struct pt_regs *regs;		/* indexed by the crashed kernel's CPU */
	unsigned long *have;
};

static int fadump_collect_regs(u32 cpu_id, const struct pt_regs *regs,
			       void *arg)
{
	struct fadump_regs_ctx *ctx = arg;
	u32 cpu = fadump_find_cpu(ctx->ids, ctx->nr_ids, cpu_id);

	if (cpu == FADUMP_CPU_NONE) {
		pr_debug("skipping registers of hw CPU %#x: it was not online\n",
			 cpu_id);
		return 0;
	}
	if (cpu == ctx->ci->crashing_cpu)
		return 0;	/* the crash-info header has better ones */
	if (test_and_set_bit(cpu, ctx->have))
		pr_warn("registers of CPU %u (hw id %#x) saved twice; using the last\n",
			cpu, cpu_id);
	ctx->regs[cpu] = *regs;
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
	ram = kcalloc(n + fadump.nr_unplugged, sizeof(*ram), GFP_KERNEL);
	if (!ram)
		return NULL;
	n = fadump_get_ram(ram, n);
	for (k = 0; k < fadump.nr_unplugged; k++) {
		const struct fadump_unplug *u = &fadump.unplugged[k];

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

static void fadump_free_elf_buf(void)
{
	if (fadump_elf_buf) {
		free_pages_exact(fadump_elf_buf, fadump_elf_buf_size);
		fadump_elf_buf = NULL;
	}
}

/* fadump_copies[] from the firmware's boot ranges */
static void __init fadump_fill_copies(void)
{
	const struct fadump_dump_info *info = &fadump.info;
	u32 i;

	for (i = 0; i < info->nr_boot_ranges; i++) {
		fadump_copies[i].src = info->boot[i].src;
		fadump_copies[i].size = info->boot[i].size;
		fadump_copies[i].dst = info->boot[i].dst;
		fadump_copies[i].dumped = info->boot[i].dumped;
		if (info->boot[i].dumped < info->boot[i].size)
			pr_warn("firmware copied only %#llx of the %#llx bytes of boot range %u; the rest is missing from the dump\n",
				info->boot[i].dumped, info->boot[i].size, i);
	}
}

/* The PT_LOAD segments, in *@loads (kfree() it); returns how many or -ENOMEM */
static int __init fadump_vmcore_loads(const struct fadump_range *ram,
				      u32 nr_ram, struct fadump_load **loads)
{
	const struct fadump_layout *old = &fadump.old;
	u32 nr_copies = fadump.info.nr_boot_ranges;
	int nr_loads;

	nr_loads = fadump_compute_loads(ram, nr_ram, fadump_copies, nr_copies,
					old->area_start, old->area_size, NULL, 0);
	*loads = kcalloc(max(nr_loads, 1), sizeof(**loads), GFP_KERNEL);
	if (!*loads)
		return -ENOMEM;
	fadump_compute_loads(ram, nr_ram, fadump_copies, nr_copies,
			     old->area_start, old->area_size, *loads, nr_loads);
	return nr_loads;
}

/*
 * Where the VMCOREINFO note is now, in *@pa; returns its size, 0 if the
 * crashed kernel recorded none (fadump_check_crash_info() warned) or it
 * was not dumped.
 */
static u64 __init fadump_vmcoreinfo(const struct fadump_crash_info *ci,
				    const struct fadump_range *ram, u32 nr_ram,
				    u64 *pa)
{
	if (!fadump_ci_has_vmcoreinfo(ci, ram, nr_ram))
		return 0;
	*pa = fadump_translate(ci->vmcoreinfo_pa, ci->vmcoreinfo_size,
			       fadump_copies, fadump.info.nr_boot_ranges);
	if (*pa == U64_MAX) {
		pr_warn("VMCOREINFO at %#llx was not dumped; the dump lacks it\n",
			ci->vmcoreinfo_pa);
		return 0;
	}
	return ci->vmcoreinfo_size;
}

/*
 * A buffer of at least @need bytes for the ELF core header: the crashed
 * kernel's room for it, unless too small or (partly) taken out of
 * memblock, else allocated. Returns it, its address and size, or NULL.
 */
static void * __init fadump_elfhdr_buf(size_t need, u64 *buf_pa, size_t *size)
{
	const struct fadump_layout *old = &fadump.old;
	void *buf;

	if (need <= old->elfhdr_size &&
	    memblock_is_region_memory(old->elfhdr_pa, old->elfhdr_size)) {
		*buf_pa = old->elfhdr_pa;
		*size = old->elfhdr_size;
		return __va(old->elfhdr_pa);
	}
	buf = alloc_pages_exact(need, GFP_KERNEL);
	if (!buf)
		return NULL;
	*buf_pa = __pa(buf);
	*size = need;
	fadump_elf_buf = buf;
	fadump_elf_buf_size = need;
	return buf;
}

/*
 * One NT_PRSTATUS note per CPU online at the crash, in CPU order: crash
 * and makedumpfile take the Nth note as the Nth online CPU. The crashing
 * CPU's registers come from the crash-info header, the others' from the
 * firmware's register save area; a CPU the firmware saved nothing for
 * still gets a note (zero registers), so that the ones after it keep
 * their place.
 */
static int __init fadump_add_cpu_notes(const struct fadump_crash_info *ci,
				       struct fadump_elf *e)
{
	struct fadump_regs_ctx ctx = { .ci = ci };
	u32 cpu;
	int rc;

	ctx.regs = kvcalloc(ci->nr_cpu_ids, sizeof(*ctx.regs), GFP_KERNEL);
	ctx.have = bitmap_zalloc(ci->nr_cpu_ids, GFP_KERNEL);
	ctx.ids = kvcalloc(ci->nr_cpu_ids, sizeof(*ctx.ids), GFP_KERNEL);
	if (!ctx.regs || !ctx.have || !ctx.ids) {
		rc = -ENOMEM;
		goto out;
	}
	ctx.nr_ids = fadump_sort_cpu_ids(ci, ctx.ids);
	rc = fadump.ops->for_each_cpu_regs(&fadump.info, fadump_collect_regs,
					   &ctx);
	if (rc)
		pr_warn("cannot read the firmware's register save area (%d); the dump may lack other CPUs' registers\n",
			rc);

	for_each_set_bit(cpu, cpumask_bits(&ci->online_mask), ci->nr_cpu_ids) {
		if (cpu == ci->crashing_cpu) {
			rc = fadump_elf_add_cpu(e, cpu, &ci->regs);
		} else {
			if (!test_bit(cpu, ctx.have))
				pr_warn("no registers were saved for CPU %u (hw id %#x); its note has none\n",
					cpu, ci->hw_id[cpu]);
			rc = fadump_elf_add_cpu(e, cpu, &ctx.regs[cpu]);
		}
		if (rc)
			break;
	}
out:
	kvfree(ctx.ids);
	kvfree(ctx.regs);
	bitmap_free(ctx.have);
	return rc;
}

/* The ELF core header of the crashed kernel, for vmcore_init() */
static int __init fadump_build_vmcore(const struct fadump_crash_info *ci,
				      const struct fadump_range *ram, u32 nr_ram)
{
	u64 vmci_pa, vmci_size, buf_pa;
	struct fadump_load *loads;
	struct fadump_elf e;
	size_t need, size;
	int nr_loads, rc;
	u32 nr_cpus;
	void *buf;

	fadump_fill_copies();
	nr_loads = fadump_vmcore_loads(ram, nr_ram, &loads);
	if (nr_loads < 0)
		return nr_loads;
	vmci_size = fadump_vmcoreinfo(ci, ram, nr_ram, &vmci_pa);

	nr_cpus = bitmap_weight(cpumask_bits(&ci->online_mask), ci->nr_cpu_ids);
	need = fadump_elfhdr_size(nr_cpus, 2 + nr_loads);
	buf = fadump_elfhdr_buf(need, &buf_pa, &size);
	rc = buf ? 0 : -ENOMEM;
	if (!rc)
		rc = fadump_elf_begin(&e, buf, size, buf_pa, loads, nr_loads,
				      vmci_pa, vmci_size, nr_cpus);
	if (!rc)
		rc = fadump_add_cpu_notes(ci, &e);
	kfree(loads);
	if (rc) {
		fadump_free_elf_buf();
		return rc;
	}

	elfcorehdr_size = fadump_elf_end(&e);
	elfcorehdr_addr = buf_pa;
	pr_info("the crashed kernel's memory (%d segments, %u CPU notes, crashing CPU %u) is in /proc/vmcore\n",
		nr_loads, e.nr_cpus, ci->crashing_cpu);
	return 0;
}

/*
 * The crashed kernel's crash-info header, right before the CPU state the
 * firmware reports; NULL (and *@pa) if that is not in RAM.
 */
static struct fadump_crash_info *fadump_found_crash_info(u64 *pa)
{
	const struct fadump_dump_info *info = &fadump.info;

	*pa = info->cpu_state_pa - FADUMP_CRASH_INFO_AREA;
	if (info->cpu_state_pa < FADUMP_CRASH_INFO_AREA ||
	    !memblock_is_region_memory(*pa, sizeof(struct fadump_crash_info)))
		return NULL;
	return __va(*pa);
}

/**
 * fadump_setup_capture() - set up /proc/vmcore from the dump
 *
 * Capture kernel: checks the crash-info header against what the firmware
 * reports, builds the ELF core header and maps the memory taken out of
 * memblock. On failure the memory stays held until release_mem.
 *
 * Context: initcall, before vmcore_init() reads elfcorehdr_addr.
 * Return: 0, or -errno (after a message) if there is no /proc/vmcore.
 */
int __init fadump_setup_capture(void)
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

	ci = fadump_found_crash_info(&ci_pa);
	if (!ci) {
		pr_err("crash info at %#llx (before the CPU state at %#llx) is not in RAM\n",
		       ci_pa, info->cpu_state_pa);
		rc = -EINVAL;
		goto out;
	}
	rc = fadump_check_crash_info(ci, ci_pa, info, ram, nr_ram);
	if (rc)
		goto out;
	fadump.old = ci->layout;

	rc = fadump_build_vmcore(ci, ram, nr_ram);
	if (!rc) {
		fadump.dump_ok = true;
		if (fadump_oldmem_init(fadump.unplugged, fadump.nr_unplugged))
			pr_warn("no window onto preserved memory; /proc/vmcore reads it a page at a time\n");
	}
out:
	kfree(ram);
	if (rc)
		pr_err("no /proc/vmcore this boot (%d); write 1 to /sys/kernel/fadump/release_mem to free the held memory\n",
		       rc);
	return rc;
}

/**
 * fadump_forget_crash_info() - make the crashed kernel's header invalid
 *
 * Clears the magic of the crash-info header found at boot, so that
 * nothing takes it for a record of a crash again, whatever the firmware
 * says later: release calls it once the firmware dropped the dump and
 * before it gives any memory back.
 *
 * Context: process context, fadump_mutex held, from the release.
 */
void fadump_forget_crash_info(void)
{
	struct fadump_crash_info *ci;
	u64 ci_pa;

	if (!fadump.info_ok)
		return;
	ci = fadump_found_crash_info(&ci_pa);
	if (!ci)
		return;
	WRITE_ONCE(ci->magic, 0);
	/* Before any of the memory can be reused. */
	mb();
}

/**
 * fadump_drop_vmcore() - undo fadump_setup_capture()
 *
 * Readers still holding /proc/vmcore open get errors from now on;
 * vmcore_cleanup() waits for the reads in progress, so the window onto
 * old memory can go before the memory is hot-added back. Then the ELF core header is
 * freed if it was allocated.
 *
 * Context: process context, fadump_mutex held, from the release.
 */
void fadump_drop_vmcore(void)
{
	vmcore_cleanup();
	fadump_oldmem_exit();
	elfcorehdr_addr = ELFCORE_ADDR_MAX;
	fadump_free_elf_buf();
	fadump.dump_ok = false;
}
