// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, PowerNV backend: OPAL MPIPL.
 *
 * skiboot offers memory-preserving IPL where /ibm,opal/dump exists. The
 * backend registers each boot range of the core's layout as an MPIPL
 * range (OPAL_MPIPL_UPDATE, OPAL_MPIPL_ADD_RANGE) and the address of its
 * record (opal-fadump-mpipl.h) as the kernel tag (OPAL_MPIPL_REGISTER_TAG);
 * a crash asks OPAL for an MPIPL reboot (OPAL_CEC_REBOOT2). The firmware
 * copies the ranges, saves every thread's registers, re-IPLs and boots
 * the kernel again with "mpipl-boot" in /ibm,opal/dump; that kernel
 * queries the kernel tag (OPAL_MPIPL_QUERY_TAG) to find the record and
 * the CPU tag to find the register data. OPAL_MPIPL_FREE_PRESERVED_MEMORY
 * drops the dump.
 *
 * As the pseries backend, this one only speaks the firmware's protocol;
 * the core (arch/powerpc/kernel/fadump*.c) owns the state and calls us
 * through opal_fadump_ops. Checking what comes back is in
 * opal-fadump-parse.c.
 */

#define pr_fmt(fmt) "fadump: opal: " fmt

#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <asm/fadump-internal.h>
#include <asm/opal.h>

#include "opal-fadump-mpipl.h"

/* How long a returned MPIPL request waits for the reset to come */
#define OFD_TRIGGER_WAIT_MS	1000

/*
 * Backend state. Only this file writes it; the core sees copies through
 * struct fadump_fw_info and struct fadump_dump_info.
 */
static struct {
	bool dump_active;		/* "mpipl-boot": a capture boot */
	bool prepared;			/* the record is built */
	bool registered;
	u64 record_pa;			/* where the record is */
	struct opal_fadump_record *record;
	int regs_err;			/* why there is no register data */
	struct opal_fadump_cpu_data cpu;	/* the register data, checked */
	int opal_err;			/* why there is no OPAL memory */
	struct opal_fadump_opal_mem opal;	/* OPAL's memory, checked */
} ofd;

/* An OPAL return code as -errno */
static int ofd_errno(s64 rc)
{
	switch (rc) {
	case OPAL_SUCCESS:
		return 0;
	case OPAL_PARAMETER:
		return -EINVAL;
	case OPAL_RESOURCE:
		return -ENOSPC;
	case OPAL_UNSUPPORTED:
		return -EOPNOTSUPP;
	case OPAL_BUSY:
	case OPAL_BUSY_EVENT:
		return -EBUSY;
	default:
		return -EIO;
	}
}

/* #address-cells and #size-cells of the flat tree's root */
static void ofd_fdt_cells(const void *fdt, int *ac, int *sc)
{
	const fdt32_t *p;
	int len;

	*ac = 2;
	*sc = 2;
	p = fdt_getprop(fdt, 0, "#address-cells", &len);
	if (p && len == sizeof(*p))
		*ac = fdt32_to_cpu(*p);
	p = fdt_getprop(fdt, 0, "#size-cells", &len);
	if (p && len == sizeof(*p))
		*sc = fdt32_to_cpu(*p);
}

