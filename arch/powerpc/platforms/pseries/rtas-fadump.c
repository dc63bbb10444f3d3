// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, pseries backend.
 *
 * PowerVM (and QEMU's pseries machine) implement the PAPR "configure
 * platform assisted kernel dump" option: the OS registers, through the
 * ibm,configure-kernel-dump RTAS call, a small structure listing memory
 * sections to preserve. On ibm,os-term the firmware copies each section
 * to its destination, saves the CPUs' registers, resets the partition and
 * boots the OS again with the updated structure in the /rtas
 * "ibm,kernel-dump" property.
 *
 * This file only speaks that protocol; sizing and placing the dump area,
 * the vmcore and the user interface belong to the core
 * (arch/powerpc/kernel/fadump.c), which calls us through rtas_fadump_ops.
 */

#define pr_fmt(fmt) "fadump: rtas: " fmt

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/minmax.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/swab.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include <asm/drmem.h>
#include <asm/fadump-internal.h>
#include <asm/rtas.h>

#include "rtas-fadump.h"

/* ibm,os-term retry budget on the crash path, and wait for the reset */
#define RKD_TERM_BUSY_BUDGET_US	2000000U
#define RKD_TERM_WAIT_MS	1000

/* Fallback when /memory@0 does not tell us the RMA size */
#define RKD_RMA_FALLBACK	SZ_128M

/*
 * Backend state. Only this file writes it; the core sees copies through
 * struct fadump_fw_info and struct fadump_dump_info.
 */
static struct {
	s32 token;			/* ibm,configure-kernel-dump */
	struct rtas_kdump_caps caps;	/* negotiated at probe */
	u64 max_meta_addr;		/* RMA top, capped to 4 GiB */
	bool prepared;			/* rkd_reg holds a built structure */
	bool registered;		/* firmware accepted rkd_reg */
	bool dump_active;		/* ibm,kernel-dump was present */
	u32 active_len;			/* bytes of it in rkd_active, 0: bad */
	int active_prop_len;		/* its length in the device tree */
} rkd = {
	.token = RTAS_UNKNOWN_SERVICE,
};

/*
 * The firmware wants these in the RMA, and the registration structure's
 * address is a 32-bit RTAS argument: static storage in the kernel image
 * satisfies both (checked before use anyway).
 */
static struct rtas_kdump_mem rkd_reg __aligned(8);
static u8 rkd_active[RTAS_KDUMP_MAX_STRUCT_SIZE] __aligned(8);
static char rkd_term_msg[512];
static struct rtas_args rkd_term_args;

/* Register save area ids are NUL-padded ASCII, compared as big-endian u64 */
static u64 rkd_id(const char *name)
{
	u64 id = 0;
	int i;

	for (i = 0; i < 8; i++) {
		id <<= 8;
		if (*name)
			id |= (u8)*name++;
	}
	return id;
}

static bool rkd_is_busy(int status)
{
	return status == RTAS_BUSY ||
	       (status >= RTAS_EXTENDED_DELAY_MIN &&
		status <= RTAS_EXTENDED_DELAY_MAX);
}

static const char *rkd_type_name(u16 type)
{
	switch (type) {
	case RTAS_KDUMP_CPU_STATE:
		return "CPU state";
	case RTAS_KDUMP_HPTE:
		return "HPTE";
	case RTAS_KDUMP_REAL_MODE:
		return "boot memory";
	case RTAS_KDUMP_PARAM_AREA:
		return "parameter area";
	default:
		return "unknown";
	}
}

/* Do [a, a + alen) and [b, b + blen) intersect? Neither may wrap. */
static bool rkd_overlap(u64 a, u64 alen, u64 b, u64 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Does [base, base + size) lie in RAM (possibly across adjacent blocks)? */
static bool rkd_in_ram(u64 base, u64 size)
{
	phys_addr_t start, end;
	u64 cur = base, lim;
	u64 i;

	if (!size || check_add_overflow(base, size, &lim))
		return false;

	for_each_mem_range(i, &start, &end) {
		if (end <= cur)
			continue;
		if (start > cur)
			return false;
		cur = end;
		if (cur >= lim)
			return true;
	}
	return false;
}

/* #address-cells and #size-cells of the flat device tree's root */
static void rkd_fdt_cells(const void *fdt, int *ac, int *sc)
{
	const fdt32_t *p;
	int len;

	*ac = 2;
	*sc = 1;
	p = fdt_getprop(fdt, 0, "#address-cells", &len);
	if (p && len == sizeof(*p))
		*ac = fdt32_to_cpu(*p);
	p = fdt_getprop(fdt, 0, "#size-cells", &len);
	if (p && len == sizeof(*p))
		*sc = fdt32_to_cpu(*p);
}

/*
 * In the flat device tree, find RAM containing @addr: a memory node's
 * "reg" range or an assigned dynamic-reconfiguration LMB. Sets *@end to
 * the end of the range found.
 */
static bool rkd_fdt_find(const void *fdt, u64 addr, u64 *end)
{
	const fdt32_t *p, *lim;
	int node, len, ac, sc, v2, cells;
	u64 base, size, lmb;
	const char *type;
	u32 n, flags, seq;

	rkd_fdt_cells(fdt, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;

	fdt_for_each_subnode(node, fdt, 0) {
		type = fdt_getprop(fdt, node, "device_type", NULL);
		if (!type || strcmp(type, "memory"))
			continue;
		p = fdt_getprop(fdt, node, "reg", &len);
		if (!p || len < 0)
			continue;
		for (lim = p + len / sizeof(*p); lim - p >= ac + sc; p += ac + sc) {
			base = of_read_number(p, ac);
			size = of_read_number(p + ac, sc);
			if (addr >= base && addr - base < size) {
				*end = base + size;
				return true;
			}
		}
	}

	node = fdt_path_offset(fdt, "/ibm,dynamic-reconfiguration-memory");
	if (node < 0)
		return false;
	p = fdt_getprop(fdt, node, "ibm,lmb-size", &len);
	if (!p || len < sc * (int)sizeof(*p))
		return false;
	lmb = of_read_number(p, sc);
	v2 = 0;
	p = fdt_getprop(fdt, node, "ibm,dynamic-memory", &len);
	if (!p) {
		p = fdt_getprop(fdt, node, "ibm,dynamic-memory-v2", &len);
		v2 = 1;
	}
	if (!p || len < (int)sizeof(*p) || !lmb)
		return false;
	lim = p + len / sizeof(*p);
	n = fdt32_to_cpu(*p++);
	/* v1: base, drc index, reserved, aa index, flags; v2: count first */
	cells = ac + 4;
	for (; n && lim - p >= cells; n--, p += cells) {
		seq = v2 ? fdt32_to_cpu(p[0]) : 1;
		base = of_read_number(p + v2, ac);
		flags = fdt32_to_cpu(p[cells - 1]);
		if (!(flags & DRCONF_MEM_ASSIGNED) || (flags & DRCONF_MEM_RESERVED))
			continue;
		if (addr >= base && (addr - base) / lmb < seq) {
			*end = base + (addr - base) / lmb * lmb + lmb;
			return true;
		}
	}
	return false;
}

/*
 * rkd_in_ram() for early boot, before memblock knows the RAM: the core
 * reads the dump while it scans the flat device tree.
 */
static bool rkd_in_ram_fdt(u64 base, u64 size)
{
	const void *fdt = initial_boot_params;
	u64 cur = base, lim, end;

	if (!fdt || !size || check_add_overflow(base, size, &lim))
		return false;
	while (cur < lim) {
		if (!rkd_fdt_find(fdt, cur, &end) || end <= cur)
			return false;
		cur = end;
	}
	return true;
}

/**
 * rtas_kdump_status_errno() - errno for an ibm,configure-kernel-dump status
 * @status: RTAS status returned by the call
 *
 * Context: Any context.
 * Return: 0 for success, -EIO for a hardware error or an unknown status,
 * -EINVAL for a parameter error, -EEXIST when a dump is already
 * registered, -EBUSY when a dump is active and must be invalidated first,
 * -EAGAIN for a busy or extended-delay status.
 */
VISIBLE_IF_KUNIT int rtas_kdump_status_errno(int status)
{
	switch (status) {
	case RTAS_SUCCESS:
		return 0;
	case RTAS_INVALID_PARAMETER:
		return -EINVAL;
	case RTAS_KDUMP_ALREADY_REGISTERED:
		return -EEXIST;
	case RTAS_KDUMP_DUMP_ACTIVE:
		return -EBUSY;
	case RTAS_BUSY:
	case RTAS_EXTENDED_DELAY_MIN ... RTAS_EXTENDED_DELAY_MAX:
		return -EAGAIN;
	case RTAS_HARDWARE_ERROR:
	default:
		return -EIO;
	}
}

/**
 * rtas_kdump_status_str() - describe an ibm,configure-kernel-dump status
 * @status: RTAS status returned by the call
 *
 * Context: Any context.
 * Return: a constant string for log messages.
 */
VISIBLE_IF_KUNIT const char *rtas_kdump_status_str(int status)
{
	switch (status) {
	case RTAS_SUCCESS:
		return "success";
	case RTAS_HARDWARE_ERROR:
		return "hardware error";
	case RTAS_INVALID_PARAMETER:
		return "parameter error";
	case RTAS_KDUMP_ALREADY_REGISTERED:
		return "a dump is already registered";
	case RTAS_KDUMP_DUMP_ACTIVE:
		return "a dump is active and must be invalidated first";
	case RTAS_BUSY:
	case RTAS_EXTENDED_DELAY_MIN ... RTAS_EXTENDED_DELAY_MAX:
		return "firmware busy";
	default:
		return "unexpected status";
	}
}

/**
 * rtas_kdump_retry() - repeat an RTAS call while the firmware is busy
 * @call: makes the call once and returns its RTAS status
 * @ctx: passed to @call
 * @budget_ms: give up when retrying would take longer than this
 * @status: the last status @call returned
 *
 * Busy (-2) and extended-delay (990x) statuses are retried with
 * rtas_busy_delay(), whose sleeps are at most one second each.
 *
 * Context: Process context, may sleep.
 * Return: 0 when @call returned a final status (in @status, which may be
 * an error), -ETIMEDOUT when the firmware was still busy after @budget_ms.
 */
VISIBLE_IF_KUNIT int rtas_kdump_retry(int (*call)(void *ctx), void *ctx,
				      unsigned int budget_ms, int *status)
{
	ktime_t deadline = ktime_add_ms(ktime_get(), budget_ms);
	unsigned int wait_ms;

	for (;;) {
		*status = call(ctx);
		if (!rkd_is_busy(*status))
			return 0;
		wait_ms = min(rtas_busy_delay_time(*status), 1000U);
		if (ktime_after(ktime_add_ms(ktime_get(), wait_ms), deadline))
			return -ETIMEDOUT;
		rtas_busy_delay(*status);
	}
}

/**
 * rtas_kdump_pick_version() - choose a dump format version
 * @prop: "ibm,configure-kernel-dump-version", or NULL if absent
 * @len: its length in bytes
 * @version: the chosen version
 *
 * The property holds the lowest and the highest format version the
 * firmware supports, as two 16-bit big-endian numbers. QEMU stores them
 * in host byte order, so on a little-endian host 1 reads as 0x0100: such
 * a pair, both with an empty low byte, is taken as byte-swapped. The
 * highest version in the range that we support is chosen.
 *
 * Context: Any context.
 * Return: 0 with @version set, -ENOENT if @prop is NULL, -EINVAL if it is
 * malformed, -ENODEV if it lists no version we support.
 */
VISIBLE_IF_KUNIT int rtas_kdump_pick_version(const void *prop, int len,
					     u32 *version)
{
	u16 lo, hi;

	if (!prop)
		return -ENOENT;
	if (len != 2 * sizeof(__be16)) {
		pr_err("ibm,configure-kernel-dump-version: %d bytes, expected %zu\n",
		       len, 2 * sizeof(__be16));
		return -EINVAL;
	}

	lo = get_unaligned_be16(prop);
	hi = get_unaligned_be16(prop + sizeof(__be16));
	if (lo > 0xff && hi > 0xff && !(lo & 0xff) && !(hi & 0xff)) {
		pr_info("ibm,configure-kernel-dump-version: versions %#x-%#x look byte-swapped, reading %u-%u\n",
			lo, hi, swab16(lo), swab16(hi));
		lo = swab16(lo);
		hi = swab16(hi);
	}
	if (lo > hi) {
		pr_err("ibm,configure-kernel-dump-version: lowest version %u above highest %u\n",
		       lo, hi);
		return -EINVAL;
	}
	if (lo > RTAS_KDUMP_FORMAT_V1 || hi < RTAS_KDUMP_FORMAT_V1) {
		pr_warn_once("firmware offers dump format versions %u-%u, this kernel only speaks %u\n",
			     lo, hi, RTAS_KDUMP_FORMAT_V1);
		return -ENODEV;
	}
	*version = RTAS_KDUMP_FORMAT_V1;
	return 0;
}

/**
 * rtas_kdump_parse_sizes() - read "ibm,configure-kernel-dump-sizes"
 * @prop: the property, or NULL if absent
 * @len: its length in bytes
 * @cpu_state_size: the CPU state section size
 * @hpte_size: the HPTE section size, 0 if not offered
 *
 * The property is a list of (section type, 64-bit size) entries of three
 * cells. A CPU state size is mandatory; an HPTE size of 0 (or none) means
 * the firmware does not dump the HPTE. Types we do not know are ignored.
 *
 * Context: Any context.
 * Return: 0 on success, -ENOENT if @prop is NULL, -EINVAL if it is
 * malformed.
 */
VISIBLE_IF_KUNIT int rtas_kdump_parse_sizes(const void *prop, int len,
					    u64 *cpu_state_size, u64 *hpte_size)
{
	const int esize = RTAS_KDUMP_SIZES_ENTRY_CELLS * sizeof(__be32);
	bool have_cpu = false, have_hpte = false;
	const u8 *p = prop;
	int i, n;

	*cpu_state_size = 0;
	*hpte_size = 0;
	if (!prop) {
		pr_err("firmware has no ibm,configure-kernel-dump-sizes\n");
		return -ENOENT;
	}
	if (len <= 0 || len % esize) {
		pr_err("ibm,configure-kernel-dump-sizes: %d bytes, not a whole number of %d-byte entries\n",
		       len, esize);
		return -EINVAL;
	}
	n = len / esize;
	if (n > RTAS_KDUMP_SIZES_MAX_ENTRIES) {
		pr_err("ibm,configure-kernel-dump-sizes: %d entries, at most %d expected\n",
		       n, RTAS_KDUMP_SIZES_MAX_ENTRIES);
		return -EINVAL;
	}

	for (i = 0; i < n; i++, p += esize) {
		u32 type = get_unaligned_be32(p);
		u64 size = (u64)get_unaligned_be32(p + 4) << 32 |
			   get_unaligned_be32(p + 8);

		switch (type) {
		case RTAS_KDUMP_CPU_STATE:
		case RTAS_KDUMP_HPTE:
			if (type == RTAS_KDUMP_CPU_STATE ? have_cpu : have_hpte) {
				pr_err("ibm,configure-kernel-dump-sizes: %s size given twice\n",
				       rkd_type_name(type));
				return -EINVAL;
			}
			if (type == RTAS_KDUMP_CPU_STATE) {
				have_cpu = true;
				*cpu_state_size = size;
			} else {
				have_hpte = true;
				*hpte_size = size;
			}
			break;
		default:
			pr_debug("ignoring the size of unknown section type %#x\n",
				 type);
			break;
		}
	}

	if (!*cpu_state_size) {
		pr_err("ibm,configure-kernel-dump-sizes: no CPU state size\n");
		return -EINVAL;
	}
	/* Several KB per CPU; anything near this is nonsense. */
	if (*cpu_state_size > SZ_256M) {
		pr_err("ibm,configure-kernel-dump-sizes: CPU state size %llu is implausible\n",
		       *cpu_state_size);
		return -EINVAL;
	}
	return 0;
}

static void rkd_add(struct rtas_kdump_mem *m, u16 type, u64 src, u64 len,
		    u64 dst)
{
	struct rtas_kdump_section *s = &m->sec[be16_to_cpu(m->hdr.nr_sections)];

	s->request = cpu_to_be32(RTAS_KDUMP_REQUEST_COPY);
	s->type = cpu_to_be16(type);
	s->src = cpu_to_be64(src);
	s->len = cpu_to_be64(len);
	s->dst = cpu_to_be64(dst);
	be16_add_cpu(&m->hdr.nr_sections, 1);
}

/* Does a destination range overlap a boot range of @l? */
static bool rkd_hits_boot(const struct fadump_layout *l, u64 dst, u64 len)
{
	u32 i;

	for (i = 0; i < l->nr_boot_ranges; i++)
		if (rkd_overlap(dst, len, l->boot[i].base, l->boot[i].size))
			return true;
	return false;
}

/**
 * rtas_kdump_build() - build the registration structure for a layout
 * @m: the structure to fill
 * @l: the dump layout computed by the core
 * @caps: what the firmware offers
 *
 * Sections, in order: CPU state, HPTE (if @l has one), parameter area
 * (if @caps and @l have one; copied onto itself), then one boot memory
 * section per boot range, copied back to back from @l->boot_dst_pa.
 *
 * Context: Any context.
 * Return: 0, or -EINVAL after a pr_err() saying what in @l is unusable.
 */
VISIBLE_IF_KUNIT int rtas_kdump_build(struct rtas_kdump_mem *m,
				      const struct fadump_layout *l,
				      const struct rtas_kdump_caps *caps)
{
	bool param = caps->param_area && l->param_size;
	u32 fixed = 1 + !!l->hpte_size + param;
	u64 dst, end, total = 0;
	u32 i;

	memset(m, 0, sizeof(*m));

	if (caps->version != RTAS_KDUMP_FORMAT_V1) {
		pr_err("cannot build a version %u dump structure\n",
		       caps->version);
		return -EINVAL;
	}
	if (!l->cpu_state_size || l->cpu_state_size < caps->cpu_state_size) {
		pr_err("CPU state area of %llu bytes, the firmware needs %llu\n",
		       l->cpu_state_size, caps->cpu_state_size);
		return -EINVAL;
	}
	if (l->hpte_size && l->hpte_size < caps->hpte_size) {
		pr_err("HPTE area of %llu bytes, the firmware needs %llu\n",
		       l->hpte_size, caps->hpte_size);
		return -EINVAL;
	}
	if (l->hpte_size && !caps->hpte_size) {
		pr_err("layout has an HPTE area but the firmware dumps no HPTE\n");
		return -EINVAL;
	}
	if (!l->nr_boot_ranges || l->nr_boot_ranges > FADUMP_MAX_BOOT_RANGES ||
	    fixed + l->nr_boot_ranges > RTAS_KDUMP_MAX_SECTIONS) {
		pr_err("%u boot memory ranges: the firmware takes 1 to %u besides %u fixed sections\n",
		       l->nr_boot_ranges, RTAS_KDUMP_MAX_SECTIONS - fixed, fixed);
		return -EINVAL;
	}
	if (check_add_overflow(l->cpu_state_pa, l->cpu_state_size, &end) ||
	    check_add_overflow(l->hpte_pa, l->hpte_size, &end) ||
	    (param && check_add_overflow(l->param_pa, l->param_size, &end))) {
		pr_err("a fixed section wraps around the address space\n");
		return -EINVAL;
	}

	rkd_add(m, RTAS_KDUMP_CPU_STATE, 0, l->cpu_state_size, l->cpu_state_pa);
	if (l->hpte_size)
		rkd_add(m, RTAS_KDUMP_HPTE, 0, l->hpte_size, l->hpte_pa);
	if (param)
		rkd_add(m, RTAS_KDUMP_PARAM_AREA, l->param_pa, l->param_size,
			l->param_pa);

	dst = l->boot_dst_pa;
	for (i = 0; i < l->nr_boot_ranges; i++) {
		const struct fadump_range *r = &l->boot[i];

		if (!r->size || check_add_overflow(r->base, r->size, &end) ||
		    check_add_overflow(dst, r->size, &end)) {
			pr_err("boot memory range %u (%#llx, %#llx bytes) is empty or wraps\n",
			       i, r->base, r->size);
			return -EINVAL;
		}
		rkd_add(m, RTAS_KDUMP_REAL_MODE, r->base, r->size, dst);
		dst = end;
		total += r->size;
	}
	if (total != l->boot_mem_size) {
		pr_err("boot memory ranges add up to %#llx bytes, layout says %#llx\n",
		       total, l->boot_mem_size);
		return -EINVAL;
	}
	if (rkd_hits_boot(l, l->cpu_state_pa, l->cpu_state_size) ||
	    rkd_hits_boot(l, l->hpte_pa, l->hpte_size) ||
	    rkd_hits_boot(l, l->boot_dst_pa, total)) {
		pr_err("a dump destination overlaps the boot memory it preserves\n");
		return -EINVAL;
	}

	m->hdr.version = cpu_to_be32(caps->version);
	m->hdr.first_section = cpu_to_be32(offsetof(struct rtas_kdump_mem, sec));
	return 0;
}

static void rkd_read_section(const u8 *p, struct rtas_kdump_section *s)
{
	memcpy(s, p, sizeof(*s));
}

/* Validated values of one section, in CPU byte order */
struct rkd_sec {
	u16 type;
	u64 src, len, dumped, dst;
};

static int rkd_check_section(unsigned int i, const struct rtas_kdump_section *s,
			     rtas_kdump_ram_fn in_ram, struct rkd_sec *out)
{
	u32 request = be32_to_cpu(s->request);
	u16 err = be16_to_cpu(s->error);
	u64 end;

	out->type = be16_to_cpu(s->type);
	out->src = be64_to_cpu(s->src);
	out->len = be64_to_cpu(s->len);
	out->dumped = be64_to_cpu(s->dumped);
	out->dst = be64_to_cpu(s->dst);

	switch (out->type) {
	case RTAS_KDUMP_CPU_STATE:
	case RTAS_KDUMP_HPTE:
	case RTAS_KDUMP_REAL_MODE:
	case RTAS_KDUMP_PARAM_AREA:
		break;
	default:
		pr_err("section %u: unknown type %#06x\n", i, out->type);
		return -EINVAL;
	}
	if (!(request & RTAS_KDUMP_REQUEST_COPY)) {
		pr_err("section %u (%s): copy was not requested (request flags %#x)\n",
		       i, rkd_type_name(out->type), request);
		return -EINVAL;
	}
	if (err) {
		pr_err("section %u (%s): firmware error flags %#06x:%s%s%s%s%s\n",
		       i, rkd_type_name(out->type), err,
		       err & RTAS_KDUMP_ERR_BAD_TYPE ? " invalid type" : "",
		       err & RTAS_KDUMP_ERR_BAD_SOURCE ? " invalid source" : "",
		       err & RTAS_KDUMP_ERR_SOURCE_SHORT ? " source too short" : "",
		       err & RTAS_KDUMP_ERR_BAD_DEST ? " invalid destination" : "",
		       err & RTAS_KDUMP_ERR_DEST_SHORT ? " destination too small" : "");
		return -EINVAL;
	}
	if (!out->len) {
		pr_err("section %u (%s): zero length\n", i,
		       rkd_type_name(out->type));
		return -EINVAL;
	}
	if (out->dumped > out->len) {
		pr_err("section %u (%s): %llu bytes dumped, more than the %llu requested\n",
		       i, rkd_type_name(out->type), out->dumped, out->len);
		return -EINVAL;
	}
	if (!in_ram(out->dst, out->len)) {
		pr_err("section %u (%s): destination %#llx-%#llx is not RAM\n",
		       i, rkd_type_name(out->type), out->dst,
		       check_add_overflow(out->dst, out->len, &end) ? U64_MAX : end);
		return -EINVAL;
	}

	switch (out->type) {
	case RTAS_KDUMP_CPU_STATE:
		if (!out->dumped) {
			pr_err("section %u (CPU state): the firmware saved no registers\n",
			       i);
			return -EINVAL;
		}
		if (out->dumped != out->len)
			pr_info("CPU state: firmware wrote %llu of the %llu bytes reserved\n",
				out->dumped, out->len);
		break;
	case RTAS_KDUMP_HPTE:
		if (!out->dumped)
			pr_info("HPTE: the firmware did not dump it\n");
		break;
	case RTAS_KDUMP_PARAM_AREA:
		if (out->src != out->dst) {
			pr_err("section %u (parameter area): source %#llx and destination %#llx differ\n",
			       i, out->src, out->dst);
			return -EINVAL;
		}
		break;
	case RTAS_KDUMP_REAL_MODE:
		if (!in_ram(out->src, out->len)) {
			pr_err("section %u (boot memory): source %#llx (+%#llx) is not RAM\n",
			       i, out->src, out->len);
			return -EINVAL;
		}
		if (out->dumped != out->len) {
			pr_err("section %u (boot memory): firmware copied %#llx of %#llx bytes from %#llx\n",
			       i, out->dumped, out->len, out->src);
			return -EINVAL;
		}
		break;
	}
	return 0;
}

/**
 * rtas_kdump_check() - validate the firmware's dump structure
 * @buf: contents of "ibm,kernel-dump"
 * @len: its length in bytes
 * @in_ram: tells whether a physical range is RAM
 * @info: filled with what was found
 *
 * Checks the header (format version, section count and offset, status),
 * every section (known type, copy requested, no error flags, non-zero
 * length, destination in RAM), that there is exactly one CPU state
 * section with some registers saved, that every boot memory section was
 * copied in full from RAM to consecutive destinations, and that no
 * destination overlaps another or the boot memory. A CPU state section
 * shorter than requested and an HPTE section the firmware did not fill
 * are accepted.
 *
 * Context: Any context.
 * Return: 0 with @info filled, or -EINVAL after a pr_err() of the first
 * problem found.
 */
VISIBLE_IF_KUNIT int rtas_kdump_check(const void *buf, size_t len,
				      rtas_kdump_ram_fn in_ram,
				      struct fadump_dump_info *info)
{
	const u8 *p = buf;
	struct rtas_kdump_header hdr;
	struct rtas_kdump_section raw;
	struct rkd_sec s;
	bool have_cpu = false, have_hpte = false, have_param = false;
	u64 boot_dst = 0, boot_total = 0, boot_end;
	u64 cpu_dst = 0, cpu_len = 0, hpte_dst = 0, hpte_len = 0;
	u32 version, first;
	u16 nr, status;
	unsigned int i, j;
	int ret;

	memset(info, 0, sizeof(*info));

	if (len < sizeof(hdr)) {
		pr_err("ibm,kernel-dump: %zu bytes, shorter than its %zu-byte header\n",
		       len, sizeof(hdr));
		return -EINVAL;
	}
	memcpy(&hdr, p, sizeof(hdr));
	version = be32_to_cpu(hdr.version);
	nr = be16_to_cpu(hdr.nr_sections);
	status = be16_to_cpu(hdr.status);
	first = be32_to_cpu(hdr.first_section);
	info->status = status;

	if (version != RTAS_KDUMP_FORMAT_V1) {
		pr_err("ibm,kernel-dump: format version %u, expected %u\n",
		       version, RTAS_KDUMP_FORMAT_V1);
		return -EINVAL;
	}
	if (!nr || nr > RTAS_KDUMP_MAX_SECTIONS) {
		pr_err("ibm,kernel-dump: %u sections, expected 1 to %u\n",
		       nr, RTAS_KDUMP_MAX_SECTIONS);
		return -EINVAL;
	}
	if (first < sizeof(hdr) || first > len ||
	    (len - first) / sizeof(raw) < nr) {
		pr_err("ibm,kernel-dump: %u sections at offset %u do not fit in %zu bytes\n",
		       nr, first, len);
		return -EINVAL;
	}
	if (status & RTAS_KDUMP_STATUS_ERROR) {
		pr_err("ibm,kernel-dump: the firmware reports a failed dump (status %#06x)\n",
		       status);
		return -EINVAL;
	}
	if (!(status & RTAS_KDUMP_STATUS_PERFORMED))
		pr_warn("ibm,kernel-dump: status %#06x does not say the dump was performed\n",
			status);

	for (i = 0; i < nr; i++) {
		rkd_read_section(p + first + i * sizeof(raw), &raw);
		ret = rkd_check_section(i, &raw, in_ram, &s);
		if (ret)
			return ret;

		switch (s.type) {
		case RTAS_KDUMP_CPU_STATE:
		case RTAS_KDUMP_HPTE:
		case RTAS_KDUMP_PARAM_AREA: {
			bool *seen = s.type == RTAS_KDUMP_CPU_STATE ? &have_cpu :
				     s.type == RTAS_KDUMP_HPTE ? &have_hpte :
				     &have_param;

			if (*seen) {
				pr_err("section %u: a second %s section\n", i,
				       rkd_type_name(s.type));
				return -EINVAL;
			}
			*seen = true;
			if (s.type == RTAS_KDUMP_CPU_STATE) {
				info->cpu_state_pa = s.dst;
				info->cpu_state_len = s.dumped;
				cpu_dst = s.dst;
				cpu_len = s.len;
			} else if (s.type == RTAS_KDUMP_HPTE) {
				info->hpte_pa = s.dst;
				info->hpte_len = s.dumped;
				hpte_dst = s.dst;
				hpte_len = s.len;
			} else {
				info->param_pa = s.dst;
				info->param_len = s.len;
			}
			break;
		}
		case RTAS_KDUMP_REAL_MODE:
			j = info->nr_boot_ranges;
			if (j >= FADUMP_MAX_BOOT_RANGES) {
				pr_err("section %u: more than %u boot memory sections\n",
				       i, FADUMP_MAX_BOOT_RANGES);
				return -EINVAL;
			}
			if (!j)
				boot_dst = s.dst;
			if (s.dst != boot_dst + boot_total) {
				pr_err("section %u (boot memory): copied to %#llx, expected %#llx right after the previous copy\n",
				       i, s.dst, boot_dst + boot_total);
				return -EINVAL;
			}
			info->boot[j].src = s.src;
			info->boot[j].dst = s.dst;
			info->boot[j].size = s.len;
			info->boot[j].dumped = s.dumped;
			info->nr_boot_ranges = j + 1;
			boot_total += s.len;
			break;
		}
	}

	if (!have_cpu) {
		pr_err("ibm,kernel-dump: no CPU state section\n");
		return -EINVAL;
	}
	if (!info->nr_boot_ranges) {
		pr_err("ibm,kernel-dump: no boot memory section\n");
		return -EINVAL;
	}

	/* Sources must not overlap; destinations must keep clear of them. */
	for (i = 0; i < info->nr_boot_ranges; i++) {
		u64 src = info->boot[i].src, size = info->boot[i].size;

		for (j = i + 1; j < info->nr_boot_ranges; j++) {
			if (rkd_overlap(src, size, info->boot[j].src,
					info->boot[j].size)) {
				pr_err("boot memory sections %u and %u overlap\n",
				       i, j);
				return -EINVAL;
			}
		}
		if (rkd_overlap(src, size, cpu_dst, cpu_len) ||
		    rkd_overlap(src, size, hpte_dst, hpte_len) ||
		    rkd_overlap(src, size, boot_dst, boot_total)) {
			pr_err("boot memory %#llx (+%#llx) overlaps a dump destination, outside the reserved dump area\n",
			       src, size);
			return -EINVAL;
		}
	}
	if (check_add_overflow(boot_dst, boot_total, &boot_end) ||
	    rkd_overlap(cpu_dst, cpu_len, boot_dst, boot_total) ||
	    rkd_overlap(hpte_dst, hpte_len, boot_dst, boot_total) ||
	    rkd_overlap(cpu_dst, cpu_len, hpte_dst, hpte_len)) {
		pr_err("dump destinations overlap each other\n");
		return -EINVAL;
	}
	return 0;
}

/* Fill @regs from one register save area entry; unknown ids are ignored */
static void rkd_set_reg(struct pt_regs *regs, u64 id, u64 val)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
		{ "NIA", offsetof(struct pt_regs, nip) },
		{ "MSR", offsetof(struct pt_regs, msr) },
		{ "CTR", offsetof(struct pt_regs, ctr) },
		{ "LR", offsetof(struct pt_regs, link) },
		{ "XER", offsetof(struct pt_regs, xer) },
		{ "CR", offsetof(struct pt_regs, ccr) },
		{ "DAR", offsetof(struct pt_regs, dar) },
		{ "DSISR", offsetof(struct pt_regs, dsisr) },
		{ "PPR", offsetof(struct pt_regs, ppr) },
	};
	u8 d1 = id >> 32, d2 = id >> 24;
	unsigned int i, n;

	/* "GPRn" or "GPRnn" */
	if ((id >> 40) == (rkd_id("GPR") >> 40) && isdigit(d1) &&
	    !(id & 0xffffff) && (!d2 || isdigit(d2))) {
		n = d2 ? (d1 - '0') * 10 + d2 - '0' : d1 - '0';
		if (n < ARRAY_SIZE(regs->gpr))
			regs->gpr[n] = val;
		return;
	}
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (id == rkd_id(map[i].name)) {
			*(unsigned long *)((u8 *)regs + map[i].off) = val;
			return;
		}
	}
}

