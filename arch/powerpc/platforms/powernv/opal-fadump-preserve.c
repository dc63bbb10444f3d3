// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DOC: keeping an MPIPL dump for the kernel loaded next
 *
 * On OpenPOWER machines the firmware does not boot the crashed kernel
 * after an MPIPL: it boots the bootloader (petitboot), whose kernel then
 * loads the production kernel with kexec, and only that kernel captures
 * the dump. The bootloader's kernel is built with CONFIG_PRESERVE_FA_DUMP
 * instead of CONFIG_FA_DUMP and must leave everything of the crashed
 * kernel's alone but its boot memory, whose contents the firmware has
 * copied into the dump area already.
 *
 * Early in boot (prom.c) early_init_dt_scan_fw_dump() looks for
 * "mpipl-boot" in /ibm,opal/dump and asks OPAL for the boot memory tag,
 * the end of the crashed kernel's boot memory, which the production
 * kernel registered (opal-fadump-mpipl.c, and the incumbent's
 * implementation before it, wrote the same). fadump_reserve_mem() then
 * takes all memory from there up out of memblock, but for what must stay
 * mapped there (the device tree, the initrd, what the firmware reserves),
 * which stays in memblock, reserved: the kernel builds no page structures
 * for the rest, so it runs in the same boot memory whatever the RAM,
 * cannot allocate there, and kexec_file_load() places no segment there
 * (it looks for holes in memblock's memory). The
 * device tree this kernel hands on still lists all of RAM, and OPAL still
 * holds the tags, so the kernel it loads finds the dump.
 *
 * A tag that this kernel cannot honour (no RAM above it, or too little
 * room below it to boot in) is cleared, together with the kernel tag, so
 * that no later kernel reads a dump this one may have overwritten: the
 * dump is then absent, not wrong. Nothing here registers, releases or
 * frees anything with OPAL.
 */

#define pr_fmt(fmt) "fadump: preserve: " fmt

#include <linux/align.h>
#include <linux/init.h>
#include <linux/initrd.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include <asm/fadump.h>
#include <asm/opal.h>
#include <asm/page.h>
#include <asm/sections.h>

#include "opal-fadump-mpipl.h"

/* OPAL_MPIPL_TAG_BOOT_MEM as found by the scan; 0: nothing to keep */
static u64 ofp_top __initdata;

/* Clear the tags by which a kernel would find the dump; report only */
static void __init ofp_drop_tags(void)
{
	s64 rc;

	rc = opal_mpipl_register_tag(OPAL_MPIPL_TAG_KERNEL, 0);
	if (rc == OPAL_SUCCESS)
		rc = opal_mpipl_register_tag(OPAL_MPIPL_TAG_BOOT_MEM, 0);
	if (rc != OPAL_SUCCESS)
		pr_err("clearing the MPIPL tags failed (%lld)\n", rc);
}

/**
 * early_init_dt_scan_fw_dump() - find an MPIPL dump to keep
 * @node: flat device tree node
 * @uname: its name
 * @depth: its depth
 * @data: unused
 *
 * Called by of_scan_flat_dt() for every node; acts on the depth-1
 * "ibm,opal" node only.
 *
 * Context: early boot, flat device tree; OPAL is reachable.
 * Return: 1 once the "ibm,opal" node was seen (stops the scan), else 0.
 */
int __init early_init_dt_scan_fw_dump(unsigned long node, const char *uname,
				      int depth, void *data)
{
	const void *fdt = initial_boot_params;
	__be64 val = 0;
	int dump;
	s64 rc;

	if (depth != 1 || strcmp(uname, "ibm,opal"))
		return 0;
	dump = fdt_subnode_offset(fdt, node, "dump");
	if (dump < 0 || !fdt_getprop(fdt, dump, "mpipl-boot", NULL))
		return 1;
	if (!opal_check_token(OPAL_MPIPL_QUERY_TAG)) {
		pr_err("an MPIPL boot, but OPAL cannot say what the crashed kernel registered: keeping nothing\n");
		return 1;
	}
	rc = opal_mpipl_query_tag(OPAL_MPIPL_TAG_BOOT_MEM, &val);
	if (rc != OPAL_SUCCESS || !val) {
		pr_info("an MPIPL boot without a kernel's boot memory tag (%lld): nothing to keep\n",
			rc);
		return 1;
	}
	ofp_top = be64_to_cpu(val);
	return 1;
}

/*
 * What must stay mapped above the end of boot memory: memblock's
 * reservations so far (the kernel's device tree, initrd) and what the
 * firmware reserves in the device tree (the reserve map, /reserved-memory,
 * "reserved-ranges": OPAL's image, its console buffer, OCC and HOMER
 * areas), which prom.c hands to memblock only after fadump_reserve_mem().
 */
#define OFP_MAX_KEEP	64

static struct {
	u64 base, end;
} ofp_keep_list[OFP_MAX_KEEP] __initdata;
static u32 ofp_nr_keep __initdata;
static bool ofp_overflow __initdata;

/* Note [@start, @start + @size) if it reaches into [@lo, @hi) */
static void __init ofp_note(u64 start, u64 size, u64 lo, u64 hi)
{
	u64 end;

	if (!size)
		return;
	if (check_add_overflow(start, size, &end))
		end = U64_MAX;
	if (end <= lo || start >= hi)
		return;
	if (ofp_nr_keep == OFP_MAX_KEEP) {
		ofp_overflow = true;
		return;
	}
	ofp_keep_list[ofp_nr_keep].base = max(start, lo);
	ofp_keep_list[ofp_nr_keep].end = min(end, hi);
	ofp_nr_keep++;
}

/* The "reg" ranges of /reserved-memory's children */
static void __init ofp_note_reserved_memory(const void *fdt, u64 lo, u64 hi)
{
	const fdt32_t *p;
	int rm, child, ac, sc, len, i;

	rm = fdt_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return;
	ac = fdt_address_cells(fdt, rm);
	sc = fdt_size_cells(fdt, rm);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		ofp_overflow = true;
		return;
	}
	fdt_for_each_subnode(child, fdt, rm) {
		p = fdt_getprop(fdt, child, "reg", &len);
		if (!p)
			continue;
		for (i = 0; i + ac + sc <= len / (int)sizeof(*p); i += ac + sc)
			ofp_note(of_read_number(p + i, ac),
				 of_read_number(p + i + ac, sc), lo, hi);
	}
}

