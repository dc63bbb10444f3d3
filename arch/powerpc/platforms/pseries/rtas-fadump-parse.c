// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Firmware-assisted dump, pseries backend: the capture-time parser.
 *
 * In the kernel the firmware boots with a dump, the /rtas
 * "ibm,kernel-dump" property holds the registration structure as the
 * firmware updated it (rtas-fadump.h). rtas_kdump_check() validates it
 * and translates it into the core's struct fadump_dump_info; it runs in
 * early boot, before memblock knows the RAM, so RAM is then read from the
 * flat device tree (rtas_kdump_in_ram_fdt()). rtas_kdump_walk_regs()
 * parses the register save area the firmware filled with every CPU's
 * registers. No backend state: rtas-fadump.c calls these with what it
 * kept from the device tree, rtas-fadump_kunit.c with test data.
 */

#define pr_fmt(fmt) "fadump: rtas: " fmt

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <asm/drmem.h>
#include <asm/fadump-internal.h>

#include "rtas-fadump.h"

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

/**
 * rtas_kdump_type_name() - name of a dump section type, for messages
 * @type: RTAS_KDUMP_CPU_STATE etc.
 *
 * Context: Any context.
 * Return: a constant string, "unknown" for a type we do not know.
 */
const char *rtas_kdump_type_name(u16 type)
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

/**
 * rtas_kdump_in_ram() - is a range RAM, as memblock says?
 * @base: start of the range
 * @size: its size
 *
 * The range may span adjacent memblock regions.
 *
 * Context: Any context once memblock knows the RAM.
 * Return: true if [@base, @base + @size) is non-empty and lies in RAM.
 */
bool rtas_kdump_in_ram(u64 base, u64 size)
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

/* An assigned dynamic-reconfiguration LMB containing @addr */
static bool rkd_fdt_find_lmb(const void *fdt, int ac, int sc, u64 addr,
			     u64 *end)
{
	const fdt32_t *p, *lim;
	int node, len, v2, cells;
	u32 n, flags, seq;
	u64 base, lmb;

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
 * In the flat device tree, find RAM containing @addr: a memory node's
 * "reg" range or an assigned dynamic-reconfiguration LMB. Sets *@end to
 * the end of the range found.
 */
static bool rkd_fdt_find(const void *fdt, u64 addr, u64 *end)
{
	int ac, sc;

	rkd_fdt_cells(fdt, &ac, &sc);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	return fadump_fdt_memory_end(fdt, ac, sc, addr, end) ||
	       rkd_fdt_find_lmb(fdt, ac, sc, addr, end);
}

/**
 * rtas_kdump_in_ram_fdt() - is a range RAM, as the flat device tree says?
 * @base: start of the range
 * @size: its size
 *
 * rtas_kdump_in_ram() for early boot, before memblock knows the RAM: the
 * core reads the dump while it scans the flat device tree. RAM is what
 * the memory nodes and the assigned dynamic-reconfiguration LMBs cover.
 *
 * Context: Early boot; reads initial_boot_params.
 * Return: true if [@base, @base + @size) is non-empty and lies in RAM.
 */
bool rtas_kdump_in_ram_fdt(u64 base, u64 size)
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

static void rkd_read_section(const u8 *p, struct rtas_kdump_section *s)
{
	memcpy(s, p, sizeof(*s));
}

/* Validated values of one section, in CPU byte order */
struct rkd_sec {
	u16 type;
	u64 src, len, dumped, dst;
};

/* What a section of each type must look like, beyond rkd_check_section() */
static int rkd_check_section_type(unsigned int i, const struct rkd_sec *out,
				  rtas_kdump_ram_fn in_ram)
{
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

/*
 * Section @i into @out, checked: known type, copy requested, no firmware
 * error, not empty, destination in RAM, and what its type needs.
 */
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
		       i, rtas_kdump_type_name(out->type), request);
		return -EINVAL;
	}
	if (err) {
		pr_err("section %u (%s): firmware error flags %#06x:%s%s%s%s%s\n",
		       i, rtas_kdump_type_name(out->type), err,
		       err & RTAS_KDUMP_ERR_BAD_TYPE ? " invalid type" : "",
		       err & RTAS_KDUMP_ERR_BAD_SOURCE ? " invalid source" : "",
		       err & RTAS_KDUMP_ERR_SOURCE_SHORT ? " source too short" : "",
		       err & RTAS_KDUMP_ERR_BAD_DEST ? " invalid destination" : "",
		       err & RTAS_KDUMP_ERR_DEST_SHORT ? " destination too small" : "");
		return -EINVAL;
	}
	if (!out->len) {
		pr_err("section %u (%s): zero length\n", i,
		       rtas_kdump_type_name(out->type));
		return -EINVAL;
	}
	if (out->dumped > out->len) {
		pr_err("section %u (%s): %llu bytes dumped, more than the %llu requested\n",
		       i, rtas_kdump_type_name(out->type), out->dumped, out->len);
		return -EINVAL;
	}
	if (!in_ram(out->dst, out->len)) {
		pr_err("section %u (%s): destination %#llx-%#llx is not RAM\n",
		       i, rtas_kdump_type_name(out->type), out->dst,
		       check_add_overflow(out->dst, out->len, &end) ? U64_MAX : end);
		return -EINVAL;
	}
	return rkd_check_section_type(i, out, in_ram);
}