/*
 * Walk the entries of one CPU starting at *@off: CPUSTRT, registers,
 * CPUEND. On success *@off is past CPUEND and *@cpu_id is the CPU's id;
 * @regs, if not NULL, receives its registers.
 */
static int rkd_walk_cpu(const u8 *p, size_t len, size_t *off, u32 nth,
			u32 *cpu_id, struct pt_regs *regs)
{
	const size_t esize = sizeof(struct rtas_kdump_reg);
	const u64 strt = rkd_id(RTAS_KDUMP_REG_CPUSTRT);
	const u64 cend = rkd_id(RTAS_KDUMP_REG_CPUEND);
	u64 id, val;

	if (len - *off < esize) {
		pr_err("register save area: ends at %zu bytes before CPU #%u\n",
		       len, nth);
		return -EINVAL;
	}
	id = get_unaligned_be64(p + *off);
	val = get_unaligned_be64(p + *off + 8);
	if (id != strt) {
		pr_err("register save area: CPU #%u at offset %zu starts with id %#018llx, not CPUSTRT\n",
		       nth, *off, id);
		return -EINVAL;
	}
	*cpu_id = lower_32_bits(val);
	*off += esize;
	if (regs)
		memset(regs, 0, sizeof(*regs));

	for (;;) {
		if (len - *off < esize) {
			pr_err("register save area: CPU %u has no CPUEND before the end (%zu bytes)\n",
			       *cpu_id, len);
			return -EINVAL;
		}
		id = get_unaligned_be64(p + *off);
		val = get_unaligned_be64(p + *off + 8);
		*off += esize;
		if (id == cend)
			return 0;
		if (id == strt) {
			pr_err("register save area: CPU %u has no CPUEND before the next CPUSTRT\n",
			       *cpu_id);
			return -EINVAL;
		}
		if (regs)
			rkd_set_reg(regs, id, val);
	}
}