/* Everything that must stay mapped in [@lo, @hi), into ofp_keep_list */
static void __init ofp_collect(u64 lo, u64 hi)
{
	const void *fdt = initial_boot_params;
	const fdt32_t *p;
	phys_addr_t rs, re;
	u64 addr, size, i;
	int n, len;

	for_each_reserved_mem_range(i, &rs, &re)
		ofp_note(rs, re - rs, lo, hi);
	ofp_note(__pa(fdt), fdt_totalsize(fdt), lo, hi);
	if (IS_ENABLED(CONFIG_BLK_DEV_INITRD) && initrd_start < initrd_end)
		ofp_note(__pa(initrd_start), initrd_end - initrd_start, lo, hi);
	n = fdt_num_mem_rsv(fdt);
	for (i = 0; n > 0 && i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			ofp_note(addr, size, lo, hi);
	p = fdt_getprop(fdt, 0, "reserved-ranges", &len);
	for (i = 0; p && i + 4 <= len / sizeof(*p); i += 4)
		ofp_note(of_read_number(p + i, 2), of_read_number(p + i + 2, 2),
			 lo, hi);
	ofp_note_reserved_memory(fdt, lo, hi);
}

/*
 * The 16 MiB rounding puts some of the crashed kernel's memory back into
 * memblock (reserved): the slack, each rounded range but for what
 * ofp_collect() found in it. kexec_file_load() looks for room in
 * memblock's memory, reservations aside, minus the "reserved-ranges" of
 * the live device tree (and a few other firmware ranges), so
 * ofp_export_slack() lists the slack there. The flat device tree that
 * kexec_file_load() hands on is the one the firmware gave, without them.
 */
static struct {
	u64 base, end;
} ofp_slack[OFP_MAX_KEEP * 2] __initdata;
static u32 ofp_nr_slack __initdata;

static int __init ofp_cmp(const void *a, const void *b)
{
	const u64 *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Note the parts of [@s, @e) that no entry of ofp_keep_list (sorted) covers */
static void __init ofp_note_slack(u64 s, u64 e)
{
	u32 i;

	for (i = 0; i < ofp_nr_keep && s < e; i++) {
		if (ofp_keep_list[i].end <= s)
			continue;
		if (ofp_keep_list[i].base >= e)
			break;
		if (ofp_keep_list[i].base > s && ofp_nr_slack < ARRAY_SIZE(ofp_slack)) {
			ofp_slack[ofp_nr_slack].base = s;
			ofp_slack[ofp_nr_slack++].end = ofp_keep_list[i].base;
		}
		s = max(s, ofp_keep_list[i].end);
	}
	if (s < e && ofp_nr_slack < ARRAY_SIZE(ofp_slack)) {
		ofp_slack[ofp_nr_slack].base = s;
		ofp_slack[ofp_nr_slack++].end = e;
	}
}

/*
 * Take [@base, @end) out of memblock but for what ofp_collect() found,
 * each piece rounded out to whole 16 MiB and reserved, so that nothing
 * is allocated there. 16 MiB: with the hash MMU the linear map is made of
 * 16 MiB pages, and memory that does not fill one is not mapped at all;
 * prom.c also rounds the memory size down to it right after this. Without
 * room to list them all, reserve the whole range instead (and list it as
 * slack): the kernel then needs page structures for it in boot memory.
 */
static void __init ofp_keep(u64 base, u64 end)
{
	u64 s, e, last = 0;
	u32 i;

	ofp_collect(base, end);
	if (ofp_overflow) {
		pr_warn("more than %u reserved ranges above boot memory: reserving all of it\n",
			OFP_MAX_KEEP);
		memblock_reserve(base, end - base);
		/* all of it is in memblock's memory now: list all of it */
		ofp_slack[0].base = base;
		ofp_slack[0].end = end;
		ofp_nr_slack = 1;
		return;
	}
	sort(ofp_keep_list, ofp_nr_keep, sizeof(ofp_keep_list[0]), ofp_cmp,
	     NULL);
	memblock_remove(base, end - base);
	for (i = 0; i < ofp_nr_keep; i++) {
		s = max(ALIGN_DOWN(ofp_keep_list[i].base, SZ_16M), base);
		e = min(ALIGN(ofp_keep_list[i].end, SZ_16M), end);
		memblock_add(s, e - s);
		memblock_reserve(s, e - s);
		/* the rounded ranges are sorted too; note each part once */
		s = max(s, last);
		if (s < e)
			ofp_note_slack(s, e);
		last = max(last, e);
	}
}

/* List the slack in the live tree's "reserved-ranges" (2 + 2 cells each) */
static int __init ofp_export_slack(void)
{
	struct device_node *root;
	struct property *old, *prop;
	__be64 *val;
	int len = 0;
	u32 i;

	if (!ofp_nr_slack)
		return 0;
	root = of_find_node_by_path("/");
	if (!root)
		return -ENODEV;
	old = of_find_property(root, "reserved-ranges", &len);
	prop = kzalloc(sizeof(*prop), GFP_KERNEL);
	val = kzalloc(len + ofp_nr_slack * 2 * sizeof(*val), GFP_KERNEL);
	if (!prop || !val || of_n_addr_cells(root) != 2 ||
	    of_n_size_cells(root) != 2) {
		pr_err("cannot list %u slack range(s) in reserved-ranges: kexec_file_load() may place segments there\n",
		       ofp_nr_slack);
		kfree(prop);
		kfree(val);
		of_node_put(root);
		return -ENOMEM;
	}
	if (old && len)
		memcpy(val, old->value, len);
	for (i = 0; i < ofp_nr_slack; i++) {
		val[len / sizeof(*val) + 2 * i] = cpu_to_be64(ofp_slack[i].base);
		val[len / sizeof(*val) + 2 * i + 1] =
			cpu_to_be64(ofp_slack[i].end - ofp_slack[i].base);
	}
	prop->name = "reserved-ranges";
	prop->length = len + ofp_nr_slack * 2 * sizeof(*val);
	prop->value = val;
	of_update_property(root, prop);
	of_node_put(root);
	pr_info("%u slack range(s) around the firmware's listed in reserved-ranges\n",
		ofp_nr_slack);
	return 0;
}
arch_initcall(ofp_export_slack);

/**
 * fadump_reserve_mem() - keep the memory above the crashed kernel's boot memory
 *
 * Context: early boot, memblock holds RAM and the kernel's own
 * reservations.
 * Return: 1 if memory is kept for a dump (prom.c then reserves no kdump
 * area), else 0.
 */
int __init fadump_reserve_mem(void)
{
	u64 ram_end = memblock_end_of_DRAM();
	u64 kernel_end = __pa(_end);
	u64 base;
	int rc;

	if (!ofp_top)
		return 0;
	rc = opal_fadump_preserve_base(ofp_top, kernel_end, ram_end,
				       PAGE_SIZE, &base);
	if (rc) {
		pr_err("cannot keep the dump above %#llx (this kernel ends at %#llx, RAM at %#llx, %d): dropping it\n",
		       ofp_top, kernel_end, ram_end, rc);
		ofp_drop_tags();
		return 0;
	}
	ofp_keep(base, ram_end);
	pr_info("keeping %#llx-%#llx (%llu MiB) for the kernel that captures the dump\n",
		base, ram_end - 1, (ram_end - base) >> 20);
	return 1;
}