/* The "memory" node reg range of the flat tree holding @addr; *@end: its end */
static bool ofd_fdt_find(const void *fdt, u64 addr, u64 *end)
{
	int ac, sc;

	ofd_fdt_cells(fdt, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	return fadump_fdt_memory_end(fdt, ac, sc, addr, end);
}

/* RAM as the flat device tree's memory nodes say, for early boot */
static bool ofd_in_ram_fdt(u64 base, u64 size)
{
	const void *fdt = initial_boot_params;
	u64 cur = base, lim, end;

	if (!fdt || !size || check_add_overflow(base, size, &lim))
		return false;
	while (cur < lim) {
		if (!ofd_fdt_find(fdt, cur, &end) || end <= cur)
			return false;
		cur = end;
	}
	return true;
}

/* Read one tag; 0 if OPAL has none */
static u64 ofd_query_tag(enum opal_mpipl_tags tag, const char *what)
{
	__be64 val = 0;
	s64 rc;

	rc = opal_mpipl_query_tag(tag, &val);
	if (rc != OPAL_SUCCESS) {
		pr_info("OPAL has no %s tag (%lld)\n", what, rc);
		return 0;
	}
	return be64_to_cpu(val);
}

/**
 * opal_fadump_probe() - what OPAL offers
 * @node: the depth-1 "ibm,opal" node of the flat tree
 * @fw: filled with what the core needs to know
 *
 * Context: early boot, flat device tree; OPAL is reachable.
 * Return: 0, -ENODEV without MPIPL, -EINVAL if /ibm,opal/dump is
 * malformed.
 */
static int __init opal_fadump_probe(unsigned long node,
				    struct fadump_fw_info *fw)
{
	const void *fdt = initial_boot_params;
	const void *prop;
	int dump, len, rc;
	u64 load_end;

	dump = fdt_subnode_offset(fdt, node, "dump");
	if (dump < 0)
		return -ENODEV;
	if (fdt_node_check_compatible(fdt, dump, "ibm,opal-dump")) {
		pr_info("/ibm,opal/dump is not compatible with ibm,opal-dump: no MPIPL\n");
		return -ENODEV;
	}
	if (!opal_check_token(OPAL_MPIPL_UPDATE) ||
	    !opal_check_token(OPAL_MPIPL_REGISTER_TAG) ||
	    !opal_check_token(OPAL_MPIPL_QUERY_TAG)) {
		pr_info("OPAL lacks the MPIPL calls\n");
		return -ENODEV;
	}
	prop = fdt_getprop(fdt, dump, "fw-load-area", &len);
	load_end = 0;
	if (prop) {
		rc = opal_fadump_load_area_end(prop, len, &load_end);
		if (rc)
			return rc;
	}

	memset(fw, 0, sizeof(*fw));
	fw->version = 1;
	fw->max_boot_ranges = OPAL_FADUMP_MAX_RANGES;
	fw->cpu_state_size = sizeof(struct opal_fadump_record);
	fw->boot_align = PAGE_SIZE;
	/* skiboot keeps an MPIPL range's size in 32 bits */
	fw->max_range_size = OPAL_FADUMP_MAX_RANGE_SIZE;
	fw->min_boot_mem = ALIGN(load_end, PAGE_SIZE);
	/* No RMA: OPAL reaches all memory */
	fw->max_meta_addr = U64_MAX;
	fw->dump_active = !!fdt_getprop(fdt, dump, "mpipl-boot", NULL);
	ofd.dump_active = fw->dump_active;
	pr_info("MPIPL: up to %u boot memory ranges, boot memory of at least %#llx bytes (fw-load-area)%s\n",
		fw->max_boot_ranges, fw->min_boot_mem,
		fw->dump_active ? ", an MPIPL boot" : "");
	return 0;
}

/**
 * opal_fadump_prepare() - build the record for a layout
 * @l: layout from the core
 *
 * The record goes into the layout's CPU state slot, reserved by the core
 * and outside boot memory.
 *
 * Context: process context.
 * Return: 0, -EBUSY while registered, or -EINVAL if OPAL cannot take @l.
 */
static int opal_fadump_prepare(const struct fadump_layout *l)
{
	struct opal_fadump_record *r;
	int rc;

	if (ofd.registered) {
		pr_err("prepare: a dump is registered, unregister it first\n");
		return -EBUSY;
	}
	ofd.prepared = false;
	r = __va(l->cpu_state_pa);
	rc = opal_fadump_build(r, l);
	if (rc)
		return rc;
	ofd.record = r;
	ofd.record_pa = l->cpu_state_pa;
	ofd.prepared = true;
	return 0;
}

/* Take every range and both tags back; errors are reported, not returned */
static int ofd_remove_all(void)
{
	s64 rc;

	rc = opal_mpipl_update(OPAL_MPIPL_REMOVE_ALL, 0, 0, 0);
	if (rc != OPAL_SUCCESS) {
		pr_err("OPAL_MPIPL_UPDATE(REMOVE_ALL) failed (%lld)\n", rc);
		return ofd_errno(rc);
	}
	rc = opal_mpipl_register_tag(OPAL_MPIPL_TAG_KERNEL, 0);
	if (rc != OPAL_SUCCESS) {
		pr_err("clearing the kernel tag failed (%lld)\n", rc);
		return ofd_errno(rc);
	}
	return 0;
}

/**
 * opal_fadump_register() - register the prepared ranges and the tags
 *
 * Ranges left from an earlier registration of this boot are removed
 * first: OPAL refuses a duplicate source or destination. The boot memory
 * tag gets the end of boot memory, which a bootloader kernel built with
 * CONFIG_PRESERVE_FA_DUMP reads (opal-fadump-preserve.c).
 *
 * Context: process context.
 * Return: 0 or -errno (OPAL's code mapped).
 */
static int opal_fadump_register(void)
{
	const struct opal_fadump_record *r = ofd.record;
	u64 top;
	s64 rc;
	u32 i;

	if (!ofd.prepared) {
		pr_err("register: no record prepared\n");
		return -EINVAL;
	}
	if (ofd_remove_all())
		return -EIO;
	for (i = 0; i < r->nr_ranges; i++) {
		rc = opal_mpipl_update(OPAL_MPIPL_ADD_RANGE, r->range[i].src,
				       r->range[i].dst, r->range[i].size);
		if (rc != OPAL_SUCCESS) {
			pr_err("OPAL refused range %u %#llx -> %#llx (%#llx bytes): %lld\n",
			       i, r->range[i].src, r->range[i].dst,
			       r->range[i].size, rc);
			goto undo;
		}
	}
	top = opal_fadump_boot_top(r);
	rc = opal_mpipl_register_tag(OPAL_MPIPL_TAG_BOOT_MEM, top);
	if (rc != OPAL_SUCCESS) {
		pr_err("OPAL refused the end of boot memory %#llx: %lld\n",
		       top, rc);
		goto undo;
	}
	rc = opal_mpipl_register_tag(OPAL_MPIPL_TAG_KERNEL, ofd.record_pa);
	if (rc != OPAL_SUCCESS) {
		pr_err("OPAL refused the kernel tag %#llx: %lld\n",
		       ofd.record_pa, rc);
		goto undo;
	}
	ofd.registered = true;
	return 0;
undo:
	ofd_remove_all();
	return ofd_errno(rc);
}

/**
 * opal_fadump_unregister() - remove every range and the kernel tag
 *
 * Context: process context.
 * Return: 0 or -errno.
 */
static int opal_fadump_unregister(void)
{
	int rc = ofd_remove_all();

	if (!rc)
		ofd.registered = false;
	return rc;
}

/**
 * opal_fadump_invalidate() - have OPAL drop the preserved dump
 *
 * Context: process context.
 * Return: 0 or -errno.
 */
static int opal_fadump_invalidate(void)
{
	s64 rc = opal_mpipl_update(OPAL_MPIPL_FREE_PRESERVED_MEMORY, 0, 0, 0);

	if (rc != OPAL_SUCCESS) {
		pr_err("OPAL_MPIPL_UPDATE(FREE_PRESERVED_MEMORY) failed (%lld)\n",
		       rc);
		return ofd_errno(rc);
	}
	ofd.dump_active = false;
	return 0;
}

static bool ofd_in_ram(u64 base, u64 size)
{
	return size && memblock_is_region_memory(base, size);
}

/* The register data OPAL_MPIPL_TAG_CPU describes, checked into ofd.cpu */
static int ofd_read_cpu_meta(opal_fadump_ram_fn in_ram)
{
	const struct opal_mpipl_fadump *m;
	u64 pa = ofd_query_tag(OPAL_MPIPL_TAG_CPU, "CPU");
	size_t len = sizeof(*m) + sizeof(m->region[0]);

	if (!pa) {
		pr_warn("OPAL saved no register data: the dump has the crashing CPU's registers only\n");
		return -ENOENT;
	}
	if (!IS_ALIGNED(pa, 8) || !in_ram(pa, len)) {
		pr_err("CPU metadata at %#llx is not RAM\n", pa);
		return -EINVAL;
	}
	return opal_fadump_check_cpu_meta(__va(pa), len, in_ram, &ofd.cpu);
}

/* OPAL's own preserved memory (OPAL_MPIPL_TAG_OPAL), checked into ofd.opal */
static int ofd_read_opal_meta(opal_fadump_ram_fn in_ram)
{
	const struct opal_mpipl_fadump *m;
	u64 pa = ofd_query_tag(OPAL_MPIPL_TAG_OPAL, "OPAL");
	size_t len;

	if (!pa)
		return -ENOENT;
	if (!IS_ALIGNED(pa, 8) || !in_ram(pa, sizeof(*m))) {
		pr_err("OPAL metadata at %#llx is not RAM\n", pa);
		return -EINVAL;
	}
	m = __va(pa);
	len = sizeof(*m) + min_t(u32, be32_to_cpu(m->region_cnt),
				 OPAL_FADUMP_MAX_OPAL_REGIONS) *
			   sizeof(m->region[0]);
	if (!in_ram(pa, len)) {
		pr_err("OPAL metadata at %#llx (%zu bytes) is not RAM\n", pa, len);
		return -EINVAL;
	}
	return opal_fadump_check_opal_meta(m, len, in_ram, &ofd.opal);
}

/**
 * opal_fadump_opal_core_data() - what the OPAL core is made of
 * @om: OPAL's preserved memory
 * @cd: the register data
 *
 * Both were read and checked with the dump (opal_fadump_read_dump()),
 * before a release could have OPAL free its metadata.
 *
 * Context: any.
 * Return: true if this is an MPIPL boot with OPAL's memory and register
 * data both usable.
 */
bool opal_fadump_opal_core_data(struct opal_fadump_opal_mem *om,
				struct opal_fadump_cpu_data *cd)
{
	if (ofd.opal_err || ofd.regs_err || !ofd.opal.nr)
		return false;
	*om = ofd.opal;
	*cd = ofd.cpu;
	return true;
}

/**
 * opal_fadump_read_dump() - find and check the crashed kernel's record
 * @info: filled from the record
 *
 * Also checks OPAL's CPU metadata, for opal_fadump_cpu_regs() (a problem
 * there costs the other CPUs' registers, not the dump), and the metadata
 * of OPAL's own preserved memory, for the OPAL core.
 *
 * RAM is what memblock says, or before memblock is populated what the
 * flat device tree's memory nodes say.
 *
 * Context: any time after probe, the early flat tree scan (real mode)
 * included.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
static int opal_fadump_read_dump(struct fadump_dump_info *info)
{
	opal_fadump_ram_fn in_ram = memblock_phys_mem_size() ? ofd_in_ram :
							       ofd_in_ram_fdt;
	const struct opal_fadump_record *r;
	u64 pa;

	memset(info, 0, sizeof(*info));
	if (!ofd.dump_active) {
		pr_err("read_dump: not an MPIPL boot\n");
		return -EINVAL;
	}
	/* OPAL's memory and registers, whatever became of the kernel's */
	ofd.opal_err = ofd_read_opal_meta(in_ram);
	ofd.regs_err = ofd_read_cpu_meta(in_ram);
	pa = ofd_query_tag(OPAL_MPIPL_TAG_KERNEL, "kernel");
	if (!pa) {
		pr_err("read_dump: an MPIPL boot without a kernel tag: the crashed kernel had not registered\n");
		return -EINVAL;
	}
	if (!IS_ALIGNED(pa, 8) || !in_ram(pa, sizeof(*r))) {
		pr_err("read_dump: the kernel tag %#llx is not a record in RAM\n",
		       pa);
		return -EINVAL;
	}
	r = __va(pa);
	return opal_fadump_check_record(r, pa, in_ram, info);
}