static int rkd_cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/**
 * rtas_kdump_walk_regs() - parse a register save area
 * @buf: the area
 * @len: bytes the firmware wrote there
 * @max_cpus: refuse areas claiming more CPUs than this
 * @fn: called with each CPU's id and registers
 * @arg: passed to @fn
 *
 * The whole area is validated before @fn is first called: magic, CPU
 * count offset and CPU count within @len, every CPU's entries opened by
 * CPUSTRT and closed by CPUEND inside @len, no CPU id twice. Registers
 * not in struct pt_regs are ignored; those missing read as 0.
 *
 * Context: Process context; allocates with GFP_KERNEL.
 * Return: 0, the first non-zero value returned by @fn, -ENOMEM, or
 * -EINVAL after a pr_err() of what is wrong with the area.
 */
VISIBLE_IF_KUNIT int rtas_kdump_walk_regs(const void *buf, size_t len,
					  u32 max_cpus, rtas_kdump_cpu_fn fn,
					  void *arg)
{
	const size_t min_cpu = 2 * sizeof(struct rtas_kdump_reg);
	struct rtas_kdump_regsave_hdr hdr;
	const u8 *p = buf;
	struct pt_regs regs;
	u32 ncpus, cnt_off, i, *ids;
	size_t off, start;
	int ret = 0;

	if (len < sizeof(hdr)) {
		pr_err("register save area: %zu bytes, shorter than its header\n",
		       len);
		return -EINVAL;
	}
	memcpy(&hdr, p, sizeof(hdr));
	if (be64_to_cpu(hdr.magic) != rkd_id(RTAS_KDUMP_REGSAVE_MAGIC)) {
		pr_err("register save area: magic %#018llx, expected REGSAVE\n",
		       be64_to_cpu(hdr.magic));
		return -EINVAL;
	}
	cnt_off = be32_to_cpu(hdr.num_cpu_offset);
	if (cnt_off < sizeof(hdr) || cnt_off > len - sizeof(__be32)) {
		pr_err("register save area: CPU count at offset %u, outside its %zu bytes\n",
		       cnt_off, len);
		return -EINVAL;
	}
	ncpus = get_unaligned_be32(p + cnt_off);
	start = cnt_off + sizeof(__be32);
	if (!ncpus || ncpus > max_cpus || ncpus > (len - start) / min_cpu) {
		pr_err("register save area: %u CPUs cannot be right (at most %u, %zu bytes of entries)\n",
		       ncpus, max_cpus, len - start);
		return -EINVAL;
	}

	ids = kmalloc_array(ncpus, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;

	for (i = 0, off = start; i < ncpus; i++) {
		ret = rkd_walk_cpu(p, len, &off, i, &ids[i], NULL);
		if (ret)
			goto out;
	}
	sort(ids, ncpus, sizeof(*ids), rkd_cmp_u32, NULL);
	for (i = 1; i < ncpus; i++) {
		if (ids[i] == ids[i - 1]) {
			pr_err("register save area: CPU %u appears twice\n",
			       ids[i]);
			ret = -EINVAL;
			goto out;
		}
	}

	for (i = 0, off = start; i < ncpus; i++) {
		u32 id;

		ret = rkd_walk_cpu(p, len, &off, i, &id, &regs);
		if (!ret)
			ret = fn(id, &regs, arg);
		if (ret)
			break;
	}
out:
	kfree(ids);
	return ret;
}

/* The RMA is the first memory block; QEMU and PowerVM put it in memory@0. */
static u64 __init rkd_rma_top(void)
{
	unsigned long root = of_get_flat_dt_root();
	const __be32 *p;
	int node, len, ac = 2, sc = 1;
	u64 size;

	p = of_get_flat_dt_prop(root, "#address-cells", &len);
	if (p && len == sizeof(*p))
		ac = be32_to_cpup(p);
	p = of_get_flat_dt_prop(root, "#size-cells", &len);
	if (p && len == sizeof(*p))
		sc = be32_to_cpup(p);

	node = of_get_flat_dt_subnode_by_name(root, "memory@0");
	p = node < 0 ? NULL : of_get_flat_dt_prop(node, "reg", &len);
	if (!p || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (ac + sc) * (int)sizeof(*p) || of_read_number(p, ac)) {
		pr_info("no usable /memory@0, assuming a %u MiB RMA\n",
			(unsigned int)(RKD_RMA_FALLBACK / SZ_1M));
		return RKD_RMA_FALLBACK;
	}
	size = of_read_number(p + ac, sc);
	if (!size)
		return RKD_RMA_FALLBACK;
	/* The registration structure's address is a 32-bit RTAS argument. */
	return min_t(u64, size, SZ_4G);
}

/**
 * rtas_fadump_probe() - read the firmware's dump support from /rtas
 * @node: the /rtas node in the flat device tree
 * @fw: filled with what the firmware offers
 *
 * Context: Early boot, flat device tree only.
 * Return: 0, or -ENODEV if the firmware has no (usable) dump support.
 */
static int __init rtas_fadump_probe(unsigned long node,
				    struct fadump_fw_info *fw)
{
	const void *prop;
	u64 cpu_state, hpte;
	u32 version, fixed;
	int len, ret;
	s32 token;

	memset(fw, 0, sizeof(*fw));

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump", &len);
	if (!prop) {
		pr_info("the firmware has no ibm,configure-kernel-dump\n");
		return -ENODEV;
	}
	if (len != sizeof(__be32)) {
		pr_err("ibm,configure-kernel-dump: %d bytes, expected a 4-byte token\n",
		       len);
		return -ENODEV;
	}
	token = get_unaligned_be32(prop);
	if (token == RTAS_UNKNOWN_SERVICE) {
		pr_err("ibm,configure-kernel-dump: invalid token %#x\n", token);
		return -ENODEV;
	}

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump-version",
				   &len);
	ret = rtas_kdump_pick_version(prop, len, &version);
	if (ret == -ENOENT) {
		pr_info("no ibm,configure-kernel-dump-version, assuming format version %u\n",
			RTAS_KDUMP_FORMAT_V1);
		version = RTAS_KDUMP_FORMAT_V1;
	} else if (ret) {
		return -ENODEV;
	}

	prop = of_get_flat_dt_prop(node, "ibm,configure-kernel-dump-sizes",
				   &len);
	if (rtas_kdump_parse_sizes(prop, len, &cpu_state, &hpte))
		return -ENODEV;

	rkd.token = token;
	rkd.caps.version = version;
	rkd.caps.cpu_state_size = cpu_state;
	rkd.caps.hpte_size = hpte;
	/* OS-defined section types (0x100 and up) are part of version 1. */
	rkd.caps.param_area = true;
	rkd.max_meta_addr = rkd_rma_top();

	fixed = 1 + !!hpte + rkd.caps.param_area;
	fw->version = version;
	fw->max_boot_ranges = min_t(u32, RTAS_KDUMP_MAX_SECTIONS - fixed,
				    FADUMP_MAX_BOOT_RANGES);
	fw->cpu_state_size = cpu_state;
	fw->hpte_size = hpte;
	fw->boot_align = PAGE_SIZE;
	fw->min_boot_mem = RTAS_KDUMP_MIN_BOOT_MEM;
	fw->max_meta_addr = rkd.max_meta_addr;
	fw->param_area = rkd.caps.param_area;

	prop = of_get_flat_dt_prop(node, "ibm,kernel-dump", &len);
	if (prop) {
		fw->dump_active = true;
		rkd.dump_active = true;
		rkd.active_prop_len = len;
		if (len < (int)sizeof(struct rtas_kdump_header) ||
		    len > RTAS_KDUMP_MAX_STRUCT_SIZE) {
			pr_err("ibm,kernel-dump: %d bytes, expected %zu to %d\n",
			       len, sizeof(struct rtas_kdump_header),
			       RTAS_KDUMP_MAX_STRUCT_SIZE);
		} else {
			memcpy(rkd_active, prop, len);
			rkd.active_len = len;
		}
		pr_info("dump active: ibm,kernel-dump at %#llx, %d bytes\n",
			(u64)__pa(prop), len);
	}

	pr_info("format version %u, CPU state %llu bytes, HPTE %llu bytes, up to %u boot memory ranges, RMA below %#llx\n",
		version, cpu_state, hpte, fw->max_boot_ranges,
		rkd.max_meta_addr);
	return 0;
}

