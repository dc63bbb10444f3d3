// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, pseries backend: the registration structure.
 *
 * rtas_kdump_build() translates the dump-area layout the core computed
 * (struct fadump_layout) into the structure ibm,configure-kernel-dump
 * registers (struct rtas_kdump_mem, rtas-fadump.h): one section for the
 * CPU state, one for the HPTE if offered, one for the bootargs area, then
 * one per boot range. It checks that the layout can be expressed and
 * keeps no state; rtas_fadump_prepare() (rtas-fadump.c) calls it, and
 * rtas-fadump_kunit.c tests it.
 */

#define pr_fmt(fmt) "fadump: rtas: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include <asm/fadump-internal.h>

#include "rtas-fadump.h"

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
		if (fadump_overlaps(dst, len, l->boot[i].base, l->boot[i].size))
			return true;
	return false;
}

/*
 * Can @l be registered with @caps at all? The fixed sections (CPU state,
 * HPTE, parameter area if @param) fit what the firmware wants, and the
 * boot ranges fit in the sections left.
 */
static int rkd_check_fixed(const struct fadump_layout *l,
			   const struct rtas_kdump_caps *caps, bool param)
{
	u32 fixed = 1 + !!l->hpte_size + param;
	u64 end;

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
	return 0;
}

/* One section per boot range, copied back to back; *@total: their sum */
static int rkd_add_boot(struct rtas_kdump_mem *m,
			const struct fadump_layout *l, u64 *total)
{
	u64 dst = l->boot_dst_pa, end;
	u32 i;

	*total = 0;
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
		*total += r->size;
	}
	if (*total != l->boot_mem_size) {
		pr_err("boot memory ranges add up to %#llx bytes, layout says %#llx\n",
		       *total, l->boot_mem_size);
		return -EINVAL;
	}
	return 0;
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
int rtas_kdump_build(struct rtas_kdump_mem *m, const struct fadump_layout *l,
		     const struct rtas_kdump_caps *caps)
{
	bool param = caps->param_area && l->param_size;
	u64 total;
	int ret;

	memset(m, 0, sizeof(*m));

	ret = rkd_check_fixed(l, caps, param);
	if (ret)
		return ret;

	rkd_add(m, RTAS_KDUMP_CPU_STATE, 0, l->cpu_state_size, l->cpu_state_pa);
	if (l->hpte_size)
		rkd_add(m, RTAS_KDUMP_HPTE, 0, l->hpte_size, l->hpte_pa);
	if (param)
		rkd_add(m, RTAS_KDUMP_PARAM_AREA, l->param_pa, l->param_size,
			l->param_pa);

	ret = rkd_add_boot(m, l, &total);
	if (ret)
		return ret;
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