/* The header of ibm,kernel-dump: sets *@nr and *@first, @info->status */
static int rkd_check_header(const void *buf, size_t len, u16 *nr, u32 *first,
			    struct fadump_dump_info *info)
{
	struct rtas_kdump_header hdr;
	u32 version;
	u16 status;

	if (len < sizeof(hdr)) {
		pr_err("ibm,kernel-dump: %zu bytes, shorter than its %zu-byte header\n",
		       len, sizeof(hdr));
		return -EINVAL;
	}
	memcpy(&hdr, buf, sizeof(hdr));
	version = be32_to_cpu(hdr.version);
	*nr = be16_to_cpu(hdr.nr_sections);
	status = be16_to_cpu(hdr.status);
	*first = be32_to_cpu(hdr.first_section);
	info->status = status;

	if (version != RTAS_KDUMP_FORMAT_V1) {
		pr_err("ibm,kernel-dump: format version %u, expected %u\n",
		       version, RTAS_KDUMP_FORMAT_V1);
		return -EINVAL;
	}
	if (!*nr || *nr > RTAS_KDUMP_MAX_SECTIONS) {
		pr_err("ibm,kernel-dump: %u sections, expected 1 to %u\n",
		       *nr, RTAS_KDUMP_MAX_SECTIONS);
		return -EINVAL;
	}
	if (*first < sizeof(hdr) || *first > len ||
	    (len - *first) / sizeof(struct rtas_kdump_section) < *nr) {
		pr_err("ibm,kernel-dump: %u sections at offset %u do not fit in %zu bytes\n",
		       *nr, *first, len);
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
	return 0;
}

/* What rtas_kdump_check() has seen of the sections so far */
struct rkd_seen {
	bool cpu, hpte, param;
	u64 boot_dst, boot_total;
	u64 cpu_dst, cpu_len, hpte_dst, hpte_len;
};

/* Record section @i, of one of the types that may appear once */
static int rkd_take_fixed(unsigned int i, const struct rkd_sec *s,
			  struct rkd_seen *seen, struct fadump_dump_info *info)
{
	bool *once = s->type == RTAS_KDUMP_CPU_STATE ? &seen->cpu :
		     s->type == RTAS_KDUMP_HPTE ? &seen->hpte : &seen->param;

	if (*once) {
		pr_err("section %u: a second %s section\n", i,
		       rtas_kdump_type_name(s->type));
		return -EINVAL;
	}
	*once = true;
	if (s->type == RTAS_KDUMP_CPU_STATE) {
		info->cpu_state_pa = s->dst;
		info->cpu_state_len = s->dumped;
		seen->cpu_dst = s->dst;
		seen->cpu_len = s->len;
	} else if (s->type == RTAS_KDUMP_HPTE) {
		info->hpte_pa = s->dst;
		info->hpte_len = s->dumped;
		seen->hpte_dst = s->dst;
		seen->hpte_len = s->len;
	} else {
		info->param_pa = s->dst;
		info->param_len = s->len;
	}
	return 0;
}

/* Record boot memory section @i, copied right after the previous one */
static int rkd_take_boot(unsigned int i, const struct rkd_sec *s,
			 struct rkd_seen *seen, struct fadump_dump_info *info)
{
	unsigned int j = info->nr_boot_ranges;