struct rkd_call {
	int cmd;
	u32 addr;
	u32 len;
};

static int rkd_call_once(void *ctx)
{
	const struct rkd_call *c = ctx;

	return rtas_call(rkd.token, 3, 1, NULL, c->cmd, c->addr, c->len);
}

/* ibm,configure-kernel-dump @cmd on the structure @buf of @len bytes */
static int rkd_configure(int cmd, const void *buf, size_t len)
{
	static const char * const names[] = {
		[RTAS_KDUMP_CMD_REGISTER] = "register",
		[RTAS_KDUMP_CMD_UNREGISTER] = "unregister",
		[RTAS_KDUMP_CMD_INVALIDATE] = "invalidate",
	};
	u64 pa = __pa(buf);
	struct rkd_call c = { .cmd = cmd, .addr = pa, .len = len };
	int ret, status;

	if (rkd.token == RTAS_UNKNOWN_SERVICE)
		return -ENODEV;
	if (pa + len > rkd.max_meta_addr) {
		pr_err("%s: structure at %#llx (+%zu) is not below the RMA top %#llx\n",
		       names[cmd], pa, len, rkd.max_meta_addr);
		return -EINVAL;
	}

	ret = rtas_kdump_retry(rkd_call_once, &c, RTAS_KDUMP_BUSY_BUDGET_MS,
			       &status);
	if (ret) {
		pr_err("%s: firmware still busy after %u ms (status %d), giving up\n",
		       names[cmd], RTAS_KDUMP_BUSY_BUDGET_MS, status);
		return ret;
	}
	if (status) {
		pr_err("%s failed: %s (RTAS status %d)\n", names[cmd],
		       rtas_kdump_status_str(status), status);
		return rtas_kdump_status_errno(status);
	}
	return 0;
}