/**
 * opal_fadump_cpu_regs() - walk the threads' saved registers
 * @info: as filled by opal_fadump_read_dump() (unused: OPAL's metadata
 *        says where the registers are)
 * @fn: called per thread with its PIR and registers
 * @arg: passed to @fn
 *
 * Context: process context (initcall).
 * Return: 0, @fn's first non-zero return, or -errno.
 */
static int opal_fadump_cpu_regs(const struct fadump_dump_info *info,
				opal_fadump_cpu_fn fn, void *arg)
{
	if (ofd.regs_err)
		return ofd.regs_err;
	if (!ofd_in_ram(ofd.cpu.pa, ofd.cpu.size)) {
		pr_err("register data %#llx (+%#llx) is not RAM\n",
		       ofd.cpu.pa, ofd.cpu.size);
		return -EINVAL;
	}
	return opal_fadump_walk_regs(__va(ofd.cpu.pa), ofd.cpu.size,
				     ofd.cpu.thread_size, fn, arg);
}

/**
 * opal_fadump_trigger() - ask OPAL for the MPIPL reboot
 * @msg: reason, for OPAL's log
 *
 * Context: crash path: interrupts off, no sleeping, no allocation.
 */
static void opal_fadump_trigger(const char *msg)
{
	s64 rc;
	int i;

	BUILD_BUG_ON(OFD_TRIGGER_WAIT_MS + 100 > FADUMP_TRIGGER_MAX_MS);
	rc = opal_cec_reboot2(OPAL_REBOOT_MPIPL, msg ?: "");
	if (rc != OPAL_SUCCESS) {
		pr_emerg("OPAL refused the MPIPL reboot (%lld): no firmware-assisted dump\n",
			 rc);
		return;
	}
	for (i = 0; i < OFD_TRIGGER_WAIT_MS; i++)
		mdelay(1);
	pr_emerg("OPAL returned from the MPIPL reboot without rebooting\n");
}

const struct fadump_ops opal_fadump_ops = {
	.name			= "opal",
	.probe			= opal_fadump_probe,
	.prepare		= opal_fadump_prepare,
	.register_dump		= opal_fadump_register,
	.unregister_dump	= opal_fadump_unregister,
	.invalidate_dump	= opal_fadump_invalidate,
	.read_dump		= opal_fadump_read_dump,
	.for_each_cpu_regs	= opal_fadump_cpu_regs,
	.trigger		= opal_fadump_trigger,
};