	if (j >= FADUMP_MAX_BOOT_RANGES) {
		pr_err("section %u: more than %u boot memory sections\n",
		       i, FADUMP_MAX_BOOT_RANGES);
		return -EINVAL;
	}
	if (!j)
		seen->boot_dst = s->dst;
	if (s->dst != seen->boot_dst + seen->boot_total) {
		pr_err("section %u (boot memory): copied to %#llx, expected %#llx right after the previous copy\n",
		       i, s->dst, seen->boot_dst + seen->boot_total);
		return -EINVAL;
	}
	info->boot[j].src = s->src;
	info->boot[j].dst = s->dst;
	info->boot[j].size = s->len;
	info->boot[j].dumped = s->dumped;
	info->nr_boot_ranges = j + 1;
	seen->boot_total += s->len;
	return 0;
}

/* Sources must not overlap; destinations must keep clear of them. */
static int rkd_check_overlaps(const struct rkd_seen *seen,
			      const struct fadump_dump_info *info)
{
	u64 boot_end;
	unsigned int i, j;

	for (i = 0; i < info->nr_boot_ranges; i++) {
		u64 src = info->boot[i].src, size = info->boot[i].size;

		for (j = i + 1; j < info->nr_boot_ranges; j++) {
			if (fadump_overlaps(src, size, info->boot[j].src,
					    info->boot[j].size)) {
				pr_err("boot memory sections %u and %u overlap\n",
				       i, j);
				return -EINVAL;
			}
		}
		if (fadump_overlaps(src, size, seen->cpu_dst, seen->cpu_len) ||
		    fadump_overlaps(src, size, seen->hpte_dst, seen->hpte_len) ||
		    fadump_overlaps(src, size, seen->boot_dst, seen->boot_total)) {
			pr_err("boot memory %#llx (+%#llx) overlaps a dump destination, outside the reserved dump area\n",
			       src, size);
			return -EINVAL;
		}
	}
	if (check_add_overflow(seen->boot_dst, seen->boot_total, &boot_end) ||
	    fadump_overlaps(seen->cpu_dst, seen->cpu_len,
			    seen->boot_dst, seen->boot_total) ||
	    fadump_overlaps(seen->hpte_dst, seen->hpte_len,
			    seen->boot_dst, seen->boot_total) ||
	    fadump_overlaps(seen->cpu_dst, seen->cpu_len,
			    seen->hpte_dst, seen->hpte_len)) {
		pr_err("dump destinations overlap each other\n");
		return -EINVAL;
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
int rtas_kdump_check(const void *buf, size_t len, rtas_kdump_ram_fn in_ram,
		     struct fadump_dump_info *info)
{
	const u8 *p = buf;
	struct rtas_kdump_section raw;
	struct rkd_seen seen = {};
	struct rkd_sec s;
	unsigned int i;
	u32 first;
	u16 nr;
	int ret;

	memset(info, 0, sizeof(*info));
	ret = rkd_check_header(buf, len, &nr, &first, info);
	if (ret)
		return ret;

	for (i = 0; i < nr; i++) {
		rkd_read_section(p + first + i * sizeof(raw), &raw);
		ret = rkd_check_section(i, &raw, in_ram, &s);
		if (ret)
			return ret;
		if (s.type == RTAS_KDUMP_REAL_MODE)
			ret = rkd_take_boot(i, &s, &seen, info);
		else
			ret = rkd_take_fixed(i, &s, &seen, info);
		if (ret)
			return ret;
	}

	if (!seen.cpu) {
		pr_err("ibm,kernel-dump: no CPU state section\n");
		return -EINVAL;
	}
	if (!info->nr_boot_ranges) {
		pr_err("ibm,kernel-dump: no boot memory section\n");
		return -EINVAL;
	}
	return rkd_check_overlaps(&seen, info);
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

/*
 * The register save area's header: magic, and the CPU count (*@ncpus)
 * with the offset of the first CPU's entries (*@start) within @len.
 */
static int rkd_regsave_hdr(const void *buf, size_t len, u32 max_cpus,
			   u32 *ncpus, size_t *start)
{
	const size_t min_cpu = 2 * sizeof(struct rtas_kdump_reg);
	struct rtas_kdump_regsave_hdr hdr;
	const u8 *p = buf;
	u32 cnt_off;

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
	*ncpus = get_unaligned_be32(p + cnt_off);
	*start = cnt_off + sizeof(__be32);
	if (!*ncpus || *ncpus > max_cpus ||
	    *ncpus > (len - *start) / min_cpu) {
		pr_err("register save area: %u CPUs cannot be right (at most %u, %zu bytes of entries)\n",
		       *ncpus, max_cpus, len - *start);
		return -EINVAL;
	}
	return 0;
}

/* Every CPU's entries well formed, and no CPU id twice */
static int rkd_check_cpu_ids(const u8 *p, size_t len, u32 ncpus, size_t start)
{
	size_t off;
	u32 i, *ids;
	int ret = 0;

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
out:
	kfree(ids);
	return ret;
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
int rtas_kdump_walk_regs(const void *buf, size_t len, u32 max_cpus,
			 rtas_kdump_cpu_fn fn, void *arg)
{
	const u8 *p = buf;
	struct pt_regs regs;
	u32 ncpus, i;
	size_t off, start;
	int ret;

	ret = rkd_regsave_hdr(buf, len, max_cpus, &ncpus, &start);
	if (!ret)
		ret = rkd_check_cpu_ids(buf, len, ncpus, start);
	if (ret)
		return ret;

	for (i = 0, off = start; i < ncpus; i++) {
		u32 id;

		ret = rkd_walk_cpu(p, len, &off, i, &id, &regs);
		if (!ret)
			ret = fn(id, &regs, arg);
		if (ret)
			break;
	}
	return ret;
}