/**
 * rtas_fadump_prepare() - build the registration structure
 * @l: layout from the core
 *
 * Context: Process context.
 * Return: 0, -EBUSY while registered, or -EINVAL if @l cannot be
 * expressed.
 */
static int rtas_fadump_prepare(const struct fadump_layout *l)
{
	int ret;

	if (rkd.registered) {
		pr_err("prepare: a dump is registered, unregister it first\n");
		return -EBUSY;
	}
	rkd.prepared = false;
	ret = rtas_kdump_build(&rkd_reg, l, &rkd.caps);
	if (ret)
		return ret;
	if (__pa(&rkd_reg) + sizeof(rkd_reg) > rkd.max_meta_addr) {
		pr_err("prepare: registration structure at %#llx is not below the RMA top %#llx\n",
		       (u64)__pa(&rkd_reg), rkd.max_meta_addr);
		return -EINVAL;
	}
	rkd.prepared = true;
	return 0;
}

/**
 * rtas_fadump_register() - register the prepared structure
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno (see rtas_kdump_status_errno()).
 */
static int rtas_fadump_register(void)
{
	int ret;

	if (!rkd.prepared) {
		pr_err("register: no registration structure prepared\n");
		return -EINVAL;
	}
	ret = rkd_configure(RTAS_KDUMP_CMD_REGISTER, &rkd_reg, sizeof(rkd_reg));
	if (!ret)
		rkd.registered = true;
	return ret;
}

/**
 * rtas_fadump_unregister() - unregister the dump structure
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno.
 */
static int rtas_fadump_unregister(void)
{
	int ret;

	ret = rkd_configure(RTAS_KDUMP_CMD_UNREGISTER, &rkd_reg,
			    sizeof(rkd_reg));
	if (!ret)
		rkd.registered = false;
	return ret;
}

/**
 * rtas_fadump_invalidate() - release the preserved dump in the firmware
 *
 * Context: Process context, may sleep.
 * Return: 0 or -errno.
 */
static int rtas_fadump_invalidate(void)
{
	size_t len = rkd.active_len ?: sizeof(struct rtas_kdump_header);
	int ret;

	ret = rkd_configure(RTAS_KDUMP_CMD_INVALIDATE, rkd_active, len);
	if (!ret)
		rkd.dump_active = false;
	return ret;
}

/**
 * rtas_fadump_read_dump() - parse and validate ibm,kernel-dump
 * @info: filled with the dump's sections
 *
 * RAM is what memblock says, or before memblock is populated what the
 * flat device tree's memory nodes and dynamic memory LMBs say.
 *
 * Context: Any time after probe, including the early flat tree scan.
 * Return: 0, or -EINVAL after a pr_err() of what is wrong.
 */
static int rtas_fadump_read_dump(struct fadump_dump_info *info)
{
	memset(info, 0, sizeof(*info));
	if (!rkd.dump_active) {
		pr_err("read_dump: no active dump\n");
		return -EINVAL;
	}
	if (!rkd.active_len) {
		pr_err("read_dump: ibm,kernel-dump has an unusable length (%d bytes)\n",
		       rkd.active_prop_len);
		return -EINVAL;
	}
	return rtas_kdump_check(rkd_active, rkd.active_len,
				memblock_phys_mem_size() ? rkd_in_ram :
							   rkd_in_ram_fdt,
				info);
}

/**
 * rtas_fadump_cpu_regs() - walk the saved CPU registers
 * @info: as filled by rtas_fadump_read_dump()
 * @fn: called per CPU with its id and registers
 * @arg: passed to @fn
 *
 * Context: Process context; allocates with GFP_KERNEL.
 * Return: 0, @fn's first non-zero return, or -errno.
 */
static int rtas_fadump_cpu_regs(const struct fadump_dump_info *info,
				rtas_kdump_cpu_fn fn, void *arg)
{
	if (!info->cpu_state_len || !rkd_in_ram(info->cpu_state_pa,
						info->cpu_state_len)) {
		pr_err("register save area %#llx (+%#llx) is not RAM\n",
		       info->cpu_state_pa, info->cpu_state_len);
		return -EINVAL;
	}
	return rtas_kdump_walk_regs(__va(info->cpu_state_pa),
				    info->cpu_state_len, RTAS_KDUMP_MAX_CPUS,
				    fn, arg);
}

/**
 * rtas_fadump_trigger() - ask the firmware to take the dump
 * @msg: reason, passed to ibm,os-term
 *
 * With a dump registered the firmware preserves memory and reboots
 * instead of terminating the partition. Unlike rtas_os_term() this does
 * not require "ibm,extended-os-term": not returning is what we want. It
 * uses its own argument buffer and rtas_call_unlocked(), so a CPU that
 * stopped while holding the RTAS lock cannot block it, and it only
 * busy-waits.
 *
 * Context: Crash path: interrupts off, no sleeping, no allocation.
 */
static void rtas_fadump_trigger(const char *msg)
{
	s32 token = rtas_function_token(RTAS_FN_IBM_OS_TERM);
	unsigned int waited_us = 0, delay_us, i;
	int status;

	if (token == RTAS_UNKNOWN_SERVICE) {
		pr_emerg("no ibm,os-term: cannot start the firmware-assisted dump\n");
		return;
	}
	strscpy(rkd_term_msg, msg ?: "", sizeof(rkd_term_msg));

	for (;;) {
		rtas_call_unlocked(&rkd_term_args, token, 1, 1,
				   (u32)__pa(rkd_term_msg));
		status = be32_to_cpu(rkd_term_args.rets[0]);
		if (!rkd_is_busy(status))
			break;
		if (waited_us >= RKD_TERM_BUSY_BUDGET_US) {
			pr_emerg("ibm,os-term still busy (status %d) after %u us\n",
				 status, waited_us);
			return;
		}
		delay_us = status == RTAS_BUSY ? 100 :
			   min(rtas_busy_delay_time(status), 100U) * 1000;
		if (delay_us >= 1000)
			mdelay(delay_us / 1000);
		else
			udelay(delay_us);
		waited_us += delay_us;
	}
	if (status) {
		pr_emerg("ibm,os-term failed with RTAS status %d: no firmware-assisted dump\n",
			 status);
		return;
	}

	/* QEMU returns and resets the partition a moment later. */
	for (i = 0; i < RKD_TERM_WAIT_MS; i++)
		mdelay(1);
	pr_emerg("the firmware returned from ibm,os-term without taking the dump\n");
}

const struct fadump_ops rtas_fadump_ops = {
	.name			= "rtas",
	.probe			= rtas_fadump_probe,
	.prepare		= rtas_fadump_prepare,
	.register_dump		= rtas_fadump_register,
	.unregister_dump	= rtas_fadump_unregister,
	.invalidate_dump	= rtas_fadump_invalidate,
	.read_dump		= rtas_fadump_read_dump,
	.for_each_cpu_regs	= rtas_fadump_cpu_regs,
	.trigger		= rtas_fadump_trigger,
};
